/**
 * The baseline the explorer is measured against in the same run: a breadth-first search as one would
 * first write it in JavaScript — state objects kept in array frontiers, the visited set a `Set` of
 * `JSON.stringify` keys — over the same model, checking the same invariants. It cannot pass V8's limit
 * of 16,777,216 `Set` entries (TwoPhase N=10 has 61.5 million states), so the bench runs it on N ≤ 9.
 */

import { getHeapStatistics } from 'node:v8';
import type { ExploreResult } from '../checker/index.js';
import type { Model } from '../checker/types.js';

/** Explores `model` completely; the result has the explorer's shape (heap growth as the table bytes). */
export function naiveBfs<S, A>(model: Model<S, A>): ExploreResult<S, A> {
  const invariants = model.properties.filter((p) => p.kind === 'invariant');
  const heap0 = getHeapStatistics().used_heap_size;
  const started = performance.now();
  const seen = new Set<string>();
  let frontier: S[] = [];
  const visit = (t: S, into: S[]): void => {
    const key = JSON.stringify(t);
    if (seen.has(key)) return;
    seen.add(key);
    into.push(t);
    for (const p of invariants) if (!p.check(t).ok) throw new Error(`naive BFS: ${p.name} violated`);
  };
  for (const s of model.initialStates()) visit(s, frontier);
  let transitions = 0;
  let depth = 0;
  let peakHeap = 0;
  while (frontier.length > 0) {
    const next: S[] = [];
    for (const s of frontier) {
      for (const a of model.actions(s)) {
        transitions++;
        visit(model.next(s, a), next);
      }
    }
    peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size - heap0);
    if (next.length > 0) depth++;
    frontier = next;
  }
  const seconds = (performance.now() - started) / 1000;
  const states = seen.size;
  return {
    verdict: 'holds',
    stats: {
      states,
      transitions,
      depth,
      seconds,
      statesPerSecond: seconds > 0 ? Math.round(states / seconds) : 0,
      perActionKind: {},
      peakTableBytes: peakHeap,
      bytesPerState: states === 0 ? 0 : Math.round((peakHeap / states) * 10) / 10,
      workers: 1,
    },
    properties: invariants.map((p) => p.name),
    mode: 'fingerprint',
  };
}
