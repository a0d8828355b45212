/** Replay: a genuine trace replays; a doctored or outdated one reports the first step that diverges and why. */
import { describe, expect, it } from 'vitest';
import { parseTraceDocument } from '../../traces/parse.js';
import { replayTrace } from '../../traces/replay.js';
import type { TraceDocument } from '../../traces/document.js';
import { continuationDoc, issue1545Doc, mutable } from './fixtures.js';
import { explore } from '../../checker/index.js';
import { replayRefusal } from '../../cli/trace-input.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { fromViolation } from '../../traces/document.js';

function reparse(d: Record<string, any>): TraceDocument {
  const r = parseTraceDocument(JSON.stringify(d));
  if (!r.ok) throw new Error(r.error.message);
  return r.doc;
}

describe('replayTrace', () => {
  it('replays a genuine trace and reproduces its violation', () => {
    const doc = issue1545Doc();
    const r = replayTrace(doc);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.steps).toHaveLength(doc.steps.length);
    expect(r.violation).toBe('reproduced');
  });

  it('replays a trace read back from JSON', () => {
    const r = replayTrace(reparse(mutable(issue1545Doc())));
    expect(r.ok).toBe(true);
  });

  it('reports a changed state at its step, naming the field', () => {
    const d = mutable(issue1545Doc());
    d.steps[5].state.status.updatedReplicas = 3;
    const r = replayTrace(reparse(d));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.divergence).toMatchObject({ step: 5, reason: 'state-mismatch' });
    expect(r.divergence.message).toMatch(
      /^step 5: reconcile leads the model to a different state than recorded \(status\.updatedReplicas model 0, recorded 3\)$/,
    );
    expect(r.divergence.expected).toContain('updated 0');
    expect(r.divergence.actual).toContain('updated 3');
  });

  it('names a pod hook label when that is all that differs', () => {
    // The pods' glyphs do not show hook labels: this mismatch was once reported with an empty list, "()".
    const d = mutable(issue1545Doc());
    const k = d.steps.findIndex((st: any) => st.state.pods.length > 0);
    d.steps[k].state.pods[0].inPlaceHook = true;
    const r = replayTrace(reparse(d));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.divergence.step).toBe(k);
    expect(r.divergence.message).toMatch(/\(pods\.hooks model none, recorded v\d inPlaceUpdate\)$/);
  });

  it('reports an action that is not enabled', () => {
    const d = mutable(issue1545Doc());
    // A second rollout: the scenario allows only one, so the budget is spent by then.
    d.steps[4].action = { kind: 'rollout', template: 0 };
    const r = replayTrace(reparse(d));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.divergence).toMatchObject({ step: 4, reason: 'action-not-enabled', actual: 'rollout(v1)' });
    expect(r.divergence.message).toContain('rollout(v1) is not enabled in the state after step 3 (enabled: ');
    expect(r.divergence.expected).toContain('reconcile');
  });

  it('reports a wrong initial state', () => {
    const d = mutable(issue1545Doc());
    d.steps[0].state.spec.replicas = 3;
    const r = replayTrace(reparse(d));
    expect(r.ok ? null : r.divergence).toMatchObject({ step: 0, reason: 'initial-state-mismatch' });
    expect(r.ok ? '' : r.divergence.message).toContain('spec.replicas model 2, recorded 3');
  });

  it('explains a trace saved against an older model (its scenario now yields different states), without throwing', () => {
    const d = mutable(issue1545Doc());
    // As if the model's defaults changed: the same steps under a different maxUnavailable.
    d.scenario.maxUnavailable = 0;
    const r = replayTrace(reparse(d));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.divergence.step).toBeGreaterThan(0);
    expect(['state-mismatch', 'action-not-enabled']).toContain(r.divergence.reason);
    expect(r.divergence.message).toMatch(new RegExp(`^step ${r.divergence.step}: `));
  });

  it('names the differing field of a corrupted initial state', () => {
    const d = mutable(issue1545Doc());
    d.steps[0].state.history = [1];
    const r = replayTrace(reparse(d));
    expect(r.ok ? null : r.divergence).toMatchObject({ step: 0, reason: 'initial-state-mismatch' });
    expect(r.ok ? '' : r.divergence.message).toBe("step 0: the recorded initial state is not the model's (history model v1, recorded v2)");
  });

  it('replays a dead-end continuation, and rejects a dead end that is not one', () => {
    const doc = continuationDoc();
    const ok = replayTrace(doc);
    expect(ok.ok).toBe(true);
    expect(ok.ok && ok.steps.length).toBe(doc.steps.length + doc.continuation!.steps.length);

    const d = mutable(doc);
    d.continuation.steps.pop();
    const r = replayTrace(reparse(d));
    expect(r.ok ? null : r.divergence).toMatchObject({
      reason: 'not-a-dead-end',
      step: doc.steps.length + doc.continuation!.steps.length - 2,
    });
  });

  it('rejects a cycle that does not return to the state it names', () => {
    const d = mutable(continuationDoc());
    d.continuation.cycleTo = d.steps.length;
    const r = replayTrace(reparse(d));
    expect(r.ok ? null : r.divergence).toMatchObject({ reason: 'cycle-mismatch' });
    expect(r.ok ? '' : r.divergence.message).toContain(`return to step ${d.steps.length}`);
  });

  describe('convergence: from the last state, no settled state by system steps alone', () => {
    // L2 of docs/findings.md: a PreparingUpdate pod stranded (upstream, converges in 3 steps), found by the explorer.
    const scenario: Scenario = {
      ...DEFAULT_SCENARIO,
      controller: 'upstream',
      podUpdatePolicy: 'InPlaceIfPossible',
      lifecycleHooks: 'inPlaceUpdate',
    };
    const found = explore(cloneSetModel(scenario), { properties: ['converges'] }).violations?.[0];

    it("reproduces the explorer's counterexample", () => {
      expect(found?.trace.length).toBe(4);
      const r = replayTrace(fromViolation(scenario, found!));
      expect(r.ok && r.violation).toBe('reproduced');
    });

    it('does not reproduce a trace relabelled converges whose end settles (an audit: replay passed it, export wrote an issue)', () => {
      // The #1545 trace cut at its first delete, with the system's steps from there as a dead end: the
      // system settles there, so it is no counterexample.
      const doc = continuationDoc();
      const r = replayTrace(doc);
      expect(r.ok && r.violation).toBe('not-reproduced');
      expect(replayRefusal(doc, r)).toMatch(/from the last state the system alone reaches a settled state\)$/);
    });
  });

  it('reports a property that no longer fails as not reproduced (states still match)', () => {
    const d = mutable(issue1545Doc());
    d.property.name = 'well-formed';
    d.property.kind = 'invariant';
    const r = replayTrace(reparse(d));
    expect(r.ok && r.violation).toBe('not-reproduced');
  });
});
