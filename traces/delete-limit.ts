/**
 * Scale's `deleteReadyLimit` at the step that ends a trace, as upstream computes it and with the `proposed`
 * variant's fix (VariantInfo.markedCountUnavailable): the numbers an availability-floor bug report quotes.
 */
import { believedPods } from '../model/cloneset/pod-cache.js';
import { cachedObject, revName, type CloneSetState } from '../model/cloneset/state.js';
import { controllerPodsOf, controllerSpecOf, syncContext, type ScenarioView } from '../model/cloneset/view.js';
import { isMarkedUnavailable } from '../model/controller/predicates.js';
import { scaleDiffs } from '../model/controller/scale.js';

export interface DeleteLimits {
  /** Upstream's limit. */
  readonly upstream: number;
  /** The limit with the marked pods that are not available counted as unavailable. */
  readonly fixed: number;
  /** Pods marked for deletion (not in PreparingDelete) that are not available: what upstream leaves out. */
  readonly unavailableMarked: number;
}

/**
 * The limits of the reconcile that took the trace from `before` (the pods as the controller believed them,
 * the CloneSet as it read it). The limit does not depend on which pods are at which revision (it subtracts
 * the unavailable pods of both), so the revisions named are the status's.
 */
export function deleteLimitsAt(v: ScenarioView, before: CloneSetState): DeleteLimits {
  const seen = cachedObject(before);
  const ctx = syncContext(v, revName(seen.status.currentRevision), revName(seen.status.updateRevision));
  const pods = controllerPodsOf(v, believedPods(before));
  const limit = (markedCountUnavailable: boolean): number =>
    scaleDiffs(controllerSpecOf(v, seen), pods, { ...ctx, markedCountUnavailable }).deleteReadyLimit;
  return {
    upstream: limit(false),
    fixed: limit(true),
    unavailableMarked: pods.filter(isMarkedUnavailable).length,
  };
}
