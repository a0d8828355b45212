/**
 * The trace diagram in plain-label DOT, for Graphviz builds that cannot parse HTML-like labels (the WASM
 * build inside graphviz-cli is one: aduh95/viz.js#29). Without per-cell colours a changed field shows its
 * old value instead (`replicas 2→4`), which reads well in a diagram too; the violating state keeps its
 * red border, tint and message.
 */
import type { TraceDocument } from './document.js';
import { dotString, EDGE_STYLES, edgeAttrs, FONT, VIOLATION, VIOLATION_BG, wrap, type EdgeStyleKey } from './dot-style.js';
import { MESSAGE_WIDTH } from './dot.js';
import { POD_LEGEND } from './notation.js';
import { traceView, valueText, type Cell, type EdgeView, type NodeView } from './trace-view.js';

/**
 * Graphviz estimates every non-ASCII character as wide as a space, but glyphs such as ● and → are about
 * twice that: one trailing space per such character keeps the box from clipping its longest line.
 */
function padded(line: string): string {
  let extra = 0;
  for (const ch of line) if (ch.codePointAt(0)! > 0x7e) extra++;
  return line + ' '.repeat(extra);
}

/** A left-justified multi-line label: every line ends in `\l`. */
function leftLines(lines: readonly string[]): string {
  const body = lines.map((l) => dotString(padded(l)).slice(1, -1)).join('\\l');
  return `"${body}\\l"`;
}

function cellText(c: Cell): string {
  const now = valueText(c.value);
  const value = c.was === null ? now : c.was.includes(' ') || now.includes(' ') ? `${now} (was ${c.was})` : `${c.was}→${now}`;
  return c.key === null ? value : `${c.key} ${value}`;
}

function nodeDot(n: NodeView): string {
  const caption = n.continuation ? `continuation, after ${n.caption}` : n.index === 0 ? n.caption : `after ${n.caption}`;
  const lines = [`step ${n.index} · ${caption}`];
  for (const r of n.rows) {
    const label = r.kind === 'pending' ? `pending (unwritten${r.appeared ? ', new' : ''})` : r.kind === 'written' ? 'pending' : r.kind;
    lines.push(`${label}: ${r.cells.map(cellText).join(' · ')}`);
  }
  for (const note of n.notes) {
    if (note.kind === 'deadEnd') lines.push('■ dead end: no system action is enabled');
    else lines.push(`✗ ${note.property.name} (${note.property.kind})`, ...wrap(note.property.message, MESSAGE_WIDTH).map((l) => `   ${l}`));
  }
  const attrs = [`label=${leftLines(lines)}`];
  if (n.violation) attrs.push(`color="${VIOLATION}"`, 'penwidth=3', `fillcolor="${VIOLATION_BG}"`);
  else if (n.continuation) attrs.push('fillcolor="#e3e9f3"');
  return `  ${n.id} [${attrs.join(', ')}];`;
}

function edgeDot(e: EdgeView): string {
  if (e.backTo !== null) return `  ${e.from} -> ${e.to} ${edgeAttrs(e.style, ` ${e.label}  ↺ back to step ${e.backTo} `, ['constraint=false', 'penwidth=2.5'], false)};`;
  if (e.violating) return `  ${e.from} -> ${e.to} [label=${dotString(` ${e.label}  ✗ `)}, color="${VIOLATION}", fontcolor="${VIOLATION}", penwidth=3];`;
  return `  ${e.from} -> ${e.to} ${edgeAttrs(e.style, ` ${e.label} `, [], false)};`;
}

function legendDot(): string {
  const lines = [
    'legend',
    ...POD_LEGEND.map((e) => `${e.symbol}  ${e.meaning}`),
    ...(Object.keys(EDGE_STYLES) as EdgeStyleKey[]).map((k) => `${EDGE_STYLES[k].style} ${k === 'reconcile' ? 'black' : k === 'user' ? 'blue' : k === 'kubelet' ? 'green' : 'grey'} edge: ${EDGE_STYLES[k].legend}`),
    'a→b  field changed by the step into this state',
    '✗  property violated here (red border)',
  ];
  return `  legend [label=${leftLines(lines)}, fillcolor="#fafafa", color="#bdbdbd"];`;
}

export function renderPlainDot(doc: TraceDocument, opts: { readonly legend?: boolean } = {}): string {
  const view = traceView(doc);
  const prop = view.property;
  const title = `cloneset-check · controller ${view.controller} · ${prop === null ? 'no property violated' : `property ${prop.name} (${prop.kind})`}\n${view.scenarioLine}`;
  return [
    'digraph trace {',
    `  graph [rankdir=TB, fontname="${FONT}", fontsize=15, labelloc=t, nodesep=0.5, ranksep=0.45, label=${dotString(title)}];`,
    `  node [shape=box, style="filled", fillcolor="white", color="#9e9e9e", fontname="${FONT}", fontsize=12, margin="0.15,0.08"];`,
    `  edge [fontname="${FONT}", fontsize=11, arrowsize=0.8];`,
    // Above the first state rather than beside it, where its height would stretch the first edge.
    ...(opts.legend ?? true ? [legendDot(), `  legend -> ${view.nodes[0]?.id ?? 's0'} [style=invis];`] : []),
    ...view.nodes.map(nodeDot),
    ...view.edges.map(edgeDot),
    '}',
    '',
  ].join('\n');
}
