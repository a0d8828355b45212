/**
 * The choice sequences and their shrinker: full-length generation, the documented action weights, and a
 * shrunk counterexample that no single move of the shrinker can improve (it is 1-minimal).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO } from '../../model/cloneset/scenario.js';
import {
  PICK_RANGE,
  sequenceArbitrary,
  simulate,
  stateKeyOf,
  traceSteps,
  walk,
  weightedChooser,
  type Choice,
} from '../../checker/simulation/index.js';
import { CLONESET_WEIGHTS, KIND_WEIGHTS } from '../../model/simulation/index.js';

const SCENARIO = { ...DEFAULT_SCENARIO, controller: 'pre-fix' } as const;
const chooser = weightedChooser(cloneSetModel(SCENARIO), CLONESET_WEIGHTS);
const resolveChoice = (enabled: readonly Action[], c: Choice): Action | null => chooser.choose(enabled, c);

describe('choice sequences', () => {
  it('are generated at full length', () => {
    for (const seq of fc.sample(sequenceArbitrary(57), { seed: 1, numRuns: 20 })) expect(seq).toHaveLength(57);
  });

  it('name action kinds with the documented weights', () => {
    // Every kind enabled: one action of each.
    const enabled: Action[] = [
      { kind: 'reconcile' },
      { kind: 'writeStatus' },
      { kind: 'podReady', pod: { rev: 0, lifecycle: 'Normal', ready: false, marked: false } },
      { kind: 'deletePod', pod: { rev: 0, lifecycle: 'Normal', ready: true, marked: false } },
      { kind: 'scale', replicas: 0 },
      { kind: 'rollout', template: 1 },
      { kind: 'setPartition', index: 0, value: 0 },
    ];
    const counts = new Map<string, number>();
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const a = resolveChoice(enabled, { pick: Math.floor((i * PICK_RANGE) / n), index: 0 })!;
      counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
    }
    // The weights `simulate --help` documents, written out: read from KIND_WEIGHTS, a changed table would pass.
    const documented = { reconcile: 30, writeStatus: 15, podReady: 15, deletePod: 10, scale: 10, rollout: 10, setPartition: 10 };
    expect(Object.fromEntries(KIND_WEIGHTS)).toEqual(documented);
    for (const [kind, weight] of Object.entries(documented)) expect(Math.round((100 * counts.get(kind)!) / n)).toBe(weight);
  });

  it('skip a choice whose kind has nothing enabled', () => {
    expect(resolveChoice([{ kind: 'writeStatus' }], { pick: 0, index: 0 })).toBeNull();
  });

  it('send a quarter of scale choices to the lowest target and a quarter to the highest', () => {
    const targets = Array.from({ length: 51 }, (_, n): Action => ({ kind: 'scale', replicas: n }));
    const scalePick = Math.floor(((30 + 15 + 15 + 10 + 5) / 100) * PICK_RANGE);
    const got = Array.from(
      { length: 4_000 },
      (_, i) => resolveChoice(targets, { pick: scalePick, index: i * 16 + (i % 4) }) as { replicas: number },
    );
    expect(got.filter((a) => a.replicas === 0).length).toBeGreaterThanOrEqual(1_000);
    expect(got.filter((a) => a.replicas === 50).length).toBeGreaterThanOrEqual(1_000);
  });
});

describe('shrinking', () => {
  const model = cloneSetModel(SCENARIO);
  const key = stateKeyOf(model);

  it.each([
    ['canary-respected', 3],
    ['canary-respected', 8],
    ['promotion-sound', 3],
  ])(
    'a shrunk %s counterexample (seed %i) is 1-minimal: no single choice removed or simplified gives a trace as short',
    async (property, seed) => {
      const r = await simulate(model, { chooser, seed, runs: 300, steps: 100, properties: [property] });
      const f = r.finding!;
      expect(f.violation.property).toBe(property);
      expect(f.shrunkSteps).toBeLessThanOrEqual(f.originalSteps);
      const props = model.properties.filter((p) => p.name === property);
      const stillFails = (cs: readonly Choice[]): boolean => {
        const v = walk(model, cs, { chooser, properties: props, key }).violation;
        return v !== null && traceSteps(v.trace) <= f.shrunkSteps;
      };
      expect(stillFails(f.choices)).toBe(true);
      f.choices.forEach((c, i) => {
        expect(stillFails([...f.choices.slice(0, i), ...f.choices.slice(i + 1)]), `without choice ${i}`).toBe(false);
        if (c.pick !== 0 || c.index !== 0)
          expect(stillFails([...f.choices.slice(0, i), { pick: 0, index: 0 }, ...f.choices.slice(i + 1)]), `choice ${i} simplified`).toBe(
            false,
          );
      });
    },
  );
});
