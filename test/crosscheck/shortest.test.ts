/**
 * Breadth-first search finds shortest counterexamples, so no simulation counterexample for the same
 * scenario and property may be shorter — neither as first found nor after shrinking. A shorter one would
 * mean the explorer skipped a state or mis-counted depth.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO } from '../../model/cloneset/scenario.js';
import { simulate, weightedChooser } from '../../checker/simulation/index.js';
import { CLONESET_WEIGHTS } from '../../model/simulation/index.js';

const SCENARIO = { ...DEFAULT_SCENARIO, controller: 'pre-fix' } as const;
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

describe.each(['canary-respected', 'promotion-sound'])('pre-fix %s: explorer ≤ simulation', (property) => {
  it('no simulation counterexample is shorter than the explorer’s', async () => {
    const model = cloneSetModel(SCENARIO);
    const shortest = explore(model, { properties: [property] }).violation;
    expect(shortest?.property).toBe(property);
    const bfs = shortest!.trace.length - 1;
    for (const seed of SEEDS) {
      const r = await simulate(model, {
        chooser: weightedChooser(model, CLONESET_WEIGHTS),
        seed,
        runs: 300,
        steps: 100,
        properties: [property],
      });
      expect(r.finding, `seed ${seed}`).not.toBeNull();
      const f = r.finding!;
      expect(f.violation.property).toBe(property);
      expect(f.originalSteps, `seed ${seed}`).toBeGreaterThanOrEqual(f.shrunkSteps);
      expect(f.shrunkSteps, `seed ${seed}`).toBeGreaterThanOrEqual(bfs);
    }
  });
});
