/**
 * Byte accounting shared by every typed array the explorer owns.
 *
 * The tables live outside the V8 heap (ArrayBuffers), so neither `--max-old-space-size` nor the GC bounds
 * them; this budget is what lets `memoryLimitBytes` stop a run before the machine starts swapping, and it
 * is also where the peak table size reported in the statistics comes from.
 */

export class MemoryBudget {
  used = 0;
  peak = 0;

  constructor(readonly limit: number) {}

  /**
   * Accounts for a buffer going from `oldBytes` to `newBytes`. Refuses (returns false, changes nothing)
   * when the result would pass the limit, so the caller can stop with an incomplete verdict instead.
   * The transient moment where old and new buffers both exist during a copy is not counted: the limit is
   * about what the tables settle at, which is what decides whether the next doubling fits.
   */
  resize(oldBytes: number, newBytes: number): boolean {
    const next = this.used - oldBytes + newBytes;
    if (next > this.limit && newBytes > oldBytes) return false;
    this.used = next;
    if (next > this.peak) this.peak = next;
    return true;
  }

  /** First allocations are always made; the explorer checks `overLimit` right after construction. */
  charge(bytes: number): void {
    this.used += bytes;
    if (this.used > this.peak) this.peak = this.used;
  }

  get overLimit(): boolean {
    return this.used > this.limit;
  }
}
