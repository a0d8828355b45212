/**
 * Models `Scale` (pkg/controller/cloneset/sync/cloneset_scale.go): at most one batch of pod
 * actions — lifecycle reverts, creations, or deletions — decided from one snapshot of the pods.
 */
import { calculateDiffsWithExpectation, rolloutParameters, type ExpectationDiffs } from './diffs.js';
import type { PodEffect } from './effects.js';
import {
  activePodsWithRanksLess,
  rankedOrderTiedBeforeRank,
  sameControllerPod,
  stableSortBy,
  type RankedOrderOptions,
} from './pod-order.js';
import { equalToRevisionHash, isPodAvailable, isPodReadyForDelete, isPodUpdated } from './predicates.js';
import { allTied, breakTies, type FreeChoiceSite, type TieBreaker } from './ties.js';
import type { CloneSetSpec, ControllerPod, SyncContext } from './types.js';

export interface ScaleResult {
  readonly modified: boolean;
  readonly effects: readonly PodEffect[];
  /** How many of the leading effects come from a loop over the pod list in the informer's order (SyncResult.listOrder). */
  readonly listOrder?: number;
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
  ctx: SyncContext,
): PodEffect[] {
  let need = spec.replicas - pods.length + numToDelete;
  const effects: PodEffect[] = [];
  if (need <= 0) return effects;
  const capped = ctx.hookFixes?.reviveWithinPartition === true && ctx.currentRevision !== ctx.updateRevision;
  let updateRoom = capped ? updateRevivalRoom(spec, pods, need, ctx) : need;
  // The walk takes pods in list order, which upstream leaves open: with a breaker any order of the
  // candidates (all of them when the cap may skip some, else the first `need`).
  const candidates = preDelete.filter((i) => !pods[i]!.specifiedDelete);
  const order =
    ctx.ties === undefined
      ? candidates
      : breakTies(
          candidates,
          allTied,
          (i, j) => sameControllerPod(pods[i]!, pods[j]!),
          capped ? candidates.length : need,
          ctx.ties,
          'preparing-delete-order',
        );
  for (const i of order) {
    if (need <= 0) break;
    const pod = pods[i]!;
    if (capped && equalToRevisionHash(pod.revision, ctx.updateRevision)) {
      if (updateRoom <= 0) continue;
      updateRoom--;
    }
    effects.push({ kind: 'setLifecycle', index: i, lifecycle: 'PreparingNormal' });
    need--;
  }
  return effects;
}

/**
 * The proposed fix of L1 (HookFixes.reviveWithinPartition): how many PreparingDelete pods at the update revision
 * a scale-up may revive — as many as `Scale` would create at the update revision in their place. Of `need`
 * (upstream's count: the pods that stay are those neither PreparingDelete nor specified for deletion), the
 * partition's shortfall of old pods would be created at the current revision (`splitCreations` puts
 * scaleUpNumOldRevision first), the rest at the update revision. With U updated and O old pods staying,
 * need = spec.replicas − U − O, so need − max(P − O, 0) ≤ spec.replicas − P − U: a revival never takes the pods
 * at the update revision above spec.replicas − partition. Pods at other revisions are revived as upstream does.
 */
function updateRevivalRoom(spec: CloneSetSpec, pods: readonly ControllerPod[], need: number, ctx: SyncContext): number {
  let oldStaying = 0;
  for (const p of pods) {
    if (p.lifecycle === 'PreparingDelete' || p.specifiedDelete) continue;
    if (!isPodUpdated(p, ctx.updateRevision, 'IsPodUpdate', ctx.gates)) oldStaying++;
  }
  return splitCreations(need, Math.max(rolloutParameters(spec).partition - oldStaying, 0)).update;
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

/**
 * Pods in the informer's list order, which upstream leaves unspecified, for a walk that takes every
 * not-ready pod and the first ready ones up to deleteReadyLimit: only the ready pods' order can change what
 * is deleted, so without a breaker the list order stands, and with one the not-ready pods go first and the
 * breaker orders the ready ones.
 */
function listOrder(
  pods: readonly ControllerPod[],
  indexes: readonly number[],
  ties: TieBreaker | undefined,
  needed: number,
  site: FreeChoiceSite,
): number[] {
  if (ties === undefined) return [...indexes];
  const ready = indexes.filter((i) => isPodReadyForDelete(pods[i]!));
  const notReady = indexes.filter((i) => !isPodReadyForDelete(pods[i]!));
  return [...notReady, ...breakTies(ready, allTied, (i, j) => sameControllerPod(pods[i]!, pods[j]!), needed, ties, site)];
}

// choosePodsToDelete's order: IsPodAvailable as AvailableFunc. Upstream passes the same-node ranker (no spread
// constraints here); a model without nodes cannot rank, so the rank is 0 and, with a breaker, free (below).
const VICTIM_ORDER: RankedOrderOptions = { available: isPodAvailable, rank: null };

/**
 * Models `choosePodsToDelete`: the revision mix comes from the group split; the sort only picks within a
 * group. `listed`: how many of the leading victims are a group deleted whole, in the informer's list order.
 */
function choosePodsToDelete(
  pods: readonly ControllerPod[],
  total: number,
  oldRev: number,
  notUpdated: readonly number[],
  updated: readonly number[],
  ties: TieBreaker | undefined,
): { readonly chosen: number[]; readonly listed: number } {
  const whole = (group: readonly number[], n: number): boolean => n >= group.length;
  const choose = (group: readonly number[], n: number): number[] => {
    // Upstream does not sort a group it deletes whole: the list order stands.
    if (whole(group, n)) return listOrder(pods, group, ties, group.length, 'scale-down-list-order');
    const sorted = stableSortBy(group, (i, j) => activePodsWithRanksLess(pods[i]!, pods[j]!, VICTIM_ORDER));
    if (ties === undefined) return sorted.slice(0, n);
    // sort.Sort is unstable, and the unknown ranker may order pods that agree on the keys before it.
    const tied = (i: number, j: number): boolean => rankedOrderTiedBeforeRank(pods[i]!, pods[j]!, VICTIM_ORDER);
    return breakTies(sorted, tied, (i, j) => sameControllerPod(pods[i]!, pods[j]!), n, ties, 'scale-down-order').slice(0, n);
  };
  // Only a first group can be a leading run in list order: a whole second group comes after the first one's
  // victims, a run SyncResult.listOrder cannot name (its writes keep the model's order; docs/model.md).
  const first = oldRev > 0 ? notUpdated : updated;
  const firstCount = oldRev >= total ? total : oldRev > 0 ? oldRev : total;
  const head = choose(first, firstCount);
  const listed = whole(first, firstCount) ? head.length : 0;
  if (oldRev > 0 && oldRev < total) return { chosen: [...head, ...choose(updated, total - oldRev)], listed };
  return { chosen: head, listed };
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

/**
 * `calculateDiffsWithExpectation` as `Scale` calls it: `IsPodUpdate` as the classifier, and the context's
 * revisions, gates and the variant's fixes that act there.
 */
export function scaleDiffs(spec: CloneSetSpec, pods: readonly ControllerPod[], ctx: SyncContext): ExpectationDiffs {
  return calculateDiffsWithExpectation({
    spec,
    pods,
    currentRevision: ctx.currentRevision,
    updateRevision: ctx.updateRevision,
    classifier: 'IsPodUpdate',
    gates: ctx.gates,
    ...(ctx.markedCountUnavailable === true ? { markedCountUnavailable: true } : {}),
    ...(ctx.onDeleteWithoutUpdateSurge === true ? { onDeleteWithoutUpdateSurge: true } : {}),
  });
}

/** Models `Scale`: returns what it did and whether that counts as "modified" (which skips Update). */
export function scale(spec: CloneSetSpec, pods: readonly ControllerPod[], ctx: SyncContext): ScaleResult {
  const { specified, preDelete, numToDelete } = plannedDeletions(pods);
  const reverts = managePreparingDelete(spec, pods, preDelete, numToDelete, ctx);
  if (reverts.length > 0) return { modified: true, effects: reverts, listOrder: reverts.length };

  const diffs = scaleDiffs(spec, pods, ctx);

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
    if (effects.length > 0) return { modified: true, effects, listOrder: effects.length };
  }

  const specifiedOnly = specified.filter((i) => pods[i]!.lifecycle !== 'PreparingDelete');
  if (specifiedOnly.length > 0) {
    // The marked pods come in list order: which ready ones use up deleteReadyLimit is a free choice.
    const ordered = listOrder(pods, specifiedOnly, ctx.ties, diffs.deleteReadyLimit, 'specified-delete-order');
    const canDelete = filterByDeleteReadyLimit(pods, ordered, diffs.deleteReadyLimit);
    const effects = deletePods(pods, canDelete, ctx);
    if (effects.length > 0) return { modified: true, effects, listOrder: effects.length };
  }

  if (diffs.scaleDownNum > 0) {
    // Wait for planned deletions to finish before choosing more victims.
    if (numToDelete > 0) return UNCHANGED;
    const updated: number[] = [];
    const notUpdated: number[] = [];
    pods.forEach((p, i) => {
      (isPodUpdated(p, ctx.updateRevision, 'IsPodUpdate', ctx.gates) ? updated : notUpdated).push(i);
    });
    const { chosen, listed } = choosePodsToDelete(pods, diffs.scaleDownNum, diffs.scaleDownNumOldRevision, notUpdated, updated, ctx.ties);
    const toDelete = deletePods(pods, filterByDeleteReadyLimit(pods, chosen, diffs.deleteReadyLimit), ctx);
    if (toDelete.length === 0) return UNCHANGED;
    // The whole group's writes lead (the filter and deletePods keep the victims' order): count them.
    const head = new Set(chosen.slice(0, listed));
    let n = 0;
    for (; n < toDelete.length; n++) {
      const e = toDelete[n]!;
      if (e.kind === 'create' || !head.has(e.index)) break;
    }
    return n > 0 ? { modified: true, effects: toDelete, listOrder: n } : { modified: true, effects: toDelete };
  }
  return UNCHANGED;
}
