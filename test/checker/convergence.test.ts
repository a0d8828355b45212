/** Convergence: settled states reachable by system actions alone, and the stuck continuation shown. */

import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { graphModel, labels, nodes } from './graph-model.js';
import type { GraphSpec } from './graph-model.js';

const user = (to: number) => ({ to, cls: 'user' as const, label: `user ${to}` });
const converges = (spec: Omit<GraphSpec, 'properties'>) => graphModel({ ...spec, properties: ['converges'] });

describe('convergence', () => {
  it('holds when system actions lead every state to a settled state', () => {
    const m = converges({ edges: [[1], [2], [user(0)]], initial: [0], settled: [2] });
    const r = explore(m);
    expect(r.verdict).toBe('holds');
    expect(r.stats.states).toBe(3);
  });

  it('holds when some (not the first) system action escapes a loop', () => {
    // From 1 the first system action loops to 2 and back, but the second one reaches settled 3.
    const m = converges({ edges: [[1], [2, 3], [1], []], initial: [0], settled: [3] });
    expect(explore(m).verdict).toBe('holds');
  });

  it('reports a livelock: a cycle of system actions with the cycle start named', () => {
    // 0 settled; a user action leads to 1; system actions only ever cycle 1 -> 2 -> 1.
    const m = converges({ edges: [[user(1)], [2], [1]], initial: [0], settled: [0] });
    const r = explore(m);
    expect(r.verdict).toBe('violated');
    const v = r.violation!;
    expect(v.kind).toBe('convergence');
    expect(v.property).toBe('converges');
    expect(nodes(v.trace)).toEqual([0, 1]);
    expect(labels(v.trace)).toEqual(['user 1']);
    expect(v.continuation?.end).toBe('cycle');
    expect(v.continuation?.steps.map((s) => s.state)).toEqual([2, 1]);
    expect(v.continuation?.end === 'cycle' && v.continuation.cycleStart).toBe(0);
    expect(v.message).toMatch(/loops forever: step 2 returns to the stuck state itself \(a cycle of 2 steps\)/);
  });

  it('names a cycle that returns to a later continuation step', () => {
    // 0 -> 1 -> 2 -> 3 -> 2 by system actions; settled 4 only by a user action.
    const m = converges({ edges: [[1, user(4)], [2], [3], [2], []], initial: [0], settled: [4] });
    const v = explore(m).violation!;
    expect(nodes(v.trace)).toEqual([0]);
    expect(v.continuation?.steps.map((s) => s.state)).toEqual([1, 2, 3, 2]);
    expect(v.continuation?.end === 'cycle' && v.continuation.cycleStart).toBe(2);
    expect(v.message).toMatch(/step 4 returns to the state after continuation step 2 \(a cycle of 2 steps\)/);
  });

  it('reports a system dead end with its continuation', () => {
    // From 0 the system goes 0 -> 1 -> 2 and stops; only a user action reaches settled 3.
    const m = converges({ edges: [[1, user(3)], [2], [user(0)], []], initial: [0], settled: [3] });
    const v = explore(m).violation!;
    expect(nodes(v.trace)).toEqual([0]);
    expect(v.continuation).toEqual({
      end: 'deadEnd',
      steps: [
        { action: { to: 1, label: '0->1', kind: 'sys', cls: 'system' }, state: 1 },
        { action: { to: 2, label: '1->2', kind: 'sys', cls: 'system' }, state: 2 },
      ],
    });
    expect(v.message).toMatch(/dead end\) after 2 steps/);
  });

  it('is violated when user actions can always reach settled but system actions cannot', () => {
    const m = converges({ edges: [[1, user(2)], [user(2)], [user(0)]], initial: [0], settled: [2] });
    const v = explore(m).violation!;
    expect(v.kind).toBe('convergence');
    expect(nodes(v.trace)).toEqual([0]);
    expect(v.continuation?.end).toBe('deadEnd');
    expect(v.continuation?.steps.map((s) => s.state)).toEqual([1]);
  });

  it('reports the shallowest stuck state via its shortest path', () => {
    // Stuck states are 3 (depth 2) and 5 (depth 3); the shallower one is reported.
    const m = converges({
      edges: [[user(1), user(2)], [user(4)], [user(3)], [3], [user(5)], [5], []],
      initial: [0],
      settled: [0, 1, 2, 4],
    });
    const v = explore(m).violation!;
    expect(nodes(v.trace)).toEqual([0, 2, 3]);
    expect(v.continuation?.end === 'cycle' && v.continuation.cycleStart).toBe(0);
  });

  it('is not checked on an incomplete run', () => {
    const m = converges({ edges: [[user(1)], [2], [1]], initial: [0], settled: [0] });
    const r = explore(m, { maxStates: 2 });
    expect(r.verdict).toBe('incomplete');
    expect(r.violation).toBeUndefined();
  });

  it('requires isSettled', () => {
    const m = converges({ edges: [[]], initial: [0] });
    const { isSettled: _, ...noSettled } = m;
    expect(() => explore(noSettled)).toThrow(/isSettled/);
  });
});
