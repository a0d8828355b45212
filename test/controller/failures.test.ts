/**
 * failingSyncs (model/controller/failures.ts): which writes land when one of a reconcile's pod writes fails,
 * against upstream's loops as the file's header describes them — stop at the error; createPods' slow-start
 * batches; Update after a Scale that failed with nothing modified, stopping at a pod this reconcile deleted.
 */
import { describe, expect, it } from 'vitest';
import type { PodEffect, SyncResult } from '../../model/controller/effects.js';
import { failingSyncs, failuresSpent, landsWith, type FailedSync, type PodFreshness } from '../../model/controller/failures.js';

const create = (revision: string): PodEffect => ({ kind: 'create', revision });
const del = (index: number): PodEffect => ({ kind: 'delete', index });
const toLifecycle = (index: number, lifecycle: 'PreparingDelete' | 'PreparingNormal' | 'Normal'): PodEffect => ({
  kind: 'setLifecycle',
  index,
  lifecycle,
});
const mark = (index: number): PodEffect => ({ kind: 'markSpecifiedDelete', index });
const inPlace = (index: number): PodEffect => ({ kind: 'inPlaceUpdate', index, revision: 'v2' });
const conditionTrue = (index: number): PodEffect => ({ kind: 'setInPlaceUpdateReady', index });

/** An Update that must not run (the case leaves Scale with something modified). */
const noUpdate = (): SyncResult => {
  throw new Error('Update ran after a Scale that modified something');
};

const landed = (fs: readonly FailedSync[]): (readonly PodEffect[])[] => fs.map((f) => f.landed);
/** The ways that spend one failure (an Update after a failed Scale runs to its end). */
const once = (fs: readonly FailedSync[]): FailedSync[] => fs.filter((f) => failuresSpent(f) === 1);

describe('refresh and Update loops stop at the failing write', () => {
  it('one outcome per write, each with the writes before it', () => {
    const effects = [mark(0), mark(2), mark(3)];
    const fs = failingSyncs({ phase: 'update', effects }, noUpdate);
    expect(landed(fs)).toEqual([[], [mark(0)], [mark(0), mark(2)]]);
    expect(fs.map((f) => f.failed)).toEqual(effects);
    expect(fs.every((f) => f.phase === 'update')).toBe(true);
  });

  it('an in-place update is refused at its condition write, or at its image with the condition landed', () => {
    const started = (index: number): PodEffect => ({ kind: 'startInPlaceUpdate', index });
    const fs = failingSyncs({ phase: 'update', effects: [mark(0), inPlace(1), inPlace(2)] }, noUpdate);
    expect(landed(fs)).toEqual([[], [mark(0)], [mark(0), started(1)], [mark(0), inPlace(1)], [mark(0), inPlace(1), started(2)]]);
    expect(fs.map((f) => failuresSpent(f))).toEqual([1, 1, 1, 1, 1]);
    // After a failed Scale, Update's in-place update as the second failure likewise.
    const after = failingSyncs({ phase: 'scale', effects: [del(3)] }, () => ({ phase: 'update', effects: [inPlace(1)] }));
    expect(after.filter((f) => f.thenFailed !== undefined).map((f) => f.landed)).toEqual([[], [started(1)]]);
  });

  it('a reconcile without writes cannot fail one', () => {
    expect(failingSyncs({ phase: 'none', effects: [] }, noUpdate)).toEqual([]);
  });
});

describe('createPods: slow-start batches of 1, 2, 4, current revision first', () => {
  it('any part of the failing batch but the whole, after every earlier batch', () => {
    // 1 current + 4 update: batches [v1], [v2 v2], [v2 v2].
    const effects = [create('v1'), create('v2'), create('v2'), create('v2'), create('v2')];
    const update: SyncResult = { phase: 'update', effects: [mark(0)] };
    const fs = failingSyncs({ phase: 'scale', effects }, () => update);
    expect(landed(once(fs))).toEqual([
      // The first create fails: nothing created, so Scale reports nothing modified and Update runs.
      [mark(0)],
      [create('v1')],
      [create('v1'), create('v2')],
      [create('v1'), create('v2'), create('v2')],
      [create('v1'), create('v2'), create('v2'), create('v2')],
    ]);
    expect(fs[0]!.phase).toBe('update');
    expect(
      once(fs)
        .slice(1)
        .every((f) => f.phase === 'scale'),
    ).toBe(true);
    // And that Update may fail in turn, at its one write: two failures, nothing landed.
    expect(fs.filter((f) => failuresSpent(f) === 2)).toEqual([
      { phase: 'update', landed: [], failed: create('v1'), failedAt: 0, thenFailed: mark(0) },
    ]);
  });

  it('a batch of both revisions fails in any mix', () => {
    // 2 current + 1 update: batches [v1], [v1 v2]; the second may lose either pod, or both.
    const effects = [create('v1'), create('v1'), create('v2')];
    const fs = failingSyncs({ phase: 'scale', effects }, () => ({ phase: 'none', effects: [] }));
    expect(landed(fs)).toEqual([[], [create('v1')], [create('v1'), create('v2')], [create('v1'), create('v1')]]);
    expect(fs.map((f) => f.failed)).toEqual([create('v1'), create('v1'), create('v1'), create('v2')]);
  });
});

describe('deletePods and managePreparingDelete', () => {
  it('a failing delete after an earlier write ends the reconcile (Scale modified)', () => {
    const fs = failingSyncs({ phase: 'scale', effects: [del(1), del(2)] }, () => ({ phase: 'update', effects: [mark(0)] }));
    // The first delete fails: nothing modified, Update runs (or fails too); the second: the first delete stays, no Update.
    expect(landed(fs)).toEqual([[mark(0)], [], [del(1)]]);
    expect(fs.map((f) => failuresSpent(f))).toEqual([1, 2, 1]);
  });

  it('a failing preDelete lifecycle patch returns false: Update runs, up to a write that conflicts on a pod this reconcile deleted', () => {
    const effects = [del(1), toLifecycle(2, 'PreparingDelete'), toLifecycle(3, 'PreparingDelete')];
    // Update, on the pods as listed: a label on 0, on 1 (terminating: lands, changes nothing the model
    // keeps), on 4, then an in-place update of 1 (a conflict that ends the loop, or, retried until the cache
    // caught up, landing on the terminating pod: the loop goes on), then a label on 5.
    const update: SyncResult = { phase: 'update', effects: [mark(0), mark(1), mark(4), inPlace(1), mark(5)] };
    const fs = failingSyncs({ phase: 'scale', effects }, () => update);
    expect(landed(once(fs))).toEqual([
      // The delete of pod 1 fails first: nothing modified, and Update runs in full.
      [mark(0), mark(1), mark(4), inPlace(1), mark(5)],
      // Pod 2's patch fails after pod 1's delete: Update's writes to pod 1 land on nothing, then conflict…
      [del(1), mark(0), mark(4)],
      // …or the in-place update caught up.
      [del(1), mark(0), mark(4), mark(5)],
      [del(1), toLifecycle(2, 'PreparingDelete'), mark(0), mark(4)],
      [del(1), toLifecycle(2, 'PreparingDelete'), mark(0), mark(4), mark(5)],
    ]);
    // A second failure stops Update at any write it reaches.
    const seconds = landed(fs.filter((f) => f.thenFailed !== undefined && f.landed[0]?.kind === 'delete'));
    expect([...new Set(seconds.map((l) => JSON.stringify(l)))].map((x) => JSON.parse(x))).toEqual([
      [del(1)],
      [del(1), mark(0)],
      [del(1), mark(0), mark(4)],
      [del(1), toLifecycle(2, 'PreparingDelete')],
      [del(1), toLifecycle(2, 'PreparingDelete'), mark(0)],
      [del(1), toLifecycle(2, 'PreparingDelete'), mark(0), mark(4)],
    ]);
  });

  it('a Failed pod is gone at once: its in-place update never catches up', () => {
    const effects = [del(1), toLifecycle(2, 'PreparingDelete')];
    const update: SyncResult = { phase: 'update', effects: [inPlace(1), mark(4)] };
    const fs = failingSyncs(
      { phase: 'scale', effects },
      () => update,
      true,
      false,
      (i) => i === 1,
    );
    expect(landed(once(fs)).filter((l) => l.length === 2 && l[0]!.kind === 'delete')).toEqual([]);
    expect(landed(once(fs))).toContainEqual([del(1)]);
  });

  it('a Failed pod the failed Scale deleted is gone at once: Update stops at any write to it (NotFound)', () => {
    const effects = [del(1), toLifecycle(2, 'PreparingDelete')];
    const update: SyncResult = { phase: 'update', effects: [mark(0), mark(1), mark(4)] };
    const failedPod = (i: number): boolean => i === 1;
    const fs = failingSyncs({ phase: 'scale', effects }, () => update, true, false, failedPod);
    // Pod 2's patch is refused after pod 1's delete: Update's label on pod 1 is NotFound, so pod 4's never comes.
    expect(landed(once(fs))).toContainEqual([del(1), mark(0)]);
    expect(landed(once(fs))).not.toContainEqual([del(1), mark(0), mark(4)]);
    // A live pod is terminating: the label lands on it (changing nothing kept) and the loop goes on.
    expect(landed(once(failingSyncs({ phase: 'scale', effects }, () => update)))).toContainEqual([del(1), mark(0), mark(4)]);
  });

  it("the proposed fix: after a failed deletion or patch, only Update's refresh loop; after a failed creation, Update as upstream", () => {
    const refreshThenMark: SyncResult = { phase: 'update', effects: [conditionTrue(0), mark(3)], listOrder: 1 };
    const deletes = failingSyncs({ phase: 'scale', effects: [del(1), toLifecycle(2, 'PreparingDelete')] }, () => refreshThenMark, false);
    expect(landed(once(deletes))).toEqual([[conditionTrue(0)], [del(1), conditionTrue(0)]]);
    // A refresh that patched a lifecycle is all of it: Update returns there.
    const refresh: SyncResult = { phase: 'refresh', effects: [conditionTrue(0), toLifecycle(0, 'Normal')], listOrder: 2 };
    expect(landed(once(failingSyncs({ phase: 'scale', effects: [del(1)] }, () => refresh, false)))).toEqual([refresh.effects]);
    const creates = failingSyncs({ phase: 'scale', effects: [create('v2')] }, () => ({ phase: 'update', effects: [mark(0)] }), false);
    expect(landed(creates)).toEqual([[mark(0)], []]);
  });

  it('a failing revert to PreparingNormal stops Scale once one landed', () => {
    const effects = [toLifecycle(0, 'PreparingNormal'), toLifecycle(1, 'PreparingNormal')];
    const fs = failingSyncs({ phase: 'scale', effects }, () => ({ phase: 'update', effects: [mark(2)] }));
    expect(landed(once(fs))).toEqual([[mark(2)], [toLifecycle(0, 'PreparingNormal')]]);
  });
});

describe('with free choices, loops over the pod list in any order', () => {
  it('a refused write after any of the other pods, each pod keeping its own writes in order', () => {
    // The refresh of pods 0 and 1 (condition, then lifecycle each), then an update of pod 2 (sorted, not free).
    const effects = [conditionTrue(0), toLifecycle(0, 'Normal'), conditionTrue(1), toLifecycle(1, 'Normal'), mark(2)];
    const fs = failingSyncs({ phase: 'update', effects, listOrder: 4 }, noUpdate, true, true);
    const cut = (f: FailedSync): string =>
      `${f.landed.map((x) => (x as { index: number }).index).join('')}|${(f.failed as { index: number }).index}`;
    expect(fs.map(cut)).toEqual([
      // Pod 0's writes refused, before or after pod 1's.
      '|0',
      '0|0',
      '11|0',
      '110|0',
      '|1',
      '1|1',
      '00|1',
      '001|1',
      // The update of pod 2 comes after the whole refresh.
      '0011|2',
    ]);
    // In the model's order alone: the prefixes.
    expect(failingSyncs({ phase: 'update', effects, listOrder: 4 }, noUpdate).map(cut)).toEqual(['|0', '0|0', '00|1', '001|1', '0011|2']);
  });

  it('a deletion of any of the marked pods may have come first', () => {
    const fs = failingSyncs(
      { phase: 'scale', effects: [del(0), del(1)], listOrder: 2 },
      () => ({ phase: 'none', effects: [] }),
      true,
      true,
    );
    expect(landed(fs)).toEqual([[], [del(1)], [], [del(0)]]);
  });
});

describe('with free choices, a second failure in the Update after a failed Scale', () => {
  // Scale's delete of pod 1 is refused (nothing modified), then Update: the refresh of pods 0 and 2, in list
  // order, then a mark of pod 3.
  const update: SyncResult = { phase: 'update', effects: [conditionTrue(0), conditionTrue(2), mark(3)], listOrder: 2 };
  const second = (anyOrder: boolean): string[] =>
    failingSyncs({ phase: 'scale', effects: [del(1)] }, () => update, true, anyOrder)
      .filter((f) => f.thenFailed !== undefined)
      .map((f) => `${f.landed.map((x) => (x as { index: number }).index).join('')}|${(f.thenFailed as { index: number }).index}`);

  it("stops the refresh loop after any of that loop's other pods", () => {
    expect(second(true)).toEqual(['|0', '2|0', '|2', '0|2', '02|3']);
  });

  it("in the model's order alone without free choices", () => {
    expect(second(false)).toEqual(['|0', '0|2', '02|3']);
  });
});

describe('with free choices, the refresh after a failed Scale ends at the pod that Scale deleted, in any list order', () => {
  // Scale deletes pod 0, then pod 1's preDelete patch is refused (nothing modified): Update's refresh patches
  // pod 2, writes pod 0's condition (a conflict on the deleted pod: the loop ends), patches pod 3.
  const scale: SyncResult = { phase: 'scale', effects: [del(0), toLifecycle(1, 'PreparingDelete')] };
  const update: SyncResult = {
    phase: 'update',
    effects: [toLifecycle(2, 'Normal'), conditionTrue(0), toLifecycle(3, 'Normal')],
    listOrder: 3,
  };
  const ways = (anyOrder: boolean): string[] =>
    failingSyncs(scale, () => update, true, anyOrder)
      .filter((f) => f.landed[0]?.kind === 'delete')
      .map(
        (f) =>
          `${f.landed.map((x) => (x as { index: number }).index).join('')}${f.thenFailed === undefined ? '' : `|${(f.thenFailed as { index: number }).index}`}`,
      );

  it("the conflict may come before, between or after the other pods' writes; a second failure at any of them", () => {
    expect(ways(true)).toEqual(['0', '02', '03', '023', '0|2', '03|2', '0|3', '02|3']);
  });

  it("in the model's order alone without free choices", () => {
    expect(ways(false)).toEqual(['02', '0|2']);
  });

  it("past 8 other pods, in the model's order alone", () => {
    const many = Array.from({ length: 9 }, (_, i) => toLifecycle(10 + i, 'Normal'));
    const big: SyncResult = { phase: 'update', effects: [conditionTrue(0), ...many], listOrder: 10 };
    const fs = failingSyncs(scale, () => big, true, true).filter((f) => f.landed[0]?.kind === 'delete' && f.thenFailed === undefined);
    // The conflict comes first in the model's order: only Scale's delete landed.
    expect(fs.map((f) => f.landed.length)).toEqual([1]);
  });
});

describe('writes to a pod the cache shows stale', () => {
  // Pod 1 is deleted already, pod 2 changed since the cache saw it; pod 0 is as cached.
  const freshness = (e: PodEffect): PodFreshness =>
    e.kind === 'create' ? 'cached' : e.index === 1 ? 'deleted' : e.index === 2 ? 'changed' : 'cached';

  it('a refused write to the deleted pod spends no failure; one to a live pod still does', () => {
    const fs = failingSyncs({ phase: 'scale', effects: [del(1), del(0)] }, () => ({ phase: 'update', effects: [mark(2)] }));
    // The delete of pod 1 fails (NotFound) and Update runs; or Update's mark of the changed pod fails too
    // (it carries no resourceVersion: a refused one spends); or pod 0's delete fails.
    expect(fs.map((f) => failuresSpent(f, freshness))).toEqual([0, 1, 1]);
  });

  it('on a changed pod, only the writes that carry the cached resourceVersion fail of themselves', () => {
    const fs = failingSyncs({ phase: 'update', effects: [conditionTrue(2), inPlace(2), mark(2)] }, noUpdate);
    // The in-place update's two ways, refused at its condition write or after it (the third way).
    expect(fs.map((f) => failuresSpent(f, freshness))).toEqual([0, 0, 0, 1]);
    // Neither lands here: the refresh's condition write comes first, and lands on no stale pod.
    expect(fs.map((f) => landsWith(f.landed, freshness, f.failed, f.failedAt))).toEqual([true, false, false, false]);
  });

  it('the condition write lands on no stale pod; an in-place update, a delete or a patch may land', () => {
    expect(landsWith([del(1), mark(1), toLifecycle(1, 'Normal'), inPlace(1), del(2)], freshness)).toBe(true);
    expect(landsWith([conditionTrue(1)], freshness)).toBe(false);
    // An in-place update's first write alone (before a refused image write) only on a pod as cached.
    expect(landsWith([{ kind: 'startInPlaceUpdate', index: 1 }], freshness)).toBe(false);
    expect(landsWith([{ kind: 'startInPlaceUpdate', index: 2 }], freshness)).toBe(false);
    expect(landsWith([del(0), conditionTrue(2)], freshness)).toBe(false);
    expect(landsWith([conditionTrue(0), inPlace(2)], freshness)).toBe(true);
  });

  it('nothing lands on the deleted pod after a write to it that only a gone pod refuses', () => {
    // Scale's delete of pod 1 failed (NotFound), then Update ran: its mark of pod 1 cannot land.
    expect(landsWith([mark(1)], freshness, del(1), 0)).toBe(false);
    // Before the failure it could (terminating then, gone later).
    expect(landsWith([mark(1)], freshness, del(1), 1)).toBe(true);
    // The condition write fails on a terminating pod too: the pod may still be there after it.
    expect(landsWith([mark(1)], freshness, conditionTrue(1), 0)).toBe(true);
    // After a failed write to a live pod, the deleted pod may still be terminating.
    expect(landsWith([mark(1)], freshness, del(2), 0)).toBe(true);
  });
});

describe('podWriteTimeouts: a failing write may have landed (the reply was lost)', () => {
  const NEVER = (): boolean => false;
  const timed = (fs: readonly FailedSync[]): FailedSync[] => fs.filter((f) => f.timedOut === true);

  it('off by default: every failing write was refused', () => {
    const fs = failingSyncs({ phase: 'update', effects: [mark(0), mark(2)] }, noUpdate);
    expect(fs.some((f) => f.timedOut === true || f.thenTimedOut === true)).toBe(false);
  });

  it('a loop stopped at a write that timed out holds that write, at failedAt, and nothing after it', () => {
    const effects = [mark(0), mark(2), mark(3)];
    const fs = failingSyncs({ phase: 'update', effects }, noUpdate, true, false, NEVER, true);
    expect(landed(timed(fs))).toEqual([[mark(0)], [mark(0), mark(2)], [mark(0), mark(2), mark(3)]]);
    for (const f of timed(fs)) expect(f.landed[f.failedAt]).toEqual(f.failed);
    // The refused ways are the ones of a scenario without timeouts.
    expect(fs.filter((f) => f.timedOut !== true)).toEqual(failingSyncs({ phase: 'update', effects }, noUpdate));
    // A timed-out in-place update landed whole: no way has it started only.
    const inPlaceWays = timed(failingSyncs({ phase: 'update', effects: [inPlace(1)] }, noUpdate, true, false, NEVER, true));
    expect(landed(inPlaceWays)).toEqual([[inPlace(1)]]);
  });

  it('a delete that timed out is not counted as modified: Update runs, and ends at a write to that terminating pod', () => {
    const update: SyncResult = { phase: 'update', effects: [mark(0), conditionTrue(1), mark(2)] };
    const fs = timed(failingSyncs({ phase: 'scale', effects: [del(1)] }, () => update, true, false, NEVER, true));
    // Update's condition write goes through the cached pod, whose resourceVersion the deletion changed.
    expect(fs.filter((f) => f.thenFailed === undefined).map((f) => f.landed)).toEqual([[del(1), mark(0)]]);
    // Its second failure, refused or timed out.
    expect(fs.filter((f) => f.thenFailed !== undefined).map((f) => [f.landed, f.thenTimedOut === true])).toEqual([
      [[del(1)], false],
      [[del(1), mark(0)], true],
    ]);
  });

  it('createPods counts only creations that returned no error: a first creation that timed out lets Update run', () => {
    const update: SyncResult = { phase: 'update', effects: [mark(0)] };
    const fs = timed(failingSyncs({ phase: 'scale', effects: [create('v1'), create('v2')] }, () => update, true, false, NEVER, true));
    expect(fs.map((f) => [f.phase, f.landed])).toEqual([
      ['update', [create('v1'), mark(0)]],
      ['update', [create('v1')]],
      ['update', [create('v1'), mark(0)]],
      ['scale', [create('v1'), create('v2')]],
    ]);
    expect(fs[0]!.thenFailed).toBeUndefined();
    expect(fs[1]!.thenFailed).toEqual(mark(0));
    expect(fs[2]!.thenTimedOut).toBe(true);
    // Each spends one failure per loop that stopped, as a refusal does.
    expect(fs.map((f) => failuresSpent(f))).toEqual([1, 2, 2, 1]);
  });
});

describe('failuresSpent with timeouts', () => {
  it('a write that timed out spends a failure even where a refusal of it would have been free (a stale pod)', () => {
    const changed = (_e: PodEffect): PodFreshness => 'changed';
    const [refused, timedOut] = failingSyncs({ phase: 'update', effects: [inPlace(1)] }, noUpdate, true, false, () => false, true).filter(
      (f) => f.landed.every((x) => x.kind !== 'startInPlaceUpdate'),
    );
    expect(refused!.timedOut).toBeUndefined();
    expect(failuresSpent(refused!, changed)).toBe(0);
    expect(timedOut!.timedOut).toBe(true);
    expect(failuresSpent(timedOut!, changed)).toBe(1);
  });
});
