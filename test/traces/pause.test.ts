/**
 * Pause changes in trace files and renderings: a scenario whose users pause writes `paused` on every spec
 * (the state's and each lagging version's) and `setPaused` steps; it reads back to the same bytes and
 * replays, renders in text, ITF, the kubectl script and the issue report; a file that puts `paused` where
 * the model never would is refused, naming the field, and a scenario without pause changes writes none.
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
import { traceView } from '../../traces/trace-view.js';
import { parseTraceDocument } from '../../traces/parse.js';
import { replayTrace } from '../../traces/replay.js';
import { renderText } from '../../traces/text.js';
import { walkSteps } from '../model/walk.js';
import { parsedDoc } from './fixtures.js';

const pausing: Scenario = {
  ...DEFAULT_SCENARIO,
  initialPartition: 0,
  staleReads: 1,
  budgets: { rollouts: 1, deletes: 0, scales: 0, partitions: 0, pauses: 2 },
};
// A hand-driven trace by action labels (an input to write, read and replay, not a counterexample): the
// pause lands while the cache still shows the version before it.
const road = ['pause', 'rollout(v2)', 'cache-sync', 'reconcile', 'write-status', 'cache-sync', 'resume', 'cache-sync', 'reconcile'];
const text = serializeTraceDocument(toTraceDocument({ scenario: pausing, steps: walkSteps(pausing, road) }));

describe('a trace with pause changes', () => {
  const json = JSON.parse(text);

  it('writes the budget, paused on every spec and the setPaused steps', () => {
    expect(json.scenario.budgets.pauses).toBe(2);
    expect(json.steps.at(-1).state.budgets.pauses).toBe(0);
    for (const st of json.steps) expect(typeof st.state.spec.paused).toBe('boolean');
    expect(json.steps[1].action).toEqual({ kind: 'setPaused', paused: true });
    expect(json.steps[1].state.spec.paused).toBe(true);
    // The version the cache lagged at when the rollout landed: its own spec, paused.
    const lag = json.steps.flatMap((st: { state: { observed: { lag: { spec: Record<string, unknown> }[] } } }) => st.state.observed.lag);
    expect(lag.length).toBeGreaterThan(0);
    for (const x of lag) expect(typeof x.spec['paused']).toBe('boolean');
  });

  it('reads back to the same bytes and replays', () => {
    const doc = parsedDoc(text);
    expect(serializeTraceDocument(doc)).toBe(text);
    expect(replayTrace(doc).ok).toBe(true);
  });

  it('does not replay with a paused or a pause budget the model did not reach', () => {
    for (const tamper of [
      (j: { steps: { state: { spec: { paused: boolean }; budgets: { pauses: number } } }[] }) => {
        j.steps[3]!.state.spec.paused = !j.steps[3]!.state.spec.paused;
      },
      (j: { steps: { state: { spec: { paused: boolean }; budgets: { pauses: number } } }[] }) => {
        j.steps[3]!.state.budgets.pauses = 2;
      },
    ]) {
      const j = JSON.parse(text);
      tamper(j);
      expect(replayTrace(parsedDoc(JSON.stringify(j))).ok).toBe(false);
    }
  });

  it('renders: text names the steps, ITF has paused on every spec and the budget', () => {
    const doc = parsedDoc(text);
    const t = renderText(doc);
    expect(t).toMatch(/\bpause\b/);
    expect(t).toMatch(/\bresume\b/);
    expect(t).toContain('spec.paused false→true');
    expect(t).toContain('spec.paused true→false');
    // The state cells of the picture carry it, and the cache's cell says when the version it shows is paused.
    expect(renderDot(doc)).toMatch(/paused[^\n]*true/);
    const sees = (i: number): string =>
      traceView(doc)
        .nodes[i]!.rows.flatMap((r) => r.cells)
        .find((c) => c.id === 'cache.spec')!
        .value.map((p) => (p.kind === 'text' ? p.text : p.kind === 'rev' ? `v${p.rev + 1}` : ''))
        .join('');
    expect(sees(1)).not.toContain('paused');
    expect(sees(2)).toContain(', paused');
    const itf = JSON.parse(JSON.stringify(toItf(doc)));
    expect(validateItf(itf)).toEqual({ ok: true });
    for (const st of itf.states) {
      expect(typeof st.spec.paused).toBe('boolean');
      expect(st.budgets.pauses).toMatchObject({ '#bigint': expect.any(String) });
    }
    expect(itf.states[1].action).toEqual({ tag: 'setPaused', value: { paused: true } });
  });

  it('the kubectl script patches updateStrategy.paused', () => {
    const script = toKubectlScript(parsedDoc(text));
    expect(script).toContain(`op_paused() { printf '{"op":"add","path":"/spec/updateStrategy/paused","value":%s}' "$1"; }`);
    expect(script).toContain('"$(op_paused true)"');
    expect(script).toContain('"$(op_paused false)"');
  });
});

describe("the explorer's counterexample through a resume", () => {
  // Paused from the start, the default scope keeps every pod available (availability-floor holds there):
  // its shortest counterexample has to resume the rollout first.
  const resumable: Scenario = { ...DEFAULT_SCENARIO, paused: true, budgets: { ...DEFAULT_SCENARIO.budgets, pauses: 1 } };
  const r = explore(cloneSetModel(resumable), { stopAtFirstViolation: false });
  const v = r.violations?.find((x) => x.property === 'availability-floor');

  it('takes the resume step, and the issue report and the script say so', () => {
    expect(v).toBeDefined();
    const doc = fromViolation(resumable, v!);
    expect(doc.steps.some((st) => st.action?.kind === 'setPaused' && !st.action.paused)).toBe(true);
    const report = renderIssueReport(doc, {
      toolVersion: '0.0.0-test',
      traceName: 't.json',
      scenarioFlags: ['--paused', 'true', '--pause-changes', '1'],
      checkAccepts: true,
    });
    expect(report).toContain('Resume the rollout: `spec.updateStrategy.paused` true → false');
    expect(report).toContain('paused: true');
    expect(report).toMatch(/update type, paused \| ReCreate, true at the start/);
    expect(report).toMatch(/pauses and resumes \| 1 /);
    expect(toKubectlScript(doc)).toContain('"$(op_paused false)"');
    const t = serializeTraceDocument(doc);
    expect(serializeTraceDocument(parsedDoc(t))).toBe(t);
  });
});

describe('a file that puts paused where the model never would', () => {
  it('is refused in a scenario without pause changes, naming the field', () => {
    const json = JSON.parse(text);
    delete json.scenario.budgets.pauses;
    for (const st of json.steps) delete st.state.budgets.pauses;
    const r = parseTraceDocument(JSON.stringify(json));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('$.steps[0].state.spec.paused');
  });

  it('is refused when a spec of a pausing scenario lacks it, naming the field', () => {
    const json = JSON.parse(text);
    delete json.steps[2].state.spec.paused;
    const r = parseTraceDocument(JSON.stringify(json));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('$.steps[2].state.spec.paused');
  });

  it('a state whose budgets lack the scenario’s pauses is refused, naming the field', () => {
    const json = JSON.parse(text);
    delete json.steps[3].state.budgets.pauses;
    const r = parseTraceDocument(JSON.stringify(json));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('$.steps[3].state.budgets.pauses');
  });
});

describe('a scenario without pause changes', () => {
  const plain: Scenario = { ...DEFAULT_SCENARIO, paused: true, staleReads: 1 };
  const t = serializeTraceDocument(
    toTraceDocument({ scenario: plain, steps: walkSteps(plain, ['rollout(v2)', 'cache-sync', 'reconcile']) }),
  );

  it('writes no paused on its specs and reads them back as the scenario’s', () => {
    const json = JSON.parse(t);
    for (const st of json.steps) expect(Object.keys(st.state.spec)).toEqual(['replicas', 'template', 'partition']);
    expect(json.scenario.budgets.pauses).toBeUndefined();
    const doc = parsedDoc(t);
    expect(doc.steps.every((st) => st.state.spec.paused)).toBe(true);
    expect(serializeTraceDocument(doc)).toBe(t);
    expect(replayTrace(doc).ok).toBe(true);
    expect(toKubectlScript(doc)).not.toContain('op_paused');
    expect(renderText(doc)).not.toContain('spec.paused');
    expect(renderDot(doc)).not.toContain('paused');
  });
});
