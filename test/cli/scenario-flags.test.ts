/**
 * cli/scenario-flags.ts: the `check` flags a report prints for a trace's bounds rebuild exactly that
 * scenario when parsed the way `check` parses them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommandArgs } from '../../cli/args.js';
import { SCENARIO_FIELDS } from '../../cli/fields.js';
import { buildScenario } from '../../cli/scenario.js';
import { scenarioFlags } from '../../cli/scenario-flags.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { CONTROLLER_VARIANTS } from '../../model/controller/promotion.js';
import { plainScenario } from '../../traces/document.js';
import { tempDir } from './helpers.js';

function rebuilt(sc: Scenario): Scenario {
  const args = parseCommandArgs(['--controller', sc.controller, ...scenarioFlags(sc)], SCENARIO_FIELDS, [], 0);
  return buildScenario(args.fields, undefined).scenario;
}

const percentOrInt = fc.oneof(
  fc.integer({ min: 0, max: 10 }),
  fc.integer({ min: 0, max: 100 }).map((n) => `${n}%`),
);

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    controller: fc.constantFrom(...CONTROLLER_VARIANTS),
    maxReplicas: fc.integer({ min: 0, max: 10 }),
    initialFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    initialPartition: percentOrInt,
    partitions: fc.array(percentOrInt, { minLength: 1, maxLength: 8 }),
    maxSurge: percentOrInt,
    maxUnavailable: percentOrInt,
    podUpdatePolicy: fc.constantFrom('ReCreate' as const, 'InPlaceIfPossible' as const),
    rollbackGate: fc.boolean(),
    paused: fc.boolean(),
    scaleMaxUnavailable: fc.option(percentOrInt, { nil: null }),
    templates: fc.integer({ min: 1, max: 6 }),
    budgets: fc.record({
      rollouts: fc.integer({ min: 0, max: 10 }),
      deletes: fc.integer({ min: 0, max: 10 }),
      scales: fc.integer({ min: 0, max: 10 }),
      partitions: fc.integer({ min: 0, max: 10 }),
    }),
    statusWrite: fc.constantFrom('inline' as const, 'separate' as const),
    // Absent when off (as buildScenario leaves it), true when on.
    freeChoices: fc.option(fc.constant(true as const), { nil: undefined }),
    // Absent when off (0), as buildScenario leaves it.
    podWriteFailures: fc.option(fc.integer({ min: 1, max: 255 }), { nil: undefined }),
  })
  .map(({ initialFraction, freeChoices, podWriteFailures, ...r }) => ({
    ...r,
    initialReplicas: Math.floor(initialFraction * r.maxReplicas),
    ...(freeChoices === true ? { freeChoices } : {}),
    ...(podWriteFailures === undefined ? {} : { podWriteFailures }),
  }))
  // check refuses a CloneSet kruise's webhook refuses: maxSurge and maxUnavailable both 0 above 0 replicas.
  .filter((sc) => !(sc.initialReplicas > 0 && [sc.maxSurge, sc.maxUnavailable].every((x) => x === 0 || x === '0%')));

describe('scenarioFlags', () => {
  it('writes nothing for the default scenario', () => {
    expect(scenarioFlags(DEFAULT_SCENARIO)).toEqual([]);
    expect(rebuilt(DEFAULT_SCENARIO)).toEqual(plainScenario(DEFAULT_SCENARIO));
  });

  it('writes only what differs from the defaults, with check’s flag names and syntax', () => {
    const sc: Scenario = {
      ...DEFAULT_SCENARIO,
      maxReplicas: 5,
      partitions: [0, 1, '50%'],
      rollbackGate: true,
      budgets: { ...DEFAULT_SCENARIO.budgets, partitions: 1 },
    };
    expect(scenarioFlags(sc)).toEqual([
      '--max-replicas',
      '5',
      '--partitions',
      '0,1,50%',
      '--rollback-gate',
      'true',
      '--partition-changes',
      '1',
    ]);
  });

  it('--pod-write-failures: written when on, and parsed back to the Scenario field; 0 leaves the field out', () => {
    const sc: Scenario = { ...DEFAULT_SCENARIO, podWriteFailures: 3 };
    expect(scenarioFlags(sc)).toEqual(['--pod-write-failures', '3']);
    expect(rebuilt(sc)).toEqual(plainScenario(sc));
    expect(rebuilt(sc).podWriteFailures).toBe(3);
    const zero = parseCommandArgs(['--pod-write-failures', '0'], SCENARIO_FIELDS, [], 0);
    expect(buildScenario(zero.fields, undefined).scenario).toEqual(buildScenario({}, undefined).scenario);
    expect(buildScenario(zero.fields, undefined).scenario).not.toHaveProperty('podWriteFailures');
  });

  it('the config key podWriteFailures reaches the scenario, and the flag outranks it', () => {
    const path = join(tempDir(), 'pod-writes.yaml');
    writeFileSync(path, 'podWriteFailures: 2\n');
    expect(buildScenario({}, path).scenario.podWriteFailures).toBe(2);
    const flag = parseCommandArgs(['--pod-write-failures', '1'], SCENARIO_FIELDS, [], 0);
    expect(buildScenario(flag.fields, path).scenario.podWriteFailures).toBe(1);
  });

  it('parse back, as check parses them, to the same scenario', () => {
    fc.assert(
      fc.property(scenarioArb, (sc) => {
        expect(rebuilt(sc)).toEqual(plainScenario(sc));
      }),
      { numRuns: 300 },
    );
  });
});
