/** The visited table on its own: collisions in exact vs fingerprint mode, growth, capacity limits. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprintInto } from '../../checker/fingerprint.js';
import { MemoryBudget } from '../../checker/memory.js';
import { STORE_FULL } from '../../checker/core/store.js';
import { VisitedTable } from '../../checker/visited.js';

const enc = (...w: number[]) => Uint32Array.from(w);

/**
 * Makes the state stored for `stored` carry the fingerprint of `other`, as if the two encodings collided
 * (a real 64-bit collision is impractical to construct): its fingerprint record is overwritten and the
 * slot array rebuilt from the records.
 */
function forceCollision(table: VisitedTable, stored: Uint32Array, other: Uint32Array): void {
  const t = table as unknown as { fps: Uint32Array[]; releaseIndex(): void };
  const fpStored = new Uint32Array(2);
  const fpOther = new Uint32Array(2);
  fingerprintInto(stored, 0, stored.length, fpStored);
  fingerprintInto(other, 0, other.length, fpOther);
  const f = t.fps[0]!;
  for (let i = 0; i < table.count; i++) {
    if (f[2 * i] === fpStored[0] && f[2 * i + 1] === fpStored[1]) {
      f.set(fpOther, 2 * i);
      t.releaseIndex();
      return;
    }
  }
  throw new Error('stored encoding not found');
}

describe('VisitedTable', () => {
  it('exact mode keeps fingerprint-colliding states apart; fingerprint mode merges them', () => {
    const x = enc(1, 2);
    const y = enc(3, 4);
    for (const exact of [true, false]) {
      const t = new VisitedTable(2, exact, 64, Infinity, new MemoryBudget(Infinity));
      expect(t.lookupOrAdd(y, 0, -1, 0)).toBe(0);
      forceCollision(t, y, x);
      if (exact) {
        expect(t.find(x, 0)).toBe(-1);
        expect(t.lookupOrAdd(x, 0, 0, 0)).toBe(1);
        expect(t.count).toBe(2);
      } else {
        expect(t.find(x, 0)).toBe(0);
        expect(t.lookupOrAdd(x, 0, 0, 0)).toBe(-2 - 0);
        expect(t.count).toBe(1);
      }
    }
  });

  it('grows from a tiny table and finds every state again with its parent and action', () => {
    const t = new VisitedTable(1, false, 4, Infinity, new MemoryBudget(Infinity));
    const w = new Uint32Array(1);
    for (let i = 0; i < 200_000; i++) {
      w[0] = i * 7;
      expect(t.lookupOrAdd(w, 0, i - 1, i % 5)).toBe(i);
    }
    for (let i = 0; i < 200_000; i += 997) {
      w[0] = i * 7;
      expect(t.lookupOrAdd(w, 0, 0, 0)).toBe(-2 - i);
      expect(t.parentOf(i)).toBe(i - 1);
      expect(t.actionOf(i)).toBe(i % 5);
    }
    w[0] = 3;
    expect(t.find(w, 0)).toBe(-1);
  });

  it('refuses new states beyond maxStates and beyond the memory budget', () => {
    const capped = new VisitedTable(1, false, 4, 3, new MemoryBudget(Infinity));
    for (let i = 0; i < 3; i++) expect(capped.lookupOrAdd(enc(i), 0, -1, 0)).toBe(i);
    expect(capped.lookupOrAdd(enc(1), 0, -1, 0)).toBe(-3);
    expect(capped.lookupOrAdd(enc(9), 0, -1, 0)).toBe(STORE_FULL);
    expect(capped.fullReason).toBe('maxStates');

    const budget = new MemoryBudget(2_000_000);
    const small = new VisitedTable(1, false, 4, Infinity, budget);
    let r = 0;
    let i = 0;
    while (r !== STORE_FULL) r = small.lookupOrAdd(enc(i++), 0, -1, 0);
    expect(small.fullReason).toBe('memory');
    expect(budget.peak).toBeLessThanOrEqual(2_000_000);
    expect(small.count).toBeGreaterThan(10_000);
  });

  it('answers like a Map in both modes, whether a duplicate is found in the recent-hits cache or the table', () => {
    // Values from a domain far larger than the 4096-entry cache, so entries are evicted and overwritten.
    fc.assert(
      // size 'max': fast-check's default size draws at most a dozen values, which never grow the table, and
      // the recent-hits cache is made at its first doubling.
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30_000 }), { minLength: 5_000, maxLength: 20_000, size: 'max' }),
        fc.boolean(),
        (values, exact) => {
          const t = new VisitedTable(2, exact, 16, Infinity, new MemoryBudget(Infinity));
          const model = new Map<number, number>();
          const w = new Uint32Array(2);
          for (const v of values) {
            w[0] = v;
            w[1] = v ^ 0x5555;
            const r = t.lookupOrAdd(w, 0, 0, 0);
            const known = model.get(v);
            if (known === undefined) {
              expect(r).toBe(model.size);
              model.set(v, r);
            } else {
              expect(r).toBe(-2 - known);
            }
            expect(t.find(w, 0)).toBe(model.get(v));
          }
          expect(t.count).toBe(model.size);
          // The recent-hits cache (fingerprint mode only) is made at the first doubling.
          if (!exact) expect((t as unknown as { recent: Uint32Array }).recent.length, 'the recent-hits cache was made').toBeGreaterThan(0);
        },
      ),
      { numRuns: 30 },
    );
  });
});
