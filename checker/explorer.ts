/**
 * The breadth-first search engine behind `explore`: one resumable object, so the same search can run to
 * completion synchronously or in time slices that let the event loop deliver Ctrl-C (a SIGINT handler
 * cannot run while a synchronous loop holds the thread).
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

import { encodeSuccessor } from './encode-successor.js';
import { KindCounter } from './kind-counter.js';
import { performance } from 'node:perf_hooks';
import { EdgeList, EncodingBuffer, StateFlags } from './buffers.js';
import { describeContinuation, firstNonConvergent, systemContinuation } from './convergence.js';
import { collisionProbability } from './fingerprint.js';
import { MemoryBudget } from './memory.js';
import { resolveOptions } from './options.js';
import type { Progress, RerunOptions, ResolvedOptions } from './options.js';
import type { Continuation, ExploreResult, ExploreStats, Limit, TraceStep } from './result.js';
import { Tracer } from './trace.js';
import type { Model } from './types.js';
import { Violations } from './violations.js';
import { TABLE_FULL, VisitedTable } from './visited.js';

/** Work units (states + transitions) between clock reads; keeps `performance.now()` off the hot path. */
const CHECK_EVERY = 1024;

export class Explorer<S, A> {
  private readonly opts: ResolvedOptions<S, A>;
  private readonly width: number;
  private readonly budget: MemoryBudget;
  private readonly table: VisitedTable;
  private readonly tracer: Tracer<S, A>;
  private readonly initialStates: readonly S[];
  private readonly scratch: Uint32Array;
  private cur: EncodingBuffer;
  private nxt: EncodingBuffer;
  private readonly levelStarts: number[] = [0];
  private level = -1;
  private pos = 0;
  private levelBase = 0;
  /** Expanding the level at maxDepth: successors are only looked up, never added. */
  private probing = false;

  private transitions = 0;
  private readonly kinds = new KindCounter();
  private readonly v: Violations<S, A>;
  private readonly edges: EdgeList | null;
  private readonly settled: StateFlags | null;

  private limit: Limit | null = null;
  private depthCut = false;
  private completed = false;
  private started = false;
  private done = false;
  private startMs = 0;
  private endMs = 0;
  private lastProgressMs = 0;
  /** RerunOptions.stuckStates, or null. */
  private readonly stuck: ((encoding: Uint32Array, offset: number) => boolean) | null;

  constructor(
    private readonly model: Model<S, A>,
    options: RerunOptions = {},
  ) {
    const o = resolveOptions(model, options);
    this.opts = o;
    this.width = model.encodingWords;
    this.budget = new MemoryBudget(o.memoryLimitBytes);
    this.table = new VisitedTable(this.width, o.mode === 'exact', o.initialCapacity, o.maxStates, this.budget);
    this.initialStates = model.initialStates();
    this.tracer = new Tracer(model, this.table, this.initialStates);
    this.scratch = new Uint32Array(this.width);
    const frontier = Math.min(1024, Math.max(16, o.initialCapacity >>> 4));
    this.cur = new EncodingBuffer(this.width, frontier, this.budget);
    this.nxt = new EncodingBuffer(this.width, frontier, this.budget);
    this.v = new Violations(o.properties, o.stopAtFirstViolation, o.stopWhenAllViolated);
    this.stuck = o.stuckStates;
    const convergence = this.v.convergences.length > 0;
    this.edges = convergence ? new EdgeList(frontier, this.budget) : null;
    this.settled = convergence ? new StateFlags(frontier, this.budget) : null;
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
      if (this.budget.overLimit) this.limit = 'memory';
      else this.insertInitialStates();
    }
    if (this.limit === null && this.pollStop(now)) return this.finish();
    const sliceEnd = now + sliceMs;
    let work = 0;
    for (;;) {
      if (this.v.halted || this.limit !== null) return this.finish();
      if (this.pos === this.cur.length) {
        if (!this.nextLevel()) return this.finish();
        continue;
      }
      const at = this.pos++;
      const s = this.model.decode(this.cur.data, at * this.width);
      work += this.expand(s, this.levelBase + at, at * this.width);
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
    if (this.limit === null) this.limit = 'cancelled';
    this.finish();
  }

  result(): ExploreResult<S, A> {
    if (!this.done) this.cancel();
    const violations = this.v.sorted();
    const states = this.table.count;
    const seconds = (this.endMs - this.startMs) / 1000;
    const perActionKind = this.kinds.toRecord();
    const stats: ExploreStats = {
      states,
      transitions: this.transitions,
      depth: states === 0 ? 0 : this.depthOf(states - 1),
      seconds,
      statesPerSecond: seconds > 0 ? Math.round(states / seconds) : 0,
      perActionKind,
      ...(this.opts.mode === 'fingerprint' ? { collisionProbability: collisionProbability(states) } : {}),
      peakTableBytes: this.budget.peak,
      bytesPerState: states === 0 ? 0 : Math.round((this.budget.peak / states) * 10) / 10,
    };
    return {
      verdict: violations.length > 0 ? 'violated' : this.limit !== null ? 'incomplete' : 'holds',
      ...(violations.length > 0 ? { violation: violations[0]!, violations } : {}),
      stats,
      ...(this.limit !== null ? { limit: this.limit } : {}),
      properties: this.opts.properties.map((p) => p.name),
      mode: this.opts.mode,
    };
  }

  /** Number of distinct states stored so far. */
  get stateCount(): number {
    return this.table.count;
  }

  /** Visited index of a state (up to the model's symmetry), or -1 if it was not reached. */
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
    const model = this.model;
    const scratch = this.scratch;
    for (let i = 0; i < this.initialStates.length; i++) {
      const s0 = this.initialStates[i]!;
      scratch.fill(0);
      model.encode(s0, scratch, 0);
      const r = this.table.findOrInsert(scratch, 0, -1, i);
      if (r === TABLE_FULL) {
        this.limit = this.table.fullReason;
        return;
      }
      if (r < 0) continue;
      if (!this.nxt.push(scratch, 0)) {
        this.limit = 'memory';
        return;
      }
      if (this.v.invariants.length > 0 && this.checkInvariants(s0, r)) return;
      if (this.stuck !== null && this.v.convergences.length > 0 && this.stuck(scratch, 0) && this.reportStuck(r)) return;
    }
  }

  /** Moves to the next BFS level; false when the search is over (nothing new, or stopping after a violation). */
  private nextLevel(): boolean {
    if (this.v.scanningDeadlocksOnly) {
      this.v.halted = true;
      return false;
    }
    if (this.nxt.length === 0) {
      this.completed = true;
      return false;
    }
    const t = this.cur;
    this.cur = this.nxt;
    this.nxt = t;
    this.nxt.clear();
    this.level++;
    this.levelBase = this.levelStarts[this.level]!;
    this.levelStarts.push(this.table.count);
    this.pos = 0;
    this.probing = this.level >= this.opts.maxDepth;
    return true;
  }

  /**
   * Expands one state (`sOff`: its encoding's offset in the current frontier); returns the work done
   * (1 + number of actions) for clock pacing.
   */
  private expand(s: S, sIdx: number, sOff: number): number {
    const model = this.model;
    if (this.settled !== null && model.isSettled!(s) && !this.settled.set(sIdx)) {
      this.limit = 'memory';
      return 1;
    }
    const acts = model.actions(s);
    const n = acts.length;
    if (n === 0) {
      if (this.v.deadlocks.length > 0 && !(model.isTerminal !== undefined && model.isTerminal(s))) this.reportDeadlock(sIdx);
      return 1;
    }
    if (this.v.scanningDeadlocksOnly) return 1;
    const table = this.table;
    const scratch = this.scratch;
    const edges = this.edges;
    const src = this.cur.data;
    const w = this.width;
    for (let k = 0; k < n; k++) {
      const a = acts[k]!;
      const t = model.next(s, a);
      this.transitions++;
      this.kinds.count(model.actionKind(a));
      const same = encodeSuccessor(model, t, scratch, w, src, sOff);
      let tIdx: number;
      if (same) {
        tIdx = sIdx;
      } else if (this.probing) {
        tIdx = table.find(scratch, 0);
        if (tIdx < 0) {
          this.depthCut = true;
          continue;
        }
      } else {
        const r = table.findOrInsert(scratch, 0, sIdx, k);
        if (r >= 0) {
          tIdx = r;
          if (!this.nxt.push(scratch, 0)) {
            this.limit = 'memory';
            return n + 1;
          }
          if (this.v.invariants.length > 0 && this.checkInvariants(t, r)) return n + 1;
          if (this.stuck !== null && this.v.convergences.length > 0 && this.stuck(scratch, 0) && this.reportStuck(r)) return n + 1;
        } else if (r === TABLE_FULL) {
          this.limit = table.fullReason;
          return n + 1;
        } else {
          tIdx = -2 - r;
        }
      }
      if (this.v.steps.length > 0 && this.checkSteps(s, a, t, sIdx, k)) return n + 1;
      if (edges !== null && model.actionClass(a) === 'system' && !edges.push(sIdx, tIdx)) {
        this.limit = 'memory';
        return n + 1;
      }
    }
    return n + 1;
  }

  /** True when expansion must stop (a violation ends the search). */
  private checkInvariants(t: S, tIdx: number): boolean {
    for (const p of this.v.invariants) {
      const r = p.check(t);
      if (!r.ok) {
        this.v.record({ property: p.name, kind: 'invariant', message: r.message, trace: this.tracer.traceTo(tIdx) }, p);
        if (this.v.stopExpanding) return true;
      }
    }
    return false;
  }

  private checkSteps(s: S, a: A, t: S, sIdx: number, k: number): boolean {
    for (const p of this.v.steps) {
      const r = p.check(s, a, t);
      if (!r.ok) {
        this.v.record({ property: p.name, kind: 'step', message: r.message, trace: this.tracer.traceVia(sIdx, k) }, p);
        if (this.v.stopExpanding) return true;
      }
    }
    return false;
  }

  private reportDeadlock(sIdx: number): void {
    const trace = this.tracer.traceTo(sIdx);
    for (const p of this.v.deadlocks) {
      this.v.record({ property: p.name, kind: 'deadlock', message: 'no action is enabled and the state is not terminal', trace }, p);
      if (this.v.halted) return;
    }
  }

  private pollStop(now: number): boolean {
    if (this.opts.signal !== null && this.opts.signal.aborted) this.limit = 'cancelled';
    else if (now - this.startMs >= this.opts.timeLimitMs) this.limit = 'time';
    return this.limit !== null;
  }

  private progress(now: number): Progress {
    const elapsedSeconds = (now - this.startMs) / 1000;
    return {
      states: this.table.count,
      transitions: this.transitions,
      depth: Math.max(0, this.level),
      queue: this.cur.length - this.pos + this.nxt.length,
      elapsedSeconds,
      statesPerSecond: elapsedSeconds > 0 ? Math.round(this.table.count / elapsedSeconds) : 0,
    };
  }

  private finish(): true {
    if (this.done) return true;
    if (this.completed && this.depthCut && this.limit === null) this.limit = 'maxDepth';
    if (this.completed && this.limit === null && !this.v.halted && this.v.convergences.length > 0) this.checkConvergence();
    this.done = true;
    this.endMs = performance.now();
    return true;
  }

  private checkConvergence(): void {
    const stuck = firstNonConvergent(this.table.count, this.edges!, this.settled!);
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
    this.recordConvergence(trace, continuation);
  }

  /**
   * A state just inserted (index `idx`) that `stuckStates` names: the complete search would report the
   * convergence violation at the first such state, which this is (states are numbered in insertion order).
   * Its successors may not be visited yet, so the continuation tells states apart by their encodings.
   * True when expansion must stop.
   */
  private reportStuck(idx: number): boolean {
    const trace = this.tracer.traceTo(idx);
    const words = new Uint32Array(this.width);
    const key = (s: S): string => {
      words.fill(0);
      this.model.encode(s, words, 0);
      return words.join(',');
    };
    const stuck = trace[trace.length - 1]!.state;
    this.recordConvergence(trace, systemContinuation(this.model, stuck, key(stuck), (s) => this.tracer.canonical(s), key));
    return this.v.stopExpanding;
  }

  private recordConvergence(trace: TraceStep<S, A>[], continuation: Continuation<S, A>): void {
    const message = `no settled state is reachable from the last state using only system actions; ${describeContinuation(this.model, continuation)}`;
    for (const p of this.v.convergences) {
      this.v.record({ property: p.name, kind: 'convergence', message, trace, continuation }, p);
      if (this.v.halted) return;
    }
  }
}
