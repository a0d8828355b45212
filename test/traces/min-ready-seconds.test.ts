/**
 * minReadySeconds in trace files and renderings: the explorer's counterexample of a scenario with the
 * window carries pods that are ready and not yet available (`notYetAvailable`, written only when set) and
 * an `available(pod)` step; it reads back to the same bytes and replays, renders in text, DOT, ITF, the
 * kubectl script and the issue report, and a file that puts the flag where the model never would is
 * refused, naming the field.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { fromViolation, serializeTraceDocument, toTraceDocument } from '../../traces/document.js';
import { renderDot } from '../../traces/dot.js';
import { renderIssueReport } from '../../traces/issue-report.js';
import { toItf } from '../../traces/itf.js';
import { validateItf } from '../../traces/itf-validate.js';
import { toKubectlScript } from '../../traces/kubectl.js';
import { WAITING_SUFFIX } from '../../traces/notation.js';
import { parseTraceDocument } from '../../traces/parse.js';
import { replayTrace } from '../../traces/replay.js';
import { renderText } from '../../traces/text.js';
import { walkSteps } from '../model/walk.js';
import { SEEN_WAITING, WINDOW_CACHE } from '../model/window-walks.js';
import { parsedDoc } from './fixtures.js';

const windowed: Scenario = { ...DEFAULT_SCENARIO, minReadySeconds: 10 };

/** The explorer's shortest availability-floor counterexample of the window scenario (upstream). */
function counterexample(): string {
  const r = explore(cloneSetModel(windowed), { stopAtFirstViolation: false });
  const v = r.violations?.find((x) => x.property === 'availability-floor');
  if (v === undefined) throw new Error('availability-floor holds');
  return serializeTraceDocument(fromViolation(windowed, v));
}

const text = counterexample();

describe('a trace with the availability window', () => {
  const json = JSON.parse(text);

  it('carries the scenario value, a waiting pod and an available step', () => {
    expect(json.scenario.minReadySeconds).toBe(10);
    const pods = json.steps.flatMap((st: { state: { pods: object[] } }) => st.state.pods);
    expect(pods.some((p: Record<string, unknown>) => p['notYetAvailable'] === true)).toBe(true);
    // Written only when set: no pod says false.
    expect(pods.some((p: Record<string, unknown>) => p['notYetAvailable'] === false)).toBe(false);
    expect(json.steps.some((st: { action: { kind: string } | null }) => st.action?.kind === 'podAvailable')).toBe(true);
  });

  it('reads back to the same bytes and replays', () => {
    const doc = parsedDoc(text);
    expect(serializeTraceDocument(doc)).toBe(text);
    expect(replayTrace(doc).ok).toBe(true);
  });

  it('renders: text and DOT name the waiting pod, ITF has the field on every pod', () => {
    const doc = parsedDoc(text);
    expect(renderText(doc)).toContain('available(v1 ready-not-available');
    const dot = renderDot(doc);
    expect(dot).toContain(WAITING_SUFFIX);
    expect(renderDot(doc, { legend: true } as never)).toContain('not yet available');
    const itf = JSON.parse(JSON.stringify(toItf(doc)));
    expect(validateItf(itf)).toEqual({ ok: true });
    for (const st of itf.states) for (const p of st.pods) expect(typeof p.notYetAvailable).toBe('boolean');
  });

  it('the kubectl script and the issue report set minReadySeconds and wait for the window', () => {
    const doc = parsedDoc(text);
    const script = toKubectlScript(doc);
    // Any value above 0 is the same window to the model: the reproduction takes a long one.
    expect(script).toContain('  minReadySeconds: $MIN_READY_SECONDS');
    expect(script).toMatch(/^MIN_READY_SECONDS="\$\{MIN_READY_SECONDS:-120\}"$/m);
    expect(script).toMatch(/wait_available\(\) \{[\s\S]*sleep "\$MIN_READY_SECONDS"/);
    expect(script).toMatch(/^wait_available 1 /m);
    // Each pod's window from when make_ready made it ready; a script without the window notes nothing.
    expect(script).toContain('noted_ready() { READY_AT[$1]=$SECONDS; }');
    const report = renderIssueReport(doc, {
      toolVersion: '0.0.0-test',
      traceName: 't.json',
      scenarioFlags: ['--min-ready-seconds', '10'],
      checkAccepts: true,
    });
    expect(report).toContain('minReadySeconds: 10');
    expect(report).toContain('not yet available');
  });

  it('a scenario without the window writes no such field and no helper', () => {
    const r = explore(cloneSetModel(DEFAULT_SCENARIO), { stopAtFirstViolation: false });
    const doc = fromViolation(DEFAULT_SCENARIO, r.violations!.find((x) => x.property === 'availability-floor')!);
    expect(serializeTraceDocument(doc)).not.toContain('notYetAvailable');
    expect(serializeTraceDocument(doc)).not.toContain('minReadySeconds');
    expect(toKubectlScript(doc)).not.toContain('wait_available');
    expect(toKubectlScript(doc)).toContain('noted_ready() { :; }');
    expect(toKubectlScript(doc)).toContain('  minReadySeconds: 0');
  });
});

describe('the window with a lagging pod cache, in a file', () => {
  const cache = WINDOW_CACHE;
  const road = [
    ...SEEN_WAITING,
    'unready(v1 ready-not-available)',
    'available(v1 ready-not-available, the cached copy only; the pod now v1 not-ready)',
  ];
  // A hand-driven trace by action labels (an input to write, read and replay, not a counterexample).
  const t = serializeTraceDocument(toTraceDocument({ scenario: cache, steps: walkSteps(cache, road) }));

  it("writes cachedOnly on the step that ends a cached copy's window, reads back to the same bytes and replays", () => {
    const last = JSON.parse(t).steps.at(-1);
    expect(last.action).toMatchObject({ kind: 'podAvailable', cachedOnly: true, via: { truth: { ready: false } } });
    const doc = parsedDoc(t);
    expect(serializeTraceDocument(doc)).toBe(t);
    expect(replayTrace(doc).ok).toBe(true);
    expect(renderText(doc)).toContain('available(v1 ready-not-available, the cached copy only; the pod now v1 not-ready)');
    // ITF: cachedOnly on every podAvailable record of a scenario with a lagging pod cache (one record type).
    const itf = JSON.parse(JSON.stringify(toItf(doc)));
    expect(validateItf(itf)).toEqual({ ok: true });
    expect(itf.states.at(-1).action).toMatchObject({ tag: 'podAvailable', value: { cachedOnly: true } });
  });

  it('writes readyAgain on an entry whose truth became ready again behind a waiting copy, and reads it back', () => {
    const again = [...SEEN_WAITING, 'unready(v1 ready-not-available)', 'ready(v1 not-ready, cached as v1 ready-not-available)'];
    const text = serializeTraceDocument(toTraceDocument({ scenario: cache, steps: walkSteps(cache, again) }));
    expect(JSON.parse(text).steps.at(-1).state.observed.pods).toEqual([
      {
        cached: { rev: 0, lifecycle: 'Normal', ready: true, marked: false, notYetAvailable: true },
        truth: { rev: 0, lifecycle: 'Normal', ready: true, marked: false, notYetAvailable: true },
        awaited: 'none',
        readyAgain: true,
      },
    ]);
    const doc = parsedDoc(text);
    expect(serializeTraceDocument(doc)).toBe(text);
    expect(replayTrace(doc).ok).toBe(true);
    expect(renderText(doc)).toContain('(ready again)');
    // Not with failed (a failed pod has no truth): refused, naming the field.
    const both = JSON.parse(text);
    both.steps.at(-1).state.observed.pods[0].failed = true;
    const f = parseTraceDocument(JSON.stringify(both));
    expect(f.ok).toBe(false);
    if (!f.ok) expect(f.error.message).toContain('.pods[0].failed');
    // Where the copies do not both wait, the flag is refused, naming it.
    const json = JSON.parse(text);
    const at = json.steps.length - 1;
    json.steps[at].state.observed.pods[0].truth.ready = false;
    delete json.steps[at].state.observed.pods[0].truth.notYetAvailable;
    const r = parseTraceDocument(JSON.stringify(json));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain(`$.steps[${at}].state.observed.pods[0].readyAgain`);
  });

  it('refuses cachedOnly without via, naming the field', () => {
    const json = JSON.parse(t);
    const at = json.steps.length - 1;
    delete json.steps[at].action.via;
    const r = parseTraceDocument(JSON.stringify(json));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain(`$.steps[${at}].action.cachedOnly`);
  });
});

describe('a file that puts the flag where the model never would', () => {
  const waitingAt = (): { step: number; pod: number } => {
    const json = JSON.parse(text);
    for (let step = 0; step < json.steps.length; step++) {
      const pod = json.steps[step].state.pods.findIndex((p: Record<string, unknown>) => p['notYetAvailable'] === true);
      if (pod >= 0) return { step, pod };
    }
    throw new Error('no waiting pod');
  };

  it('is refused in a scenario without the window, naming the field', () => {
    const json = JSON.parse(text);
    delete json.scenario.minReadySeconds;
    const { step, pod } = waitingAt();
    const r = parseTraceDocument(JSON.stringify(json));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain(`$.steps[${step}].state.pods[${pod}].notYetAvailable`);
  });

  it('is refused on a pod that is not ready', () => {
    const json = JSON.parse(text);
    const { step, pod } = waitingAt();
    json.steps[step].state.pods[pod].ready = false;
    const r = parseTraceDocument(JSON.stringify(json));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/notYetAvailable.*only on a ready pod/);
  });
});
