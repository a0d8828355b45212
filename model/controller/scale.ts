/**
 * Models `Scale` (pkg/controller/cloneset/sync/cloneset_scale.go): at most one batch of pod
 * actions — lifecycle reverts, creations, or deletions — decided from one snapshot of the pods.
 */
import { calculateDiffsWithExpectation } from './diffs.js';
import type { PodEffect } from './effects.js';
import { activePodsWithRanksLess, stableSortBy } from './pod-order.js';
import { isPodAvailable, isPodReadyForDelete, isPodUpdated } from './predicates.js';
import type { CloneSetSpec, ControllerPod, SyncContext } from './types.js';

export interface ScaleResult {
  readonly modified: boolean;
  readonly effects: readonly PodEffect[];
}

const UNCHANGED: ScaleResult = Object.freeze({ modified: false, effects: [] });

/** Models `NewVersionedPods`' split: the first `currentCount` new pods at currentRevision, the rest at updateRevision. */
export function splitCreations(expectedCreations: number, expectedCurrentCreations: number): { current: number; update: number } {
  if (expectedCreations <= expectedCurrentCreations) return { current: expectedCreations, update: 0 };
  return { current: expectedCurrentCreations, update: expectedCreations - expectedCurrentCreations };
}

/** Models `getPlannedDeletedPods`. */
function plannedDeletions(pods: readonly ControllerPod[]): { specified: number[]; preDelete: number[]; numToDelete: number } {
  const specified: number[] = [];
  const preDelete: number[] = [];
  let numToDelete = 0;
  pods.forEach((p, i) => {
    if (p.specifiedDelete) specified.push(i);
    if (p.lifecycle === 'PreparingDelete') preDelete.push(i);
    if (p.specifiedDelete || p.lifecycle === 'PreparingDelete') numToDelete++;
  });
  return { specified, preDelete, numToDelete };
}

/** Models `managePreparingDelete` (no hook marks pods not-ready in this model). */
function managePreparingDelete(
  spec: CloneSetSpec,
  pods: readonly ControllerPod[],
  preDelete: readonly number[],
  numToDelete: number,
): PodEffect[] {
  let need = spec.replicas - pods.length + numToDelete;
  const effects: PodEffect[] = [];
  for (const i of preDelete) {
    if (need <= 0) break;
    if (pods[i]!.specifiedDelete) continue;
    effects.push({ kind: 'setLifecycle', index: i, lifecycle: 'PreparingNormal' });
    need--;
  }
  return effects;
}

/** The deleteReadyLimit filter of Scale steps 5 and 6: not-ready pods are free, ready ones consume the budget. */
function filterByDeleteReadyLimit(pods: readonly ControllerPod[], chosen: readonly number[], limit: number): number[] {
  let budget = limit;
  const out: number[] = [];
  for (const i of chosen) {
    if (!isPodReadyForDelete(pods[i]!)) out.push(i);
    else if (budget > 0) {
      out.push(i);
      budget--;
    }
  }
  return out;
}

/** Models `choosePodsToDelete`: the revision mix comes from the group split; the sort only picks within a group. */
function choosePodsToDelete(
  pods: readonly ControllerPod[],
  total: number,
  oldRev: number,
  notUpdated: readonly number[],
  updated: readonly number[],
): number[] {
  const choose = (group: readonly number[], n: number): number[] => {
    if (n >= group.length) return [...group];
    const sorted = stableSortBy(group, (i, j) => activePodsWithRanksLess(pods[i]!, pods[j]!, { available: isPodAvailable, rank: null }));
    return sorted.slice(0, n);
  };
  if (oldRev >= total) return choose(notUpdated, total);
  if (oldRev > 0) return [...choose(notUpdated, oldRev), ...choose(updated, total - oldRev)];
  return choose(updated, total);
}

/**
 * Models `deletePods`: a pod the preDelete hook holds is moved to PreparingDelete instead of being deleted
 * (nothing to do, and no "modified", when it is there already); any other pod is deleted.
 */
function deletePods(pods: readonly ControllerPod[], indexes: readonly number[], ctx: SyncContext): PodEffect[] {
  const hooked = ctx.lifecycle?.preDelete === true;
  const effects: PodEffect[] = [];
  for (const index of indexes) {
    const pod = pods[index]!;
    if (hooked && pod.preDeleteHooked === true) {
      if (pod.lifecycle !== 'PreparingDelete') effects.push({ kind: 'setLifecycle', index, lifecycle: 'PreparingDelete' });
    } else effects.push({ kind: 'delete', index });
  }
  return effects;
}

/** Models `Scale`: returns what it did and whether that counts as "modified" (which skips Update). */
export function scale(spec: CloneSetSpec, pods: readonly ControllerPod[], ctx: SyncContext): ScaleResult {
  const { specified, preDelete, numToDelete } = plannedDeletions(pods);
  const reverts = managePreparingDelete(spec, pods, preDelete, numToDelete);
  if (reverts.length > 0) return { modified: true, effects: reverts };

  const diffs = calculateDiffsWithExpectation({
    spec,
    pods,
    currentRevision: ctx.currentRevision,
    updateRevision: ctx.updateRevision,
    classifier: 'IsPodUpdate',
    gates: ctx.gates,
  });

  if (diffs.scaleUpNum > 0) {
    // Creates scaleUpLimit pods, "old" ones labelled with the *current* revision's name (upstream's
    // createPods with NewVersionedPods' split, docs/model.md).
    const split = splitCreations(diffs.scaleUpLimit, diffs.scaleUpNumOldRevision);
    const effects: PodEffect[] = [
      ...Array.from({ length: split.current }, (): PodEffect => ({ kind: 'create', revision: ctx.currentRevision })),
      ...Array.from({ length: split.update }, (): PodEffect => ({ kind: 'create', revision: ctx.updateRevision })),
    ];
    return effects.length > 0 ? { modified: true, effects } : UNCHANGED;
  }

  // Step 4: pods in PreparingDelete whose hook still holds them stay (not modified): Scale goes on.
  if (preDelete.length > 0) {
    const effects = deletePods(pods, preDelete, ctx);
    if (effects.length > 0) return { modified: true, effects };
  }

  const specifiedOnly = specified.filter((i) => pods[i]!.lifecycle !== 'PreparingDelete');
  if (specifiedOnly.length > 0) {
    const canDelete = filterByDeleteReadyLimit(pods, specifiedOnly, diffs.deleteReadyLimit);
    const effects = deletePods(pods, canDelete, ctx);
    if (effects.length > 0) return { modified: true, effects };
  }

  if (diffs.scaleDownNum > 0) {
    // Wait for planned deletions to finish before choosing more victims.
    if (numToDelete > 0) return UNCHANGED;
    const updated: number[] = [];
    const notUpdated: number[] = [];
    pods.forEach((p, i) => {
      (isPodUpdated(p, ctx.updateRevision, 'IsPodUpdate', ctx.gates) ? updated : notUpdated).push(i);
    });
    const chosen = choosePodsToDelete(pods, diffs.scaleDownNum, diffs.scaleDownNumOldRevision, notUpdated, updated);
    const toDelete = deletePods(pods, filterByDeleteReadyLimit(pods, chosen, diffs.deleteReadyLimit), ctx);
    return toDelete.length > 0 ? { modified: true, effects: toDelete } : UNCHANGED;
  }
  return UNCHANGED;
}
