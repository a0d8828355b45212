/**
 * The canonical encoding the explorer's symmetry reduction and the simulator's coverage both rest on:
 * pods are interchangeable (any order, one encoding) and nothing else is lost (different states, different
 * encodings), on arbitrary — not only reachable — states.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO } from '../../model/cloneset/scenario.js';
import { canonicalPods } from '../../model/cloneset/state.js';
import {
  stateArbitrary,
  WIDE_ANY_SCENARIO,
  WIDE_OBSERVE_SCENARIO,
  WIDE_PAUSE_SCENARIO,
  WIDE_OBSERVE_PROGRESS_SCENARIO,
  WIDE_PROGRESS_SCENARIO,
  WIDE_SCENARIO,
  WIDE_STRATEGY_SCENARIO,
} from './arbitraries.js';
import { encodingLaws, encodingOf } from './encoding-laws.js';

const SEED = 20_611;

describe.each([
  ['default', DEFAULT_SCENARIO],
  ['wide', WIDE_SCENARIO],
  ['wide, any budgets', WIDE_ANY_SCENARIO],
  ['wide, stale CloneSet reads, status- and pod-write failures', WIDE_OBSERVE_SCENARIO],
  ['wide, stale CloneSet reads, pause changes', WIDE_PAUSE_SCENARIO],
  ['wide, stale CloneSet reads, strategy edits', WIDE_STRATEGY_SCENARIO],
  ['wide, progressDeadlineSeconds (Progressing conditions)', WIDE_PROGRESS_SCENARIO],
  ['wide, progressDeadlineSeconds with stale CloneSet reads (ranked conditions)', WIDE_OBSERVE_PROGRESS_SCENARIO],
])('canonical encoding (%s scenario)', (_name, scenario) => {
  const model = cloneSetModel(scenario);
  const encode = encodingOf(model);
  const states = stateArbitrary(scenario);

  encodingLaws(model, states, SEED);

  it('distinguishes states that differ in one pod only', () => {
    fc.assert(
      fc.property(
        states.filter((s) => s.pods.length > 0),
        fc.nat(),
        (s, i) => {
          const pods = [...s.pods];
          const k = i % pods.length;
          pods[k] = { ...pods[k]!, ready: !pods[k]!.ready };
          const t = { ...s, pods: canonicalPods(pods) };
          expect(encode(t)).not.toBe(encode(s));
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('canonical encoding (pause changes)', () => {
  const encode = encodingOf(cloneSetModel(WIDE_PAUSE_SCENARIO));
  it('distinguishes states that differ in spec.paused only', () => {
    fc.assert(
      fc.property(stateArbitrary(WIDE_PAUSE_SCENARIO), (s) => {
        const t = { ...s, spec: { ...s.spec, paused: !s.spec.paused } };
        expect(encode(t)).not.toBe(encode(s));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('canonical encoding (strategy edits)', () => {
  const encode = encodingOf(cloneSetModel(WIDE_STRATEGY_SCENARIO));
  it('distinguishes states that differ in one strategy index only, of the spec or of a lagging version', () => {
    fc.assert(
      fc.property(stateArbitrary(WIDE_STRATEGY_SCENARIO), fc.boolean(), fc.integer({ min: 1, max: 3 }), (s, surge, by) => {
        const bump = (x: number): number => (x + by) % 4;
        const spec = surge ? { ...s.spec, surge: bump(s.spec.surge) } : { ...s.spec, unavailable: bump(s.spec.unavailable) };
        expect(encode({ ...s, spec })).not.toBe(encode(s));
        const lag = s.observed?.lag ?? [];
        if (lag.length === 0) return;
        const first = lag[0]!;
        const moved = {
          ...first,
          spec: surge ? { ...first.spec, surge: bump(first.spec.surge) } : { ...first.spec, unavailable: bump(first.spec.unavailable) },
        };
        expect(encode({ ...s, observed: { ...s.observed!, lag: [moved, ...lag.slice(1)] } })).not.toBe(encode(s));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
