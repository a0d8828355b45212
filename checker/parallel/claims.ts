/**
 * Who expands which frontier states during a level: chunks of each segment claimed from both ends.
 *
 * Segment i is worker i's output of the last level. Worker i claims its segment's chunks from the front;
 * a worker done with its own segment helps with another's from the back. The two ends meet without
 * overlap because a segment's unclaimed range [front, back) is one 64-bit word, changed only by
 * compareExchange. Claiming from the back keeps a helper away from the states the owner is expanding,
 * whose successors (and table lines) overlap with the owner's: that overlap is what the split is for.
 * One compareExchange per chunk (up to 256 states), so the BigInt arithmetic costs nothing measurable.
 */

import { CTL } from './protocol.js';

const LOW = 0xffffffffn;

export class SegmentClaims {
  private readonly words: BigUint64Array;
  /** The last claimed range: states [start, end) of the segment. */
  start = 0;
  end = 0;

  /** Over the control words of `ctl` (see ctlWords), for `segments` segments. */
  constructor(ctl: SharedArrayBuffer, segments: number) {
    this.words = new BigUint64Array(ctl, CTL.cursors * 4, segments);
  }

  /** Main thread, before a level: segment i's states are all unclaimed. */
  reset(i: number, count: number): void {
    Atomics.store(this.words, i, BigInt(count) << 32n);
  }

  /** States of segment i not claimed yet. */
  unclaimed(i: number): number {
    const v = Atomics.load(this.words, i);
    return Math.max(0, Number(v >> 32n) - Number(v & LOW));
  }

  /** Claims up to `chunk` states at the front of segment i; false when none is left. */
  front(i: number, chunk: number): boolean {
    return this.claim(i, chunk, true);
  }

  /** Claims up to `chunk` states at the back of segment i; false when none is left. */
  back(i: number, chunk: number): boolean {
    return this.claim(i, chunk, false);
  }

  private claim(i: number, chunk: number, atFront: boolean): boolean {
    const words = this.words;
    for (let v = Atomics.load(words, i); ; ) {
      const front = Number(v & LOW);
      const back = Number(v >> 32n);
      if (front >= back) return false;
      const start = atFront ? front : Math.max(front, back - chunk);
      const end = atFront ? Math.min(back, front + chunk) : back;
      // What stays unclaimed: [end, back) after a front claim, [front, start) after a back claim.
      const rest = atFront ? (BigInt(back) << 32n) | BigInt(end) : (BigInt(start) << 32n) | BigInt(front);
      const seen = Atomics.compareExchange(words, i, v, rest);
      if (seen === v) {
        this.start = start;
        this.end = end;
        return true;
      }
      v = seen;
    }
  }
}
