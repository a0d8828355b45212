/**
 * The CloneSet model as the explorer sees it: initial state, enabled actions, transitions, canonical
 * encoding, labels and properties for one scenario. Shaped to fit `checker/`'s Model interface
 * structurally (model/ does not depend on checker/).
 */
import { checkScenario } from './scenario-check.js';
import { calculateStatus } from '../controller/status.js';
import type { PromotionRule } from '../controller/status.js';
import { ACTION_KINDS, actionClassOf, actionLabel, applyAction, enabledActions, type Action } from './actions.js';
import { byteSteps } from './byte-steps.js';
import { createCodec, type StateCodec } from './codec.js';
import { initialObservation } from './observe.js';
import { cloneSetProperties, settledState, type CloneSetProperty } from './properties.js';
import { observeOptions, type Scenario } from './scenario.js';
import { budgetsOf, canonicalPods, revName, stateOf, type CloneSetState, type Pod } from './state.js';
import { progressTracking, toModelStatus, withoutCounts } from './reconcile.js';
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
  /** Successor encodings edited from the parent's, for the steps that change a few bytes (byte-steps.ts). */
  successorInto(s: CloneSetState, a: Action, src: Uint32Array, sOff: number, out: Uint32Array): boolean;
  actionLabel(a: Action): string;
  actionKind(a: Action): string;
  actionClass(a: Action): 'user' | 'system';
  isTerminal(s: CloneSetState): boolean;
  isSettled(s: CloneSetState): boolean;
  readonly properties: readonly CloneSetProperty[];
  readonly actionKinds: readonly string[];
  persistentSets(s: CloneSetState, actions: readonly Action[]): readonly (readonly number[])[];
}

const NO_SETS: readonly (readonly number[])[] = [];

/**
 * Partial-order reduction (checker/reduction.ts): a waiting status write is a persistent set on its own.
 * While a computed status waits in `pending` the controller cannot reconcile (only the write clears
 * `pending`), so every path from here takes only user and kubelet steps and the pod and revision caches' own
 * steps until it writes; and each of them is independent of the write — they read and change spec, pods,
 * budgets, the ghost and the caches of pods and revisions, never status or pending (the deadline step does: below), and the write reads and
 * changes only those (scenarios where that fails offer nothing: writeCommutes; among them those with stale
 * reads, where a spec edit also marks the pending status's observedGeneration as behind) — so none disables
 * the write or is disabled by it,
 * and the two orders reach the same state. The write is invisible to the step properties that read neither
 * status nor pending (their `visible`, properties.ts); the others see it and keep the full search.
 * Inline status writes have no pending state, so nothing to offer there (docs/performance.md,
 * "Partial-order reduction").
 */
function persistentSets(s: CloneSetState, actions: readonly Action[]): readonly (readonly number[])[] {
  if (s.pending === null) return NO_SETS;
  // Where a waiting write is in the list: the last action, but for the pod cache's steps after it.
  for (let i = actions.length - 1; i >= 0; i--) if (actions[i]!.kind === 'writeStatus') return [[i]];
  return NO_SETS;
}

/**
 * Whether the argument above holds in this scenario. Not with stale reads: a write, like a user's spec edit,
 * adds a CloneSet version the cache has yet to deliver, and past `staleReads` drops the oldest, so the write
 * and a cache sync (or a spec edit) reach different caches in the two orders. Not with status-write failures:
 * the failure is a second controller step the write disables, so the write alone is not persistent. Not with
 * progressDeadlineSeconds: the deadline step changes the status's condition, and under proposed a write of a
 * condition it does not time (Available, Paused, PartitionAvailable) over one it times disables that step.
 * (Nothing is lost: deadline-from-progress, checked by default there, sees every write, which keeps the full
 * search at a write anyway.)
 */
const writeCommutes = (sc: Scenario): boolean => {
  const o = observeOptions(sc);
  return o.staleReads === 0 && o.statusWriteFailures === 0 && sc.progressDeadline !== true;
};

const noPersistentSets = (): readonly (readonly number[])[] => NO_SETS;

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
    spec: { replicas: sc.initialReplicas, template: 0, partition: 0, paused: sc.paused, surge: 0, unavailable: 0 },
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
    observed: initialObservation(sc),
  };
  const st = calculateStatus(
    controllerSpec(v, base),
    base.pods.map(controllerPod),
    { currentRevision: revName(0), updateRevision: revName(0) },
    v.promotionRule,
    // With progressDeadlineSeconds the CloneSet starts with the condition its status calls for, newly set.
    progressTracking(v, base.status),
  );
  // The state through stateOf and the status through toModelStatus: one shape for every state and status.
  const status = toModelStatus(st);
  return stateOf(
    base.spec,
    base.pods,
    v.projectStatusCounts ? withoutCounts(status) : status,
    base.pending,
    base.history,
    base.stable,
    budgetsOf(
      sc.budgets.rollouts,
      sc.budgets.deletes,
      sc.budgets.scales,
      sc.budgets.partitions,
      sc.budgets.marks,
      sc.budgets.failures,
      sc.budgets.pauses,
      sc.budgets.strategies,
    ),
    base.observed,
  );
}

export interface ModelOptions {
  /** Explore with this promotion rule instead of the scenario's named variant (for experiments). */
  readonly promotionRule?: PromotionRule;
  /**
   * Keep the status counts out of the state: sound only with inline status writes and when no checked
   * property reads them (`statusCountsDead` in properties.ts; the argument: docs/performance.md, "Dead status counts"). States
   * then show zero counts: cli/run.ts replays a counterexample's actions in the full model for its report.
   */
  readonly projectStatusCounts?: boolean;
}

export function cloneSetModel(scenario: Scenario, options: ModelOptions = {}): CloneSetModel {
  checkScenario(scenario);
  if (options.projectStatusCounts === true && scenario.statusWrite !== 'inline')
    throw new Error('projectStatusCounts needs inline status writes (see statusCountsDead in properties.ts)');
  const view = viewOf(scenario, options.promotionRule, options.projectStatusCounts === true);
  const codec = createCodec(view);
  const settled = (s: CloneSetState): boolean => settledState(view, s);
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
    successorInto: byteSteps(view, codec.layout),
    actionLabel,
    actionKind: (act) => act.kind,
    // Failures are disturbances, like user actions: convergence asks the system to settle after them.
    actionClass: actionClassOf,
    isTerminal: settled,
    isSettled: settled,
    properties: cloneSetProperties(view),
    actionKinds: ACTION_KINDS,
    persistentSets: writeCommutes(view.scenario) ? persistentSets : noPersistentSets,
  };
}

/** One trace step, structurally checker/result.ts's TraceStep (model/ does not import checker/). */
export interface ModelTraceStep {
  readonly action: Action | null;
  readonly state: CloneSetState;
}

/**
 * A trace found with ModelOptions.projectStatusCounts, replayed in `full` (the model without the
 * projection): the same actions, with the states' true status counts. The projected model's transitions
 * are the full one's seen through the projection (docs/performance.md, "Dead status counts"), so every
 * action stays enabled and the trace keeps its length.
 */
export function replayWithCounts(full: CloneSetModel, trace: readonly ModelTraceStep[]): ModelTraceStep[] {
  const scratch = new Uint32Array(full.encodingWords);
  const canonical = (s: CloneSetState): CloneSetState => {
    full.encode(s, scratch, 0);
    return full.decode(scratch, 0);
  };
  const out: ModelTraceStep[] = [];
  let s = canonical(full.initialStates()[0]!);
  for (const step of trace) {
    if (step.action !== null) {
      const label = full.actionLabel(step.action);
      if (!full.actions(s).some((a) => full.actionLabel(a) === label))
        throw new Error(`replay with status counts: ${label} is not enabled`);
      s = canonical(full.next(s, step.action));
    }
    out.push({ action: step.action, state: s });
  }
  return out;
}
