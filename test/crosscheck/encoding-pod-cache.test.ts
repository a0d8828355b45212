/**
 * The canonical encoding with a lagging pod cache (expectations `upstream`, issue #14): the state's pod
 * entries (cached view, truth, what is awaited) are written in code order, so their order in the state no
 * more matters than the pods' does. Arbitrary states with entries, with one-byte pod codes and with the wide
 * ones of lifecycle hooks (four bytes an entry); the encoder writes lists already in code order as they come
 * and sorts any other, and both ways must give one encoding.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { podCapacity } from '../../model/cloneset/codec.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import {
  ALL_LIFECYCLES,
  canonicalPods,
  observationOf,
  podEntryCode,
  type CloneSetState,
  type Pod,
  type PodEntry,
} from '../../model/cloneset/state.js';
import { viewOf } from '../../model/cloneset/view.js';
import { entryArbitrary, stateArbitrary } from './arbitraries.js';
import { encodingLaws, encodingOf } from './encoding-laws.js';

const SEED = 14_021;

const SCENARIOS: readonly (readonly [string, Scenario])[] = [
  ['one-byte pod codes', { ...DEFAULT_SCENARIO, expectations: 'upstream', staleReads: 1 }],
  ['wide pod codes (preDelete hook)', { ...DEFAULT_SCENARIO, expectations: 'upstream', lifecycleHooks: 'preDelete' }],
  // The window's bit is the highest pod-code bit: entry codes' widest cached and truth fields.
  [
    'wide pod codes (both hooks, minReadySeconds)',
    { ...DEFAULT_SCENARIO, expectations: 'upstream', lifecycleHooks: 'both', minReadySeconds: 10 },
  ],
];

/** A pod of any kind the scenario's codes can hold: hook labels with hooks, a window with minReadySeconds. */
const podOf = (sc: Scenario): fc.Arbitrary<Pod> => {
  const hooks = sc.lifecycleHooks !== undefined;
  const window = (sc.minReadySeconds ?? 0) > 0;
  return fc
    .record({
      rev: fc.nat(1),
      lifecycle: fc.constantFrom(...(hooks ? ALL_LIFECYCLES : ALL_LIFECYCLES.slice(0, 3))),
      ready: fc.boolean(),
      marked: fc.boolean(),
      hook: fc.boolean(),
      inPlace: fc.boolean(),
      waiting: fc.boolean(),
    })
    .map(({ hook, inPlace, waiting, ...p }) => ({
      ...p,
      ...(hooks && hook ? { preDeleteHook: true as const } : {}),
      ...(sc.lifecycleHooks === 'both' && inPlace ? { inPlaceHook: true as const } : {}),
      ...(window && waiting && p.ready && p.lifecycle !== 'Updating' ? { notYetAvailable: true as const } : {}),
    }));
};

const entryOf = (sc: Scenario): fc.Arbitrary<PodEntry> => entryArbitrary(podOf(sc));

/** The scenario's arbitrary states with pods of every kind and up to the encoding's capacity of entries, in code order. */
function statesWithEntries(sc: Scenario): fc.Arbitrary<CloneSetState> {
  const capacity = podCapacity(viewOf(sc));
  return stateArbitrary(sc).chain((s) =>
    fc.tuple(fc.array(podOf(sc), { maxLength: capacity }), fc.array(entryOf(sc), { maxLength: 2 * capacity })).map(([pods, entries]) => ({
      ...s,
      pods: canonicalPods(pods),
      observed: observationOf(
        s.observed!.lag,
        s.observed!.generationUnobserved,
        s.observed!.pendingUnobserved,
        s.observed!.writeFailures,
        s.observed!.podWriteFailures,
        [...entries].sort((a, b) => podEntryCode(a) - podEntryCode(b)),
        s.observed!.revisions,
      ),
    })),
  );
}

describe.each(SCENARIOS)('canonical encoding with a lagging pod cache (%s)', (_name, scenario) => {
  const model = cloneSetModel(scenario);
  const states = statesWithEntries(scenario);
  encodingLaws(model, states, SEED);

  it('is the same for every order of the pod entries', () => {
    const encode = encodingOf(model);
    let reordered = 0;
    fc.assert(
      fc.property(
        states.chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray([...s.observed!.pods], { minLength: s.observed!.pods.length }))),
        ([s, shuffled]) => {
          const o = s.observed!;
          if (shuffled.some((e, i) => podEntryCode(e) !== podEntryCode(o.pods[i]!))) reordered++;
          expect(
            encode({
              ...s,
              observed: observationOf(
                o.lag,
                o.generationUnobserved,
                o.pendingUnobserved,
                o.writeFailures,
                o.podWriteFailures,
                shuffled,
                o.revisions,
              ),
            }),
          ).toBe(encode(s));
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
    // The sorting path was taken, not only the in-order one.
    expect(reordered).toBeGreaterThan(100);
  });
});
