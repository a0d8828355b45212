/** ChunkedWords: records appended across chunk boundaries come back in order, none lost or torn. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkedWords } from '../../../checker/parallel/buffers.js';
import { ctlWords } from '../../../checker/parallel/protocol.js';

const ctl = (): Int32Array => new Int32Array(new SharedArrayBuffer(ctlWords(1) * 4));

describe('ChunkedWords', () => {
  it('gives back every record in order, whatever the chunk size', () => {
    fc.assert(
      fc.property(fc.constantFrom(2, 4), fc.integer({ min: 1, max: 6 }), fc.nat({ max: 3000 }), (width, chunkRecords, records) => {
        const list = new ChunkedWords(ctl(), -1, width * chunkRecords);
        for (let r = 0; r < records; r++) {
          expect(list.reserve(width)).toBe(true);
          for (let i = 0; i < width; i++) list.data[list.length + i] = r * width + i;
          list.length += width;
        }
        expect(list.words).toBe(records * width);
        const back: number[] = [];
        list.forEachChunk((d, n) => {
          expect(n % width).toBe(0);
          for (let i = 0; i < n; i++) back.push(d[i]!);
        });
        expect(back).toEqual(Array.from({ length: records * width }, (_, i) => i));
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a new chunk past the memory limit', () => {
    const list = new ChunkedWords(ctl(), 8, 4096);
    let ok = true;
    let n = 0;
    while (ok && n < 100_000) {
      ok = list.reserve(4);
      if (ok) list.length += 4;
      n++;
    }
    expect(ok).toBe(false);
    expect(list.words).toBeLessThan(8 * 1024);
  });
});
