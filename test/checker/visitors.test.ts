/**
 * The explorer's visitor hooks (ExploreOptions.onState/onEdge): every state once, in index (BFS) order
 * with its depth, then its transitions in action order, self-loops included; nothing past a stop.
 */

import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/explore.js';
import { Explorer } from '../../checker/explorer.js';
import { stateKeyOf } from '../../checker/state-key.js';
import { twoPhaseCommit } from '../../examples/models/two-phase-commit.js';
import { bfsDistances, graphModel, type Edge } from './graph-model.js';

describe('visitor hooks', () => {
  it('see every state once in index order, with its depth, and every transition', () => {
    const model = twoPhaseCommit(3);
    const states: number[] = [];
    const depths: number[] = [];
    let edges = 0;
    let lastFrom = -1;
    const adjacent: number[][] = [];
    const explorer = new Explorer(model, {
      onState: (_s, i, depth) => {
        states.push(i);
        depths.push(depth);
      },
      onEdge: (from, _a, to) => {
        expect(from).toBe(states[states.length - 1]);
        expect(from).toBeGreaterThanOrEqual(lastFrom);
        lastFrom = from;
        expect(to).toBeGreaterThanOrEqual(0);
        expect(to).toBeLessThan(explorer.stateCount);
        adjacent[from] ??= [];
        adjacent[from].push(to);
        edges++;
      },
    });
    explorer.runSlice();
    const r = explorer.result();
    expect(r.verdict).toBe('holds');
    expect(states).toEqual(Array.from({ length: r.stats.states }, (_, i) => i));
    // Depths against distances from the reported edges by a plain BFS (not the explorer's depthOf).
    expect(model.initialStates()).toHaveLength(1);
    expect(depths).toEqual(bfsDistances(adjacent, [0], r.stats.states));
    expect(edges).toBe(r.stats.transitions);
  });

  it('report the decoded state, the successor and its index, self-loops with from = to', () => {
    // 0 -> 1, 1 -> 1 (self-loop), 1 -> 2, 2 -> 0
    const model = graphModel({ edges: [[1], [1, 2], [0]], initial: [0], properties: [] });
    const seen: string[] = [];
    explore(model, {
      onState: (s, i, d) => seen.push(`state ${s} #${i} depth ${d}`),
      onEdge: (from, a: Edge, to, t) => seen.push(`edge #${from} ${a.label} #${to} (${t})`),
    });
    expect(seen).toEqual([
      'state 0 #0 depth 0',
      'edge #0 0->1 #1 (1)',
      'state 1 #1 depth 1',
      'edge #1 1->1 #1 (1)',
      'edge #1 1->2 #2 (2)',
      'state 2 #2 depth 2',
      'edge #2 2->0 #0 (0)',
    ]);
  });

  it('stop with the search: nothing beyond maxStates', () => {
    const model = twoPhaseCommit(4);
    let calls = 0;
    const r = explore(model, { maxStates: 50, onState: () => calls++ });
    expect(r.limit).toBe('maxStates');
    expect(calls).toBeLessThanOrEqual(50);
  });
});

describe('stateKeyOf', () => {
  it('gives equal keys exactly for equal canonical encodings', () => {
    const model = twoPhaseCommit(3);
    const key = stateKeyOf(model);
    const keys = new Set<string>();
    explore(model, { onState: (s) => keys.add(key(s)) });
    expect(keys.size).toBe(explore(model).stats.states);
  });
});
