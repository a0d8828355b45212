/** Property tests: on random graphs the explorer agrees with naive reachability, BFS distances and convergence. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore, Explorer } from '../../checker/index.js';
import type { ActionClass } from '../../checker/index.js';
import { bfsDistances, graphModel, nodes } from './graph-model.js';

const graph = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc.record({
    adj: fc.array(fc.array(fc.nat(n - 1), { maxLength: 4 }), { minLength: n, maxLength: n }),
    initial: fc.array(fc.nat(n - 1), { minLength: 1, maxLength: 3 }),
    marks: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    classes: fc.array(fc.array(fc.constantFrom<ActionClass>('system', 'user'), { minLength: 4, maxLength: 4 }), {
      minLength: n,
      maxLength: n,
    }),
    capacity: fc.constantFrom(4, 16, 65536),
  }),
);

describe('random graphs against a naive search', () => {
  it('finds exactly the reachable states, each at its shortest distance, with valid shortest traces', () => {
    fc.assert(
      fc.property(graph, ({ adj, initial, capacity }) => {
        const dist = bfsDistances(adj, initial);
        const m = graphModel({ edges: adj, initial, properties: [] });
        for (const mode of ['fingerprint', 'exact'] as const) {
          const e = new Explorer(m, { mode, initialCapacity: capacity });
          e.runSlice();
          const r = e.result();
          expect(r.verdict).toBe('holds');
          expect(r.stats.states).toBe(dist.filter((d) => d >= 0).length);
          expect(r.stats.transitions).toBe(adj.reduce((t, out, v) => t + (dist[v]! >= 0 ? out.length : 0), 0));
          expect(r.stats.depth).toBe(Math.max(...dist));
          for (let v = 0; v < adj.length; v++) {
            const idx = e.indexOf(v);
            if (dist[v]! < 0) {
              expect(idx).toBe(-1);
              continue;
            }
            expect(e.depthOf(idx)).toBe(dist[v]);
            const path = nodes(e.traceTo(idx));
            expect(path).toHaveLength(dist[v]! + 1);
            expect(initial).toContain(path[0]);
            for (let k = 1; k < path.length; k++) expect(adj[path[k - 1]!]).toContain(path[k]);
            expect(path[path.length - 1]).toBe(v);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reports an invariant violation exactly at the shortest distance to a bad node', () => {
    fc.assert(
      fc.property(graph, ({ adj, initial, marks }) => {
        const bad = marks.flatMap((b, i) => (b ? [i] : []));
        const dist = bfsDistances(adj, initial);
        const reachableBad = bad.filter((v) => dist[v]! >= 0);
        const r = explore(graphModel({ edges: adj, initial, bad, properties: ['notBad'] }));
        if (reachableBad.length === 0) {
          expect(r.verdict).toBe('holds');
        } else {
          expect(r.verdict).toBe('violated');
          const path = nodes(r.violation!.trace);
          expect(bad).toContain(path[path.length - 1]);
          expect(path.length - 1).toBe(Math.min(...reachableBad.map((v) => dist[v]!)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('decides convergence like a naive backward search and shows a genuine stuck continuation', () => {
    fc.assert(
      fc.property(graph, ({ adj, initial, marks, classes }) => {
        const settled = marks.flatMap((b, i) => (b ? [i] : []));
        const edges = adj.map((out, v) => out.map((to, k) => ({ to, cls: classes[v]![k]! })));
        const dist = bfsDistances(adj, initial);
        // Naive: iterate "can reach settled by system edges" to a fixpoint.
        const ok = adj.map((_, v) => settled.includes(v));
        for (let changed = true; changed; ) {
          changed = false;
          edges.forEach((out, v) => {
            if (!ok[v] && out.some((e) => e.cls === 'system' && ok[e.to])) ok[v] = changed = true;
          });
        }
        const stuck = adj.map((_, v) => v).filter((v) => dist[v]! >= 0 && !ok[v]);
        const m = graphModel({ edges, initial, settled, properties: ['converges'] });
        const r = explore(m);
        if (stuck.length === 0) {
          expect(r.verdict).toBe('holds');
          return;
        }
        expect(r.verdict).toBe('violated');
        const v = r.violation!;
        const path = nodes(v.trace);
        const last = path[path.length - 1]!;
        expect(stuck).toContain(last);
        expect(path.length - 1).toBe(Math.min(...stuck.map((s) => dist[s]!)));
        const cont = v.continuation!;
        let at = last;
        for (const step of cont.steps) {
          expect(step.action!.cls).toBe('system');
          expect(m.actions(at).find((e) => e.cls === 'system')).toBe(step.action);
          expect(ok[step.state]).toBe(false);
          at = step.state;
        }
        const visited = [last, ...cont.steps.map((s) => s.state)];
        if (cont.end === 'deadEnd') {
          expect(edges[at]!.some((e) => e.cls === 'system')).toBe(false);
          expect(new Set(visited).size).toBe(visited.length);
        } else {
          expect(visited[cont.cycleStart]).toBe(at);
          expect(new Set(visited.slice(0, -1)).size).toBe(visited.length - 1);
        }
      }),
      { numRuns: 300 },
    );
  });
});
