/**
 * A small direct-mapped cache of recently seen fingerprints, in front of a visited table.
 *
 * Under BFS most duplicates are found soon after the state was first inserted (two interleavings of the
 * same actions from one parent: siblings expanded one after the other), while a probe of a big table is
 * a cache and TLB miss (~250 ns on the VMs this runs on). 4096 entries (48 KB) measured best of 2^12..2^16.
 * Indexed by the `hi` half, as tables bucket by `lo`. Only sound where an entry, once in the table, stays
 * there with the same value: fingerprint-mode tables (an exact-mode table must compare encodings).
 */

const BITS = 12;
const MASK = (1 << BITS) - 1;
/**
 * For a table that reads `entries` inline (visited.ts: a call here from its hot path is inlined or not as
 * V8's budget decides, and was measured not inlined): entry (lo, hi) is at words 3(hi & RECENT_MASK)…+2 as
 * lo, hi, value+1 (0: none).
 */
export const RECENT_MASK = MASK;

export class RecentCache {
  readonly entries = new Uint32Array((MASK + 1) * 3);

  /** The value remembered for fingerprint (lo, hi), or -1. */
  get(lo: number, hi: number): number {
    const e = this.entries;
    const i = (hi & MASK) * 3;
    return e[i] === lo && e[i + 1] === hi && e[i + 2] !== 0 ? e[i + 2]! - 1 : -1;
  }

  /** Remembers `value` (≥ 0) for (lo, hi), evicting whatever shared its entry. */
  set(lo: number, hi: number, value: number): void {
    const e = this.entries;
    const i = (hi & MASK) * 3;
    e[i] = lo;
    e[i + 1] = hi;
    e[i + 2] = value + 1;
  }
}
