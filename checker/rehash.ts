/**
 * Filling a fresh slot array of the visited table (visited.ts) from the per-state fingerprints, when it
 * doubles or is rebuilt: every state's slot, `(hi & tagMask) | (index + 1)`, put at the first free slot
 * from `lo & mask`.
 *
 * Inserting in state order writes all over the new array: on a table past the CPU caches each insert is
 * a cache and TLB miss (about 100 ns on the 2-vCPU VMs; a tenth of a TwoPhase N=9 run went to its
 * doublings). So large tables are filled in two passes over the states, by halves: the first writes each
 * state's home slot and slot value into one of PARTS partitions by the home's top bits (a counting sort),
 * the second inserts partition by partition, so that the writes sweep the new array from start to end.
 * The probe sequence is the same linear probing, so the table answers the same; only which state of a
 * cluster sits first may differ, which nothing reads. The partition buffers (8 bytes per state of a half)
 * are charged to the budget while they live; if it refuses them, the states go in one by one as before.
 * docs/performance.md ("Session 8: doublings") has the figures.
 */

import { CHUNK_BITS, CHUNK_MASK } from './parent-links.js';
import type { MemoryBudget } from './memory.js';

/** Partitions of the sorted pass (by the home slot's top bits). */
const PART_BITS = 8;
/** Below this many states the new array is small enough for the caches: one pass in state order. */
const SORTED_FROM = 1 << 16;
/** Batches of states (each sorted and inserted before the next): bounds the buffers at 8 bytes × count / BATCHES. */
const BATCHES = 2;

/**
 * Inserts states 0 .. count - 1 (fingerprint (lo, hi) of state i at words 2i, 2i + 1 of chunk
 * i >>> CHUNK_BITS of `fps`) into the empty `slots` of `mask + 1` slots.
 */
export function fillSlots(
  fps: readonly Uint32Array[],
  count: number,
  slots: Uint32Array,
  mask: number,
  tagMask: number,
  budget: MemoryBudget,
): void {
  const batch = Math.ceil(count / BATCHES);
  const bytes = batch * 8;
  if (count < SORTED_FROM || mask + 1 < 1 << PART_BITS || !budget.resize(0, bytes)) {
    fillInOrder(fps, 0, count, slots, mask, tagMask);
    return;
  }
  try {
    const homes = new Uint32Array(batch);
    const values = new Uint32Array(batch);
    const starts = new Int32Array((1 << PART_BITS) + 1);
    const shift = 32 - Math.clz32(mask) - PART_BITS;
    for (let from = 0; from < count; from += batch) {
      const to = Math.min(count, from + batch);
      partition(fps, from, to, homes, values, starts, mask, tagMask, shift);
      const n = to - from;
      for (let j = 0; j < n; j++) {
        let i = homes[j]!;
        while (slots[i] !== 0) i = (i + 1) & mask;
        slots[i] = values[j]!;
      }
    }
  } finally {
    budget.resize(bytes, 0);
  }
}

/** Counting sort of states from .. to - 1 by their home's top PART_BITS bits into `homes` and `values`. */
function partition(
  fps: readonly Uint32Array[],
  from: number,
  to: number,
  homes: Uint32Array,
  values: Uint32Array,
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
    const at = starts[home >>> shift]!++;
    homes[at] = home;
    values[at] = (f[k + 1]! & tagMask) | (idx + 1);
  }
}

function fillInOrder(fps: readonly Uint32Array[], from: number, to: number, slots: Uint32Array, mask: number, tagMask: number): void {
  for (let idx = from; idx < to; idx++) {
    const f = fps[idx >>> CHUNK_BITS]!;
    const k = (idx & CHUNK_MASK) << 1;
    let i = f[k]! & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = (f[k + 1]! & tagMask) | (idx + 1);
  }
}
