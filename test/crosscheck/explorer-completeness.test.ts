/**
 * The explorer misses nothing a random walk can reach: within a scenario's bounds, every state of every
 * simulated walk is in the explorer's visited set (exact mode, so membership is by full encoding, not
 * by fingerprint). Two independent ways of enumerating behaviours must agree, or one of them is wrong.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Explorer } from '../../checker/index.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import type { Scenario } from '../../model/cloneset/scenario.js';
import { DEFAULT_SCENARIO } from '../../model/cloneset/scenario.js';
import type { CloneSetState } from '../../model/cloneset/state.js';
import { sequenceArbitrary, stateKeyOf, walk, weightedChooser } from '../../checker/simulation/index.js';
import { CLONESET_WEIGHTS } from '../../model/simulation/index.js';

const SCENARIOS: readonly (readonly [string, Scenario])[] = [
  ['#1545, pre-fix', { ...DEFAULT_SCENARIO, controller: 'pre-fix' }],
  [
    '3 templates, surge, partitions, upstream',
    {
      ...DEFAULT_SCENARIO,
      maxReplicas: 3,
      partitions: [0, '50%', '100%'],
      maxSurge: 1,
      templates: 3,
      budgets: { rollouts: 2, deletes: 1, scales: 1, partitions: 1 },
    },
  ],
  [
    'inline status write, in place, rollback gate, proposed',
    {
      ...DEFAULT_SCENARIO,
      controller: 'proposed',
      maxReplicas: 3,
      partitions: [0, '50%', '100%'],
      maxSurge: 1,
      templates: 3,
      budgets: { rollouts: 2, deletes: 1, scales: 1, partitions: 1 },
      statusWrite: 'inline',
      podUpdatePolicy: 'InPlaceIfPossible',
      rollbackGate: true,
    },
  ],
];

describe.each(SCENARIOS)('explorer completeness: %s', (_name, scenario) => {
  it('visits every state that 300 random walks reach', () => {
    const model = cloneSetModel(scenario);
    const explorer = new Explorer(model, { mode: 'exact', properties: [] });
    explorer.runSlice(Infinity);
    const result = explorer.result();
    expect(result.verdict).toBe('holds');
    expect(result.limit).toBeUndefined();

    const key = stateKeyOf(model);
    const chooser = weightedChooser(model, CLONESET_WEIGHTS);
    const walked = new Map<string, CloneSetState>();
    fc.assert(
      fc.property(sequenceArbitrary(120), (choices) => {
        walk(model, choices, { chooser, properties: [], key, onState: (s) => walked.set(key(s), s) });
      }),
      { seed: 3_549, numRuns: 300 },
    );
    const missing = [...walked.values()].filter((s) => explorer.indexOf(s) < 0);
    expect(missing).toEqual([]);
    // Not vacuous: the walks cover a real part of the space, and never more than all of it.
    expect(walked.size).toBeGreaterThan(1_000);
    expect(walked.size).toBeLessThanOrEqual(result.stats.states);
  });
});
