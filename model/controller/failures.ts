/**
 * A reconcile whose pod write fails (the scenario's `podWriteFailures`): which of its writes still land.
 * Upstream stops each write loop at the first error (`return err`), and `syncCloneSet` goes on to Update
 * only when Scale reports nothing modified, so what lands is a prefix of the sync's effects, with two
 * twists this file follows upstream in (pkg/controller/cloneset/sync/cloneset_scale.go, cloneset_update.go):
 *
 * - `createPods` creates in slow-start batches (`DoItSlowly`: 1, 2, 4, … pods at once, in
 *   `NewVersionedPods`' order, current revision first) and stops after a batch with an error; within that
 *   batch any of the creates may fail, so the pods created are the earlier batches plus any part of the
 *   failing one but the whole of it.
 * - A Scale that fails with nothing it counts as modified — its first write failed, or `deletePods`' lifecycle
 *   patch of a preDelete-hooked pod failed (it returns `false, err` even after earlier writes landed) — lets
 *   `syncCloneSet` run Update on the pods as listed. Those Update writes land too, up to a conflicting one on
 *   a pod an earlier write of this reconcile deleted (thenUpdate says which).
 *
 * An Update that runs after a failed Scale may fail in turn (a second failure: `thenFailed`), at any of its writes.
 *
 * With `timeouts` (the scenario's podWriteTimeouts), each failing write may instead have timed out: the API
 * server applied it and the client saw an error, so it landed and its loop stops there all the same. What
 * runs next is as for a refused write: `createPods` counts only the creations that returned no error, and
 * `deletePods` / `managePreparingDelete` report `modified` from earlier writes; an Update after a Scale whose
 * timed-out write was a delete finds that pod terminating.
 *
 * An in-place update is two writes (`inplaceControl.Update`: the InPlaceUpdateReady condition False, then
 * the image, each retried through the cache on a conflict): a refused one is refused at the first, nothing
 * landed, or at the second, with the pod left not ready at its revision (`startInPlaceUpdate`). The next
 * refresh would set the condition True again; the model leaves that to the kubelet's `ready` step, which
 * reaches the same pod (and may come sooner: extra behaviour, sound for proofs).
 */
import type { PodEffect, SyncPhase, SyncResult } from './effects.js';

/** One way a reconcile's pod writes go when one of them fails. */
export interface FailedSync {
  readonly phase: SyncPhase;
  /** The writes that landed, in order (indexes into the pods as listed, as a sync's effects). */
  readonly landed: readonly PodEffect[];
  /** The write that failed. */
  readonly failed: PodEffect;
  /** How many of `landed` came before `failed` (the rest are the Update a failed Scale let run). */
  readonly failedAt: number;
  /** The Update that ran after a Scale failed with nothing modified failed too, at this write: two failures. */
  readonly thenFailed?: PodEffect;
  /**
   * `failed` timed out rather than being refused: the API server applied it and the reply was lost, so it
   * is among `landed` (at `failedAt`) while the controller saw an error (the scenario's podWriteTimeouts).
   */
  readonly timedOut?: true;
  /** `thenFailed` timed out likewise: it is the last of `landed`. */
  readonly thenTimedOut?: true;
}

/**
 * What the API server holds of the pod a write goes to, against the controller's cache (a reconcile decides
 * on the cache): `cached`, the pod as the cache shows it; `changed`, a pod with a change the cache has not
 * shown (a newer resourceVersion), live or Failed (the kubelet's phase Failed: inactive, but still in the API
 * server); `deleted`, a pod deleted already, terminating or gone. A creation's pod is `cached`.
 */
export type PodFreshness = 'cached' | 'changed' | 'deleted';

/** Every write goes to a pod as cached (no lagging pod cache). */
export const ALL_CACHED = (_e: PodEffect): PodFreshness => 'cached';

/**
 * Whether a write can land on its pod. On a `changed` or `deleted` pod, the InPlaceUpdateReady condition
 * write cannot: it is an Update of the cached pod, resourceVersion and all, without retry (inplace_update.go
 * updateCondition), so a 409, or NotFound once the pod is gone. An in-place update retries through the
 * cache (RetryOnConflict around GetPod), so it lands if the cache catches up within the retries, on a
 * terminating pod too. A delete and the label and lifecycle patches carry no resourceVersion: they land on a
 * live pod and on a terminating one. An in-place update's first write alone, before a refused image write,
 * the model offers on a pod as cached only (on a stale pod that pairing of a retried write that caught up
 * and a refusal of the API server is not explored).
 */
export const mayLand = (e: PodEffect, f: PodFreshness): boolean =>
  f === 'cached' || (e.kind !== 'setInPlaceUpdateReady' && e.kind !== 'startInPlaceUpdate');

/**
 * Whether a write can fail of itself, with no failure of the API server spent: any write to a `deleted` pod
 * (NotFound once it is gone, or the condition write's conflict), and on a `changed` one the writes that carry
 * the cached resourceVersion (the condition write; an in-place update whose retries the cache does not
 * catch up with).
 */
export const mayFailFree = (e: PodEffect, f: PodFreshness): boolean => f === 'deleted' || (f === 'changed' && carriesCachedVersion(e));

/**
 * The writes that go through the pod as cached, resourceVersion and all: the InPlaceUpdateReady condition
 * write (updateCondition) and an in-place update (its RetryOnConflict re-reads the cache). The rest (a delete,
 * label and lifecycle patches) carry none.
 */
const carriesCachedVersion = (e: PodEffect): boolean => e.kind === 'setInPlaceUpdateReady' || e.kind === 'inPlaceUpdate';

/**
 * How many failures a way spends: one per write loop that stopped at a refused write, except a write that
 * fails of itself (mayFailFree: NotFound on a pod deleted already, a conflict on a pod the cache shows
 * stale), which spends nothing; a write that timed out spends one even there (an in-place update that was
 * retried until the cache caught up, and then timed out).
 */
export const failuresSpent = (f: FailedSync, freshness: (e: PodEffect) => PodFreshness = ALL_CACHED): number =>
  (f.timedOut !== true && mayFailFree(f.failed, freshness(f.failed)) ? 0 : 1) +
  (f.thenFailed === undefined || (f.thenTimedOut !== true && mayFailFree(f.thenFailed, freshness(f.thenFailed))) ? 0 : 1);

/**
 * Whether `landed` can all land, each on its pod as `freshness` says it is (mayLand), and none on a pod
 * after a write to it failed as only a gone pod's does (`failed` at `failedAt`, a write that would have
 * landed on the pod terminating: NotFound, it was gone by then).
 */
export function landsWith(
  landed: readonly PodEffect[],
  freshness: (e: PodEffect) => PodFreshness,
  failed?: PodEffect,
  failedAt = landed.length,
): boolean {
  const goneAfter =
    failed !== undefined && failed.kind !== 'create' && freshness(failed) === 'deleted' && mayLand(failed, 'deleted') ? failed.index : -1;
  for (let k = 0; k < landed.length; k++) {
    const e = landed[k]!;
    if (e.kind === 'create') continue;
    const f = freshness(e);
    if (f === 'cached') continue;
    if (!mayLand(e, f) || (k >= failedAt && e.index === goneAfter)) return false;
  }
  return true;
}

/**
 * Every way `sync`'s writes can go when one fails, in a fixed order (earliest failure first). `updateAfter`
 * runs Update on the pods as listed, for a Scale that failed with nothing modified. `updateAfterFailedDelete`
 * false: the proposed fix (VariantInfo.stopsAfterFailedDelete), where after a failed deletion or patch only
 * Update's refresh loop runs (refreshOnly), and a failed creation goes on to the whole Update. `anyOrder`
 * (free choices): loops over the pod list stop in any of its orders. `goneOnDelete`: whether the listed pod
 * at an index is gone once deleted (one that failed: thenUpdate). `timeouts`: each failing write may also
 * have timed out after it landed (FailedSync.timedOut), the Update's second failure too.
 */
export function failingSyncs(
  sync: SyncResult,
  updateAfter: () => SyncResult,
  updateAfterFailedDelete = true,
  anyOrder = false,
  goneOnDelete: (index: number) => boolean = NEVER,
  timeouts = false,
): readonly FailedSync[] {
  const e = sync.effects;
  if (e.length === 0) return [];
  // The Update a failed Scale lets run is the same for every way it fails: worked out once, when first needed.
  let after: SyncResult | undefined;
  const updateOnce = (): SyncResult => {
    after ??= updateAfter();
    return after;
  };
  if (sync.phase === 'scale' && e[0]!.kind === 'create') return failingCreates(e, updateOnce, anyOrder, timeouts);
  const out: FailedSync[] = [];
  for (const { landed, failed } of stops(e, anyOrder ? (sync.listOrder ?? 0) : 0)) {
    if (sync.phase !== 'scale') {
      for (const l of withStarted(landed, failed)) out.push({ phase: sync.phase, landed: l, failed, failedAt: landed.length });
      if (timeouts) out.push(timedOut(sync.phase, landed, failed));
      continue;
    }
    // managePreparingDelete and deletePods return `modified, err`, but deletePods' lifecycle patch returns
    // `false, err`: either way Scale counts nothing modified and Update runs. A write that timed out is not
    // counted as modified either (it returned an error).
    const unmodified = landed.length === 0 || (failed.kind === 'setLifecycle' && failed.lifecycle === 'PreparingDelete');
    if (!unmodified) {
      out.push({ phase: 'scale', landed, failed, failedAt: landed.length });
      if (timeouts) out.push(timedOut('scale', landed, failed));
      continue;
    }
    const update = updateAfterFailedDelete ? updateOnce() : refreshOnly(updateOnce());
    out.push(...thenUpdate(landed, failed, update, anyOrder, goneOnDelete, false, timeouts));
    if (timeouts) out.push(...thenUpdate(landed, failed, update, anyOrder, goneOnDelete, true, timeouts));
  }
  return out;
}

/** A loop stopped at `failed`, which timed out after it landed: nothing runs after it. */
const timedOut = (phase: SyncPhase, landed: readonly PodEffect[], failed: PodEffect): FailedSync => ({
  phase,
  landed: [...landed, failed],
  failed,
  failedAt: landed.length,
  timedOut: true,
});

/**
 * Where a loop over `e` can stop at a refused write, and what landed before it: the writes before it in the
 * model's order; and, where the first `free` writes come in an order upstream leaves open (the informer's
 * list), after any of the other pods' writes there (each pod's own writes keep their order: the refresh
 * writes a pod's condition before its lifecycle).
 */
function stops(e: readonly PodEffect[], free: number): { landed: readonly PodEffect[]; failed: PodEffect }[] {
  const out: { landed: readonly PodEffect[]; failed: PodEffect }[] = [];
  const groups = podGroups(e, free);
  // One pod, or too many to try every order: the model's order is the only one, prefixes from the start.
  const open = groups.length > 1 && groups.length <= MAX_FREE_GROUPS;
  if (open) {
    for (let g = 0; g < groups.length; g++) {
      const own = groups[g]!;
      const others = groups.filter((_, i) => i !== g);
      for (let mask = 0; mask < 1 << others.length; mask++) {
        const before = others.filter((_, i) => (mask & (1 << i)) !== 0).flat();
        for (let j = 0; j < own.length; j++) out.push({ landed: [...before, ...own.slice(0, j)], failed: own[j]! });
      }
    }
  }
  for (let k = open ? free : 0; k < e.length; k++) out.push({ landed: e.slice(0, k), failed: e[k]! });
  return out;
}

const NEVER = (_index: number): boolean => false;

/** Each pod's writes among the first `free` of `e`, in the model's order of pods. */
function podGroups(e: readonly PodEffect[], free: number): PodEffect[][] {
  const groups: PodEffect[][] = [];
  for (let k = 0; k < free; k++) {
    const x = e[k]!;
    const last = groups[groups.length - 1];
    if (last !== undefined && x.kind !== 'create' && last[0]!.kind !== 'create' && last[0]!.index === x.index) last.push(x);
    else groups.push([x]);
  }
  return groups;
}

/** Past this many pods in a loop of open order, only the model's order is tried (2^n ways otherwise; docs/model.md). */
const MAX_FREE_GROUPS = 8;

/**
 * `createPods` through `DoItSlowly`: every batch before the failing one, and any part of it but the whole.
 * Creations of one revision are interchangeable, so a part is how many of each revision it holds.
 */
function failingCreates(e: readonly PodEffect[], updateAfter: () => SyncResult, anyOrder: boolean, timeouts: boolean): FailedSync[] {
  const out: FailedSync[] = [];
  const isFirst = (p: PodEffect): boolean => p.kind === 'create' && p.revision === (e[0] as { revision: string }).revision;
  for (let start = 0, size = 1; start < e.length; start += size, size *= 2) {
    const batch = e.slice(start, Math.min(e.length, start + size));
    const first = batch.filter(isFirst);
    const second = batch.filter((p) => !isFirst(p));
    for (let i = 0; i <= first.length; i++) {
      for (let j = 0; j <= second.length; j++) {
        if (i === first.length && j === second.length) continue;
        const landed = [...e.slice(0, start), ...first.slice(0, i), ...second.slice(0, j)];
        const failed = i < first.length ? first[i]! : second[j]!;
        // createPods reports modified when any pod was created (a creation that timed out returned an
        // error: not counted); with none, Scale goes on to Update.
        if (landed.length === 0) {
          out.push(...thenUpdate(landed, failed, updateAfter(), anyOrder, NEVER, false, timeouts));
          if (timeouts) out.push(...thenUpdate(landed, failed, updateAfter(), anyOrder, NEVER, true, timeouts));
        } else {
          out.push({ phase: 'scale', landed, failed, failedAt: landed.length });
          if (timeouts) out.push(timedOut('scale', landed, failed));
        }
      }
    }
  }
  return out;
}

/** The refresh loop of an Update: its writes come first in Update's effects (SyncResult.listOrder says how many). */
function refreshOnly(update: SyncResult): SyncResult {
  const n = update.listOrder ?? 0;
  if (n === update.effects.length) return update;
  return n === 0 ? { phase: 'none', effects: [] } : { phase: 'refresh', effects: update.effects.slice(0, n), listOrder: n };
}

/**
 * A Scale that failed unmodified, then Update on the pods as listed (docs/model.md); and each way that
 * Update can fail in turn (a second refused write, at any of its writes it reaches: with `anyOrder`, in its
 * refresh loop after any of that loop's other pods, as `stops` has it). `failedLanded`: the Scale's failed
 * write timed out after it landed (FailedSync.timedOut); `timeouts`: so may Update's (thenTimedOut).
 *
 * A pod this reconcile deleted is terminating, not gone (`r.Delete` is graceful): a lifecycle patch or the
 * specified-delete label carries no resourceVersion and lands on it, changing nothing the model keeps; the
 * InPlaceUpdateReady condition write goes through the pod as cached, whose resourceVersion the deletion
 * changed, so Update's loop ends there; an in-place update retries through the cache, so it ends the loop
 * there or, if the cache caught up, lands on the terminating pod (changing nothing kept) and the loop goes on
 * (a pod a failed Scale deleted outright and Update then updates in place: a released PreparingDelete pod
 * that managePreparingDelete revived). A pod that had failed (`goneOnDelete`) is gone at once, so Update's
 * loop ends at any write to it (NotFound).
 */
function thenUpdate(
  landed: readonly PodEffect[],
  failed: PodEffect,
  update: SyncResult,
  anyOrder: boolean,
  goneOnDelete: (index: number) => boolean,
  failedLanded = false,
  timeouts = false,
): FailedSync[] {
  const start: Start = {
    base: failedLanded ? [...landed, failed] : landed,
    failed,
    failedAt: landed.length,
    timedOut: failedLanded,
    timeouts,
  };
  if (update.effects.length === 0) return [fromStart(start, 'scale', [])];
  const gone = new Set<number>();
  for (const x of start.base) if (x.kind === 'delete') gone.add(x.index);
  const caughtUp = update.effects.some((x) => x.kind === 'inPlaceUpdate' && gone.has(x.index) && !goneOnDelete(x.index));
  const ended = updateWays(start, update, anyOrder, gone, goneOnDelete, true);
  return caughtUp ? [...ended, ...updateWays(start, update, anyOrder, gone, goneOnDelete, false)] : ended;
}

/** How a failed Scale left things for the Update after it: what landed (the failed write too if it timed out). */
interface Start {
  readonly base: readonly PodEffect[];
  readonly failed: PodEffect;
  readonly failedAt: number;
  readonly timedOut: boolean;
  /** Whether Update's own failing write may time out too. */
  readonly timeouts: boolean;
}

/** A way from `start`: `more` landed after the Scale's writes, and Update's own failure, if any, refused or timed out. */
function fromStart(start: Start, phase: SyncPhase, more: readonly PodEffect[], thenFailed?: PodEffect, thenTimedOut = false): FailedSync {
  return {
    phase,
    landed: [...start.base, ...more, ...(thenFailed !== undefined && thenTimedOut ? [thenFailed] : [])],
    failed: start.failed,
    failedAt: start.failedAt,
    ...(thenFailed === undefined ? {} : { thenFailed }),
    ...(start.timedOut ? { timedOut: true as const } : {}),
    ...(thenTimedOut ? { thenTimedOut: true as const } : {}),
  };
}

/** Update's second failure at `failed` after `before` landed: refused (any of withStarted's), and timed out where it may. */
function secondFailures(start: Start, phase: SyncPhase, before: readonly PodEffect[], failed: PodEffect): FailedSync[] {
  const out = withStarted(before, failed).map((l) => fromStart(start, phase, l, failed));
  if (start.timeouts) out.push(fromStart(start, phase, before, failed, true));
  return out;
}

/** thenUpdate's ways, with an in-place update of a terminating pod ending the loop (`inPlaceEnds`) or landing. */
function updateWays(
  start: Start,
  update: SyncResult,
  anyOrder: boolean,
  gone: ReadonlySet<number>,
  goneOnDelete: (index: number) => boolean,
  inPlaceEnds: boolean,
): FailedSync[] {
  // A deleted pod that had failed is gone at once (the API server deletes a terminated pod with grace period
  // 0): any write to it is NotFound, which ends the loop as a conflict does.
  const ends = (x: PodEffect): boolean =>
    x.kind !== 'create' &&
    gone.has(x.index) &&
    (x.kind === 'setInPlaceUpdateReady' || (x.kind === 'inPlaceUpdate' && inPlaceEnds) || goneOnDelete(x.index));
  const lands = (x: PodEffect): boolean => x.kind === 'create' || !gone.has(x.index);
  const n = update.listOrder ?? 0;
  const end = update.effects.findIndex(ends);
  // With free choices, a loop ended in the refresh by such a write may have reached it after any of the
  // refresh's other pods (its list order): the writes that land are any of theirs, and Update goes no further.
  if (anyOrder && end >= 0 && end < n) {
    const others = update.effects.slice(0, n).filter((x) => lands(x) && !ends(x));
    const groups = podGroups(others, others.length);
    if (groups.length >= 1 && groups.length <= MAX_FREE_GROUPS) return refreshEndedAnywhere(start, update.phase, groups);
  }
  const after = (end < 0 ? update.effects : update.effects.slice(0, end)).filter(lands);
  // How many of `after` come from the refresh loop's writes (Update's leading listOrder ones).
  let listed = 0;
  for (let k = 0; k < Math.min(n, end < 0 ? n : end); k++) if (lands(update.effects[k]!)) listed++;
  const out: FailedSync[] = [fromStart(start, update.phase, after)];
  for (const stop of stops(after, anyOrder ? listed : 0)) out.push(...secondFailures(start, update.phase, stop.landed, stop.failed));
  return out;
}

/**
 * thenUpdate's ways when its refresh loop ends at a pod the failed Scale deleted, in list order: any set of
 * the other pods' writes (`groups`, each pod's own in order) before the end, and a second failure at any of
 * those writes after any others.
 */
function refreshEndedAnywhere(start: Start, phase: SyncPhase, groups: readonly PodEffect[][]): FailedSync[] {
  const out: FailedSync[] = [];
  for (let mask = 0; mask < 1 << groups.length; mask++) {
    const before = groups.filter((_, i) => (mask & (1 << i)) !== 0).flat();
    out.push(fromStart(start, phase, before));
  }
  const all = groups.flat();
  for (const stop of stops(all, all.length)) {
    out.push(fromStart(start, phase, stop.landed, stop.failed));
    if (start.timeouts) out.push(fromStart(start, phase, stop.landed, stop.failed, true));
  }
  return out;
}

/**
 * What may have landed of a loop stopped at `failed`: `landed`, and for a refused in-place update also its
 * first write, the condition (the header above).
 */
function withStarted(landed: readonly PodEffect[], failed: PodEffect): (readonly PodEffect[])[] {
  if (failed.kind !== 'inPlaceUpdate') return [landed];
  return [landed, [...landed, { kind: 'startInPlaceUpdate', index: failed.index }]];
}
