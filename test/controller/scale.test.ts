/**
 * `Scale` with the `proposed` variant's L1 fix (HookFixes.reviveWithinPartition, docs/findings.md): a scale-up's
 * `managePreparingDelete` revives a PreparingDelete pod at the update revision only as far as `Scale` would
 * create one in its place; other pods as upstream. Upstream's behaviour (no fixes) is the conformance
 * vectors'; here it is the contrast.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculatePartitionReplicas } from '../../model/controller/intstr.js';
import { scale } from '../../model/controller/scale.js';
import type { ControllerPod, HookFixes, Lifecycle } from '../../model/controller/types.js';
import { ctxOf, podOf, specOf } from './fixtures.js';

const spec = (replicas: number, partition: string) => specOf(replicas, partition, 'ReCreate');
/** Held by the preDelete hook; ready only in lifecycle Normal. */
const pod = (revision: string, lifecycle: Lifecycle, specifiedDelete = false) =>
  podOf(revision, lifecycle, { ready: lifecycle === 'Normal', specifiedDelete, preDeleteHooked: true });

const FIX: HookFixes = { reviveWithinPartition: true, releaseUnwantedPreparingUpdate: false, keepRollbackPreparingUpdate: false };

const ctx = (fixes?: HookFixes, current = 'v1', update = 'v2') => ctxOf('preDelete', { fixes, current, update });

const revived = (effects: readonly { kind: string; index?: number; lifecycle?: string }[]): number[] =>
  effects.flatMap((e) => (e.kind === 'setLifecycle' && e.lifecycle === 'PreparingNormal' ? [e.index!] : []));

describe('managePreparingDelete with reviveWithinPartition', () => {
  // L1's last step: spec.replicas 1 at partition 50% (P = 1, E = 0); the v1 pod is gone, the v2 pod waits.
  const l1 = [pod('v2', 'PreparingDelete')];

  it("upstream revives L1's waiting v2 pod where Scale would create a v1 pod", () => {
    const r = scale(spec(1, '50%'), l1, ctx());
    expect(r.modified).toBe(true);
    expect(revived(r.effects)).toEqual([0]);
  });

  it('the fix leaves it waiting for its hook: nothing is revived, and the hooked pod is not deleted yet', () => {
    const r = scale(spec(1, '50%'), l1, ctx(FIX));
    expect(r).toEqual({ modified: false, effects: [] });
  });

  it('revives the current-revision pod first, whatever the list order', () => {
    // need = 1, the partition lacks its one old pod: the v1 pod is revived, not the v2 pod listed first.
    const pods = [pod('v2', 'PreparingDelete'), pod('v1', 'PreparingDelete')];
    expect(revived(scale(spec(1, '50%'), pods, ctx()).effects)).toEqual([0]);
    expect(revived(scale(spec(1, '50%'), pods, ctx(FIX)).effects)).toEqual([1]);
  });

  it('revives an update-revision pod where Scale would create one', () => {
    // spec.replicas 2 at 50%: one v1 pod stays, so the one missing pod would be created at v2.
    const pods = [pod('v1', 'Normal'), pod('v2', 'PreparingDelete')];
    expect(revived(scale(spec(2, '50%'), pods, ctx(FIX)).effects)).toEqual([1]);
    // …and as many of each revision as Scale's split: both, when one of each is missing.
    const both = [pod('v2', 'PreparingDelete'), pod('v1', 'PreparingDelete')];
    expect(revived(scale(spec(2, '50%'), both, ctx(FIX)).effects)).toEqual([0, 1]);
  });

  it('revives a current-revision pod as upstream does, even where Scale would create an update-revision pod', () => {
    // spec.replicas 2 at 50%: one v1 pod stays, so Scale would create a v2 pod; reviving the v1 pod is upstream's
    // choice, and safe (U does not rise): the update then moves it on.
    const pods = [pod('v1', 'Normal'), pod('v1', 'PreparingDelete')];
    expect(scale(spec(2, '50%'), pods, ctx(FIX))).toEqual(scale(spec(2, '50%'), pods, ctx()));
    expect(revived(scale(spec(2, '50%'), pods, ctx(FIX)).effects)).toEqual([1]);
  });

  it('without a rollout (current = update) it revives as upstream does', () => {
    const pods = [pod('v1', 'PreparingDelete'), pod('v1', 'PreparingDelete'), pod('v1', 'Normal')];
    const none = ctx(undefined, 'v1', 'v1');
    const fixed = ctx(FIX, 'v1', 'v1');
    expect(scale(spec(3, '50%'), pods, fixed)).toEqual(scale(spec(3, '50%'), pods, none));
  });

  it('never raises the unmarked pods at the update revision above spec.replicas − partition, unless already there', () => {
    const arbPod = fc
      .record({
        revision: fc.constantFrom('v1', 'v2'),
        lifecycle: fc.constantFrom<Lifecycle>('Normal', 'PreparingNormal', 'PreparingDelete'),
        specifiedDelete: fc.boolean(),
      })
      .map((p) => pod(p.revision, p.lifecycle, p.specifiedDelete));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.constantFrom('0%', '50%', '100%', '1'),
        fc.array(arbPod, { maxLength: 6 }),
        (r, partition, pods) => {
          const s = spec(r, partition);
          const e = r - calculatePartitionReplicas(partition, r).value;
          const countU = (ps: readonly ControllerPod[]): number =>
            ps.filter((p) => p.revision === 'v2' && !p.specifiedDelete && p.lifecycle !== 'PreparingDelete').length;
          const before = countU(pods);
          const revivedUpdate = revived(scale(s, pods, ctx(FIX)).effects).filter((i) => pods[i]!.revision === 'v2').length;
          expect(before + revivedUpdate).toBeLessThanOrEqual(Math.max(e, before));
        },
      ),
      { seed: 14, numRuns: 2000 },
    );
  });
});

describe("choosePodsToDelete: a group deleted whole keeps the informer's list order", () => {
  // No hook holds these pods: every victim is deleted. Current v1, update v2.
  const c = ctxOf('inPlaceUpdate');
  const plain = (revision: string, ready = true) => podOf(revision, 'Normal', { ready });

  it('a whole group leads, and its writes are the ones in list order (SyncResult.listOrder)', () => {
    // spec.replicas 1, partition 0: both v1 pods go, the whole old group.
    const r = scale(specOf(1, '0', 'ReCreate'), [plain('v1'), plain('v2', false), plain('v1')], c);
    expect(r).toEqual({ modified: true, effects: [del(0), del(2)], listOrder: 2 });
    // partition 100%: the v2 pods go, the whole updated group.
    const u = scale(specOf(1, '100%', 'ReCreate'), [plain('v1'), plain('v2', false), plain('v2')], c);
    expect(u).toEqual({ modified: true, effects: [del(1), del(2)], listOrder: 2 });
  });

  it('a group cut short is sorted (not-ready first), so its writes keep the sort order', () => {
    const r = scale(specOf(1, '0', 'ReCreate'), [plain('v2'), plain('v2', false), plain('v2')], ctxOf('inPlaceUpdate', { current: 'v2' }));
    expect(r).toEqual({ modified: true, effects: [del(1), del(0)] });
  });

  it('two groups: only the first, whole, is a leading run in list order', () => {
    const r = scale(specOf(0, '0', 'ReCreate'), [plain('v1'), plain('v2', false), plain('v1')], c);
    expect(r).toEqual({ modified: true, effects: [del(0), del(2), del(1)], listOrder: 2 });
  });
});

const del = (index: number) => ({ kind: 'delete', index }) as const;
