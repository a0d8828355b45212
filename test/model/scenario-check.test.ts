/**
 * cloneSetModel checks the Scenario a library caller gives it: a field the model cannot run with is a
 * RangeError naming it, where it once ran as something else or failed deep inside. The bench's rows still
 * pass (the CLI's examples run in test/cli/examples.test.ts).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { CLONESET_BENCHES } from '../../bench/cloneset-scenarios.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { CHECKED_FIELDS } from '../../model/cloneset/scenario-check.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';

const d = DEFAULT_SCENARIO;
const bad = (patch: Record<string, unknown>): Scenario => ({ ...d, ...patch }) as Scenario;

describe('cloneSetModel refuses a scenario it cannot run', () => {
  it.each([
    ['controller', bad({ controller: 'foo' }), 'scenario.controller must be one of "pre-fix", "upstream", "proposed", got "foo"'],
    ['maxReplicas', bad({ maxReplicas: -1 }), 'scenario.maxReplicas must be an integer from 0 to 255, got -1'],
    ['initialReplicas', bad({ initialReplicas: -1 }), 'scenario.initialReplicas must be an integer from 0 to 255, got -1'],
    ['templates', bad({ templates: 0 }), 'scenario.templates must be an integer from 1 to 15, got 0'],
    [
      'podUpdatePolicy',
      bad({ podUpdatePolicy: 'Foo' }),
      'scenario.podUpdatePolicy must be one of "ReCreate", "InPlaceIfPossible", got "Foo"',
    ],
    ['statusWrite', bad({ statusWrite: 'foo' }), 'scenario.statusWrite must be one of "inline", "separate", got "foo"'],
    [
      'a budget',
      bad({ budgets: { ...d.budgets, rollouts: Number.NaN } }),
      'scenario.budgets.rollouts must be an integer from 0 to 255, got NaN',
    ],
    [
      'a partition',
      bad({ initialPartition: 'abc' }),
      'scenario.initialPartition must be an integer from 0 to 2147483647 (int32) or a percentage',
    ],
    [
      'a listed partition',
      bad({ partitions: [0, '150%'] }),
      'scenario.partitions[1] must be an integer from 0 to 2147483647 (int32) or a percentage',
    ],
    // Past int32, as the CLI and --cloneset refuse it.
    ['a maxSurge past int32', bad({ maxSurge: 2 ** 31 }), 'scenario.maxSurge must be an integer from 0 to 2147483647 (int32)'],
    [
      'podWriteTimeouts',
      bad({ podWriteFailures: 1, podWriteTimeouts: 'yes' as unknown as boolean }),
      'scenario.podWriteTimeouts must be true, false or absent, got "yes"',
    ],
    ['expectations', bad({ expectations: 'bogus' }), 'scenario.expectations must be one of "ideal", "upstream", "timeout", got "bogus"'],
    ['lifecycleHooks', bad({ lifecycleHooks: 'none' }), 'scenario.lifecycleHooks must be one of "preDelete", "inPlaceUpdate", "both"'],
    [
      'status-write failures with inline writes',
      bad({ statusWrite: 'inline', statusWriteFailures: 1 }),
      'scenario.statusWriteFailures must be 0 with statusWrite inline',
    ],
    ['an optional switch', bad({ freeChoices: 'yes' }), 'scenario.freeChoices must be true, false or absent, got "yes"'],
    // The codec ranks at most 16 copies of the Progressing condition (condition-order.ts).
    [
      'more stale reads than the conditions ranked',
      bad({ progressDeadline: true, staleReads: 15 }),
      'scenario.staleReads must be 0..14 with progressDeadline (the copies of the Progressing condition the model ranks), got 15',
    ],
  ])('%s', (_, scenario, message) => {
    expect(() => cloneSetModel(scenario)).toThrow(RangeError);
    expect(() => cloneSetModel(scenario)).toThrow(message);
  });
});

describe('and accepts every scenario the project runs', () => {
  it('the bench rows and the default', () => {
    for (const b of CLONESET_BENCHES) expect(() => cloneSetModel(b.scenario), b.name).not.toThrow();
    expect(() => cloneSetModel(d)).not.toThrow();
  });
});

describe('every Scenario field is listed as checked', () => {
  it('at the type level (a new field fails the build in scenario-check.ts) and at run time', () => {
    expectTypeOf<keyof typeof CHECKED_FIELDS>().toEqualTypeOf<keyof Scenario>();
    const optional = [
      'preparingReady',
      'inPlaceKubelet',
      'minReadySeconds',
      'lifecycleHooks',
      'preparingUpdateAsUpdate',
      'excludePreparingDelete',
      'maxSurges',
      'maxUnavailables',
      'updateStrategyType',
      'rollingUpdate',
    ];
    const present = [
      ...Object.keys(d),
      ...optional,
      'freeChoices',
      'staleReads',
      'staleRevisions',
      'statusWriteFailures',
      'podWriteFailures',
      'podWriteTimeouts',
      'expectations',
      'progressDeadline',
    ];
    expect(Object.keys(CHECKED_FIELDS).sort()).toEqual([...new Set(present)].sort());
  });
});
