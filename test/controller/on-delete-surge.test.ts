/**
 * Scale's surge under updateStrategy OnDelete, with the `proposed` variant's fix (VariantInfo.onDeleteWithoutSurge,
 * docs/findings.md "OnDelete"): upstream's calculateDiffsWithExpectation computes an update surge whatever the
 * strategy type, so Scale creates a pod at the update revision above spec.replicas though Update never runs;
 * the fix takes maxSurge as 0 under OnDelete, as upstream takes it while paused. RollingUpdate is the contrast.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculateDiffsWithExpectation, controllerParameters, rolloutParameters } from '../../model/controller/diffs.js';
import { scale } from '../../model/controller/scale.js';
import { PRODUCTION_GATES, type CloneSetSpec, type ControllerPod } from '../../model/controller/types.js';
import { ctxOf, podOf, specOf } from './fixtures.js';

const withStrategy = (
  type: CloneSetSpec['updateStrategyType'],
  replicas: number,
  partition: string,
  maxSurge: number | string,
): CloneSetSpec => {
  const base = specOf(replicas, partition, 'ReCreate');
  return { ...base, updateStrategyType: type, rollingUpdate: { ...base.rollingUpdate!, maxSurge } };
};

const surgeOf = (spec: CloneSetSpec, pods: readonly ControllerPod[], fixed: boolean): number =>
  calculateDiffsWithExpectation({
    spec,
    pods,
    currentRevision: 'v1',
    updateRevision: 'v2',
    classifier: 'IsPodUpdate',
    gates: PRODUCTION_GATES,
    ...(fixed ? { onDeleteWithoutSurge: true } : {}),
  }).useSurge;

const created = (effects: readonly { kind: string }[]): number => effects.filter((e) => e.kind === 'create').length;

describe('the #1545 CloneSet with maxSurge 1, just rolled out to v2 (two ready v1 pods, partition 50%)', () => {
  const pods = [podOf('v1', 'Normal'), podOf('v1', 'Normal')];

  it('upstream surges under OnDelete as under RollingUpdate: Scale creates a third pod, at v2', () => {
    for (const type of ['OnDelete', 'RollingUpdate'] as const) {
      const spec = withStrategy(type, 2, '50%', 1);
      expect(surgeOf(spec, pods, false)).toBe(1);
      expect(created(scale(spec, pods, ctxOf(null)).effects)).toBe(1);
    }
  });

  it('the fix takes maxSurge as 0 under OnDelete only: nothing is created, and RollingUpdate still surges', () => {
    const onDelete = withStrategy('OnDelete', 2, '50%', 1);
    expect(surgeOf(onDelete, pods, true)).toBe(0);
    expect(created(scale(onDelete, pods, ctxOf(null, { onDeleteWithoutSurge: true })).effects)).toBe(0);
    expect(surgeOf(withStrategy('RollingUpdate', 2, '50%', 1), pods, true)).toBe(1);
  });
});

describe('the fix reads an OnDelete spec as upstream reads a paused one', () => {
  const values = fc.constantFrom<number | string>(0, 1, 2, '20%', '50%', '100%');
  it('the same parameters, at every replica count and strategy (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), values, values, values, (replicas, partition, maxSurge, maxUnavailable) => {
        const base = withStrategy('OnDelete', replicas, String(partition), maxSurge);
        const spec: CloneSetSpec = { ...base, rollingUpdate: { ...base.rollingUpdate!, partition, maxUnavailable } };
        const paused: CloneSetSpec = { ...spec, rollingUpdate: { ...spec.rollingUpdate!, paused: true } };
        expect(controllerParameters(spec, true)).toEqual(rolloutParameters(paused));
        expect(controllerParameters(spec, true).maxSurge).toBe(0);
        // Without the fix, or with RollingUpdate, upstream's own parameters.
        expect(controllerParameters(spec, false)).toEqual(rolloutParameters(spec));
        const rolling: CloneSetSpec = { ...spec, updateStrategyType: 'RollingUpdate' };
        expect(controllerParameters(rolling, true)).toEqual(rolloutParameters(rolling));
      }),
    );
  });
});
