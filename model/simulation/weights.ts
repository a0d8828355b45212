/**
 * How the simulator draws CloneSet walks: the weight of each action kind. The walk, its choices and the
 * shrinker are generic (checker/simulation/); this is all the CloneSet model adds. Shaped to fit the
 * checker's `KindWeights` structurally (model/ does not depend on checker/).
 */
import { isFailingReconcile, type Action, type ActionKind } from '../cloneset/actions.js';
import { hasAvailabilityWindow, hasPauseChanges, hasStrategyEdits, observes, type Scenario } from '../cloneset/scenario.js';

/**
 * The weight of each action kind, in percent of choices (fixed, whatever the state). Users act in 40% of
 * choices, so two user actions with no reconcile between them — the #1545 pattern — come in about one
 * choice pair in six while budgets last. The controller gets 45 (reconcile 30, status write 15) so that it
 * keeps up with users and the kubelet, yet often lags behind a user action or two. Reconcile is first: a
 * choice simplified by the shrinker becomes "let the controller act".
 */
export const KIND_WEIGHTS: readonly (readonly [ActionKind, number])[] = [
  ['reconcile', 30],
  ['writeStatus', 15],
  ['podReady', 15],
  ['deletePod', 10],
  ['scale', 10],
  ['rollout', 10],
  ['setPartition', 10],
];

/**
 * The CloneSet's kind weights. Scale targets are ascending (current value excluded), and a quarter of the
 * scale picks go to the lowest (scale to 0 whenever 0 is not the current value) and a quarter to the
 * highest (maxReplicas).
 */
export interface CloneSetWeights {
  /** Action kinds, and `podWriteFails` (a reconcile with a failing pod write: refine) where the scenario has them. */
  readonly weights: readonly (readonly [ActionKind | 'podWriteFails', number])[];
  readonly boundaryBiased: readonly ActionKind[];
  readonly refine?: (a: Action) => string | undefined;
}

export const CLONESET_WEIGHTS: CloneSetWeights = {
  weights: KIND_WEIGHTS,
  boundaryBiased: ['scale'],
};

export function describeWeights(): string {
  return KIND_WEIGHTS.map(([k, w]) => `${k} ${w}`).join(', ');
}

/**
 * The kind weights for a scenario: CLONESET_WEIGHTS itself unless an option of issue #14 adds action kinds;
 * then those kinds join with weights of their own. A kind's weight shifts every pick, so scenarios without
 * the options keep the very same table, and with it every seed's walk. The controller's cache and failure
 * steps must be drawn, or a walk would never sync a cache and a reconcile waiting on expectations would
 * never run again.
 */
export function weightsFor(sc: Scenario): CloneSetWeights {
  const extra: (readonly [ActionKind | 'podWriteFails', number])[] = [];
  if (observes(sc)) extra.push(['cacheSync', 10], ['podCacheSync', 15], ['statusWriteFails', 5], ['expectationsExpire', 5]);
  // Only with the option: the table (and every seed's walk) of every other scenario stays as it was.
  if (sc.staleRevisions === true) extra.push(['revisionCacheSync', 10]);
  if ((sc.budgets.marks ?? 0) > 0) extra.push(['markPod', 5]);
  if ((sc.budgets.failures ?? 0) > 0) extra.push(['podUnready', 5], ['podFail', 3]);
  if (sc.inPlaceKubelet === true) extra.push(['inPlaceDone', 15]);
  if (hasPauseChanges(sc)) extra.push(['setPaused', 5]);
  if (hasStrategyEdits(sc)) extra.push(['setStrategy', 5]);
  // Time passing: drawn as often as the kubelet's ready reports that start each window.
  if (hasAvailabilityWindow(sc)) extra.push(['podAvailable', 15]);
  // progressDeadlineSeconds passing: rarer, as a deadline is long next to the controller's steps, yet drawn,
  // or no walk would time out a condition (deadline-from-progress and its witness untested).
  if (sc.progressDeadline === true) extra.push(['deadlinePasses', 5]);
  if (sc.lifecycleHooks !== undefined) extra.push(['releaseHook', 15], ['restoreHook', 10]);
  // A failing pod write is a reconcile outcome: drawn apart, or a reconcile with k ways to fail would fail
  // k times in k + 1 while failures are left.
  const podWrites = (sc.podWriteFailures ?? 0) > 0;
  if (podWrites) extra.push(['podWriteFails', 5]);
  if (extra.length === 0) return CLONESET_WEIGHTS;
  const weights = [...KIND_WEIGHTS, ...extra];
  return podWrites
    ? { weights, boundaryBiased: CLONESET_WEIGHTS.boundaryBiased, refine: refineFailing }
    : { weights, boundaryBiased: CLONESET_WEIGHTS.boundaryBiased };
}

const refineFailing = (a: Action): string | undefined => (isFailingReconcile(a) ? 'podWriteFails' : undefined);
