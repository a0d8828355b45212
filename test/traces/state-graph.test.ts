/** State-graph DOT and its quotient, fed nodes and edges built by hand (the explorer stays out of traces/). */
import { describe, expect, it } from 'vitest';
import { actionLabel, actorOf, applyAction, enabledActions } from '../../model/cloneset/actions.js';
import { initialState } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO } from '../../model/cloneset/scenario.js';
import { sameState, type CloneSetState } from '../../model/cloneset/state.js';
import { viewOf } from '../../model/cloneset/view.js';
import { defaultProjection, quotientGraph, quotientGraphDot } from '../../traces/quotient.js';
import { stateGraphDot, type GraphEdge, type GraphNode } from '../../traces/state-graph.js';
import { renderSvg } from '../../traces/svg.js';
import { svgText } from './fixtures.js';

/** A small breadth-first slice of the default scenario's graph: up to `limit` states. */
function smallGraph(limit: number): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const v = viewOf(DEFAULT_SCENARIO);
  const states: CloneSetState[] = [initialState(v)];
  const edges: GraphEdge[] = [];
  for (let i = 0; i < states.length; i++) {
    const s = states[i]!;
    for (const a of enabledActions(v, s)) {
      const t = applyAction(v, s, a);
      let j = states.findIndex((x) => sameState(x, t));
      if (j < 0) {
        if (states.length >= limit) continue;
        j = states.push(t) - 1;
      }
      edges.push({ from: i, to: j, label: actionLabel(a), actor: actorOf(a) });
    }
  }
  return { nodes: states.map((state, id) => ({ id, state, initial: id === 0 })), edges };
}

describe('stateGraphDot', () => {
  const { nodes, edges } = smallGraph(30);

  it('draws every node and edge, the initial state doubled, in a fixed order', () => {
    const dot = stateGraphDot(nodes, edges, { scenario: DEFAULT_SCENARIO });
    expect(dot.match(/^ {2}n\d+ \[label=/gm)).toHaveLength(nodes.length);
    expect(dot.match(/^ {2}n\d+ -> n\d+ /gm)).toHaveLength(edges.length);
    expect(dot).toMatch(/^ {2}n0 \[label="#0\\nreplicas 2 · partition 50% · template v1\\nv1 ●●\\ncurrent v1 · update v1", peripheries=2/m);
    expect(stateGraphDot([...nodes].reverse(), [...edges].reverse(), { scenario: DEFAULT_SCENARIO })).toBe(dot);
  });

  it('highlights requested states and styles edges by actor', () => {
    const dot = stateGraphDot(nodes, edges, { scenario: DEFAULT_SCENARIO, highlight: new Set([3]) });
    expect(dot).toMatch(/^ {2}n3 \[.*color="#c62828", penwidth=2\.5/m);
    expect(dot).toMatch(/n0 -> n\d+ \[label="rollout\(v2\)", color="#1f5fbf"/);
  });

  it('renders with the bundled engine (plain labels only)', async () => {
    const svg = svgText(await renderSvg(stateGraphDot(nodes, edges, { scenario: DEFAULT_SCENARIO, title: 'small graph' })));
    expect(svg).toContain('small graph');
    expect(svg).toContain('#0');
  });
});

describe('quotientGraph', () => {
  const { nodes, edges } = smallGraph(60);
  const q = quotientGraph(nodes, edges);

  it('partitions the states by the projection', () => {
    expect(q.nodes.flatMap((n) => n.members).sort((a, b) => a - b)).toEqual(nodes.map((n) => n.id));
    for (const group of q.nodes) {
      const keys = new Set(group.members.map((id) => defaultProjection(nodes[id]!.state)));
      expect([...keys]).toEqual([group.key]);
    }
    expect(q.nodes.filter((n) => n.initial)).toHaveLength(1);
    expect(q.nodes.length).toBeLessThan(nodes.length);
  });

  it('merges edges per pair of groups with counts by action kind', () => {
    expect(q.edges.reduce((n, e) => n + e.count, 0)).toBe(edges.length);
    for (const e of q.edges) expect(e.kinds.reduce((n, k) => n + k.count, 0)).toBe(e.count);
    const kinds = new Set(q.edges.flatMap((e) => e.kinds.map((k) => k.kind)));
    expect(kinds).toContain('scale');
    expect(kinds).toContain('reconcile');
    const dot = quotientGraphDot(q, { scenario: DEFAULT_SCENARIO });
    expect(dot).toMatch(/label="current v1 · update v1\\npods v1×2 · replicas 2\\n\(\d+ states?\)", peripheries=2/);
    expect(dot).toMatch(/label="[^"]*scale ×\d+/);
    const noLoops = quotientGraphDot(q, { scenario: DEFAULT_SCENARIO, selfLoops: false });
    expect(noLoops.match(/q(\d+) -> q\1 /g)).toBeNull();
  });

  it('accepts a custom projection', () => {
    const byReplicas = quotientGraph(nodes, edges, (s) => `replicas ${s.spec.replicas}`);
    expect(new Set(byReplicas.nodes.map((n) => n.key)).size).toBe(byReplicas.nodes.length);
    expect(byReplicas.nodes.every((n) => /^replicas \d$/.test(n.key))).toBe(true);
  });
});
