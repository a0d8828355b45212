/**
 * The convergence check of a parallel run. Workers cannot number states (numbers would depend on thread
 * timing), so they report system edges and settled states as fingerprints; once the search is complete,
 * each fingerprint is mapped to its slot in the final shared table, which serves as a dense state number,
 * and the backward search of the single-threaded check runs over slots.
 */

import { markBackwardReachable } from '../backward-reach.js';
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
  const seeds = new Uint8Array(n);
  for (const s of settledLists) {
    for (let i = 0; i < s.length; i += 2) {
      const v = table.slotOf(s[i]!, s[i + 1]!);
      if (v >= 0) seeds[v] = 1;
    }
  }
  const marked = markBackwardReachable(n, from, to, m, seeds);
  const slots = table.slots;
  for (let v = 0; v < n; v++) if (slots[v * 2 + 1] !== 0 && marked[v] === 0) return false;
  return true;
}
