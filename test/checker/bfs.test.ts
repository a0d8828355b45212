/** Explorer basics on hand-made graphs: shortest traces, property kinds, symmetry, state numbering. */

import { describe, expect, it } from 'vitest';
import { explore, Explorer } from '../../checker/index.js';
import type { Model } from '../../checker/index.js';
import { OK } from '../../checker/types.js';
import { graphModel, labels, nodes } from './graph-model.js';
import type { Edge } from './graph-model.js';

describe('breadth-first search', () => {
  it('reports the shortest counterexample even when the first-listed path to it is long', () => {
    // Following first actions (what DFS does) reaches bad node 9 via 0,1,2,3,4,9; BFS must find 0,5,9.
    const m = graphModel({
      edges: [[1, 5], [2], [3], [4], [9], [6, 9], [], [], [], []],
      initial: [0],
      bad: [9],
      terminal: [6, 9],
      properties: ['notBad'],
    });
    const r = explore(m);
    expect(r.verdict).toBe('violated');
    expect(r.violation?.property).toBe('notBad');
    expect(r.violation?.kind).toBe('invariant');
    expect(r.violation?.message).toBe('node 9 is bad');
    expect(r.violation?.trace).toHaveLength(3);
    expect(nodes(r.violation!.trace)).toEqual([0, 5, 9]);
    expect(labels(r.violation!.trace)).toEqual(['0->5', '5->9']);
    expect(r.violation!.trace[0]!.action).toBeNull();
  });

  it('checks invariants on initial states', () => {
    const m = graphModel({ edges: [[1], [0]], initial: [1, 0], bad: [0], properties: ['notBad'] });
    const r = explore(m);
    expect(r.verdict).toBe('violated');
    expect(nodes(r.violation!.trace)).toEqual([0]);
  });

  it('merges duplicate initial states and counts every distinct state once', () => {
    const m = graphModel({
      edges: [
        [1, 2],
        [2, 0],
        [0, 1],
      ],
      initial: [0, 0, 1],
      properties: [],
    });
    const r = explore(m);
    expect(r.verdict).toBe('holds');
    expect(r.stats.states).toBe(3);
    expect(r.stats.transitions).toBe(6);
    expect(r.stats.depth).toBe(1);
  });

  it('checks step properties on transitions into already-visited states', () => {
    // 1 -> 0 leads back to the (visited) initial state; it is the only violating transition.
    const m = graphModel({ edges: [[1], [0]], initial: [0], properties: ['noBackEdge'] });
    const r = explore(m);
    expect(r.verdict).toBe('violated');
    expect(r.violation?.kind).toBe('step');
    expect(r.violation?.message).toBe('edge 1->0 goes back');
    expect(nodes(r.violation!.trace)).toEqual([0, 1, 0]);
    expect(labels(r.violation!.trace)).toEqual(['0->1', '1->0']);
  });

  it('checks step properties on self-loops', () => {
    const base = graphModel({ edges: [[1], [2, 1], []], initial: [0], terminal: [2], properties: [] });
    const m: Model<number, Edge> = {
      ...base,
      properties: [
        {
          kind: 'step',
          name: 'noSelfLoop',
          description: '',
          check: (s, _a, t) => (s === t ? { ok: false, message: 'self-loop' } : OK),
        },
      ],
    };
    const r = explore(m);
    expect(r.violation?.property).toBe('noSelfLoop');
    expect(nodes(r.violation!.trace)).toEqual([0, 1, 1]);
    expect(labels(r.violation!.trace)).toEqual(['0->1', '1->1']);
  });

  it('reports a step violation via the violating source even when the target has another parent', () => {
    // 3 is first reached from 0 (depth 1); the back edge 4 -> 3 is found later and must be shown as ...4, 3.
    const m = graphModel({ edges: [[3, 4], [], [], [], [3]], initial: [0], terminal: [3], properties: ['noBackEdge'] });
    const r = explore(m);
    expect(nodes(r.violation!.trace)).toEqual([0, 4, 3]);
  });

  it('detects a deadlock with its shortest path and respects isTerminal', () => {
    const edges = [[1, 2], [3], [4], [], [0]];
    const stuck = explore(graphModel({ edges, initial: [0] }));
    expect(stuck.verdict).toBe('violated');
    expect(stuck.violation?.kind).toBe('deadlock');
    expect(stuck.violation?.property).toBe('noDeadlock');
    expect(nodes(stuck.violation!.trace)).toEqual([0, 1, 3]);

    const fine = explore(graphModel({ edges, initial: [0], terminal: [3] }));
    expect(fine.verdict).toBe('holds');
    expect(fine.stats.states).toBe(5);
  });

  it('prefers a deadlock found later in a level over a longer invariant violation found earlier', () => {
    // Level 1 is [1, 2]. Expanding 1 finds bad node 3 (trace of 3 states); node 2 is a deadlock (2 states).
    const m = graphModel({ edges: [[1, 2], [3], [], []], initial: [0], bad: [3], terminal: [3] });
    const r = explore(m);
    expect(r.violation?.kind).toBe('deadlock');
    expect(nodes(r.violation!.trace)).toEqual([0, 2]);
    expect(r.violations?.map((v) => v.property)).toEqual(['noDeadlock', 'notBad']);
  });

  it('stopAtFirstViolation: false records the shortest violation of each property and explores everything', () => {
    const m = graphModel({
      edges: [[1], [2, 5], [3], [4], [], [1]],
      initial: [0],
      bad: [3, 5],
      properties: ['notBad', 'noDeadlock', 'noBackEdge'],
    });
    const r = explore(m, { stopAtFirstViolation: false });
    expect(r.verdict).toBe('violated');
    expect(r.stats.states).toBe(6);
    const byProp = Object.fromEntries(r.violations!.map((v) => [v.property, nodes(v.trace)]));
    expect(byProp).toEqual({ notBad: [0, 1, 5], noBackEdge: [0, 1, 5, 1], noDeadlock: [0, 1, 2, 3, 4] });
    expect(r.violation?.property).toBe('notBad');
    const first = explore(m);
    expect(first.violations).toHaveLength(1);
    expect(first.stats.states).toBeLessThan(6);
  });

  it('stopWhenAllViolated stops once every property has its violation: the same violations, fewer states', () => {
    const m = graphModel({
      edges: [[1, 6], [2, 5], [3], [4], [], [1], [7], [8], []],
      initial: [0],
      bad: [5],
      terminal: [8],
      properties: ['notBad', 'noBackEdge'],
    });
    const all = explore(m, { stopAtFirstViolation: false });
    const early = explore(m, { stopAtFirstViolation: false, stopWhenAllViolated: true });
    expect(all.stats.states).toBe(9);
    expect(early.verdict).toBe('violated');
    expect(JSON.stringify(early.violations)).toBe(JSON.stringify(all.violations));
    expect(early.stats.states).toBeLessThan(all.stats.states);
    expect(early.limit).toBeUndefined();
    // With a property never violated, or a convergence property (decided after the search), it searches everything.
    const withDeadlock = explore(graphModel({ edges: [[1, 2], [0], [0]], initial: [0], bad: [1], properties: ['notBad', 'noDeadlock'] }), {
      stopAtFirstViolation: false,
      stopWhenAllViolated: true,
    });
    expect(withDeadlock.stats.states).toBe(3);
    const converging = graphModel({ edges: [[1, 2], [0], [2]], initial: [0], bad: [1], settled: [0], properties: ['notBad', 'converges'] });
    const full = explore(converging, { stopAtFirstViolation: false, stopWhenAllViolated: true });
    expect(full.stats.states).toBe(3);
    expect(full.violations?.map((v) => v.property).sort()).toEqual(['converges', 'notBad']);
  });

  it('stuckStates: the convergence violation at the first stuck state inserted, as the complete search reports it, without finishing', () => {
    // 0 -> 1 -> 2 -> 1 cycles without reaching settled node 0 again; 0 -> 3 -> 4 -> ... -> 41 -> 0 converges.
    const edges: number[][] = [[1, 3], [2], [1], ...Array.from({ length: 38 }, (_, i) => [i + 4]), [0]];
    const m = graphModel({ edges, initial: [0], settled: [0], bad: [2], properties: ['converges', 'notBad'] });
    const full = explore(m, { stopAtFirstViolation: false });
    expect(full.violations?.map((v) => v.property)).toEqual(['converges', 'notBad']);
    // stuckStates is what exploreParallel's re-run passes (RerunOptions, not public): through Explorer.
    const rerun = new Explorer(m, {
      stopAtFirstViolation: false,
      stopWhenAllViolated: true,
      stuckStates: (enc, off) => enc[off] === 1 || enc[off] === 2,
    });
    rerun.runSlice(Infinity);
    const early = rerun.result();
    expect(JSON.stringify(early.violations)).toBe(JSON.stringify(full.violations));
    expect(early.violation?.kind).toBe('convergence');
    expect(full.stats.states).toBe(42);
    expect(early.stats.states).toBeLessThan(10);
  });

  it('checks only the selected properties and rejects unknown names', () => {
    const m = graphModel({ edges: [[1], []], initial: [0], bad: [1], properties: ['notBad', 'noDeadlock'] });
    expect(explore(m, { properties: ['noDeadlock'] }).violation?.property).toBe('noDeadlock');
    expect(explore(m, { properties: [] }).verdict).toBe('holds');
    expect(explore(m, { properties: ['noDeadlock'] }).properties).toEqual(['noDeadlock']);
    expect(() => explore(m, { properties: ['nope'] })).toThrow(/unknown property nope/);
  });

  it('keeps action indices beyond 16 bits for traces', () => {
    const wide = 70_000;
    const m = graphModel({
      edges: [Array.from({ length: wide }, (_, i) => i + 1), ...Array.from({ length: wide }, () => [])],
      initial: [0],
      bad: [wide],
      terminal: Array.from({ length: wide }, (_, i) => i + 1),
    });
    const r = explore(m, { initialCapacity: 4 });
    expect(nodes(r.violation!.trace)).toEqual([0, wide]);
    expect(labels(r.violation!.trace)).toEqual([`0->${wide}`]);
  });

  it('exposes shortest depths and traces of visited states', () => {
    const m = graphModel({ edges: [[1, 2], [3], [3], [0]], initial: [0], properties: [] });
    const e = new Explorer(m);
    expect(e.runSlice()).toBe(true);
    expect([0, 1, 2, 3].map((s) => e.depthOf(e.indexOf(s)))).toEqual([0, 1, 1, 2]);
    expect(nodes(e.traceTo(e.indexOf(3)))).toEqual([0, 1, 3]);
    expect(e.indexOf(7)).toBe(-1);
  });
});

/** Two processes each counting 0..3; the canonical encoding sorts the counters (the processes are symmetric). */
type Pair = readonly [number, number];
function symmetricPair(canonical: boolean): Model<Pair, number> {
  return {
    name: 'pair',
    encodingWords: 1,
    initialStates: () => [[0, 0]],
    actions: (s) => [0, 1].filter((i) => s[i]! < 3),
    next: (s, i) => (i === 0 ? [s[0] + 1, s[1]] : [s[0], s[1] + 1]),
    encode: (s, out, off) => {
      const [a, b] = canonical && s[0] > s[1] ? [s[1], s[0]] : s;
      out[off] = a * 16 + b;
    },
    decode: (w, off) => [w[off]! >>> 4, w[off]! & 15],
    actionLabel: (i) => `inc(${i})`,
    actionKind: () => 'inc',
    actionClass: () => 'system',
    isTerminal: (s) => s[0] === 3 && s[1] === 3,
    properties: [
      {
        kind: 'invariant',
        name: 'notOneTwo',
        description: 'counters are never {1, 2}',
        check: (s) => (Math.min(...s) === 1 && Math.max(...s) === 2 ? { ok: false, message: 'counters {1,2}' } : OK),
      },
      { kind: 'deadlock', name: 'noDeadlock', description: '' },
    ],
  };
}

describe('canonical encodings', () => {
  it('merge symmetric states', () => {
    expect(explore(symmetricPair(false), { properties: ['noDeadlock'] }).stats.states).toBe(16);
    const r = explore(symmetricPair(true), { properties: ['noDeadlock'] });
    expect(r.verdict).toBe('holds');
    expect(r.stats.states).toBe(10);
  });

  it('give traces that replay through canonical representatives', () => {
    const m = symmetricPair(true);
    const r = explore(m);
    expect(r.verdict).toBe('violated');
    const trace = r.violation!.trace;
    expect(trace).toHaveLength(4);
    const words = new Uint32Array(1);
    for (let i = 1; i < trace.length; i++) {
      const prev = trace[i - 1]!.state;
      expect(m.actions(prev)).toContain(trace[i]!.action);
      m.encode(m.next(prev, trace[i]!.action!), words, 0);
      expect(m.decode(words, 0)).toEqual(trace[i]!.state);
    }
    expect([...trace[3]!.state].sort()).toEqual([1, 2]);
  });
});
