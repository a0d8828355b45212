/**
 * A parallel worker's Sink (core/sink.ts). Workers number no states, so system edges and settled states
 * are kept as fingerprints (mapped to dense numbers after the search: convergence.ts), and a violation is
 * only a property name: its counterexample comes from a single-threaded re-run. A witness too is only a
 * name: the main thread knows the level, which is all a shortest witness's length needs. Every stop is published
 * in the shared control words, which all workers poll.
 */

import type { Sink } from '../core/sink.js';
import { fingerprintInto } from '../fingerprint.js';
import type { Model, Property, SometimesProperty } from '../types.js';
import type { ChunkedWords } from './buffers.js';
import type { EdgeRecorder } from './edge-records.js';
import { CTL, STOP } from './protocol.js';
import { nonzero } from './shared-table.js';
import type { SharedStore } from './shared-store.js';

export class WorkerSink<S, A> implements Sink<S, A> {
  /** Properties this worker saw violated during the current level (or drain). */
  violated: string[] = [];
  /** `sometimes` properties this worker reached during the current level (or drain). */
  reached: string[] = [];
  /** fp[0], fp[1]: the fingerprint of the source state `sourceId`, computed at most once per expansion. */
  private readonly fp = new Uint32Array(2);
  private sourceId = -1;

  constructor(
    private readonly model: Model<S, A>,
    private readonly store: SharedStore,
    private readonly ctl: Int32Array,
    private readonly stopAtFirst: boolean,
    /** System edges as fingerprints (edge-records.ts); settled states as (lo, hi). */
    readonly edges: EdgeRecorder | null,
    readonly settledStates: ChunkedWords | null,
  ) {}

  settled(src: Uint32Array, sOff: number, sIdx: number): boolean {
    const fp = this.sourceFingerprint(src, sOff, sIdx);
    return this.recordSettled(fp[0]!, fp[1]!);
  }

  /** A self-loop (tIdx = sIdx) adds nothing to the convergence check. */
  edge(src: Uint32Array, sOff: number, sIdx: number, a: A, tIdx: number, _t: S | null): boolean {
    if (tIdx === sIdx || this.model.actionClass(a) !== 'system') return true;
    const fp = this.sourceFingerprint(src, sOff, sIdx);
    return this.edges!.add(sIdx, fp[0]!, fp[1]!, this.store.lo, this.store.hi) || this.stop(STOP.memory);
  }

  violation(p: Exclude<Property<S, A>, SometimesProperty<S, A>>): void {
    this.violated.push(p.name);
    // Under stopAtFirst the main thread re-runs single-threaded for the shortest counterexample.
    if (this.stopAtFirst) this.stop(STOP.violation);
  }

  witness(p: SometimesProperty<S, A>): void {
    this.reached.push(p.name);
  }

  stuck(): boolean {
    throw new Error('internal: stuckStates in a parallel worker');
  }

  /** The store has stopped the workers already. */
  refused(): void {}

  outOfMemory(): void {
    this.stop(STOP.memory);
  }

  stop(code: number): false {
    Atomics.compareExchange(this.ctl, CTL.stop, STOP.none, code);
    return false;
  }

  takeViolated(): string[] {
    const names = this.violated;
    this.violated = [];
    return names;
  }

  takeReached(): string[] {
    const names = this.reached;
    this.reached = [];
    return names;
  }

  /** The normalised fingerprint of the state being expanded (`sIdx`: the worker's expansion number). */
  private sourceFingerprint(src: Uint32Array, sOff: number, sIdx: number): Uint32Array {
    const fp = this.fp;
    if (this.sourceId !== sIdx) {
      fingerprintInto(src, sOff, this.model.encodingWords, fp, 0);
      fp[0] = nonzero(fp[0]!);
      fp[1] = nonzero(fp[1]!);
      this.sourceId = sIdx;
    }
    return fp;
  }

  /** Appends a settled state's fingerprint. */
  private recordSettled(lo: number, hi: number): boolean {
    const list = this.settledStates!;
    if (!list.reserve(2)) return this.stop(STOP.memory);
    list.data[list.length] = lo;
    list.data[list.length + 1] = hi;
    list.length += 2;
    return true;
  }
}
