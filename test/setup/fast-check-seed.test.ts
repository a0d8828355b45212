/** The suite's fast-check seed (test/setup/fast-check-seed.ts): fixed unless FC_SEED asks otherwise. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEED, seedFrom } from './fast-check-seed.js';

describe('the fast-check seed of the suite', () => {
  it('is set for every property that names none, and is the fixed one unless FC_SEED is given', () => {
    const seed = fc.readConfigureGlobal().seed;
    expect(Number.isInteger(seed)).toBe(true);
    if (process.env.FC_SEED === undefined || process.env.FC_SEED === '') expect(seed).toBe(DEFAULT_SEED);
  });

  it('reads FC_SEED as an integer, as random, or refuses it naming the variable and the allowed values', () => {
    expect(seedFrom(undefined)).toBe(DEFAULT_SEED);
    expect(seedFrom('-1655342372')).toBe(-1655342372);
    expect(Number.isInteger(seedFrom('random'))).toBe(true);
    for (const bad of ['1.5', 'abc', String(2 ** 31)]) {
      expect(() => seedFrom(bad)).toThrow(/^FC_SEED must be 'random' or an integer from -2147483648 to 2147483647, got /);
    }
  });

  it('draws the same values on every run with the same seed', () => {
    // No seed of its own: the global one applies.
    const draw = (): number[] => fc.sample(fc.integer(), { numRuns: 5 });
    expect(draw()).toEqual(draw());
  });
});
