/**
 * A pod that failed before the controller's cache showed it, in trace files and renderings: its pod-cache
 * entry carries `failed` (written only when set, so files of scenarios without pod failures read and write as
 * before), reads back to the same bytes, replays, shows as `→ failed` in text, and is a field of every ITF
 * entry of a scenario with pod failures. A file that sets the flag where the model never would is refused,
 * naming the field.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { serializeTraceDocument, toTraceDocument } from '../../traces/document.js';
import { toItf } from '../../traces/itf.js';
import { validateItf } from '../../traces/itf-validate.js';
import { parseTraceDocument } from '../../traces/parse.js';
import { replayTrace } from '../../traces/replay.js';
import { renderText } from '../../traces/text.js';
import { walkSteps } from '../model/walk.js';
import { parsedDoc } from './fixtures.js';

const failing: Scenario = { ...DEFAULT_SCENARIO, expectations: 'upstream', budgets: { ...DEFAULT_SCENARIO.budgets, failures: 1 } };

/** A hand-driven trace by action labels (an input to render and replay, not a counterexample). */
const handTrace = (sc: Scenario, labels: readonly string[]): string =>
  serializeTraceDocument(toTraceDocument({ scenario: sc, steps: walkSteps(sc, labels) }));

const road = ['fail(v1 ready)', 'scale(0)', 'reconcile', 'pod-cache-sync(v1 ready → ∅, awaited (scale))'];
const text = handTrace(failing, road);

describe('a failed pod in a trace file', () => {
  it('is written as failed: true on its entry, and nowhere else', () => {
    const json = JSON.parse(text);
    expect(json.steps[1].state.observed.pods).toEqual([
      { cached: { rev: 0, lifecycle: 'Normal', ready: true, marked: false }, truth: null, awaited: 'none', failed: true },
    ]);
    // The controller deletes it: from then on it is a deleted pod, awaited.
    expect(json.steps[3].state.observed.pods.every((e: object) => !('failed' in e))).toBe(true);
  });

  it('reads back to the same bytes and replays', () => {
    const doc = parsedDoc(text);
    expect(serializeTraceDocument(doc)).toBe(text);
    expect(replayTrace(doc).ok).toBe(true);
    expect(renderText(doc)).toContain('v1 ready → failed');
  });

  it("a user's delete of the failed pod reads back and replays too", () => {
    const t = handTrace(failing, ['fail(v1 ready)', 'delete(v1 ready, failed, still cached)', 'scale(0)']);
    const doc = parsedDoc(t);
    expect(serializeTraceDocument(doc)).toBe(t);
    expect(replayTrace(doc).ok).toBe(true);
    expect(JSON.parse(t).steps[2].action.via).toMatchObject({ truth: null, failed: true });
  });

  it('is a field of every ITF entry of a scenario with pod failures, and of none without', () => {
    const itf = JSON.parse(JSON.stringify(toItf(parsedDoc(text))));
    expect(validateItf(itf)).toEqual({ ok: true });
    expect(itf.states[1].observed.pods[0].failed).toBe(true);
    expect(itf.states[3].observed.pods.map((e: { failed: boolean }) => e.failed)).toEqual([false, false]);
    const plain: Scenario = { ...DEFAULT_SCENARIO, expectations: 'upstream' };
    const other = JSON.parse(JSON.stringify(toItf(parsedDoc(handTrace(plain, ['delete(v1 ready)'])))));
    expect(Object.keys(other.states[1].observed.pods[0])).toEqual(['cached', 'truth', 'awaited']);
  });

  it('refuses the flag on an entry with a truth, and in a scenario without pod failures', () => {
    const withTruth = JSON.parse(text);
    const e = withTruth.steps[1].state.observed.pods[0];
    e.truth = e.cached;
    const r1 = parseTraceDocument(JSON.stringify(withTruth));
    expect(r1.ok ? null : r1.error).toMatchObject({ code: 'inconsistent', field: '$.steps[1].state.observed.pods[0].failed' });
    // No failures left anywhere: the scenario and every state say there were none to spend.
    const without = JSON.parse(text);
    without.scenario.budgets.failures = 0;
    for (const st of without.steps) st.state.budgets.failures = 0;
    const r2 = parseTraceDocument(JSON.stringify(without));
    expect(r2.ok ? null : r2.error).toMatchObject({ code: 'inconsistent', field: '$.steps[1].state.observed.pods[0].failed' });
    const notBool = JSON.parse(text);
    notBool.steps[1].state.observed.pods[0].failed = 'yes';
    const r3 = parseTraceDocument(JSON.stringify(notBool));
    expect(r3.ok ? null : r3.error).toMatchObject({ field: '$.steps[1].state.observed.pods[0].failed' });
  });
});
