/**
 * What the simulator reports, shaped structurally like the checker's Violation and TraceStep (model/ may
 * not import checker/), so a simulation counterexample is written and replayed by traces/ exactly like an
 * explorer counterexample.
 */
import type { Action } from '../cloneset/actions.js';
import type { CloneSetState } from '../cloneset/state.js';

export interface SimStep {
  readonly action: Action | null;
  readonly state: CloneSetState;
}

/** As the checker's Continuation: positions count 0 = the stuck state, k = after steps[k−1]. */
export type SimContinuation =
  | { readonly end: 'deadEnd'; readonly steps: readonly SimStep[] }
  | { readonly end: 'cycle'; readonly steps: readonly SimStep[]; readonly cycleStart: number };

export interface SimViolation {
  readonly property: string;
  readonly kind: 'invariant' | 'step' | 'deadlock' | 'convergence';
  readonly message: string;
  readonly trace: readonly SimStep[];
  readonly continuation?: SimContinuation;
}
