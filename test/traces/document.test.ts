/** The JSON trace document: derived fields, continuation numbering, and byte-stable round trips. */
import { describe, expect, it } from 'vitest';
import type { Violation } from '../../checker/index.js';
import type { Action } from '../../model/cloneset/actions.js';
import { DEFAULT_SCENARIO } from '../../model/cloneset/scenario.js';
import type { CloneSetState } from '../../model/cloneset/state.js';
import { fromViolation, serializeTraceDocument, toTraceDocument } from '../../traces/document.js';
import { parseTraceDocument } from '../../traces/parse.js';
import { podsSummary } from '../../traces/notation.js';
import { continuationDoc, issue1545Doc, issue1545Trace } from './fixtures.js';

describe('trace document', () => {
  it('records label, actor and a summary for every step', () => {
    const doc = issue1545Doc();
    expect(doc.format).toBe('cloneset-check-trace');
    expect(doc.version).toBe(1);
    expect(doc.controller).toBe('pre-fix');
    expect(doc.steps[0]).toMatchObject({ index: 0, action: null, actor: null, label: 'initial state' });
    expect(doc.steps[0]!.summary).toEqual({
      specReplicas: 2,
      pods: 'v1 ●●',
      updated: 2,
      expectedUpdated: 1,
      currentRevision: 'v1',
      updateRevision: 'v1',
    });
    expect(doc.steps[1]).toMatchObject({ index: 1, label: 'rollout(v2)', actor: 'user' });
    expect(doc.steps.map((s) => s.actor)).toContain('kubelet');
    expect(doc.steps.every((s, i) => s.index === i)).toBe(true);
  });

  it('writes pods as glyphs per revision, marked pods with ✕', () => {
    expect(podsSummary([])).toBe('∅');
    expect(
      podsSummary([
        { rev: 1, lifecycle: 'Normal', ready: false, marked: false },
        { rev: 0, lifecycle: 'Normal', ready: true, marked: true },
        { rev: 1, lifecycle: 'Normal', ready: true, marked: false },
        { rev: 0, lifecycle: 'Normal', ready: true, marked: false },
        { rev: 1, lifecycle: 'Updating', ready: false, marked: false },
      ]),
    ).toBe('v1 ●●✕ v2 ●○◇');
  });

  it('round-trips through JSON to an equal document, byte for byte', () => {
    for (const doc of [issue1545Doc(), continuationDoc()]) {
      const text = serializeTraceDocument(doc);
      const parsed = parseTraceDocument(text);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.doc).toEqual(doc);
      expect(serializeTraceDocument(parsed.doc)).toBe(text);
    }
  });

  it('serialises with fixed key order, 2-space indent and a trailing newline, whatever order the input had', () => {
    const doc = issue1545Doc();
    const text = serializeTraceDocument(doc);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.startsWith('{\n  "format": "cloneset-check-trace",\n  "version": 1,\n  "scenario": {\n    "controller": "pre-fix"')).toBe(
      true,
    );
    // The same scenario with its keys in another order, and pods in another order, serialise identically.
    const t = issue1545Trace('pre-fix');
    const shuffled = Object.fromEntries(Object.entries(t.scenario).reverse()) as typeof t.scenario;
    const steps = t.violation!.steps.map((s) => ({ action: s.action, state: { ...s.state, pods: [...s.state.pods].reverse() } }));
    const again = toTraceDocument({ scenario: shuffled, steps, property: t.violation!.property });
    expect(serializeTraceDocument(again)).toBe(text);
  });

  it('numbers continuation steps after the trace and converts the checker cycle position to a step index', () => {
    const t = issue1545Trace('upstream');
    const steps = t.steps.slice(0, 5);
    const cont = t.steps.slice(5, 8);
    const doc = fromViolation(DEFAULT_SCENARIO, {
      property: 'converges',
      kind: 'convergence',
      message: 'loops',
      trace: steps,
      continuation: { end: 'cycle', steps: cont, cycleStart: 1 },
    } satisfies Violation<CloneSetState, Action>);
    expect(doc.continuation?.steps.map((s) => s.index)).toEqual([5, 6, 7]);
    // Position 0 is the stuck state (step 4), position 1 the state after the first continuation step.
    expect(doc.continuation?.cycleTo).toBe(5);
    expect(doc.property).toEqual({ name: 'converges', kind: 'convergence', message: 'loops' });
  });
});
