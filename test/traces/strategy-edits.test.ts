/**
 * Strategy edits in trace files and renderings: a scenario whose users edit maxSurge / maxUnavailable writes
 * `surge` and `unavailable` on every spec (the state's and each lagging version's) and `setStrategy` steps; it
 * reads back to the same bytes and replays, renders in text, ITF, the kubectl script and the issue report
 * (of an explorer's counterexample that needs an edit); a
 * file whose step names a value the scenario does not hold at that index is refused, naming the field, and a
 * scenario without strategy edits writes none of it.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { fromViolation, serializeTraceDocument, toTraceDocument } from '../../traces/document.js';
import { renderIssueReport } from '../../traces/issue-report.js';
import { toItf } from '../../traces/itf.js';
import { validateItf } from '../../traces/itf-validate.js';
import { toKubectlScript } from '../../traces/kubectl.js';
import { parseTraceDocument } from '../../traces/parse.js';
import { replayTrace } from '../../traces/replay.js';
import { renderText } from '../../traces/text.js';
import { editingRollout, u9sScope } from '../model/strategy-scopes.js';
import { walkSteps } from '../model/walk.js';
import { parsedDoc } from './fixtures.js';

const editing: Scenario = { ...editingRollout(3), staleReads: 1 };
// A hand-driven trace by action labels (an input to write, read and replay, not a counterexample): the
// surge is raised while the cache still shows the version before it, then maxUnavailable is lowered.
const road = [
  'maxSurge(1)',
  'rollout(v2)',
  'cache-sync',
  'reconcile',
  'write-status',
  'cache-sync',
  'maxUnavailable(0)',
  'cache-sync',
  'reconcile',
];
const text = serializeTraceDocument(toTraceDocument({ scenario: editing, steps: walkSteps(editing, road) }));

describe('a trace with strategy edits', () => {
  const json = JSON.parse(text);

  it('writes the value lists, the budget, both indices on every spec and the setStrategy steps', () => {
    expect(json.scenario.maxSurges).toEqual([1]);
    expect(json.scenario.maxUnavailables).toEqual([0]);
    expect(json.scenario.budgets.strategies).toBe(3);
    expect(json.steps.at(-1).state.budgets.strategies).toBe(1);
    for (const st of json.steps) {
      expect(typeof st.state.spec.surge).toBe('number');
      expect(typeof st.state.spec.unavailable).toBe('number');
    }
    expect(json.steps[1].action).toEqual({ kind: 'setStrategy', field: 'maxSurge', index: 1, value: 1 });
    expect(json.steps[1].state.spec.surge).toBe(1);
    expect(json.steps[7].action).toEqual({ kind: 'setStrategy', field: 'maxUnavailable', index: 1, value: 0 });
    const lag = json.steps.flatMap((st: { state: { observed: { lag: { spec: Record<string, unknown> }[] } } }) => st.state.observed.lag);
    expect(lag.length).toBeGreaterThan(0);
    for (const x of lag) expect(typeof x.spec['surge']).toBe('number');
  });

  it('reads back to the same bytes and replays; a spec index the model did not reach does not replay', () => {
    const doc = parsedDoc(text);
    expect(serializeTraceDocument(doc)).toBe(text);
    expect(replayTrace(doc).ok).toBe(true);
    const j = JSON.parse(text);
    j.steps[3].state.spec.surge = 0;
    expect(replayTrace(parsedDoc(JSON.stringify(j))).ok).toBe(false);
  });

  it('a strategies budget the model did not leave does not replay (an audit: sameState left it out)', () => {
    const j = JSON.parse(text);
    const left = j.steps[1].state.budgets.strategies as number;
    expect(left).toBeGreaterThan(0);
    j.steps[1].state.budgets.strategies = left - 1;
    const r = replayTrace(parsedDoc(JSON.stringify(j)));
    expect(r.ok ? null : r.divergence).toMatchObject({ step: 1, reason: 'state-mismatch' });
  });

  it('renders: text names the steps and the values, ITF has both on every spec, the script patches them', () => {
    const doc = parsedDoc(text);
    const t = renderText(doc);
    expect(t).toContain('maxSurge(1)');
    expect(t).toContain('maxUnavailable(0)');
    expect(t).toContain('spec.maxSurge 0→1');
    expect(t).toContain('spec.maxUnavailable 1→0');
    const itf = JSON.parse(JSON.stringify(toItf(doc)));
    expect(validateItf(itf)).toEqual({ ok: true });
    for (const st of itf.states) {
      expect(st.spec.maxSurge).toBeDefined();
      expect(st.spec.maxUnavailable).toBeDefined();
    }
    expect(itf.states[1].action.tag).toBe('setStrategy');
    const script = toKubectlScript(doc);
    expect(script).toContain('op_strategy() {');
    expect(script).toContain('"$(op_strategy maxSurge \'1\')"');
    expect(script).toContain('"$(op_strategy maxUnavailable \'0\')"');
    expect(script).not.toContain("which kruise's webhook takes at spec.replicas 0 only");
  });

  it('through the pair at 0 replicas: it replays, and the script says a patch with the scale is refused above 0', () => {
    const sc: Scenario = { ...editingRollout('any'), statusWrite: 'inline', budgets: { ...editingRollout('any').budgets, scales: 2 } };
    const doc = parsedDoc(
      serializeTraceDocument(toTraceDocument({ scenario: sc, steps: walkSteps(sc, ['scale(0)', 'maxUnavailable(0)', 'scale(2)']) })),
    );
    expect(replayTrace(doc).ok).toBe(true);
    expect(toKubectlScript(doc)).toContain("maxSurge and maxUnavailable both to 0, which kruise's webhook takes at spec.replicas 0 only");
  });
});

describe("the explorer's counterexample through an edit", () => {
  // examples/strategy-edits.yaml: availability-floor holds there without the edit, so its shortest
  // counterexample has to lower maxUnavailable (docs/findings.md, row U9s).
  const scope = u9sScope(1);
  const r = explore(cloneSetModel(scope), { stopAtFirstViolation: false });
  const v = r.violations?.find((x) => x.property === 'availability-floor');

  it('takes the edit; it reads back to the same bytes and replays; the report and the script say so', () => {
    expect(v).toBeDefined();
    const doc = fromViolation(scope, v!);
    expect(doc.steps.some((st) => st.action?.kind === 'setStrategy')).toBe(true);
    const t = serializeTraceDocument(doc);
    expect(serializeTraceDocument(parsedDoc(t))).toBe(t);
    expect(replayTrace(parsedDoc(t)).ok).toBe(true);
    const report = renderIssueReport(doc, { toolVersion: '0.0.0-test', traceName: 't.json', scenarioFlags: [], checkAccepts: true });
    expect(report).toContain('Set `spec.updateStrategy.maxUnavailable` 50% → 20%.');
    expect(report).toMatch(/maxSurge \/ maxUnavailable edits \| 1, among maxSurge 0 and maxUnavailable 50%, 20%/);
    expect(report).toMatch(/maxSurge, maxUnavailable at the start \| 0, 50%/);
    // The headline judges against the value the controller saw, not the one at the start.
    expect(report).toContain('(maxUnavailable 20%)');
    expect(toKubectlScript(doc)).toContain('"$(op_strategy maxUnavailable \'"20%"\')"');
  });
});

describe('a file that puts strategy edits where the model never would', () => {
  it('is refused when a step names a value the scenario does not hold at its index, naming the field', () => {
    const json = JSON.parse(text);
    json.steps[1].action.value = 2;
    const r = parseTraceDocument(JSON.stringify(json));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('$.steps[1].action.value');
  });

  it('is refused in a scenario without strategy edits, naming the field', () => {
    const json = JSON.parse(text);
    delete json.scenario.budgets.strategies;
    for (const st of json.steps) delete st.state.budgets.strategies;
    const r = parseTraceDocument(JSON.stringify(json));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('$.steps[0].state.spec.surge');
  });

  it('a scenario without them writes no index and no list', () => {
    const plain = serializeTraceDocument(
      toTraceDocument({ scenario: DEFAULT_SCENARIO, steps: walkSteps(DEFAULT_SCENARIO, ['rollout(v2)', 'reconcile']) }),
    );
    expect(plain).not.toContain('"surge"');
    expect(plain).not.toContain('maxSurges');
    expect(plain).not.toContain('strategies');
  });
});
