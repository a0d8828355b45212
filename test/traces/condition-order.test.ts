/**
 * Traces through ranked Progressing conditions (progressDeadlineSeconds with stale reads: a condition's
 * `order`): the file carries an order where it is above 0 and reads back to the same bytes and replays; a
 * file that drops one diverges at that step; the parser refuses an order where the scenario ranks nothing
 * or on an expired condition, naming the field; ITF has the order in every condition record; the text says it.
 */
import { describe, expect, it } from 'vitest';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import type { CloneSetState } from '../../model/cloneset/state.js';
import type { Action } from '../../model/cloneset/actions.js';
import { conditionsOf, someConditionTimed } from '../../model/cloneset/condition-order.js';
import { viewOf } from '../../model/cloneset/view.js';
import { toKubectlScript } from '../../traces/kubectl.js';
import { serializeTraceDocument, toTraceDocument, type TraceDocument } from '../../traces/document.js';
import { toItf } from '../../traces/itf.js';
import { validateItf } from '../../traces/itf-validate.js';
import { parseTraceDocument } from '../../traces/parse.js';
import { replayTrace } from '../../traces/replay.js';
import { renderText } from '../../traces/text.js';
import { renderDot } from '../../traces/dot.js';
import { firstStep } from '../model/reach.js';
import type { WalkStep } from '../model/walk.js';

const scenario: Scenario = {
  ...DEFAULT_SCENARIO,
  controller: 'upstream',
  progressDeadline: true,
  staleReads: 1,
  maxReplicas: 2,
  budgets: { ...DEFAULT_SCENARIO.budgets, deletes: 1, scales: 1 },
};

const ranked = (s: CloneSetState): boolean => conditionsOf(s).some((c) => (c?.order ?? 0) > 0);

/** A shortest path from the initial state through a step `found` accepts. */
function pathTo(found: (a: Action, t: CloneSetState) => boolean): WalkStep[] {
  const path = firstStep(cloneSetModel(scenario), (_s, a, t) => found(a, t));
  if (path === undefined) throw new Error('no such step');
  return path;
}

const doc: TraceDocument = toTraceDocument({ scenario, steps: pathTo((_a, t) => ranked(t)) });
const text = serializeTraceDocument(doc);

describe('a trace through a ranked condition', () => {
  it('its file carries the order, reads back to the same bytes and replays', () => {
    expect(text).toContain('"order": 1');
    const back = parseTraceDocument(text);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(serializeTraceDocument(back.doc)).toBe(text);
    expect(replayTrace(back.doc).ok).toBe(true);
  });

  it('a file without the order diverges where the model ranks the condition', () => {
    const tampered = text.replace(/,\s*"order": 1/, '');
    const back = parseTraceDocument(tampered);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    const r = replayTrace(back.doc);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.divergence.reason).toBe('state-mismatch');
  });

  it('the parser refuses an order on an expired condition, and one where the scenario ranks nothing, naming the field', () => {
    const expired = parseTraceDocument(text.replace(/"expired": false,(\s*)"order": 1/, '"expired": true,$1"order": 1'));
    expect(expired.ok).toBe(false);
    if (!expired.ok)
      expect(expired.error.message).toMatch(
        /progressing\.order: only on a condition whose deadline has not passed and which the controller times/,
      );
    const exceeded = parseTraceDocument(
      text.replace(
        /"reason": "[A-Za-z]+",(\s*)"expired": false,(\s*)"order": 1/,
        '"reason": "DeadlineExceeded",$1"expired": false,$2"order": 1',
      ),
    );
    expect(exceeded.ok).toBe(false);
    if (!exceeded.ok) expect(exceeded.error.message).toMatch(/progressing\.order: only on .*not ProgressDeadlineExceeded/);
    const sc: Scenario = { ...scenario, staleReads: 0 };
    const synced = JSON.parse(
      serializeTraceDocument(toTraceDocument({ scenario: sc, steps: [{ state: cloneSetModel(sc).initialStates()[0]!, action: null }] })),
    );
    synced.steps[0].state.status.progressing.order = 1;
    const r = parseTraceDocument(JSON.stringify(synced));
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error.message).toMatch(
        /steps\[0\]\.state\.status\.progressing\.order: is not a field of a Progressing condition; allowed: reason, expired$/,
      );
  });

  it('ITF has the order in every condition record, and validates; the text names the rank', () => {
    const itf = toItf(doc);
    expect(validateItf(JSON.parse(JSON.stringify(itf))).ok).toBe(true);
    const json = JSON.stringify(itf);
    expect(json.match(/"progressing":\{[^}]*\}/g)!.every((c) => c.includes('"order"'))).toBe(true);
    expect(renderText(doc)).toContain('(time rank 1)');
    expect(renderText(doc, { legend: true })).toContain('(time rank n): with stale reads');
  });

  it('the diagram shows the condition of every status, pending status and cached version, and says the options', () => {
    const dot = renderDot(doc);
    expect(dot).toContain('progressDeadlineSeconds');
    expect(dot).toContain('CloneSet cache up to 1 stale');
    expect(dot).toMatch(/<FONT COLOR="#6b6b6b">progressing<\/FONT> [A-Za-z]+ \(time rank 1\)/);
    // One cell per status drawn, the cache's included.
    const states = doc.steps.length;
    expect((dot.match(/>progressing<\/FONT>/g) ?? []).length).toBeGreaterThanOrEqual(states);
  });

  it('the kubectl script says where a deadline step passes the deadline for some copies only', () => {
    const v = viewOf(scenario);
    const partial = toTraceDocument({ scenario, steps: pathTo((a, t) => a.kind === 'deadlinePasses' && someConditionTimed(v, t)) });
    const script = toKubectlScript(partial);
    expect(script).toContain('The trace passes the deadline for the oldest copies of the condition only');
    // No verdict there: waiting would pass the deadline for every copy.
    expect(script).toMatch(
      /passes progressDeadlineSeconds for some copies of the Progressing condition only, which a cluster cannot be made to do: no verdict" >&2\nexit 3\n/,
    );
    expect(toKubectlScript(doc)).not.toContain('for the oldest copies of the condition only');
  });
});
