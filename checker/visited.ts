/**
 * The visited set: an open-addressing (linear probing) hash table keyed by the 64-bit fingerprint of a
 * state's encoding, plus the per-state records needed to rebuild traces. About 18–24 bytes per state
 * (docs/performance.md, "Memory per state").
 *
 * States are numbered 0, 1, 2, … in insertion order, which under BFS is depth order; that numbering is
 * what makes the rest cheap:
 *  - per state, in append-only chunks indexed by the state's number: its fingerprint (two words) and its
 *    parent link (parent-links.ts: parent index and action index, 5 bytes), so a trace is rebuilt by
 *    re-executing actions and no state object is ever retained;
 *  - the hash table itself is one 32-bit word per slot: the state's index+1 in the low `indexBits` bits
 *    and, above them, the top bits of the fingerprint's high half as a tag. A probe compares tags in the
 *    slot array and reads a state's full fingerprint only on a tag match, so a miss rarely leaves the slot
 *    array, and 16 slots share a cache line (against 5 of the former 12-byte slots). A hit costs a second
 *    read (the fingerprint by index); the recent-hits cache answers most hits before the slot array is
 *    read. Wider slots that hold the whole fingerprint were measured and not kept (docs/performance.md,
 *    "Session 6");
 *  - depth is not stored per state: BFS numbering makes each level a contiguous index range, so the
 *    explorer keeps one start index per level and finds a depth by binary search.
 * Only the slot array doubles (it must, to rehash: from the fingerprints by index, a sequential read).
 * Per-state records are append-only, so they live in fixed-size chunks that are never copied: growth
 * touches no old memory, and fresh pages are expensive (on a VM a first-touch page fault costs far more
 * than the copy itself).
 * Fingerprint equality is on all 64 bits, as before: the table is as exact as 64-bit fingerprints are
 * (`collisionProbability`). In exact mode the full encodings are also kept (by index) and compared on a
 * fingerprint match, so two distinct states with the same fingerprint stay distinct.
 * After a complete search the slot array can be dropped (`releaseIndex`) while the convergence check needs
 * the memory; the next `find` rebuilds it.
 */

import { STORE_FULL, type Store } from './core/store.js';
import { fingerprintInto } from './fingerprint.js';
import { RECENT_MASK, RecentCache } from './recent-cache.js';
import { fillSlots } from './rehash.js';
import type { MemoryBudget } from './memory.js';
import { CHUNK, CHUNK_BITS, CHUNK_MASK, LINK_BYTES, ParentLinks } from './parent-links.js';

/**
 * The slot array doubles beyond this load. Linear probing at 0.85 scans ≈4 slots for a hit and ≈23 for a
 * miss, but 4-byte slots put 16 in a cache line and the tags keep a scan inside the slot array.
 */
const MAX_LOAD = 0.85;

/** Bits of a slot that hold index+1 when at most `growAt` states are stored (at least one tag bit remains). */
function indexBitsFor(growAt: number): number {
  return Math.min(31, Math.max(1, 32 - Math.clz32(growAt)));
}

/** The single-threaded explorer's Store (core/store.ts): ids are state indices. */
export class VisitedTable implements Store {
  /** Number of states stored. */
  count = 0;
  /** Why the last `lookupOrAdd` returned STORE_FULL. */
  fullReason: 'maxStates' | 'memory' = 'memory';

  private slots: Uint32Array;
  private mask: number;
  private growAt: number;
  /** Low bits of a slot holding index+1; the bits above are the tag. */
  private indexBits: number;
  private indexMask: number;
  /** Fingerprint (lo, hi) of state i at words 2i, 2i+1 of its chunk. */
  private readonly fps: Uint32Array[] = [];
  private readonly links = new ParentLinks();
  private readonly encodings: Uint32Array[] | null;
  private readonly fp = new Uint32Array(2);
  /**
   * Recently found or inserted states (fingerprint mode only): a RecentCache's entries (recent-cache.ts),
   * read and written inline. Made at the first doubling (empty until then): a table of the initial size
   * stays in the CPU caches, where the recent cache saves nothing.
   */
  private recent = new Uint32Array(0);
  /** Slot count to rebuild after `releaseIndex`, else 0. */
  private released = 0;

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
    this.slots = new Uint32Array(cap);
    this.growAt = Math.floor(cap * MAX_LOAD);
    this.indexBits = indexBitsFor(this.growAt);
    this.indexMask = 2 ** this.indexBits - 1;
    this.encodings = exact ? [] : null;
    budget.charge(this.slots.byteLength);
  }

  /** Bytes per chunk of per-state records. */
  private get chunkBytes(): number {
    return CHUNK * (8 + LINK_BYTES + (this.exact ? 4 * this.width : 0));
  }

  /** Bytes held by the slot array and the per-state chunks. */
  bytes(): number {
    return this.slots.byteLength + this.links.chunks * this.chunkBytes;
  }

  parentOf(index: number): number {
    return this.links.parentOf(index);
  }

  actionOf(index: number): number {
    return this.links.actionOf(index);
  }

  /** Index of the state encoded at `words[off..]`, or -1 if it has not been visited. */
  find(words: Uint32Array, off: number): number {
    if (this.released !== 0) this.rebuildIndex();
    const fp = this.fp;
    fingerprintInto(words, off, this.width, fp);
    const lo = fp[0]!;
    const hi = fp[1]!;
    const slots = this.slots;
    const mask = this.mask;
    const bits = this.indexBits;
    let i = lo & mask;
    for (;;) {
      const v = slots[i]!;
      if (v === 0) return -1;
      if ((v ^ hi) >>> bits === 0) {
        const idx = (v & this.indexMask) - 1;
        if (this.sameFingerprint(idx, lo, hi) && (this.encodings === null || this.sameEncoding(idx, words, off))) return idx;
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
    // The recent-hits cache inline: as calls, V8 inlined its get and set into this method or not depending
    // on when it compiled it (docs/performance.md, "Session 6").
    const recent = this.recent;
    const r = (hi & RECENT_MASK) * 3;
    if (recent.length !== 0 && recent[r] === lo && recent[r + 1] === hi && recent[r + 2] !== 0) return -1 - recent[r + 2]!;
    let slots = this.slots;
    let mask = this.mask;
    const bits = this.indexBits;
    let i = lo & mask;
    for (;;) {
      const v = slots[i]!;
      if (v === 0) break;
      if ((v ^ hi) >>> bits === 0) {
        const idx = (v & this.indexMask) - 1;
        const f = this.fps[idx >>> CHUNK_BITS]!;
        const k = (idx & CHUNK_MASK) << 1;
        if (f[k] === lo && f[k + 1] === hi && (this.encodings === null || this.sameEncoding(idx, words, off))) {
          if (recent.length !== 0) {
            recent[r] = lo;
            recent[r + 1] = hi;
            recent[r + 2] = idx + 1;
          }
          return -2 - idx;
        }
      }
      i = (i + 1) & mask;
    }
    const index = this.count;
    if (index >= this.maxStates) {
      this.fullReason = 'maxStates';
      return STORE_FULL;
    }
    const c = index >>> CHUNK_BITS;
    if ((index & CHUNK_MASK) === 0 && c === this.links.chunks && !this.addChunk()) {
      this.fullReason = 'memory';
      return STORE_FULL;
    }
    const j = index & CHUNK_MASK;
    const f = this.fps[c]!;
    f[j << 1] = lo;
    f[(j << 1) + 1] = hi;
    if (index >= this.growAt) {
      if (!this.grow()) {
        this.fullReason = 'memory';
        return STORE_FULL;
      }
      slots = this.slots;
      mask = this.mask;
      i = lo & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
    }
    slots[i] = (hi & ~this.indexMask) | (index + 1);
    if (recent.length !== 0) {
      recent[r] = lo;
      recent[r + 1] = hi;
      recent[r + 2] = index + 1;
    }
    this.links.set(index, parentIndex, actionIndex);
    if (this.encodings !== null) {
      const w = this.width;
      this.encodings[c]!.set(words.subarray(off, off + w), j * w);
    }
    this.count = index + 1;
    return index;
  }

  /**
   * Drops the slot array (the per-state records stay) and returns its bytes to the budget, so that a
   * check after the search (convergence) can use them; the next `find` rebuilds it. Only once the search
   * is over: `lookupOrAdd` must not be called after this.
   */
  releaseIndex(): void {
    if (this.released !== 0) return;
    this.released = this.slots.length;
    this.budget.resize(this.slots.byteLength, 0);
    this.slots = new Uint32Array(0);
  }

  private rebuildIndex(): void {
    const cap = this.released;
    this.released = 0;
    this.budget.charge(cap * 4);
    this.slots = new Uint32Array(cap);
    // Scratch for the sorted fill (rehash.ts), two batches of two words a state, if the budget has room.
    const bytes = this.count * 4;
    const scratch = this.budget.resize(0, bytes) ? new Uint32Array(this.count) : null;
    this.rehashInto(this.slots, cap - 1, scratch);
    if (scratch !== null) this.budget.resize(bytes, 0);
  }

  private sameFingerprint(index: number, lo: number, hi: number): boolean {
    const f = this.fps[index >>> CHUNK_BITS]!;
    const k = (index & CHUNK_MASK) << 1;
    return f[k] === lo && f[k + 1] === hi;
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
    this.fps.push(new Uint32Array(CHUNK * 2));
    this.links.addChunk();
    if (this.encodings !== null) this.encodings.push(new Uint32Array(CHUNK * this.width));
    return true;
  }

  /**
   * Doubles the slot array, rehashing from the stored fingerprints (no encodings needed); the old array,
   * not read by then, is the sorted fill's scratch.
   */
  private grow(): boolean {
    const oldSlots = this.slots;
    const cap = (this.mask + 1) * 2;
    if (!this.budget.resize(oldSlots.byteLength, cap * 4)) return false;
    const slots = new Uint32Array(cap);
    this.growAt = Math.floor(cap * MAX_LOAD);
    this.indexBits = indexBitsFor(this.growAt);
    this.indexMask = 2 ** this.indexBits - 1;
    this.rehashInto(slots, cap - 1, oldSlots);
    this.slots = slots;
    this.mask = cap - 1;
    if (this.recent.length === 0 && !this.exact) {
      this.recent = new RecentCache().entries;
      this.budget.charge(this.recent.byteLength);
    }
    return true;
  }

  /** Inserts states 0..count-1 into an empty slot array of `mask + 1` slots, with the current tag split. */
  private rehashInto(slots: Uint32Array, mask: number, scratch: Uint32Array | null): void {
    fillSlots(this.fps, this.count, slots, mask, ~this.indexMask, scratch);
  }
}
