/**
 * `sometimes` properties in the simulator: each walk records the first step that reaches a witness, and
 * the coverage says in how many walks and how early. A walk is a path of the state graph, so no walk
 * reaches a witness earlier than the explorer's shortest witness, and none reaches one the explorer
 * proved unreachable. Witnesses are never violations and are not listed among the checked properties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { simulate, weightedChooser } from '../../checker/simulation/index.js';
import { DIAMOND, graphModel } from '../checker/graph-model.js';

const weights = {
  weights: [
    ['sys', 1],
    ['back', 1],
  ] as [string, number][],
};

describe('simulate: witnesses', () => {
  it('counts the walks that reach each witness and the earliest step, in the model order', async () => {
    const m = graphModel(DIAMOND);
    const r = await simulate(m, { chooser: weightedChooser(m, weights), seed: 3, runs: 60, steps: 12 });
    expect(r.finding).toBeNull();
    expect(r.properties).toEqual(['noDeadlock']);
    const [goal, edge] = r.coverage.witnesses;
    expect(goal?.property).toBe('reachesGoal');
    expect(edge?.property).toBe('takesGoalEdge');
    // 0 → 4 → 3 is the shortest way to the goal, 0 → 1 → 2 → 0 the shortest to the back edge.
    expect(goal?.earliestStep).toBe(2);
    expect(edge?.earliestStep).toBe(3);
    expect(goal!.walks).toBeGreaterThan(0);
    expect(goal!.walks).toBeLessThanOrEqual(r.coverage.runs);
    // Some walks go 0 → 4 → 3 and never take the back edge.
    expect(edge!.walks).toBeLessThan(goal!.walks);
  });

  it('reports a witness no walk reached with no step', async () => {
    const m = graphModel({ ...DIAMOND, goal: [5] });
    const r = await simulate(m, { chooser: weightedChooser(m, weights), seed: 3, runs: 30, steps: 12 });
    expect(r.coverage.witnesses[0]).toEqual({ property: 'reachesGoal', walks: 0, earliestStep: null });
  });

  it('never beats the explorer: no earlier than its shortest witness, never one it proved unreachable', async () => {
    const n = 7;
    const graph = fc.record({
      adj: fc.array(fc.array(fc.nat(n - 1), { maxLength: 3 }), { minLength: n, maxLength: n }),
      goal: fc.array(fc.nat(n - 1), { maxLength: 2 }),
      seed: fc.nat(1000),
    });
    await fc.assert(
      fc.asyncProperty(graph, async ({ adj, goal, seed }) => {
        const m = graphModel({
          edges: adj,
          initial: [0],
          goal,
          terminal: [...Array(n).keys()],
          properties: ['reachesGoal', 'noDeadlock'],
        });
        const explored = explore(m).witnesses?.[0];
        const sim = (await simulate(m, { chooser: weightedChooser(m, { weights: [['sys', 1]] }), seed, runs: 20, steps: 10 })).coverage
          .witnesses[0]!;
        if (explored?.status === 'reached') {
          if (sim.earliestStep !== null) expect(sim.earliestStep).toBeGreaterThanOrEqual(explored.steps);
        } else {
          expect(explored?.status).toBe('unreached');
          expect(sim).toEqual({ property: 'reachesGoal', walks: 0, earliestStep: null });
        }
        // The initial state is step 0: a goal there is reached by every walk at once.
        if (goal.includes(0)) expect(sim).toEqual({ property: 'reachesGoal', walks: 20, earliestStep: 0 });
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});
