/**
 * The graph search behind the parallel explorer's convergence check: which vertices can reach a seed (a
 * settled state) along the recorded system edges. (The single-threaded explorer numbers states in BFS
 * order and sweeps its edge stream instead, convergence.ts, with a search of this kind as its fallback.)
 */

/**
 * Marks (1 in the returned array) every vertex of 0..n-1 from which some vertex already marked in
 * `marked` (the seeds) is reachable along edges `from[e] → to[e]`, e < m. Works in place on `marked`.
 * The edges are reversed into CSR form by a counting sort on the target, so the backward breadth-first
 * search is linear in n + m.
 */
export function markBackwardReachable(n: number, from: Int32Array, to: Int32Array, m: number, marked: Uint8Array): Uint8Array {
  const start = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) start[to[e]! + 1]!++;
  for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, n);
  const preds = new Int32Array(m);
  for (let e = 0; e < m; e++) preds[fill[to[e]!]!++] = from[e]!;

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
