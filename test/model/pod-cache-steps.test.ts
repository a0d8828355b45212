/**
 * The users', kubelet's and hook owner's pod steps of issue #14 item 5 under a lagging pod cache
 * (expectations upstream; model/cloneset/pod-cache.ts): each lands on the pods as they are, and the
 * controller's cache receives it only by a later pod-cache-sync step. The states are found by a
 * breadth-first walk over the model's own steps, not written by hand.
 */
import { describe, expect, it } from 'vitest';
import { parseCommandArgs } from '../../cli/args.js';
import { SCENARIO_FIELDS } from '../../cli/fields.js';
import { buildScenario } from '../../cli/scenario.js';
import { explore } from '../../checker/index.js';
import { serializeTraceDocument, toTraceDocument } from '../../traces/document.js';
import { toItf } from '../../traces/itf.js';
import { validateItf } from '../../traces/itf-validate.js';
import { parseTraceDocument } from '../../traces/parse.js';
import { replayTrace } from '../../traces/replay.js';
import type { Action, ActionKind } from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { cachedPods } from '../../model/cloneset/pod-cache.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { podCode, podEntryCode, type CloneSetState, type Pod, type PodEntry } from '../../model/cloneset/state.js';
import { firstStep, reachable } from './reach.js';

const codes = (pods: readonly Pod[]): number[] => pods.map(podCode).sort((x, y) => x - y);
const cacheCodes = (s: CloneSetState): number[] => codes(cachedPods(s).pods);

/** The entries of `t` that `s` does not have (by code). */
function newEntries(s: CloneSetState, t: CloneSetState): PodEntry[] {
  const before = new Set(s.observed!.pods.map(podEntryCode));
  return t.observed!.pods.filter((e) => !before.has(podEntryCode(e)));
}

/** An entry as its pods' codes (not podEntryCode, which would hide a mixed-up packing). */
const parts = (e: PodEntry): readonly (number | string | null)[] => [
  e.cached === null ? null : podCode(e.cached),
  e.truth === null ? null : podCode(e.truth),
  e.awaited,
];

/** The codes of `b` less those of `a` (multisets). */
function added(a: readonly Pod[], b: readonly Pod[]): number[] {
  const left = codes(a);
  const out: number[] = [];
  for (const c of codes(b)) {
    const i = left.indexOf(c);
    if (i >= 0) left.splice(i, 1);
    else out.push(c);
  }
  return out;
}

const d = DEFAULT_SCENARIO;
const upstream = (sc: Partial<Scenario>): Scenario => ({ ...d, controller: 'proposed', expectations: 'upstream', ...sc });

const STEPS: readonly { readonly kind: ActionKind; readonly scenario: Scenario; readonly removes?: true }[] = [
  { kind: 'markPod', scenario: upstream({ budgets: { ...d.budgets, marks: 1, failures: 0 } }) },
  { kind: 'podUnready', scenario: upstream({ budgets: { ...d.budgets, marks: 0, failures: 1 } }) },
  { kind: 'podFail', scenario: upstream({ budgets: { ...d.budgets, marks: 0, failures: 1 } }), removes: true },
  { kind: 'inPlaceDone', scenario: upstream({ podUpdatePolicy: 'InPlaceIfPossible', inPlaceKubelet: true }) },
  { kind: 'releaseHook', scenario: upstream({ lifecycleHooks: 'both' }) },
  { kind: 'restoreHook', scenario: upstream({ lifecycleHooks: 'inPlaceUpdate', podUpdatePolicy: 'InPlaceIfPossible' }) },
];

describe('expectations upstream: user, kubelet and hook steps reach the pod cache by a step', () => {
  for (const step of STEPS) {
    for (const behind of [false, true]) {
      const on = behind ? 'a pod whose earlier change the cache has not received' : 'a pod the cache holds as it is';
      it(`${step.kind} on ${on}: the truth changes, the cache only at pod-cache-sync`, () => {
        const m = cloneSetModel(step.scenario);
        // A step whose change leaves an entry (one that undoes what the cache is missing leaves none).
        const hit = firstStep(m, (x, a, y) => a.kind === step.kind && 'via' in a === behind && newEntries(x, y).length > 0);
        expect(hit, `no reachable ${step.kind}`).toBeDefined();
        const s = hit!.at(-2)!.state;
        const { action: a, state: t } = hit!.at(-1)!;
        if (a === null || !('pod' in a)) throw new Error('a pod step without a pod');
        // The truth: one pod of the kind replaced (or gone).
        expect(t.pods.length).toBe(s.pods.length - (step.removes === true ? 1 : 0));
        expect(codes(t.pods)).not.toEqual(codes(s.pods));
        expect(codes(t.pods).filter((c) => c === podCode(a.pod)).length).toBe(codes(s.pods).filter((c) => c === podCode(a.pod)).length - 1);
        // The cache: exactly what it was.
        expect(cacheCodes(t)).toEqual(cacheCodes(s));
        // The change waits in an entry whose truth is the changed pod (or none), and its sync delivers it.
        const fresh = newEntries(s, t);
        expect(fresh).toHaveLength(1);
        const entry = fresh[0];
        expect(entry!.truth === null ? null : podCode(entry!.truth)).toBe(step.removes === true ? null : added(s.pods, t.pods)[0]);
        expect(entry, 'an entry for the change').toBeDefined();
        const sync = m.actions(t).find((x) => x.kind === 'podCacheSync' && x.entry === entry);
        expect(sync, 'its pod-cache-sync step').toBeDefined();
        expect(m.actionLabel(a)).toContain(behind ? (a.via?.cached === null ? 'not yet in the cache' : 'cached as') : ')');
        const u = m.next(t, sync!);
        expect(u.pods).toEqual(t.pods);
        const expected = cacheCodes(t);
        if (entry!.cached !== null) expected.splice(expected.indexOf(podCode(entry!.cached)), 1);
        if (entry!.truth !== null) expected.push(podCode(entry!.truth));
        expect(cacheCodes(u)).toEqual(expected.sort((x, y) => x - y));
        expect(cacheCodes(u)).not.toEqual(cacheCodes(t));
        if (!behind) return;
        // The trace file, its replay and ITF carry `via` (which pod the step took).
        const doc = toTraceDocument({
          scenario: step.scenario,
          steps: [...hit!, { action: sync!, state: u }],
        });
        const text = serializeTraceDocument(doc);
        expect(JSON.parse(text).steps.at(-2).action).toHaveProperty('via');
        const back = parseTraceDocument(text);
        expect(back.ok).toBe(true);
        if (!back.ok) return;
        expect(serializeTraceDocument(back.doc)).toBe(text);
        expect(replayTrace(back.doc).ok).toBe(true);
        const itf = JSON.parse(JSON.stringify(toItf(doc)));
        expect(validateItf(itf)).toEqual({ ok: true });
        expect(JSON.stringify(itf.states.at(-2))).toContain('"via"');
      });
    }
  }

  it('preparingReady: a PreparingNormal pod becomes ready through the cache, as without it', () => {
    const sc = upstream({ preparingReady: true });
    const m = cloneSetModel(sc);
    const preparingReady = (_: CloneSetState, a: Action): boolean => a.kind === 'podReady' && a.pod.lifecycle === 'PreparingNormal';
    const hit = firstStep(m, preparingReady);
    expect(hit).toBeDefined();
    expect(cacheCodes(hit!.at(-1)!.state)).toEqual(cacheCodes(hit!.at(-2)!.state));
    // Without preparingReady no such step exists (the same predicate, mayBecomeReady, gates both).
    expect(firstStep(cloneSetModel(upstream({})), preparingReady, 20_000)).toBe(undefined);
  });
});

describe('expectations upstream with every pod option', () => {
  const flags = [
    '--expectations',
    'upstream',
    '--user-marks',
    '1',
    '--pod-failures',
    '1',
    '--preparing-ready',
    'true',
    '--in-place-kubelet',
    'true',
    '--lifecycle-hooks',
    'both',
  ];

  it('the CLI builds the scenario (no longer refused) and the model explores it', () => {
    const { scenario } = buildScenario(parseCommandArgs(flags, SCENARIO_FIELDS, [], 0).fields, undefined);
    expect(scenario).toMatchObject({ expectations: 'upstream', preparingReady: true, inPlaceKubelet: true, lifecycleHooks: 'both' });
    const m = cloneSetModel({
      ...scenario,
      controller: 'proposed',
      maxReplicas: 2,
      budgets: { ...scenario.budgets, deletes: 0, scales: 1 },
    });
    const r = explore(m, { stopAtFirstViolation: false, maxStates: 2_000_000 });
    expect(r.limit).toBeUndefined();
    expect(r.stats.states).toBeGreaterThan(0);
  });

  it('pod-cache entries of pods with hooks (codes past a byte) encode and decode to themselves', () => {
    const m = cloneSetModel(upstream({ lifecycleHooks: 'both', podUpdatePolicy: 'InPlaceIfPossible' }));
    const words = new Uint32Array(m.encodingWords);
    let wide = 0;
    for (const { state: s } of reachable(m, 5_000)) {
      words.fill(0);
      m.encode(s, words, 0);
      const back = m.decode(words, 0);
      expect(back.observed!.pods.map(parts)).toEqual(s.observed!.pods.map(parts));
      expect(codes(back.pods)).toEqual(codes(s.pods));
      for (const e of s.observed!.pods)
        if ((e.truth !== null && podCode(e.truth) >= 256) || (e.cached !== null && podCode(e.cached) >= 256)) wide++;
    }
    // Hooked pods have codes past a byte, and some of them wait in the cache.
    expect(wide).toBeGreaterThan(0);
  });
});
