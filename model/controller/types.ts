/**
 * The controller's view of a CloneSet and its pods: the inputs of upstream's sync functions.
 *
 * These types are deliberately close to the upstream objects (field names, optional/nil fields, lifecycle
 * labels), so that the conformance vectors taken from upstream's unit tests can be expressed directly.
 * The explorable state (`model/cloneset/state.ts`) is a smaller abstraction that maps onto these
 * (`model/cloneset/view.ts`).
 */
import type { TieBreaker } from './ties.js';

/** An `intstr.IntOrString`: an integer, or a string such as `"50%"`. */
export type IntOrString = number | string;

/** `lifecycle.apps.kruise.io/state`; `''` = no label (behaves like Normal). */
export type Lifecycle = '' | 'Normal' | 'PreparingNormal' | 'PreparingUpdate' | 'Updating' | 'Updated' | 'PreparingDelete';

export type PodPhase = 'Pending' | 'Running' | 'Unknown' | 'Succeeded' | 'Failed';

/** The CloneSet readiness-gate condition `InPlaceUpdateReady`. */
export type ConditionValue = 'absent' | 'True' | 'False';

export type PodUpdatePolicy = 'ReCreate' | 'InPlaceIfPossible' | 'InPlaceOnly';

export type UpdateStrategyType = 'RollingUpdate' | 'OnDelete';

/** Attributes that only order pods (scale-down victims, update candidates); abstract times: null = zero, larger = later. */
export interface PodOrderKey {
  readonly nodeAssigned: boolean;
  readonly phase: PodPhase;
  /** The Kubernetes PodReady condition (phase not checked). */
  readonly readyCondition: boolean;
  readonly restarts: number;
  readonly readySince: number | null;
  readonly created: number | null;
  readonly deletionCost: number | null;
}

/** One active pod as a reconcile lists it. */
export interface ControllerPod {
  /** Label `controller-revision-hash`. */
  readonly revision: string;
  readonly lifecycle: Lifecycle;
  /** PodReady True and phase Running (the InPlaceUpdateReady gate is separate, below). */
  readonly ready: boolean;
  /** Kubernetes-level availability: ready for ≥ minReadySeconds and InPlaceUpdateReady not False. */
  readonly available: boolean;
  readonly inPlaceUpdateReady: ConditionValue;
  /** Label `apps.kruise.io/specified-delete` present or name in `scaleStrategy.podsToDelete`. */
  readonly specifiedDelete: boolean;
  readonly order: PodOrderKey;
  /**
   * Whether the kubelet has finished an in-place update (`CheckPodUpdateCompleted`: the containers run
   * the new image). Absent = the abstraction that the next refresh finds it finished.
   */
  readonly inPlaceUpdateCompleted?: boolean;
  /** The preDelete hook's label (labelsHandler) is on the pod: `IsPodHooked(lifecycle.preDelete, pod)`. Absent = false. */
  readonly preDeleteHooked?: boolean;
  /** The inPlaceUpdate hook's label is on the pod: `IsPodHooked` / `IsPodAllHooked(lifecycle.inPlaceUpdate, pod)`. Absent = false. */
  readonly inPlaceUpdateHooked?: boolean;
}

/**
 * `spec.lifecycle` as the sync functions read it: whether it is set at all (upstream's `Lifecycle != nil`
 * checks), and which hooks it has (labelsHandler hooks, markPodNotReady false).
 */
export interface LifecycleHooks {
  readonly preDelete: boolean;
  readonly inPlaceUpdate: boolean;
}

export interface RollingUpdateStrategy {
  readonly partition: IntOrString | null;
  readonly maxSurge: IntOrString | null;
  readonly maxUnavailable: IntOrString | null;
  readonly paused: boolean;
  readonly podUpdatePolicy: PodUpdatePolicy;
}

export interface FeatureGates {
  readonly CloneSetPartitionRollback: boolean;
  readonly PreparingUpdateAsUpdate: boolean;
}

/** The spec fields the controller reads (HEAD v1beta1 layout; PRE differs only in field placement). */
export interface CloneSetSpec {
  readonly replicas: number;
  readonly updateStrategyType: UpdateStrategyType;
  /** null = `updateStrategy.rollingUpdate` nil (HEAD only). */
  readonly rollingUpdate: RollingUpdateStrategy | null;
  /** `scaleStrategy.maxUnavailable`; null = unset (MaxInt32). */
  readonly scaleMaxUnavailable: IntOrString | null;
  readonly excludePreparingDelete: boolean;
  readonly minReadySeconds: number;
}

/** What one reconcile knows besides the spec and the pod list. */
export interface SyncContext {
  readonly currentRevision: string;
  readonly updateRevision: string;
  readonly gates: FeatureGates;
  /** Whether the old→update template change can be applied in place (images only). */
  readonly inPlaceCompatible: boolean;
  /**
   * The ControllerRevisions the reconcile listed, by name, where that list may lack one (a lagging revision
   * cache); absent: every revision. updatePod finds a pod's old revision in it, and CanUpdateInPlace of a
   * revision it lacks is false, so such a pod is recreated (specified-delete) even under InPlaceIfPossible.
   */
  readonly listedRevisions?: readonly string[];
  /** A preNormal lifecycle hook is configured and not yet satisfied (holds pods in PreparingNormal). */
  readonly preNormalHookPending: boolean;
  /** HEAD requires a pod to be scheduled before PreparingNormal → Normal; PRE did not. */
  readonly preparingNormalNeedsNode: boolean;
  /** Decides upstream's free choices (ties.ts); absent = the canonical pick everywhere. */
  readonly ties?: TieBreaker;
  /**
   * A preNormal hook is configured and the pod carries all of it (`IsPodAllHooked(preNormal)`): refresh then
   * moves PreparingNormal to Normal without the scheduling check. Absent = false.
   */
  readonly preNormalHookSatisfied?: boolean;
  /** `spec.lifecycle`; absent = nil (no hooks, upstream's `Lifecycle == nil` branches). */
  readonly lifecycle?: LifecycleHooks;
  /** This project's proposed lifecycle-hook fixes (the `proposed` variant, hooks on); absent = upstream's behaviour. */
  readonly hookFixes?: HookFixes;
  /** Scale's `deleteReadyLimit` counts unready specified-delete pods as unavailable (the `proposed` variant); absent = upstream's. */
  readonly markedCountUnavailable?: boolean;
  /** With updateStrategy OnDelete, calculateDiffsWithExpectation computes no update surge (the `proposed` variant); absent = upstream's. */
  readonly onDeleteWithoutUpdateSurge?: boolean;
}

/**
 * The `proposed` variant's three changes to upstream's lifecycle handling (docs/findings.md, rows L1, L2, L6). Each
 * only reads pods in PreparingDelete or PreparingUpdate, which exist only with lifecycle hooks.
 */
export interface HookFixes {
  /**
   * `managePreparingDelete` revives a PreparingDelete pod at the update revision only as far as `Scale` would
   * create one in its place (the partition's shortfall of old pods goes to the current revision), so a revival
   * never takes the pods at the update revision above spec.replicas − partition; other pods as upstream (L1).
   */
  readonly reviveWithinPartition: boolean;
  /**
   * `Update` returns a PreparingUpdate pod that is not at the update revision to Normal (or Updated) once the
   * update wants no more pods at the update revision, as `refreshPodState` does for one that is (L2).
   */
  readonly releaseUnwantedPreparingUpdate: boolean;
  /**
   * With CloneSetPartitionRollback, while `Update` rolls pods at the update revision back (updateNum < 0),
   * `refreshPodState` leaves a PreparingUpdate pod at the update revision to it instead of sending it to Updated,
   * which would cycle it through Updated and PreparingUpdate forever (L6).
   */
  readonly keepRollbackPreparingUpdate: boolean;
}

export const PRODUCTION_GATES: FeatureGates = Object.freeze({
  CloneSetPartitionRollback: false,
  PreparingUpdateAsUpdate: false,
});

export const MAX_INT32 = 2147483647;
