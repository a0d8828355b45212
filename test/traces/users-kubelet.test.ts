/**
 * The users-and-kubelet steps (issue #14 item 5) in trace files and renderings: counterexamples the explorer
 * finds with the options on survive JSON, replay, text, DOT and ITF with their new steps readable; and trace
 * files written before the options existed (test/traces/old-format/, written by the code of commit 7b082ef)
 * still parse and replay (a `proposed` trace only up to the reconcile its later fix changed, where replay says so).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import type { Action } from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { fromViolation, serializeTraceDocument, toTraceDocument, type CloneSetStep } from '../../traces/document.js';
import { renderDot } from '../../traces/dot.js';
import { toItf } from '../../traces/itf.js';
import { parseTraceDocument } from '../../traces/parse.js';
import { replayTrace } from '../../traces/replay.js';
import { toKubectlScript } from '../../traces/kubectl.js';
import { renderText } from '../../traces/text.js';

const d = DEFAULT_SCENARIO;

function roundTrip(text: string) {
  const r = parseTraceDocument(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.doc;
}

describe('old trace files', () => {
  const dir = join(import.meta.dirname, 'old-format');
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');

  it('in-place-upstream-canary-respected.json parses, replays and reproduces its violation', () => {
    const text = read('in-place-upstream-canary-respected.json');
    const doc = roundTrip(text);
    const r = replayTrace(doc);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.violation).toBe('reproduced');
    // Written again by today's code, the file is byte for byte what the old code wrote.
    expect(serializeTraceDocument(doc)).toBe(text);
  });

  it("proposed-availability-floor.json parses; proposed's deleteReadyLimit fix (session 26) makes its last reconcile diverge, and upstream still reproduces it", () => {
    const text = read('proposed-availability-floor.json');
    const doc = roundTrip(text);
    expect(serializeTraceDocument(doc)).toBe(text);
    const r = replayTrace(doc);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.divergence).toMatchObject({ step: 11, reason: 'state-mismatch' });
    const asUpstream = replayTrace({ ...doc, scenario: { ...doc.scenario, controller: 'upstream' } });
    expect(asUpstream.ok && asUpstream.violation).toBe('reproduced');
  });
});

describe('counterexamples with the new steps', () => {
  const cases: readonly { readonly name: string; readonly scenario: Scenario; readonly kind: string; readonly label: string }[] = [
    {
      name: 'userMarks',
      scenario: { ...d, controller: 'upstream', budgets: { ...d.budgets, marks: 1, failures: 0 } },
      kind: 'markPod',
      label: 'mark(',
    },
    {
      name: 'podFailures',
      scenario: { ...d, controller: 'upstream', budgets: { ...d.budgets, marks: 0, failures: 1 } },
      kind: 'podUnready',
      label: 'unready(',
    },
  ];
  for (const c of cases) {
    it(`${c.name}: the availability-floor counterexample shows its ${c.kind} step everywhere`, () => {
      const r = explore(cloneSetModel(c.scenario), { properties: ['availability-floor'] });
      const v = r.violations?.[0];
      expect(v?.trace.some((s) => s.action?.kind === c.kind)).toBe(true);
      const doc = roundTrip(serializeTraceDocument(fromViolation(c.scenario, v!)));
      const replayed = replayTrace(doc);
      expect(replayed.ok && replayed.violation).toBe('reproduced');
      expect(renderText(doc)).toContain(c.label);
      expect(renderDot(doc)).toContain(c.label);
      expect(JSON.stringify(toItf(doc))).toContain(`"${c.kind}"`);
      // The budgets carry the new counters, and the scenario says the option is on.
      expect(doc.scenario.budgets).toMatchObject({ marks: c.scenario.budgets.marks, failures: c.scenario.budgets.failures });
    });
  }

  it('inPlaceKubelet and preparingReady: a hand-driven trace with in-place-done and an early ready replays', () => {
    const scenario: Scenario = {
      ...d,
      controller: 'upstream',
      podUpdatePolicy: 'InPlaceIfPossible',
      inPlaceKubelet: true,
      preparingReady: true,
    };
    const m = cloneSetModel(scenario);
    let s = m.initialStates()[0]!;
    const steps: CloneSetStep[] = [{ action: null, state: s }];
    const take = (kind: string): void => {
      const a = m.actions(s).find((x) => x.kind === kind && (kind !== 'scale' || (x.kind === 'scale' && x.replicas === 3)));
      if (a === undefined) throw new Error(`${kind} not enabled`);
      s = m.next(s, a);
      steps.push({ action: a, state: s });
    };
    const written = (): void => {
      if (s.pending !== null) take('writeStatus');
    };
    for (const k of ['rollout', 'reconcile', 'inPlaceDone', 'reconcile', 'scale', 'reconcile', 'podReady']) {
      written();
      take(k);
    }
    expect(s.pods.some((p) => p.lifecycle === 'PreparingNormal' && p.ready)).toBe(true);
    const doc = roundTrip(serializeTraceDocument(toTraceDocument({ scenario, steps })));
    expect(doc.scenario).toMatchObject({ inPlaceKubelet: true, preparingReady: true });
    const replayed = replayTrace(doc);
    expect(replayed.ok).toBe(true);
    const text = renderText(doc);
    expect(text).toContain('in-place-done(v2 not-ready Updating)');
    expect(text).toMatch(/ ready\(v\d not-ready PreparingNormal\)/);
    expect(JSON.stringify(toItf(doc))).toContain('"inPlaceDone"');
  });
});

describe('lifecycle hooks in traces', () => {
  it('a hand-driven trace through PreparingUpdate, Updated and PreparingDelete replays and renders its hook steps', () => {
    const scenario: Scenario = { ...d, controller: 'upstream', podUpdatePolicy: 'InPlaceIfPossible', lifecycleHooks: 'both' };
    const m = cloneSetModel(scenario);
    let s = m.initialStates()[0]!;
    const steps: CloneSetStep[] = [{ action: null, state: s }];
    const take = (kind: string, pick: (a: Action) => boolean = () => true): void => {
      if (s.pending !== null && kind !== 'writeStatus') take('writeStatus');
      const a = m.actions(s).find((x) => x.kind === kind && pick(x));
      if (a === undefined) throw new Error(`${kind} not enabled`);
      s = m.next(s, a);
      steps.push({ action: a, state: s });
    };
    take('rollout');
    take('reconcile'); // a v1 pod the hook holds goes to PreparingUpdate
    expect(s.pods.some((p) => p.lifecycle === 'PreparingUpdate' && p.inPlaceHook === true)).toBe(true);
    take('releaseHook');
    take('reconcile'); // now updated in place
    take('reconcile'); // the refresh finds it done: Updated, waiting for the hook back
    expect(s.pods.some((p) => p.lifecycle === 'Updated')).toBe(true);
    take('restoreHook');
    take('reconcile');
    take('scale', (a) => a.kind === 'scale' && a.replicas === 1);
    take('reconcile'); // the scale-down: the preDelete hook holds the pod in PreparingDelete
    expect(s.pods.some((p) => p.lifecycle === 'PreparingDelete' && p.preDeleteHook === true)).toBe(true);
    const doc = roundTrip(serializeTraceDocument(toTraceDocument({ scenario, steps })));
    expect(doc.scenario.lifecycleHooks).toBe('both');
    expect(replayTrace(doc).ok).toBe(true);
    const text = renderText(doc, { legend: true });
    expect(text).toContain('release-hook(v1 ready PreparingUpdate');
    expect(text).toContain('restore-hook(v2');
    expect(text).toContain('PreparingDelete');
    expect(text).toContain('lifecycle PreparingDelete');
    expect(renderDot(doc)).toContain('restore-hook(');
    const itf = JSON.stringify(toItf(doc));
    expect(itf).toContain('"releaseHook"');
    expect(itf).toContain('"Updated"');
    expect(itf).toContain('"preDeleteHook":true');
    // Every pod record, in states and in actions, has the same fields (Quint and Apalache type records):
    // the labels were once left out where false.
    const keys = new Set<string>();
    JSON.parse(itf, (_key, v: unknown) => {
      if (v !== null && typeof v === 'object' && 'lifecycle' in v) keys.add(Object.keys(v).sort().join(','));
      return v;
    });
    expect([...keys]).toEqual(['inPlaceHook,lifecycle,marked,preDeleteHook,ready,rev']);
    expect(doc.steps.some((st) => st.actor === 'hook')).toBe(true);
    // The kubectl reproduction gives the CloneSet the hooks and its pods the labels the steps remove.
    const script = toKubectlScript(doc);
    expect(script).toContain('  lifecycle:');
    expect(script).toContain('example.com/pre-delete-hook: "true"');
    expect(script).toMatch(/k label pod "\$pod" example\.com\/in-place-update-hook-/);
  });
});
