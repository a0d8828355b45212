/**
 * A counterexample through a pod write that timed out after it landed (podWriteTimeouts): its file carries
 * the option and reads back to the same bytes and replays; the ITF export validates; the kubectl script and
 * the issue report say what happened; a file that turns timeouts on without pod-write failures is refused in
 * one line naming the field.
 */
import { describe, expect, it } from 'vitest';
import { checkAccepts, scenarioFlags } from '../../cli/scenario-flags.js';
import { packageVersion } from '../../cli/version.js';
import { explore } from '../../checker/index.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import type { ControllerVariant } from '../../model/controller/promotion.js';
import { fromViolation, serializeTraceDocument, toTraceDocument, type TraceDocument } from '../../traces/document.js';
import { renderIssueReport } from '../../traces/issue-report.js';
import { toItf } from '../../traces/itf.js';
import { validateItf } from '../../traces/itf-validate.js';
import { toKubectlScript } from '../../traces/kubectl.js';
import { parseTraceDocument } from '../../traces/parse.js';
import { replayTrace } from '../../traces/replay.js';
import { renderText } from '../../traces/text.js';
import { walkSteps } from '../model/walk.js';
import { expectRoundTripReproduces, parsedDoc } from './fixtures.js';

const scenario: Scenario = {
  ...DEFAULT_SCENARIO,
  controller: 'upstream',
  expectations: 'upstream',
  podWriteFailures: 1,
  podWriteTimeouts: true,
  budgets: { rollouts: 0, deletes: 0, scales: 1, partitions: 0 },
};

function surgeViolation(): TraceDocument {
  const r = explore(cloneSetModel(scenario), { properties: ['surge-bound'] });
  const v = r.violations?.[0];
  if (v === undefined) throw new Error('no surge-bound violation');
  return fromViolation(scenario, v);
}

/** A trace file read back with another controller named (the document's and its scenario's). */
function parsedAs(file: string, controller: ControllerVariant): ReturnType<typeof parseTraceDocument> {
  const json = JSON.parse(file);
  json.scenario.controller = controller;
  json.controller = controller;
  return parseTraceDocument(JSON.stringify(json));
}

/** The issue report of `d`, with the options `export` gives it. */
const reportOf = (d: TraceDocument): string =>
  renderIssueReport(d, {
    toolVersion: packageVersion(),
    traceName: 'trace.json',
    scenarioFlags: scenarioFlags(d.scenario),
    checkAccepts: checkAccepts(d.scenario),
  });

const doc = surgeViolation();
const text = serializeTraceDocument(doc);
const timedOut = doc.steps.findIndex((st) => st.action?.kind === 'reconcile' && st.action.picks?.startsWith('write times out:') === true);

describe('a counterexample through a write that timed out', () => {
  it('is found, and its file carries the option, reads back to the same bytes and replays', () => {
    expect(timedOut).toBe(2);
    expect(JSON.parse(text).scenario).toMatchObject({ podWriteFailures: 1, podWriteTimeouts: true });
    expectRoundTripReproduces(text);
  });

  it('exports valid ITF', () => {
    const itf = JSON.parse(JSON.stringify(toItf(doc)));
    expect(validateItf(itf)).toEqual({ ok: true });
    expect(itf['#meta'].scenario).toMatchObject({ podWriteTimeouts: true });
  });

  it('the kubectl script says the step cannot be reproduced as such', () => {
    const script = toKubectlScript(doc);
    expect(script).toContain(`or timed out after it landed`);
    expect(script).toContain(`step ${timedOut} cannot be reproduced on a cluster as such`);
  });

  it('the issue report says the write timed out, landed and is awaited by nothing, and gives the flag', () => {
    const md = reportOf(doc);
    expect(md).toContain(
      `step ${timedOut}: the controller reconciles, and one of its pod writes times out (create v1; podWriteTimeouts): the API server applied it`,
    );
    expect(md).toContain('--pod-write-timeouts true');
  });
});

describe('the same file under proposed', () => {
  it('does not replay: proposed settles a timed-out write, so the step that timed out is not one of its steps', () => {
    const back = parsedAs(text, 'proposed');
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    const r = replayTrace(back.doc);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.divergence).toMatchObject({ step: timedOut, reason: 'action-not-enabled' });
  });
});

describe('scenarios without timeouts', () => {
  it('a file with podWriteTimeouts and no podWriteFailures is refused in one line naming the field', () => {
    const json = JSON.parse(text);
    delete json.scenario.podWriteFailures;
    const r = parseTraceDocument(JSON.stringify(json));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'inconsistent', field: '$.scenario.podWriteTimeouts' });
    expect(r.error.message.split('\n')).toHaveLength(1);
  });

  it('write no podWriteTimeouts', () => {
    const { podWriteTimeouts: _, ...rest } = scenario;
    const sc: Scenario = { ...rest, controller: 'pre-fix', budgets: { ...rest.budgets, rollouts: 1 } };
    const r = explore(cloneSetModel(sc), { properties: ['promotion-sound'] });
    const d = fromViolation(sc, r.violations![0]!);
    expect(serializeTraceDocument(d)).not.toContain('podWriteTimeouts');
    expect(JSON.stringify(toItf(d))).not.toContain('podWriteTimeouts');
    expect(toKubectlScript(d)).not.toContain('timed out');
  });
});

describe("proposed's creation that never landed, in a file", () => {
  const sc: Scenario = { ...scenario, controller: 'proposed', expectations: 'timeout' };
  const NEVER_LANDED = 'reconcile[1: write times out: create v1 (never landed; expectation kept); landed: no pod change]';
  const steps = walkSteps(sc, ['scale(3)', NEVER_LANDED, 'expectations-expire']);
  const file = serializeTraceDocument(toTraceDocument({ scenario: sc, steps }));
  // Two failures, and both pods gone from the cache after a rollout: Scale creates a v1 and a v2 pod.
  const two: Scenario = { ...sc, podWriteFailures: 2, budgets: DEFAULT_SCENARIO.budgets };
  const emptied = ['rollout(v2)', 'delete(v1 ready)', 'delete(v1 ready)', 'pod-cache-sync(v1 ready → ∅)', 'pod-cache-sync(v1 ready → ∅)'];
  const expectReplays = (f: string): void => {
    const back = parseTraceDocument(f);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(serializeTraceDocument(back.doc)).toBe(f);
    expect(replayTrace(back.doc).ok).toBe(true);
  };

  it("writes the entry's awaited as 'unlanded', reads back to the same bytes, and replays", () => {
    expect(JSON.parse(file).steps[2].state.observed.pods).toEqual([{ cached: null, truth: null, awaited: 'unlanded' }]);
    expectReplays(file);
  });

  it('two that never landed beside each other (two failures) read back to the same bytes and replay', () => {
    const both = 'reconcile[5: write times out: create v1, create v2 (never landed; expectation kept); landed: no pod change]';
    const f = serializeTraceDocument(toTraceDocument({ scenario: two, steps: walkSteps(two, [...emptied, both]) }));
    expect(JSON.parse(f).steps[6].state.observed.pods).toHaveLength(2);
    expectReplays(f);
  });

  it('the issue report tells creations that never landed from one refused beside them', () => {
    const refused = 'reconcile[6: write times out: create v1 (never landed; expectation kept), create v2 refused; landed: no pod change]';
    const road = [...emptied, refused];
    // The report explains a violation's steps; which property is named does not change a step's words.
    const d = toTraceDocument({
      scenario: two,
      steps: walkSteps(two, road),
      property: { name: 'surge-bound', kind: 'step', message: 'none' },
    });
    const md = reportOf(d);
    expect(md).toContain('pod creations time out without landing (create v1; podWriteTimeouts)');
    expect(md).toContain('the API server refuses create v2, which ends its creations after that batch');
  });

  it('the text names it', () => {
    expect(renderText(parsedDoc(file))).toContain('awaited (scale; never landed)');
  });

  it("'unlanded' where the controller rolls expectations back is refused in one line naming the field", () => {
    const r = parsedAs(file, 'upstream');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'inconsistent', field: '$.steps[2].state.observed.pods[0].awaited' });
    expect(r.error.message.split('\n')).toHaveLength(1);
  });
});
