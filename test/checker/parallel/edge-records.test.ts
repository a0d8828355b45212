/** checker/parallel/edge-records.ts: edges recorded grouped by source come back as the same (from, to) pairs. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkedWords } from '../../../checker/parallel/buffers.js';
import { EdgeRecorder, edgesAsPairs } from '../../../checker/parallel/edge-records.js';
import { CTL } from '../../../checker/parallel/protocol.js';

const ctl = (): Int32Array => new Int32Array(new SharedArrayBuffer(4 * (Math.max(...Object.values(CTL)) + 1)));

/** State v's fingerprint: two nonzero words that differ between states. */
const fpOf = (v: number): [number, number] => [v + 1, (v * 2654435761 + 7) >>> 0 || 1];

describe('EdgeRecorder and edgesAsPairs', () => {
  it('give back every edge as its (from, to) pair, in order, across chunk boundaries and repeated sources', () => {
    fc.assert(
      fc.property(
        // Expansions: a source and its targets; a source may come back later (a header again).
        fc.array(fc.record({ source: fc.nat(300), targets: fc.array(fc.nat(300), { minLength: 1, maxLength: 12 }) }), {
          minLength: 300,
          maxLength: 400,
        }),
        fc.constantFrom(8, 64),
        (expansions, chunkWords) => {
          const recorder = new EdgeRecorder(new ChunkedWords(ctl(), -1, chunkWords));
          const expected: number[] = [];
          expansions.forEach(({ source, targets }, id) => {
            const [slo, shi] = fpOf(source);
            for (const t of targets) {
              const [tlo, thi] = fpOf(t);
              // The id of the expansion, as a worker's expansion number: a new one writes a header.
              expect(recorder.add(id, slo, shi, tlo, thi)).toBe(true);
              expected.push(source, t);
            }
          });
          const numberOf = (lo: number, hi: number): number => {
            const v = lo - 1;
            expect(fpOf(v)).toEqual([lo, hi]);
            return v;
          };
          // Past the first chunk (1,024 words), so that sources continue across chunk boundaries.
          expect(recorder.list.words).toBeGreaterThan(1024);
          const pairs = edgesAsPairs(recorder.list, numberOf).flatMap((c) => [...c.data.subarray(0, 2 * c.pairs)]);
          expect(pairs).toEqual(expected);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('takes 8 bytes an edge and 12 a source', () => {
    const recorder = new EdgeRecorder(new ChunkedWords(ctl(), -1));
    for (let source = 0; source < 10; source++) for (let t = 0; t < 4; t++) recorder.add(source, source + 1, 1, t + 100, 1);
    expect(recorder.list.words).toBe(10 * 3 + 40 * 2);
  });
});
