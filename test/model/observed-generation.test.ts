/**
 * observedGeneration with stale reads (state.ts Observation.generationUnobserved): the model's flags against
 * a reference that keeps the generations themselves, as the API server does — every spec edit bumps the
 * generation, a status write carries the generation of the version its reconcile read — and the status
 * write upstream's inconsistentStatus (cloneset_status.go) makes: when the counts differ from the cached
 * status's, or the cached status has not observed the cached generation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { cloneSetBench } from '../../bench/cloneset-scenarios.js';
import { awaitedGate } from '../../model/cloneset/pod-cache.js';
import { reconcileChoices } from '../../model/cloneset/reconcile.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { cachedObject, sameStatus, type CloneSetState } from '../../model/cloneset/state.js';

/** One CloneSet version as the API server numbers it. */
interface Gen {
  readonly generation: number;
  readonly observedGeneration: number;
}

/** The generations of the server's version, the versions the cache has yet to deliver, and a pending write's. */
interface Reference {
  readonly truth: Gen;
  readonly lag: readonly Gen[];
  readonly pending: number | null;
}

const unobserved = (g: Gen): boolean => g.observedGeneration < g.generation;

/**
 * A new server version; the replaced one joins the lag, which keeps its newest `n` (observe.ts's bound) — a
 * user's edit. A status write lands only once the cache holds the version it replaces (`n` = 1).
 */
function written(r: Reference, truth: Gen, n: number, pending: number | null): Reference {
  const lag = [...r.lag, r.truth];
  return { truth, lag: lag.slice(Math.max(0, lag.length - n)), pending };
}

const cachedGen = (r: Reference): Gen => r.lag[0] ?? r.truth;

/** The reference after `a` from `s` (to `next`); the model's own choices (whether a reconcile wrote) are read off `next`. */
function step(sc: Scenario, r: Reference, s: CloneSetState, a: Action, next: CloneSetState): Reference {
  const n = sc.staleReads ?? 0;
  switch (a.kind) {
    case 'rollout':
    case 'scale':
    case 'setPartition':
    case 'setPaused':
      return written(r, { generation: r.truth.generation + 1, observedGeneration: r.truth.observedGeneration }, n, r.pending);
    case 'reconcile': {
      const wrote = sc.statusWrite === 'inline' ? next.observed!.lag !== s.observed!.lag : next.pending !== null;
      if (!wrote) return r;
      const carried = cachedGen(r).generation;
      return sc.statusWrite === 'inline'
        ? written(r, { generation: r.truth.generation, observedGeneration: carried }, 1, null)
        : { ...r, pending: carried };
    }
    case 'writeStatus':
      return written(r, { generation: r.truth.generation, observedGeneration: r.pending! }, 1, null);
    case 'statusWriteFails':
      return { ...r, pending: null };
    case 'cacheSync':
      return { ...r, lag: r.lag.slice(1) };
    default:
      return r;
  }
}

function expectFlags(r: Reference, s: CloneSetState): void {
  const o = s.observed!;
  expect(o.generationUnobserved).toBe(unobserved(r.truth));
  expect(o.lag.map((x) => x.generationUnobserved)).toEqual(r.lag.map(unobserved));
  expect(o.pendingUnobserved).toBe(r.pending !== null && r.pending < r.truth.generation);
}

const realistic = cloneSetBench('realistic').scenario;

// The last three (a helper's review): free choices, expiring expectations, lifecycle hooks with a pod cache.
const SCENARIOS: readonly [string, Scenario][] = [
  ['staleReads 1, separate writes', { ...DEFAULT_SCENARIO, staleReads: 1 }],
  ['staleReads 2, separate writes, a failing write', { ...DEFAULT_SCENARIO, staleReads: 2, statusWriteFailures: 1 }],
  ['staleReads 2, inline writes', { ...DEFAULT_SCENARIO, staleReads: 2, statusWrite: 'inline' }],
  [
    'staleReads 2, pause changes',
    { ...DEFAULT_SCENARIO, staleReads: 2, statusWriteFailures: 1, budgets: { ...DEFAULT_SCENARIO.budgets, pauses: 'any' } },
  ],
  [
    'staleReads 3, inline writes, scales any',
    { ...DEFAULT_SCENARIO, staleReads: 3, statusWrite: 'inline', budgets: { ...DEFAULT_SCENARIO.budgets, scales: 'any' } },
  ],
  [
    'staleReads 2, free choices, 3 templates',
    { ...DEFAULT_SCENARIO, staleReads: 2, freeChoices: true, templates: 3, budgets: { ...DEFAULT_SCENARIO.budgets, rollouts: 3 } },
  ],
  ['staleReads 3, the realistic row with expectations timeout', { ...realistic, staleReads: 3, expectations: 'timeout' }],
  [
    'staleReads 2, both hooks, in-place updates, expectations upstream',
    {
      ...DEFAULT_SCENARIO,
      staleReads: 2,
      podUpdatePolicy: 'InPlaceIfPossible',
      lifecycleHooks: 'both',
      statusWriteFailures: 1,
      expectations: 'upstream',
    },
  ],
];

describe.each(SCENARIOS)('observedGeneration (%s)', (_name, sc) => {
  const m = cloneSetModel(sc);

  it('the flags are the generations compared, and a reconcile writes exactly when inconsistentStatus says so, on random walks', () => {
    let unobservedWrites = 0;
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), (picks) => {
        let s = m.initialStates()[0]!;
        let r: Reference = { truth: { generation: 1, observedGeneration: 1 }, lag: [], pending: null };
        for (const pick of picks) {
          expectFlags(r, s);
          // A reconcile held back by expectations returns before it computes a status (pod-cache.ts).
          if (s.pending === null && awaitedGate(s) === 'none') {
            // What each outcome computed against what the cache showed: written when a count differs or
            // the cached status has not observed the cached generation.
            for (const outcome of reconcileChoices(m.view, s)) {
              const countsDiffer = !sameStatus(outcome.status, cachedObject(s).status);
              const expected = countsDiffer || unobserved(cachedGen(r));
              const wrote = sc.statusWrite === 'inline' ? outcome.state.observed!.lag !== s.observed!.lag : outcome.state.pending !== null;
              expect(wrote).toBe(expected);
              if (expected && !countsDiffer) unobservedWrites++;
            }
          }
          const actions = m.actions(s);
          if (actions.length === 0) break;
          const a = actions[pick % actions.length]!;
          const next = m.next(s, a);
          r = step(sc, r, s, a, next);
          s = next;
        }
        expectFlags(r, s);
      }),
      { seed: 20261203, numRuns: 300 },
    );
    // Walks met the write that only observedGeneration makes (the case the flags exist for).
    expect(unobservedWrites).toBeGreaterThan(0);
  });
});

describe('observedGeneration off without stale reads', () => {
  it.each([
    ['statusWriteFailures 1', { ...DEFAULT_SCENARIO, statusWriteFailures: 1 }],
    ['expectations upstream', { ...DEFAULT_SCENARIO, expectations: 'upstream' as const }],
  ])('%s: a spec edit leaves the flags unset (a synced cache reads the truth: nothing else would change)', (_name, sc) => {
    const m = cloneSetModel(sc);
    const s0 = m.initialStates()[0]!;
    const edit = m.actions(s0).find((a) => a.kind === 'rollout')!;
    const s1 = m.next(s0, edit);
    expect(s1.observed!.generationUnobserved).toBe(false);
    expect(m.actions(s1).some((a) => a.kind === 'reconcile')).toBe(true);
  });
});
