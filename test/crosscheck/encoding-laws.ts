/**
 * The two laws every canonical encoding must keep, as tests for a model and its arbitrary states: pods are
 * interchangeable (any order, one encoding), and nothing is lost (different states, different encodings, and
 * decoding gives the state back). encoding.test.ts and encoding-hooks.test.ts apply them to their scenarios.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { cloneSetModel } from '../../model/cloneset/instance.js';
import { sameState, type CloneSetState } from '../../model/cloneset/state.js';

type Model = ReturnType<typeof cloneSetModel>;

/** The state's encoding as a string, for comparing. */
export function encodingOf(model: Model): (s: CloneSetState) => string {
  return (s) => {
    const w = new Uint32Array(model.encodingWords);
    model.encode(s, w, 0);
    return w.join(',');
  };
}

/** Registers the two laws as tests (500 runs each, from `seed`). */
export function encodingLaws(model: Model, states: fc.Arbitrary<CloneSetState>, seed: number): void {
  const encode = encodingOf(model);

  it('is the same for every order of the pods', () => {
    fc.assert(
      fc.property(
        states.chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray([...s.pods], { minLength: s.pods.length }))),
        ([s, shuffled]) => {
          expect(encode({ ...s, pods: shuffled })).toBe(encode(s));
        },
      ),
      { seed, numRuns: 500 },
    );
  });

  it('differs for a state one budget or one pod away (two unrelated states rarely differ in one field only)', () => {
    let compared = 0;
    fc.assert(
      fc.property(states, (a) => {
        const neighbours: CloneSetState[] = [];
        for (const [k, left] of Object.entries(a.budgets))
          if (typeof left === 'number' && left > 0) neighbours.push({ ...a, budgets: { ...a.budgets, [k]: left - 1 } });
        for (let i = 0; i < a.pods.length; i++) neighbours.push({ ...a, pods: a.pods.filter((_, j) => j !== i) });
        for (const b of neighbours) {
          expect(sameState(a, b)).toBe(false);
          expect(encode(b)).not.toBe(encode(a));
          compared++;
        }
      }),
      { seed, numRuns: 200 },
    );
    expect(compared).toBeGreaterThan(200);
  });

  it('differs between different states, and decodes back to the state', () => {
    fc.assert(
      fc.property(states, states, (a, b) => {
        if (!sameState(a, b)) expect(encode(a)).not.toBe(encode(b));
        const w = new Uint32Array(model.encodingWords);
        model.encode(a, w, 0);
        expect(sameState(model.decode(w, 0), a)).toBe(true);
      }),
      { seed, numRuns: 500 },
    );
  });
}
