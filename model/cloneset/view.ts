/**
 * How the abstract state looks to the controller: the bridge from `CloneSetState` to upstream-shaped
 * `CloneSetSpec` and `ControllerPod`s, so the explorer runs exactly the logic the conformance vectors test.
 */
import { rolloutParameters, type RolloutParameters } from '../controller/diffs.js';
import { calculatePartitionReplicas, legacyIntOrPercent } from '../controller/intstr.js';
import { VARIANTS } from '../controller/promotion.js';
import type { PromotionRule } from '../controller/status.js';
import type { CloneSetSpec, ControllerPod, IntOrString, LifecycleHooks, SyncContext } from '../controller/types.js';
import type { Action } from './actions.js';
import { DecisionMemo } from './decision-memo.js';
import { partitionValues, surgeValues, unavailableValues, type Scenario } from './scenario.js';
import { podCode, readyCondition, revName, type CloneSetState, type Pod } from './state.js';

/**
 * The resolved scenario constants a step needs, computed once per scenario (not per state): percent
 * parsing is costly next to everything else a transition does, and spec.replicas only ranges over 0..max.
 */
export interface ScenarioView {
  readonly scenario: Scenario;
  readonly partitions: readonly IntOrString[];
  /** The maxSurge and maxUnavailable values users may set, the scenario's own first (Spec.surge, Spec.unavailable). */
  readonly surges: readonly IntOrString[];
  readonly unavailables: readonly IntOrString[];
  /** `[partition index][spec.replicas]` → CalculatePartitionReplicas. */
  readonly partitionTable: readonly (readonly number[])[];
  /**
   * `[specRow][spec.replicas]` → the parameters calculateDiffsWithExpectation derives (paused takes maxSurge
   * as 0, and so rounds maxUnavailable up), which surge-bound and availability-floor judge by.
   */
  readonly parameterTable: readonly (readonly RolloutParameters[])[];
  /**
   * `[specRow][spec.replicas]` → the spec as the controller reads it (controllerSpec), one shared object
   * each: a reconcile reads it without building it, and the controller resolves its percentages once.
   */
  readonly specTable: readonly (readonly CloneSetSpec[])[];
  /** The controller's view of each pod (controllerPod or kubeletControllerPod), by pod code, filled as met. */
  readonly controllerPods: (ControllerPod | undefined)[];
  /** The currentRevision promotion rule: the scenario's controller variant unless overridden. */
  readonly promotionRule: PromotionRule;
  /**
   * Keep the status counts out of the state (ModelOptions.projectStatusCounts): a reconcile writes them as
   * zeros, so states that differ only in them are one. Only when no checked property reads them.
   */
  readonly projectStatusCounts: boolean;
  /** One shared setPartition action per partition value (actions are values; see actions.ts). */
  readonly partitionActions: readonly Extract<Action, { readonly kind: 'setPartition' }>[];
  /** One shared setStrategy action per maxSurge value, and one per maxUnavailable value. */
  readonly surgeActions: readonly Extract<Action, { readonly kind: 'setStrategy' }>[];
  readonly unavailableActions: readonly Extract<Action, { readonly kind: 'setStrategy' }>[];
  /** Which of those values are 0 at every replica count (0, "0%"): kruise's webhook refuses both fields so. */
  readonly zeroStrategyValues: { readonly surges: readonly boolean[]; readonly unavailables: readonly boolean[] };
  /** Reconcile decisions by their inputs (see reconcile.ts); a cache, invisible in results. */
  readonly reconcileMemo: DecisionMemo<unknown>;
  /** The last state reconcileChanges answered for, and its answer (see actions.ts); a cache too. */
  readonly lastReconcile: { state: CloneSetState | null; next: CloneSetState | null; branches: boolean };
  /** With free choices: the last state asked about and its reconcile outcomes (see actions.ts); a cache too. */
  readonly lastChoices: {
    state: CloneSetState | null;
    choices: readonly { readonly next: CloneSetState | null; readonly picks: string }[];
  };
}

export function viewOf(
  scenario: Scenario,
  promotionRule: PromotionRule = VARIANTS[scenario.controller].rule,
  projectStatusCounts = false,
): ScenarioView {
  const partitions = partitionValues(scenario);
  const surges = surgeValues(scenario);
  const unavailables = unavailableValues(scenario);
  const replicas = Array.from({ length: Math.max(scenario.maxReplicas, scenario.initialReplicas) + 1 }, (_, r) => r);
  const base = {
    scenario,
    partitions,
    surges,
    unavailables,
    promotionRule,
    projectStatusCounts,
    partitionTable: [],
    parameterTable: [],
    specTable: [],
    controllerPods: [],
    partitionActions: partitions.map((value, index) => Object.freeze({ kind: 'setPartition' as const, index, value })),
    surgeActions: surges.map((value, index) => Object.freeze({ kind: 'setStrategy' as const, field: 'maxSurge' as const, index, value })),
    unavailableActions: unavailables.map((value, index) =>
      Object.freeze({ kind: 'setStrategy' as const, field: 'maxUnavailable' as const, index, value }),
    ),
    // A percentage rounds up, so a value is 0 at every replica count above 0 exactly when it is 0 at 1.
    zeroStrategyValues: {
      surges: surges.map((x) => legacyIntOrPercent(x, 1, true) === 0),
      unavailables: unavailables.map((x) => legacyIntOrPercent(x, 1, true) === 0),
    },
    reconcileMemo: new DecisionMemo<unknown>(),
    lastReconcile: { state: null, next: null, branches: false },
    lastChoices: { state: null, choices: [] },
  };
  // Rows by specRow: for each strategy (maxSurge, then maxUnavailable, by index), every partition not paused,
  // then every partition paused.
  const rows = surges.flatMap((_, surge) =>
    unavailables.flatMap((_, unavailable) =>
      [false, true].flatMap((paused) => partitions.map((_, partition) => ({ partition, paused, surge, unavailable }))),
    ),
  );
  const withSpec = (row: Row, r: number): Pick<CloneSetState, 'spec'> => ({ spec: { replicas: r, template: 0, ...row } });
  return {
    ...base,
    partitionTable: partitions.map((p) => replicas.map((r) => calculatePartitionReplicas(p, r).value)),
    parameterTable: rows.map((row) => replicas.map((r) => rolloutParameters(controllerSpec(base, withSpec(row, r))))),
    specTable: rows.map((row) => replicas.map((r) => controllerSpec(base, withSpec(row, r)))),
  };
}

type Row = Pick<CloneSetState['spec'], 'partition' | 'paused' | 'surge' | 'unavailable'>;

/** The row of a spec's strategy, paused flag and partition in the view's parameter and spec tables. */
const specRow = (v: Pick<ScenarioView, 'partitions' | 'unavailables'>, s: Pick<CloneSetState, 'spec'>): number => {
  const sp = s.spec;
  const row = sp.paused ? sp.partition + v.partitions.length : sp.partition;
  return sp.surge === 0 && sp.unavailable === 0 ? row : row + 2 * v.partitions.length * (sp.surge * v.unavailables.length + sp.unavailable);
};

function tableEntry<T>(row: readonly T[] | undefined, r: number, what: string): T {
  const x = row?.[r];
  if (x === undefined) throw new Error(`${what} out of the scenario's range (spec.replicas ${r})`);
  return x;
}

export function partitionOf(v: Pick<ScenarioView, 'partitions'>, s: Pick<CloneSetState, 'spec'>): IntOrString {
  const p = v.partitions[s.spec.partition];
  if (p === undefined) throw new Error(`partition index ${s.spec.partition} out of range`);
  return p;
}

/** P: pods the partition keeps back at spec.replicas (a scenario's partitions always parse). */
export function partitionReplicas(v: ScenarioView, s: Pick<CloneSetState, 'spec'>): number {
  return tableEntry(v.partitionTable[s.spec.partition], s.spec.replicas, 'partition');
}

/** maxSurge, maxUnavailable, … as calculateDiffsWithExpectation resolves them for this spec. */
export function parametersOf(v: ScenarioView, s: Pick<CloneSetState, 'spec'>): RolloutParameters {
  return tableEntry(v.parameterTable[specRow(v, s)], s.spec.replicas, 'rollout parameters');
}

/**
 * `spec` has maxSurge and maxUnavailable both 0 (at every replica count): the pair kruise's webhook refuses
 * above 0 replicas, reachable only by an edit at 0 and a scale (actions.ts pushStrategyEdits, enabledActions).
 */
export const holdsZeroPair = (v: ScenarioView, spec: CloneSetState['spec']): boolean =>
  v.zeroStrategyValues.surges[spec.surge] === true && v.zeroStrategyValues.unavailables[spec.unavailable] === true;

export function surgeAllowance(v: ScenarioView, s: Pick<CloneSetState, 'spec'>): number {
  // As calculateDiffsWithExpectation resolves it: 0 while paused.
  return parametersOf(v, s).maxSurge;
}

/** E: pods expected at the update revision, spec.replicas − P. */
export function expectedUpdated(v: ScenarioView, s: Pick<CloneSetState, 'spec'>): number {
  return s.spec.replicas - partitionReplicas(v, s);
}

/** The spec's maxSurge and maxUnavailable values. */
export function strategyOf(
  v: Pick<ScenarioView, 'surges' | 'unavailables'>,
  s: Pick<CloneSetState, 'spec'>,
): { readonly maxSurge: IntOrString; readonly maxUnavailable: IntOrString } {
  const maxSurge = v.surges[s.spec.surge];
  const maxUnavailable = v.unavailables[s.spec.unavailable];
  if (maxSurge === undefined || maxUnavailable === undefined)
    throw new Error(`strategy index out of range (maxSurge ${s.spec.surge}, maxUnavailable ${s.spec.unavailable})`);
  return { maxSurge, maxUnavailable };
}

export function controllerSpec(
  v: Pick<ScenarioView, 'scenario' | 'partitions' | 'surges' | 'unavailables'>,
  s: Pick<CloneSetState, 'spec'>,
): CloneSetSpec {
  const sc = v.scenario;
  const { maxSurge, maxUnavailable } = strategyOf(v, s);
  return {
    replicas: s.spec.replicas,
    updateStrategyType: sc.updateStrategyType ?? 'RollingUpdate',
    // Without the block (OnDelete only) the scenario's fields for it are the controller's own values (scenario-check.ts).
    rollingUpdate:
      sc.rollingUpdate === false
        ? null
        : {
            partition: partitionOf(v, s),
            maxSurge,
            maxUnavailable,
            paused: s.spec.paused,
            podUpdatePolicy: sc.podUpdatePolicy,
          },
    scaleMaxUnavailable: sc.scaleMaxUnavailable,
    excludePreparingDelete: sc.excludePreparingDelete === true,
    // Read by nothing in model/controller: availability comes in on each pod (`available`, controllerPod).
    minReadySeconds: sc.minReadySeconds ?? 0,
  };
}

/** The CloneSet spec the controller reads for `s` (controllerSpec, shared from the view's table). */
export function controllerSpecOf(v: ScenarioView, s: Pick<CloneSetState, 'spec'>): CloneSetSpec {
  return v.specTable[specRow(v, s)]?.[s.spec.replicas] ?? controllerSpec(v, s);
}

/**
 * The pods as a reconcile of the scenario sees them (kubeletControllerPod with inPlaceKubelet, else
 * controllerPod), each a shared object per pod code: pods are values, and so is their controller view.
 */
export function controllerPodsOf(v: ScenarioView, pods: readonly Pod[]): ControllerPod[] {
  const table = v.controllerPods;
  const kubelet = v.scenario.inPlaceKubelet === true;
  const out = new Array<ControllerPod>(pods.length);
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i]!;
    const code = podCode(p);
    let c = table[code];
    if (c === undefined) {
      c = kubelet ? kubeletControllerPod(p) : controllerPod(p);
      table[code] = c;
    }
    out[i] = c;
  }
  return out;
}

// Ready times in the model's own units: only their order means anything (pod-order.ts compares them).
const READY_LONG_AGO = 1;
const READY_RECENTLY = 2;

export function controllerPod(p: Pod): ControllerPod {
  // An Updating pod's `ready` is its in-place completion (only with inPlaceKubelet); PodReady is False
  // while the InPlaceUpdateReady gate is False.
  const ready = readyCondition(p);
  // A pod still in its minReadySeconds window became ready later than any available one: the sorts'
  // ready-time key (ActivePods: more recently ready first) puts it before them, and ties the rest as before.
  const waiting = ready && p.notYetAvailable === true;
  const pod: ControllerPod = {
    revision: revName(p.rev),
    lifecycle: p.lifecycle,
    ready,
    available: ready && !waiting,
    inPlaceUpdateReady: p.lifecycle === 'Updating' ? 'False' : 'True',
    specifiedDelete: p.marked,
    // All pods are scheduled and Running; readiness and the ready time order them (other tie-breaks keep
    // list order).
    order: {
      nodeAssigned: true,
      phase: 'Running',
      readyCondition: ready,
      restarts: 0,
      readySince: waiting ? READY_RECENTLY : ready ? READY_LONG_AGO : null,
      created: null,
      deletionCost: null,
    },
  };
  // Hook labels only where a pod has them (lifecycleHooks scenarios): other pods stay as they were.
  if (p.preDeleteHook !== true && p.inPlaceHook !== true) return pod;
  return { ...pod, preDeleteHooked: p.preDeleteHook === true, inPlaceUpdateHooked: p.inPlaceHook === true };
}

/** `spec.lifecycle` of a scenario with lifecycle hooks (undefined: nil). */
export function lifecycleOf(sc: Scenario): LifecycleHooks | undefined {
  const h = sc.lifecycleHooks;
  if (h === undefined) return undefined;
  return { preDelete: h === 'preDelete' || h === 'both', inPlaceUpdate: h === 'inPlaceUpdate' || h === 'both' };
}

/**
 * The pod as a reconcile sees it when in-place completion is a kubelet step (`inPlaceKubelet`): an
 * Updating pod carries whether the kubelet has finished it.
 */
export function kubeletControllerPod(p: Pod): ControllerPod {
  const pod = controllerPod(p);
  return p.lifecycle === 'Updating' ? { ...pod, inPlaceUpdateCompleted: p.ready } : { ...pod, inPlaceUpdateCompleted: true };
}

export function syncContext(v: ScenarioView, currentRevision: string, updateRevision: string): SyncContext {
  const ctx: SyncContext = {
    currentRevision,
    updateRevision,
    gates: { CloneSetPartitionRollback: v.scenario.rollbackGate, PreparingUpdateAsUpdate: v.scenario.preparingUpdateAsUpdate === true },
    // Templates differ only in image: an in-place update is always possible.
    inPlaceCompatible: true,
    preNormalHookPending: false,
    preparingNormalNeedsNode: false,
    ...(VARIANTS[v.scenario.controller].markedCountUnavailable === true ? { markedCountUnavailable: true } : {}),
    // Acts only on an OnDelete spec (calculateDiffsWithExpectation reads the type).
    ...(VARIANTS[v.scenario.controller].onDeleteWithoutUpdateSurge === true ? { onDeleteWithoutUpdateSurge: true } : {}),
  };
  const lifecycle = lifecycleOf(v.scenario);
  if (lifecycle === undefined) return ctx;
  // The variant's lifecycle-hook fixes act only with hooks: without them the context is upstream's, as before.
  const hookFixes = VARIANTS[v.scenario.controller].hookFixes;
  return hookFixes === undefined ? { ...ctx, lifecycle } : { ...ctx, lifecycle, hookFixes };
}
