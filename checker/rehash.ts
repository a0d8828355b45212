/**
 * Filling a fresh slot array of the visited table (visited.ts) from the per-state fingerprints, when it
 * doubles or is rebuilt: every state's slot, `(hi & tagMask) | (index + 1)`, put at the first free slot
 * from `lo & mask`.
 *
 * Inserting in state order writes all over the new array: on a table past the CPU caches each insert is
 * a cache and TLB miss (50–120 ns on the 2-vCPU VMs; a tenth of a TwoPhase N=9 run went to its
 * doublings). So large tables are filled in batches: each batch is first sorted (a counting sort) by the
 * home slot's top bits into a scratch array, as (home, slot value) pairs, then inserted in that order, so
 * that the writes sweep the new array from start to end. The probe sequence is the same linear probing,
 * so the table answers the same; only which state of a cluster sits first may differ, which nothing
 * reads. A doubling sorts into the old slot array, dead by then (1.18 words per state at load 0.85: two
 * batches), so it costs no memory. docs/performance.md ("Session 8: doublings") has the figures.
 */

import { CHUNK_BITS, CHUNK_MASK } from './parent-links.js';

/** Partitions of the sort (by the home slot's top bits). */
const PART_BITS = 8;
/** Below this many states the new array is small enough for the caches: one pass in state order. */
const SORTED_FROM = 1 << 16;

/**
 * Inserts states 0 .. count - 1 (fingerprint (lo, hi) of state i at words 2i, 2i + 1 of chunk
 * i >>> CHUNK_BITS of `fps`) into the empty `slots` of `mask + 1` slots. `scratch` (overwritten; null if
 * there is none) holds the sorted batches, two words per state of a batch.
 */
export function fillSlots(
  fps: readonly Uint32Array[],
  count: number,
  slots: Uint32Array,
  mask: number,
  tagMask: number,
  scratch: Uint32Array | null,
): void {
  const batch = scratch === null ? 0 : scratch.length >>> 1;
  // A table holds more slots than states, so from SORTED_FROM states on it has more than 2^PART_BITS
  // slots, and `shift` below is positive.
  if (count < SORTED_FROM || batch < count >>> 2) {
    fillInOrder(fps, count, slots, mask, tagMask);
    return;
  }
  const pairs = scratch!;
  const starts = new Int32Array((1 << PART_BITS) + 1);
  const shift = 32 - Math.clz32(mask) - PART_BITS;
  for (let from = 0; from < count; from += batch) {
    const to = Math.min(count, from + batch);
    sortBatch(fps, from, to, pairs, starts, mask, tagMask, shift);
    const end = 2 * (to - from);
    for (let j = 0; j < end; j += 2) {
      let i = pairs[j]!;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = pairs[j + 1]!;
    }
  }
}

/** Counting sort of states from .. to - 1 by their home's top PART_BITS bits into `pairs` as (home, slot value). */
function sortBatch(
  fps: readonly Uint32Array[],
  from: number,
  to: number,
  pairs: Uint32Array,
  starts: Int32Array,
  mask: number,
  tagMask: number,
  shift: number,
): void {
  starts.fill(0);
  for (let idx = from; idx < to; idx++) starts[((fps[idx >>> CHUNK_BITS]![(idx & CHUNK_MASK) << 1]! & mask) >>> shift) + 1]!++;
  for (let p = 1; p < starts.length; p++) starts[p]! += starts[p - 1]!;
  for (let idx = from; idx < to; idx++) {
    const f = fps[idx >>> CHUNK_BITS]!;
    const k = (idx & CHUNK_MASK) << 1;
    const home = f[k]! & mask;
    const at = starts[home >>> shift]!++ << 1;
    pairs[at] = home;
    pairs[at + 1] = (f[k + 1]! & tagMask) | (idx + 1);
  }
}

function fillInOrder(fps: readonly Uint32Array[], count: number, slots: Uint32Array, mask: number, tagMask: number): void {
  for (let idx = 0; idx < count; idx++) {
    const f = fps[idx >>> CHUNK_BITS]!;
    const k = (idx & CHUNK_MASK) << 1;
    let i = f[k]! & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = (f[k + 1]! & tagMask) | (idx + 1);
  }
}
