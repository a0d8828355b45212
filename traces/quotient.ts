/**
 * A quotient of the state graph: states grouped by a projection (by default: which revisions the status
 * names, how many pods sit at each revision, spec.replicas), edges merged per pair of groups and labelled
 * by action kind with counts. Thousands of states collapse into a picture of the rollout's phases.
 */
import type { Scenario } from '../model/cloneset/scenario.js';
import { revName, type CloneSetState } from '../model/cloneset/state.js';
import type { Actor } from './document.js';
import { dotString, EDGE_STYLES, edgeStyleKeyOf, FONT } from './dot-style.js';
import type { GraphEdge, GraphNode } from './state-graph.js';

/** Maps a state to its group's key; states with equal keys are one node. The key doubles as the label. */
export type Projection = (s: CloneSetState) => string;

function podsPerRevision(s: CloneSetState): string {
  const counts = new Map<number, number>();
  for (const p of s.pods) counts.set(p.rev, (counts.get(p.rev) ?? 0) + 1);
  return (
    [...counts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([r, n]) => `${revName(r)}×${n}`)
      .join(' ') || 'no pods'
  );
}

/**
 * Status revisions × pods per revision: the phases of a rollout. Coarse enough that the #1545 scenario
 * (~10^5 states) becomes a few dozen groups that Graphviz lays out in a second.
 */
export const revisionProjection: Projection = (s) =>
  `current ${revName(s.status.currentRevision)} · update ${revName(s.status.updateRevision)}\npods ${podsPerRevision(s)}`;

/** revisionProjection split further by spec.replicas: finer, and much slower to lay out at scale. */
export const defaultProjection: Projection = (s) => `${revisionProjection(s)} · replicas ${s.spec.replicas}`;

export interface QuotientNode {
  readonly id: number;
  readonly key: string;
  /** The graph's node ids in this group, ascending. */
  readonly members: readonly number[];
  readonly initial: boolean;
}

export interface KindCount {
  readonly kind: string;
  readonly count: number;
}

export interface QuotientEdge {
  readonly from: number;
  readonly to: number;
  /** By kind, most frequent first (ties by name). */
  readonly kinds: readonly KindCount[];
  readonly count: number;
  /** The single actor of all merged edges, or null when they differ. */
  readonly actor: Actor | null;
}

export interface QuotientGraph {
  readonly nodes: readonly QuotientNode[];
  readonly edges: readonly QuotientEdge[];
}

/** `scale(4)` → `scale`, `write-status` → `write-status`: the kind is the label up to its arguments. */
export const actionKindOfLabel = (label: string): string => label.replace(/\(.*$/s, '');

export function quotientGraph(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  projection: Projection = defaultProjection,
): QuotientGraph {
  const groupOf = new Map<number, number>();
  const groups: { key: string; members: number[]; initial: boolean }[] = [];
  const byKey = new Map<string, number>();
  for (const n of [...nodes].sort((a, b) => a.id - b.id)) {
    const key = projection(n.state);
    let g = byKey.get(key);
    if (g === undefined) {
      g = groups.length;
      byKey.set(key, g);
      groups.push({ key, members: [], initial: false });
    }
    const group = groups[g]!;
    group.members.push(n.id);
    group.initial ||= n.initial;
    groupOf.set(n.id, g);
  }
  const merged = new Map<string, { from: number; to: number; kinds: Map<string, number>; count: number; actors: Set<Actor> }>();
  for (const e of edges) {
    const from = groupOf.get(e.from);
    const to = groupOf.get(e.to);
    // Edges to states the caller did not list (e.g. cut off by a bound) have no group to land in.
    if (from === undefined || to === undefined) continue;
    const k = `${from}->${to}`;
    let m = merged.get(k);
    if (m === undefined) {
      m = { from, to, kinds: new Map(), count: 0, actors: new Set() };
      merged.set(k, m);
    }
    const kind = actionKindOfLabel(e.label);
    m.kinds.set(kind, (m.kinds.get(kind) ?? 0) + 1);
    m.count++;
    m.actors.add(e.actor);
  }
  const qEdges = [...merged.values()]
    .sort((a, b) => a.from - b.from || a.to - b.to)
    .map(
      (m): QuotientEdge => ({
        from: m.from,
        to: m.to,
        kinds: [...m.kinds.entries()]
          .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
          .map(([kind, count]) => ({ kind, count })),
        count: m.count,
        actor: m.actors.size === 1 ? [...m.actors][0]! : null,
      }),
    );
  return { nodes: groups.map((g, id) => ({ id, key: g.key, members: g.members, initial: g.initial })), edges: qEdges };
}

export interface QuotientDotOptions {
  readonly scenario: Scenario;
  readonly title?: string;
  /** Draw edges that stay within a group. Default true. */
  readonly selfLoops?: boolean;
}

export function quotientGraphDot(q: QuotientGraph, opts: QuotientDotOptions): string {
  const title = opts.title ?? `cloneset-check quotient graph · controller ${opts.scenario.controller} · ${q.nodes.length} groups`;
  const out = [
    'digraph quotient {',
    `  graph [rankdir=TB, fontname="${FONT}", fontsize=14, labelloc=t, label=${dotString(title)}];`,
    `  node [shape=box, style="rounded,filled", fillcolor="white", fontname="${FONT}", fontsize=10];`,
    `  edge [fontname="${FONT}", fontsize=9, arrowsize=0.7];`,
  ];
  for (const n of q.nodes) {
    const attrs = [`label=${dotString(`${n.key}\n(${n.members.length} state${n.members.length === 1 ? '' : 's'})`)}`];
    if (n.initial) attrs.push('peripheries=2', 'fillcolor="#e8f0fe"');
    out.push(`  q${n.id} [${attrs.join(', ')}];`);
  }
  for (const e of q.edges) {
    if (e.from === e.to && opts.selfLoops === false) continue;
    const label = e.kinds.map((k) => `${k.kind} ×${k.count}`).join('\n');
    const kind = e.kinds.length === 1 ? e.kinds[0]!.kind : '';
    const st = e.actor === null ? { color: '#555555', style: 'solid', penwidth: 1 } : EDGE_STYLES[edgeStyleKeyOf(e.actor, kind)];
    out.push(
      `  q${e.from} -> q${e.to} [label=${dotString(label)}, color="${st.color}", fontcolor="${st.color}", style=${st.style}, penwidth=${st.penwidth}];`,
    );
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
