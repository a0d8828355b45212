/**
 * The visited set as the expansion core (expand.ts) sees it. Two implementations: the single-threaded
 * VisitedTable (states numbered in insertion order) and the parallel workers' SharedStore (one shared
 * table of fingerprints, with a per-worker quota and deferral; it numbers nothing).
 */

/** Returned by `lookupOrAdd` when the state is new but may not be added; the store has recorded why. */
export const STORE_FULL = -1;

export interface Store {
  /**
   * Looks up the encoding at `words[off..off+width)` and adds it if absent (`parent` and `actionIndex`
   * say how it was reached, for traces). Returns the new state's id (>= 0) if it was added, `-2 - id` if
   * it was already there, or STORE_FULL. One number keeps the hot path free of allocation. A store that
   * numbers nothing returns 0 as the id.
   */
  lookupOrAdd(words: Uint32Array, off: number, parent: number, actionIndex: number): number;
  /** Id (>= 0) of a stored encoding, or -1 if it is not stored. */
  find(words: Uint32Array, off: number): number;
}

/** Where the core appends a new state's encoding: the next BFS level. False when memory is refused. */
export interface Frontier {
  push(words: Uint32Array, off: number): boolean;
}
