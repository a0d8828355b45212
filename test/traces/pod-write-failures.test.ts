/**
 * A counterexample with a failing pod write (podWriteFailures 1) in every rendering: its JSON carries the
 * failures left where some are and reads back to the same bytes and replays; the ITF export, the state diff,
 * the diagram and the text name the count; the kubectl script and the issue report say the failing step
 * cannot be made to happen on a cluster. A state with failures left in a scenario without the option is
 * refused naming the field, and scenarios without the option write what they wrote before.
 */
import { describe, expect, it } from 'vitest';
import { checkAccepts, scenarioFlags } from '../../cli/scenario-flags.js';
import { packageVersion } from '../../cli/version.js';
import { explore } from '../../checker/index.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { viewOf } from '../../model/cloneset/view.js';
import { changedFields } from '../../traces/diff.js';
import { fromViolation, serializeTraceDocument, type TraceDocument } from '../../traces/document.js';
import { renderDot } from '../../traces/dot.js';
import { renderIssueReport } from '../../traces/issue-report.js';
import { toItf } from '../../traces/itf.js';
import { validateItf } from '../../traces/itf-validate.js';
import { toKubectlScript } from '../../traces/kubectl.js';
import { parseTraceDocument } from '../../traces/parse.js';
import { renderText } from '../../traces/text.js';
import { expectDroppedFieldDiverges, expectRoundTripReproduces } from './fixtures.js';

const scenario: Scenario = { ...DEFAULT_SCENARIO, controller: 'pre-fix', podWriteFailures: 1 };

function firstViolation(sc: Scenario): TraceDocument {
  const r = explore(cloneSetModel(sc), { stopAtFirstViolation: true, properties: ['canary-respected'] });
  const v = r.violations?.[0];
  if (v === undefined) throw new Error('no canary-respected violation');
  return fromViolation(sc, v);
}

const doc = firstViolation(scenario);
const text = serializeTraceDocument(doc);
/** The step whose reconcile has a pod write fail. */
const failing = doc.steps.findIndex((st) => st.action?.kind === 'reconcile' && st.action.picks?.startsWith('write fails:') === true);

describe('a counterexample with a failing pod write', () => {
  it('is found, through a reconcile whose pod write fails, which spends the failure', () => {
    expect(doc.property?.name).toBe('canary-respected');
    expect(failing).toBeGreaterThan(0);
    expect(doc.steps[failing - 1]!.state.observed!.podWriteFailures).toBe(1);
    expect(doc.steps[failing]!.state.observed!.podWriteFailures).toBe(0);
  });

  it('writes the option in the scenario and the failures left only where some are, and reads back to the same bytes and replays', () => {
    const json = JSON.parse(text);
    expect(json.scenario).toMatchObject({ podWriteFailures: 1 });
    json.steps.forEach((st: { state: { observed: { podWriteFailures?: number } } }, i: number) => {
      expect(st.state.observed.podWriteFailures).toBe(i < failing ? 1 : undefined);
    });
    expectRoundTripReproduces(text);
  });

  it('exports valid ITF with the failures left in every observation record', () => {
    const itf = JSON.parse(JSON.stringify(toItf(doc)));
    expect(validateItf(itf)).toEqual({ ok: true });
    expect(itf['#meta'].scenario).toMatchObject({ podWriteFailures: 1 });
    itf.states.forEach((st: { observed: { podWriteFailures: unknown } }, i: number) => {
      expect(st.observed.podWriteFailures).toEqual({ '#bigint': i < failing ? '1' : '0' });
    });
  });

  it('the state diff names the count, in the budgets (shown by text with budgets on)', () => {
    const v = viewOf(scenario);
    const changes = changedFields(v, doc.steps[failing - 1]!.state, doc.steps[failing]!.state);
    expect(changes).toContainEqual({ path: 'podWriteFailures', group: 'budgets', before: '1', after: '0' });
    expect(renderText(doc, { showBudgets: true })).toContain('podWriteFailures 1→0');
    expect(renderText(doc)).not.toContain('podWriteFailures');
  });

  it('a recorded count the model does not have fails replay, naming podWriteFailures', () => {
    expectDroppedFieldDiverges(
      text,
      (d) => delete d.steps[failing - 1]!.state.observed['podWriteFailures'],
      'podWriteFailures model 1, recorded 0',
    );
  });

  it('the diagram shows the failures left', () => {
    const dot = renderDot(doc);
    expect(dot).toContain('pod-write failures left');
    expect(dot).toContain('write fails: ');
  });

  it('the kubectl script says the failing step cannot be reproduced as such, and has no free-choices note', () => {
    const script = toKubectlScript(doc);
    expect(script).toContain(`step ${failing} cannot be reproduced on a cluster as such`);
    expect(script).not.toContain('free choices); the cluster picks its own');
  });

  it('the issue report says the API server refuses the write', () => {
    const md = renderIssueReport(doc, {
      toolVersion: packageVersion(),
      traceName: 'trace.json',
      scenarioFlags: scenarioFlags(doc.scenario),
      checkAccepts: checkAccepts(doc.scenario),
    });
    const picks = doc.steps[failing]!.action!.kind === 'reconcile' ? doc.steps[failing]!.action!.picks! : '';
    const refused = /^write fails: (.*?); landed: /.exec(picks)![1]!;
    expect(md).toContain(
      `step ${failing}: the controller reconciles, and the API server refuses one of its pod writes (${refused}; podWriteFailures)`,
    );
    expect(md).toContain('--pod-write-failures 1');
  });
});

describe('failures left where the scenario has none', () => {
  it('a state with pod-write failures left in a scenario without the option is refused in one line naming the field', () => {
    // Another observation option keeps the observed field, so the count is what is wrong.
    const json = JSON.parse(text);
    json.scenario = { ...json.scenario, statusWriteFailures: 1 };
    delete json.scenario.podWriteFailures;
    for (const st of json.steps) st.state.observed.writeFailures = 0;
    const r = parseTraceDocument(JSON.stringify(json));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'inconsistent', field: '$.steps[0].state.observed.podWriteFailures' });
    expect(r.error.message).toBe(
      '$.steps[0].state.observed.podWriteFailures: expected none: the scenario has no podWriteFailures (pod writes never fail), got 1',
    );
    expect(r.error.message.split('\n')).toHaveLength(1);
  });

  it('and without any observation option, the observed field itself is refused', () => {
    const json = JSON.parse(text);
    delete json.scenario.podWriteFailures;
    const r = parseTraceDocument(JSON.stringify(json));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'inconsistent', field: '$.steps[0].state.observed' });
  });

  it('more than the scenario allows is out of range', () => {
    const json = JSON.parse(text);
    json.steps[0].state.observed.podWriteFailures = 2;
    const r = parseTraceDocument(JSON.stringify(json));
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toMatchObject({
        code: 'out-of-range',
        field: '$.steps[0].state.observed.podWriteFailures',
        message: "$.steps[0].state.observed.podWriteFailures: expected an integer in 0..1 (the scenario's podWriteFailures), got 2",
      });
  });
});

describe('scenarios without the option', () => {
  it('write no podWriteFailures anywhere: JSON, ITF, diagram, kubectl script', () => {
    const sc: Scenario = { ...DEFAULT_SCENARIO, controller: 'pre-fix', statusWriteFailures: 1 };
    const d = firstViolation(sc);
    expect(serializeTraceDocument(d)).not.toContain('podWriteFailures');
    expect(JSON.stringify(toItf(d))).not.toContain('podWriteFailures');
    expect(renderDot(d)).not.toContain('pod-write failures');
    expect(toKubectlScript(d)).not.toContain('refused by the API server');
  });
});
