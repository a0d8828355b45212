/**
 * Generated partition lists for wide simulations: exhaustive search can afford a handful of partition
 * values, a random walk can afford many, including the awkward percents whose rounding the controller's
 * corner-case rules exist for. Seeded, so the same seed gives the same scenario.
 */
import fc from 'fast-check';
import type { IntOrString } from '../controller/types.js';

const percent: fc.Arbitrary<IntOrString> = fc.oneof(
  fc.integer({ min: 0, max: 100 }).map((n) => `${n}%`),
  // One decimal: upstream's percent parser accepts fractions, and they round differently.
  fc.integer({ min: 1, max: 999 }).map((n) => `${Math.floor(n / 10)}.${n % 10}%`),
);

/** `count` distinct values, about half percents and half integers in 0..maxReplicas + 1. */
export function generatePartitions(seed: number, count: number, maxReplicas: number): IntOrString[] {
  if (count <= 0) return [];
  const value = fc.oneof(percent, fc.integer({ min: 0, max: maxReplicas + 1 }));
  const [list] = fc.sample(fc.uniqueArray(value, { minLength: count, maxLength: count }), { seed, numRuns: 1 });
  return list ?? [];
}
