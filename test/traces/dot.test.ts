/** The trace diagram: one node per state, changed fields highlighted, the violation marked, text escaped. */
import { describe, expect, it } from 'vitest';
import { renderDot } from '../../traces/dot.js';
import { HIGHLIGHT, VIOLATION } from '../../traces/dot-style.js';
import type { TraceDocument } from '../../traces/document.js';
import { continuationDoc, issue1545Doc } from './fixtures.js';

/** The DOT statement of node `id` (one line each). */
const nodeLine = (dot: string, id: string): string => dot.split('\n').find((l) => l.startsWith(`  ${id} [`)) ?? '';

describe('renderDot (HTML-like labels)', () => {
  const doc = issue1545Doc();
  const dot = renderDot(doc);

  it('draws one node per state, top to bottom, with a title and a legend', () => {
    expect(dot.match(/^ {2}s\d+ \[label=</gm)).toHaveLength(doc.steps.length);
    expect(dot).toContain('rankdir=TB');
    expect(dot).toContain('controller <B>pre-fix</B>');
    expect(dot).toMatch(/^ {2}legend \[label=</m);
    expect(dot.match(/^ {2}s\d+ -> s\d+ /gm)).toHaveLength(doc.steps.length - 1);
  });

  it('highlights exactly the cells the step changed', () => {
    const afterRollout = nodeLine(dot, 's1');
    expect(afterRollout).toContain(`<TD BGCOLOR="${HIGHLIGHT}"><B><FONT COLOR="#6b6b6b">template</FONT>`);
    expect(afterRollout).not.toContain(`<TD BGCOLOR="${HIGHLIGHT}"><B><FONT COLOR="#6b6b6b">replicas</FONT>`);
    expect(nodeLine(dot, 's0')).not.toContain(HIGHLIGHT);
    // The status write moves update v1→v2 in the status row.
    expect(nodeLine(dot, 's3')).toContain(`<TD BGCOLOR="${HIGHLIGHT}"><B><FONT COLOR="#6b6b6b">update</FONT>`);
  });

  it('marks only the violating state, with the property and its message, and the violating edge', () => {
    const last = `s${doc.steps.length - 1}`;
    expect(nodeLine(dot, last)).toContain(`BORDER="3" COLOR="${VIOLATION}"`);
    expect(nodeLine(dot, last)).toContain('✗ promotion-sound');
    expect(nodeLine(dot, last)).toContain('promoted currentRevision v1 → v2');
    expect(dot.match(/BORDER="3"/g)).toHaveLength(1);
    expect(dot).toMatch(new RegExp(`s${doc.steps.length - 2} -> ${last} \\[label=<<B> reconcile {2}✗ </B>>, color="${VIOLATION}"`));
  });

  it('styles edges by actor', () => {
    expect(dot).toMatch(/s0 -> s1 \[label=<<B> rollout\(v2\) <\/B>>, color="#1f5fbf", fontcolor="#1f5fbf", style=bold/);
    expect(dot).toMatch(/s2 -> s3 \[label=" write-status ", color="#8a8a8a", fontcolor="#8a8a8a", style=dashed/);
    expect(dot).toMatch(/-> s\d+ \[label=" ready\(v2 not-ready\) ", color="#2e7d32", fontcolor="#2e7d32", style=dotted/);
  });

  it('escapes text for HTML-like labels', () => {
    const nasty: TraceDocument = { ...doc, property: { name: 'a<b>&"c"', kind: 'step', message: 'x < y && y > "z"\nnext' } };
    const out = renderDot(nasty);
    expect(out).toContain('a&lt;b&gt;&amp;&quot;c&quot;');
    expect(out).toContain('x &lt; y &amp;&amp; y &gt; &quot;z&quot;');
    expect(out).not.toContain('a<b>');
  });

  it('draws a continuation after the trace and a cycle as a back edge', () => {
    const c = continuationDoc();
    const cdot = renderDot(c);
    const all = c.steps.length + c.continuation!.steps.length;
    expect(cdot.match(/^ {2}s\d+ \[label=</gm)).toHaveLength(all);
    expect(cdot).toContain('■ dead end');

    const cycleTo = c.steps.length;
    const cyc: TraceDocument = { ...c, continuation: { steps: c.continuation!.steps, cycleTo } };
    const ydot = renderDot(cyc);
    // The last continuation step returns to an existing state: no node of its own, a back edge instead.
    expect(ydot.match(/^ {2}s\d+ \[label=</gm)).toHaveLength(all - 1);
    expect(ydot).toMatch(new RegExp(`-> s${cycleTo} \\[label=.*↺ back to step ${cycleTo}.*constraint=false`));
  });
});
