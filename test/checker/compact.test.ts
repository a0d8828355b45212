/**
 * Hash compaction (mode 'compact'): the table against a Map, the coverage estimate's formula, and the
 * explorer in that mode against the fingerprint mode — never 'holds', never more states, the same
 * violations with real (replayed) counterexamples on small models — and what it refuses.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactCoverage, CompactTable } from '../../checker/compact.js';
import { STORE_FULL } from '../../checker/core/store.js';
import { explore, exploreParallel } from '../../checker/index.js';
import type { ActionClass } from '../../checker/index.js';
import { MemoryBudget } from '../../checker/memory.js';
import { twoPhaseCommit } from '../../examples/models/two-phase-commit.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO } from '../../model/cloneset/scenario.js';
import { graphModel, nodes } from './graph-model.js';

describe('compactCoverage', () => {
  it('is the birthday bound on the key bits: n(n-1)/2^(bits+1) states merged, coverage n/(n+merged)', () => {
    expect(compactCoverage(0)).toEqual({ coverage: 1, omitted: 0 });
    expect(compactCoverage(1)).toEqual({ coverage: 1, omitted: 0 });
    // 3 keys of 1 bit: 3·2/4 = 1.5 merges expected.
    expect(compactCoverage(3, 1)).toEqual({ coverage: 3 / 4.5, omitted: 1.5 });
    // 2^20 states with 40-bit keys: 2^20(2^20-1)/2^41, just under half a state.
    const n = 2 ** 20;
    const c = compactCoverage(n);
    expect(c.omitted).toBe((n * (n - 1)) / 2 ** 41);
    expect(c.omitted).toBeGreaterThan(0.49);
    expect(c.omitted).toBeLessThan(0.5);
    expect(c.coverage).toBe(n / (n + c.omitted));
    expect(compactCoverage(1e9).coverage).toBeLessThan(compactCoverage(1e8).coverage);
  });
});

describe('CompactTable', () => {
  it('answers like a Set, numbers new states in order and keeps parents and actions through its doublings', () => {
    fc.assert(
      // Past the first doubling (2^16 slots grow beyond 55,705 states): size 'max', and a domain large enough
      // that most values are new: unbiased (fast-check favours small values, so half were repeats) and the default size draws at most a dozen.
      fc.property(
        fc.array(fc.noBias(fc.integer({ min: 0, max: 20_000_000 })), { minLength: 60_000, maxLength: 70_000, size: 'max' }),
        (values) => {
          const t = new CompactTable(2, 4, Infinity, new MemoryBudget(Infinity));
          const seen = new Map<number, number>();
          const w = new Uint32Array(2);
          for (const v of values) {
            w[0] = v;
            w[1] = v >>> 3;
            const r = t.lookupOrAdd(w, 0, v - 1, v % 300);
            if (seen.has(v)) expect(r).toBe(-2);
            else {
              expect(r).toBe(seen.size);
              seen.set(v, r);
            }
            expect(t.find(w, 0)).toBe(0);
          }
          expect(t.count).toBe(seen.size);
          for (const [v, i] of seen) {
            expect(t.parentOf(i)).toBe(v - 1);
            expect(t.actionOf(i)).toBe(v % 300);
          }
          expect(t.count).toBeGreaterThan(55_705);
          w[0] = 20_000_001;
          expect(t.find(w, 0)).toBe(-1);
        },
      ),
      { numRuns: 3 },
    );
  });

  it('refuses new states past maxStates and past the memory budget', () => {
    const w = new Uint32Array(1);
    const capped = new CompactTable(1, 4, 2, new MemoryBudget(Infinity));
    for (let i = 0; i < 2; i++) {
      w[0] = i;
      expect(capped.lookupOrAdd(w, 0, -1, 0)).toBe(i);
    }
    w[0] = 7;
    expect(capped.lookupOrAdd(w, 0, -1, 0)).toBe(STORE_FULL);
    expect(capped.fullReason).toBe('maxStates');
    const budget = new MemoryBudget(1_000_000);
    const small = new CompactTable(1, 4, Infinity, budget);
    let r = 0;
    for (let i = 0; r !== STORE_FULL; i++) {
      w[0] = i;
      r = small.lookupOrAdd(w, 0, -1, 0);
    }
    expect(small.fullReason).toBe('memory');
    expect(budget.peak).toBeLessThanOrEqual(1_000_000);
    expect(small.count).toBeGreaterThan(50_000);
  });
});

const graph = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc.record({
    adj: fc.array(fc.array(fc.nat(n - 1), { maxLength: 4 }), { minLength: n, maxLength: n }),
    initial: fc.array(fc.nat(n - 1), { minLength: 1, maxLength: 3 }),
    bad: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    terminal: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
  }),
);

describe("the explorer in mode 'compact'", () => {
  it('never says holds; finds no more states than the fingerprint mode, and the same violations with real traces', () => {
    fc.assert(
      fc.property(graph, ({ adj, initial, bad, terminal }) => {
        const spec = {
          edges: adj,
          initial,
          bad: bad.flatMap((b, i) => (b ? [i] : [])),
          terminal: terminal.flatMap((b, i) => (b ? [i] : [])),
          properties: ['notBad', 'noDeadlock', 'noBackEdge'] as const,
        };
        const m = graphModel(spec);
        const ref = explore(m, { stopAtFirstViolation: false });
        const r = explore(m, { mode: 'compact', stopAtFirstViolation: false });
        expect(r.verdict).not.toBe('holds');
        expect(r.mode).toBe('compact');
        expect(r.stats.states).toBeLessThanOrEqual(ref.stats.states);
        expect(r.verdict).toBe(ref.verdict === 'holds' ? 'no-violation-found' : ref.verdict);
        const found = (x: typeof r) => (x.violations ?? []).map((v) => [v.property, v.trace.length]);
        expect(found(r)).toEqual(found(ref));
        for (const v of r.violations ?? []) {
          const path = nodes(v.trace);
          expect(initial).toContain(path[0]);
          for (let k = 1; k < path.length; k++) expect(adj[path[k - 1]!]).toContain(path[k]);
        }
        expect(r.stats.estimatedCoverage).toBe(compactCoverage(r.stats.states).coverage);
      }),
      { numRuns: 200 },
    );
  });

  it('on TwoPhase N=6 and the CloneSet default scenario: the exact counts, the same counterexamples', () => {
    const tp = twoPhaseCommit(6);
    const a = explore(tp);
    const b = explore(tp, { mode: 'compact' });
    expect(b.verdict).toBe('no-violation-found');
    expect(b.stats.states).toBe(a.stats.states);
    expect(b.stats.transitions).toBe(a.stats.transitions);
    expect(b.stats.estimatedCoverage).toBeGreaterThan(0.999999);
    expect(b.stats.estimatedCoverage).toBeLessThan(1);
    for (const controller of ['pre-fix', 'proposed'] as const) {
      const m = cloneSetModel({ ...DEFAULT_SCENARIO, controller });
      const properties = m.properties.filter((p) => p.kind !== 'convergence').map((p) => p.name);
      const x = explore(m, { properties, stopAtFirstViolation: false });
      const y = explore(m, { properties, stopAtFirstViolation: false, mode: 'compact' });
      expect(y.stats.states).toBe(x.stats.states);
      expect(y.verdict).toBe(x.verdict);
      expect(y.violations?.map((v) => [v.property, v.message, v.trace])).toEqual(
        x.violations?.map((v) => [v.property, v.message, v.trace]),
      );
    }
  });

  it('refuses the convergence property, the onEdge hook and the parallel explorer', async () => {
    const classes: ActionClass[] = ['system'];
    const m = graphModel({ edges: [[{ to: 0, cls: classes[0]! }]], initial: [0], settled: [0], properties: ['converges'] });
    expect(() => explore(m, { mode: 'compact' })).toThrow(/cannot check converges/);
    expect(() => explore(graphModel({ edges: [[0]], initial: [0] }), { mode: 'compact', onEdge: () => {} })).toThrow(/onEdge/);
    await expect(exploreParallel({ module: 'unused', export: 'unused', args: [] }, { mode: 'compact' }, 2)).rejects.toThrow(
      /single-threaded only/,
    );
  });

  it('reports a counterexample that does not replay to a violation as a broken model', () => {
    // `bad` answers differently on the second call for node 1: the search sees a violation, the replay not.
    let calls = 0;
    const m = graphModel({ edges: [[1], []], initial: [0], properties: ['notBad'] });
    const flaky = {
      ...m,
      properties: [
        {
          kind: 'invariant' as const,
          name: 'flaky',
          description: '',
          check: (s: number) => (s === 1 && calls++ === 0 ? { ok: false as const, message: 'x' } : { ok: true as const }),
        },
      ],
    };
    expect(() => explore(flaky, { mode: 'compact' })).toThrow(/does not violate it when replayed/);
    calls = 0;
    expect(explore(flaky).verdict).toBe('violated');
  });
});
