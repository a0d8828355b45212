/**
 * The simulator's kind weights with the options of issue #14: unchanged without them (so every seed walks as
 * before), and with them the new action kinds are drawn — a walk in a hook scenario takes hook steps.
 */
import { describe, expect, it } from 'vitest';
import { simulate, weightedChooser } from '../../checker/simulation/index.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { CLONESET_WEIGHTS, weightsFor } from '../../model/simulation/index.js';
import { walk } from '../model/walk.js';

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

  it('walks with progressDeadlineSeconds pass the deadline, and upstream fails deadline-from-progress there', async () => {
    const sc: Scenario = { ...DEFAULT_SCENARIO, controller: 'upstream', progressDeadline: true };
    expect(weightsFor(sc).weights.map(([k]) => k)).toContain('deadlinePasses');
    const model = cloneSetModel(sc);
    const r = await simulate(model, {
      chooser: weightedChooser(model, weightsFor(sc)),
      seed: 7,
      runs: 200,
      steps: 40,
      properties: ['deadline-from-progress'],
    });
    expect(r.coverage.perActionKind['deadlinePasses'] ?? 0).toBeGreaterThan(0);
    expect(r.finding?.violation.property).toBe('deadline-from-progress');
  });

  it('draws a reconcile with a failing pod write apart: the reconcile kind picks a normal outcome, podWriteFails a failing one', () => {
    const sc: Scenario = { ...DEFAULT_SCENARIO, podWriteFailures: 1 };
    const model = cloneSetModel(sc);
    const w = weightsFor(sc);
    expect(w.weights.map(([k]) => k)).toContain('podWriteFails');
    // Roll out v2 and delete both pods: the reconcile creates two pods, in two batches that may each fail.
    const s = walk(sc, ['rollout(v2)', 'delete(v1 ready)', 'delete(v1 ready)']).at(-1)!;
    const enabled = model.actions(s);
    expect(enabled.filter((a) => a.kind === 'reconcile')).toHaveLength(3);
    const chooser = weightedChooser(model, w);
    const total = w.weights.reduce((n, [, x]) => n + x, 0);
    // The pick that names each kind: the start of its share of PICK_RANGE (2^16).
    const pickOf = (kind: string): number => {
      let before = 0;
      for (const [k, x] of w.weights) {
        if (k === kind) return Math.ceil((before * 65_536) / total);
        before += x;
      }
      throw new Error(kind);
    };
    const picked = (kind: string): string[] =>
      [0, 30_000, 65_535].map((index) => model.actionLabel(chooser.choose(enabled, { pick: pickOf(kind), index })!));
    expect(picked('reconcile').every((l) => !l.includes('write fails'))).toBe(true);
    expect(picked('podWriteFails').every((l) => l.includes('write fails'))).toBe(true);
    expect(new Set(picked('podWriteFails')).size).toBe(2);
  });
});
