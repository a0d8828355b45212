/**
 * The simulator is generic: on a hand-made graph model (no CloneSet anywhere) it finds and shrinks
 * violations, and a convergence violation comes out exactly as the explorer reports it — same stuck
 * trace, same continuation, same message — since both use the one continuation builder.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { simulate, weightedChooser } from '../../checker/simulation/index.js';
import { graphModel } from '../checker/graph-model.js';

/** 0 --user--> 1 --sys--> 2 --sys--> 1: from 1 the system loops forever and never settles (0 is settled). */
const looping = graphModel({
  edges: [[{ to: 1, cls: 'user' }], [2], [1]],
  initial: [0],
  settled: [0],
  properties: ['converges', 'noDeadlock'],
});
const chooser = weightedChooser(looping, {
  weights: [
    ['sys', 1],
    ['user', 1],
  ],
});

describe('the generic simulator', () => {
  it('reports a convergence violation exactly as the explorer does', async () => {
    const r = await simulate(looping, { chooser, seed: 1, runs: 20, steps: 10, properties: ['converges'] });
    const f = r.finding;
    expect(f).not.toBeNull();
    const explored = explore(looping, { properties: ['converges'] }).violation;
    expect(explored?.continuation?.end).toBe('cycle');
    expect(f!.shrunkSteps).toBe(1);
    expect(f!.violation).toEqual(explored);
  });

  it('asks convergence where a walk ends with nothing enabled: a terminal, unsettled dead end', async () => {
    // 0 --sys--> 1, and 1 has no action: terminal (no deadlock) but not settled (only the unreachable 2 is).
    // A walk that reached 1 once stopped there without asking, and found nothing.
    const deadEnd = graphModel({
      edges: [[1], [], []],
      initial: [0],
      terminal: [1],
      settled: [2],
      properties: ['converges', 'noDeadlock'],
    });
    const sys = weightedChooser(deadEnd, { weights: [['sys', 1]] });
    const explored = explore(deadEnd).violation;
    expect(explored?.continuation?.end).toBe('deadEnd');
    const r = await simulate(deadEnd, { chooser: sys, seed: 1, runs: 20, steps: 10 });
    expect(r.finding?.violation).toEqual(explored);
    // Stuck from the start: a walk of no steps.
    const stuck = graphModel({ edges: [[1], [], []], initial: [1], terminal: [1], settled: [2], properties: ['converges', 'noDeadlock'] });
    const atOnce = await simulate(stuck, { chooser: sys, seed: 1, runs: 5, steps: 5 });
    expect(atOnce.finding?.violation).toEqual(explore(stuck).violation);
    expect(atOnce.finding?.shrunkSteps).toBe(0);
  });

  it('finds and shrinks an invariant violation', async () => {
    const m = graphModel({ edges: [[1, 3], [2], [0], [0]], initial: [0], bad: [2], terminal: [], properties: ['notBad'] });
    const r = await simulate(m, { chooser: weightedChooser(m, { weights: [['sys', 1]] }), seed: 4, runs: 50, steps: 30 });
    expect(r.finding?.violation.property).toBe('notBad');
    expect(r.finding?.violation.trace.map((st) => st.state)).toEqual([0, 1, 2]);
  });

  it('rejects what it cannot run: unknown properties, convergence without isSettled, empty weights', async () => {
    await expect(simulate(looping, { chooser, seed: 1, runs: 1, steps: 1, properties: ['nope'] })).rejects.toThrow(
      /unknown property nope \(known: converges, noDeadlock\)/,
    );
    const { isSettled: _, ...unsettled } = looping;
    await expect(simulate(unsettled, { chooser, seed: 1, runs: 1, steps: 1 })).rejects.toThrow(/convergence property needs isSettled/);
    expect(() => weightedChooser(looping, { weights: [] })).toThrow(RangeError);
    expect(() => weightedChooser(looping, { weights: [['sys', 0]] })).toThrow(RangeError);
  });
});

describe('simulate refuses options it cannot run with', () => {
  const base = { chooser, seed: 1, runs: 5, steps: 5, properties: ['converges'] };
  // A negative step count once ran fast-check's generator out of memory (the process died); a bad seed ran
  // seed 0's walks while the result reported the seed given; a negative run count ran nothing, silently.
  it.each([
    ['steps', { steps: -1 }, /^steps must be an integer from 1/],
    ['steps', { steps: 2.5 }, /^steps must be an integer from 1/],
    ['runs', { runs: -5 }, /^runs must be an integer from 1/],
    ['runs', { runs: Number.NaN }, /^runs must be an integer from 1/],
    ['seed', { seed: Number.NaN }, /^seed must be an integer from -2147483648 to 2147483647, got NaN$/],
    ['seed', { seed: 2 ** 32 }, /^seed must be an integer/],
    ['timeLimitSeconds', { timeLimitSeconds: 0 }, /^timeLimitSeconds must be positive, got 0$/],
    ['convergenceCap', { convergenceCap: 0 }, /^convergenceCap must be an integer from 1/],
    ['path', { path: 'zzz' }, /^path must be numbers separated by colons/],
  ] as const)('%s %o', async (_, bad, message) => {
    await expect(simulate(looping, { ...base, ...bad })).rejects.toThrow(RangeError);
    await expect(simulate(looping, { ...base, ...bad })).rejects.toThrow(message);
  });
});
