/**
 * A parallel worker's Store (core/store.ts): the shared table of fingerprints (shared-table.ts) behind
 * this worker's recent-hits cache, with the level's quota: a worker that would fill the table past its
 * share during a level defers new states until the table has grown (the drain). It numbers nothing
 * (numbers would depend on thread timing): every id it returns is 0. The fingerprint of the last state
 * looked up stays in `lo`, `hi` for the sink's edge records.
 */

import { STORE_FULL, type Store } from '../core/store.js';
import { fingerprintInto } from '../fingerprint.js';
import { RecentCache } from '../recent-cache.js';
import type { WordList } from './buffers.js';
import { STOP } from './protocol.js';
import { FOUND, NEW, nonzero, REFUSED, type SharedTable } from './shared-table.js';

/** `add`'s answer when a deferral is refused memory (besides NEW, FOUND, REFUSED). */
const NO_MEMORY = NEW + 1;

export class SharedStore implements Store {
  /** Normalised fingerprint halves of the last state looked up. */
  lo = 0;
  hi = 0;
  /** States this worker added since `startLevel`. */
  added = 0;
  /** States this worker may add during the level before it defers them. */
  quota = Infinity;
  table: SharedTable | null = null;
  /** States this worker found or inserted lately (any value: membership is all it records). */
  private readonly recent = new RecentCache();
  private readonly fp = new Uint32Array(2);

  constructor(
    private readonly width: number,
    private readonly ctl: Int32Array,
    /** Finite maxStates, or -1. */
    private readonly maxStates: number,
    /** Deferred states' encodings (`width` words each), added by the drain once the table has grown. */
    readonly deferred: WordList,
    private readonly stop: (code: number) => false,
  ) {}

  /** The id is 0 for a state added, and -2 (known) also for a state deferred. */
  lookupOrAdd(words: Uint32Array, off: number, _parent: number, _actionIndex: number): number {
    this.fingerprint(words, off);
    const lo = this.lo;
    const hi = this.hi;
    const table = this.table!;
    // Seen lately by this worker: in the shared table for good (it only grows), so no shared-memory probe.
    if (this.recent.get(lo, hi) >= 0) return -2;
    let r: number;
    if (this.added >= this.quota) {
      if (table.slotOf(lo, hi) >= 0) {
        this.recent.set(lo, hi, 0);
        return -2;
      }
      r = this.defer(words, off);
    } else {
      r = this.maxStates >= 0 ? table.insertCounted(lo, hi, this.ctl, this.maxStates) : table.insert(lo, hi);
      if (r === FOUND || r === NEW) this.recent.set(lo, hi, 0);
    }
    if (r === NEW) {
      this.added++;
      return 0;
    }
    if (r === FOUND) return -2;
    this.stop(r === REFUSED ? STOP.maxStates : STOP.memory);
    return STORE_FULL;
  }

  find(words: Uint32Array, off: number): number {
    this.fingerprint(words, off);
    return this.table!.slotOf(this.lo, this.hi) >= 0 ? 0 : -1;
  }

  private fingerprint(words: Uint32Array, off: number): void {
    const fp = this.fp;
    fingerprintInto(words, off, this.width, fp, 0);
    this.lo = nonzero(fp[0]!);
    this.hi = nonzero(fp[1]!);
  }

  /** Keeps a state for the drain after the table grows: FOUND if kept, or NO_MEMORY. */
  private defer(words: Uint32Array, off: number): number {
    const w = this.width;
    const d = this.deferred;
    if (!d.reserve(w)) return NO_MEMORY;
    for (let i = 0; i < w; i++) d.data[d.length + i] = words[off + i]!;
    d.length += w;
    return FOUND;
  }
}
