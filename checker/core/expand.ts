/**
 * The per-state expansion step of breadth-first search, written once for the single-threaded explorer
 * (explorer.ts) and the parallel workers (parallel/worker.ts). It decides nothing about storage or
 * reporting: states go to a Store (store.ts), findings (violations, witnesses) to a Sink (sink.ts), and
 * PropertyChecks (properties.ts) says what they mean for the search.
 *
 * Speed: this is the hot loop. Each thread (a V8 isolate of its own) builds one Expander with one Store
 * and one Sink class, so every call site here stays monomorphic. V8 inlines into `expand` by call
 * frequency until a cumulative budget is spent, and the model's `next`, `encode` and `actions` should get
 * it: so there is one call site per sink method, and what it calls is kept small (rare work in methods
 * of their own: `checkAdded`, the buffers' `grow`). Measured against the two hand-written loops this
 * replaced: docs/performance.md, "One expansion core".
 */

import { encodeSuccessor, sameWords } from '../encode-successor.js';
import { KindCounter } from '../kind-counter.js';
import type { Reducer } from '../reduction.js';
import type { Model } from '../types.js';
import type { PropertyChecks } from './properties.js';
import type { Sink } from './sink.js';
import { STORE_FULL, type Frontier, type Store } from './store.js';

/** Returned by `expand` when the search must stop (else the work done: 1 + number of actions). */
export const STOPPED = 0;

export const DEADLOCK_MESSAGE = 'no action is enabled and the state is not terminal';

export interface ExpanderConfig<S = unknown, A = unknown> {
  /** Ask the sink about settled states and edges (convergence is checked). */
  readonly settled: boolean;
  /** Report transitions to the sink (`edge`). */
  readonly edges: boolean;
  /** The sink's `edge` reads the successor object (a visitor's onEdge), so every successor must be made by `next`. */
  readonly edgeStates?: boolean;
  /** RerunOptions.stuckStates, or null. */
  readonly stuck: ((encoding: Uint32Array, offset: number) => boolean) | null;
  /** Partial-order reduction (reduction.ts), or null: every action of every state is expanded. */
  readonly reducer?: Reducer<S, A> | null;
}

export class Expander<S, A> {
  /** Where new states go: the next BFS level. Set by the caller at each level. */
  out: Frontier;
  /** Expanding the level at maxDepth: successors are only looked up, never added. */
  probing = false;
  /** A successor was not looked up because of maxDepth. */
  depthCut = false;
  transitions = 0;
  readonly kinds: KindCounter<A>;
  private readonly width: number;
  private readonly scratch: Uint32Array;
  private readonly wantSettled: boolean;
  private readonly wantEdges: boolean;
  private readonly edgeStates: boolean;
  /** Whether any successor may come from Model.successorInto (learnByBytes says for which kinds). */
  private readonly edits: boolean;
  private readonly stuck: ((encoding: Uint32Array, offset: number) => boolean) | null;
  private readonly reducer: Reducer<S, A> | null;
  /** By kind index: whether successors may be edited from the parent's encoding (learnByBytes). */
  private readonly byBytes: boolean[] = [];

  constructor(
    private readonly model: Model<S, A>,
    private readonly store: Store,
    private readonly sink: Sink<S, A>,
    readonly props: PropertyChecks<S, A>,
    out: Frontier,
    config: ExpanderConfig<S, A>,
  ) {
    this.out = out;
    this.width = model.encodingWords;
    this.scratch = new Uint32Array(this.width);
    this.wantSettled = config.settled;
    this.wantEdges = config.edges;
    this.edgeStates = config.edges && config.edgeStates === true;
    this.edits = model.successorInto !== undefined && !this.edgeStates;
    this.stuck = config.stuck;
    this.reducer = config.reducer ?? null;
    this.kinds = new KindCounter(model);
  }

  /**
   * Expands `s`, decoded from `src[sOff..]` (`sIdx`: the caller's id for it, see sink.ts). Returns the work
   * done (1 + number of actions) for clock pacing, or STOPPED.
   */
  expand(s: S, src: Uint32Array, sOff: number, sIdx: number): number {
    const model = this.model;
    const sink = this.sink;
    if (this.wantSettled && model.isSettled!(s) && !sink.settled(src, sOff, sIdx)) return STOPPED;
    const acts = model.actions(s);
    const n = acts.length;
    const props = this.props;
    if (n === 0) {
      // biome-ignore lint/complexity/useOptionalChain: the hot loop's bytecode is tuned for V8's inlining budget (docs/performance.md); left as measured
      if (props.deadlocks.length > 0 && !(model.isTerminal !== undefined && model.isTerminal(s)) && !this.deadlock(sIdx)) return STOPPED;
      return 1;
    }
    if (props.scanningDeadlocksOnly) return 1;
    const scratch = this.scratch;
    const w = this.width;
    // With a reduction, the actions of a persistent set (indices into acts) rather than all of them.
    const only = this.reducer !== null && n > 1 ? this.reducer.choose(s, acts, src, sOff) : null;
    const m = only === null ? n : only.length;
    // A model without successorInto (or edges that need successor objects) pays one test a transition.
    const edits = this.edits;
    for (let i = 0; i < m; i++) {
      const k = only === null ? i : only[i]!;
      const a = acts[k]!;
      this.transitions++;
      const kind = this.kinds.count(a);
      // The successor's encoding edited from this state's where the model can and nothing needs the
      // successor object (Model.successorInto), else `next` and `encode`. `t === s`: a no-op step that
      // returned its state (Model.next), a self-loop without encoding.
      let t: S | null = null;
      let loop: boolean;
      if (edits && (this.byBytes[kind] ?? this.learnByBytes(kind)) && model.successorInto!(s, a, src, sOff, scratch)) {
        loop = sameWords(scratch, w, src, sOff);
      } else {
        t = model.next(s, a);
        loop = t === s || encodeSuccessor(model, t, scratch, w, src, sOff);
      }
      let tIdx = sIdx;
      if (!loop) {
        if (this.probing) {
          tIdx = this.store.find(scratch, 0);
          if (tIdx < 0) {
            this.depthCut = true;
            continue;
          }
        } else {
          const r = this.store.lookupOrAdd(scratch, 0, sIdx, k);
          if (r >= 0) {
            // A new state's invariants read its object: made by `next` if successorInto made the words,
            // unless none of them sees this step (PropertyChecks.sees: then they hold, as they did in s).
            const seen = t !== null || (props.onState > 0 && props.sees(a));
            if (!this.admit(r, scratch, 0, t ?? (seen ? model.next(s, a) : null), seen)) return STOPPED;
            tIdx = r;
          } else if (r === STORE_FULL) {
            this.sink.refused();
            return STOPPED;
          } else {
            tIdx = -2 - r;
          }
        }
      }
      // t null (made by successorInto): a kind no step property watches, and edges that need no object.
      if (t !== null && props.onStep > 0 && !this.checkSteps(s, a, t, sIdx, k, kind)) return STOPPED;
      if (this.wantEdges && !sink.edge(src, sOff, sIdx, a, tIdx, t)) return STOPPED;
    }
    return m + 1;
  }

  /**
   * Whether successors by actions of kind index `kind` may come from Model.successorInto: the model has it,
   * no edge needs the successor object, and no step property or step witness watches the kind. Decided once per kind:
   * the properties' lists only shrink, so a kind nothing watches stays so.
   */
  private learnByBytes(kind: number): boolean {
    // An index outside the model's kinds is reported at the end of the run (KindCounter.toRecord).
    let yes = this.kinds.has(kind);
    if (yes) {
      const on = this.props.stepsByKind[kind] ?? this.props.stepsOf(kind, this.kinds.name(kind));
      yes = on.steps.length === 0 && on.witnesses.length === 0;
    }
    this.byBytes[kind] = yes;
    return yes;
  }

  /**
   * A state just added to the store (`id`, encoding at `words[off..]`; `t` its object if at hand, else
   * it is decoded for the invariants): queues it for expansion and checks it (`seen` false: nothing needs
   * checking, PropertyChecks.sees). False when the search must stop.
   */
  admit(id: number, words: Uint32Array, off: number, t: S | null, seen = true): boolean {
    if (!this.out.push(words, off)) {
      this.sink.outOfMemory();
      return false;
    }
    // The checks in a method of their own keep `admit` small enough to inline into the hot loop.
    return this.props.onState === 0 && this.stuck === null ? true : this.checkAdded(id, words, off, t, seen);
  }

  private checkAdded(id: number, words: Uint32Array, off: number, t: S | null, seen: boolean): boolean {
    const props = this.props;
    if (seen && props.onState > 0 && !this.checkState(t ?? this.model.decode(words, off), id)) return false;
    if (this.stuck !== null && props.convergences.length > 0 && this.stuck(words, off) && this.sink.stuck(id)) return false;
    return true;
  }

  /** The invariants and the state witnesses not reached yet, on a new state. */
  private checkState(t: S, id: number): boolean {
    const props = this.props;
    for (const p of props.invariants) {
      const r = p.check(t);
      if (!r.ok) {
        this.sink.violation(p, r.message, id, -1);
        if (props.record(p)) return false;
      }
    }
    for (const p of props.stateWitnesses) {
      if (p.reached(t)) {
        this.sink.witness(p, id, -1);
        if (props.reach(p)) return false;
      }
    }
    return true;
  }

  /** The step properties and the step witnesses not reached yet that watch `kind`, on a transition. */
  private checkSteps(s: S, a: A, t: S, sIdx: number, k: number, kind: number): boolean {
    const props = this.props;
    const on = props.stepsByKind[kind] ?? props.stepsOf(kind, this.kinds.name(kind));
    for (const p of on.steps) {
      const r = p.check(s, a, t);
      if (!r.ok) {
        this.sink.violation(p, r.message, sIdx, k);
        if (props.record(p)) return false;
      }
    }
    for (const p of on.witnesses) {
      if (p.reached(s, a, t)) {
        this.sink.witness(p, sIdx, k);
        if (props.reach(p)) return false;
      }
    }
    return true;
  }

  private deadlock(sIdx: number): boolean {
    for (const p of this.props.deadlocks) {
      this.sink.violation(p, DEADLOCK_MESSAGE, sIdx, -1);
      if (this.props.record(p)) return false;
    }
    return true;
  }
}
