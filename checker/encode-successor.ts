/**
 * The first thing the expansion core (core/expand.ts, for the single-threaded explorer and the parallel
 * workers alike) does with a successor: encode it and recognise a self-loop.
 */

/**
 * Writes `t`'s encoding to `scratch[0..w)` (zeroed first, so a model that leaves padding unwritten still
 * gives one encoding per state) and returns true when it equals the source's encoding at `src[sOff..)`.
 * Self-loops (no-op actions: an RM re-receiving a message, a reconcile with nothing to do) are common in
 * these models; recognising them here skips a hash lookup that is almost always a cache miss.
 */
export function encodeSuccessor<S>(
  model: { encode(s: S, out: Uint32Array, offset: number): void },
  t: S,
  scratch: Uint32Array,
  w: number,
  src: Uint32Array,
  sOff: number,
): boolean {
  for (let i = 0; i < w; i++) scratch[i] = 0;
  model.encode(t, scratch, 0);
  return sameWords(scratch, w, src, sOff);
}

/** Whether scratch[0..w) equals src[sOff..sOff+w): a successor that is its own state. */
export function sameWords(scratch: Uint32Array, w: number, src: Uint32Array, sOff: number): boolean {
  for (let i = 0; i < w; i++) if (scratch[i] !== src[sOff + i]) return false;
  return true;
}
