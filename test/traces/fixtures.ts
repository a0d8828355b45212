/**
 * Hand-driven traces for the rendering and replay tests: the #1545 interleaving (rollout v2, delete the v1
 * pod, delete a v2 pod, scale to 4), built by applying actions to the model as test/model/issue-1545.test.ts
 * does. These are inputs to render and replay, not counterexamples found by the checker.
 */
import { actionLabel, applyAction, enabledActions, type Action } from '../../model/cloneset/actions.js';
import { initialState } from '../../model/cloneset/instance.js';
import { cloneSetProperties } from '../../model/cloneset/properties.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import type { CloneSetState } from '../../model/cloneset/state.js';
import { viewOf } from '../../model/cloneset/view.js';
import type { ControllerVariant } from '../../model/controller/promotion.js';
import { expect } from 'vitest';
import { serializeTraceDocument, toTraceDocument, type CloneSetStep, type PropertyRef, type TraceDocument } from '../../traces/document.js';
import { parseTraceDocument } from '../../traces/parse.js';
import { replayTrace } from '../../traces/replay.js';

export interface HandTrace {
  readonly scenario: Scenario;
  readonly steps: readonly CloneSetStep[];
  /** The first step or invariant property the trace violates, and the trace cut right after it. */
  readonly violation: { readonly property: PropertyRef; readonly steps: readonly CloneSetStep[] } | null;
}

export function issue1545Trace(controller: ControllerVariant): HandTrace {
  const scenario: Scenario = { ...DEFAULT_SCENARIO, controller };
  const v = viewOf(scenario);
  let s: CloneSetState = initialState(v);
  const steps: CloneSetStep[] = [{ action: null, state: s }];
  const step = (a: Action): void => {
    if (!enabledActions(v, s).some((e) => actionLabel(e) === actionLabel(a))) throw new Error(`${actionLabel(a)} not enabled`);
    s = applyAction(v, s, a);
    steps.push({ action: a, state: s });
  };
  const settle = (): void => {
    for (let i = 0; i < 100; i++) {
      const system = enabledActions(v, s).find((a) => a.kind === 'writeStatus' || a.kind === 'reconcile' || a.kind === 'podReady');
      if (system === undefined) return;
      step(system);
    }
    throw new Error('did not settle');
  };
  step({ kind: 'rollout', template: 1 });
  settle();
  const v1Pod = s.pods.find((p) => p.rev === 0);
  if (v1Pod === undefined) throw new Error('no v1 pod');
  step({ kind: 'deletePod', pod: v1Pod });
  settle();
  const v2Pod = s.pods.find((p) => p.rev === 1 && p.ready);
  if (v2Pod === undefined) throw new Error('no ready v2 pod');
  step({ kind: 'deletePod', pod: v2Pod });
  step({ kind: 'scale', replicas: 4 });
  settle();
  return { scenario, steps, violation: firstViolation(scenario, steps) };
}

function firstViolation(scenario: Scenario, steps: readonly CloneSetStep[]): HandTrace['violation'] {
  const props = cloneSetProperties(viewOf(scenario));
  for (let i = 1; i < steps.length; i++) {
    const before = steps[i - 1]!;
    const after = steps[i]!;
    for (const p of props) {
      // The default properties only: the hand traces were cut at what those find first.
      if (p.kind === 'sometimes' || p.optIn === true) continue;
      const verdict =
        p.kind === 'invariant'
          ? p.check(after.state)
          : p.kind === 'step' && after.action !== null
            ? p.check(before.state, after.action, after.state)
            : { ok: true as const };
      if (!verdict.ok) return { property: { name: p.name, kind: p.kind, message: verdict.message }, steps: steps.slice(0, i + 1) };
    }
  }
  return null;
}

/** The pre-fix #1545 trace cut at its first violation, as a document. */
export function issue1545Doc(): TraceDocument {
  const t = issue1545Trace('pre-fix');
  if (t.violation === null) throw new Error('the pre-fix #1545 trace no longer violates anything');
  return toTraceDocument({ scenario: t.scenario, steps: t.violation.steps, property: t.violation.property });
}

/**
 * A convergence-shaped document for the renderers: the upstream trace up to the first delete, then the
 * system steps that follow it as a continuation ending in a dead end. The system settles there, so it is no
 * counterexample: replay says not-reproduced, and replay and export refuse it as a file.
 */
export function continuationDoc(): TraceDocument {
  const t = issue1545Trace('upstream');
  const deletes = t.steps.flatMap((s, i) => (s.action?.kind === 'deletePod' ? [i] : []));
  const [first, second] = deletes;
  if (first === undefined || second === undefined) throw new Error('expected two deletes in the #1545 trace');
  return toTraceDocument({
    scenario: t.scenario,
    steps: t.steps.slice(0, first + 1),
    property: { name: 'converges', kind: 'convergence', message: 'no settled state is reachable by system steps alone' },
    continuation: { end: 'deadEnd', steps: t.steps.slice(first + 1, second) },
  });
}

/** Parse JSON text into a mutable tree, for corrupting documents in tests. */
export const mutable = (doc: TraceDocument): Record<string, any> => JSON.parse(serializeTraceDocument(doc)) as Record<string, any>;

/** SVG text content with Graphviz's character references decoded (it writes `-` as `&#45;`). */
export const svgText = (svg: string): string =>
  svg
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

/** A trace file's JSON as far as these checks edit it: each step's recorded Observation. */
interface TraceJson {
  readonly steps: { readonly state: { readonly observed: Record<string, unknown> } }[];
}

/**
 * A trace file with a recorded field taken out (`drop` edits the parsed JSON) still parses, and its replay
 * fails with a divergence whose message contains `message`.
 */
export function expectDroppedFieldDiverges(text: string, drop: (doc: TraceJson) => void, message: string): void {
  const tampered = JSON.parse(text) as TraceJson;
  drop(tampered);
  const back = parseTraceDocument(JSON.stringify(tampered));
  expect(back.ok).toBe(true);
  if (!back.ok) return;
  const r = replayTrace(back.doc);
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.divergence.message).toContain(message);
}

/** A trace file's document; a file the parser refuses fails the test with the parser's message. */
export function parsedDoc(text: string): TraceDocument {
  const r = parseTraceDocument(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.doc;
}

/** A trace file reads back to the same bytes, and its replay reproduces the violation it records. */
export function expectRoundTripReproduces(text: string): void {
  const back = parseTraceDocument(text);
  expect(back.ok).toBe(true);
  if (!back.ok) return;
  expect(serializeTraceDocument(back.doc)).toBe(text);
  const r = replayTrace(back.doc);
  expect(r.ok).toBe(true);
  if (r.ok) expect(r.violation).toBe('reproduced');
}
