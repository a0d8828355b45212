/**
 * Which properties are still being checked, and what a violation or a witness means for the search: the
 * bookkeeping both the single-threaded explorer and the parallel workers do, written once.
 *
 * A property with a recorded violation is dropped from its list: its first violation is its shortest one
 * (BFS order), so later ones add nothing. So is a `sometimes` property once reached: its first witness is
 * its shortest, and it is never evaluated again.
 */

import type { Property, SometimesProperty } from '../types.js';

export type InvariantProperty<S, A> = Extract<Property<S, A>, { kind: 'invariant' }>;
export type StepProperty<S, A> = Extract<Property<S, A>, { kind: 'step' }>;
export type LabelProperty<S, A> = Extract<Property<S, A>, { kind: 'deadlock' | 'convergence' }>;
export type StateWitness<S, A> = Extract<SometimesProperty<S, A>, { on: 'state' }>;
export type StepWitness<S, A> = Extract<SometimesProperty<S, A>, { on: 'step' }>;

/** What a transition of one action kind is checked against: the step properties and witnesses that watch it. */
export interface StepsOfKind<S, A> {
  readonly steps: readonly StepProperty<S, A>[];
  readonly witnesses: readonly StepWitness<S, A>[];
}

export interface StopPolicy {
  /** Stop at the first violation (else collect the first violation of each property). */
  readonly stopAtFirst: boolean;
  /** With stopAtFirst false: stop once every property has its violation (and every witness is reached). */
  readonly stopWhenAll: boolean;
  /**
   * With stopAtFirst: after a violation other than a deadlock, finish the level looking for deadlocks
   * (a shorter counterexample) before stopping. The single-threaded explorer does; a parallel worker
   * stops at once, as its run is redone on one thread for the counterexample.
   */
  readonly scanForDeadlocks: boolean;
}

export class PropertyChecks<S, A> {
  invariants: InvariantProperty<S, A>[];
  steps: StepProperty<S, A>[];
  deadlocks: LabelProperty<S, A>[];
  convergences: LabelProperty<S, A>[];
  /** `sometimes` properties on states, not reached yet. */
  stateWitnesses: StateWitness<S, A>[];
  /** `sometimes` properties on transitions, not reached yet. */
  stepWitnesses: StepWitness<S, A>[];
  /** invariants + stateWitnesses: whether a new state needs looking at (one load on the hot path). */
  onState = 0;
  /** steps + stepWitnesses: whether a transition needs looking at. */
  onStep = 0;
  /**
   * By action-kind index (the expansion core's KindCounter): `steps` and `stepWitnesses` that watch the kind
   * (their `kinds` name it, or they have none), made on first use and dropped whenever a list changes.
   * Calling the others only to return early cost about a tenth of a CloneSet run (docs/performance.md,
   * "Session 10").
   */
  stepsByKind: StepsOfKind<S, A>[] = [];
  /** The search must stop now. */
  halted = false;
  /**
   * The search must stop at the end of this level, expanding nothing further meanwhile but still looking
   * for deadlocks: a violation found while expanding level d has a trace of d+2 states, a deadlock later in
   * level d one of d+1, and the first violation reported must be a shortest one.
   */
  scanningDeadlocksOnly = false;

  constructor(
    properties: readonly Property<S, A>[],
    private readonly policy: StopPolicy,
  ) {
    this.invariants = properties.filter((p): p is InvariantProperty<S, A> => p.kind === 'invariant');
    this.steps = properties.filter((p): p is StepProperty<S, A> => p.kind === 'step');
    this.deadlocks = properties.filter((p): p is LabelProperty<S, A> => p.kind === 'deadlock');
    this.convergences = properties.filter((p): p is LabelProperty<S, A> => p.kind === 'convergence');
    this.stateWitnesses = properties.filter((p): p is StateWitness<S, A> => p.kind === 'sometimes' && p.on === 'state');
    this.stepWitnesses = properties.filter((p): p is StepWitness<S, A> => p.kind === 'sometimes' && p.on === 'step');
    this.count();
  }

  /** True when the explorer must stop expanding the current state. */
  get stopExpanding(): boolean {
    return this.halted || this.scanningDeadlocksOnly;
  }

  /** Notes a violation of `p` (already reported to the sink); returns stopExpanding. */
  record(p: Exclude<Property<S, A>, SometimesProperty<S, A>>): boolean {
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
    this.count();
    const policy = this.policy;
    if (!policy.stopAtFirst) {
      this.haltWhenAllDone();
    } else if (!policy.scanForDeadlocks || p.kind === 'deadlock' || p.kind === 'convergence' || this.deadlocks.length === 0) {
      this.halted = true;
    } else {
      this.scanningDeadlocksOnly = true;
    }
    return this.stopExpanding;
  }

  /** Notes that `p` was reached (already reported to the sink); returns stopExpanding. A witness stops nothing by itself. */
  reach(p: SometimesProperty<S, A>): boolean {
    if (p.on === 'state') this.stateWitnesses = this.stateWitnesses.filter((q) => q !== p);
    else this.stepWitnesses = this.stepWitnesses.filter((q) => q !== p);
    this.count();
    if (!this.policy.stopAtFirst) this.haltWhenAllDone();
    return this.stopExpanding;
  }

  /** Drops the named `sometimes` properties unreported: another thread has reached them (parallel workers). */
  forgetWitnesses(names: readonly string[]): void {
    this.stateWitnesses = this.stateWitnesses.filter((p) => !names.includes(p.name));
    this.stepWitnesses = this.stepWitnesses.filter((p) => !names.includes(p.name));
    this.count();
  }

  /** With stopWhenAll: every property has its violation and every witness is reached, so the rest of the search could add nothing. */
  private haltWhenAllDone(): void {
    const left =
      this.invariants.length +
      this.steps.length +
      this.deadlocks.length +
      this.convergences.length +
      this.stateWitnesses.length +
      this.stepWitnesses.length;
    if (this.policy.stopWhenAll && left === 0) this.halted = true;
  }

  /**
   * Whether a new state made by `a` must be looked at: some state witness is not reached yet, or some
   * invariant may see `a` (its `visible`; absent, every action). An invariant that does not see `a` holds
   * in the successor because it held in the state `a` left (every stored state was checked, and a property
   * leaves the list at its first violation).
   */
  sees(a: A): boolean {
    if (this.stateWitnesses.length > 0) return true;
    const ps = this.invariants;
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i]!;
      if (p.visible === undefined || p.visible(a)) return true;
    }
    return false;
  }

  /** stepsByKind's entry for kind index `kind`, of name `name`, made now. */
  stepsOf(kind: number, name: string): StepsOfKind<S, A> {
    const watches = (p: { readonly kinds?: readonly string[] }): boolean => p.kinds === undefined || p.kinds.includes(name);
    const on = { steps: this.steps.filter(watches), witnesses: this.stepWitnesses.filter(watches) };
    this.stepsByKind[kind] = on;
    return on;
  }

  private count(): void {
    this.stepsByKind = [];
    this.onState = this.invariants.length + this.stateWitnesses.length;
    this.onStep = this.steps.length + this.stepWitnesses.length;
  }
}
