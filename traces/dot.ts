/**
 * A trace as a Graphviz diagram with HTML-like labels: states top to bottom, each a small table of spec,
 * pods and status with what the incoming step changed highlighted, edges styled by who acted, and the
 * violating state in red with the property's message. Meant to be read by someone who has never seen the
 * model. This is the dialect written to `.dot` files; `dot-plain.ts` draws the same view for Graphviz
 * builds without HTML-like label support.
 */
import { revName, type Pod } from '../model/cloneset/state.js';
import { hasAvailabilityWindow } from '../model/cloneset/scenario.js';
import type { TraceDocument } from './document.js';
import {
  EDGE_STYLES,
  edgeAttrs,
  escapeHtml,
  FONT,
  HIGHLIGHT,
  MUTED,
  revColour,
  VIOLATION,
  VIOLATION_BG,
  wrap,
  type EdgeStyleKey,
} from './dot-style.js';
import { groupByRevision, legendEntries, MARKED_SUFFIX, NO_PODS, podGlyph } from './notation.js';
import { traceView, type Cell, type EdgeView, type NodeView, type Part, type Row } from './trace-view.js';

export interface DotOptions {
  /** Draw the legend above the first state. Default true. */
  readonly legend?: boolean;
}

const MESSAGE_WIDTH = 60;
const GLYPH_SIZE = 16;
const BR = '<BR ALIGN="LEFT"/>';

const key = (name: string): string => `<FONT COLOR="${MUTED}">${escapeHtml(name)}</FONT>`;
const rev = (r: number): string => `<FONT COLOR="${revColour(r)}"><B>${revName(r)}</B></FONT>`;

/** Pods grouped by revision, glyphs enlarged (they carry the information), marked pods in red. */
function podsHtml(pods: readonly Pod[]): string {
  const groups = groupByRevision(pods);
  if (groups.length === 0) return escapeHtml(NO_PODS);
  return groups
    .map((g) => {
      const glyphs = g.pods
        .map((p) => (p.marked ? `<FONT COLOR="${VIOLATION}">${escapeHtml(podGlyph(p))}</FONT>` : escapeHtml(podGlyph(p))))
        .join('');
      return `${rev(g.rev)} <FONT POINT-SIZE="${GLYPH_SIZE}">${glyphs}</FONT>`;
    })
    .join('   ');
}

function partHtml(p: Part): string {
  if (p.kind === 'text') return escapeHtml(p.text);
  if (p.kind === 'rev') return rev(p.rev);
  return podsHtml(p.pods);
}

function cellHtml(c: Cell): string {
  const body = `${c.key === null ? '' : `${key(c.key)} `}${c.value.map(partHtml).join('')}`;
  return c.changed ? `<TD BGCOLOR="${HIGHLIGHT}"><B>${body}</B></TD>` : `<TD>${body}</TD>`;
}

/** A labelled row of cells (a nested table, so rows need not share column widths). */
function rowHtml(r: Row): string {
  const bg = r.kind === 'pending' || r.kind === 'written' ? ' BGCOLOR="#f1f1f1"' : '';
  const label =
    r.kind === 'pending'
      ? `${key('pending')}<BR/><FONT POINT-SIZE="9" COLOR="${MUTED}">(unwritten)</FONT>`
      : key(r.kind === 'written' ? 'pending' : r.kind);
  const inner = `<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3"><TR>${r.cells.map(cellHtml).join('')}</TR></TABLE>`;
  return `<TR><TD ALIGN="RIGHT"${bg}>${label}</TD><TD ALIGN="LEFT"${bg}>${inner}</TD></TR>`;
}

function noteHtml(n: NodeView['notes'][number]): string {
  if (n.kind === 'deadEnd')
    return `<TR><TD COLSPAN="2" ALIGN="LEFT" BGCOLOR="#eeeeee"><B>■ dead end</B>: no system action is enabled</TD></TR>`;
  const p = n.property;
  const message = wrap(p.message, MESSAGE_WIDTH).map(escapeHtml).join(BR);
  return `<TR><TD COLSPAN="2" ALIGN="LEFT" BGCOLOR="${VIOLATION_BG}"><FONT COLOR="${VIOLATION}"><B>✗ ${escapeHtml(p.name)}</B> ${escapeHtml(`(${p.kind})`)}${BR}${message}${BR}</FONT></TD></TR>`;
}

function nodeDot(n: NodeView): string {
  const headerBg = n.violation ? VIOLATION_BG : n.continuation ? '#e3e9f3' : '#eeeeee';
  const caption = n.continuation ? `continuation, after ${n.caption}` : n.index === 0 ? n.caption : `after ${n.caption}`;
  const header = `<TR><TD COLSPAN="2" ALIGN="LEFT" BGCOLOR="${headerBg}"><B>step ${n.index}</B> ${key(caption)}</TD></TR>`;
  const border = n.violation ? `BORDER="3" COLOR="${VIOLATION}"` : 'BORDER="1" COLOR="#9e9e9e"';
  const rows = [header, ...n.rows.map(rowHtml), ...n.notes.map(noteHtml)];
  return `  ${n.id} [label=<<TABLE ${border} CELLBORDER="0" CELLSPACING="0" CELLPADDING="4" BGCOLOR="white">${rows.join('')}</TABLE>>];`;
}

function edgeDot(e: EdgeView): string {
  if (e.backTo !== null) {
    return `  ${e.from} -> ${e.to} ${edgeAttrs(e.style, ` ${e.label}  ↺ back to step ${e.backTo} `, ['constraint=false', 'penwidth=2.5'])};`;
  }
  if (e.violating)
    return `  ${e.from} -> ${e.to} [label=<<B> ${escapeHtml(e.label)}  ✗ </B>>, color="${VIOLATION}", fontcolor="${VIOLATION}", penwidth=3];`;
  return `  ${e.from} -> ${e.to} ${edgeAttrs(e.style, ` ${e.label} `)};`;
}

function legendDot(hooks: boolean, window: boolean): string {
  const entry = (sym: string, text: string): string => `<TR><TD ALIGN="CENTER">${sym}</TD><TD ALIGN="LEFT">${escapeHtml(text)}</TD></TR>`;
  // The marked-pod entry is drawn below in red, as the pods themselves are.
  const pods = legendEntries(hooks, window)
    .filter((e) => !e.symbol.includes(MARKED_SUFFIX))
    .map((e) => entry(`<FONT POINT-SIZE="${GLYPH_SIZE}">${escapeHtml(e.symbol)}</FONT>`, e.meaning));
  const edges = (Object.keys(EDGE_STYLES) as EdgeStyleKey[]).map((k) => {
    const st = EDGE_STYLES[k];
    const stroke = st.style === 'dashed' ? '╌╌╌' : st.style === 'dotted' ? '┈┈┈' : st.style === 'bold' ? '━━━' : '───';
    return entry(`<FONT COLOR="${st.color}">${stroke}▶</FONT>`, st.legend);
  });
  const marks = [
    entry(`<FONT COLOR="${VIOLATION}" POINT-SIZE="${GLYPH_SIZE}">●${MARKED_SUFFIX}</FONT>`, 'pod marked for deletion (specified-delete)'),
    entry(
      `<TABLE BORDER="0" CELLPADDING="1"><TR><TD BGCOLOR="${HIGHLIGHT}"><B>x</B></TD></TR></TABLE>`,
      'changed by the step into this state',
    ),
    entry(key('pending'), 'status computed by a reconcile, not yet written'),
    entry(`<FONT COLOR="${VIOLATION}"><B>✗</B></FONT>`, 'property violated here (red border)'),
  ];
  const rows = [`<TR><TD COLSPAN="2" ALIGN="LEFT"><B>legend</B></TD></TR>`, ...pods, ...edges, ...marks];
  return `  legend [label=<<TABLE BORDER="1" COLOR="#bdbdbd" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" BGCOLOR="#fafafa">${rows.join('')}</TABLE>>];`;
}

export function renderDot(doc: TraceDocument, opts: DotOptions = {}): string {
  const view = traceView(doc);
  const prop = view.property;
  const title = [
    `<B>cloneset-check</B> · controller <B>${escapeHtml(view.controller)}</B>`,
    prop === null
      ? 'no property violated'
      : `property <FONT COLOR="${VIOLATION}"><B>${escapeHtml(prop.name)}</B></FONT> ${escapeHtml(`(${prop.kind})`)}`,
  ].join(' · ');
  return [
    'digraph trace {',
    `  graph [rankdir=TB, fontname="${FONT}", fontsize=16, labelloc=t, nodesep=0.5, ranksep=0.45, label=<${title}<BR/><FONT POINT-SIZE="12">${escapeHtml(view.scenarioLine)}</FONT><BR/> >];`,
    `  node [shape=plain, fontname="${FONT}", fontsize=12];`,
    `  edge [fontname="${FONT}", fontsize=11, arrowsize=0.8];`,
    // Above the first state rather than beside it, where its height would stretch the first edge.
    ...((opts.legend ?? true)
      ? [
          legendDot(doc.scenario.lifecycleHooks !== undefined, hasAvailabilityWindow(doc.scenario)),
          `  legend -> ${view.nodes[0]?.id ?? 's0'} [style=invis];`,
        ]
      : []),
    ...view.nodes.map(nodeDot),
    ...view.edges.map(edgeDot),
    '}',
    '',
  ].join('\n');
}
