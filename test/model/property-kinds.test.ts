/**
 * The CloneSet step properties' and step witnesses' `kinds`, and the invariants' `visible`
 * (model/cloneset/properties.ts): the explorer calls a step property only on transitions of the kinds it
 * names and does not check a new state made by a step no invariant sees (checker/types.ts), and
 * partial-order reduction takes them as the visible steps. A wrong claim would hide a violation, so it is
 * checked here on every transition of several scopes that between them take every kind of step: off its
 * kinds a step property holds and a step witness is not reached, an invariant gives the same answer
 * before and after a step it does not see, and a step a step property does not see (its `visible`) leaves
 * what it reads as it was.
 */

import { describe, expect, it } from 'vitest';
import { ACTION_KINDS, type ActionKind } from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import type { CloneSetState } from '../../model/cloneset/state.js';
import { reachable } from './reach.js';

const SMALL: Scenario = {
  ...DEFAULT_SCENARIO,
  maxReplicas: 3,
  budgets: { rollouts: 1, deletes: 1, scales: 1, partitions: 1 },
  partitions: [0, '50%'],
};

/** Scopes that between them enable every kind of step (the options each kind needs, README "Commands"). */
const SCOPES: readonly (readonly [string, Scenario])[] = [
  ['default, pre-fix', { ...DEFAULT_SCENARIO, controller: 'pre-fix' }],
  ['default, upstream', DEFAULT_SCENARIO],
  ['default, proposed', { ...DEFAULT_SCENARIO, controller: 'proposed' }],
  [
    'stale reads, failed status writes, pod cache with expiring expectations',
    { ...SMALL, staleReads: 1, statusWriteFailures: 1, expectations: 'timeout' },
  ],
  [
    'marks, pod failures, hooks, in-place updates by the kubelet',
    {
      ...SMALL,
      podUpdatePolicy: 'InPlaceIfPossible',
      inPlaceKubelet: true,
      lifecycleHooks: 'both',
      budgets: { ...SMALL.budgets, marks: 1, failures: 1 },
    },
  ],
  ['minReadySeconds, pod failures', { ...SMALL, minReadySeconds: 10, budgets: { ...SMALL.budgets, failures: 1 } }],
  [
    'minReadySeconds, a lagging pod cache, marks',
    { ...SMALL, minReadySeconds: 10, expectations: 'upstream', budgets: { ...SMALL.budgets, marks: 1 } },
  ],
  ['in-place updates with the inPlaceUpdate hook', { ...SMALL, podUpdatePolicy: 'InPlaceIfPossible', lifecycleHooks: 'inPlaceUpdate' }],
  // Paused, maxSurge counts as 0: surge-bound and availability-floor read it from the spec they judge against.
  ['pause changes with maxSurge and a stale read', { ...SMALL, maxSurge: 1, staleReads: 1, budgets: { ...SMALL.budgets, pauses: 'any' } }],
  // OnDelete: on-delete-respected judges the surge, from the pods the controller believes (a lagging pod cache).
  [
    'OnDelete with maxSurge, a mark and a lagging pod cache',
    { ...SMALL, updateStrategyType: 'OnDelete', maxSurge: 1, expectations: 'upstream', budgets: { ...SMALL.budgets, marks: 1 } },
  ],
  // Edited, maxSurge and maxUnavailable are read from the spec judged against, as paused is.
  [
    'strategy edits with a stale read',
    { ...SMALL, maxSurges: [1], maxUnavailables: [0, 1], staleReads: 1, budgets: { ...SMALL.budgets, strategies: 'any' } },
  ],
  // The deadline step changes the Progressing condition only; deadline-from-progress judges status writes.
  ['progressDeadlineSeconds with pause changes', { ...SMALL, progressDeadline: true, budgets: { ...SMALL.budgets, pauses: 1 } }],
  // With a stale read it judges the reconcile, against the copy of the condition it read.
  ['progressDeadlineSeconds with a stale read', { ...SMALL, progressDeadline: true, staleReads: 1 }],
  // A revision cache without the last write: its sync changes neither history nor what a property reads.
  [
    'a lagging revision cache, three templates',
    { ...SMALL, staleRevisions: true, templates: 3, budgets: { ...SMALL.budgets, rollouts: 2 } },
  ],
];

/** What each invariant with a `visible` reads, as a string: a step it does not see must leave it as it was. */
const READS: Readonly<Record<string, (s: CloneSetState) => string>> = {
  // statusProblem reads the counts and revisions, not the Progressing condition.
  'well-formed': (s) =>
    JSON.stringify([s.pods.map((p) => p.rev).sort((x, y) => x - y), s.history, s.status, s.pending], (k, x) =>
      k === 'progressing' ? undefined : x,
    ),
};

/**
 * What each step property with a `visible` reads, as a string: a step it does not see must leave it as it
 * was (the reduction may take such a step before one it judges, which is then judged from the new state).
 */
const seenByPodJudges = (s: CloneSetState): string =>
  JSON.stringify([s.pods, s.spec, s.history, s.stable, s.observed?.lag[0]?.spec ?? null, s.observed?.pods ?? null]);
const STEP_READS: Readonly<Record<string, (s: CloneSetState) => string>> = {
  'canary-respected': seenByPodJudges,
  'surge-bound': seenByPodJudges,
  'availability-floor': seenByPodJudges,
  'on-delete-respected': seenByPodJudges,
  'no-resurrection': seenByPodJudges,
};

/** States visited per scope at most: enough to take every kind the scope enables, a few seconds in all. */
const LIMIT = 25_000;

interface ScopeRun {
  /** Each claim's wrong answers off its kinds (the first few). */
  readonly failures: readonly string[];
  /** Per step property or witness with kinds: how many transitions off its kinds it was asked about. */
  readonly offKinds: ReadonlyMap<string, number>;
  readonly kinds: ReadonlySet<ActionKind>;
}

const runs = new Map<string, ScopeRun>();

/** Every transition of the first LIMIT states of a scope (breadth-first), each claim asked off its kinds. */
function run(name: string, scenario: Scenario): ScopeRun {
  const done = runs.get(name);
  if (done !== undefined) return done;
  const model = cloneSetModel(scenario);
  const judged = model.properties.flatMap((p) =>
    p.kind === 'step' || (p.kind === 'sometimes' && p.on === 'step' && p.kinds !== undefined) ? [p] : [],
  );
  const blind = model.properties.flatMap((p) => (p.kind === 'invariant' && p.visible !== undefined ? [p] : []));
  const stepBlind = model.properties.flatMap((p) => (p.kind === 'step' && p.visible !== undefined ? [p] : []));
  const offKinds = new Map<string, number>();
  const failures: string[] = [];
  const kinds = new Set<ActionKind>();
  for (const { state: s, steps } of reachable(model, LIMIT)) {
    for (const [a, t] of steps) {
      kinds.add(a.kind);
      for (const p of judged) {
        if (p.kinds!.includes(a.kind)) continue;
        offKinds.set(p.name, (offKinds.get(p.name) ?? 0) + 1);
        // Collected rather than asserted one by one: an expect per call would be most of the test's time.
        const wrong = p.kind === 'step' ? !p.check(s, a, t).ok : p.reached(s, a, t);
        if (wrong && failures.length < 5) failures.push(`${p.name} on ${a.kind}`);
      }
      for (const p of blind) {
        if (p.visible!(a)) continue;
        offKinds.set(p.name, (offKinds.get(p.name) ?? 0) + 1);
        // What the invariant reads, unchanged (its answers are the same on these scopes anyway, where it holds).
        const reads = READS[p.name];
        if (reads === undefined) throw new Error(`no READS entry for ${p.name}: say what it reads`);
        if ((reads(s) !== reads(t) || p.check(s).ok !== p.check(t).ok) && failures.length < 5)
          failures.push(`${p.name} changes on ${a.kind}`);
      }
      for (const p of stepBlind) {
        if (p.visible!(a)) continue;
        const key = `${p.name} (visible)`;
        offKinds.set(key, (offKinds.get(key) ?? 0) + 1);
        const reads = STEP_READS[p.name];
        if (reads === undefined) throw new Error(`no STEP_READS entry for ${p.name}: say what it reads`);
        if (reads(s) !== reads(t) && failures.length < 5) failures.push(`what ${p.name} reads changes on ${a.kind}`);
      }
    }
  }
  const r = { failures, offKinds, kinds };
  runs.set(name, r);
  return r;
}

describe('step properties and witnesses judge only the kinds of step they name, invariants see every step that changes them', () => {
  it.each(SCOPES)('%s: no property fails, and no witness is reached, off its kinds', (name, scenario) => {
    const r = run(name, scenario);
    expect(r.failures).toEqual([]);
    // Every claim was put to the test in this scope.
    const model = cloneSetModel(scenario);
    for (const p of model.properties)
      if (
        p.kind === 'step' ||
        (p.kind === 'sometimes' && p.on === 'step' && p.kinds !== undefined) ||
        (p.kind === 'invariant' && p.visible !== undefined)
      )
        expect(r.offKinds.get(p.name) ?? 0, p.name).toBeGreaterThan(0);
    // A step property's `visible` too, where it hides a step at all (with stale reads it sees every step).
    for (const p of model.properties)
      if (p.kind === 'step' && p.visible !== undefined && (scenario.staleReads ?? 0) === 0)
        expect(r.offKinds.get(`${p.name} (visible)`) ?? 0, `${p.name} (visible)`).toBeGreaterThan(0);
  });

  it('the scopes above take every kind of step between them', () => {
    const seen = new Set(SCOPES.flatMap(([name, scenario]) => [...run(name, scenario).kinds]));
    expect([...seen].sort()).toEqual([...ACTION_KINDS].sort());
  });
});
