/**
 * A counterexample of the CloneSet model: the steps from an initial state, and for a convergence violation
 * what the system does on its own afterwards. Shaped structurally like checker/'s TraceStep, Continuation and
 * Violation (model/ does not import checker/), so explorer and simulator counterexamples are one type.
 */
import type { Action } from './actions.js';
import type { CloneSetState } from './state.js';

export const PROPERTY_KINDS = ['invariant', 'step', 'deadlock', 'convergence'] as const;
export type PropertyKind = (typeof PROPERTY_KINDS)[number];

export interface CloneSetStep {
  readonly action: Action | null;
  readonly state: CloneSetState;
}

/** Positions count 0 = the stuck state (the trace's last), k = after steps[k−1]. */
export type CloneSetContinuation =
  | { readonly end: 'deadEnd'; readonly steps: readonly CloneSetStep[] }
  | { readonly end: 'cycle'; readonly steps: readonly CloneSetStep[]; readonly cycleStart: number };

export interface CloneSetViolation {
  readonly property: string;
  readonly kind: PropertyKind;
  readonly message: string;
  readonly trace: readonly CloneSetStep[];
  readonly continuation?: CloneSetContinuation;
}
