/** checker/rehash.ts: the sorted fill of a new slot array gives a valid linear-probing table, as the plain one does. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryBudget } from '../../checker/memory.js';
import { CHUNK, CHUNK_BITS, CHUNK_MASK } from '../../checker/parent-links.js';
import { fillSlots } from '../../checker/rehash.js';
import { VisitedTable } from '../../checker/visited.js';

/**
 * Fingerprint chunks of `count` states from a seeded xorshift. With `wrap`, one state in 64 has its home
 * among the last 16 slots of a `cap`-slot table: a cluster of about count / 64 that wraps to slot 0.
 */
function fingerprints(count: number, seed: number, cap: number, wrap: boolean): Uint32Array[] {
  const chunks: Uint32Array[] = [];
  let x = seed | 1;
  for (let c = 0; c * CHUNK < count; c++) {
    const f = new Uint32Array(2 * CHUNK);
    for (let i = 0; i < f.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      f[i] = wrap && i % 128 === 0 ? cap - 1 - ((x >>> 0) % 16) : x;
    }
    chunks.push(f);
  }
  return chunks;
}

/**
 * Every state's slot value sits on its probe path: from its home, before any empty slot. That is what a
 * lookup needs; it also counts the filled slots, so none was lost or written twice.
 */
function expectValidTable(fps: Uint32Array[], count: number, slots: Uint32Array, tagMask: number): void {
  const mask = slots.length - 1;
  const where = new Int32Array(count + 1).fill(-1);
  let filled = 0;
  for (let i = 0; i < slots.length; i++) {
    if (slots[i] === 0) continue;
    filled++;
    where[slots[i]! & ~tagMask] = i;
  }
  expect(filled).toBe(count);
  // Plain loops and one assertion at the end: an expect per probe step is most of the test's time.
  const wrong: string[] = [];
  for (let idx = 0; idx < count && wrong.length < 5; idx++) {
    const f = fps[idx >>> CHUNK_BITS]!;
    const k = (idx & CHUNK_MASK) << 1;
    const at = where[idx + 1]!;
    if (at < 0 || slots[at] !== ((f[k + 1]! & tagMask) | (idx + 1)) >>> 0) {
      wrong.push(`state ${idx}: no slot or a wrong tag`);
      continue;
    }
    for (let i = f[k]! & mask; i !== at; i = (i + 1) & mask) {
      if (slots[i] === 0) {
        wrong.push(`state ${idx}: an empty slot ${i} between its home and its slot ${at}`);
        break;
      }
    }
  }
  expect(wrong).toEqual([]);
}

describe('fillSlots', () => {
  it('the sorted fill and the fill in state order both give valid tables, clusters and wrap-around included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1 << 16, max: 90_000 }),
        fc.integer(),
        fc.boolean(),
        fc.constantFrom('none', 'old-array', 'small'),
        (count, seed, wrap, scratch) => {
          let cap = 4;
          while (cap * 0.425 < count) cap *= 2;
          const tagMask = ~(cap - 1);
          const fps = fingerprints(count, seed, cap, wrap);
          const slots = new Uint32Array(cap);
          // No scratch: the fill in state order; a doubling's old array (1.18 words a state): two sorted
          // batches; a quarter of a word a state: eight batches, too many, so in state order again.
          const words = scratch === 'none' ? 0 : scratch === 'old-array' ? Math.ceil(count / 0.85) : count >>> 2;
          fillSlots(fps, count, slots, cap - 1, tagMask, words === 0 ? null : new Uint32Array(words).fill(0xdeadbeef));
          expectValidTable(fps, count, slots, tagMask);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('a table that doubled past the sorted threshold still finds every state it stored', () => {
    const t = new VisitedTable(1, false, 4, Infinity, new MemoryBudget(Infinity));
    const w = new Uint32Array(1);
    const n = 150_000;
    const added: number[] = [];
    const found: number[] = [];
    for (let i = 0; i < n; i++) {
      w[0] = i * 2654435761;
      if (t.lookupOrAdd(w, 0, -1, 0) !== i) added.push(i);
    }
    for (let i = 0; i < n; i++) {
      w[0] = i * 2654435761;
      if (t.find(w, 0) !== i) found.push(i);
    }
    // After releaseIndex, the first find rebuilds the slot array (sorted, with scratch from the budget).
    t.releaseIndex();
    for (let i = 0; i < n; i += 7) {
      w[0] = i * 2654435761;
      if (t.find(w, 0) !== i) found.push(i);
    }
    expect({ added, found }).toEqual({ added: [], found: [] });
    w[0] = 7;
    expect(t.find(w, 0)).toBe(-1);
  });
});
