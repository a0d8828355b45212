/**
 * The controller variants a user can pick by name: the `currentRevision` promotion rule of each, and its
 * lifecycle-hook handling. `pre-fix` and `upstream` are the two upstream versions of the condition in
 * `calculateStatus` (with upstream's lifecycle handling); `proposed` is this project's candidate fix: its rule,
 * a Scale `deleteReadyLimit` that counts unready marked pods as unavailable (availability-floor), three
 * lifecycle-hook fixes (docs/findings.md, L1, L2 and L6) that act only where hooks hold pods, a look at the
 * API server before an expired expectation is dropped (row ET; only with expectations timeout),
 * no update steps after a failed deletion (only with failing pod writes), and a pod write that timed out
 * re-issued until the API server's answer says whether it landed (only with pod writes that time out).
 */
import type { PromotionRule } from './status.js';
import type { HookFixes } from './types.js';

export const CONTROLLER_VARIANTS = ['pre-fix', 'upstream', 'proposed'] as const;
export type ControllerVariant = (typeof CONTROLLER_VARIANTS)[number];

export interface VariantInfo {
  readonly name: ControllerVariant;
  readonly summary: string;
  readonly rule: PromotionRule;
  /** Changes to upstream's lifecycle-hook handling (scenarios with lifecycle hooks only); absent = upstream's. */
  readonly hookFixes?: HookFixes;
  /** `hookFixes` in words, for `cloneset-check variants` (`summary` stays the promotion rule's, as reports quote it). */
  readonly hookSummary?: string;
  /**
   * On ExpectationTimeout, GET the awaited pods first and keep waiting while one exists (upstream's
   * commented-out TODO in doReconcile); absent = upstream's: drop the expectation. Expectations timeout only.
   */
  readonly checksApiServerOnExpiry?: boolean;
  /**
   * After a Scale that failed deleting (or patching) a pod, run only Update's refresh loop, not its update
   * steps; absent = upstream's: the whole Update runs whenever Scale reports nothing modified, on the pod
   * list Scale was shrinking. The refresh still runs so that new pods get their InPlaceUpdateReady condition
   * and reach Normal while a delete keeps failing (a PodUnavailableBudget that refuses it, say); a failed
   * creation goes on to the whole Update, as upstream (a quota that refuses pods must not stall an update).
   * With podWriteFailures, and with a lagging pod cache, where a delete of a pod deleted already is NotFound
   * (docs/findings.md, "Failing pod writes", "Pod cache and expectations, the stories").
   */
  readonly stopsAfterFailedDelete?: boolean;
  /**
   * Take a creation that timed out (and, with settlesTimedOutWrites, whose re-issue was refused: the first
   * attempt may be past admission and still commit) as made, as Kubernetes' ReplicaSet and DaemonSet
   * controllers did while pod initializers existed (`return nil` from the slow-start batch): its scale
   * expectation is kept, the batch goes on and createPods reports the change. The informer shows the pod if
   * the API server created it; if it did not, only the expectation's expiry ends it, so this applies only
   * where expectations may expire (expectations timeout; proposed also checks the API server on expiry):
   * without expiry a creation that never landed would hold the controller for ever. Absent = upstream's:
   * createPods rolls back the expectation of every creation that returned an error (docs/findings.md,
   * "Writes that time out").
   */
  readonly keepsTimedOutCreations?: boolean;
  /**
   * After a pod write that ended in an error after which it may have landed (the API server's 504, which it
   * answers while the write may still commit; a client deadline; a dropped connection), re-issue it in a form
   * the API server can apply only once until the answer is definite: a creation under the same pod name
   * (AlreadyExists: it landed), an in-place update with the resourceVersion it carried (a 409: read the pod
   * and see whether it holds the update), a delete with the pod's UID as precondition (NotFound: gone), a
   * label or lifecycle patch as it was (it is idempotent). Then go on as for a write that succeeded (its
   * expectation kept, or `Expect` of the resourceVersion returned; the loop goes on) or that was refused
   * (rolled back; the loop stops). Absent = upstream's: such a write is handled as refused, though it may have
   * landed, so nothing awaits it. Left open: a re-issue refused by admission while the first attempt, past
   * admission, still commits (where keepsTimedOutCreations applies, such a creation is kept as made). The model
   * has no way of its own for such a write: it is one of the reconcile's successful or refused ways
   * (docs/findings.md, "Writes that time out").
   */
  readonly settlesTimedOutWrites?: boolean;
  /**
   * Scale's `deleteReadyLimit` counts the specified-delete pods that are not available as unavailable, as
   * `calculateDiffsWithExpectation` counts every other pod: Scale deletes them without spending the limit, so
   * upstream's limit lets a ready marked pod go beside them and available pods fall below spec.replicas −
   * maxUnavailable (docs/findings.md, availability-floor). Absent = upstream's limit.
   */
  readonly markedCountUnavailable?: boolean;
  /**
   * With updateStrategy OnDelete, calculateDiffsWithExpectation computes no update surge (the `updateSurge`
   * from updateOldDiff and updateNewDiff), since Update makes no update there; the surge for specified deletes
   * (`scaleSurge`), maxSurge itself and maxUnavailable's rounding stay. Upstream's OnDelete (PR #2224) stops
   * only Update, so Scale's update surge still creates pods at the update revision above spec.replicas
   * (docs/findings.md, on-delete-respected). Absent = upstream's.
   */
  readonly onDeleteWithoutUpdateSurge?: boolean;
  /**
   * With spec.progressDeadlineSeconds: a Progressing condition of a settled reason (Available, Paused,
   * PartitionAvailable) times no progress, so the first reconcile of a progress sets Updated with its own
   * time, as Deployment's DeploymentTimedOut returns false on NewRSAvailable. Upstream's
   * CloneSetDeadlineExceeded times the deadline from whichever condition it finds, so a rollout, scale or
   * resume on a CloneSet settled for longer than the deadline is reported ProgressDeadlineExceeded at its first
   * reconcile (docs/findings.md, deadline-from-progress). Absent = upstream's.
   */
  readonly settledConditionsUntimed?: boolean;
}

export const VARIANTS: Readonly<Record<ControllerVariant, VariantInfo>> = {
  'pre-fix': {
    name: 'pre-fix',
    summary: 'upstream before the #1545 fix (as at 912de49a6; the fix is 1f7b69165, PR #1549): promote when updatedReplicas == replicas',
    rule: (x) => x.updatedReplicas === x.replicas,
  },
  upstream: {
    name: 'upstream',
    summary: 'current upstream (PR #1549): also require replicas == spec.replicas',
    rule: (x) => x.updatedReplicas === x.replicas && x.replicas === x.specReplicas,
  },
  proposed: {
    name: 'proposed',
    summary: 'upstream, and only when spec.replicas > 0 and the partition resolves to 0 at spec.replicas',
    rule: (x) => x.updatedReplicas === x.replicas && x.replicas === x.specReplicas && x.specReplicas > 0 && x.partitionReplicas === 0,
    hookFixes: { reviveWithinPartition: true, releaseUnwantedPreparingUpdate: true, keepRollbackPreparingUpdate: true },
    hookSummary:
      'with lifecycle hooks, a scale-up revives PreparingDelete pods at the update revision only as far as it would create such pods, a PreparingUpdate pod the update no longer wants goes back (to Updated if its hook was released, else Normal), and one a partition rollback wants is rolled back',
    checksApiServerOnExpiry: true,
    stopsAfterFailedDelete: true,
    keepsTimedOutCreations: true,
    settlesTimedOutWrites: true,
    markedCountUnavailable: true,
    onDeleteWithoutUpdateSurge: true,
    settledConditionsUntimed: true,
  },
};

export function isControllerVariant(s: string): s is ControllerVariant {
  return (CONTROLLER_VARIANTS as readonly string[]).includes(s);
}
