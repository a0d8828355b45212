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

/**
 * After an in-place update (or a rollback that needs none): `Lifecycle != nil && !IsPodAllHooked(inPlaceUpdate)`
 * → Updated, else Normal. With `spec.lifecycle` set but no inPlaceUpdate hook, IsPodAllHooked(nil) is false,
 * so upstream passes through Updated (and leaves it at the next refresh).
 */
function afterInPlace(pod: ControllerPod, ctx: SyncContext): Lifecycle {
  const l = ctx.lifecycle;
  if (l === undefined) return 'Normal';
  const allHooked = l.inPlaceUpdate && pod.inPlaceUpdateHooked === true;
  return allHooked ? 'Normal' : 'Updated';
}

/** Models `refreshPodState`'s lifecycle transitions (lifecycle hooks: labelsHandler, markPodNotReady false). */
function refreshedLifecycle(pod: ControllerPod, ctx: SyncContext, rollingBack: boolean): Lifecycle | null {
  switch (pod.lifecycle) {
    case 'PreparingNormal': {
      // A configured preNormal hook decides alone; without one, HEAD waits for the pod to be scheduled.
      const ready = ctx.preNormalHookPending
        ? false
        : ctx.preNormalHookSatisfied === true || !ctx.preparingNormalNeedsNode || pod.order.nodeAssigned;
      return ready ? 'Normal' : null;
    }
    case 'PreparingUpdate':
      // #1156: a pod at the update revision needs no update (the template came back to its revision) — unless
      // the update is rolling pods at the update revision back (proposed, HookFixes.keepRollbackPreparingUpdate).
      return !rollingBack && equalToRevisionHash(pod.revision, ctx.updateRevision) ? afterInPlace(pod, ctx) : null;
    // CheckPodUpdateCompleted: without inPlaceUpdateCompleted the kubelet's in-place restart is taken as
    // finished by the next refresh (an abstraction); with it, the refresh waits for the kubelet.
    case 'Updating':
      return pod.inPlaceUpdateCompleted === false ? null : afterInPlace(pod, ctx);
    case 'Updated': {
      const l = ctx.lifecycle;
      return l === undefined || !l.inPlaceUpdate || pod.inPlaceUpdateHooked === true ? 'Normal' : null;
    }
    default:
      return null;
  }
}

/**
 * Models the refresh loop at the top of `Update`: returns the effects and whether any pod was patched.
 * `rollingBack`: the update rolls pods at the update revision back (see rollingBack below; upstream: false).
 */
export function refreshPods(
  pods: readonly ControllerPod[],
  ctx: SyncContext,
  rollingBack = false,
): { patched: boolean; effects: PodEffect[] } {
  const effects: PodEffect[] = [];
  let patched = false;
  pods.forEach((pod, index) => {
    // inplaceControl.Refresh: the readiness-gate condition is set once no in-place update is in flight
    // (CheckContainersUpdateCompleted).
    if (pod.inPlaceUpdateReady !== 'True' && pod.inPlaceUpdateCompleted !== false) effects.push({ kind: 'setInPlaceUpdateReady', index });
    const lifecycle = refreshedLifecycle(pod, ctx, rollingBack);
    if (lifecycle !== null && lifecycle !== pod.lifecycle) {
      effects.push({ kind: 'setLifecycle', index, lifecycle });
      patched = true;
    }
  });
  return { patched, effects };
}

const NONE: readonly PodEffect[] = Object.freeze([]);

/** Models `Update` after the refresh: candidates, order, limit, then `updatePod` per accepted pod. */
export function update(spec: CloneSetSpec, pods: readonly ControllerPod[], ctx: SyncContext): SyncResult {
  const refresh = refreshPods(pods, ctx, rollingBack(spec, pods, ctx));
  // The refresh loop walks the pods in the informer's order (SyncResult.listOrder); it comes first.
  const listed = refresh.effects.length;
  if (refresh.patched) return { phase: 'refresh', effects: refresh.effects, listOrder: listed };
  const done = (effects: readonly PodEffect[]): SyncResult =>
    listed === 0 ? { phase: effects.length > 0 ? 'update' : 'none', effects } : { phase: 'update', effects, listOrder: listed };
  if (spec.updateStrategyType === 'OnDelete') return done(refresh.effects);
  if (spec.rollingUpdate?.paused === true) return done(refresh.effects);

  const diffs = updateDiffs(spec, pods, ctx);
  const released = releasedPreparingUpdate(pods, diffs.updateNum, ctx);
  if (diffs.updateNum === 0) return done(released.length === 0 ? refresh.effects : [...refresh.effects, ...released]);

  const forward = diffs.updateNum > 0;
  const target = forward ? ctx.updateRevision : ctx.currentRevision;
  const candidates: number[] = [];
  pods.forEach((pod, i) => {
    const atUpdate = equalToRevisionHash(pod.revision, ctx.updateRevision);
    // PreparingDelete pods are skipped; in-place grace periods are not modelled.
    if (atUpdate !== forward && pod.lifecycle !== 'PreparingDelete') candidates.push(i);
  });
  // Only the first |updateNum| candidates are read (limitUpdateIndexes), so only their order is a free choice.
  const free = ctx.ties === undefined ? undefined : { ties: ctx.ties, needed: Math.abs(diffs.updateNum) };
  const accepted = limitUpdateIndexes(diffs, sortUpdateIndexes(pods, candidates, free), pods, target);

  const inPlace = spec.rollingUpdate !== null && spec.rollingUpdate.podUpdatePolicy !== 'ReCreate' && ctx.inPlaceCompatible;
  if (!inPlace && spec.rollingUpdate?.podUpdatePolicy === 'InPlaceOnly') {
    // Upstream returns an error before touching the pod; nothing changes.
    return done(refresh.effects);
  }
  const updates = accepted.flatMap((index): PodEffect[] => {
    // updatePod (cloneset_update.go) looks the pod's revision up among those listed: without it, ReCreate.
    if (!inPlace || (ctx.listedRevisions !== undefined && !ctx.listedRevisions.includes(pods[index]!.revision)))
      return [{ kind: 'markSpecifiedDelete', index }];
    const step = inPlaceStep(pods[index]!, ctx);
    return step === 'update' ? [{ kind: 'inPlaceUpdate', index, revision: target }] : step === null ? [] : [{ ...step, index }];
  });
  return done(released.length === 0 ? [...refresh.effects, ...updates] : [...refresh.effects, ...released, ...updates]);
}

/** The diffs `Update` works from: revisions compared by hash (EqualToRevisionHash), as upstream's Update does. */
function updateDiffs(spec: CloneSetSpec, pods: readonly ControllerPod[], ctx: SyncContext) {
  return calculateDiffsWithExpectation({
    spec,
    pods,
    currentRevision: ctx.currentRevision,
    updateRevision: ctx.updateRevision,
    classifier: 'EqualToRevisionHash',
    gates: ctx.gates,
  });
}

/**
 * The proposed fix of L6 (HookFixes.keepRollbackPreparingUpdate): whether the update will roll pods at the update
 * revision back to the current one (CloneSetPartitionRollback, updateNum < 0) while one of them waits in
 * PreparingUpdate. Upstream's refresh then sends that pod to Updated (#1156's rule, meant for a template rolled
 * back to the pod's revision), `Update` takes the Updated pod as a candidate and sends it back to PreparingUpdate
 * with its hook restored, and so on: the rollback never happens and the CloneSet never settles. Here the refresh
 * leaves such a pod to `Update`, which rolls it back once its hook is released.
 */
function rollingBack(spec: CloneSetSpec, pods: readonly ControllerPod[], ctx: SyncContext): boolean {
  if (ctx.hookFixes?.keepRollbackPreparingUpdate !== true) return false;
  if (spec.updateStrategyType === 'OnDelete' || spec.rollingUpdate?.paused === true) return false;
  if (!pods.some((p) => p.lifecycle === 'PreparingUpdate' && equalToRevisionHash(p.revision, ctx.updateRevision))) return false;
  const diffs = updateDiffs(spec, pods, ctx);
  return diffs.updateNum < 0;
}

/**
 * The proposed fix of L2 (HookFixes.releaseUnwantedPreparingUpdate). Upstream leaves a PreparingUpdate pod that
 * is not at the update revision to `Update`, which skips it once updateNum is 0 (the partition met, say by a
 * replacement created at the update revision), and `refreshPodState` moves only one at the update revision
 * (#1156): the pod is stranded, counted unavailable, its hook owner's work undone by nothing. Here, when the
 * update wants no more pods at the update revision (updateNum ≤ 0), such a pod goes where `refreshPodState`
 * sends one at the update revision: Updated while its hook is released (its owner then restores the hook),
 * else Normal. With updateNum > 0 it is still a candidate (sorted first), so nothing changes there.
 */
function releasedPreparingUpdate(pods: readonly ControllerPod[], updateNum: number, ctx: SyncContext): readonly PodEffect[] {
  if (ctx.hookFixes?.releaseUnwantedPreparingUpdate !== true || updateNum > 0) return NONE;
  const effects: PodEffect[] = [];
  pods.forEach((pod, index) => {
    if (pod.lifecycle === 'PreparingUpdate' && !equalToRevisionHash(pod.revision, ctx.updateRevision)) {
      effects.push({ kind: 'setLifecycle', index, lifecycle: afterInPlace(pod, ctx) });
    }
  });
  return effects;
}

/**
 * Models `updatePod`'s in-place branch by lifecycle: a pod the inPlaceUpdate hook holds first goes to
 * PreparingUpdate (and waits there while it is hooked); an Updated pod goes back to PreparingUpdate with the
 * hook's labels restored (`UpdatePodLifecycleWithHandler`), or, with no inPlaceUpdate hook in the spec, is
 * left as it is (that function returns at once for a nil handler; not reached today: the refresh moves such a
 * pod to Normal first); otherwise the pod is updated in place.
 */
function inPlaceStep(
  pod: ControllerPod,
  ctx: SyncContext,
): 'update' | null | { readonly kind: 'setLifecycle'; readonly lifecycle: Lifecycle; readonly restoreInPlaceHook?: true } {
  const hooked = ctx.lifecycle?.inPlaceUpdate === true && pod.inPlaceUpdateHooked === true;
  switch (pod.lifecycle) {
    case '':
    case 'PreparingNormal':
    case 'Normal':
      return hooked ? { kind: 'setLifecycle', lifecycle: 'PreparingUpdate' } : 'update';
    case 'Updated':
      return ctx.lifecycle?.inPlaceUpdate === true
        ? { kind: 'setLifecycle', lifecycle: 'PreparingUpdate', restoreInPlaceHook: true }
        : null;
    case 'PreparingUpdate':
      return hooked ? null : 'update';
    case 'Updating':
      return 'update';
    default:
      // PreparingDelete: never a candidate (upstream would return an error here).
      return null;
  }
}
