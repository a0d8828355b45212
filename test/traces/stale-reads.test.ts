/**
 * A counterexample found with a stale CloneSet cache (issue #14 item 1) in every rendering: its JSON reads
 * back and replays (with the cache in each state), its ITF export carries the cache and is valid ITF, and
 * the text and DOT show the cache-sync steps and what the cache showed. A document that mixes the two
 * shapes (an observed field without the option, or none with it) is refused naming the field.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { fromViolation, serializeTraceDocument } from '../../traces/document.js';
import { renderDot } from '../../traces/dot.js';
import { toItf } from '../../traces/itf.js';
import { validateItf } from '../../traces/itf-validate.js';
import { parseTraceDocument } from '../../traces/parse.js';
import { renderText } from '../../traces/text.js';
import { expectDroppedFieldDiverges, expectRoundTripReproduces } from './fixtures.js';

const scenario: Scenario = { ...DEFAULT_SCENARIO, controller: 'upstream', staleReads: 1, statusWriteFailures: 1 };
const result = explore(cloneSetModel(scenario), { stopAtFirstViolation: true, properties: ['canary-respected'] });
const violation = result.violations?.[0];

describe('a stale-read counterexample in every rendering', () => {
  it('is found', () => {
    expect(violation?.property).toBe('canary-respected');
  });

  const doc = fromViolation(scenario, violation!);
  const text = serializeTraceDocument(doc);

  it('writes the options in the scenario and the cache in every state, and reads back to the same bytes', () => {
    const json = JSON.parse(text);
    expect(json.scenario).toMatchObject({ staleReads: 1, statusWriteFailures: 1 });
    for (const st of json.steps) expect(st.state.observed).toHaveProperty('lag');
    expectRoundTripReproduces(text);
  });

  it('shows the cache-sync steps and what the cache showed in text and DOT', () => {
    expect(doc.steps.some((s) => s.action?.kind === 'cacheSync')).toBe(true);
    const t = renderText(doc);
    expect(t).toContain('cache-sync');
    expect(t).toMatch(/cache synced → 1 behind \(replicas 2, partition 50%, template v1/);
    const dot = renderDot(doc);
    expect(dot).toContain('cache-sync');
    expect(dot).toContain('1 version behind');
  });

  it('exports valid ITF with the cache as a state variable', () => {
    const itf = JSON.parse(JSON.stringify(toItf(doc)));
    expect(validateItf(itf)).toEqual({ ok: true });
    expect(itf.vars).toContain('observed');
    expect(itf.states[1].observed.lag).toHaveLength(1);
  });

  it('refuses an observed field in a scenario without the options, and a state without one in a scenario with them', () => {
    const json = JSON.parse(text);
    const without = { ...json, scenario: { ...json.scenario, staleReads: 0, statusWriteFailures: 0 } };
    const r1 = parseTraceDocument(JSON.stringify(without));
    expect(r1.ok).toBe(false);
    if (!r1.ok) expect(r1.error.field).toBe('$.steps[0].state.observed');
    const stripped = JSON.parse(text);
    delete stripped.steps[0].state.observed;
    const r2 = parseTraceDocument(JSON.stringify(stripped));
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.error).toMatchObject({ code: 'missing-field', field: '$.steps[0].state.observed' });
  });
});

describe("observedGeneration's flags in a stale-read trace", () => {
  const doc = fromViolation(scenario, violation!);
  const text = serializeTraceDocument(doc);
  const json = JSON.parse(text);
  const flagged = json.steps.findIndex(
    (st: { state: { observed: { generationUnobserved?: true } } }) => st.state.observed.generationUnobserved === true,
  );

  it('are written only where set, and read back and replay', () => {
    // The rollout leaves the server's status behind its generation until a write carries it.
    expect(flagged).toBeGreaterThan(0);
    expect(text).not.toMatch(/"(generationUnobserved|pendingUnobserved)": false/);
    const back = parseTraceDocument(text);
    expect(back.ok && back.doc.steps[flagged]!.state.observed!.generationUnobserved).toBe(true);
  });

  it('a recorded flag the model does not have fails replay, naming status.observedGeneration', () => {
    expectDroppedFieldDiverges(
      text,
      (d) => delete d.steps[flagged]!.state.observed['generationUnobserved'],
      'status.observedGeneration model < generation, recorded = generation',
    );
  });

  it('are in every observation record of the ITF export, and in the DOT', () => {
    const itf = JSON.parse(JSON.stringify(toItf(doc)));
    expect(validateItf(itf)).toEqual({ ok: true });
    for (const st of itf.states) {
      expect(typeof st.observed.generationUnobserved).toBe('boolean');
      expect(typeof st.observed.pendingUnobserved).toBe('boolean');
      for (const x of st.observed.lag) expect(typeof x.generationUnobserved).toBe('boolean');
    }
    expect(renderDot(doc)).toContain('&lt; generation');
  });

  it('are refused where the model keeps none (no staleReads) and for a pending status that is not there', () => {
    const sc: Scenario = { ...scenario, staleReads: 0 };
    const plain = JSON.parse(
      serializeTraceDocument(
        fromViolation(sc, explore(cloneSetModel(sc), { stopAtFirstViolation: true, properties: ['canary-respected'] }).violations![0]!),
      ),
    );
    plain.steps[1].state.observed.generationUnobserved = true;
    const r1 = parseTraceDocument(JSON.stringify(plain));
    expect(r1.ok).toBe(false);
    if (!r1.ok) expect(r1.error).toMatchObject({ code: 'inconsistent', field: '$.steps[1].state.observed.generationUnobserved' });
    const noPending = JSON.parse(text);
    const at = noPending.steps.findIndex((st: { state: { pending: unknown } }) => st.state.pending === null);
    noPending.steps[at].state.observed.pendingUnobserved = true;
    const r2 = parseTraceDocument(JSON.stringify(noPending));
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.error).toMatchObject({ code: 'inconsistent', field: `$.steps[${at}].state.observed.pendingUnobserved` });
  });
});

describe('a counterexample with a lagging pod cache (expectations upstream)', () => {
  const sc: Scenario = { ...DEFAULT_SCENARIO, controller: 'upstream', expectations: 'upstream' };
  const r = explore(cloneSetModel(sc), { stopAtFirstViolation: true, properties: ['canary-respected'] });
  const v = r.violations?.[0];

  it('is found, with pod-cache-sync steps and a reconcile that awaits the pod it created', () => {
    expect(v?.property).toBe('canary-respected');
    expect(v!.trace.some((s) => s.action?.kind === 'podCacheSync')).toBe(true);
    const last = v!.trace[v!.trace.length - 1]!.state;
    expect(last.observed!.pods.some((e) => e.awaited === 'scale' && e.cached === null)).toBe(true);
  });

  it('reads back to the same bytes, replays, shows the pod cache, and exports valid ITF', () => {
    const doc = fromViolation(sc, v!);
    expectRoundTripReproduces(serializeTraceDocument(doc));
    expect(renderText(doc)).toMatch(/pod-cache-sync\(v1 ready → ∅\)/);
    expect(renderDot(doc)).toContain('pods not yet seen');
    const itf = JSON.parse(JSON.stringify(toItf(doc)));
    expect(validateItf(itf)).toEqual({ ok: true });
    expect(JSON.stringify(itf)).toContain('"awaited":"scale"');
  });
});
