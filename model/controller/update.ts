/**
 * Models `Update` (pkg/controller/cloneset/sync/cloneset_update.go): refresh pod lifecycles, and
 * only if no pod needed a refresh, move pods toward the update revision (or back, with the rollback gate)
 * within updateNum and the unavailability budget.
 */
import { calculateDiffsWithExpectation } from './diffs.js';
import type { PodEffect, SyncResult } from './effects.js';
import { sortUpdateIndexes } from './pod-order.js';
import { equalToRevisionHash } from './predicates.js';
import type { CloneSetSpec, ControllerPod, Lifecycle, SyncContext } from './types.js';
import { limitUpdateIndexes } from './update-limit.js';

/** Models `refreshPodState`'s lifecycle transitions (no inPlaceUpdate hooks in this model). */
function refreshedLifecycle(pod: ControllerPod, ctx: SyncContext): Lifecycle | null {
  switch (pod.lifecycle) {
    case 'PreparingNormal': {
      const ready = ctx.preNormalHookPending ? false : !ctx.preparingNormalNeedsNode || pod.order.nodeAssigned;
      return ready ? 'Normal' : null;
    }
    case 'PreparingUpdate':
      return equalToRevisionHash(pod.revision, ctx.updateRevision) ? 'Normal' : null;
    // CheckPodUpdateCompleted: without inPlaceUpdateCompleted the kubelet's in-place restart is taken as
    // finished by the next refresh (an abstraction); with it, the refresh waits for the kubelet.
    case 'Updating':
      return pod.inPlaceUpdateCompleted === false ? null : 'Normal';
    case 'Updated':
      return 'Normal';
    default:
      return null;
  }
}

/** Models the refresh loop at the top of `Update`: returns the effects and whether any pod was patched. */
export function refreshPods(pods: readonly ControllerPod[], ctx: SyncContext): { patched: boolean; effects: PodEffect[] } {
  const effects: PodEffect[] = [];
  let patched = false;
  pods.forEach((pod, index) => {
    // inplaceControl.Refresh: the readiness-gate condition is set once no in-place update is in flight
    // (CheckContainersUpdateCompleted).
    if (pod.inPlaceUpdateReady !== 'True' && pod.inPlaceUpdateCompleted !== false) effects.push({ kind: 'setInPlaceUpdateReady', index });
    const lifecycle = refreshedLifecycle(pod, ctx);
    if (lifecycle !== null && lifecycle !== pod.lifecycle) {
      effects.push({ kind: 'setLifecycle', index, lifecycle });
      patched = true;
    }
  });
  return { patched, effects };
}

/** Models `Update` after the refresh: candidates, order, limit, then `updatePod` per accepted pod. */
export function update(spec: CloneSetSpec, pods: readonly ControllerPod[], ctx: SyncContext): SyncResult {
  const refresh = refreshPods(pods, ctx);
  if (refresh.patched) return { phase: 'refresh', effects: refresh.effects };
  const done = (effects: readonly PodEffect[]): SyncResult => ({ phase: effects.length > 0 ? 'update' : 'none', effects });
  if (spec.updateStrategyType === 'OnDelete') return done(refresh.effects);
  if (spec.rollingUpdate?.paused === true) return done(refresh.effects);

  const diffs = calculateDiffsWithExpectation({
    spec,
    pods,
    currentRevision: ctx.currentRevision,
    updateRevision: ctx.updateRevision,
    classifier: 'EqualToRevisionHash',
    gates: ctx.gates,
  });
  if (diffs.updateNum === 0) return done(refresh.effects);

  const forward = diffs.updateNum > 0;
  const target = forward ? ctx.updateRevision : ctx.currentRevision;
  const candidates: number[] = [];
  pods.forEach((pod, i) => {
    const atUpdate = equalToRevisionHash(pod.revision, ctx.updateRevision);
    // PreparingDelete pods are skipped; in-place grace periods are not modelled.
    if (atUpdate !== forward && pod.lifecycle !== 'PreparingDelete') candidates.push(i);
  });
  const accepted = limitUpdateIndexes(diffs, sortUpdateIndexes(pods, candidates), pods, target);

  const inPlace = spec.rollingUpdate !== null && spec.rollingUpdate.podUpdatePolicy !== 'ReCreate' && ctx.inPlaceCompatible;
  if (!inPlace && spec.rollingUpdate?.podUpdatePolicy === 'InPlaceOnly') {
    // Upstream returns an error before touching the pod; nothing changes.
    return done(refresh.effects);
  }
  const updates = accepted.map(
    (index): PodEffect => (inPlace ? { kind: 'inPlaceUpdate', index, revision: target } : { kind: 'markSpecifiedDelete', index }),
  );
  return done([...refresh.effects, ...updates]);
}
