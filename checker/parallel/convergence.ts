/**
 * The convergence check of a parallel run. Workers cannot number states (numbers would depend on thread
 * timing), so they report system edges and settled states as fingerprints; once the search is complete,
 * each fingerprint is mapped to its slot in the final shared table, which serves as a dense state number,
 * and the backward search of the single-threaded check runs over slots.
 */

import type { SharedTable } from './shared-table.js';

/** True when every state in `table` can reach a settled state by system edges. */
export function allConverge(table: SharedTable, edgeLists: readonly Uint32Array[], settledLists: readonly Uint32Array[]): boolean {
  const n = table.capacity;
  let m = 0;
  for (const e of edgeLists) m += e.length / 4;
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  let k = 0;
  for (const e of edgeLists) {
    for (let i = 0; i < e.length; i += 4) {
      from[k] = table.slotOf(e[i]!, e[i + 1]!);
      to[k] = table.slotOf(e[i + 2]!, e[i + 3]!);
      if (from[k]! < 0 || to[k]! < 0) throw new Error('internal: an edge of the parallel run names an unvisited state');
      k++;
    }
  }
  // Reverse adjacency in CSR form (counting sort by target), so the backward search is linear.
  const start = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) start[to[e]! + 1]!++;
  for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, n);
  const preds = new Int32Array(m);
  for (let e = 0; e < m; e++) preds[fill[to[e]!]!++] = from[e]!;
  const marked = new Uint8Array(n);
  const queue = new Int32Array(n);
  let tail = 0;
  for (const s of settledLists) {
    for (let i = 0; i < s.length; i += 2) {
      const v = table.slotOf(s[i]!, s[i + 1]!);
      if (v >= 0 && marked[v] === 0) {
        marked[v] = 1;
        queue[tail++] = v;
      }
    }
  }
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
  const slots = table.slots;
  for (let v = 0; v < n; v++) if (slots[v * 2 + 1] !== 0 && marked[v] === 0) return false;
  return true;
}
