/**
 * The single-threaded explorer's Sink (core/sink.ts): violations with their traces (rebuilt from the
 * visited table by the Tracer), the first witness of each `sometimes` property, system edges and settled states by state index for the convergence check,
 * the visitor hook `onEdge`, and why the search stopped early (`limit`).
 */

import type { BitSet, SystemEdges } from './buffers.js';
import { convergenceMessage, systemContinuation } from './convergence.js';
import type { PropertyChecks } from './core/properties.js';
import type { Sink } from './core/sink.js';
import type { EdgeVisitor } from './options.js';
import type { Continuation, Limit, TraceStep, Violation, WitnessOutcome } from './result.js';
import { stateKeyOf } from './state-key.js';
import { violatedAtEnd } from './replay-check.js';
import type { Tracer } from './trace.js';
import type { Model, Property, SometimesProperty } from './types.js';
import type { CompactTable } from './compact.js';
import type { VisitedTable } from './visited.js';

export class LocalSink<S, A> implements Sink<S, A> {
  /** What stopped the run early, if anything did. */
  limit: Limit | null = null;
  private readonly found: Violation<S, A>[] = [];
  /** The first witness of each `sometimes` property reached, by name. */
  private readonly reached = new Map<string, readonly TraceStep<S, A>[]>();
  /**
   * The lowest state index no edge has reached yet: the explorer sets it past the initial states. Every
   * other state is added by a lookup during an expansion, whose edge is reported right after it, so an
   * edge to `fresh` is the tree edge of its target (its parent link) and any other edge is not.
   */
  fresh = 0;
  /** The state whose edges are being reported, and `fresh` when its first edge came: its children are from there. */
  private source = -1;
  private firstChild = 0;
  /** The last trace built for a violation, reused when several properties fail at the same place. */
  private lastTrace: { index: number; actionIndex: number; trace: TraceStep<S, A>[] } | null = null;

  constructor(
    private readonly model: Model<S, A>,
    private readonly props: PropertyChecks<S, A>,
    private readonly table: VisitedTable | CompactTable,
    private readonly tracer: Tracer<S, A>,
    /** System edges, when convergence is checked. */
    readonly edges: SystemEdges | null,
    /** Settled state indices, when convergence is checked. */
    readonly settledStates: BitSet | null,
    private readonly onEdge: EdgeVisitor<S, A> | null,
    /**
     * Re-check each counterexample on its replayed states (mode 'compact': its table cannot confirm a
     * replayed state by index, so the property itself does).
     */
    private readonly replayCheck = false,
  ) {}

  settled(_src: Uint32Array, _sOff: number, sIdx: number): boolean {
    if (this.settledStates!.set(sIdx)) return true;
    this.limit = 'memory';
    return false;
  }

  edge(_src: Uint32Array, _sOff: number, sIdx: number, a: A, tIdx: number, t: S | null): boolean {
    // With an onEdge hook the expander makes every successor by `next` (ExpanderConfig.edgeStates).
    if (this.onEdge !== null) this.onEdge(sIdx, a, tIdx, t!);
    const edges = this.edges;
    if (edges === null) return true;
    if (sIdx !== this.source) {
      this.source = sIdx;
      this.firstChild = this.fresh;
    }
    const tree = tIdx === this.fresh;
    if (tree) this.fresh++;
    if (this.model.actionClass(a) !== 'system') return true;
    // A tree edge is kept as one bit next to the parent link; a self-loop, or another action from the
    // parent to its own child (added during this expansion) whose tree edge is a system one, adds nothing
    // to reachability.
    const ok = tree
      ? edges.treeSystem.set(tIdx)
      : tIdx === sIdx || (tIdx >= this.firstChild && edges.treeSystem.get(tIdx)) || edges.push(sIdx, tIdx);
    if (!ok) this.limit = 'memory';
    return ok;
  }

  violation(p: Exclude<Property<S, A>, SometimesProperty<S, A>>, message: string, index: number, actionIndex: number): void {
    const trace = this.traceAt(index, actionIndex);
    if (this.replayCheck && !violatedAtEnd(this.model, p, trace)) {
      throw new Error(
        `model ${this.model.name}: the counterexample rebuilt for ${p.name} does not violate it when replayed (is the model deterministic?)`,
      );
    }
    this.found.push({ property: p.name, kind: p.kind, message, trace });
  }

  witness(p: SometimesProperty<S, A>, index: number, actionIndex: number): void {
    this.reached.set(p.name, this.traceAt(index, actionIndex));
  }

  /**
   * The outcome of each of `properties`' `sometimes` properties, in their order, or undefined when there
   * is none. `complete`: the search saw every reachable state and transition, so one not reached is unreached.
   */
  witnesses(properties: readonly Property<S, A>[], complete: boolean): WitnessOutcome<S, A>[] | undefined {
    const out: WitnessOutcome<S, A>[] = [];
    for (const p of properties) {
      if (p.kind !== 'sometimes') continue;
      const trace = this.reached.get(p.name);
      if (trace !== undefined) out.push({ property: p.name, status: 'reached', steps: trace.length - 1, trace });
      else out.push({ property: p.name, status: complete ? 'unreached' : 'unknown' });
    }
    return out.length > 0 ? out : undefined;
  }

  refused(): void {
    this.limit = this.table.fullReason;
  }

  outOfMemory(): void {
    this.limit = 'memory';
  }

  /**
   * A state just inserted (index `idx`) that `stuckStates` names: the complete search would report the
   * convergence violation at the first such state, which this is (states are numbered in insertion order).
   * Its successors may not be visited yet, so the continuation tells states apart by their encodings.
   * True when expansion must stop.
   */
  stuck(idx: number): boolean {
    const trace = this.tracer.traceTo(idx);
    const key = stateKeyOf(this.model);
    const stuck = trace[trace.length - 1]!.state;
    this.recordConvergence(
      trace,
      systemContinuation(this.model, stuck, key(stuck), (s) => this.tracer.canonical(s), key),
    );
    return this.props.stopExpanding;
  }

  /** Reports every convergence property violated at the end of `trace`. */
  recordConvergence(trace: TraceStep<S, A>[], continuation: Continuation<S, A>): void {
    const message = convergenceMessage(this.model, continuation);
    for (const p of this.props.convergences) {
      this.found.push({ property: p.name, kind: 'convergence', message, trace, continuation });
      if (this.props.record(p)) return;
    }
  }

  /**
   * Shortest first; ties keep the order found (stable sort), which is deterministic, except that a
   * convergence violation comes after the others of its length: a complete search finds it last, after
   * the search, while a re-run that knows the stuck states (RerunOptions.stuckStates) finds it as soon
   * as it inserts one, and both must report alike.
   */
  sorted(): Violation<S, A>[] {
    const last = (v: Violation<S, A>): number => (v.kind === 'convergence' ? 1 : 0);
    return [...this.found].sort((a, b) => a.trace.length - b.trace.length || last(a) - last(b));
  }

  private traceAt(index: number, actionIndex: number): TraceStep<S, A>[] {
    const last = this.lastTrace;
    if (last !== null && last.index === index && last.actionIndex === actionIndex) return last.trace;
    const trace = actionIndex < 0 ? this.tracer.traceTo(index) : this.tracer.traceVia(index, actionIndex);
    this.lastTrace = { index, actionIndex, trace };
    return trace;
  }
}
