/**
 * The CloneSet model as the explorer sees it: initial state, enabled actions, transitions, canonical
 * encoding, labels and properties for one scenario. Shaped to fit `checker/`'s Model interface
 * structurally (model/ does not depend on checker/).
 */
import { calculateStatus } from '../controller/status.js';
import type { PromotionRule } from '../controller/status.js';
import {
  ACTION_KINDS,
  actionLabel,
  actorOf,
  applyAction,
  enabledActions,
  isDisturbance,
  reconcileChanges,
  type Action,
} from './actions.js';
import { createCodec, type StateCodec } from './codec.js';
import { cloneSetProperties, type CloneSetProperty } from './properties.js';
import type { Scenario } from './scenario.js';
import { canonicalPods, revName, type CloneSetState, type Pod } from './state.js';
import { revIdOf } from './reconcile.js';
import { controllerPod, controllerSpec, lifecycleOf, viewOf, type ScenarioView } from './view.js';

export interface CloneSetModel {
  readonly name: string;
  readonly scenario: Scenario;
  readonly view: ScenarioView;
  readonly codec: StateCodec;
  initialStates(): readonly CloneSetState[];
  actions(s: CloneSetState): readonly Action[];
  next(s: CloneSetState, a: Action): CloneSetState;
  readonly encodingWords: number;
  encode(s: CloneSetState, out: Uint32Array, offset: number): void;
  decode(words: Uint32Array, offset: number): CloneSetState;
  actionLabel(a: Action): string;
  actionKind(a: Action): string;
  actionClass(a: Action): 'user' | 'system';
  isTerminal(s: CloneSetState): boolean;
  isSettled(s: CloneSetState): boolean;
  readonly properties: readonly CloneSetProperty[];
  readonly actionKinds: readonly string[];
}

/** A settled CloneSet: `initialReplicas` ready pods at v1, the status as a reconcile would write it. */
export function initialState(v: ScenarioView): CloneSetState {
  const sc = v.scenario;
  // With lifecycle hooks every pod carries the hooks' labels from its template.
  const hooks = lifecycleOf(sc);
  const pod: Pod = { rev: 0, lifecycle: 'Normal', ready: true, marked: false };
  const hooked: Pod =
    hooks === undefined
      ? pod
      : {
          ...pod,
          ...(hooks.preDelete ? { preDeleteHook: true as const } : {}),
          ...(hooks.inPlaceUpdate ? { inPlaceHook: true as const } : {}),
        };
  const pods: Pod[] = Array.from({ length: sc.initialReplicas }, () => hooked);
  const base: CloneSetState = {
    spec: { replicas: sc.initialReplicas, template: 0, partition: 0 },
    pods: canonicalPods(pods),
    status: {
      replicas: 0,
      readyReplicas: 0,
      availableReplicas: 0,
      updatedReplicas: 0,
      updatedReadyReplicas: 0,
      expectedUpdatedReplicas: 0,
      currentRevision: 0,
      updateRevision: 0,
    },
    pending: null,
    history: [0],
    stable: 0,
    budgets: sc.budgets,
  };
  const st = calculateStatus(
    controllerSpec(v, base),
    base.pods.map(controllerPod),
    { currentRevision: revName(0), updateRevision: revName(0) },
    v.promotionRule,
  );
  return { ...base, status: { ...st, currentRevision: revIdOf(st.currentRevision), updateRevision: revIdOf(st.updateRevision) } };
}

export interface ModelOptions {
  /** Explore with this promotion rule instead of the scenario's named variant (for experiments). */
  readonly promotionRule?: PromotionRule;
}

export function cloneSetModel(scenario: Scenario, options: ModelOptions = {}): CloneSetModel {
  const view = viewOf(scenario, options.promotionRule);
  const codec = createCodec(view);
  // With lifecycle hooks a pod a hook holds (PreparingDelete, PreparingUpdate, Updated) keeps the CloneSet
  // unsettled although the controller is idle: settling waits for the hook's owner. (Without hooks an idle
  // controller has moved every pod to Normal already.)
  const hooks = scenario.lifecycleHooks !== undefined;
  const settled = (s: CloneSetState): boolean =>
    s.pending === null && s.pods.every((p) => p.ready && (!hooks || p.lifecycle === 'Normal')) && reconcileChanges(view, s) === null;
  return {
    name: `cloneset(${scenario.controller})`,
    scenario,
    view,
    codec,
    initialStates: () => [initialState(view)],
    actions: (s) => enabledActions(view, s),
    next: (s, act) => applyAction(view, s, act),
    encodingWords: codec.words,
    encode: codec.encode,
    decode: codec.decode,
    actionLabel,
    actionKind: (act) => act.kind,
    // Failures are disturbances, like user actions: convergence asks the system to settle after them.
    actionClass: (act) => (actorOf(act) === 'user' || isDisturbance(act) ? 'user' : 'system'),
    isTerminal: settled,
    isSettled: settled,
    properties: cloneSetProperties(view),
    actionKinds: ACTION_KINDS,
  };
}
