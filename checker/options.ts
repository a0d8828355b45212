/**
 * What a caller (CLI, tests, bench) can ask of a run, and the validation that turns it into settled values.
 * Validation happens once, up front, so the hot loop never re-checks option shapes.
 */

import type { Model, Property } from './types.js';
import { selectProperties } from './select.js';

/**
 * 'fingerprint': 64-bit fingerprints (visited.ts); 'exact': also the encodings; 'compact': hash compaction
 * (compact.ts), 40-bit keys, probabilistic: a run without a violation is 'no-violation-found', never 'holds'.
 */
export type VisitedMode = 'fingerprint' | 'exact' | 'compact';

/** Progress snapshot handed to `onProgress`. */
export interface Progress {
  readonly states: number;
  readonly transitions: number;
  /** Depth of the BFS level being expanded. */
  readonly depth: number;
  /** States waiting for expansion (rest of this level plus the next level found so far). */
  readonly queue: number;
  readonly elapsedSeconds: number;
  readonly statesPerSecond: number;
  /**
   * Set while exploreParallel re-runs the search on one thread to get counterexamples; the figures are
   * then the re-run's, from zero.
   */
  readonly phase?: 'counterexamples';
}

/**
 * Visitor hooks: called as the single-threaded explorer expands each state, so a caller that wants the
 * state graph itself (the `graph` command, the state-machine docs) needs no search of its own.
 * `onState` gets each state once, when it is expanded, in index order (= BFS order), decoded (canonical),
 * with its index and depth; then `onEdge` gets each of its transitions in the model's action order: the
 * source and target indices (equal for a self-loop), the action, and the successor as `next` returned
 * it. States at maxDepth are expanded too, but their transitions to unvisited states are not reported;
 * a run that stops early stops the calls.
 */
export type StateVisitor<S> = (state: S, index: number, depth: number) => void;
export type EdgeVisitor<S, A> = (from: number, action: A, to: number, successor: S) => void;

/** Anything with an `aborted` flag, e.g. an `AbortSignal` from an `AbortController` wired to SIGINT. */
export interface CancelSignal {
  readonly aborted: boolean;
}

/** S, A: the model's state and action types, for the visitor hooks. */
export interface ExploreOptions<S = unknown, A = unknown> {
  /** States at this depth are not expanded into new states (initial states have depth 0). */
  readonly maxDepth?: number | undefined;
  readonly maxStates?: number | undefined;
  readonly timeLimitSeconds?: number | undefined;
  /** Names of the properties to check; default: all of `model.properties`. */
  readonly properties?: readonly string[] | undefined;
  /**
   * 'fingerprint' (default) stores 64-bit fingerprints only; 'exact' also stores and compares encodings;
   * 'compact' stores 40-bit keys (hash compaction: may miss states, so never 'holds'; no convergence, no onEdge).
   */
  readonly mode?: VisitedMode | undefined;
  readonly onProgress?: ((p: Progress) => void) | undefined;
  /** Minimum time between `onProgress` calls; default 250 ms. */
  readonly progressIntervalMs?: number | undefined;
  /** Polled during the run; once `aborted` is true the run stops with limit 'cancelled'. */
  readonly signal?: CancelSignal | undefined;
  /** Default true. When false, the first (shortest) violation of each property is collected. */
  readonly stopAtFirstViolation?: boolean | undefined;
  /**
   * With stopAtFirstViolation false: stop as soon as every checked property has its violation, instead of
   * finishing the search; the stats then cover the states explored until then. A convergence property is
   * only decided after a complete search, so with one among the properties the search always completes.
   */
  readonly stopWhenAllViolated?: boolean | undefined;
  /** Stop with limit 'memory' rather than let the explorer's tables grow past this many bytes. */
  readonly memoryLimitBytes?: number | undefined;
  /** Initial hash-table slot count (rounded up to a power of two); mostly for tests that force growth. */
  readonly initialCapacity?: number | undefined;
  /**
   * Partial-order reduction (checker/reduction.ts), default false: expand a state by one of the model's
   * persistent sets when the provisos allow. Single-threaded explorer only (exploreParallel ignores it),
   * and never with a convergence property or an onEdge hook (they need the full graph). A violation it
   * finds is reported from an unreduced re-run, so traces stay shortest, and so is the answer of a reduced
   * search that maxDepth, maxStates or the memory limit stopped (explore.ts).
   */
  readonly reduction?: boolean | undefined;
  /** Visitor hook, see StateVisitor (single-threaded explorer only: exploreParallel refuses it). */
  readonly onState?: StateVisitor<S> | undefined;
  /** Visitor hook, see StateVisitor (single-threaded explorer only). */
  readonly onEdge?: EdgeVisitor<S, A> | undefined;
}

/**
 * ExploreOptions plus what only exploreParallel sets, for its single-threaded counterexample re-run; kept
 * off the public ExploreOptions (checker/index.ts does not export it).
 */
export interface RerunOptions<S = unknown, A = unknown> extends ExploreOptions<S, A> {
  /**
   * True for the encodings of the states that cannot reach a settled state (found by the parallel search).
   * A convergence property is then reported at the first such state the search inserts — the state and
   * trace the complete search would report — so the search can stop there instead of finishing.
   */
  readonly stuckStates?: ((encoding: Uint32Array, offset: number) => boolean) | undefined;
  /**
   * Tests only: false drops the cycle proviso C3 from the reduction (checker/reduction.ts), a deliberately
   * unsound reduction that a test must catch. Default true.
   */
  readonly cycleProviso?: boolean | undefined;
}

export interface ResolvedOptions<S, A> {
  readonly maxDepth: number;
  readonly maxStates: number;
  readonly timeLimitMs: number;
  readonly properties: readonly Property<S, A>[];
  readonly mode: VisitedMode;
  readonly onProgress: ((p: Progress) => void) | null;
  readonly progressIntervalMs: number;
  readonly signal: CancelSignal | null;
  readonly stopAtFirstViolation: boolean;
  readonly stopWhenAllViolated: boolean;
  readonly memoryLimitBytes: number;
  readonly stuckStates: ((encoding: Uint32Array, offset: number) => boolean) | null;
  readonly initialCapacity: number;
  readonly onState: StateVisitor<S> | null;
  readonly onEdge: EdgeVisitor<S, A> | null;
  readonly reduction: boolean;
  readonly cycleProviso: boolean;
}

function nonNegativeInteger(name: string, v: number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
  return v;
}

/** `v`, or `fallback` when absent; a RangeError unless it is above 0 (Infinity is). Also simulate's. */
export function positiveNumber(name: string, v: number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (!(v > 0)) throw new RangeError(`${name} must be positive, got ${v}`);
  return v;
}

function optionalBoolean(name: string, v: unknown): void {
  if (v !== undefined && typeof v !== 'boolean') throw new RangeError(`${name} must be true or false, got ${JSON.stringify(v)}`);
}

function optionalFunction(name: string, v: unknown): void {
  if (v !== undefined && v !== null && typeof v !== 'function') throw new TypeError(`${name} must be a function, got ${typeof v}`);
}

/** The largest initialCapacity: the table's slots are a typed array of at most 2^31 entries. */
const MAX_INITIAL_CAPACITY = 2 ** 30;

export function resolveOptions<S, A>(model: Model<S, A>, o: RerunOptions<S, A>): ResolvedOptions<S, A> {
  // Library callers from JavaScript: a switch that is not a boolean was read as its default without a word.
  for (const k of ['stopAtFirstViolation', 'stopWhenAllViolated', 'reduction', 'cycleProviso'] as const) optionalBoolean(k, o[k]);
  for (const k of ['onProgress', 'onState', 'onEdge'] as const) optionalFunction(k, o[k]);
  if (o.properties !== undefined && !Array.isArray(o.properties))
    throw new TypeError(`properties must be an array of property names, got ${JSON.stringify(o.properties)}`);
  if (o.initialCapacity !== undefined && o.initialCapacity > MAX_INITIAL_CAPACITY)
    throw new RangeError(`initialCapacity must be at most ${MAX_INITIAL_CAPACITY}, got ${o.initialCapacity}`);
  if (!Number.isInteger(model.encodingWords) || model.encodingWords < 1) {
    throw new RangeError(`model ${model.name}: encodingWords must be a positive integer, got ${model.encodingWords}`);
  }
  const properties: readonly Property<S, A>[] = selectProperties(model.properties, o.properties);
  if (properties.some((p) => p.kind === 'convergence') && model.isSettled === undefined) {
    throw new RangeError(`model ${model.name}: a convergence property needs isSettled`);
  }
  const mode = o.mode ?? 'fingerprint';
  if (mode !== 'fingerprint' && mode !== 'exact' && mode !== 'compact') throw new RangeError(`unknown mode ${String(mode)}`);
  if (mode === 'compact') {
    const c = properties.find((p) => p.kind === 'convergence');
    if (c !== undefined)
      throw new RangeError(`mode 'compact' cannot check ${c.name}: a convergence property needs every edge of the state graph`);
    if (o.onEdge !== undefined) throw new RangeError("mode 'compact' has no state indices for onEdge");
  }
  // Infinity is no bound, as for timeLimitSeconds and memoryLimitBytes.
  const maxStates = o.maxStates === undefined || o.maxStates === Infinity ? Infinity : nonNegativeInteger('maxStates', o.maxStates, 0);
  const memoryLimitBytes = positiveNumber('memoryLimitBytes', o.memoryLimitBytes, Infinity);
  return {
    maxDepth: o.maxDepth === undefined || o.maxDepth === Infinity ? Infinity : nonNegativeInteger('maxDepth', o.maxDepth, 0),
    maxStates: Math.min(maxStates, 0x7fffffff),
    timeLimitMs: positiveNumber('timeLimitSeconds', o.timeLimitSeconds, Infinity) * 1000,
    properties,
    mode,
    onProgress: o.onProgress ?? null,
    progressIntervalMs: positiveNumber('progressIntervalMs', o.progressIntervalMs, 250),
    signal: o.signal ?? null,
    stopAtFirstViolation: o.stopAtFirstViolation ?? true,
    stopWhenAllViolated: o.stopWhenAllViolated ?? false,
    memoryLimitBytes,
    stuckStates: o.stuckStates ?? null,
    initialCapacity: nonNegativeInteger('initialCapacity', o.initialCapacity, 1 << 16),
    onState: o.onState ?? null,
    onEdge: o.onEdge ?? null,
    reduction: o.reduction === true,
    cycleProviso: o.cycleProviso !== false,
  };
}
