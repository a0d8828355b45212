/** Terminal rendering: one line per step, only what changed, the violation last; colour only on request. */
import { describe, expect, it } from 'vitest';
import { renderText } from '../../traces/text.js';
import { continuationDoc, issue1545Doc } from './fixtures.js';

describe('renderText', () => {
  const doc = issue1545Doc();
  const lines = renderText(doc).trimEnd().split('\n');

  it('has a title, one line per step and a final violation line', () => {
    expect(lines).toHaveLength(1 + doc.steps.length + 1);
    expect(lines[0]).toBe('cloneset-check trace · controller pre-fix · property promotion-sound (step)');
    expect(lines[lines.length - 1]).toBe(`✗ promotion-sound violated at step ${doc.steps.length - 1}: ${doc.property!.message}`);
  });

  it('shows index, actor, label and only the changed fields', () => {
    expect(lines[2]).toMatch(/^ 1 {2}user {8}rollout\(v2\) +spec\.template v1→v2$/);
    const write = lines.find((l) => / write-status /.test(l) && l.includes('status.updateRevision'));
    expect(write).toContain('status.updateRevision v1→v2');
    expect(write).not.toContain('spec.');
    // Budget counters move with every user action; they are noise unless asked for.
    expect(lines.join('\n')).not.toContain('budgets.');
    expect(renderText(doc, { showBudgets: true })).toContain('budgets.rollouts 1→0');
  });

  it('shows pod changes with the glyph notation', () => {
    const reconcile = lines[3];
    expect(reconcile).toContain('reconcile');
    expect(reconcile).toContain('pods v1 ●● → v1 ●●✕');
  });

  it('uses ANSI colour only when asked', () => {
    expect(renderText(doc)).not.toContain('\x1b[');
    const coloured = renderText(doc, { color: true });
    expect(coloured).toContain('\x1b[1;34m');
    expect(coloured).toContain('\x1b[1;31m✗ promotion-sound');
  });

  it('prints a continuation after the violation and says how it ends', () => {
    const c = continuationDoc();
    const out = renderText(c).trimEnd().split('\n');
    const sep = out.indexOf('── continuation: system steps only ──');
    expect(sep).toBe(1 + c.steps.length + 1);
    expect(out.length).toBe(sep + 1 + c.continuation!.steps.length + 1);
    expect(out[out.length - 1]).toMatch(/^■ dead end after step \d+: no system action is enabled$/);
  });

  it('appends the legend on request', () => {
    expect(renderText(doc, { legend: true })).toContain('●✕   pod marked for deletion');
  });
});
