/**
 * The controller's arithmetic over input ranges far wider than any scenario explores: the guarantees the
 * rest of the model (and upstream's design) lean on, checked on generated inputs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculateDiffsWithExpectation } from '../../model/controller/diffs.js';
import { calculatePartitionReplicas } from '../../model/controller/intstr.js';
import type { CloneSetSpec, ControllerPod, IntOrString, Lifecycle } from '../../model/controller/types.js';

const SEED = 1_545;
const RUNS = 2_000;

/** A percent as users write it: integer or with decimals, from 0% to 100%. */
const percentOf = (lo: number, hi: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }).map((n) => `${n}%`),
    fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true }).map((x) => `${x.toFixed(3)}%`),
  );

const intOrPercent: fc.Arbitrary<IntOrString> = fc.oneof(
  fc.integer({ min: -5, max: 2_000 }),
  percentOf(0, 100),
  fc.constantFrom('100%', '0%', '1e2%', '50'),
);

const LIFECYCLES: readonly Lifecycle[] = ['', 'Normal', 'PreparingNormal', 'PreparingUpdate', 'Updating', 'Updated', 'PreparingDelete'];

const podArbitrary: fc.Arbitrary<ControllerPod> = fc.record({
  revision: fc.constantFrom('cs-v1', 'cs-v2', 'cs-v3', 'other-v2'),
  lifecycle: fc.constantFrom(...LIFECYCLES),
  ready: fc.boolean(),
  available: fc.boolean(),
  inPlaceUpdateReady: fc.constantFrom('absent', 'True', 'False'),
  specifiedDelete: fc.boolean(),
  order: fc.constant({
    nodeAssigned: true,
    phase: 'Running',
    readyCondition: true,
    restarts: 0,
    readySince: null,
    created: null,
    deletionCost: null,
  } as const),
});

const specArbitrary: fc.Arbitrary<CloneSetSpec> = fc.record({
  replicas: fc.nat(1_000),
  updateStrategyType: fc.constant('RollingUpdate' as const),
  rollingUpdate: fc.option(
    fc.record({
      partition: fc.option(intOrPercent, { nil: null }),
      maxSurge: fc.option(intOrPercent, { nil: null }),
      maxUnavailable: fc.option(intOrPercent, { nil: null }),
      paused: fc.boolean(),
      podUpdatePolicy: fc.constantFrom('ReCreate', 'InPlaceIfPossible', 'InPlaceOnly'),
    }),
    { nil: null },
  ),
  scaleMaxUnavailable: fc.option(intOrPercent, { nil: null }),
  excludePreparingDelete: fc.boolean(),
  minReadySeconds: fc.constant(0),
});

describe('calculateDiffsWithExpectation', () => {
  it('never asks to scale up and down at once', () => {
    fc.assert(
      fc.property(
        specArbitrary,
        // size 'max': the default size draws at most ten pods (an audit), where lists up to 60 were meant.
        fc.array(podArbitrary, { maxLength: 60, size: 'max' }),
        fc.constantFrom('cs-v1', 'cs-v2'),
        fc.constantFrom('cs-v2', 'cs-v3'),
        fc.constantFrom('EqualToRevisionHash', 'IsPodUpdate'),
        fc.record({ CloneSetPartitionRollback: fc.boolean(), PreparingUpdateAsUpdate: fc.boolean() }),
        (spec, pods, currentRevision, updateRevision, classifier, gates) => {
          const d = calculateDiffsWithExpectation({ spec, pods, currentRevision, updateRevision, classifier, gates });
          expect(d.scaleUpNum === 0 || d.scaleDownNum === 0, JSON.stringify(d)).toBe(true);
          expect(d.scaleUpNum).toBeGreaterThanOrEqual(0);
          expect(d.scaleDownNum).toBeGreaterThanOrEqual(0);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('calculatePartitionReplicas', () => {
  it('stays within [0, replicas]', () => {
    fc.assert(
      fc.property(intOrPercent, fc.nat(1_000_000), (partition, replicas) => {
        const p = calculatePartitionReplicas(partition, replicas);
        expect(p.value).toBeGreaterThanOrEqual(0);
        expect(p.value).toBeLessThanOrEqual(replicas);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('keeps at least one old pod for any percent above 0% when replicas > 0', () => {
    fc.assert(
      fc.property(percentOf(0.001, 100), fc.integer({ min: 1, max: 1_000_000 }), (partition, replicas) => {
        fc.pre(Number.parseFloat(partition) > 0);
        expect(calculatePartitionReplicas(partition, replicas)).toMatchObject({ ok: true });
        expect(calculatePartitionReplicas(partition, replicas).value).toBeGreaterThanOrEqual(1);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('leaves at least one pod to update for any percent below 100% when replicas > 1', () => {
    fc.assert(
      fc.property(percentOf(0, 99.999), fc.integer({ min: 2, max: 1_000_000 }), (partition, replicas) => {
        fc.pre(Number.parseFloat(partition) < 100);
        expect(calculatePartitionReplicas(partition, replicas).value).toBeLessThanOrEqual(replicas - 1);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
