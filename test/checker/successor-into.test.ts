/**
 * Model.successorInto: the explorer takes a successor's encoding from the model where nothing needs the
 * successor object, and the search is the same as with `next` and `encode` — states, transitions by kind,
 * verdicts, traces, convergence. A successorInto that lies shows where the explorer uses it: on kinds no
 * step property or step witness watches, with convergence's edges, never with an onEdge hook.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore, type ExploreOptions } from '../../checker/index.js';
import type { ActionClass } from '../../checker/index.js';
import { graphModel, nodes, type Edge, type GraphModel, type GraphSpec } from './graph-model.js';

/** The model with successorInto for edges of kind `sys`, writing `to(edge)` (the truth: edge.to); calls counted. */
function withBytes(m: GraphModel, to: (a: Edge) => number = (a) => a.to): GraphModel & { calls: number } {
  const out = {
    ...m,
    calls: 0,
    successorInto(_s: number, a: Edge, _src: Uint32Array, _sOff: number, w: Uint32Array): boolean {
      if (a.kind !== 'sys') return false;
      out.calls++;
      w[0] = to(a);
      return true;
    },
  };
  return out;
}

const graph = fc.integer({ min: 1, max: 30 }).chain((n) =>
  fc.record({
    adj: fc.array(fc.array(fc.nat(n - 1), { maxLength: 4 }), { minLength: n, maxLength: n }),
    initial: fc.array(fc.nat(n - 1), { minLength: 1, maxLength: 3 }),
    bad: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    settled: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    kinds: fc.array(fc.array(fc.constantFrom('sys', 'other'), { minLength: 4, maxLength: 4 }), { minLength: n, maxLength: n }),
    classes: fc.array(fc.array(fc.constantFrom<ActionClass>('system', 'user'), { minLength: 4, maxLength: 4 }), {
      minLength: n,
      maxLength: n,
    }),
  }),
);

const which = (marks: readonly boolean[]): number[] => marks.flatMap((b, i) => (b ? [i] : []));

// 0 → 1 → 2 by `sys` edges; a lying successorInto sends 0's edge to 3 instead, a node with no edges.
const line: GraphSpec = { edges: [[{ to: 1, kind: 'sys' }], [{ to: 2, kind: 'sys' }], [], []], initial: [0], properties: [] };

describe('successors written by the model', () => {
  it('give the same search as next and encode on random graphs, every property kind', () => {
    fc.assert(
      fc.property(graph, ({ adj, initial, bad, settled, kinds, classes }) => {
        const spec: GraphSpec = {
          edges: adj.map((out, v) => out.map((to, k) => ({ to, kind: kinds[v]![k]!, cls: classes[v]![k]! }))),
          initial,
          bad: which(bad),
          settled: which(settled),
          terminal: which(settled),
          goal: which(bad),
          goalKind: 'other',
          properties: ['notBad', 'noDeadlock', 'converges', 'noBackEdge', 'reachesGoal', 'takesGoalEdge'],
        };
        for (const stopAtFirstViolation of [true, false]) {
          const plain = explore(graphModel(spec), { stopAtFirstViolation });
          const bytes = explore(withBytes(graphModel(spec)), { stopAtFirstViolation });
          expect(bytes.verdict).toBe(plain.verdict);
          expect(bytes.stats.states).toBe(plain.stats.states);
          expect(bytes.stats.transitions).toBe(plain.stats.transitions);
          expect(bytes.stats.perActionKind).toEqual(plain.stats.perActionKind);
          const found = (r: typeof plain): unknown[] => (r.violations ?? []).map((v) => [v.property, nodes(v.trace)]);
          expect(found(bytes)).toEqual(found(plain));
        }
      }),
      { numRuns: 200 },
    );
  });

  const lie = (a: Edge): number => (a.to === 1 ? 3 : a.to);

  it('are used where nothing needs the successor object: a lie changes the search', () => {
    const m = withBytes(graphModel(line), lie);
    const r = explore(m);
    expect(r.stats.states).toBe(2);
    expect(m.calls).toBe(1);
    // Convergence's edges need no successor object either; its check after the search replays `next`,
    // which gives the lie away.
    const c = withBytes(graphModel({ ...line, settled: [2], properties: ['converges'] }), lie);
    expect(() => explore(c)).toThrow(/not deterministic/);
    expect(c.calls).toBe(1);
  });

  it('are not used for a kind a step property or step witness watches, nor with an onEdge hook', () => {
    const watched: GraphSpec[] = [
      { ...line, properties: ['noBackEdge'] },
      { ...line, goalKind: 'sys', properties: ['takesGoalEdge'] },
    ];
    for (const spec of watched) {
      const m = withBytes(graphModel(spec), lie);
      expect(explore(m, { stopAtFirstViolation: false }).stats.states).toBe(3);
      expect(m.calls).toBe(0);
    }
    const m = withBytes(graphModel(line), lie);
    const seen: number[] = [];
    const options: Partial<ExploreOptions<number, Edge>> = { onEdge: (_from, _a, _to, t) => seen.push(t) };
    expect(explore(m, options).stats.states).toBe(3);
    expect(seen).toEqual([1, 2]);
    expect(m.calls).toBe(0);
  });

  it('give a new state its object for the invariants by next', () => {
    const m = withBytes(graphModel({ ...line, bad: [2], properties: ['notBad'] }));
    const r = explore(m);
    expect(r.verdict).toBe('violated');
    expect(nodes(r.violation!.trace)).toEqual([0, 1, 2]);
    expect(m.calls).toBe(2);
  });
});

describe('new states made by a step no invariant sees', () => {
  /** notBad, seeing every edge except `sys` edges between nodes alike in badness (a true claim), or as `claim` says. */
  function blindTo(m: GraphModel, bad: ReadonlySet<number>, claim?: (a: Edge) => boolean): GraphModel {
    const from = (a: Edge): number => Number(a.label.split('->')[0]);
    const sees = claim ?? ((a: Edge) => a.kind !== 'sys' || bad.has(from(a)) !== bad.has(a.to));
    return {
      ...m,
      properties: m.properties.map((p) => (p.kind === 'invariant' ? { ...p, visible: sees } : p)),
    };
  }

  it('are not checked, and the search is the same, on random graphs', () => {
    fc.assert(
      fc.property(graph, ({ adj, initial, bad, kinds }) => {
        const spec: GraphSpec = {
          edges: adj.map((out, v) => out.map((to, k) => ({ to, kind: kinds[v]![k]! }))),
          initial,
          bad: which(bad),
          properties: ['notBad', 'noDeadlock'],
        };
        const badSet = new Set(which(bad));
        for (const stopAtFirstViolation of [true, false]) {
          const plain = explore(graphModel(spec), { stopAtFirstViolation });
          const blind = withBytes(blindTo(graphModel(spec), badSet));
          const r = explore(blind, { stopAtFirstViolation });
          expect(r.verdict).toBe(plain.verdict);
          expect(r.stats.states).toBe(plain.stats.states);
          expect(r.stats.transitions).toBe(plain.stats.transitions);
          const found = (x: typeof plain): unknown[] => (x.violations ?? []).map((v) => [v.property, nodes(v.trace)]);
          expect(found(r)).toEqual(found(plain));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('are not made by next; a false claim shows it (a bad node reached by an unseen step goes unreported)', () => {
    // 0 → 1 → 2, node 2 bad: with every step unseen by notBad, nothing is checked past the initial state.
    const spec: GraphSpec = { ...line, bad: [2], properties: ['notBad'] };
    let nexts = 0;
    const m = withBytes(blindTo(graphModel(spec), new Set([2]), () => false));
    const counted: GraphModel = {
      ...m,
      next: (s, a) => {
        nexts++;
        return m.next(s, a);
      },
    };
    const r = explore(counted);
    expect(r.verdict).toBe('holds');
    expect(nexts).toBe(0);
    // A state witness still wants every new state: then the claim changes nothing.
    const w = withBytes(blindTo(graphModel({ ...spec, goal: [2], properties: ['notBad', 'reachesGoal'] }), new Set([2]), () => false));
    expect(explore(w).verdict).toBe('violated');
  });
});
