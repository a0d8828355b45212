/**
 * fast-check arbitraries of CloneSet states within a scenario's bounds — any combination of fields, not
 * only reachable ones — for the cross-checks of the encoding and of the model's step functions.
 */
import fc from 'fast-check';
import { podCapacity } from '../../model/cloneset/codec.js';
import type { ActionBudgets, Budget, Scenario } from '../../model/cloneset/scenario.js';
import {
  DEFAULT_SCENARIO,
  hasPauseChanges,
  observeOptions,
  observes,
  surgeValues,
  unavailableValues,
} from '../../model/cloneset/scenario.js';
import {
  AWAITED,
  canonicalPods,
  LIFECYCLES,
  observationOf,
  type CloneSetState,
  type Observation,
  type RevisionNumbers,
  type Pod,
  type PodEntry,
  type RevId,
  type Spec,
  type Status,
} from '../../model/cloneset/state.js';
import { viewOf } from '../../model/cloneset/view.js';
import { conditionOf, MAX_TIMED_COPIES, PROGRESS_REASONS, type ProgressCondition } from '../../model/controller/progress.js';

/** Small but not trivial: 3 templates, maxSurge 1, several partitions, the status write a separate step. */
/**
 * Pod-cache entries from arbitrary pods, with each flag where the model may set it: a missing truth may be a
 * pod that failed (PodEntry.failed), an entry whose copies both wait may be ready again (PodEntry.readyAgain);
 * an `unlanded` one has neither copy.
 */
export function entryArbitrary(pod: fc.Arbitrary<Pod>): fc.Arbitrary<PodEntry> {
  return fc
    .record({
      cached: fc.option(pod, { nil: null }),
      truth: fc.option(pod, { nil: null }),
      awaited: fc.constantFrom(...AWAITED),
      failed: fc.boolean(),
      again: fc.boolean(),
    })
    .map(({ failed, again, ...e }) =>
      // An unlanded creation (proposed's kept expectation of a creation that never landed) has no pod at all.
      e.awaited === 'unlanded'
        ? { cached: null, truth: null, awaited: e.awaited }
        : failed && e.truth === null
          ? { ...e, failed: true as const }
          : again && e.cached?.notYetAvailable === true && e.truth?.notYetAvailable === true
            ? { ...e, readyAgain: true as const }
            : e,
    );
}

export const WIDE_SCENARIO: Scenario = {
  ...DEFAULT_SCENARIO,
  maxReplicas: 6,
  partitions: [0, 1, '50%', '100%'],
  maxSurge: 1,
  templates: 3,
  budgets: { rollouts: 2, deletes: 2, scales: 2, partitions: 2 },
};

/** The same scenario with no bound on rollouts, scales and partition changes. */
export const WIDE_ANY_SCENARIO: Scenario = {
  ...WIDE_SCENARIO,
  budgets: { rollouts: 'any', deletes: 2, scales: 'any', partitions: 'any' },
};

/** What a state may have left of a budget: 0..b, or 'any' for an 'any' budget (it is never spent). */
const budgetArbitrary = (b: Budget): fc.Arbitrary<Budget> => (b === 'any' ? fc.constant<Budget>('any') : fc.nat(b));

export function podArbitrary(revs: readonly RevId[]): fc.Arbitrary<Pod> {
  return fc.record({ rev: fc.constantFrom(...revs), lifecycle: fc.constantFrom(...LIFECYCLES), ready: fc.boolean(), marked: fc.boolean() });
}

/**
 * A Progressing condition as the model keeps one (never past the deadline when DeadlineExceeded); `ranked`
 * (a lagging CloneSet cache): any order the codec holds on one still to time out.
 */
const conditionArbitrary = (ranked: boolean): fc.Arbitrary<ProgressCondition> =>
  fc
    .record({
      reason: fc.constantFrom(...PROGRESS_REASONS),
      expired: fc.boolean(),
      order: ranked ? fc.nat(MAX_TIMED_COPIES - 1) : fc.constant(0),
    })
    .map((c) => conditionOf(c.reason, c.expired, c.order));

/** Whether a scenario's statuses carry a condition (progressDeadlineSeconds), ranked with a lagging cache. */
type Conditions = 'none' | 'plain' | 'ranked';

const conditionsOf = (sc: Scenario): Conditions =>
  sc.progressDeadline !== true ? 'none' : observeOptions(sc).staleReads > 0 ? 'ranked' : 'plain';

/** With progressDeadlineSeconds every status carries a condition; without it none does. */
function statusArbitrary(revs: readonly RevId[], maxCount: number, conditions: Conditions): fc.Arbitrary<Status> {
  const base = countsArbitrary(revs, maxCount);
  return conditions === 'none'
    ? base
    : fc.tuple(base, conditionArbitrary(conditions === 'ranked')).map(([st, c]) => ({ ...st, progressing: c }));
}

function countsArbitrary(revs: readonly RevId[], maxCount: number): fc.Arbitrary<Status> {
  const n = fc.nat(maxCount);
  return fc.record({
    replicas: n,
    readyReplicas: n,
    availableReplicas: n,
    updatedReplicas: n,
    updatedReadyReplicas: n,
    expectedUpdatedReplicas: n,
    currentRevision: fc.constantFrom(...revs),
    updateRevision: fc.constantFrom(...revs),
  });
}

/**
 * A spec within the scenario's ranges: paused free where users pause, the scenario's own elsewhere; the
 * strategy indices free among the scenario's values (0 without strategy edits).
 */
const specArbitrary = (sc: Scenario, partitions: number): fc.Arbitrary<Spec> =>
  fc.record({
    replicas: fc.nat(sc.maxReplicas),
    template: fc.constantFrom(...Array.from({ length: sc.templates }, (_, i) => i)),
    partition: fc.nat(partitions - 1),
    paused: hasPauseChanges(sc) ? fc.boolean() : fc.constant(sc.paused),
    surge: fc.nat(surgeValues(sc).length - 1),
    unavailable: fc.nat(unavailableValues(sc).length - 1),
  });

/** Budgets left within the scenario's (the pause budget only where the scenario has one). */
function budgetsArbitrary(sc: Scenario): fc.Arbitrary<ActionBudgets> {
  const base = fc.record({
    rollouts: budgetArbitrary(sc.budgets.rollouts),
    deletes: fc.nat(sc.budgets.deletes),
    scales: budgetArbitrary(sc.budgets.scales),
    partitions: budgetArbitrary(sc.budgets.partitions),
  });
  const pauses = sc.budgets.pauses;
  const strategies = sc.budgets.strategies;
  const withPauses =
    pauses === undefined ? base : base.chain((b) => budgetArbitrary(pauses).map((p): ActionBudgets => ({ ...b, pauses: p })));
  return strategies === undefined
    ? withPauses
    : withPauses.chain((b) => budgetArbitrary(strategies).map((x): ActionBudgets => ({ ...b, strategies: x })));
}

/**
 * States of the scenario's shape: minted revisions in some order, pods (canonical order, as the model
 * keeps them) and statuses naming minted revisions only — the preconditions the structural invariants
 * assume — and everything else free within the scenario's ranges.
 */
export function stateArbitrary(sc: Scenario): fc.Arbitrary<CloneSetState> {
  const v = viewOf(sc);
  const templates = Array.from({ length: sc.templates }, (_, i) => i);
  const capacity = podCapacity(v);
  return fc.shuffledSubarray(templates, { minLength: 1 }).chain((history) =>
    fc.record({
      spec: specArbitrary(sc, v.partitions.length),
      pods: fc.array(podArbitrary(history), { maxLength: capacity }).map((ps) => canonicalPods(ps)),
      status: statusArbitrary(history, capacity, conditionsOf(sc)),
      pending:
        sc.statusWrite === 'separate' ? fc.option(statusArbitrary(history, capacity, conditionsOf(sc)), { nil: null }) : fc.constant(null),
      history: fc.constant(history),
      stable: fc.constantFrom(...templates),
      budgets: budgetsArbitrary(sc),
      observed: observationArbitrary(sc, history, capacity),
    }),
  );
}

/** The wide scenario with progressDeadlineSeconds: every status and pending status carries a Progressing condition. */
export const WIDE_PROGRESS_SCENARIO: Scenario = { ...WIDE_SCENARIO, progressDeadline: true };

/** The same wide scenario with a stale CloneSet cache (up to 2 versions) and 2 status-write failures. */
export const WIDE_OBSERVE_SCENARIO: Scenario = { ...WIDE_SCENARIO, staleReads: 2, statusWriteFailures: 2, podWriteFailures: 2 };

/** The observing scenario with progressDeadlineSeconds: conditions in every version, ranked by their times. */
export const WIDE_OBSERVE_PROGRESS_SCENARIO: Scenario = { ...WIDE_OBSERVE_SCENARIO, progressDeadline: true };

/** The observing scenario with users pausing and resuming (a counted budget: its byte follows the others). */
export const WIDE_PAUSE_SCENARIO: Scenario = { ...WIDE_OBSERVE_SCENARIO, budgets: { ...WIDE_SCENARIO.budgets, pauses: 3 } };

/**
 * Strategy edits at their widest (four values of each field, so both indices use both of their bits) with
 * stale reads (each lagging version's partition byte carries them too) and a counted budget.
 */
export const WIDE_STRATEGY_SCENARIO: Scenario = {
  ...WIDE_PAUSE_SCENARIO,
  maxSurges: [1, '50%', 2],
  maxUnavailables: [0, 1, '100%'],
  budgets: { ...WIDE_PAUSE_SCENARIO.budgets, strategies: 5 },
};

/** An Observation within the scenario's bounds, or null when no observation option is on. */
function observationArbitrary(sc: Scenario, history: readonly RevId[], capacity: number): fc.Arbitrary<Observation | null> {
  if (!observes(sc)) return fc.constant(null);
  const v = viewOf(sc);
  const o = observeOptions(sc);
  const version = fc.record({
    spec: specArbitrary(sc, v.partitions.length),
    status: statusArbitrary(history, capacity, conditionsOf(sc)),
    // observedGeneration's flags: kept only with stale reads (state.ts Observation).
    generationUnobserved: o.staleReads > 0 ? fc.boolean() : fc.constant(false),
  });
  const flag = o.staleReads > 0 ? fc.boolean() : fc.constant(false);
  return fc
    .record({
      lag: fc.array(version, { maxLength: o.staleReads }),
      generationUnobserved: flag,
      pendingUnobserved: flag,
      writeFailures: fc.nat(o.statusWriteFailures),
      podWriteFailures: fc.nat(o.podWriteFailures),
      revisions: o.staleRevisions ? revisionNumbersArbitrary(sc, history.length) : fc.constant(null),
    })
    .map((x) => observationOf(x.lag, x.generationUnobserved, x.pendingUnobserved, x.writeFailures, x.podWriteFailures, [], x.revisions));
}

/** Revision numbers for a history of `n` (staleRevisions): ascending, any entry tied with the one before, and any cached numbers. */
function revisionNumbersArbitrary(sc: Scenario, n: number): fc.Arbitrary<RevisionNumbers> {
  return fc
    .record({
      ties: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      cached: fc.option(fc.array(fc.nat(2 * sc.templates), { minLength: n, maxLength: n }), { nil: null }),
      // A creation order: a permutation of 1..n.
      keys: fc.array(fc.nat(), { minLength: n, maxLength: n }),
    })
    .map(({ ties, cached, keys }) => {
      const numbers: number[] = [];
      for (let i = 0; i < n; i++) numbers.push(i === 0 ? 1 : numbers[i - 1]! + (ties[i] === true ? 0 : 1));
      const created: number[] = [];
      keys
        .map((_, i) => i)
        .sort((a, b) => keys[a]! - keys[b]! || a - b)
        .forEach((i, place) => {
          created[i] = place + 1;
        });
      return { numbers, cached, created };
    });
}
