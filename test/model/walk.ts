/**
 * Test helper: a model walk by action labels, as a reader would name the steps, and the labels a state
 * enables (shared by the pod-cache tests).
 */
import type { Action } from '../../model/cloneset/actions.js';
import { cloneSetModel, type CloneSetModel } from '../../model/cloneset/instance.js';
import type { Scenario } from '../../model/cloneset/scenario.js';
import type { CloneSetState } from '../../model/cloneset/state.js';

/** One step of a walk: the action taken (null for the initial state) and the state it reached. */
export interface WalkStep {
  readonly action: Action | null;
  readonly state: CloneSetState;
}

/** The step labelled `label` from `s`; one that is not enabled throws, naming those that are. */
export function takeStep(m: CloneSetModel, s: CloneSetState, label: string): WalkStep {
  const a = m.actions(s).find((x) => m.actionLabel(x) === label);
  if (a === undefined) throw new Error(`${label} is not enabled; enabled: ${m.actions(s).map(m.actionLabel).join(' | ')}`);
  return { action: a, state: m.next(s, a) };
}

/** The initial step and each labelled step; a step that is not enabled throws, naming those that are. */
export function walkSteps(sc: Scenario, labels: readonly string[]): WalkStep[] {
  const m = cloneSetModel(sc);
  const out: WalkStep[] = [{ action: null, state: m.initialStates()[0]! }];
  for (const l of labels) out.push(takeStep(m, out[out.length - 1]!.state, l));
  return out;
}

/** The initial state and the state after each labelled step (walkSteps). */
export const walk = (sc: Scenario, labels: readonly string[]): CloneSetState[] => walkSteps(sc, labels).map((x) => x.state);

/** The labels of the steps `s` enables. */
export const labels = (sc: Scenario, s: CloneSetState): string[] => {
  const m = cloneSetModel(sc);
  return m.actions(s).map(m.actionLabel);
};
