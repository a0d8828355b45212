/**
 * The breadth-first search engine behind `explore`: one resumable object, so the same search can run to
 * completion synchronously or in time slices that let the event loop deliver Ctrl-C (a SIGINT handler
 * cannot run while a synchronous loop holds the thread).
 *
 * The explorer owns the BFS levels, the clock and the result; each state is expanded by the core shared
 * with the parallel workers (core/expand.ts) over the VisitedTable as Store and a LocalSink
 * (local-sink.ts: traces, convergence edges, the onEdge hook). The visitor hooks (ExploreOptions.onState,
 * onEdge) let a caller see the state graph during this one search.
 *
 * Invariants the rest of the checker relies on:
 *  - states are numbered in BFS order (see visited.ts), so level d is the index range
 *    [levelStarts[d], levelStarts[d+1]) and the current frontier's entry i is state levelStarts[d] + i;
 *  - states are expanded from their decoded (canonical) form, and traces replay in that form (trace.ts);
 *    invariants and step properties see successors as `next` returned them (no extra decode per state),
 *    which is sound because properties must respect the model's symmetry for the reduction to be sound;
 *  - the first violation found is a shortest one: every violation found while expanding level d has a trace
 *    of d+2 states except a deadlock (d+1), so after a first violation the rest of the level is still
 *    scanned for deadlocks before stopping;
 *  - nothing but the time limit and the cancel signal depends on the clock.
 */

import { performance } from 'node:perf_hooks';
import { BitSet, ChunkPool, FrontierQueue, SystemEdges } from './buffers.js';
import { firstNonConvergent, systemContinuation } from './convergence.js';
import { Expander } from './core/expand.js';
import { PropertyChecks } from './core/properties.js';
import { STORE_FULL } from './core/store.js';
import { CompactTable, compactCoverage } from './compact.js';
import { collisionProbability } from './fingerprint.js';
import { LocalSink } from './local-sink.js';
import { MemoryBudget } from './memory.js';
import { Reducer } from './reduction.js';
import { resolveOptions } from './options.js';
import type { Progress, RerunOptions, ResolvedOptions, StateVisitor } from './options.js';
import type { ExploreResult, ExploreStats, TraceStep } from './result.js';
import { Tracer } from './trace.js';
import type { Model } from './types.js';
import { VisitedTable } from './visited.js';

/** Work units (states + transitions) between clock reads; keeps `performance.now()` off the hot path. */
const CHECK_EVERY = 1024;

export class Explorer<S, A> {
  private readonly opts: ResolvedOptions<S, A>;
  private readonly width: number;
  private readonly budget: MemoryBudget;
  private readonly table: VisitedTable | CompactTable;
  private readonly tracer: Tracer<S, A>;
  private readonly initialStates: readonly S[];
  private readonly pool: ChunkPool;
  private cur: FrontierQueue;
  private nxt: FrontierQueue;
  private readonly levelStarts: number[] = [0];
  private level = -1;
  private pos = 0;
  private levelBase = 0;

  private readonly props: PropertyChecks<S, A>;
  private readonly sink: LocalSink<S, A>;
  private readonly core: Expander<S, A>;
  private readonly onState: StateVisitor<S> | null;
  private readonly reducer: Reducer<S, A> | null;

  private completed = false;
  /** The search saw every reachable state and transition (set by finish, before the convergence pass). */
  private exhaustive = false;
  private started = false;
  private done = false;
  private startMs = 0;
  private endMs = 0;
  private lastProgressMs = 0;

  constructor(
    private readonly model: Model<S, A>,
    options: RerunOptions<S, A> = {},
  ) {
    const o = resolveOptions(model, options);
    this.opts = o;
    this.width = model.encodingWords;
    this.budget = new MemoryBudget(o.memoryLimitBytes);
    this.table =
      o.mode === 'compact'
        ? new CompactTable(this.width, o.initialCapacity, o.maxStates, this.budget)
        : new VisitedTable(this.width, o.mode === 'exact', o.initialCapacity, o.maxStates, this.budget);
    this.initialStates = model.initialStates();
    this.tracer = new Tracer(model, this.table, this.initialStates);
    const frontier = Math.min(1024, Math.max(16, o.initialCapacity >>> 4));
    this.pool = new ChunkPool(FrontierQueue.chunkWords(this.width), this.budget);
    this.cur = new FrontierQueue(this.width, this.pool);
    this.nxt = new FrontierQueue(this.width, this.pool);
    this.props = new PropertyChecks(o.properties, {
      stopAtFirst: o.stopAtFirstViolation,
      stopWhenAll: o.stopWhenAllViolated,
      scanForDeadlocks: true,
    });
    const convergence = this.props.convergences.length > 0;
    const edges = convergence ? new SystemEdges(frontier, this.budget) : null;
    const settled = convergence ? new BitSet(frontier, this.budget) : null;
    this.sink = new LocalSink(model, this.props, this.table, this.tracer, edges, settled, o.onEdge, o.mode === 'compact');
    // The visitor hooks see the graph the search walks, so they want the full one.
    const reduce = o.reduction && o.onEdge === null && o.onState === null && Reducer.applies(model, o.properties);
    this.reducer = reduce ? new Reducer(model, this.table, o.properties, o.cycleProviso) : null;
    this.core = new Expander(model, this.table, this.sink, this.props, this.nxt, {
      settled: convergence,
      edges: convergence || o.onEdge !== null,
      edgeStates: o.onEdge !== null,
      stuck: o.stuckStates,
      reducer: this.reducer,
    });
    this.onState = o.onState;
  }

  /**
   * Runs for about `sliceMs` milliseconds (checked every CHECK_EVERY work units). Returns true once the
   * run is over; `result()` then describes it.
   */
  runSlice(sliceMs = Infinity): boolean {
    if (this.done) return true;
    const now = performance.now();
    if (!this.started) {
      this.started = true;
      this.startMs = now;
      this.lastProgressMs = now;
      if (this.budget.overLimit) this.sink.limit = 'memory';
      else this.insertInitialStates();
    }
    if (this.sink.limit === null && this.pollStop(now)) return this.finish();
    const sliceEnd = now + sliceMs;
    let work = 0;
    for (;;) {
      if (this.props.halted || this.sink.limit !== null) return this.finish();
      if (this.pos === this.cur.length) {
        if (!this.nextLevel()) return this.finish();
        continue;
      }
      const at = this.pos++;
      const src = this.cur.chunk(at);
      const off = this.cur.offset(at);
      const s = this.model.decode(src, off);
      if (this.onState !== null) this.onState(s, this.levelBase + at, this.level);
      work += this.core.expand(s, src, off, this.levelBase + at);
      if (work >= CHECK_EVERY) {
        work = 0;
        const t = performance.now();
        if (this.pollStop(t)) return this.finish();
        if (this.opts.onProgress !== null && t - this.lastProgressMs >= this.opts.progressIntervalMs) {
          this.lastProgressMs = t;
          this.opts.onProgress(this.progress(t));
        }
        if (t >= sliceEnd) return false;
      }
    }
  }

  /** Stops a run that is not over (limit 'cancelled'), e.g. when an async caller gives up between slices. */
  cancel(): void {
    if (this.done) return;
    if (this.sink.limit === null) this.sink.limit = 'cancelled';
    this.finish();
  }

  result(): ExploreResult<S, A> {
    if (!this.done) this.cancel();
    const violations = this.sink.sorted();
    const limit = this.sink.limit;
    const states = this.table.count;
    const seconds = (this.endMs - this.startMs) / 1000;
    const perActionKind = this.core.kinds.toRecord(this.core.transitions);
    const stats: ExploreStats = {
      states,
      transitions: this.core.transitions,
      depth: states === 0 ? 0 : this.depthOf(states - 1),
      seconds,
      statesPerSecond: seconds > 0 ? Math.round(states / seconds) : 0,
      perActionKind,
      ...(this.opts.mode === 'fingerprint' ? { collisionProbability: collisionProbability(states) } : {}),
      ...(this.table instanceof CompactTable ? this.coverage(this.table) : {}),
      peakTableBytes: this.budget.peak,
      bytesPerState: states === 0 ? 0 : Math.round((this.budget.peak / states) * 10) / 10,
      ...(this.opts.reduction ? { reduction: { applied: this.reducer !== null, reducedExpansions: this.reducer?.reduced ?? 0 } } : {}),
    };
    // Complete: every reachable state and transition was seen (no limit, no stop at a violation).
    // A probabilistic search may merge away the states that reach a witness: not reaching one proves nothing.
    const complete = this.exhaustive && limit === null && this.opts.mode !== 'compact';
    const witnesses = this.sink.witnesses(this.opts.properties, complete);
    return {
      verdict:
        violations.length > 0 ? 'violated' : limit !== null ? 'incomplete' : this.opts.mode === 'compact' ? 'no-violation-found' : 'holds',
      ...(violations.length > 0 ? { violation: violations[0]!, violations } : {}),
      stats,
      ...(limit !== null ? { limit } : {}),
      properties: this.opts.properties.filter((p) => p.kind !== 'sometimes').map((p) => p.name),
      ...(witnesses !== undefined ? { witnesses } : {}),
      mode: this.opts.mode,
    };
  }

  private coverage(t: CompactTable): { estimatedCoverage: number; estimatedOmitted: number } {
    const c = compactCoverage(t.count);
    return { estimatedCoverage: c.coverage, estimatedOmitted: c.omitted };
  }

  /** Number of distinct states stored so far. */
  get stateCount(): number {
    return this.table.count;
  }

  /** Visited index of a state (up to the model's symmetry), or -1 if it was not reached (mode 'compact': 0 if its key is stored). */
  indexOf(s: S): number {
    return this.tracer.indexOf(s);
  }

  /** BFS depth (shortest distance from an initial state) of a visited index. */
  depthOf(index: number): number {
    if (!(index >= 0 && index < this.table.count)) throw new RangeError(`no state with index ${index}`);
    const starts = this.levelStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** A shortest trace to a visited index. */
  traceTo(index: number): TraceStep<S, A>[] {
    if (!(index >= 0 && index < this.table.count)) throw new RangeError(`no state with index ${index}`);
    return this.tracer.traceTo(index);
  }

  private insertInitialStates(): void {
    const scratch = new Uint32Array(this.width);
    for (let i = 0; i < this.initialStates.length; i++) {
      const s0 = this.initialStates[i]!;
      scratch.fill(0);
      this.model.encode(s0, scratch, 0);
      const r = this.table.lookupOrAdd(scratch, 0, -1, i);
      if (r === STORE_FULL) {
        this.sink.refused();
        return;
      }
      if (r >= 0 && !this.core.admit(r, scratch, 0, s0)) return;
    }
    this.sink.fresh = this.table.count;
  }

  /** Moves to the next BFS level; false when the search is over (nothing new, or stopping after a violation). */
  private nextLevel(): boolean {
    if (this.props.scanningDeadlocksOnly) {
      this.props.halted = true;
      return false;
    }
    if (this.nxt.length === 0) {
      this.completed = true;
      return false;
    }
    const t = this.cur;
    this.cur = this.nxt;
    this.nxt = t;
    t.clear();
    this.core.out = this.nxt;
    this.level++;
    this.levelBase = this.levelStarts[this.level]!;
    this.levelStarts.push(this.table.count);
    this.pos = 0;
    this.core.probing = this.level >= this.opts.maxDepth;
    return true;
  }

  private pollStop(now: number): boolean {
    if (this.opts.signal?.aborted) this.sink.limit = 'cancelled';
    else if (now - this.startMs >= this.opts.timeLimitMs) this.sink.limit = 'time';
    return this.sink.limit !== null;
  }

  private progress(now: number): Progress {
    const elapsedSeconds = (now - this.startMs) / 1000;
    return {
      states: this.table.count,
      transitions: this.core.transitions,
      depth: Math.max(0, this.level),
      queue: this.cur.length - this.pos + this.nxt.length,
      elapsedSeconds,
      statesPerSecond: elapsedSeconds > 0 ? Math.round(this.table.count / elapsedSeconds) : 0,
    };
  }

  private finish(): true {
    if (this.done) return true;
    const sink = this.sink;
    if (this.completed && this.core.depthCut && sink.limit === null) sink.limit = 'maxDepth';
    // Before the convergence pass: a convergence violation it records halts the properties, but every state
    // and transition was seen all the same (a witness not reached is unreached, as exploreParallel says).
    this.exhaustive = this.completed && sink.limit === null && !this.props.halted;
    if (this.exhaustive && this.props.convergences.length > 0) this.checkConvergence();
    this.done = true;
    this.endMs = performance.now();
    return true;
  }

  private checkConvergence(): void {
    // The frontier is empty and the hash index is not needed until a trace is rebuilt: their memory goes
    // to the backward search (the index is rebuilt, from the fingerprints, by the next lookup).
    this.cur.clear();
    this.nxt.clear();
    this.pool.drop();
    this.table.releaseIndex();
    const table = this.table;
    const stuck = firstNonConvergent(table.count, this.sink.edges!, this.sink.settledStates!, (i) => table.parentOf(i), this.budget);
    if (stuck === null) {
      this.sink.limit = 'memory';
      return;
    }
    if (stuck < 0) return;
    const trace = this.tracer.traceTo(stuck);
    const continuation = systemContinuation(
      this.model,
      trace[trace.length - 1]!.state,
      stuck,
      (s) => this.tracer.canonical(s),
      (s) => {
        const i = this.tracer.indexOf(s);
        return i < 0 ? null : i;
      },
    );
    this.sink.recordConvergence(trace, continuation);
  }
}
