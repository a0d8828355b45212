/**
 * The convergence check of a parallel run. Workers cannot number states during the search (numbers would
 * depend on thread timing), so they record system edges and settled states as fingerprints. Once the
 * search is complete, the occupied slots of the final table are numbered densely in slot order (`ranks`),
 * each worker maps its fingerprints to those numbers, and the backward search of the single-threaded check
 * runs over them: over as many vertices as states, not table slots (2.4x fewer at 0.42 load), so its
 * arrays stay smaller in the caches.
 */

import { markBackwardReachable } from '../backward-reach.js';
import type { EdgesReport } from './protocol.js';
import { fingerprintInto } from '../fingerprint.js';
import { nonzero, SharedTable } from './shared-table.js';

/** Dense numbers of the occupied slots of `table`, in slot order (-1 for an empty slot), shared with the workers. */
export function denseRanks(table: SharedTable): { readonly ranks: Int32Array; readonly count: number } {
  const ranks = new Int32Array(new SharedArrayBuffer(table.capacity * 4));
  const slots = table.slots;
  let count = 0;
  for (let v = 0; v < table.capacity; v++) ranks[v] = slots[v * 2 + 1] !== 0 ? count++ : -1;
  return { ranks, count };
}

/**
 * Marks (1) each of `states` states that can reach a settled state by system edges (`reports`: one per
 * worker, in dense state numbers).
 */
export function convergentStates(states: number, reports: readonly EdgesReport[]): Uint8Array {
  const seeds = new Uint8Array(states);
  for (const r of reports) for (const v of r.settled) seeds[v] = 1;
  return markBackwardReachable(
    states,
    reports.flatMap((r) => r.edges),
    seeds,
  );
}

/**
 * Recognises the states that cannot converge (unmarked in `convergent`) by their encodings (`width`
 * words), for RerunOptions.stuckStates; null when every state converges. Their fingerprints go into a
 * table of their own, so the predicate outlives the search's table.
 */
export function stuckStates(
  table: SharedTable,
  ranks: Int32Array,
  convergent: Uint8Array,
  width: number,
): ((encoding: Uint32Array, offset: number) => boolean) | null {
  let stuck = 0;
  for (const c of convergent) if (c === 0) stuck++;
  if (stuck === 0) return null;
  let capacity = 16;
  while (capacity < stuck * 2) capacity *= 2;
  const out = SharedTable.create(capacity);
  const slots = table.slots;
  for (let v = 0; v < table.capacity; v++) {
    const r = ranks[v]!;
    if (r >= 0 && convergent[r] === 0) out.insert(slots[v * 2]!, slots[v * 2 + 1]!);
  }
  const fp = new Uint32Array(2);
  return (encoding, offset) => {
    fingerprintInto(encoding, offset, width, fp);
    return out.slotOf(nonzero(fp[0]!), nonzero(fp[1]!)) >= 0;
  };
}
