/**
 * Pod predicates of the controller, each named after the upstream function it models. Several readiness
 * notions coexist upstream; each caller uses a specific one, and mixing them up changes deleteReadyLimit
 * and update-limit arithmetic.
 */
import type { ControllerPod, FeatureGates, Lifecycle } from './types.js';

/** `''` behaves like Normal everywhere. */
export function isLifecycleNormal(l: Lifecycle): boolean {
  return l === '' || l === 'Normal';
}

/** Models `core.IsPodUpdateReady` (m = 0): Running ∧ Ready ∧ InPlaceUpdateReady absent or True. */
export function isUpdateReady(pod: ControllerPod): boolean {
  return pod.ready && pod.inPlaceUpdateReady !== 'False';
}

/** Models `sync.IsPodAvailable`: lifecycle-aware Available(minReadySeconds). */
export function isPodAvailable(pod: ControllerPod): boolean {
  return isLifecycleNormal(pod.lifecycle) && pod.available;
}

/**
 * A pod marked for deletion (not yet in PreparingDelete) that is not available: what `calculateDiffsWithExpectation`
 * leaves out of its unavailable count, and the `proposed` variant's deleteReadyLimit counts (markedCountUnavailable).
 */
export function isMarkedUnavailable(pod: ControllerPod): boolean {
  return pod.specifiedDelete && pod.lifecycle !== 'PreparingDelete' && !isPodAvailable(pod);
}

/** Models `sync.isPodReady` (Available(0), lifecycle-aware): whether deleting the pod consumes deleteReadyLimit. */
export function isPodReadyForDelete(pod: ControllerPod): boolean {
  return isLifecycleNormal(pod.lifecycle) && isUpdateReady(pod);
}

/** Models `EqualToRevisionHash`: full name, or the parts after the last '-' agree (short-hash form). */
export function equalToRevisionHash(label: string, revision: string): boolean {
  if (label === revision) return true;
  const i = label.lastIndexOf('-');
  const j = revision.lastIndexOf('-');
  // Neither has a short-hash form (the model's names, v1, v2, …): each is its own short form, and they differ.
  if (i < 0 && j < 0) return false;
  return label.slice(i + 1) === revision.slice(j + 1);
}

export type UpdateClassifier = 'EqualToRevisionHash' | 'IsPodUpdate';

/** Models the `isPodUpdate` argument: plain label match (Update) or `revision.IsPodUpdate` (Scale). */
export function isPodUpdated(pod: ControllerPod, updateRevision: string, classifier: UpdateClassifier, gates: FeatureGates): boolean {
  if (equalToRevisionHash(pod.revision, updateRevision)) return true;
  return classifier === 'IsPodUpdate' && gates.PreparingUpdateAsUpdate && pod.lifecycle === 'PreparingUpdate';
}
