/**
 * Scale's surge under updateStrategy OnDelete, with the `proposed` variant's fix
 * (VariantInfo.onDeleteWithoutUpdateSurge, docs/findings.md "OnDelete"): upstream's calculateDiffsWithExpectation
 * computes an update surge whatever the strategy type, so Scale creates a pod at the update revision above
 * spec.replicas though Update never runs; the fix drops that surge under OnDelete and keeps the one for a
 * specified delete (a marked pod's replacement first). RollingUpdate is the contrast.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExpectationDiffs } from '../../model/controller/diffs.js';
import { scale, scaleDiffs } from '../../model/controller/scale.js';
import type { CloneSetSpec, ControllerPod } from '../../model/controller/types.js';
import { ctxOf, podOf, specOf } from './fixtures.js';

const withStrategy = (
  type: CloneSetSpec['updateStrategyType'],
  replicas: number,
  partition: string | number,
  maxSurge: number | string,
): CloneSetSpec => {
  const base = specOf(replicas, String(partition), 'ReCreate');
  return { ...base, updateStrategyType: type, rollingUpdate: { ...base.rollingUpdate!, partition, maxSurge } };
};

const diffsOf = (spec: CloneSetSpec, pods: readonly ControllerPod[], fixed: boolean): ExpectationDiffs =>
  scaleDiffs(spec, pods, ctxOf(null, { onDeleteWithoutUpdateSurge: fixed }));

const created = (effects: readonly { kind: string }[]): number => effects.filter((e) => e.kind === 'create').length;

describe('the #1545 CloneSet with maxSurge 1, just rolled out to v2 (two ready v1 pods, partition 50%)', () => {
  const pods = [podOf('v1', 'Normal'), podOf('v1', 'Normal')];

  it('upstream surges under OnDelete as under RollingUpdate: Scale creates a third pod, at v2', () => {
    for (const type of ['OnDelete', 'RollingUpdate'] as const) {
      const spec = withStrategy(type, 2, '50%', 1);
      expect(diffsOf(spec, pods, false).useSurge).toBe(1);
      expect(created(scale(spec, pods, ctxOf(null)).effects)).toBe(1);
    }
  });

  it('the fix drops the update surge under OnDelete only: nothing is created, and RollingUpdate still surges', () => {
    const onDelete = withStrategy('OnDelete', 2, '50%', 1);
    expect(diffsOf(onDelete, pods, true).useSurge).toBe(0);
    expect(created(scale(onDelete, pods, ctxOf(null, { onDeleteWithoutUpdateSurge: true })).effects)).toBe(0);
    expect(diffsOf(withStrategy('RollingUpdate', 2, '50%', 1), pods, true).useSurge).toBe(1);
  });

  it("a user's mark keeps its surge: the replacement is created before the marked pod goes, with the fix too", () => {
    const marked = [podOf('v1', 'Normal'), podOf('v1', 'Normal', { specifiedDelete: true })];
    const onDelete = withStrategy('OnDelete', 2, '50%', 1);
    for (const fixed of [false, true]) {
      const r = scale(onDelete, marked, ctxOf(null, { onDeleteWithoutUpdateSurge: fixed }));
      expect(created(r.effects)).toBe(1);
      expect(r.effects.some((e) => e.kind === 'delete')).toBe(false);
    }
  });
});

describe('what the fix changes, on random pod lists (fast-check)', () => {
  const pod = fc
    .record({ rev: fc.constantFrom('v1', 'v2'), ready: fc.boolean(), marked: fc.boolean() })
    .map((p) => podOf(p.rev, 'Normal', { ready: p.ready, specifiedDelete: p.marked }));
  const value = fc.constantFrom<number | string>(0, 1, 2, '20%', '50%', '100%');
  const input = fc.record({
    pods: fc.array(pod, { maxLength: 6 }),
    replicas: fc.integer({ min: 0, max: 6 }),
    partition: value,
    maxSurge: value,
    maxUnavailable: value,
  });
  type Input = {
    readonly replicas: number;
    readonly partition: number | string;
    readonly maxSurge: number | string;
    readonly maxUnavailable: number | string;
  };
  const specFor = (type: CloneSetSpec['updateStrategyType'], x: Input): CloneSetSpec => {
    const s = withStrategy(type, x.replicas, x.partition, x.maxSurge);
    return { ...s, rollingUpdate: { ...s.rollingUpdate!, maxUnavailable: x.maxUnavailable } };
  };

  it('under OnDelete it never adds surge, surges only where a pod is marked, and changes nothing but the surge and what follows from it', () => {
    fc.assert(
      fc.property(input, (x) => {
        const spec = specFor('OnDelete', x);
        const up = diffsOf(spec, x.pods, false);
        const fixed = diffsOf(spec, x.pods, true);
        expect(fixed.useSurge).toBeLessThanOrEqual(up.useSurge);
        if (!x.pods.some((p) => p.specifiedDelete)) expect(fixed.useSurge).toBe(0);
        // The update arithmetic does not read the surge.
        expect([fixed.updateNum, fixed.updateMaxUnavailable]).toEqual([up.updateNum, up.updateMaxUnavailable]);
        // The delete limit's formula does not either, but its gate does: upstream sets it only when something
        // is to be deleted, and dropping the surge can turn an extra pod upstream keeps into a scale-down
        // (replicas 1 over two v1 pods: upstream keeps both as surge, the fix deletes one).
        const gate = (d: ExpectationDiffs): boolean => d.scaleDownNum > 0 || x.pods.some((p) => p.specifiedDelete);
        if (gate(fixed) === gate(up)) expect(fixed.deleteReadyLimit).toBe(up.deleteReadyLimit);
        else expect([gate(fixed), up.scaleDownNum, up.deleteReadyLimit, fixed.useSurge]).toEqual([true, 0, 0, 0]);
        // The rest follows from the surge: where the fix picks the same surge, everything is upstream's.
        if (fixed.useSurge === up.useSurge && fixed.useSurgeOldRevision === up.useSurgeOldRevision) expect(fixed).toEqual(up);
      }),
    );
  });

  it('under RollingUpdate it changes nothing', () => {
    fc.assert(
      fc.property(input, (x) => {
        const spec = specFor('RollingUpdate', x);
        expect(diffsOf(spec, x.pods, true)).toEqual(diffsOf(spec, x.pods, false));
      }),
    );
  });
});
