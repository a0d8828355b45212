/**
 * `Update` with the `proposed` variant's L2 fix (HookFixes.releaseUnwantedPreparingUpdate, docs/findings.md):
 * a PreparingUpdate pod that is not at the update revision goes to Updated (hook released) or Normal (hooked)
 * once the update wants no more pods at the update revision. Upstream's behaviour (no fixes) is the
 * conformance vectors'; here it is the contrast.
 */
import { describe, expect, it } from 'vitest';
import type { PodEffect } from '../../model/controller/effects.js';
import { PRODUCTION_GATES, type ControllerPod, type HookFixes, type Lifecycle } from '../../model/controller/types.js';
import { update } from '../../model/controller/update.js';
import { ctxOf, podOf, specOf } from './fixtures.js';

const spec = (replicas: number, partition: string) => specOf(replicas, partition, 'InPlaceIfPossible');
const pod = (revision: string, lifecycle: Lifecycle, hooked: boolean) => podOf(revision, lifecycle, { inPlaceUpdateHooked: hooked });

const FIX: HookFixes = { reviveWithinPartition: false, releaseUnwantedPreparingUpdate: true, keepRollbackPreparingUpdate: false };

const ctx = (fixes?: HookFixes, gates = PRODUCTION_GATES) => ctxOf('inPlaceUpdate', { fixes, gates });

const lifecycles = (effects: readonly PodEffect[]): [number, Lifecycle][] =>
  effects.flatMap((e): [number, Lifecycle][] => (e.kind === 'setLifecycle' ? [[e.index, e.lifecycle]] : []));

describe('Update with releaseUnwantedPreparingUpdate', () => {
  // L2's end: spec.replicas 2 at 50% (E = 1), the replacement at v2 meets it; the v1 pod waits in PreparingUpdate.
  const stranded = (hooked: boolean): ControllerPod[] => [pod('v2', 'Normal', true), pod('v1', 'PreparingUpdate', hooked)];

  it('upstream leaves the PreparingUpdate pod where it is once the partition is met', () => {
    expect(update(spec(2, '50%'), stranded(false), ctx())).toEqual({ phase: 'none', effects: [] });
    expect(update(spec(2, '50%'), stranded(true), ctx())).toEqual({ phase: 'none', effects: [] });
  });

  it('the fix sends a released pod to Updated, for its hook owner to restore, and a hooked one to Normal', () => {
    const released = update(spec(2, '50%'), stranded(false), ctx(FIX));
    expect(released.phase).toBe('update');
    expect(lifecycles(released.effects)).toEqual([[1, 'Updated']]);
    expect(lifecycles(update(spec(2, '50%'), stranded(true), ctx(FIX)).effects)).toEqual([[1, 'Normal']]);
  });

  it('with PreparingUpdateAsUpdate too (Update counts by revision, so updateNum is 0 all the same)', () => {
    const gates = { ...PRODUCTION_GATES, PreparingUpdateAsUpdate: true };
    expect(lifecycles(update(spec(2, '50%'), stranded(false), ctx(FIX, gates)).effects)).toEqual([[1, 'Updated']]);
  });

  it('a PreparingUpdate pod the update still wants is updated, not released', () => {
    // Partition 0: both pods should be at v2 (updateNum 1), so the released v1 pod is updated in place.
    const r = update(spec(2, '0'), stranded(false), ctx(FIX));
    expect(lifecycles(r.effects)).toEqual([]);
    expect(r.effects).toContainEqual({ kind: 'inPlaceUpdate', index: 1, revision: 'v2' });
    // …and a hooked one keeps waiting for its hook, as upstream.
    expect(update(spec(2, '0'), stranded(true), ctx(FIX))).toEqual(update(spec(2, '0'), stranded(true), ctx()));
  });

  it('a PreparingUpdate pod at the update revision is refresh’s (#1156), unchanged by the fix', () => {
    const pods = [pod('v2', 'PreparingUpdate', false), pod('v1', 'Normal', true)];
    expect(update(spec(2, '50%'), pods, ctx(FIX))).toEqual(update(spec(2, '50%'), pods, ctx()));
    expect(lifecycles(update(spec(2, '50%'), pods, ctx()).effects)).toEqual([[0, 'Updated']]);
  });
});

describe('Update with keepRollbackPreparingUpdate (CloneSetPartitionRollback)', () => {
  const ROLLBACK: HookFixes = { reviveWithinPartition: false, releaseUnwantedPreparingUpdate: false, keepRollbackPreparingUpdate: true };
  const gate = { ...PRODUCTION_GATES, CloneSetPartitionRollback: true };
  // L6: partition raised to 100% with one pod at v2 (updateNum −1): the v2 pod must go back to v1, and waits for
  // its hook in PreparingUpdate.
  const rollingBack = (hooked: boolean): ControllerPod[] => [pod('v1', 'Normal', true), pod('v2', 'PreparingUpdate', hooked)];

  it('upstream’s refresh sends the released pod to Updated (the #1156 rule), so the rollback never reaches it', () => {
    expect(update(spec(2, '100%'), rollingBack(false), ctx(undefined, gate))).toEqual({
      phase: 'refresh',
      effects: [{ kind: 'setLifecycle', index: 1, lifecycle: 'Updated' }],
      // The refresh loop walks the pod list in the informer's order.
      listOrder: 1,
    });
  });

  it('the fix leaves it to Update, which rolls it back in place once released, and waits while it is hooked', () => {
    const released = update(spec(2, '100%'), rollingBack(false), ctx(ROLLBACK, gate));
    expect(released).toEqual({ phase: 'update', effects: [{ kind: 'inPlaceUpdate', index: 1, revision: 'v1' }] });
    expect(update(spec(2, '100%'), rollingBack(true), ctx(ROLLBACK, gate))).toEqual({ phase: 'none', effects: [] });
  });

  it('changes nothing where no rollback is wanted: the #1156 rule as upstream (gate off, or partition met)', () => {
    for (const [partition, gates] of [
      ['100%', PRODUCTION_GATES],
      ['50%', gate],
    ] as const) {
      const pods = rollingBack(false);
      expect(update(spec(2, partition), pods, ctx(ROLLBACK, gates)), partition).toEqual(
        update(spec(2, partition), pods, ctx(undefined, gates)),
      );
    }
  });
});

describe('Update never takes a PreparingDelete pod as a candidate (an audit: only a slow pinned row caught it)', () => {
  it('with partition 0 and ReCreate, the v1 pod in PreparingDelete is left to the hook, the Normal one is updated', () => {
    // Upstream's candidates skip PreparingDelete pods (cloneset_update.go: "skip pods in PreparingDelete").
    const pods = [podOf('v1', 'PreparingDelete'), podOf('v1', 'Normal')];
    // maxUnavailable 100%: the PreparingDelete pod, unavailable, leaves room for one update.
    const base = specOf(2, '0', 'ReCreate');
    const r = update({ ...base, rollingUpdate: { ...base.rollingUpdate!, maxUnavailable: '100%' } }, pods, ctxOf(null));
    expect(r.effects.length).toBeGreaterThan(0);
    for (const e of r.effects) if (e.kind !== 'create') expect(e.index, JSON.stringify(e)).not.toBe(0);
    expect(r.effects.some((e) => e.kind !== 'create' && e.index === 1)).toBe(true);
  });
});
