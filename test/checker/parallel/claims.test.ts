/**
 * SegmentClaims: however a segment's front and back claims interleave, every state of the segment is
 * claimed exactly once, front claims come in increasing order and back claims in decreasing order.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SegmentClaims } from '../../../checker/parallel/claims.js';
import { ctlWords } from '../../../checker/parallel/protocol.js';

describe('SegmentClaims', () => {
  it('covers each segment exactly once from both ends, in any interleaving', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 5000 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.tuple(fc.nat({ max: 2 }), fc.boolean()), { minLength: 1, maxLength: 400 }),
        (counts, chunk, script) => {
          const claims = new SegmentClaims(new SharedArrayBuffer(ctlWords(counts.length) * 4), counts.length);
          counts.forEach((c, i) => {
            claims.reset(i, c);
          });
          const seen = counts.map((c) => new Uint8Array(c));
          const lastFront = counts.map(() => 0);
          const lastBack = counts.slice();
          const take = (seg: number, fromFront: boolean): boolean => {
            if (!(fromFront ? claims.front(seg, chunk) : claims.back(seg, chunk))) return false;
            expect(claims.end - claims.start).toBeGreaterThan(0);
            expect(claims.end - claims.start).toBeLessThanOrEqual(chunk);
            if (fromFront) {
              expect(claims.start).toBe(lastFront[seg]);
              lastFront[seg] = claims.end;
            } else {
              expect(claims.end).toBe(lastBack[seg]);
              lastBack[seg] = claims.start;
            }
            for (let p = claims.start; p < claims.end; p++) seen[seg]![p]!++;
            return true;
          };
          for (const [s, fromFront] of script) take(s % counts.length, fromFront);
          // Drain what the script left, alternating ends.
          counts.forEach((_, seg) => {
            let front = true;
            while (take(seg, front)) front = !front;
            expect(claims.unclaimed(seg)).toBe(0);
          });
          for (const marks of seen) for (const m of marks) expect(m).toBe(1);
        },
      ),
    );
  });

  it('counts what is left to claim', () => {
    const claims = new SegmentClaims(new SharedArrayBuffer(ctlWords(1) * 4), 1);
    claims.reset(0, 1000);
    expect(claims.unclaimed(0)).toBe(1000);
    claims.front(0, 256);
    claims.back(0, 100);
    expect([claims.start, claims.end]).toEqual([900, 1000]);
    expect(claims.unclaimed(0)).toBe(644);
  });

  it('holds segment sizes past 2^31 (the range is one unsigned 64-bit word)', () => {
    const claims = new SegmentClaims(new SharedArrayBuffer(ctlWords(1) * 4), 1);
    claims.reset(0, 2 ** 32 - 1);
    expect(claims.back(0, 10)).toBe(true);
    expect([claims.start, claims.end]).toEqual([2 ** 32 - 11, 2 ** 32 - 1]);
    expect(claims.unclaimed(0)).toBe(2 ** 32 - 11);
  });
});
