/**
 * Which properties are still being checked, the violations recorded so far, and what a violation means
 * for the search (stop now, or first finish scanning the level for shorter deadlocks).
 *
 * A property with a recorded violation is dropped from its list: its first violation is its shortest one
 * (BFS order), so later ones add nothing.
 */

import type { Violation } from './result.js';
import type { Property } from './types.js';

export type InvariantProperty<S, A> = Extract<Property<S, A>, { kind: 'invariant' }>;
export type StepProperty<S, A> = Extract<Property<S, A>, { kind: 'step' }>;
export type LabelProperty<S, A> = Extract<Property<S, A>, { kind: 'deadlock' | 'convergence' }>;

export class Violations<S, A> {
  invariants: InvariantProperty<S, A>[];
  steps: StepProperty<S, A>[];
  deadlocks: LabelProperty<S, A>[];
  convergences: LabelProperty<S, A>[];
  /** The search must stop now. */
  halted = false;
  /**
   * The search must stop at the end of this level, expanding nothing further meanwhile but still looking
   * for deadlocks: a violation found while expanding level d has a trace of d+2 states, a deadlock later in
   * level d one of d+1, and the first violation reported must be a shortest one.
   */
  scanningDeadlocksOnly = false;
  private readonly found: Violation<S, A>[] = [];

  constructor(
    properties: readonly Property<S, A>[],
    private readonly stopAtFirst: boolean,
    private readonly stopWhenAll = false,
  ) {
    this.invariants = properties.filter((p): p is InvariantProperty<S, A> => p.kind === 'invariant');
    this.steps = properties.filter((p): p is StepProperty<S, A> => p.kind === 'step');
    this.deadlocks = properties.filter((p): p is LabelProperty<S, A> => p.kind === 'deadlock');
    this.convergences = properties.filter((p): p is LabelProperty<S, A> => p.kind === 'convergence');
  }

  /** True when the explorer must stop expanding the current state. */
  get stopExpanding(): boolean {
    return this.halted || this.scanningDeadlocksOnly;
  }

  record(v: Violation<S, A>, p: Property<S, A>): void {
    this.found.push(v);
    switch (p.kind) {
      case 'invariant':
        this.invariants = this.invariants.filter((q) => q !== p);
        break;
      case 'step':
        this.steps = this.steps.filter((q) => q !== p);
        break;
      case 'deadlock':
        this.deadlocks = this.deadlocks.filter((q) => q !== p);
        break;
      case 'convergence':
        this.convergences = this.convergences.filter((q) => q !== p);
        break;
    }
    if (!this.stopAtFirst) {
      // Every property has its shortest violation: the rest of the search could add nothing to report.
      if (this.stopWhenAll && this.invariants.length + this.steps.length + this.deadlocks.length + this.convergences.length === 0) this.halted = true;
      return;
    }
    if (v.kind === 'deadlock' || v.kind === 'convergence' || this.deadlocks.length === 0) this.halted = true;
    else this.scanningDeadlocksOnly = true;
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
}
