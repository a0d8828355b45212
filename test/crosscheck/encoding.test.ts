/**
 * The canonical encoding the explorer's symmetry reduction and the simulator's coverage both rest on:
 * pods are interchangeable (any order, one encoding) and nothing else is lost (different states, different
 * encodings), on arbitrary — not only reachable — states.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO } from '../../model/cloneset/scenario.js';
import { canonicalPods, sameState, type CloneSetState } from '../../model/cloneset/state.js';
import { stateArbitrary, WIDE_ANY_SCENARIO, WIDE_OBSERVE_SCENARIO, WIDE_SCENARIO } from './arbitraries.js';

const SEED = 20_611;

describe.each([
  ['default', DEFAULT_SCENARIO],
  ['wide', WIDE_SCENARIO],
  ['wide, any budgets', WIDE_ANY_SCENARIO],
  ['wide, stale CloneSet reads, status-write failures', WIDE_OBSERVE_SCENARIO],
])('canonical encoding (%s scenario)', (_name, scenario) => {
  const model = cloneSetModel(scenario);
  const encode = (s: CloneSetState): string => {
    const w = new Uint32Array(model.encodingWords);
    model.encode(s, w, 0);
    return w.join(',');
  };
  const states = stateArbitrary(scenario);

  it('is the same for every order of the pods', () => {
    fc.assert(
      fc.property(
        states.chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray([...s.pods], { minLength: s.pods.length }))),
        ([s, shuffled]) => {
          expect(encode({ ...s, pods: shuffled })).toBe(encode(s));
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('differs between different states, and decodes back to the state', () => {
    fc.assert(
      fc.property(states, states, (a, b) => {
        if (!sameState(a, b)) expect(encode(a)).not.toBe(encode(b));
        const w = new Uint32Array(model.encodingWords);
        model.encode(a, w, 0);
        expect(sameState(model.decode(w, 0), a)).toBe(true);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

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
