/**
 * A counterexample found with a lagging ControllerRevision cache (scenario staleRevisions) in every rendering:
 * its JSON carries the revisions' numbers in every state and reads back and replays, its ITF export carries them
 * and is valid ITF, and the text shows the revision-cache-sync steps and what the cache listed. A document that
 * mixes the shapes, or whose numbers are not in the model's normal form, is refused naming the field.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import type { Scenario } from '../../model/cloneset/scenario.js';
import { fromViolation, serializeTraceDocument } from '../../traces/document.js';
import { toItf } from '../../traces/itf.js';
import { validateItf } from '../../traces/itf-validate.js';
import { parseTraceDocument } from '../../traces/parse.js';
import { renderText } from '../../traces/text.js';
import { toKubectlScript } from '../../traces/kubectl.js';
import { staleReconciles } from '../../traces/stale-steps.js';
import { toTraceDocument } from '../../traces/document.js';
import { viewOf } from '../../model/cloneset/view.js';
import { FALLBACK_PATH, STALE_REVISIONS_SCOPE } from '../model/revision-cache-path.js';
import { walkSteps } from '../model/walk.js';
import { expectRoundTripReproduces } from './fixtures.js';

const scenario: Scenario = { ...STALE_REVISIONS_SCOPE, controller: 'upstream' };
const result = explore(cloneSetModel(scenario), { stopAtFirstViolation: true, properties: ['canary-respected'] });
const violation = result.violations?.[0];

describe('a counterexample with a lagging revision cache in every rendering', () => {
  it('is found, and its reconciles wait for the revision cache', () => {
    expect(violation?.property).toBe('canary-respected');
    expect(violation?.trace.some((s) => s.action?.kind === 'revisionCacheSync')).toBe(true);
  });

  const doc = fromViolation(scenario, violation!);
  const text = serializeTraceDocument(doc);

  it('writes the option in the scenario and the numbers in every state, and reads back to the same bytes', () => {
    const json = JSON.parse(text);
    expect(json.scenario).toMatchObject({ staleRevisions: true });
    for (const st of json.steps) expect(st.state.observed.revisions.numbers).toHaveLength(st.state.history.length);
    // The cache's numbers only while it lags: after the reconcile that mints v2, not after its sync.
    const lagging = json.steps.filter(
      (st: { state: { observed: { revisions: { cached?: number[] } } } }) => st.state.observed.revisions.cached,
    );
    expect(lagging.length).toBeGreaterThan(0);
    expect(lagging.length).toBeLessThan(json.steps.length);
    expectRoundTripReproduces(text);
  });

  it('shows the revision-cache-sync steps and what the cache listed in text', () => {
    const t = renderText(doc);
    expect(t).toContain('revision-cache-sync');
    expect(t).toMatch(/revisionCache synced → lists v1:1/);
    expect(t).toMatch(/revisions v1:1 → v1:1 v2:2/);
  });

  it('exports valid ITF with the numbers in every record', () => {
    const itf = JSON.parse(JSON.stringify(toItf(doc)));
    expect(validateItf(itf)).toEqual({ ok: true });
    for (const st of itf.states) expect(st.observed.revisionNumbers.length).toBeGreaterThan(0);
    expect(
      itf.states.some((st: { observed: { cachedRevisionNumbers: { tag: string } } }) => st.observed.cachedRevisionNumbers.tag === 'Some'),
    ).toBe(true);
  });

  it('refuses numbers without the option, none with it, and numbers out of normal form, naming the field', () => {
    const json = JSON.parse(text);
    const without = { ...json, scenario: { ...json.scenario, staleRevisions: false } };
    const r1 = parseTraceDocument(JSON.stringify(without));
    expect(r1.ok).toBe(false);
    if (!r1.ok) expect(r1.error.field).toBe('$.steps[0].state.observed');
    const stripped = JSON.parse(text);
    delete stripped.steps[0].state.observed.revisions;
    const r2 = parseTraceDocument(JSON.stringify(stripped));
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.error).toMatchObject({ code: 'missing-field', field: '$.steps[0].state.observed.revisions' });
    const gapped = JSON.parse(text);
    gapped.steps[0].state.observed.revisions.numbers = [2];
    const r3 = parseTraceDocument(JSON.stringify(gapped));
    expect(r3.ok).toBe(false);
    if (!r3.ok) expect(r3.error).toMatchObject({ code: 'inconsistent', field: '$.steps[0].state.observed.revisions' });
  });
});

describe('the reconcile only a lagging revision cache explains', () => {
  // The path test/model/revision-cache.test.ts finds under upstream: v2 promoted at 0 replicas, v3 rolled out
  // and the CloneSet scaled to 1 before the revision informer delivered v2.
  const sc = scenario;
  const steps = walkSteps(sc, FALLBACK_PATH);
  const doc = toTraceDocument({ scenario: sc, steps });

  it('is named by staleReconciles (a caught-up controller creates the pod at v2), and the script says so', () => {
    expect(staleReconciles(viewOf(sc), doc.steps)).toEqual([9]);
    const script = toKubectlScript(doc);
    expect(script).toContain('the ControllerRevisions from a cache that may lack the last one written');
    expect(script).toContain('STALE_STEP=9');
  });
});

describe('a free-choice counterexample with a lagging revision cache', () => {
  it('reads back and replays, tie orders and all', () => {
    const sc: Scenario = { ...scenario, freeChoices: true };
    const r = explore(cloneSetModel(sc), { stopAtFirstViolation: true, properties: ['canary-respected'] });
    const v = r.violations?.[0];
    expect(v?.property).toBe('canary-respected');
    expectRoundTripReproduces(serializeTraceDocument(fromViolation(sc, v!)));
  });
});
