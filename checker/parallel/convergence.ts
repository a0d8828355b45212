/**
 * The convergence check of a parallel run. Workers cannot number states (numbers would depend on thread
 * timing), so they report system edges and settled states as fingerprints; once the search is complete,
 * each worker maps its fingerprints to their slots in the final shared table, which serve as dense state
 * numbers, and the backward search of the single-threaded check runs over slots.
 */

import { markBackwardReachable } from '../backward-reach.js';
import type { EdgesReport } from './protocol.js';
import type { SharedTable } from './shared-table.js';

/** True when every state in `table` can reach a settled state by system edges (reports: one per worker). */
export function allConverge(table: SharedTable, reports: readonly EdgesReport[]): boolean {
  const n = table.capacity;
  let m = 0;
  for (const r of reports) m += r.from.length;
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  let k = 0;
  for (const r of reports) {
    from.set(r.from, k);
    to.set(r.to, k);
    k += r.from.length;
  }
  const seeds = new Uint8Array(n);
  for (const r of reports) for (const v of r.settled) seeds[v] = 1;
  const marked = markBackwardReachable(n, from, to, m, seeds);
  const slots = table.slots;
  for (let v = 0; v < n; v++) if (slots[v * 2 + 1] !== 0 && marked[v] === 0) return false;
  return true;
}
