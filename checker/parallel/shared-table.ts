/**
 * The parallel explorer's visited set: a lock-free open-addressing table of 64-bit fingerprints in a
 * SharedArrayBuffer, read and written by all workers at once.
 *
 * A slot is two words (lo, hi); 0 marks an empty word, so fingerprints are normalised to nonzero halves
 * (one value in 2^32 per half remapped: no measurable change in collision odds). An insert claims the
 * slot by compareExchange of `hi` from 0, then stores `lo`; a reader that finds its `hi` in a slot whose
 * `lo` is still 0 waits for that store, which is a few instructions away. Probing uses plain loads (a
 * racing read sees 0 or the final value, as words only ever go from 0 to their final value); only the
 * claim is atomic, so a lookup of a visited state costs what it costs single-threaded.
 * No per-state data is kept: parallel runs report counts, and traces come from a single-threaded re-run.
 */

import { CTL } from './protocol.js';

export const NEW = 1;
export const FOUND = 0;
/** The state is new but may not be added (maxStates reached). */
export const REFUSED = -1;

export const SLOT_BYTES = 8;

/** Maps a fingerprint half to the nonzero value stored for it. */
export function nonzero(x: number): number {
  return x === 0 ? 1 : x;
}

export class SharedTable {
  readonly slots: Uint32Array;
  readonly mask: number;

  constructor(
    readonly buffer: SharedArrayBuffer,
    readonly capacity: number,
  ) {
    this.slots = new Uint32Array(buffer, 0, capacity * 2);
    this.mask = capacity - 1;
  }

  static create(capacity: number): SharedTable {
    return new SharedTable(new SharedArrayBuffer(capacity * SLOT_BYTES), capacity);
  }

  /** Adds (lo, hi) (both nonzero) if absent: NEW or FOUND. */
  insert(lo: number, hi: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = lo & mask;
    for (;;) {
      const b = i * 2;
      let h = slots[b + 1]!;
      if (h === 0) {
        h = Atomics.compareExchange(slots, b + 1, 0, hi);
        if (h === 0) {
          Atomics.store(slots, b, lo);
          return NEW;
        }
      }
      if (h === hi && this.loAt(b) === lo) return FOUND;
      i = (i + 1) & mask;
    }
  }

  /**
   * `insert` under a finite maxStates: the state count in `ctl` is reserved before the claim, so the
   * table never holds more than `maxStates` states however the workers race; REFUSED when it is full.
   */
  insertCounted(lo: number, hi: number, ctl: Int32Array, maxStates: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let reserved = false;
    let i = lo & mask;
    for (;;) {
      const b = i * 2;
      let h = slots[b + 1]!;
      if (h === 0) {
        if (!reserved) {
          if (Atomics.add(ctl, CTL.count, 1) >= maxStates) {
            Atomics.sub(ctl, CTL.count, 1);
            return REFUSED;
          }
          reserved = true;
        }
        h = Atomics.compareExchange(slots, b + 1, 0, hi);
        if (h === 0) {
          Atomics.store(slots, b, lo);
          return NEW;
        }
      }
      if (h === hi && this.loAt(b) === lo) {
        if (reserved) Atomics.sub(ctl, CTL.count, 1);
        return FOUND;
      }
      i = (i + 1) & mask;
    }
  }

  /** Slot position of (lo, hi), or -1. */
  slotOf(lo: number, hi: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = lo & mask;
    for (;;) {
      const b = i * 2;
      const h = slots[b + 1]!;
      if (h === 0) return -1;
      if (h === hi && this.loAt(b) === lo) return i;
      i = (i + 1) & mask;
    }
  }

  /** Re-inserts this table's slots [start, end) into `to` (a bigger table); safe to run in parallel. */
  rehashInto(to: SharedTable, start: number, end: number): void {
    const slots = this.slots;
    for (let i = start; i < end; i++) {
      const hi = slots[i * 2 + 1]!;
      if (hi !== 0) to.insert(this.loAt(i * 2), hi);
    }
  }

  private loAt(b: number): number {
    let lo = this.slots[b]!;
    // Claimed but not yet written: the claiming thread stores lo right after its compareExchange.
    while (lo === 0) lo = Atomics.load(this.slots, b);
    return lo;
  }
}
