/**
 * The explored state graph as DOT (for `cloneset-check graph`). The CLI runs the explorer and hands over
 * plain nodes and edges; nothing here explores. Labels are plain text and short, because a graph of a
 * few hundred states is only legible if each node is small.
 */
import type { Scenario } from '../model/cloneset/scenario.js';
import { revName, type CloneSetState } from '../model/cloneset/state.js';
import { viewOf, type ScenarioView } from '../model/cloneset/view.js';
import { partitionText, pausedText } from './diff.js';
import type { Actor } from './document.js';
import { dotString, edgeAttrs, edgeStyleKeyOf, FONT, VIOLATION } from './dot-style.js';
import { podsSummary } from './notation.js';

export interface GraphNode {
  readonly id: number;
  readonly state: CloneSetState;
  readonly initial: boolean;
}

export interface GraphEdge {
  readonly from: number;
  readonly to: number;
  readonly label: string;
  readonly actor: Actor;
}

export interface StateGraphOptions {
  readonly scenario: Scenario;
  readonly title?: string;
  /** Node ids to draw in red (e.g. violating states). */
  readonly highlight?: ReadonlySet<number>;
  readonly rankdir?: 'TB' | 'LR';
}

export function compactStateLabel(v: ScenarioView, s: CloneSetState): string {
  const lines = [
    `replicas ${s.spec.replicas} · partition ${partitionText(v, s)} · template ${revName(s.spec.template)}${pausedText(v, s, ' · ')}`,
    podsSummary(s.pods),
    `current ${revName(s.status.currentRevision)} · update ${revName(s.status.updateRevision)}`,
  ];
  if (s.pending !== null)
    lines.push(`pending: current ${revName(s.pending.currentRevision)} · update ${revName(s.pending.updateRevision)}`);
  return lines.join('\n');
}

const byEdge = (a: GraphEdge, b: GraphEdge): number =>
  a.from - b.from || a.to - b.to || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);

export function stateGraphDot(nodes: readonly GraphNode[], edges: readonly GraphEdge[], opts: StateGraphOptions): string {
  const v = viewOf(opts.scenario);
  const title =
    opts.title ??
    `cloneset-check state graph · controller ${opts.scenario.controller} · ${nodes.length} states, ${edges.length} transitions`;
  const out = [
    'digraph states {',
    `  graph [rankdir=${opts.rankdir ?? 'TB'}, fontname="${FONT}", fontsize=14, labelloc=t, label=${dotString(title)}];`,
    `  node [shape=box, style="rounded,filled", fillcolor="white", fontname="${FONT}", fontsize=10];`,
    `  edge [fontname="${FONT}", fontsize=9, arrowsize=0.7];`,
  ];
  for (const n of [...nodes].sort((a, b) => a.id - b.id)) {
    const attrs = [`label=${dotString(`#${n.id}\n${compactStateLabel(v, n.state)}`)}`];
    if (n.initial) attrs.push('peripheries=2', 'fillcolor="#e8f0fe"');
    if (opts.highlight?.has(n.id) === true) attrs.push(`color="${VIOLATION}"`, 'penwidth=2.5', 'fillcolor="#fdecea"');
    out.push(`  n${n.id} [${attrs.join(', ')}];`);
  }
  for (const e of [...edges].sort(byEdge))
    out.push(`  n${e.from} -> n${e.to} ${edgeAttrs(edgeStyleKeyOf(e.actor, e.label), e.label, [], false)};`);
  out.push('}');
  return `${out.join('\n')}\n`;
}
