/** Strict parsing: every corruption is reported once, with the JSON path of the first bad field. */
import { describe, expect, it } from 'vitest';
import { serializeTraceDocument } from '../../traces/document.js';
import { parseTraceDocument, type ParseErrorCode } from '../../traces/parse.js';
import { continuationDoc, issue1545Doc, mutable } from './fixtures.js';

type Doc = Record<string, any>;

const cases: readonly (readonly [string, (d: Doc) => void, ParseErrorCode, string])[] = [
  [
    'wrong format tag',
    (d) => {
      d.format = 'something-else';
    },
    'not-a-trace',
    '$.format',
  ],
  [
    'newer version',
    (d) => {
      d.version = 2;
    },
    'unsupported-version',
    '$.version',
  ],
  [
    'unknown top-level field',
    (d) => {
      d.comment = 'hi';
    },
    'unknown-field',
    '$.comment',
  ],
  [
    'missing steps',
    (d) => {
      delete d.steps;
    },
    'missing-field',
    '$.steps',
  ],
  [
    'controller disagrees with scenario',
    (d) => {
      d.controller = 'upstream';
    },
    'inconsistent',
    '$.controller',
  ],
  [
    'unknown controller in scenario',
    (d) => {
      d.scenario.controller = 'v2';
    },
    'out-of-range',
    '$.scenario.controller',
  ],
  [
    'string replicas',
    (d) => {
      d.steps[3].state.spec.replicas = '2';
    },
    'wrong-type',
    '$.steps[3].state.spec.replicas',
  ],
  [
    'negative count',
    (d) => {
      d.steps[2].state.status.readyReplicas = -1;
    },
    'out-of-range',
    '$.steps[2].state.status.readyReplicas',
  ],
  [
    'revision beyond the scenario templates',
    (d) => {
      d.steps[4].state.pods[0].rev = 7;
    },
    'out-of-range',
    '$.steps[4].state.pods[0].rev',
  ],
  [
    'bad lifecycle',
    (d) => {
      d.steps[1].state.pods[1].lifecycle = 'Running';
    },
    'out-of-range',
    '$.steps[1].state.pods[1].lifecycle',
  ],
  [
    'step out of order',
    (d) => {
      d.steps[5].index = 9;
    },
    'inconsistent',
    '$.steps[5].index',
  ],
  [
    'initial step with an action',
    (d) => {
      d.steps[0].action = { kind: 'reconcile' };
    },
    'inconsistent',
    '$.steps[0].action',
  ],
  [
    'later step without action',
    (d) => {
      d.steps[2].action = null;
    },
    'inconsistent',
    '$.steps[2].action',
  ],
  [
    'unknown action kind',
    (d) => {
      d.steps[1].action.kind = 'restart';
    },
    'out-of-range',
    '$.steps[1].action.kind',
  ],
  [
    'action with a stray field',
    (d) => {
      d.steps[2].action.force = true;
    },
    'unknown-field',
    '$.steps[2].action.force',
  ],
  [
    'scale without replicas',
    (d) => {
      d.steps[1].action = { kind: 'scale' };
    },
    'missing-field',
    '$.steps[1].action.replicas',
  ],
  [
    'partition index out of range',
    (d) => {
      d.steps[6].state.spec.partition = 3;
    },
    'out-of-range',
    '$.steps[6].state.spec.partition',
  ],
  [
    'pending of the wrong type',
    (d) => {
      d.steps[2].state.pending = 'none';
    },
    'wrong-type',
    '$.steps[2].state.pending',
  ],
  [
    'empty history',
    (d) => {
      d.steps[0].state.history = [];
    },
    'out-of-range',
    '$.steps[0].state.history',
  ],
  [
    'property kind unknown',
    (d) => {
      d.property.kind = 'liveness';
    },
    'out-of-range',
    '$.property.kind',
  ],
  [
    'summary missing a field',
    (d) => {
      delete d.steps[7].summary.pods;
    },
    'missing-field',
    '$.steps[7].summary.pods',
  ],
  [
    'non-boolean ready',
    (d) => {
      d.steps[3].state.pods[0].ready = 1;
    },
    'wrong-type',
    '$.steps[3].state.pods[0].ready',
  ],
];

describe('parseTraceDocument', () => {
  it.each(cases)('rejects %s', (_name, corrupt, code, field) => {
    const d = mutable(issue1545Doc());
    corrupt(d);
    const r = parseTraceDocument(JSON.stringify(d));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code, field });
    expect(r.error.message.startsWith(`${field}: `)).toBe(true);
  });

  it('says what is allowed', () => {
    const d = mutable(issue1545Doc());
    d.steps[1].state.pods[1].lifecycle = 'Running';
    const r = parseTraceDocument(JSON.stringify(d));
    expect(!r.ok && r.error.message).toBe(
      '$.steps[1].state.pods[1].lifecycle: expected one of "PreparingNormal", "Normal", "Updating", "PreparingUpdate", "Updated", "PreparingDelete", got "Running"',
    );
    const v = mutable(issue1545Doc());
    v.version = 2;
    const rv = parseTraceDocument(JSON.stringify(v));
    expect(!rv.ok && rv.error.message).toContain('expected 1 (the only version this build reads), got 2');
  });

  it('reads foundBy (simulate or check) when a file has it, and refuses any other value', () => {
    const sim = mutable(issue1545Doc());
    sim.foundBy = 'simulate';
    const r = parseTraceDocument(JSON.stringify(sim));
    expect(r.ok && r.doc.foundBy).toBe('simulate');
    expect(r.ok && serializeTraceDocument(r.doc)).toContain('"controller": "pre-fix",\n  "foundBy": "simulate",\n');
    const bad = mutable(issue1545Doc());
    bad.foundBy = 'fuzzing';
    const rb = parseTraceDocument(JSON.stringify(bad));
    expect(!rb.ok && rb.error.message).toBe('$.foundBy: expected one of "check", "simulate", got "fuzzing"');
    const old = parseTraceDocument(serializeTraceDocument(issue1545Doc()));
    expect(old.ok && old.doc.foundBy).toBeUndefined();
  });

  it('rejects text that is not JSON, or not an object, without throwing', () => {
    for (const text of ['', '{', 'null', '[]', '42', '"trace"', '{"format": "cloneset-check-trace"']) {
      const r = parseTraceDocument(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(['invalid-json', 'not-a-trace']).toContain(r.error.code);
    }
  });

  it('takes a continuation with a convergence property only, and requires one there', () => {
    const none = mutable(continuationDoc());
    delete none.continuation;
    const r1 = parseTraceDocument(JSON.stringify(none));
    expect(r1.ok ? null : r1.error).toMatchObject({ code: 'inconsistent', field: '$.continuation' });
    expect(r1.ok ? '' : r1.error.message).toContain('converges is a convergence property');
    const other = mutable(continuationDoc());
    other.property = { name: 'canary-respected', kind: 'step', message: 'x' };
    const r2 = parseTraceDocument(JSON.stringify(other));
    expect(r2.ok ? null : r2.error).toMatchObject({ code: 'inconsistent', field: '$.continuation' });
    expect(r2.ok ? '' : r2.error.message).toContain('canary-respected is a step property');
  });

  it('checks continuations: system steps only, and a cycle must point inside the trace', () => {
    const user = mutable(continuationDoc());
    user.continuation.steps[0].action = { kind: 'scale', replicas: 3 };
    const r1 = parseTraceDocument(JSON.stringify(user));
    expect(r1.ok ? null : r1.error).toMatchObject({ code: 'inconsistent', field: '$.continuation.steps[0].action.kind' });

    const far = mutable(continuationDoc());
    far.continuation.cycleTo = 0;
    const r2 = parseTraceDocument(JSON.stringify(far));
    expect(r2.ok ? null : r2.error).toMatchObject({ code: 'out-of-range', field: '$.continuation.cycleTo' });

    const numbering = mutable(continuationDoc());
    numbering.continuation.steps[0].index = 0;
    const r3 = parseTraceDocument(JSON.stringify(numbering));
    expect(r3.ok ? null : r3.error).toMatchObject({ code: 'inconsistent', field: '$.continuation.steps[0].index' });
  });

  it('accepts a document with derived fields from an older writer, and derives them again (labels are not trusted, only typed)', () => {
    const d = mutable(issue1545Doc());
    d.steps[1].label = 'rollout to v2';
    d.steps[1].actor = 'kubelet';
    d.steps[1].summary.pods = '2 pods';
    const r = parseTraceDocument(JSON.stringify(d));
    expect(r.ok).toBe(true);
    expect(r.ok && serializeTraceDocument(r.doc)).toBe(serializeTraceDocument(issue1545Doc()));
  });
});
