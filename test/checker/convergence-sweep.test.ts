/**
 * The convergence pass (checker/convergence.ts firstNonConvergent) on random recorded graphs, against a
 * plain backward search over predecessor lists: same lowest stuck state, same marks, whether it finishes
 * by sweeps alone or falls back to its own backward search, and the memory it asks for.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstNonConvergent, SWEEP_WORK_LIMIT } from '../../checker/convergence.js';
import { BitSet, SystemEdges } from '../../checker/buffers.js';
import { MemoryBudget } from '../../checker/memory.js';

/**
 * A graph as the explorer records it: states 0..n-1, roots first (parent -1), every other state's parent
 * below it; `tree[v]`: the parent's edge to v is a system one; `runs[v]`: v's other system targets, any
 * state but v itself, below or above it.
 */
interface Recorded {
  readonly parents: readonly number[];
  readonly tree: readonly boolean[];
  readonly runs: readonly (readonly number[])[];
  readonly settled: readonly boolean[];
}

/** The marks (true: a settled state is reachable) by a backward breadth-first search over predecessor lists. */
function reference(g: Recorded): boolean[] {
  const n = g.parents.length;
  const preds: number[][] = Array.from({ length: n }, () => []);
  for (let v = 0; v < n; v++) {
    if (g.tree[v]) preds[v]!.push(g.parents[v]!);
    for (const t of g.runs[v]!) preds[t]!.push(v);
  }
  const marked = [...g.settled];
  const queue: number[] = [];
  for (let v = 0; v < n; v++) if (marked[v]) queue.push(v);
  for (let h = 0; h < queue.length; h++) {
    for (const u of preds[queue[h]!]!) {
      if (!marked[u]) {
        marked[u] = true;
        queue.push(u);
      }
    }
  }
  return marked;
}

interface Outcome {
  readonly stuck: number | null;
  readonly marks: boolean[];
  /** Bytes the pass asked of the budget beyond what the recording holds. */
  readonly extraPeak: number;
}

/**
 * Records `g` as the explorer would (edges in source order, duplicates kept out; bit sets grown on demand)
 * and runs the pass with a budget of its own, `passBytes`.
 */
function run(g: Recorded, limit = SWEEP_WORK_LIMIT, passBytes = 1e9): Outcome {
  const n = g.parents.length;
  const recording = new MemoryBudget(1e9);
  const edges = new SystemEdges(1, recording);
  const settled = new BitSet(1, recording);
  for (let v = 0; v < n; v++) {
    if (g.tree[v]) edges.treeSystem.set(v);
    if (g.settled[v]) settled.set(v);
    for (const t of new Set(g.runs[v])) edges.push(v, t);
  }
  const budget = new MemoryBudget(passBytes);
  const stuck = firstNonConvergent(n, edges, settled, (i) => g.parents[i]!, budget, limit);
  expect(budget.used).toBe(0);
  return { stuck, marks: Array.from({ length: n }, (_, v) => settled.get(v)), extraPeak: budget.peak };
}

const recorded = (maxStates: number, maxTargets: number): fc.Arbitrary<Recorded> =>
  fc.integer({ min: 1, max: maxStates }).chain((n) =>
    fc
      .record({
        roots: fc.integer({ min: 1, max: Math.min(3, n) }),
        parentPicks: fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: n, maxLength: n }),
        tree: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
        runs: fc.array(fc.array(fc.nat(n - 1), { maxLength: maxTargets }), { minLength: n, maxLength: n }),
        settled: fc.array(
          fc.nat(5).map((k) => k === 0),
          { minLength: n, maxLength: n },
        ),
      })
      .map(({ roots, parentPicks, tree, runs, settled }) => ({
        parents: parentPicks.map((p, v) => (v < roots ? -1 : Math.floor(p * v))),
        tree: tree.map((t, v) => v >= roots && t),
        runs: runs.map((r, v) => r.filter((t) => t !== v)),
        settled,
      })),
  );

const lowestUnmarked = (marks: readonly boolean[]): number => marks.indexOf(false);

/** A chain of back edges: n-1 → n-2 → … → 0, only 0 settled: one sweep per edge without the fallback. */
function backChain(n: number): Recorded {
  return {
    parents: Array.from({ length: n }, (_, v) => v - 1),
    tree: Array.from({ length: n }, () => false),
    runs: Array.from({ length: n }, (_, v) => (v > 0 ? [v - 1] : [])),
    settled: Array.from({ length: n }, (_, v) => v === 0),
  };
}

describe('convergence pass', () => {
  it('agrees with a plain backward search on random graphs, by sweeps alone and with the fallback', () => {
    fc.assert(
      fc.property(recorded(70, 4), (g) => {
        const want = reference(g);
        for (const limit of [Number.POSITIVE_INFINITY, SWEEP_WORK_LIMIT, 0]) {
          const got = run(g, limit);
          expect(got.marks).toEqual(want);
          expect(got.stuck).toBe(lowestUnmarked(want));
        }
      }),
      { seed: 0x5eed7, numRuns: 400 },
    );
  });

  it('agrees on a graph whose stream spans several chunks, with every state stuck or not', () => {
    // Sparse settled states and mostly back edges: long sweeps, a fallback under a small limit, and some
    // states that reach no settled state.
    fc.assert(
      fc.property(fc.integer({ min: 20_000, max: 40_000 }), fc.integer(), (n, seed) => {
        let x = seed | 1;
        const rnd = (k: number): number => {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          return (x >>> 0) % k;
        };
        const g: Recorded = {
          parents: Array.from({ length: n }, (_, v) => (v === 0 ? -1 : rnd(v))),
          tree: Array.from({ length: n }, (_, v) => v > 0 && rnd(3) === 0),
          runs: Array.from({ length: n }, (_, v) => Array.from({ length: rnd(3) }, () => rnd(n)).filter((t) => t !== v)),
          settled: Array.from({ length: n }, () => rnd(500) === 0),
        };
        const want = reference(g);
        for (const limit of [Number.POSITIVE_INFINITY, 1]) {
          const got = run(g, limit);
          expect(got.marks).toEqual(want);
          expect(got.stuck).toBe(lowestUnmarked(want));
        }
      }),
      { seed: 0xc0ffee, numRuns: 3 },
    );
  });

  it('needs one bit per state when sweeps suffice (edges to higher states and tree edges)', () => {
    const n = 1000;
    const g: Recorded = {
      parents: Array.from({ length: n }, (_, v) => v - 1),
      tree: Array.from({ length: n }, (_, v) => v % 2 === 1),
      runs: Array.from({ length: n }, (_, v) => (v % 2 === 1 && v + 1 < n ? [v + 1] : [])),
      settled: Array.from({ length: n }, (_, v) => v === n - 1),
    };
    const got = run(g);
    expect(got.stuck).toBe(-1);
    expect(got.extraPeak).toBe(4 * Math.ceil(n / 32));
  });

  it('falls back to the backward search on a long chain of back edges, with the same result', () => {
    const g = backChain(2000);
    const bySweeps = run(g, Number.POSITIVE_INFINITY);
    const bounded = run(g);
    expect(bounded.marks).toEqual(bySweeps.marks);
    expect(bounded.stuck).toBe(-1);
    expect(bySweeps.extraPeak).toBe(4 * Math.ceil(2000 / 32));
    // The fallback's predecessor lists: charged while it runs, and only then.
    expect(bounded.extraPeak).toBeGreaterThan(8 * 2000);
  });

  it('reports the lowest stuck state: a state whose only way out leads to a stuck cycle', () => {
    // 0 settled; 1 → 3 → 2 → 3 cycles away from it; 4 → 0 converges.
    const g: Recorded = {
      parents: [-1, 0, 1, 1, 3],
      tree: [false, false, false, true, false],
      runs: [[], [], [3], [2], [0]],
      settled: [true, false, false, false, false],
    };
    expect(run(g).stuck).toBe(1);
    expect(run(g).marks).toEqual([true, false, false, false, true]);
  });

  it('returns null when the budget refuses its memory, and never when it fits', () => {
    const g = backChain(2000);
    const bitBytes = 4 * Math.ceil(2000 / 32);
    expect(run(g, SWEEP_WORK_LIMIT, bitBytes - 1).stuck).toBeNull();
    // Room for the sweeps' bit per state but not for the fallback's lists: refused, not guessed.
    expect(run(g, SWEEP_WORK_LIMIT, bitBytes).stuck).toBeNull();
    expect(run(g, Number.POSITIVE_INFINITY, bitBytes).stuck).toBe(-1);
    expect(run(g, SWEEP_WORK_LIMIT, 1e9).stuck).toBe(-1);
  });
});
