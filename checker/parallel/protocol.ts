/**
 * What the parallel explorer's main thread and its workers share: the model reference, the layout of the
 * shared control words, and the messages of the level-synchronous protocol.
 *
 * Functions cannot cross a thread boundary, so a worker gets the model as a module to import and a
 * factory to call with JSON-able arguments; main and every worker build their own, identical, instance.
 */

import type { EdgeChunk } from '../backward-reach.js';

/** Where to get the model: `(await import(module))[export](...args)`. */
export interface ModelFactoryRef {
  /** Absolute path or file: URL of an ES module (compiled JS: workers cannot load TypeScript). */
  readonly module: string;
  /** Name of the exported factory. */
  readonly export: string;
  /** JSON-able arguments for the factory. */
  readonly args?: readonly unknown[];
}

/** `workerData` of the explorer's workers, so the entry module knows it was started as one. */
export const WORKER_MARK = 'cloneset-check/parallel-worker';

/** Indices into the shared Int32Array of control words. */
export const CTL = {
  /** Why workers must stop now: one of STOP, 0 = keep going. */
  stop: 1,
  /** States in the table; maintained with atomics only when maxStates is finite. */
  count: 2,
  /** Bytes charged to the memory budget, in KiB (typed arrays outside the V8 heap). */
  usedKiB: 3,
  /** Highest usedKiB seen. */
  peakKiB: 4,
  /** From here on (8-byte aligned), two words per frontier segment: its unclaimed range (claims.ts). */
  cursors: 8,
} as const;

/** Control words for `segments` frontier segments (one per worker, at most). */
export function ctlWords(segments: number): number {
  return CTL.cursors + 2 * segments;
}

export const STOP = { none: 0, violation: 1, maxStates: 2, memory: 3, time: 4, cancelled: 5, error: 6 } as const;

/** A contiguous run of frontier encodings, `count` entries of `width` words, in a worker's output buffer. */
export interface Segment {
  readonly buffer: SharedArrayBuffer;
  readonly count: number;
}

export interface InitMessage {
  readonly type: 'init';
  readonly ref: ModelFactoryRef;
  readonly workerId: number;
  readonly workers: number;
  readonly ctl: SharedArrayBuffer;
  /** Per worker: [states inserted, transitions] as last published, for progress reports. */
  readonly progress: SharedArrayBuffer;
  /** Names of the properties to check (already validated by main). */
  readonly properties: readonly string[];
  /** Record system edges and settled states for the convergence check. */
  readonly convergence: boolean;
  /** Stop every worker at the first violation (else note it and go on). */
  readonly stopAtFirst: boolean;
  /** Finite maxStates, or -1. */
  readonly maxStates: number;
  /** Memory limit in KiB, or -1. */
  readonly limitKiB: number;
}

export interface LevelMessage {
  readonly type: 'level';
  readonly level: number;
  /**
   * Segment i is worker i's output of the last level (level 0: the initial states, as segment 0). A
   * worker expands its own segment first, then helps with the others (see worker.ts).
   */
  readonly segments: readonly Segment[];
  /** States claimed at a time from a segment (claims.ts). */
  readonly chunk: number;
  /** Expand without adding states (the level is at maxDepth). */
  readonly probing: boolean;
  readonly table: SharedArrayBuffer;
  readonly capacity: number;
  /** New states this worker may add before deferring the rest (keeps the table's load bounded). */
  readonly quota: number;
  /** `sometimes` properties some worker reached in an earlier level: no worker need evaluate them again. */
  readonly reached: readonly string[];
}

/** Rehash old-table slots [from, to) into the new table. */
export interface GrowMessage {
  readonly type: 'grow';
  readonly from: SharedArrayBuffer;
  readonly fromCapacity: number;
  readonly to: SharedArrayBuffer;
  readonly toCapacity: number;
  readonly start: number;
  readonly end: number;
}

/** Insert the states deferred during the last level (the table has grown since). */
export interface DrainMessage {
  readonly type: 'drain';
  readonly table: SharedArrayBuffer;
  readonly capacity: number;
}

/** The search is complete: map the recorded edges and settled states to dense state numbers. */
export interface FinishMessage {
  readonly type: 'finish';
  readonly table: SharedArrayBuffer;
  readonly capacity: number;
  /** Int32 per slot of the final table: its state's dense number (convergence.ts, denseRanks). */
  readonly ranks: SharedArrayBuffer;
}

export type ToWorker = InitMessage | LevelMessage | GrowMessage | DrainMessage | FinishMessage;

export interface LevelReport {
  readonly type: 'level';
  /** New states this worker added to the table during the level (or drain). */
  readonly added: number;
  readonly transitions: number;
  /** Transitions per action kind during the level. */
  readonly kinds: Record<string, number>;
  /** States that could not be added for lack of room, kept for a drain. */
  readonly deferred: number;
  /** A successor was not in the table while probing at maxDepth. */
  readonly depthCut: boolean;
  /** This worker's output for the next level (all of it, including earlier drains). */
  readonly out: Segment;
  /** Properties this worker saw violated for the first time during the level (or drain). */
  readonly violated: readonly string[];
  /** `sometimes` properties this worker reached for the first time during the level (or drain). */
  readonly reached: readonly string[];
}

/** A worker's system edges (self-loops omitted) and settled states, as dense state numbers. */
export interface EdgesReport {
  readonly type: 'edges';
  /** The chunks the worker recorded the edges in, rewritten in place as (from, to) pairs and transferred. */
  readonly edges: readonly EdgeChunk[];
  readonly settled: Int32Array;
}

export type FromWorker =
  | { readonly type: 'ready' }
  | LevelReport
  | { readonly type: 'grown' }
  | EdgesReport
  | { readonly type: 'error'; readonly message: string; readonly stack?: string | undefined };
