/**
 * Hash compaction (mode 'compact'): a visited set that keeps 40 bits of each state's fingerprint in one
 * 32-bit slot, and nothing else of its identity, for scopes whose fingerprint tables would not fit (SPIN's
 * hash-compact mode, here under BFS).
 *
 * Quotienting: of a state's 40-bit key Q (the fingerprint's high half and 8 bits of its low half), the top
 * `b` bits are its home slot in a table of 2^b slots and only the other 40 - b bits (the remainder) are
 * stored, next to the state's displacement from its home (8 bits). The displacement gives back each
 * stored state's home, so the table can double: one remainder bit becomes a home bit, and a key stays 40
 * bits at every size (b ≥ MIN_BITS keeps remainder + displacement within 32 bits). Insertion is Robin Hood
 * (a run is kept in home order; a new key displaces the entries of later homes by one slot), which keeps
 * displacements short (8 bits are plenty at load 0.85) and lets a miss stop at the first later home.
 *
 * Two distinct states with the same key are merged: the second is taken for visited and not explored, so a
 * state may be missed and a run that finds nothing proves nothing ('no-violation-found', never 'holds').
 * What is stored is never wrong, though: each state keeps its parent link (parent-links.ts) exactly as
 * in visited.ts, so a counterexample is a real path, replayed from an initial state (trace.ts) and
 * re-checked on the replayed states (local-sink.ts).
 *
 * About 4/load + 5 bytes per state (against 13 + 4/load for the fingerprint table). The slots hold no state
 * index, so edges cannot name their targets: the convergence property and the onEdge hook are not
 * available in this mode (options.ts refuses them).
 */

import { STORE_FULL, type Store } from './core/store.js';
import { fingerprintInto } from './fingerprint.js';
import type { MemoryBudget } from './memory.js';
import { CHUNK, CHUNK_BITS, CHUNK_MASK, LINK_BYTES, ParentLinks } from './parent-links.js';

/** Bits of a state's key. */
export const COMPACT_KEY_BITS = 40;
/** The smallest table: 2^MIN_BITS slots, so a remainder (40 - b bits) and the displacement fit 32 bits. */
const MIN_BITS = 16;
const MAX_BITS = 31;
/** The slot array doubles beyond this load. */
const MAX_LOAD = 0.85;
/** Displacements are 8 bits (stored +1, 0 marks an empty slot); a longer run doubles the table. */
const MAX_DISPLACEMENT = 254;

/**
 * Estimated coverage of a hash-compaction search that stored `states` states: the i-th new state is
 * merged with an earlier one when its key equals one of the i keys stored before it, with probability
 * i / 2^keyBits for uniformly random keys, so about omitted = n(n-1) / 2^(keyBits+1) reached states were
 * not stored; the estimate is n / (n + omitted). Like SPIN's and TLC's figures it counts the states merged,
 * not the states only they would have led to.
 */
export function compactCoverage(states: number, keyBits = COMPACT_KEY_BITS): { coverage: number; omitted: number } {
  const n = states;
  const omitted = n < 2 ? 0 : (n * (n - 1)) / 2 ** (keyBits + 1);
  return { coverage: n === 0 ? 1 : n / (n + omitted), omitted };
}

export class CompactTable implements Store {
  count = 0;
  fullReason: 'maxStates' | 'memory' = 'memory';
  readonly exact = false;

  private slots: Uint32Array;
  /** log2 of the slot count. */
  private bits: number;
  private mask: number;
  private growAt: number;
  private readonly links = new ParentLinks();
  private readonly fp = new Uint32Array(2);
  /** The last lookup's remainder, and the slot and displacement where its key belongs. */
  private rem = 0;
  private at = 0;
  private disp = 0;

  constructor(
    readonly width: number,
    initialSlots: number,
    private readonly maxStates: number,
    private readonly budget: MemoryBudget,
  ) {
    let bits = MIN_BITS;
    while (bits < MAX_BITS && 2 ** bits < initialSlots) bits++;
    this.bits = bits;
    this.mask = 2 ** bits - 1;
    this.slots = new Uint32Array(2 ** bits);
    this.growAt = Math.floor(2 ** bits * MAX_LOAD);
    budget.charge(this.slots.byteLength);
  }

  parentOf(index: number): number {
    return this.links.parentOf(index);
  }

  actionOf(index: number): number {
    return this.links.actionOf(index);
  }

  /** 0 if a state with this key is stored (the table numbers nothing), else -1. */
  find(words: Uint32Array, off: number): number {
    return this.probe(words, off) ? 0 : -1;
  }

  /** As VisitedTable's, but a state already there is always reported as id 0 (`-2`). */
  lookupOrAdd(words: Uint32Array, off: number, parentIndex: number, actionIndex: number): number {
    if (this.probe(words, off)) return -2;
    const index = this.count;
    if (index >= this.maxStates) {
      this.fullReason = 'maxStates';
      return STORE_FULL;
    }
    if ((index & CHUNK_MASK) === 0 && index >>> CHUNK_BITS === this.links.chunks && !this.addChunk()) {
      this.fullReason = 'memory';
      return STORE_FULL;
    }
    if (index >= this.growAt || !this.insert(this.slots, this.mask, this.at, this.disp, this.rem)) {
      if (!this.grow()) {
        this.fullReason = 'memory';
        return STORE_FULL;
      }
      // Grown, the table takes the key where it belongs now.
      this.probe(words, off);
      if (!this.insert(this.slots, this.mask, this.at, this.disp, this.rem)) {
        this.fullReason = 'memory';
        return STORE_FULL;
      }
    }
    this.links.set(index, parentIndex, actionIndex);
    this.count = index + 1;
    return index;
  }

  /** Nothing to release: kept for the explorer, which treats both tables alike. */
  releaseIndex(): void {}

  /**
   * Looks the encoding's key up; true if it is stored. Otherwise leaves in `at` and `disp` the slot where
   * it belongs (the first empty slot or entry of a later home) and its displacement there, and in `rem`
   * its remainder.
   */
  private probe(words: Uint32Array, off: number): boolean {
    const fp = this.fp;
    fingerprintInto(words, off, this.width, fp);
    const hi = fp[1]!;
    const b = this.bits;
    const home = hi >>> (32 - b);
    // The low 32 - b bits of the high half, then the top 8 bits of the low half: 40 - b bits.
    const rem = (((hi & ((1 << (32 - b)) - 1)) << 8) | (fp[0]! >>> 24)) >>> 0;
    this.rem = rem;
    const slots = this.slots;
    const mask = this.mask;
    for (let d = 0; ; d++) {
      const p = (home + d) & mask;
      const v = slots[p]!;
      // An entry's displacement below d: its home is later than ours, and so is every entry after it.
      if (v === 0 || (v & 0xff) - 1 < d) {
        this.at = p;
        this.disp = d;
        return false;
      }
      if ((v & 0xff) - 1 === d && v >>> 8 === rem) return true;
    }
  }

  /**
   * Puts remainder `rem` at slot `p`, `d` from its home, moving the rest of the run one slot on. False,
   * changing nothing, when a displacement would pass MAX_DISPLACEMENT (the caller doubles the table).
   */
  private insert(slots: Uint32Array, mask: number, p: number, d: number, rem: number): boolean {
    if (d > MAX_DISPLACEMENT) return false;
    let end = p;
    for (let v = slots[end]!; v !== 0; v = slots[end]!) {
      if ((v & 0xff) - 1 >= MAX_DISPLACEMENT) return false;
      end = (end + 1) & mask;
    }
    let carry = (rem << 8) | (d + 1);
    for (let q = p; ; q = (q + 1) & mask) {
      const v = slots[q]!;
      slots[q] = carry;
      if (q === end) return true;
      carry = v + 1;
    }
  }

  private addChunk(): boolean {
    if (!this.budget.resize(0, CHUNK * LINK_BYTES)) return false;
    this.links.addChunk();
    return true;
  }

  /** Doubles the slot array: each stored key's home gains its remainder's top bit. */
  private grow(): boolean {
    const b = this.bits;
    if (b >= MAX_BITS) return false;
    const old = this.slots;
    const oldMask = this.mask;
    const cap = 2 ** (b + 1);
    if (!this.budget.resize(old.byteLength, cap * 4)) return false;
    const slots = new Uint32Array(cap);
    const mask = cap - 1;
    const restBits = 39 - b;
    for (let p = 0; p < old.length; p++) {
      const v = old[p]!;
      if (v === 0) continue;
      const oldHome = (p - ((v & 0xff) - 1)) & oldMask;
      const r = v >>> 8;
      const home = ((oldHome << 1) | (r >>> restBits)) >>> 0;
      const rem = r & ((1 << restBits) - 1);
      let d = 0;
      for (let v = slots[home]!; v !== 0 && (v & 0xff) - 1 >= d; v = slots[(home + d) & mask]!) d++;
      // A run past MAX_DISPLACEMENT after a doubling would take a load far beyond MAX_LOAD; refuse it.
      if (!this.insert(slots, mask, (home + d) & mask, d, rem)) {
        this.budget.resize(cap * 4, old.byteLength);
        return false;
      }
    }
    this.slots = slots;
    this.bits = b + 1;
    this.mask = mask;
    this.growAt = Math.floor(cap * MAX_LOAD);
    return true;
  }
}
