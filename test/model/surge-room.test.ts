/**
 * surgeRoom (model/cloneset/codec.ts), which the CLI refuses a too-large maxSurge by, agrees with what
 * createCodec accepts: a surge of exactly the room encodes, one more does not, whatever multiplies the pods.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { createCodec, surgeRoom } from '../../model/cloneset/codec.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { viewOf } from '../../model/cloneset/view.js';

const SCENARIOS: readonly [string, Scenario][] = [
  ['the default scenario', DEFAULT_SCENARIO],
  ['maxReplicas 10', { ...DEFAULT_SCENARIO, maxReplicas: 10 }],
  ['expired expectations (pods may double)', { ...DEFAULT_SCENARIO, expectations: 'timeout' }],
  [
    'excludePreparingDelete with a preDelete hook (pods may triple)',
    { ...DEFAULT_SCENARIO, excludePreparingDelete: true, lifecycleHooks: 'preDelete' },
  ],
];

describe('surgeRoom', () => {
  it.each(SCENARIOS)('%s: a surge of the room encodes, one more is refused', (_, sc) => {
    const room = surgeRoom(sc);
    expect(room).toBeGreaterThan(0);
    expect(() => createCodec(viewOf({ ...sc, maxSurge: room }))).not.toThrow();
    expect(() => createCodec(viewOf({ ...sc, maxSurge: room + 1 }))).toThrow(/too large to encode/);
  });
});

describe('a surge beyond spec.replicas is not a smaller surge', () => {
  // Why the CLI refuses a surge above surgeRoom rather than running it clamped: pods marked for deletion (by
  // users here, and by ReCreate updates) let the controller use more surge than there are replicas.
  it('with 2 replicas and user marks, maxSurge 2 and 3 reach different states', () => {
    const sc: Scenario = {
      ...DEFAULT_SCENARIO,
      controller: 'upstream',
      initialReplicas: 2,
      maxReplicas: 2,
      maxUnavailable: 0,
      budgets: { rollouts: 1, deletes: 0, scales: 0, partitions: 0, marks: 2, failures: 0 },
    };
    const states = (maxSurge: number): number =>
      explore(cloneSetModel({ ...sc, maxSurge }), { stopAtFirstViolation: false, properties: [] }).stats.states;
    expect(states(3)).toBeGreaterThan(states(2));
  });
});
