/**
 * The canonical encoding with the options of issue #14 on: wide pod codes (lifecycle hooks and the
 * minReadySeconds window: a second byte per pod) and the marks/failures budget bytes. Same laws as encoding.test.ts, on arbitrary states whose pods
 * take every lifecycle and hook label.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { ALL_LIFECYCLES, canonicalPods, NARROW_CODES, podCode, type CloneSetState, type Pod } from '../../model/cloneset/state.js';
import { stateArbitrary } from './arbitraries.js';
import { encodingLaws } from './encoding-laws.js';

const SEED = 14_003;

const scenario: Scenario = {
  ...DEFAULT_SCENARIO,
  podUpdatePolicy: 'InPlaceIfPossible',
  lifecycleHooks: 'both',
  minReadySeconds: 10,
  budgets: { ...DEFAULT_SCENARIO.budgets, marks: 2, failures: 1 },
};

/** A pod of the base arbitrary, given any lifecycle, any hook labels and, when ready, a minReadySeconds window or not. */
const hookPod = (p: Pod): fc.Arbitrary<Pod> =>
  fc
    .record({ lifecycle: fc.constantFrom(...ALL_LIFECYCLES), d: fc.boolean(), u: fc.boolean(), w: fc.boolean() })
    .map(({ lifecycle, d, u, w }) => ({
      rev: p.rev,
      lifecycle,
      ready: p.ready,
      marked: p.marked,
      ...(d ? { preDeleteHook: true as const } : {}),
      ...(u ? { inPlaceHook: true as const } : {}),
      ...(w && p.ready && lifecycle !== 'Updating' ? { notYetAvailable: true as const } : {}),
    }));

const states: fc.Arbitrary<CloneSetState> = stateArbitrary(scenario).chain((s) =>
  fc
    .tuple(fc.tuple(...s.pods.map(hookPod)), fc.nat(2), fc.nat(1))
    .map(([pods, marks, failures]) => ({ ...s, pods: canonicalPods(pods), budgets: { ...s.budgets, marks, failures } })),
);

describe('canonical encoding with lifecycle hooks, the availability window and the marks/failures budgets', () => {
  encodingLaws(cloneSetModel(scenario), states, SEED);

  it('keeps the one-byte code of every pod a scenario without hooks can hold', () => {
    for (const lifecycle of ['PreparingNormal', 'Normal', 'Updating'] as const)
      for (const ready of [false, true])
        for (const marked of [false, true])
          for (let rev = 0; rev < 16; rev++) expect(podCode({ rev, lifecycle, ready, marked })).toBeLessThan(NARROW_CODES);
    expect(podCode({ rev: 0, lifecycle: 'Updated', ready: false, marked: false })).toBeGreaterThanOrEqual(NARROW_CODES);
  });
});
