/**
 * The reconcile memo's table (model/cloneset/decision-memo.ts), against a Map keyed by the same integer
 * sequences: a lookup finds exactly what was stored under its key, through growth and after the memo
 * starts over; a key element that does not fit in 16 bits is refused, never stored cut short.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecisionMemo } from '../../model/cloneset/decision-memo.js';

function lookUp<T>(memo: DecisionMemo<T>, key: readonly number[]): T | undefined {
  memo.begin();
  for (const x of key) memo.push(x);
  return memo.find();
}

describe('DecisionMemo', () => {
  it('finds what was stored under each key and nothing else, as a Map does, through growth', () => {
    // Short keys over a small alphabet: many collisions of prefixes and lengths, thousands of entries.
    const key = fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 6 });
    fc.assert(
      // Past the first growth (at 2,049 entries): 2,100 or more distinct keys, each followed by one drawn
      // again freely (often one stored already). size 'max': the default size draws a dozen keys.
      fc.property(
        fc.uniqueArray(key, { minLength: 2_100, maxLength: 2_500, selector: (k) => k.join(','), size: 'max' }),
        fc.array(key, { minLength: 2_000, maxLength: 2_500, size: 'max' }),
        (distinct, again) => {
          const keys = distinct.flatMap((k, i) => (i < again.length ? [k, again[i]!] : [k]));
          const memo = new DecisionMemo<number>();
          const model = new Map<string, number>();
          keys.forEach((k, i) => {
            const found = lookUp(memo, k);
            expect(found).toBe(model.get(k.join(',')));
            if (found === undefined) {
              expect(memo.add(i)).toBe(i);
              model.set(k.join(','), i);
            }
          });
          expect(memo.size).toBe(model.size);
          expect(memo.size).toBeGreaterThan(2_049);
          for (const [k, v] of model) expect(lookUp(memo, k === '' ? [] : k.split(',').map(Number))).toBe(v);
        },
      ),
      { numRuns: 40, seed: 15 },
    );
  });

  it('keeps every 16-bit element apart (no truncation, no sign mix-up)', () => {
    const memo = new DecisionMemo<string>();
    const keys = [[0], [0xffff], [0x8000], [0x7fff], [1, 0xffff], [0xffff, 1], [0, 0], []];
    for (const k of keys) {
      expect(lookUp(memo, k)).toBeUndefined();
      memo.add(k.join(','));
    }
    for (const k of keys) expect(lookUp(memo, k)).toBe(k.join(','));
  });

  it('refuses a key element beyond 16 bits, and add without a missed find', () => {
    const memo = new DecisionMemo<number>();
    expect(lookUp(memo, [0x10000])).toBeUndefined();
    expect(() => memo.add(1)).toThrow(/not 16-bit/);
    expect(lookUp(memo, [-1])).toBeUndefined();
    expect(() => memo.add(1)).toThrow(/not 16-bit/);
    expect(lookUp(memo, [3])).toBeUndefined();
    memo.add(3);
    expect(lookUp(memo, [3])).toBe(3);
    expect(() => memo.add(4)).toThrow(/without a missed find/);
  });

  it('at its size limit (2^20 entries) the next add starts it over with that entry alone', () => {
    const memo = new DecisionMemo<number>();
    const limit = 1 << 20;
    for (let i = 0; i < limit; i++) {
      lookUp(memo, [i & 0xffff, i >>> 16]);
      memo.add(i);
    }
    expect(memo.size).toBe(limit);
    expect(lookUp(memo, [5, 3])).toBe(5 + 3 * 0x10000);
    expect(lookUp(memo, [0, 0x10])).toBeUndefined();
    memo.add(-1);
    expect(memo.size).toBe(1);
    expect(lookUp(memo, [0, 0x10])).toBe(-1);
    expect(lookUp(memo, [5, 3])).toBeUndefined();
  });

  it('after clear it starts over: old keys are gone, new ones are found', () => {
    const memo = new DecisionMemo<number>();
    for (let i = 0; i < 5000; i++) {
      lookUp(memo, [i & 0xff, i >>> 8]);
      memo.add(i);
    }
    memo.clear();
    expect(memo.size).toBe(0);
    expect(lookUp(memo, [7, 0])).toBeUndefined();
    memo.add(-7);
    expect(lookUp(memo, [7, 0])).toBe(-7);
    expect(lookUp(memo, [8, 0])).toBeUndefined();
  });
});
