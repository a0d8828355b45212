/**
 * Every way a CloneSet state can change: user edits, the kubelet, and the controller. Each action has an
 * explicit enabling condition (`enabledActions`) and a pure transition (`applyAction`).
 */
import { match } from 'ts-pattern';
import type { IntOrString } from '../controller/types.js';
import { isFailingPicks, picksTellAWay, reconcileChoices, singleReconcile } from './reconcile.js';
import {
  passOldestDeadline,
  pastDeadline,
  rankConditions,
  ranksConditions,
  settledUntimed,
  someConditionTimed,
} from './condition-order.js';
import { budgetLeft, hasAvailabilityWindow, type Scenario } from './scenario.js';
import {
  describePod,
  firstItems,
  describePodEntry,
  internPod,
  podEntryCode,
  markedPod,
  podCode,
  readyCondition,
  madeAvailable,
  readied,
  unreadied,
  withHook,
  withPodChanged,
  revName,
  sameState,
  specOf,
  spendBudget,
  stateOf,
  type CloneSetState,
  type Pod,
  type PodEntry,
  type RevId,
  type Spec,
} from './state.js';
import { holdsZeroPair, partitionReplicas, type ScenarioView } from './view.js';
import { afterPendingWrite, afterSpecEdit, failStatusWrite, objectCacheLags, podWriteMayFail, syncCache, writeMayFail } from './observe.js';
import { revisionCacheLags, syncRevisionCache } from './revision-cache.js';
import { changePod, expireExpectations, mayExpire, passTime, podCacheLags as podCacheOn, syncedPods, syncPod } from './pod-cache.js';

export type Action =
  /** User: set spec.template to template `template` (a new revision, or back to an older one). */
  | { readonly kind: 'rollout'; readonly template: RevId }
  /**
   * User: `kubectl delete` one pod of this kind (it leaves the active list at once). `via`: with a lagging
   * pod cache, the pod behind this cache entry (absent: a pod the cache holds as it is).
   */
  | { readonly kind: 'deletePod'; readonly pod: Pod; readonly via?: PodEntry }
  /** User: set spec.replicas. */
  | { readonly kind: 'scale'; readonly replicas: number }
  /** User: set the partition to the scenario's partition value at `index`. */
  | { readonly kind: 'setPartition'; readonly index: number; readonly value: IntOrString }
  /** User (scenario pause budget): set rollingUpdate.paused to `paused` (a pause, or a resume). */
  | { readonly kind: 'setPaused'; readonly paused: boolean }
  /**
   * User (scenario strategy budget): set rollingUpdate.maxSurge or maxUnavailable to the scenario's value of
   * that field at `index` (view.ts `surges`, `unavailables`).
   */
  | { readonly kind: 'setStrategy'; readonly field: StrategyField; readonly index: number; readonly value: IntOrString }
  /** Kubelet: a pod of this kind (not ready, not Updating) becomes ready and available (`via` as for deletePod). */
  | { readonly kind: 'podReady'; readonly pod: Pod; readonly via?: PodEntry }
  /**
   * Time (scenario `minReadySeconds`): a pod of this kind, ready but not yet available, has been ready long
   * enough (`via` as for deletePod). `cachedOnly`: with a lagging pod cache, the window of the entry's cached
   * copy ends, and `pod` is that copy (pod-cache.ts passTime).
   */
  | { readonly kind: 'podAvailable'; readonly pod: Pod; readonly via?: PodEntry; readonly cachedOnly?: true }
  // The six pod steps below carry `via` as deletePod does: with a lagging pod cache they reach it by a step too.
  /** User (scenario `userMarks`): label one pod of this kind `apps.kruise.io/specified-delete`. */
  | { readonly kind: 'markPod'; readonly pod: Pod; readonly via?: PodEntry }
  /** Kubelet (scenario `podFailures`): a ready pod of this kind fails its readiness probe. */
  | { readonly kind: 'podUnready'; readonly pod: Pod; readonly via?: PodEntry }
  /** Kubelet (scenario `podFailures`): a pod of this kind fails (phase Failed: it leaves the active list). */
  | { readonly kind: 'podFail'; readonly pod: Pod; readonly via?: PodEntry }
  /** Kubelet (scenario `inPlaceKubelet`): an Updating pod's containers restart on the new image and are ready. */
  | { readonly kind: 'inPlaceDone'; readonly pod: Pod; readonly via?: PodEntry }
  /** Hook owner (scenario `lifecycleHooks`): remove the hook's label from a pod it holds (PreparingDelete / PreparingUpdate). */
  | { readonly kind: 'releaseHook'; readonly pod: Pod; readonly via?: PodEntry }
  /** Hook owner (scenario `lifecycleHooks`): put the inPlaceUpdate hook's label back on an Updated pod. */
  | { readonly kind: 'restoreHook'; readonly pod: Pod; readonly via?: PodEntry }
  /**
   * Controller: one reconcile (sync, and the status write unless that is a separate step). With free
   * choices and more than one distinct outcome, `choice` says which (0 = the canonical pick) and `picks`
   * what it did, in words.
   */
  | { readonly kind: 'reconcile'; readonly choice?: number; readonly picks?: string }
  /** Controller: write the status a reconcile computed. */
  | { readonly kind: 'writeStatus' }
  /** Controller's informer: the CloneSet cache receives the next object version (staleReads > 0). */
  | { readonly kind: 'cacheSync' }
  /** Controller's revision informer: the ControllerRevision cache receives the last revision write (staleRevisions). */
  | { readonly kind: 'revisionCacheSync' }
  /** Controller: the pending status write fails; the reconcile will be retried (statusWriteFailures > 0). */
  | { readonly kind: 'statusWriteFails' }
  /** Controller's informer: the pod cache receives one pod's change (expectations upstream/timeout). */
  | { readonly kind: 'podCacheSync'; readonly entry: PodEntry }
  /** Controller: its scale expectations time out and are deleted (expectations timeout). */
  | { readonly kind: 'expectationsExpire' }
  /**
   * Time (scenario `progressDeadline`): progressDeadlineSeconds pass since the lastUpdateTime of every
   * Progressing condition there is, the status's and the pending status's. Never for the status's alone where
   * the pending one was set later: no reconcile runs while a status waits, and the write replaces the
   * status's condition (or, failing, drops the pending one, leaving what this step leaves), so no step could
   * tell that apart from this one.
   */
  | { readonly kind: 'deadlinePasses' };

export type ActionKind = Action['kind'];

/** The rollingUpdate fields a setStrategy step edits. */
export type StrategyField = 'maxSurge' | 'maxUnavailable';

export const ACTION_KINDS: readonly ActionKind[] = [
  'rollout',
  'deletePod',
  'scale',
  'setPartition',
  'setPaused',
  'setStrategy',
  'podReady',
  'podAvailable',
  'reconcile',
  'writeStatus',
  'cacheSync',
  'revisionCacheSync',
  'statusWriteFails',
  'podCacheSync',
  'expectationsExpire',
  'deadlinePasses',
  'markPod',
  'podUnready',
  'podFail',
  'inPlaceDone',
  'releaseHook',
  'restoreHook',
];

/**
 * `hook`: the owner of a lifecycle hook — an external controller (a traffic manager, say) that releases the
 * pods a hook holds once it has done its part. A system actor: settling waits for it as for the kubelet.
 */
export type Actor = 'user' | 'kubelet' | 'controller' | 'hook';

// A total record over the kinds: adding an action kind without an actor does not compile. (A table, not
// a ts-pattern match: this is asked several times per transition on the explorer's hot path.)
const ACTOR: Readonly<Record<ActionKind, Actor>> = {
  rollout: 'user',
  deletePod: 'user',
  scale: 'user',
  setPartition: 'user',
  setPaused: 'user',
  setStrategy: 'user',
  podReady: 'kubelet',
  // Time passing, not a component; the kubelet's Ready report started the clock.
  podAvailable: 'kubelet',
  reconcile: 'controller',
  writeStatus: 'controller',
  cacheSync: 'controller',
  revisionCacheSync: 'controller',
  statusWriteFails: 'controller',
  podCacheSync: 'controller',
  expectationsExpire: 'controller',
  // Time passing, as for podAvailable: not a disturbance, and the system's own (convergence may wait for it).
  deadlinePasses: 'kubelet',
  markPod: 'user',
  podUnready: 'kubelet',
  podFail: 'kubelet',
  inPlaceDone: 'kubelet',
  releaseHook: 'hook',
  restoreHook: 'hook',
};

/**
 * Steps that disturb the CloneSet rather than help it settle (a failure): for convergence they count with
 * the users' actions — settling is asked of the controller and a healthy kubelet and API server, so a
 * settled state reached only through a failure does not count. The kubelet's pod failures, a status write
 * the API server refuses, and a reconcile with a refused pod write (isFailingReconcile).
 */
const isDisturbanceKind = (k: ActionKind): boolean => k === 'podUnready' || k === 'podFail' || k === 'statusWriteFails';

/** A reconcile step in which a pod write fails (podWriteFailures): a disturbance, as statusWriteFails. */
export const isFailingReconcile = (a: Action): boolean => a.kind === 'reconcile' && a.picks !== undefined && isFailingPicks(a.picks);

/** One line each on when an action is enabled and what it does: the source of docs/state-machine.md. */
export interface ActionDoc {
  readonly label: string;
  readonly enabled: string;
  readonly effect: string;
  readonly upstream: string;
}

// A total record over the kinds, like ACTOR: a new action kind without documentation does not compile.
export const ACTION_DOCS: Readonly<Record<ActionKind, ActionDoc>> = {
  rollout: {
    label: 'rollout(vN)',
    enabled:
      'rollout budget left (always, with budget any); vN is one of the scenario templates and differs from spec.template, and not while maxSurge and maxUnavailable are both 0 at spec.replicas > 0 (kruise’s webhook refuses any edit that keeps the pair)',
    effect: 'spec.template := vN (a new template, or back to an older one)',
    upstream: 'a user edit of spec.template; the next reconcile mints or reuses a revision (getActiveRevisions)',
  },
  deletePod: {
    label: 'delete(pod)',
    enabled:
      'delete budget left; a pod of that kind (revision, lifecycle, readiness, mark) exists, or (a lagging pod cache) one that failed and the cache still lists',
    effect: 'the pod leaves the active pod list at once',
    upstream:
      'kubectl delete: deletionTimestamp set, so GetActiveAndInactivePods lists it as inactive (IsPodActive), not among the active pods',
  },
  scale: {
    label: 'scale(n)',
    enabled: 'scale budget left (always, with budget any); 0 ≤ n ≤ maxReplicas and n ≠ spec.replicas',
    effect: 'spec.replicas := n',
    upstream:
      'kubectl scale: a write of the scale subresource, which kruise’s webhook does not see (its rules cover clonesets, not clonesets/scale)',
  },
  setPartition: {
    label: 'partition(v)',
    enabled:
      'partition budget left (always, with budget any); v is one of the scenario partitions and differs from the current one, and not while maxSurge and maxUnavailable are both 0 at spec.replicas > 0 (kruise’s webhook refuses any edit that keeps the pair)',
    effect: 'rollingUpdate.partition := v',
    upstream: 'a user edit of the partition',
  },
  setPaused: {
    label: 'pause / resume',
    enabled:
      'pause budget left (always, with budget any), and not while maxSurge and maxUnavailable are both 0 at spec.replicas > 0 (kruise’s webhook refuses any edit that keeps the pair)',
    effect: 'rollingUpdate.paused := true (pause) or false (resume), whichever it is not',
    upstream:
      'a user edit of rollingUpdate.paused (kubectl-kruise rollout pause / resume): while it is true, Update returns after its refresh loop (syncCloneSet, cloneset_update.go) and calculateDiffsWithExpectation takes maxSurge as 0, and so rounds maxUnavailable up',
  },
  setStrategy: {
    label: 'maxSurge(v) / maxUnavailable(v)',
    enabled:
      "strategy budget left (always, with budget any); v is one of the scenario's values of that field and differs from the current one, and kruise's webhook accepts the pair (not maxSurge and maxUnavailable both 0, unless spec.replicas is 0, where it takes any pair)",
    effect: 'rollingUpdate.maxSurge := v, or rollingUpdate.maxUnavailable := v',
    upstream:
      'a user edit of the rolling-update strategy (validateUpdateStrategy refuses both below 1); the next reconcile reads it in calculateDiffsWithExpectation (cloneset_sync_utils.go): how many pods Scale may add above replicas and how many Update may take down',
  },
  podReady: {
    label: 'ready(pod)',
    enabled:
      'a pod that is not ready, in any lifecycle but Updating and PreparingNormal (with preparingReady: also one in PreparingNormal)',
    effect: 'the pod becomes ready, and available (with minReadySeconds: ready, not yet available)',
    upstream:
      'kubelet: PodReady True (InPlaceUpdateReady is already True after the refresh; after an in-place update refused at its image write, the step stands for the next refresh setting it True again). A PreparingNormal pod (preparingReady): Ready once inplaceControl.Refresh has set its gate, if scheduled only after that refresh (refreshPodState waits for scheduling before Normal)',
  },
  podAvailable: {
    label: 'available(pod)',
    enabled:
      "minReadySeconds > 0; a pod that is ready and not yet available (with a lagging pod cache: one it holds as it is, the truth behind an entry, or an entry's cached copy alone)",
    effect:
      "the pod is available; with a lagging pod cache no entry records it (the cache holds the same Ready condition): a pod held as it is is available there at once, an entry's truth with its cached copy when that waits too, or the copy alone (`available(…, the cached copy only)`)",
    upstream:
      "minReadySeconds pass after the Ready condition's lastTransitionTime: podutil.IsPodAvailable (IsPodAvailable, sync/cloneset_sync_utils.go) now holds; the controller requeues itself for it (DurationStore.Push when availableReplicas ≠ readyReplicas)",
  },
  markPod: {
    label: 'mark(pod)',
    enabled: 'userMarks budget left; an unmarked pod of that kind exists',
    effect: 'the pod is marked for deletion',
    upstream:
      'a user labels the pod apps.kruise.io/specified-delete (or lists it in scaleStrategy.podsToDelete): isSpecifiedDelete, then Scale deletes it (getPlannedDeletedPods, step 5)',
  },
  podUnready: {
    label: 'unready(pod)',
    enabled: 'podFailures budget left; a ready pod in any lifecycle but Updating',
    effect: 'the pod is no longer ready (nor available)',
    upstream: 'kubelet: a readiness probe fails, PodReady False (IsPodUpdateReady, IsPodAvailable then count it out)',
  },
  podFail: {
    label: 'fail(pod)',
    enabled: 'podFailures budget left; a pod of that kind exists',
    effect: 'the pod leaves the active pod list at once',
    upstream: 'kubelet: phase Failed (e.g. evicted); kubecontroller.IsPodActive is false, so GetActiveAndInactivePods lists it as inactive',
  },
  inPlaceDone: {
    label: 'in-place-done(pod)',
    enabled: 'inPlaceKubelet is on; an Updating pod whose containers have not restarted yet',
    effect: 'the in-place update is complete: the containers run the new image and are ready (PodReady waits for the refresh)',
    upstream:
      'kubelet restarts the containers; CheckPodUpdateCompleted then holds, so refreshPodState moves the pod on and inplaceControl.Refresh sets InPlaceUpdateReady',
  },
  releaseHook: {
    label: 'release-hook(pod)',
    enabled:
      'lifecycleHooks; a PreparingDelete pod with the preDelete hook label, or a PreparingUpdate pod with the inPlaceUpdate hook label',
    effect: "the hook's label is removed: the controller may now delete the pod / update it in place",
    upstream:
      'the hook owner removes its labelsHandler label; deletePods (IsPodHooked(preDelete)) then deletes the pod, updatePod (IsPodHooked(inPlaceUpdate)) updates it',
  },
  restoreHook: {
    label: 'restore-hook(pod)',
    enabled: 'lifecycleHooks with inPlaceUpdate; an Updated pod without the inPlaceUpdate hook label',
    effect: "the hook's label is back: the next refresh moves the pod to Normal",
    upstream: 'the hook owner puts its label back; refreshPodState (Updated, IsPodAllHooked(inPlaceUpdate)) then sets Normal',
  },
  reconcile: {
    label: 'reconcile',
    enabled: 'no status waits to be written, and the reconcile would change something',
    effect:
      'from one snapshot: revisions, then Scale, or Update if Scale did nothing; the status computed from the snapshot is written (inline) or waits (separate). With free choices, one step per distinct outcome of the tie-breaks upstream leaves open: `reconcile[i: what it did]`; with podWriteFailures, also one per way a pod write can fail: `reconcile[i: write fails: …; landed: …]`, and with podWriteTimeouts one per way it can time out after it landed: `reconcile[i: write times out: …; landed: …]`; with a lagging pod cache, where a write goes to a pod the cache shows stale, one where it lands (`(a deleted pod still terminating)`, `(retried until the cache caught up)`) and one per way it fails of itself: `reconcile[i: pod deleted: … fails; landed: …]`, `reconcile[i: pod changed: … fails; landed: …]`; with free choices, also the outcomes of other list orders of pods the cache shows alike (`(pods the cache shows alike in another list order)`)',
    upstream: 'doReconcile → getActiveRevisions, syncCloneSet (Scale | Update), calculateStatus',
  },
  writeStatus: {
    label: 'write-status',
    enabled: 'a status computed by a reconcile waits to be written (separate status-write mode)',
    effect:
      "status := the computed status; with stale reads the cache is then one version behind (the one replaced), and the status's observedGeneration is the one its reconcile read",
    upstream:
      "UpdateCloneSetStatus (written only if inconsistentStatus); updateStatus Updates with the cached resourceVersion, so it lands only once the cache holds the server's version (RetryOnConflict)",
  },
  cacheSync: {
    label: 'cache-sync',
    enabled: "the controller's CloneSet cache lags the API server (staleReads > 0)",
    effect: 'the cache receives the next CloneSet version (spec and status together)',
    upstream: 'the CloneSet informer delivers a watch event to the controller-runtime cache that r.Get reads',
  },
  revisionCacheSync: {
    label: 'revision-cache-sync',
    enabled: "the controller's ControllerRevision cache lacks the last revision a reconcile created or renumbered (staleRevisions)",
    effect: 'the cache receives that write; until then a reconcile lists the revisions without it',
    upstream:
      'the ControllerRevision informer delivers the watch event to the controller-runtime cache that ListControllerRevisions (historyutil.NewHistory) reads',
  },
  statusWriteFails: {
    label: 'write-status-fails',
    enabled: 'a status waits to be written and a status-write failure is left (statusWriteFailures)',
    effect: 'the computed status is dropped unwritten; the pods the reconcile changed stay changed',
    upstream: 'updateStatus returns an error (RetryOnConflict gave up): doReconcile returns it, the request is requeued',
  },
  podCacheSync: {
    label: 'pod-cache-sync(pod)',
    enabled: "a pod's change is not yet in the controller's pod cache (expectations upstream or timeout)",
    effect: 'the cache receives it; what the controller awaited of that pod is observed',
    upstream:
      "the pod informer delivers the event: the pod event handlers call ScaleExpectations.ObserveScale (a pod's deletion also drops its resourceVersion expectation); the next doReconcile's ResourceVersionExpectations.Observe of each listed pod sees a patch",
  },
  expectationsExpire: {
    label: 'expectations-expire',
    enabled:
      'expectations timeout; a creation or deletion is awaited, and no earlier expired one is still unseen (proposed: and every awaited pod is gone from the API server)',
    effect: 'scale expectations are dropped: the next reconcile acts on a cache that lacks those writes',
    upstream:
      "doReconcile: unsatisfied past ExpectationTimeout with ForceDeleteTimeoutExpectationGate → ScaleExpectations.DeleteExpectations (proposed: after the commented-out TODO's GET of each dirty pod)",
  },
  deadlinePasses: {
    label: 'deadline-passes',
    enabled:
      "progressDeadlineSeconds set; the status's Progressing condition, or the pending status's (with stale reads: or a lagging version's), is one whose time the controller reads (not ProgressDeadlineExceeded; proposed: nor Available, Paused or PartitionAvailable) and its deadline has not passed",
    effect:
      'those conditions are past their deadline: lastUpdateTime + progressDeadlineSeconds is before now (with stale reads: the copies with the oldest lastUpdateTime only)',
    upstream:
      'time: CloneSetDeadlineExceeded (cloneset_utils.go) compares the lastUpdateTime of the condition doReconcile carried over with time.Now(); calculateProgressingStatus requeues the CloneSet for the deadline (getRequeueSecondsFromCondition)',
  },
};

/** Who takes the action: users, or the system (controller and kubelet), as convergence needs to know. */
export function actorOf(a: Action): Actor {
  // Asked on every explored transition: two string-identity compares are cheaper than a keyed load. The
  // record stays the source of truth (a test checks both agree for every kind).
  const k = a.kind;
  return k === 'reconcile' || k === 'writeStatus' ? 'controller' : k === 'podReady' ? 'kubelet' : ACTOR[k];
}

export const actorOfKind = (kind: ActionKind): Actor => ACTOR[kind];

/**
 * Convergence's split of the steps (the model's actionClass): users' actions and disturbances, which the
 * system must recover from, against the system's own steps.
 */
export type ActionClass = 'user' | 'system';

const CLASS: Readonly<Record<ActionKind, ActionClass>> = Object.fromEntries(
  ACTION_KINDS.map((k) => [k, ACTOR[k] === 'user' || isDisturbanceKind(k) ? 'user' : 'system']),
) as Record<ActionKind, ActionClass>;

export function actionClassOf(a: Action): ActionClass {
  // Asked for every explored transition when convergence is checked: the commonest system steps by an
  // identity compare of their kind, the rest from the table (built from ACTOR and isDisturbanceKind).
  const k = a.kind;
  if (k === 'reconcile') return isFailingReconcile(a) ? 'user' : 'system';
  return k === 'writeStatus' || k === 'podReady' ? 'system' : CLASS[k];
}

export function actionLabel(a: Action): string {
  return match(a)
    .with({ kind: 'rollout' }, (x) => `rollout(${revName(x.template)})`)
    .with({ kind: 'deletePod' }, (x) => `delete(${describePod(x.pod)}${viaText(x.via)})`)
    .with({ kind: 'scale' }, (x) => `scale(${x.replicas})`)
    .with({ kind: 'setPartition' }, (x) => `partition(${JSON.stringify(x.value)})`)
    .with({ kind: 'setPaused' }, (x) => (x.paused ? 'pause' : 'resume'))
    .with({ kind: 'setStrategy' }, (x) => `${x.field}(${JSON.stringify(x.value)})`)
    .with({ kind: 'podReady' }, (x) => `ready(${describePod(x.pod)}${viaText(x.via)})`)
    .with({ kind: 'podAvailable' }, (x) =>
      x.cachedOnly === true
        ? `available(${describePod(x.pod)}, the cached copy only; the pod ${nowText(x.via)})`
        : `available(${describePod(x.pod)}${viaText(x.via)})`,
    )
    .with({ kind: 'markPod' }, (x) => `mark(${describePod(x.pod)}${viaText(x.via)})`)
    .with({ kind: 'podUnready' }, (x) => `unready(${describePod(x.pod)}${viaText(x.via)})`)
    .with({ kind: 'podFail' }, (x) => `fail(${describePod(x.pod)}${viaText(x.via)})`)
    .with({ kind: 'inPlaceDone' }, (x) => `in-place-done(${describePod(x.pod)}${viaText(x.via)})`)
    .with({ kind: 'releaseHook' }, (x) => `release-hook(${describePod(x.pod)}${viaText(x.via)})`)
    .with({ kind: 'restoreHook' }, (x) => `restore-hook(${describePod(x.pod)}${viaText(x.via)})`)
    .with({ kind: 'reconcile' }, (x) => (x.choice === undefined ? 'reconcile' : `reconcile[${x.choice}: ${x.picks ?? ''}]`))
    .with({ kind: 'writeStatus' }, () => 'write-status')
    .with({ kind: 'cacheSync' }, () => 'cache-sync')
    .with({ kind: 'revisionCacheSync' }, () => 'revision-cache-sync')
    .with({ kind: 'statusWriteFails' }, () => 'write-status-fails')
    .with({ kind: 'podCacheSync' }, (x) => `pod-cache-sync(${describePodEntry(x.entry)})`)
    .with({ kind: 'expectationsExpire' }, () => 'expectations-expire')
    .with({ kind: 'deadlinePasses' }, () => 'deadline-passes')
    .exhaustive();
}

/** What became of a pod whose cached copy's window ends alone (the truth behind its entry). */
const nowText = (via: PodEntry | undefined): string =>
  via === undefined || via.truth === null ? (via?.failed === true ? 'failed' : 'gone') : `now ${describePod(via.truth)}`;

/**
 * Which pod a user or kubelet step takes when the pod cache lags: the one the cache shows as … A pod the
 * cache has not shown is awaited (the controller's creation) or not (one whose expectation expired, or whose
 * creation timed out): two pods of one kind the steps tell apart.
 */
const viaText = (via: PodEntry | undefined): string =>
  via === undefined
    ? ''
    : via.cached === null
      ? via.awaited === 'none'
        ? ', not yet in the cache, not awaited'
        : ', not yet in the cache'
      : via.failed === true
        ? ', failed, still cached'
        : `, cached as ${describePod(via.cached)}`;

// Actions are values: the explorer asks for every state's actions, so each one is built once and shared
// (frozen) rather than allocated per state. Partition actions carry the scenario's value and are few.
const ROLLOUT: Action[] = [];
const SCALE: Action[] = [];
const DELETE_POD: Action[] = [];
const POD_READY: Action[] = [];
const POD_AVAILABLE: Action[] = [];
const MARK_POD: Action[] = [];
const POD_UNREADY: Action[] = [];
const POD_FAIL: Action[] = [];
const IN_PLACE_DONE: Action[] = [];
const RELEASE_HOOK: Action[] = [];
const RESTORE_HOOK: Action[] = [];
const RECONCILE: Action = Object.freeze({ kind: 'reconcile' });
const WRITE_STATUS: Action = Object.freeze({ kind: 'writeStatus' });
const CACHE_SYNC: Action = Object.freeze({ kind: 'cacheSync' });
const REVISION_CACHE_SYNC: Action = Object.freeze({ kind: 'revisionCacheSync' });
const STATUS_WRITE_FAILS: Action = Object.freeze({ kind: 'statusWriteFails' });
const EXPECTATIONS_EXPIRE: Action = Object.freeze({ kind: 'expectationsExpire' });
const DEADLINE_PASSES: Action = Object.freeze({ kind: 'deadlinePasses' });
const PAUSE: Action = Object.freeze({ kind: 'setPaused', paused: true });
const RESUME: Action = Object.freeze({ kind: 'setPaused', paused: false });

/** Stores a new shared action (frozen) in its table; the tables are read first, `table[i] ?? remember(…)`. */
function remember(table: Action[], i: number, a: Action): Action {
  const frozen = Object.freeze(a);
  table[i] = frozen;
  return frozen;
}

/**
 * The state after a reconcile, or null when the reconcile would change nothing (an idle controller is not
 * a step). The explorer asks for a state's actions, whether it is settled and then for its successors, all
 * about one state: the view remembers the last answer. With free choices: the first outcome that changes
 * something, so a state is settled only when no outcome would.
 */
export function reconcileChanges(v: ScenarioView, s: CloneSetState): CloneSetState | null {
  const last = v.lastReconcile;
  // With free choices `last` is never filled, so the cache hit stays the first test on the hot path.
  if (last.state === s) return last.next;
  if (v.scenario.freeChoices === true || podWriteMayFail(s)) return firstChange(v, s);
  // One outcome, or several where a write goes to a pod deleted already (singleReconcile).
  const single = singleReconcile(v, s);
  const result = single === null ? firstChange(v, s) : sameState(s, single.state) ? null : single.state;
  last.state = s;
  last.next = result;
  last.branches = single === null;
  return result;
}

/** The first of the reconcile's outcomes that changes something, but for a refused write's. */
function firstChange(v: ScenarioView, s: CloneSetState): CloneSetState | null {
  // A refused write is a disturbance, not the controller's own doing: it does not keep a state unsettled.
  for (const c of reconcileChoiceStates(v, s)) if (c.next !== null && !isFailingPicks(c.picks)) return c.next;
  return null;
}

/** Whether the reconcile of `s` has several outcomes (free choices, pod-write failures, a pod deleted already). */
function reconcileBranches(v: ScenarioView, s: CloneSetState): boolean {
  if (v.scenario.freeChoices === true || podWriteMayFail(s)) return true;
  reconcileChanges(v, s);
  return v.lastReconcile.branches;
}

/** Each distinct outcome of a reconcile that branches (reconcileChoices); `next` null where it changes nothing. */
export function reconcileChoiceStates(v: ScenarioView, s: CloneSetState): ScenarioView['lastChoices']['choices'] {
  const last = v.lastChoices;
  if (last.state === s) return last.choices;
  // Loops, not `map` and `forEach` with closures (here and in reconcileActions): asked of every explored state.
  const outcomes = reconcileChoices(v, s);
  const choices: { next: CloneSetState | null; picks: string }[] = [];
  for (let i = 0; i < outcomes.length; i++) {
    const c = outcomes[i]!;
    choices.push({ next: sameState(s, c.state) ? null : c.state, picks: c.picks });
  }
  last.state = s;
  last.choices = choices;
  return choices;
}

/** The enabled reconcile steps of `s` with free choices: one per outcome that changes something. */
function reconcileActions(v: ScenarioView, s: CloneSetState, out: ActionList): void {
  const choices = reconcileChoiceStates(v, s);
  if (choices.length === 1) {
    // The only way left is still named where it is one of upstream's several (a write that failed or
    // landed on a stale pod, a refused one): its label says which, and the step goes where it says.
    const c = choices[0]!;
    if (c.next !== null) out.push(picksTellAWay(c.picks) ? { kind: 'reconcile', choice: 0, picks: c.picks } : RECONCILE);
    return;
  }
  for (let choice = 0; choice < choices.length; choice++) {
    const c = choices[choice]!;
    if (c.next !== null) out.push({ kind: 'reconcile', choice, picks: c.picks });
  }
}

/** Pods are in canonical (code) order, so equal pods are adjacent: true for the first of each kind. */
function firstOfKind(pods: readonly Pod[], i: number): boolean {
  return i === 0 || podCode(pods[i - 1]!) !== podCode(pods[i]!);
}

// When a user or kubelet step may take a pod (without a pod cache): top-level functions rather than closures
// made per call, so enabledActions allocates nothing for them.
const anyPod = (_p: Pod, _sc: Scenario): boolean => true;
const mayMark = (p: Pod, _sc: Scenario): boolean => !p.marked;
// The lifecycle label does not gate readiness: a pod in a hook's lifecycle (lifecycleHooks only) becomes
// ready as a Normal one does; PreparingNormal only with preparingReady, Updating never.
const mayBecomeReady = (p: Pod, sc: Scenario): boolean =>
  (p.lifecycle === 'PreparingNormal' ? sc.preparingReady === true : p.lifecycle !== 'Updating') && !p.ready;
const mayBecomeAvailable = (p: Pod, _sc: Scenario): boolean => p.notYetAvailable === true;
const mayFinishInPlace = (p: Pod, _sc: Scenario): boolean => p.lifecycle === 'Updating' && !p.ready;
const mayTurnUnready = (p: Pod, _sc: Scenario): boolean => readyCondition(p);
const mayRelease = (p: Pod, _sc: Scenario): boolean =>
  (p.lifecycle === 'PreparingDelete' && p.preDeleteHook === true) || (p.lifecycle === 'PreparingUpdate' && p.inPlaceHook === true);
const mayRestore = (p: Pod, sc: Scenario): boolean =>
  p.lifecycle === 'Updated' && p.inPlaceHook !== true && sc.lifecycleHooks !== 'preDelete';

/**
 * One step of `kind` per distinct pod that `fits` (pods are in canonical order, so equal pods are adjacent:
 * the first of each kind), each action shared through `table` by pod code. With a pod cache, over the pods
 * it holds as they are (pushPodChanges).
 */
function pushPodSteps(
  sc: Scenario,
  pods: readonly Pod[],
  fits: (p: Pod, sc: Scenario) => boolean,
  kind: PodChangeKind,
  table: Action[],
  out: ActionList,
): void {
  let last = -1;
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i]!;
    const code = podCode(pod);
    if (code !== last && fits(pod, sc)) out.push(table[code] ?? remember(table, code, { kind, pod: internPod(pod) }));
    last = code;
  }
}

/**
 * The actions of the state being listed (enabledActions, which never runs inside itself): gathered in one
 * reused array and copied out at their exact length. A list grown by push from empty gets room for 17, and
 * this list is made for every explored state.
 */
class ActionList {
  private readonly items: Action[] = [];
  private n = 0;

  start(): void {
    this.n = 0;
  }

  push(a: Action): void {
    this.items[this.n++] = a;
  }

  take(): Action[] {
    return firstItems(this.items, this.n);
  }
}

const LISTING = new ActionList();

/** The enabled actions of `s`, in a fixed order (part of the determinism contract). */
export function enabledActions(v: ScenarioView, s: CloneSetState): Action[] {
  const sc = v.scenario;
  const b = s.budgets;
  const pods = s.pods;
  const out = LISTING;
  out.start();
  // kruise's webhook validates each update of the CloneSet object at its new spec (validateCloneSetUpdate →
  // validateUpdateStrategy): while maxSurge and maxUnavailable are both 0 at spec.replicas above 0 (reachable
  // only through a scale, which the webhook does not see: pushStrategyEdits), it refuses every edit that keeps
  // the pair — rollouts, partition and pause changes; scales and the strategy edits that leave it get through.
  const objectEdits = !(s.spec.replicas > 0 && holdsZeroPair(v, s.spec));
  // Time first: of two shortest traces, the one where the deadline passes before a user's edit is the one a
  // kubectl script can follow (a real controller reconciles an edit at once, before any deadline can pass).
  if (sc.progressDeadline === true) pushDeadlinePasses(v, s, out);
  if (objectEdits && budgetLeft(b.rollouts)) {
    for (let t = 0; t < sc.templates; t++)
      if (t !== s.spec.template) out.push(ROLLOUT[t] ?? remember(ROLLOUT, t, { kind: 'rollout', template: t }));
  }
  const podCache = s.observed !== null && sc.expectations !== undefined && sc.expectations !== 'ideal';
  // The pods held as they are, for every kind of pod change below (made once: it copies the list), and
  // which entries come first of their kind.
  const synced = podCache ? syncedPods(s) : pods;
  if (podCache) markFirstEntries(s.observed!.pods);
  const marks = (b.marks ?? 0) > 0;
  const failures = (b.failures ?? 0) > 0;
  if (podCache) {
    if (b.deletes > 0) {
      pushPodChanges(s, sc, synced, out, anyPod, 'deletePod', DELETE_POD);
      pushFailedPodDeletes(s, out);
    }
    if (marks) pushPodChanges(s, sc, synced, out, mayMark, 'markPod', MARK_POD);
  } else {
    if (b.deletes > 0) pushPodSteps(sc, pods, anyPod, 'deletePod', DELETE_POD, out);
    if (marks) pushPodSteps(sc, pods, mayMark, 'markPod', MARK_POD, out);
  }
  if (budgetLeft(b.scales)) {
    for (let r = 0; r <= sc.maxReplicas; r++)
      if (r !== s.spec.replicas) out.push(SCALE[r] ?? remember(SCALE, r, { kind: 'scale', replicas: r }));
  }
  if (objectEdits && budgetLeft(b.partitions)) {
    const values = v.partitions;
    for (let index = 0; index < values.length; index++) if (index !== s.spec.partition) out.push(v.partitionActions[index]!);
  }
  if (objectEdits && b.pauses !== undefined && budgetLeft(b.pauses)) out.push(s.spec.paused ? RESUME : PAUSE);
  if (b.strategies !== undefined && budgetLeft(b.strategies)) pushStrategyEdits(v, s, out);
  if (podCache) {
    pushPodChanges(s, sc, synced, out, mayBecomeReady, 'podReady', POD_READY);
    if (hasAvailabilityWindow(sc)) pushTimePasses(s, sc, synced, out);
    if (sc.inPlaceKubelet === true) pushPodChanges(s, sc, synced, out, mayFinishInPlace, 'inPlaceDone', IN_PLACE_DONE);
    if (failures) {
      pushPodChanges(s, sc, synced, out, mayTurnUnready, 'podUnready', POD_UNREADY);
      pushPodChanges(s, sc, synced, out, anyPod, 'podFail', POD_FAIL);
    }
  } else {
    pushPodSteps(sc, pods, mayBecomeReady, 'podReady', POD_READY, out);
    if (hasAvailabilityWindow(sc)) pushPodSteps(sc, pods, mayBecomeAvailable, 'podAvailable', POD_AVAILABLE, out);
    if (sc.inPlaceKubelet === true) pushPodSteps(sc, pods, mayFinishInPlace, 'inPlaceDone', IN_PLACE_DONE, out);
    if (failures) {
      pushPodSteps(sc, pods, mayTurnUnready, 'podUnready', POD_UNREADY, out);
      pushPodSteps(sc, pods, anyPod, 'podFail', POD_FAIL, out);
    }
  }
  if (sc.lifecycleHooks !== undefined) {
    if (podCache) {
      // Releases before restores here, where the list without a pod cache interleaves them by pod: the
      // order only has to be fixed, and no pinned figure has a pod cache with hooks.
      pushPodChanges(s, sc, synced, out, mayRelease, 'releaseHook', RELEASE_HOOK);
      pushPodChanges(s, sc, synced, out, mayRestore, 'restoreHook', RESTORE_HOOK);
    } else {
      for (let i = 0; i < pods.length; i++) {
        const pod = pods[i]!;
        if (!firstOfKind(pods, i)) continue;
        const code = podCode(pod);
        if (mayRelease(pod, sc)) out.push(RELEASE_HOOK[code] ?? remember(RELEASE_HOOK, code, { kind: 'releaseHook', pod: internPod(pod) }));
        else if (mayRestore(pod, sc))
          out.push(RESTORE_HOOK[code] ?? remember(RESTORE_HOOK, code, { kind: 'restoreHook', pod: internPod(pod) }));
      }
    }
  }
  if (s.pending !== null) out.push(WRITE_STATUS);
  else if (reconcileBranches(v, s)) reconcileActions(v, s, out);
  else if (reconcileChanges(v, s) !== null) out.push(RECONCILE);
  if (s.observed !== null) {
    if (writeMayFail(s)) out.push(STATUS_WRITE_FAILS);
    if (objectCacheLags(s)) out.push(CACHE_SYNC);
    if (revisionCacheLags(s)) out.push(REVISION_CACHE_SYNC);
    if (podCache) {
      let last = -1;
      for (const e of s.observed.pods) {
        const code = podEntryCode(e);
        // A creation that never landed has no event for the informer to deliver.
        if (code !== last && e.awaited !== 'unlanded') out.push({ kind: 'podCacheSync', entry: e });
        last = code;
      }
      if (mayExpire(v, s)) out.push(EXPECTATIONS_EXPIRE);
    }
  }
  return out.take();
}

/** progressDeadlineSeconds pass, where some condition's deadline is still to pass and would be read. */
function pushDeadlinePasses(v: ScenarioView, s: CloneSetState, out: ActionList): void {
  if (someConditionTimed(v, s)) out.push(DEADLINE_PASSES);
}

/**
 * With a lagging pod cache, a user or the kubelet acts on one pod of a kind: one action per distinct pod
 * the cache holds as it is, then one per distinct entry whose pod is of the kind (the two differ in what
 * the cache will show).
 */
/** The user and kubelet steps that change one pod: with a lagging pod cache they carry `via`. */
type PodChangeKind = PodStep['kind'];

// Per entry of the state being listed: whether it is the first of its kind (entry code), so that pod
// changes through entries are listed once per kind. Filled by markFirstEntries once per listing, read by
// every pushPodChanges of it (up to seven), where each computed two codes per entry before.
let entryFirst = new Uint8Array(64);

function markFirstEntries(entries: readonly PodEntry[]): void {
  if (entries.length > entryFirst.length) entryFirst = new Uint8Array(2 * entries.length);
  let last = -1;
  for (let i = 0; i < entries.length; i++) {
    const code = podEntryCode(entries[i]!);
    entryFirst[i] = code !== last ? 1 : 0;
    last = code;
  }
}

/**
 * `synced`: syncedPods(s); the entries marked by markFirstEntries. A change of a pod held as it is is the
 * step of its kind without a pod cache (pushPodSteps, over the held pods); one through an entry is made here
 * (shared by entry code through a Map was measured slower than the allocation).
 */
function pushPodChanges(
  s: CloneSetState,
  sc: Scenario,
  synced: readonly Pod[],
  out: ActionList,
  fits: (p: Pod, sc: Scenario) => boolean,
  kind: PodChangeKind,
  table: Action[],
): void {
  pushPodSteps(sc, synced, fits, kind, table, out);
  const entries = s.observed!.pods;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (entryFirst[i] === 1 && e.truth !== null && fits(e.truth, sc)) out.push({ kind, pod: internPod(e.truth), via: e });
  }
}

/**
 * With a lagging pod cache, minReadySeconds pass for a pod: one held as it is, or the truth behind an entry
 * (with its cached copy when that waits too), or an entry's cached copy alone (pod-cache.ts passTime).
 */
function pushTimePasses(s: CloneSetState, sc: Scenario, synced: readonly Pod[], out: ActionList): void {
  pushPodSteps(sc, synced, mayBecomeAvailable, 'podAvailable', POD_AVAILABLE, out);
  const entries = s.observed!.pods;
  // The truth's window first, then the copies': the order only has to be fixed.
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (entryFirst[i] === 1 && truthWindowMayEnd(e)) out.push({ kind: 'podAvailable', pod: e.truth!, via: e });
  }
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    // Alone only where the truth does not share the copy's Ready transition: gone, not ready, or ready again.
    if (entryFirst[i] === 1 && e.cached !== null && e.cached.notYetAvailable === true && !truthWindowMayEnd(e))
      out.push({ kind: 'podAvailable', pod: e.cached, via: e, cachedOnly: true });
  }
}

/**
 * Whether the window of the truth behind `e` may end now (with its cached copy's, if that waits too): it
 * waits, and it is not ready again behind a waiting copy, whose older window must end first.
 */
const truthWindowMayEnd = (e: PodEntry): boolean => e.truth !== null && e.truth.notYetAvailable === true && e.readyAgain !== true;

/**
 * A user deletes a pod that failed and that the controller's cache still lists as active (a Failed pod
 * stays in the API server until someone deletes it: CloneSet does not). The step names the pod as cached;
 * the pods as they are do not change (a Failed pod is not among them), the entry becomes a deleted pod's,
 * so the controller's writes to it may then be NotFound. A pod that failed before the cache ever saw it is
 * not offered: the controller never writes to it.
 */
function pushFailedPodDeletes(s: CloneSetState, out: ActionList): void {
  const entries = s.observed!.pods;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (entryFirst[i] === 1 && e.failed === true && e.cached !== null) out.push({ kind: 'deletePod', pod: e.cached, via: e });
  }
}

/** The transition function. `a` must be enabled in `s`. */
export function applyAction(v: ScenarioView, s: CloneSetState, a: Action): CloneSetState {
  const t = withStableRevision(v, successor(v, s, a));
  // A step may drop a copy of the condition or add one set afresh: its times are ranked again.
  return ranksConditions(v) ? rankConditions(v, t) : t;
}

// A switch with a `never` default rather than ts-pattern: as exhaustive at compile time, and this runs
// once per explored transition, where ts-pattern's allocations showed up as a third of the time.
function successor(v: ScenarioView, s: CloneSetState, a: Action): CloneSetState {
  const b = s.budgets;
  const sp = s.spec;
  switch (a.kind) {
    case 'rollout':
      return specEdited(
        v,
        s,
        specOf(sp.replicas, a.template, sp.partition, sp.paused, sp.surge, sp.unavailable),
        spendBudget(b, 'rollouts'),
      );
    case 'scale':
      return specEdited(v, s, specOf(a.replicas, sp.template, sp.partition, sp.paused, sp.surge, sp.unavailable), spendBudget(b, 'scales'));
    case 'setPartition':
      return specEdited(v, s, specOf(sp.replicas, sp.template, a.index, sp.paused, sp.surge, sp.unavailable), spendBudget(b, 'partitions'));
    case 'setPaused':
      return specEdited(v, s, specOf(sp.replicas, sp.template, sp.partition, a.paused, sp.surge, sp.unavailable), spendBudget(b, 'pauses'));
    case 'setStrategy':
      return specEdited(
        v,
        s,
        a.field === 'maxSurge'
          ? specOf(sp.replicas, sp.template, sp.partition, sp.paused, a.index, sp.unavailable)
          : specOf(sp.replicas, sp.template, sp.partition, sp.paused, sp.surge, a.index),
        spendBudget(b, 'strategies'),
      );
    case 'podAvailable':
      // Time is not a change the pod cache has to receive (passTime), so it takes its own way there.
      if (s.observed !== null && podCacheOn(v)) {
        const c = passTime(s, a.pod, a.via ?? null, a.cachedOnly === true);
        return stateOf(s.spec, c.pods, s.status, s.pending, s.history, s.stable, b, c.observed);
      }
      return podChanged(v, s, a, podStepTarget(a, hasAvailabilityWindow(v.scenario)), b);
    case 'deletePod':
    case 'podReady':
    case 'markPod':
    case 'podUnready':
    case 'podFail':
    case 'inPlaceDone':
    case 'releaseHook':
    case 'restoreHook':
      return podChanged(v, s, a, podStepTarget(a, hasAvailabilityWindow(v.scenario)), podStepBudgets(b, a.kind));
    case 'reconcile':
      return a.choice === undefined ? (reconcileChanges(v, s) ?? s) : chosenReconcile(v, s, a.choice);
    case 'writeStatus':
      // updateStatus re-reads the CloneSet from the cache until its resourceVersion is the server's
      // (RetryOnConflict) and then replaces the whole status: a status computed from a stale view overwrites
      // a newer one (observe.ts afterStatusWrite).
      return stateOf(
        sp,
        s.pods,
        s.pending ?? s.status,
        null,
        s.history,
        s.stable,
        b,
        s.pending === null ? s.observed : afterPendingWrite(v, s),
      );
    case 'cacheSync':
      return syncCache(s);
    case 'revisionCacheSync':
      return syncRevisionCache(s);
    case 'statusWriteFails':
      return failStatusWrite(s);
    case 'podCacheSync':
      return stateOf(sp, s.pods, s.status, s.pending, s.history, s.stable, b, syncPod(s, a.entry));
    case 'expectationsExpire':
      return stateOf(sp, s.pods, s.status, s.pending, s.history, s.stable, b, expireExpectations(s));
    case 'deadlinePasses': {
      if (ranksConditions(v)) return passOldestDeadline(v, s);
      const untimed = settledUntimed(v);
      const pending = s.pending === null ? null : pastDeadline(s.pending, untimed);
      return stateOf(sp, s.pods, pastDeadline(s.status, untimed), pending, s.history, s.stable, b, s.observed);
    }
    default:
      return unreachable(a);
  }
}

/** A step on one pod: a user's, the kubelet's or a hook owner's. */
export type PodStep = Extract<Action, { readonly via?: PodEntry }>;

/**
 * The pod a pod step leaves in place of `a.pod`; null when the pod leaves the active list. `window`: the
 * scenario's minReadySeconds is above 0, so a pod the kubelet reports ready is not yet available.
 */
export function podStepTarget(a: PodStep, window: boolean): Pod | null {
  switch (a.kind) {
    case 'deletePod':
    case 'podFail':
      return null;
    // An Updating pod's `ready` is the kubelet's completion (state.ts, Pod.ready), with no window.
    case 'podReady':
    case 'inPlaceDone':
      return readied(a.pod, window);
    case 'podAvailable':
      return madeAvailable(a.pod);
    // A user's label patch (isSpecifiedDelete reads the label).
    case 'markPod':
      return markedPod(a.pod);
    case 'podUnready':
      return unreadied(a.pod);
    case 'releaseHook':
      return withHook(a.pod, a.pod.lifecycle === 'PreparingDelete' ? 'preDelete' : 'inPlaceUpdate', false);
    case 'restoreHook':
      return withHook(a.pod, 'inPlaceUpdate', true);
    default:
      return unreachable(a);
  }
}

/** The budget a pod step of `kind` spends, if any. */
export function podStepSpends(kind: PodStep['kind']): 'deletes' | 'marks' | 'failures' | null {
  return kind === 'deletePod' ? 'deletes' : kind === 'markPod' ? 'marks' : kind === 'podUnready' || kind === 'podFail' ? 'failures' : null;
}

function podStepBudgets(b: CloneSetState['budgets'], kind: PodStep['kind']): CloneSetState['budgets'] {
  const key = podStepSpends(kind);
  return key === null ? b : spendBudget(b, key);
}

/**
 * Edits of maxSurge and of maxUnavailable to each other value of the scenario's, but not to a pair kruise's
 * webhook refuses (validateUpdateStrategy: both below 1 at spec.replicas > 0). A value below 1 at some
 * replicas count above 0 is 0 at every one (percentages round up), so the rule is "not both zero". At
 * spec.replicas 0 the webhook takes the pair, and a later scale-up goes through the scale subresource
 * (`kubectl scale`, what the model's scale step is), which the webhook's rules (`resources=clonesets`) do
 * not cover: so the edit is offered there, and the pair may then run at any replicas, where the webhook refuses
 * every other edit of the CloneSet object until a strategy edit leaves the pair (enabledActions; session 28:
 * before, the edit at 0 was not offered, on the belief that the webhook would refuse every scale-up).
 */
function pushStrategyEdits(v: ScenarioView, s: CloneSetState, out: ActionList): void {
  const sp = s.spec;
  const zero = v.zeroStrategyValues;
  const admitsAny = sp.replicas === 0;
  for (let i = 0; i < v.surges.length; i++)
    if (i !== sp.surge && (admitsAny || !(zero.surges[i] === true && zero.unavailables[sp.unavailable] === true)))
      out.push(v.surgeActions[i]!);
  for (let i = 0; i < v.unavailables.length; i++)
    if (i !== sp.unavailable && (admitsAny || !(zero.unavailables[i] === true && zero.surges[sp.surge] === true)))
      out.push(v.unavailableActions[i]!);
}

/** A user's edit of the spec: the pods as they were, its budget spent, and the caches told (afterSpecEdit). */
function specEdited(v: ScenarioView, s: CloneSetState, spec: Spec, budgets: CloneSetState['budgets']): CloneSetState {
  return stateOf(spec, s.pods, s.status, s.pending, s.history, s.stable, budgets, afterSpecEdit(v, s));
}

/**
 * A user, kubelet or hook-owner step on one pod (`to` null: it leaves the active list). With a lagging pod
 * cache the change lands on the truth and the cache receives it by a later pod-cache-sync step.
 */
function podChanged(v: ScenarioView, s: CloneSetState, a: PodStep, to: Pod | null, budgets: CloneSetState['budgets']): CloneSetState {
  if (s.observed !== null && podCacheOn(v)) {
    const c = changePod(s, a.pod, a.via ?? null, to, a.kind === 'podFail');
    return stateOf(s.spec, c.pods, s.status, s.pending, s.history, s.stable, budgets, c.observed);
  }
  const pods = withPodChanged(s.pods, a.pod, to);
  return stateOf(s.spec, pods, s.status, s.pending, s.history, s.stable, budgets, s.observed);
}

/** The state after the reconcile outcome `choice` (free choices only). */
function chosenReconcile(v: ScenarioView, s: CloneSetState, choice: number): CloneSetState {
  const c = reconcileChoiceStates(v, s)[choice];
  if (c === undefined) throw new Error(`reconcile choice ${choice} does not exist in this state`);
  return c.next ?? s;
}

function unreachable(x: never): never {
  throw new Error(`unhandled action ${JSON.stringify(x)}`);
}

/**
 * Ghost update: a rollout completes when spec.replicas > 0, P = 0 and every pod — as many as spec.replicas —
 * is at the template's revision. (Without the count, deleting every pod would "complete" a rollout that no
 * pod ever ran, and a later rollback would be judged as a canary of its own.)
 */
function withStableRevision(v: ScenarioView, s: CloneSetState): CloneSetState {
  if (s.stable === s.spec.template) return s;
  const t = s.spec.template;
  if (s.spec.replicas === 0 || s.pods.length !== s.spec.replicas || partitionReplicas(v, s) !== 0) return s;
  for (const p of s.pods) if (p.rev !== t) return s;
  return stateOf(s.spec, s.pods, s.status, s.pending, s.history, t, s.budgets, s.observed);
}

/** A rollout is in progress while the template differs from the last completed rollout's revision. */
export const rolloutInProgress = (s: CloneSetState): boolean => s.spec.template !== s.stable;
