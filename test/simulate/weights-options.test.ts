/**
 * The simulator's kind weights with the options of issue #14: unchanged without them (so every seed walks as
 * before), and with them the new action kinds are drawn — a walk in a hook scenario takes hook steps.
 */
import { describe, expect, it } from 'vitest';
import { simulate, weightedChooser } from '../../checker/simulation/index.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { CLONESET_WEIGHTS, weightsFor } from '../../model/simulation/index.js';

describe('weightsFor', () => {
  it('is CLONESET_WEIGHTS itself when no option adds an action kind', () => {
    expect(weightsFor(DEFAULT_SCENARIO)).toBe(CLONESET_WEIGHTS);
    expect(weightsFor({ ...DEFAULT_SCENARIO, preparingReady: true })).toBe(CLONESET_WEIGHTS);
  });

  it('adds the kinds each option brings, after the old ones', () => {
    const sc: Scenario = {
      ...DEFAULT_SCENARIO,
      budgets: { ...DEFAULT_SCENARIO.budgets, marks: 1, failures: 1 },
      inPlaceKubelet: true,
      lifecycleHooks: 'both',
    };
    const kinds = weightsFor(sc).weights.map(([k]) => k);
    expect(kinds.slice(0, CLONESET_WEIGHTS.weights.length)).toEqual(CLONESET_WEIGHTS.weights.map(([k]) => k));
    expect(kinds).toEqual(expect.arrayContaining(['markPod', 'podUnready', 'podFail', 'inPlaceDone', 'releaseHook', 'restoreHook']));
  });

  it('walks of a hook scenario take hook steps', async () => {
    const sc: Scenario = {
      ...DEFAULT_SCENARIO,
      controller: 'upstream',
      podUpdatePolicy: 'InPlaceIfPossible',
      lifecycleHooks: 'inPlaceUpdate',
    };
    const model = cloneSetModel(sc);
    const r = await simulate(model, { chooser: weightedChooser(model, weightsFor(sc)), seed: 7, runs: 50, steps: 40, properties: [] });
    expect(r.coverage.perActionKind['releaseHook'] ?? 0).toBeGreaterThan(0);
  });
});
