/**
 * Convergence analysis, run once after a complete BFS: from every reachable state, can system actions
 * alone reach a settled state?
 *
 * The BFS recorded every system edge (buffers.ts SystemEdges: tree edges as one bit per state next to the
 * parent link, the others as a stream of targets in source order). A backward search from the settled
 * states over the reversed edges marks every state that can converge; any unmarked state is a violation.
 * Because BFS numbers states in depth order, the lowest unmarked index is a shallowest stuck state, and
 * its BFS parent chain is a shortest path to it.
 */

import { type BitSet, SystemEdges } from './buffers.js';
import type { MemoryBudget } from './memory.js';
import type { Continuation, TraceStep } from './result.js';
import type { Model } from './types.js';

/**
 * Lowest index of a state that cannot reach a settled state by system edges, -1 if there is none, or null
 * when the budget refuses the search's arrays (4 bytes per state twice and per stored edge once, charged
 * while the search runs). `settled` is used as the mark set and ends up marking every converging state.
 */
export function firstNonConvergent(
  n: number,
  edges: SystemEdges,
  settled: BitSet,
  parentOf: (index: number) => number,
  budget: MemoryBudget,
): number | null {
  const m = edges.length;
  const bytes = 8 * (n + 1) + 4 * m;
  if (!settled.ensure(n) || !budget.resize(0, bytes)) return null;
  try {
    // Predecessors by the stored edges, in CSR form: a counting sort on the target. `start[t]` first
    // counts up to the end of t's range, then each placement moves it down to the range's beginning.
    const start = new Int32Array(n + 1);
    for (let e = 0; e < m; e++) start[SystemEdges.target(edges.entry(e))]!++;
    for (let v = 1; v <= n; v++) start[v]! += start[v - 1]!;
    const preds = new Int32Array(m);
    let source = -1;
    for (let e = 0; e < m; e++) {
      const x = edges.entry(e);
      if (SystemEdges.startsRun(x)) source = edges.hasRun.nextSet(source + 1);
      preds[--start[SystemEdges.target(x)]!] = source;
    }
    const queue = new Int32Array(n);
    let tail = 0;
    for (let v = settled.nextSet(0); v >= 0 && v < n; v = settled.nextSet(v + 1)) queue[tail++] = v;
    const tree = edges.treeSystem;
    for (let head = 0; head < tail; head++) {
      const v = queue[head]!;
      if (tree.get(v)) {
        const u = parentOf(v);
        if (!settled.get(u)) {
          settled.set(u);
          queue[tail++] = u;
        }
      }
      for (let e = start[v]!, end = start[v + 1]!; e < end; e++) {
        const u = preds[e]!;
        if (!settled.get(u)) {
          settled.set(u);
          queue[tail++] = u;
        }
      }
    }
    for (let v = 0; v < n; v++) if (!settled.get(v)) return v;
    return -1;
  } finally {
    budget.resize(bytes, 0);
  }
}

/**
 * What the system does on its own from a stuck state: repeatedly take the first enabled system action (in
 * the model's action order, so the result is deterministic). Every system successor of a stuck state is
 * itself stuck, so this never reaches a settled state; it ends at a state with no system action (dead end)
 * or when it revisits a state (cycle). The one continuation builder: the explorer and the simulator both
 * use it. `canonical` maps a successor to the state the trace shows (the explorer's canonical
 * representative; the simulator shows successors as `next` returns them, the identity). `keyOf` maps that
 * state to a key that identifies it: its visited index after a complete search (null if it was never
 * visited, a broken model), or its encoding when there is no complete search; revisits are detected by
 * key, so the walk is bounded by the number of states.
 */
export function systemContinuation<S, A>(
  model: Model<S, A>,
  stuck: S,
  stuckKey: number | string,
  canonical: (s: S) => S,
  keyOf: (s: S) => number | string | null,
): Continuation<S, A> {
  const steps: TraceStep<S, A>[] = [];
  const position = new Map<number | string, number>([[stuckKey, 0]]);
  let s = stuck;
  for (;;) {
    const a = model.actions(s).find((x) => model.actionClass(x) === 'system');
    if (a === undefined) return { end: 'deadEnd', steps };
    const t = canonical(model.next(s, a));
    const ti = keyOf(t);
    if (ti === null)
      throw new Error(`model ${model.name} is not deterministic: a system successor replayed after the search was never visited`);
    steps.push({ action: a, state: t });
    const seen = position.get(ti);
    if (seen !== undefined) return { end: 'cycle', steps, cycleStart: seen };
    position.set(ti, steps.length);
    s = t;
  }
}

/** The message of a convergence violation with this continuation, as the explorer and the simulator word it. */
export function convergenceMessage<S, A>(model: Model<S, A>, c: Continuation<S, A>): string {
  return `no settled state is reachable from the last state using only system actions; ${describeContinuation(model, c)}`;
}

/** One-sentence explanation for the violation message. */
export function describeContinuation<S, A>(model: Model<S, A>, c: Continuation<S, A>): string {
  const labels = c.steps.map((st) => model.actionLabel(st.action as A));
  if (c.end === 'deadEnd') {
    return c.steps.length === 0
      ? 'no system action is enabled there (dead end)'
      : `taking the first enabled system action each time (${labels.join(', ')}) reaches a state with no enabled system action (dead end) after ${c.steps.length} step${c.steps.length === 1 ? '' : 's'}`;
  }
  const back = c.cycleStart === 0 ? 'the stuck state itself' : `the state after continuation step ${c.cycleStart}`;
  return `taking the first enabled system action each time (${labels.join(', ')}) loops forever: step ${c.steps.length} returns to ${back} (a cycle of ${c.steps.length - c.cycleStart} step${c.steps.length - c.cycleStart === 1 ? '' : 's'})`;
}
