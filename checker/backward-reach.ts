/**
 * The graph search behind the parallel explorer's convergence check: which vertices can reach a seed (a
 * settled state) along the recorded system edges. (The single-threaded explorer numbers states in BFS
 * order and sweeps its edge stream instead, convergence.ts, with a search of this kind as its fallback.)
 */

/** Edges as (from, to) pairs: pair k at words 2k, 2k + 1 of `data`, for k < `pairs`. */
export interface EdgeChunk {
  readonly data: Uint32Array;
  readonly pairs: number;
}

/**
 * Marks (1 in the returned array) every vertex of 0..n-1 from which some vertex already marked in
 * `marked` (the seeds) is reachable along the edges of `chunks`. Works in place on `marked`. The edges are
 * reversed into CSR form by a counting sort on the target, read from the chunks where they are (no
 * concatenated copy: on issue #14's row R with two workers that copy was 8 bytes per edge of the peak), so
 * the backward breadth-first search is linear in n + m.
 */
export function markBackwardReachable(n: number, chunks: readonly EdgeChunk[], marked: Uint8Array): Uint8Array {
  const start = new Int32Array(n + 1);
  let m = 0;
  for (const c of chunks) {
    const d = c.data;
    const end = 2 * c.pairs;
    for (let i = 0; i < end; i += 2) start[d[i + 1]! + 1]!++;
    m += c.pairs;
  }
  for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, n);
  const preds = new Int32Array(m);
  for (const c of chunks) {
    const d = c.data;
    const end = 2 * c.pairs;
    for (let i = 0; i < end; i += 2) preds[fill[d[i + 1]!]!++] = d[i]!;
  }

  const queue = new Int32Array(n);
  let tail = 0;
  for (let v = 0; v < n; v++) if (marked[v] === 1) queue[tail++] = v;
  for (let head = 0; head < tail; head++) {
    const v = queue[head]!;
    for (let e = start[v]!, end = start[v + 1]!; e < end; e++) {
      const u = preds[e]!;
      if (marked[u] === 0) {
        marked[u] = 1;
        queue[tail++] = u;
      }
    }
  }
  return marked;
}
