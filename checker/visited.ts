/**
 * The visited set: an open-addressing (linear probing) hash table over typed arrays, keyed by the 64-bit
 * fingerprint of a state's encoding, plus the per-state records needed to rebuild traces.
 *
 * States are numbered 0, 1, 2, … in insertion order, which under BFS is depth order; that numbering is
 * what makes the rest cheap:
 *  - a slot holds (fingerprint low, fingerprint high, index+1), three words in one cache line, so a probe
 *    never chases a pointer;
 *  - per state we keep only the parent index (Int32) and the index of the producing action in
 *    `model.actions(parent)` (for roots: the index in `model.initialStates()`), so a trace is rebuilt by
 *    re-executing actions and no state object is ever retained;
 *  - depth is not stored per state: BFS numbering makes each level a contiguous index range, so the
 *    explorer keeps one start index per level and finds a depth by binary search.
 * Only the slot array doubles (it must, to rehash). Per-state records are append-only, so they live in
 * fixed-size chunks that are never copied: growth touches no old memory, and fresh pages are expensive
 * (on a VM a first-touch page fault costs far more than the copy itself).
 * In exact mode the full encodings are also kept (by index) and compared on a fingerprint match, so two
 * distinct states with the same fingerprint stay distinct; in fingerprint mode such a pair would merge.
 */

import { STORE_FULL, type Store } from './core/store.js';
import { fingerprintInto } from './fingerprint.js';
import { RecentCache } from './recent-cache.js';
import type { MemoryBudget } from './memory.js';

/** Linear probing stays short (≈2.5 probes for a hit) up to this load; the slot array doubles beyond it. */
const MAX_LOAD = 0.75;

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;
/** Action indices are 16-bit; this marks one kept in the (rarely used) overflow map instead. */
const WIDE_ACTION = 0xffff;

/** The single-threaded explorer's Store (core/store.ts): ids are state indices. */
export class VisitedTable implements Store {
  /** Number of states stored. */
  count = 0;
  /** Why the last `lookupOrAdd` returned STORE_FULL. */
  fullReason: 'maxStates' | 'memory' = 'memory';

  private slots: Uint32Array;
  private mask: number;
  private growAt: number;
  private readonly parents: Int32Array[] = [];
  private readonly actions: Uint16Array[] = [];
  private readonly wideActions = new Map<number, number>();
  private readonly encodings: Uint32Array[] | null;
  private readonly fp = new Uint32Array(2);
  /** Recently found or inserted states (fingerprint mode only): see recent-cache.ts. */
  private readonly recent: RecentCache | null;

  constructor(
    readonly width: number,
    readonly exact: boolean,
    initialSlots: number,
    private readonly maxStates: number,
    private readonly budget: MemoryBudget,
  ) {
    let cap = 4;
    while (cap < initialSlots) cap *= 2;
    this.mask = cap - 1;
    this.slots = new Uint32Array(cap * 3);
    this.growAt = Math.floor(cap * MAX_LOAD);
    this.encodings = exact ? [] : null;
    this.recent = exact ? null : new RecentCache();
    if (this.recent !== null) budget.charge(this.recent.entries.byteLength);
    budget.charge(this.slots.byteLength);
  }

  /** Bytes per chunk of per-state records. */
  private get chunkBytes(): number {
    return CHUNK * (4 + 2 + (this.exact ? 4 * this.width : 0));
  }

  /** Bytes held by the slot array and the per-state chunks. */
  bytes(): number {
    return this.slots.byteLength + this.parents.length * this.chunkBytes;
  }

  parentOf(index: number): number {
    return this.parents[index >>> CHUNK_BITS]![index & CHUNK_MASK]!;
  }

  actionOf(index: number): number {
    const a = this.actions[index >>> CHUNK_BITS]![index & CHUNK_MASK]!;
    return a === WIDE_ACTION ? this.wideActions.get(index)! : a;
  }

  /** Index of the state encoded at `words[off..]`, or -1 if it has not been visited. */
  find(words: Uint32Array, off: number): number {
    const fp = this.fp;
    fingerprintInto(words, off, this.width, fp);
    const lo = fp[0]!;
    const hi = fp[1]!;
    const slots = this.slots;
    const mask = this.mask;
    let i = lo & mask;
    for (;;) {
      const b = i * 3;
      const tag = slots[b + 2]!;
      if (tag === 0) return -1;
      if (slots[b] === lo && slots[b + 1] === hi && (this.encodings === null || this.sameEncoding(tag - 1, words, off))) {
        return tag - 1;
      }
      i = (i + 1) & mask;
    }
  }

  /**
   * Looks the state up and adds it if absent. Returns its new index (>= 0) if it was added, `-2 - index`
   * if it was already there, or STORE_FULL if it is new but `maxStates` is reached or growing the table
   * would pass the memory budget. One return value keeps the hot path free of allocation.
   */
  lookupOrAdd(words: Uint32Array, off: number, parentIndex: number, actionIndex: number): number {
    const fp = this.fp;
    fingerprintInto(words, off, this.width, fp);
    const lo = fp[0]!;
    const hi = fp[1]!;
    const recent = this.recent;
    if (recent !== null) {
      const known = recent.get(lo, hi);
      if (known >= 0) return -2 - known;
    }
    let slots = this.slots;
    let mask = this.mask;
    let i = lo & mask;
    for (;;) {
      const b = i * 3;
      const tag = slots[b + 2]!;
      if (tag === 0) break;
      if (slots[b] === lo && slots[b + 1] === hi && (this.encodings === null || this.sameEncoding(tag - 1, words, off))) {
        if (recent !== null) recent.set(lo, hi, tag - 1);
        return -2 - (tag - 1);
      }
      i = (i + 1) & mask;
    }
    const index = this.count;
    if (index >= this.maxStates) {
      this.fullReason = 'maxStates';
      return STORE_FULL;
    }
    const c = index >>> CHUNK_BITS;
    if ((index & CHUNK_MASK) === 0 && c === this.parents.length && !this.addChunk()) {
      this.fullReason = 'memory';
      return STORE_FULL;
    }
    if (index >= this.growAt) {
      if (!this.grow()) {
        this.fullReason = 'memory';
        return STORE_FULL;
      }
      slots = this.slots;
      mask = this.mask;
      i = lo & mask;
      while (slots[i * 3 + 2] !== 0) i = (i + 1) & mask;
    }
    const b = i * 3;
    slots[b] = lo;
    slots[b + 1] = hi;
    slots[b + 2] = index + 1;
    if (recent !== null) recent.set(lo, hi, index);
    const j = index & CHUNK_MASK;
    this.parents[c]![j] = parentIndex;
    if (actionIndex >= WIDE_ACTION) {
      this.actions[c]![j] = WIDE_ACTION;
      this.wideActions.set(index, actionIndex);
    } else {
      this.actions[c]![j] = actionIndex;
    }
    if (this.encodings !== null) {
      const w = this.width;
      this.encodings[c]!.set(words.subarray(off, off + w), j * w);
    }
    this.count = index + 1;
    return index;
  }

  private sameEncoding(index: number, words: Uint32Array, off: number): boolean {
    const w = this.width;
    const enc = this.encodings![index >>> CHUNK_BITS]!;
    const base = (index & CHUNK_MASK) * w;
    for (let k = 0; k < w; k++) if (enc[base + k] !== words[off + k]) return false;
    return true;
  }

  private addChunk(): boolean {
    if (!this.budget.resize(0, this.chunkBytes)) return false;
    this.parents.push(new Int32Array(CHUNK));
    this.actions.push(new Uint16Array(CHUNK));
    if (this.encodings !== null) this.encodings.push(new Uint32Array(CHUNK * this.width));
    return true;
  }

  /** Doubles the slot array, rehashing by the stored fingerprints (no encodings or comparisons needed). */
  private grow(): boolean {
    const oldSlots = this.slots;
    const cap = (this.mask + 1) * 2;
    if (!this.budget.resize(oldSlots.byteLength, cap * 12)) return false;
    const slots = new Uint32Array(cap * 3);
    const mask = cap - 1;
    for (let b = 0; b < oldSlots.length; b += 3) {
      const tag = oldSlots[b + 2]!;
      if (tag === 0) continue;
      const lo = oldSlots[b]!;
      let i = lo & mask;
      while (slots[i * 3 + 2] !== 0) i = (i + 1) & mask;
      const nb = i * 3;
      slots[nb] = lo;
      slots[nb + 1] = oldSlots[b + 1]!;
      slots[nb + 2] = tag;
    }
    this.slots = slots;
    this.mask = mask;
    this.growAt = Math.floor(cap * MAX_LOAD);
    return true;
  }
}
