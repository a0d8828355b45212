/**
 * The visual vocabulary shared by the trace diagram and the state-graph views: escaping for DOT strings
 * and HTML-like labels, actor edge styles and revision colours. One place, so a blue solid edge means
 * "user" in every picture the tool draws.
 */
import { actorOf, type Action } from '../model/cloneset/actions.js';
import type { Actor } from './document.js';

/** Text inside an HTML-like label (Graphviz parses these as XML). */
export function escapeHtml(s: string): string {
  return (
    s
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;')
      .replaceAll("'", '&#39;')
      // XML forbids most control characters outright; one stray byte must not break the whole diagram.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching exactly those characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ' ')
      .replaceAll('\n', '<BR ALIGN="LEFT"/>')
  );
}

/** A double-quoted DOT string (ID or plain label). */
export function dotString(s: string): string {
  return `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replace(/\r?\n/g, '\\n')}"`;
}

export const FONT = 'Helvetica';
export const HIGHLIGHT = '#ffe27a';
export const VIOLATION = '#c62828';
export const VIOLATION_BG = '#fdecea';
export const MUTED = '#6b6b6b';

/** Four kinds of edge: the two controller steps look different because a status write changes no pods. */
export type EdgeStyleKey = 'user' | 'kubelet' | 'reconcile' | 'writeStatus';

export function edgeStyleKey(a: Action): EdgeStyleKey {
  // By the actor table, which names every kind (a hook's owner is drawn as the kubelet, another system
  // actor); of the controller's steps only a reconcile changes pods: status writes and cache syncs are quiet.
  const actor = actorOf(a);
  return actor === 'user' ? 'user' : actor !== 'controller' ? 'kubelet' : a.kind === 'reconcile' ? 'reconcile' : 'writeStatus';
}

/** For edges known only by label and actor (the state graph). */
export function edgeStyleKeyOf(actor: Actor, label: string): EdgeStyleKey {
  if (actor === 'controller') {
    const quiet = ['write-status', 'writeStatus', 'cache-sync', 'pod-cache-sync', 'expectations-expire'];
    return quiet.some((p) => label.startsWith(p)) ? 'writeStatus' : 'reconcile';
  }
  // The hook owner's steps are drawn as the kubelet's (other system steps); their labels say which.
  return actor === 'hook' ? 'kubelet' : actor;
}

export interface EdgeStyle {
  readonly color: string;
  readonly style: 'solid' | 'bold' | 'dashed' | 'dotted';
  readonly penwidth: number;
  readonly legend: string;
}

export const EDGE_STYLES: Readonly<Record<EdgeStyleKey, EdgeStyle>> = {
  user: { color: '#1f5fbf', style: 'bold', penwidth: 2.2, legend: 'user (rollout, delete, scale, partition)' },
  reconcile: { color: '#000000', style: 'solid', penwidth: 1.2, legend: 'controller reconcile' },
  writeStatus: { color: '#8a8a8a', style: 'dashed', penwidth: 1.2, legend: 'controller status write' },
  kubelet: { color: '#2e7d32', style: 'dotted', penwidth: 1.8, legend: 'kubelet, hooks, time (pod ready, deadline passes)' },
};

/** `htmlLabel`: bold user labels through an HTML label (Graphviz has no width metrics for Helvetica-Bold). */
export function edgeAttrs(key: EdgeStyleKey, label: string, extra: readonly string[] = [], htmlLabel = true): string {
  const st = EDGE_STYLES[key];
  const text = key === 'user' && htmlLabel ? `<<B>${escapeHtml(label)}</B>>` : dotString(label);
  return `[${[`label=${text}`, `color="${st.color}"`, `fontcolor="${st.color}"`, `style=${st.style}`, `penwidth=${st.penwidth}`, ...extra].join(', ')}]`;
}

const REV_COLOURS: readonly string[] = ['#3b6ea8', '#d9731a', '#7b4fa0', '#2e7d32', '#a83b6e', '#5b6b00'];

export const revColour = (r: number): string => REV_COLOURS[r % REV_COLOURS.length]!;

/** Words of `text` in lines of at most `width` characters (a word longer than that gets a line of its own). */
export function wrap(text: string, width: number): readonly string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
