/**
 * A scenario: the bounds of one exploration — which controller variant, where the CloneSet starts, and
 * which user actions may happen how often. The built-in default is upstream issue #1545.
 */
import type { ControllerVariant } from '../controller/promotion.js';
import type { IntOrString, UpdateStrategyType } from '../controller/types.js';

export type StatusWriteMode =
  /** The status write is part of the reconcile (nothing can happen between sync and status write). */
  | 'inline'
  /** The status write is its own step: user actions may fall between a reconcile's sync and its status write. */
  | 'separate';

export type ModelPodUpdatePolicy = 'ReCreate' | 'InPlaceIfPossible';

/**
 * How often users may take an action: a count, or 'any' — no bound at all. 'any' is for actions whose
 * value already bounds the state space (a template among the scenario's, a replica count in 0..max, a
 * partition among the scenario's): their counter would only multiply the states that differ in how many
 * edits are left, so an 'any' budget keeps no counter (it stays 'any' in every state).
 */
export type Budget = number | 'any';

/**
 * How often users may take each action: a scenario's bound, and in a state what is left of it. Deletes
 * always have a count: a delete sets no spec field, so only the count bounds how far repeated deletes
 * drive the pods.
 */
export interface ActionBudgets {
  readonly rollouts: Budget;
  readonly deletes: number;
  readonly scales: Budget;
  readonly partitions: Budget;
  /** Pods users may mark for deletion (specified-delete label / podsToDelete); absent = 0 (option off). */
  readonly marks?: number;
  /** Pods the kubelet may take down: a ready pod becomes unready, or a pod fails; absent = 0 (option off). */
  readonly failures?: number;
  /**
   * Edits of rollingUpdate.paused (a pause or a resume each); absent = 0 (option off: spec.paused stays the
   * scenario's `paused`). 'any' keeps no counter: the flag's two values bound it.
   */
  readonly pauses?: Budget;
  /**
   * Edits of rollingUpdate.maxSurge or maxUnavailable, one field each, to another of the scenario's values
   * (`maxSurges`, `maxUnavailables`); absent = 0 (option off: both stay the scenario's). 'any' keeps no
   * counter: the value lists bound it.
   */
  readonly strategies?: Budget;
}

/** Whether a budget allows one more action. */
export const budgetLeft = (b: Budget): boolean => b === 'any' || b > 0;

export interface Scenario {
  readonly controller: ControllerVariant;
  readonly initialReplicas: number;
  readonly initialPartition: IntOrString;
  /** Users may scale spec.replicas to any value in 0..maxReplicas. */
  readonly maxReplicas: number;
  /** Partition values users may set (the initial partition is always allowed too). */
  readonly partitions: readonly IntOrString[];
  /** rollingUpdate.maxSurge at the start. */
  readonly maxSurge: IntOrString;
  /** rollingUpdate.maxUnavailable at the start. */
  readonly maxUnavailable: IntOrString;
  /**
   * maxSurge values users may set with the `strategies` budget (maxSurge is always allowed too); absent =
   * none but maxSurge. At most MAX_STRATEGY_VALUES values in all.
   */
  readonly maxSurges?: readonly IntOrString[];
  /** maxUnavailable values users may set likewise (maxUnavailable is always allowed too). */
  readonly maxUnavailables?: readonly IntOrString[];
  readonly podUpdatePolicy: ModelPodUpdatePolicy;
  /**
   * spec.updateStrategy.type as upstream HEAD (07169cfac, unreleased: PR #2224 with 58a5d52fb's refresh fix)
   * takes it in apps.kruise.io/v1beta1 (the v1alpha1 webhook refuses OnDelete, in v1.9.0 too). 'OnDelete':
   * `Update` returns after its refresh loop (cloneset_update.go), so no pod is updated or marked for it; a pod
   * changes revision only when it is deleted and Scale creates another, at the revision the partition calls
   * for. Absent = 'RollingUpdate'.
   */
  readonly updateStrategyType?: UpdateStrategyType;
  /**
   * Whether spec.updateStrategy has a rollingUpdate block: absent = true (kruise's defaults make one for
   * RollingUpdate, SetDefaultsCloneSetV1beta1). false only with OnDelete: a v1beta1 CloneSet of type OnDelete
   * written without the block, which the defaults leave nil (as the v1alpha1 → v1beta1 conversion does for
   * OnDelete). Then calculateDiffsWithExpectation takes partition 0, maxSurge 0 and maxUnavailable 20%
   * rounded down, and calculateStatus expects every replica updated; the scenario's own fields for them must
   * be those values (partition 0, maxSurge 0, maxUnavailable "20%"; scenario-check.ts).
   */
  readonly rollingUpdate?: boolean;
  /** The `CloneSetPartitionRollback` feature gate. */
  readonly rollbackGate: boolean;
  /**
   * rollingUpdate.paused at the start: Update does nothing and maxSurge counts as 0 (Scale still runs). Users
   * pause and resume with the `pauses` budget (spec.paused in a state).
   */
  readonly paused: boolean;
  /** scaleStrategy.maxUnavailable; null = unset (no limit on scale-up while pods are unavailable). */
  readonly scaleMaxUnavailable: IntOrString | null;
  /** Number of distinct templates v1..vN (v1 is the starting one); rollouts may go to any, including back. */
  readonly templates: number;
  readonly budgets: ActionBudgets;
  readonly statusWrite: StatusWriteMode;
  /**
   * The kubelet may report a PreparingNormal pod ready before the controller's refresh moves it to Normal
   * (absent = false: only Normal pods become ready).
   */
  readonly preparingReady?: boolean;
  /**
   * In-place update completion is a kubelet step: an Updating pod waits for the kubelet to restart its
   * containers before a refresh may move it on (absent = false: the next refresh completes it).
   */
  readonly inPlaceKubelet?: boolean;
  /**
   * spec.minReadySeconds. Above 0 a pod the kubelet reports ready is not yet available: it becomes so by a
   * step of its own (time passing), and until then the controller counts it as unavailable
   * (calculateDiffsWithExpectation, limitUpdateIndexes, choosePodsToDelete, calculateStatus). Every value above
   * 0 opens the same window: the model keeps the order of events, not their times. Absent = 0.
   */
  readonly minReadySeconds?: number;
  /**
   * spec.lifecycle hooks (labelsHandler, markPodNotReady false) that every pod carries from its template, and
   * that their owner (the `hook` actor) releases: preDelete holds a deleted pod in PreparingDelete,
   * inPlaceUpdate holds a pod in PreparingUpdate before an in-place update and in Updated after it.
   * Absent = no spec.lifecycle.
   */
  readonly lifecycleHooks?: LifecycleHookChoice;
  /** The PreparingUpdateAsUpdate feature gate (Scale counts PreparingUpdate pods as updated). Absent = off. */
  readonly preparingUpdateAsUpdate?: boolean;
  /** excludePreparingDelete (v1alpha1: the CloneSet label apps.kruise.io/cloneset-scaling-exclude-preparing-delete; v1beta1: scaleStrategy.excludePreparingDelete): PreparingDelete pods are left out of the replica count. Absent = false. */
  readonly excludePreparingDelete?: boolean;
  /**
   * Branch over upstream's free choices (unstable-sort ties, list order, the same-node ranker) instead of
   * taking the canonical pick. Absent = false: scenarios, traces and reports without it stay as they were.
   */
  readonly freeChoices?: boolean;
  // Issue #14, what the controller sees (absent = the ideal controller of every scenario before them; see
  // observeOptions below). Optional so that scenarios written before them stay valid as they are.
  /** The controller's CloneSet informer may lag the API server by up to this many object versions (0: never). */
  readonly staleReads?: number;
  /**
   * The controller's ControllerRevision informer may lag the API server by the last revision write (a
   * revision a reconcile created or renumbered): a `revision-cache-sync` step delivers it. Absent = false.
   */
  readonly staleRevisions?: boolean;
  /** How many status writes may fail (the reconcile is retried later). */
  readonly statusWriteFailures?: number;
  /**
   * How many reconciles may have a pod write fail (a create, delete or patch the API server refuses): its
   * loop stops there, the writes before it stay, the status is still written (docs/model.md).
   */
  readonly podWriteFailures?: number;
  /**
   * Whether a failing pod write (podWriteFailures) may be a timeout instead of a refusal: the API server
   * applied it and the reply was lost, so it landed while the controller saw an error and (upstream) awaits
   * nothing of it; `proposed` keeps a timed-out creation's expectation where expectations may expire, and
   * there such a creation may also never land (docs/model.md, "Writes that time out"). Absent = false: every
   * failing write was refused.
   */
  readonly podWriteTimeouts?: boolean;
  /**
   * spec.progressDeadlineSeconds is set (and not MaxInt32: HasProgressDeadline), so the controller keeps the
   * Progressing condition in the status (model/controller/progress.ts) and a step of time passes the deadline
   * (`deadlinePasses`). Every value opens the same deadline: the model keeps the order of events, not their
   * times. Absent = unset: no condition (upstream removes it).
   */
  readonly progressDeadline?: boolean;
  /** How pod changes reach the controller's pod cache, and whether expectations gate a reconcile (`ideal`: at once). */
  readonly expectations?: ExpectationsMode;
}

/**
 * `ideal`: every pod change is in the controller's pod cache at once, so no gate is ever needed (the model
 * before issue #14). `upstream`: pod changes (the controller's creations, deletions and patches, user deletes,
 * the kubelet's) reach the cache by a step, and upstream's scaleExpectations / resourceVersion expectations
 * hold a reconcile back until it has seen its own writes. `timeout`: as upstream, and a scale expectation may
 * expire (the 5-minute ExpectationTimeout with the ForceDeleteTimeoutExpectationGate feature gate on: deleted, and the
 * next reconcile acts on a cache that lacks its own writes).
 */
export const EXPECTATIONS_MODES = ['ideal', 'upstream', 'timeout'] as const;
export type ExpectationsMode = (typeof EXPECTATIONS_MODES)[number];

/** The issue #14 observation options with their defaults filled in. */
export interface ObserveOptions {
  readonly staleReads: number;
  readonly staleRevisions: boolean;
  readonly statusWriteFailures: number;
  readonly podWriteFailures: number;
  readonly expectations: ExpectationsMode;
}

export function observeOptions(sc: Scenario): ObserveOptions {
  return {
    staleReads: sc.staleReads ?? 0,
    staleRevisions: sc.staleRevisions === true,
    statusWriteFailures: sc.statusWriteFailures ?? 0,
    podWriteFailures: sc.podWriteFailures ?? 0,
    expectations: sc.expectations ?? 'ideal',
  };
}

/** Whether any observation option is on, i.e. whether states carry an Observation (state.ts). */
export function observes(sc: Scenario): boolean {
  const o = observeOptions(sc);
  return o.staleReads > 0 || o.staleRevisions || o.statusWriteFailures > 0 || o.podWriteFailures > 0 || o.expectations !== 'ideal';
}

/** Whether a ready pod may wait to become available (spec.minReadySeconds above 0). */
export const hasAvailabilityWindow = (sc: Scenario): boolean => (sc.minReadySeconds ?? 0) > 0;

/** Whether pod codes may need more than a byte (lifecycle hooks, minReadySeconds): the codec's wide layout. */
export const hasWidePodCodes = (sc: Scenario): boolean => sc.lifecycleHooks !== undefined || hasAvailabilityWindow(sc);

export type LifecycleHookChoice = 'preDelete' | 'inPlaceUpdate' | 'both';
export const LIFECYCLE_HOOK_CHOICES = ['none', 'preDelete', 'inPlaceUpdate', 'both'] as const;

/** The marks and failures budgets of a scenario or a state (0 when the option is off). */
export const marksOf = (b: ActionBudgets): number => b.marks ?? 0;
export const failuresOf = (b: ActionBudgets): number => b.failures ?? 0;

/** The pause-changes budget of a scenario or a state (0 when the option is off). */
export const pausesOf = (b: ActionBudgets): Budget => b.pauses ?? 0;

/** Whether users may pause and resume the rollout (a pause budget above 0, or 'any'). */
export const hasPauseChanges = (sc: Scenario): boolean => budgetLeft(pausesOf(sc.budgets));

/** Upstream issue #1545: 2 replicas at v1, partition 50%; roll out v2 once, delete ≤ 2 pods, scale in 0..4 ≤ 2 times. */
export const DEFAULT_SCENARIO: Scenario = Object.freeze({
  controller: 'upstream',
  initialReplicas: 2,
  initialPartition: '50%',
  maxReplicas: 4,
  partitions: Object.freeze(['50%']),
  maxSurge: 0,
  maxUnavailable: '20%',
  podUpdatePolicy: 'ReCreate',
  rollbackGate: false,
  paused: false,
  scaleMaxUnavailable: null,
  templates: 2,
  budgets: Object.freeze({ rollouts: 1, deletes: 2, scales: 2, partitions: 0 }),
  statusWrite: 'separate',
});

/**
 * The most values of maxSurge, and of maxUnavailable, a scenario with strategy edits may list (the initial
 * one included): each index takes two bits of the spec's partition byte (codec.ts), beside a partition
 * index of at most MAX_EDITED_PARTITIONS values.
 */
export const MAX_STRATEGY_VALUES = 4;
export const MAX_EDITED_PARTITIONS = 16;

/** The strategy-edits budget of a scenario or a state (0 when the option is off). */
export const strategiesOf = (b: ActionBudgets): Budget => b.strategies ?? 0;

/** Whether users may edit maxSurge or maxUnavailable (a budget above 0 or 'any'; the value lists may still hold one value each). */
export const hasStrategyEdits = (sc: Scenario): boolean => budgetLeft(strategiesOf(sc.budgets));

/** The values a list field can reach, the initial one first, without duplicates (by value and type). */
function reachable(initial: IntOrString, more: readonly IntOrString[]): readonly IntOrString[] {
  const out: IntOrString[] = [initial];
  for (const p of more) if (!out.some((q) => q === p)) out.push(p);
  return out;
}

/** The maxSurge values a scenario can reach, maxSurge first (only maxSurge without strategy edits). */
export const surgeValues = (sc: Scenario): readonly IntOrString[] =>
  reachable(sc.maxSurge, hasStrategyEdits(sc) ? (sc.maxSurges ?? []) : []);

/** The maxUnavailable values a scenario can reach, maxUnavailable first (only it without strategy edits). */
export const unavailableValues = (sc: Scenario): readonly IntOrString[] =>
  reachable(sc.maxUnavailable, hasStrategyEdits(sc) ? (sc.maxUnavailables ?? []) : []);

/** The partition values a scenario can reach, initial first, without duplicates (by value and type). */
export function partitionValues(sc: Scenario): readonly IntOrString[] {
  return reachable(sc.initialPartition, sc.partitions);
}
