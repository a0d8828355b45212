/**
 * How a parallel worker records the system edges of its expansions for the convergence check, and how it
 * turns them into (from, to) pairs of dense state numbers once the search is over. Workers cannot number
 * states during the search, so edges are kept as fingerprints, grouped by source: a source is a header
 * (0, lo, hi) and each of its edges after it is one target (lo, hi). Fingerprint words are never 0
 * (shared-table.ts `nonzero`), so a 0 starts a header. 8 bytes an edge plus 12 a source, against 16 an edge
 * as (source, target) pairs; a source's targets may continue in the next chunk.
 */

import type { EdgeChunk } from '../backward-reach.js';
import type { ChunkedWords } from './buffers.js';

/** Appends edges to a worker's list in the grouped format. */
export class EdgeRecorder {
  /** The source of the last edge appended (the caller's id for it), whose header is written. */
  private source = -1;

  constructor(readonly list: ChunkedWords) {}

  /**
   * Appends the edge from `source` (of fingerprint `slo`, `shi`) to the state of fingerprint (`tlo`,
   * `thi`). False if the budget refuses the memory.
   */
  add(source: number, slo: number, shi: number, tlo: number, thi: number): boolean {
    const list = this.list;
    const header = this.source !== source;
    if (!list.reserve(header ? 5 : 2)) return false;
    const d = list.data;
    let at = list.length;
    if (header) {
      d[at] = 0;
      d[at + 1] = slo;
      d[at + 2] = shi;
      at += 3;
      this.source = source;
    }
    d[at] = tlo;
    d[at + 1] = thi;
    list.length = at + 2;
    return true;
  }
}

/**
 * Rewrites the recorded edges of `list` in place as (from, to) pairs of the numbers `numberOf` gives each
 * fingerprint, at the start of each chunk (a pair takes the words of its target, a header none, so the
 * write position never passes the read one), and returns the chunks: no second copy of the edges. The
 * list is spent.
 */
export function edgesAsPairs(list: ChunkedWords, numberOf: (lo: number, hi: number) => number): EdgeChunk[] {
  const chunks: EdgeChunk[] = [];
  let from = -1;
  list.forEachChunk((d, n) => {
    let k = 0;
    for (let i = 0; i < n; ) {
      if (d[i] === 0) {
        from = numberOf(d[i + 1]!, d[i + 2]!);
        i += 3;
      } else {
        const to = numberOf(d[i]!, d[i + 1]!);
        d[k] = from;
        d[k + 1] = to;
        k += 2;
        i += 2;
      }
    }
    chunks.push({ data: d, pairs: k >>> 1 });
  });
  return chunks;
}
