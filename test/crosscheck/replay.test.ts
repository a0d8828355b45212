/**
 * A walk written as a trace document replays through traces/ to exactly the states the walk visited,
 * also after a round trip through its JSON text: what the simulator writes is evidence the replay
 * command can check, like an explorer counterexample.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import type { Scenario } from '../../model/cloneset/scenario.js';
import { DEFAULT_SCENARIO } from '../../model/cloneset/scenario.js';
import { sameState } from '../../model/cloneset/state.js';
import { sequenceArbitrary, stateKeyOf, walk, weightedChooser } from '../../checker/simulation/index.js';
import { CLONESET_WEIGHTS, generatePartitions } from '../../model/simulation/index.js';
import { replayTrace, serializeTraceDocument, toTraceDocument } from '../../traces/index.js';
import { parsedDoc } from '../traces/fixtures.js';

const SCENARIOS: readonly (readonly [string, Scenario])[] = [
  ['#1545', DEFAULT_SCENARIO],
  [
    '8 replicas, generated partitions, 3 templates',
    {
      ...DEFAULT_SCENARIO,
      controller: 'proposed',
      maxReplicas: 8,
      maxSurge: '25%',
      templates: 3,
      partitions: [0, '100%', ...generatePartitions(5, 10, 8)],
      budgets: { rollouts: 3, deletes: 4, scales: 4, partitions: 4 },
    },
  ],
];

describe.each(SCENARIOS)('replaying generated walks: %s', (_name, scenario) => {
  const model = cloneSetModel(scenario);
  const key = stateKeyOf(model);
  const chooser = weightedChooser(model, CLONESET_WEIGHTS);

  it('reproduces every state of the walk', () => {
    fc.assert(
      fc.property(sequenceArbitrary(80), (choices) => {
        const { trace } = walk(model, choices, { chooser, properties: [], key });
        const doc = toTraceDocument({ scenario, steps: trace });
        for (const d of [doc, parsedDoc(serializeTraceDocument(doc))]) {
          const r = replayTrace(d);
          if (!r.ok) throw new Error(r.divergence.message);
          expect(r.steps).toHaveLength(trace.length);
          r.steps.forEach((st, i) => {
            expect(sameState(st.state, trace[i]!.state), `step ${i}`).toBe(true);
          });
        }
      }),
      { seed: 777, numRuns: 60 },
    );
  });
});
