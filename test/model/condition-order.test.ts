/**
 * The Progressing condition with a lagging CloneSet cache (model/cloneset/condition-order.ts): the copies'
 * lastUpdateTimes are ranked, a reconcile carries the rank of the copy it read or sets a new one, the
 * deadline passes for the oldest rank first, and every state the model makes is in its one ranked form.
 */
import { describe, expect, it } from 'vitest';
import { conditionsOf, passOldestDeadline, rankConditions, withConditionTime } from '../../model/cloneset/condition-order.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { cloneSetProperties } from '../../model/cloneset/properties.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { stateOf, versionOf, type Status } from '../../model/cloneset/state.js';
import { viewOf } from '../../model/cloneset/view.js';
import { conditionOf, FRESH_ORDER, type ProgressCondition } from '../../model/controller/progress.js';
import { reachable } from './reach.js';

const SMALL: Scenario = {
  ...DEFAULT_SCENARIO,
  progressDeadline: true,
  staleReads: 1,
  maxReplicas: 2,
  budgets: { ...DEFAULT_SCENARIO.budgets, deletes: 1, scales: 1 },
};

const status = (c: ProgressCondition): Status => ({
  replicas: 2,
  readyReplicas: 2,
  availableReplicas: 2,
  updatedReplicas: 0,
  updatedReadyReplicas: 0,
  expectedUpdatedReplicas: 1,
  currentRevision: 0,
  updateRevision: 1,
  progressing: c,
});

describe('a reconcile keeps the time of the copy it read, or sets a new one', () => {
  const read = status(conditionOf('Updated', false, 2));

  it('the same reason: the read copy, its rank included, whatever rank a remembered decision carried', () => {
    expect(withConditionTime(status(conditionOf('Updated', false, 0)), read).progressing).toBe(read.progressing);
  });

  it('another reason: set at this reconcile, after every time the state holds', () => {
    const c = withConditionTime(status(conditionOf('PartitionAvailable', false)), read).progressing;
    expect(c).toEqual({ reason: 'PartitionAvailable', expired: false, order: FRESH_ORDER });
  });
});

describe('ranks and the deadline step on a state built by hand', () => {
  const v = viewOf({ ...SMALL, controller: 'proposed' });
  const base = cloneSetModel(v.scenario).initialStates()[0]!;
  // The cache holds an Updated set at time 1; the server's status carries an Updated set at time 0 (a
  // reconcile read an older version and carried its condition); a pending status was set afresh.
  const lagging = versionOf(base.spec, status(conditionOf('Updated', false, 1)), false);
  const observed = { ...base.observed!, lag: [lagging] };
  const s = stateOf(
    base.spec,
    base.pods,
    status(conditionOf('Updated', false, 0)),
    status(conditionOf('Paused', false, FRESH_ORDER)),
    base.history,
    base.stable,
    base.budgets,
    observed,
  );

  it('a condition proposed does not time (Paused) is not ranked; the others keep their order, densely', () => {
    expect(conditionsOf(rankConditions(v, s))).toEqual([
      { reason: 'Updated', expired: false, order: 1 },
      { reason: 'Updated', expired: false },
      { reason: 'Paused', expired: false },
    ]);
  });

  it('the deadline passes for the oldest time only: the newer version still waits, ranked first now', () => {
    const t = passOldestDeadline(v, rankConditions(v, s));
    expect(conditionsOf(t)).toEqual([
      { reason: 'Updated', expired: false },
      { reason: 'Updated', expired: true },
      { reason: 'Paused', expired: false },
    ]);
    expect(conditionsOf(passOldestDeadline(v, t))).toEqual([
      { reason: 'Updated', expired: true },
      { reason: 'Updated', expired: true },
      { reason: 'Paused', expired: false },
    ]);
  });

  it('upstream times Paused too: a fresh copy ranks after every other', () => {
    const up = viewOf({ ...SMALL, controller: 'upstream' });
    expect(conditionsOf(rankConditions(up, s)).map((c) => c?.order ?? 0)).toEqual([1, 0, 2]);
  });
});

describe.each(['upstream', 'proposed'] as const)('every reachable state (%s, staleReads 1, maxReplicas 2)', (controller) => {
  const sc: Scenario = { ...SMALL, controller };
  const v = viewOf(sc);
  const states = [...reachable(cloneSetModel(sc))];

  it('is in its ranked form, and a deadline step expires some copy', () => {
    expect(states.length).toBeGreaterThan(5_000);
    for (const { state: s, steps } of states) {
      expect(rankConditions(v, s)).toBe(s);
      for (const [a, t] of steps)
        if (a.kind === 'deadlinePasses')
          expect(conditionsOf(t).filter((c) => c?.expired === true).length).toBeGreaterThan(
            conditionsOf(s).filter((c) => c?.expired === true).length,
          );
    }
  });

  it('has a newer version holding an older time, and a deadline that passes for some copies of a reason but not all', () => {
    // Why ranks: the cache's version is older than the server's, yet its condition's time is the later one.
    const inverted = states.some(({ state: s }) => {
      const [cached, server] = conditionsOf(s);
      return (
        s.observed!.lag.length === 1 && cached?.expired === false && server?.expired === false && (cached.order ?? 0) > (server.order ?? 0)
      );
    });
    expect(inverted).toBe(true);
    const partial = states.some(({ steps }) =>
      steps.some(([a, t]) => a.kind === 'deadlinePasses' && conditionsOf(t).some((c) => c?.expired === false && c.reason === 'Updated')),
    );
    expect(partial).toBe(true);
  });
});

describe('with a synced cache nothing is ranked', () => {
  it('the #1545 scenario with progressDeadlineSeconds has order 0 in every status', () => {
    const states = reachable(cloneSetModel({ ...DEFAULT_SCENARIO, progressDeadline: true, statusWrite: 'inline' }));
    for (const { state: s } of states) for (const c of conditionsOf(s)) expect(c?.order).toBeUndefined();
  });
});

describe('deadline-from-progress with a stale read judges what a reconcile computed from what it read', () => {
  const sc: Scenario = { ...SMALL, controller: 'proposed', statusWrite: 'inline' };
  const v = viewOf(sc);
  const property = cloneSetProperties(v).find((p) => p.name === 'deadline-from-progress');
  if (property?.kind !== 'step') throw new Error('deadline-from-progress is a step property');
  const base = cloneSetModel(sc).initialStates()[0]!;
  // The server's status is past its deadline; the cache still shows the version before, settled.
  const settled = versionOf(base.spec, status(conditionOf('PartitionAvailable', false)), false);
  const exceeded = status(conditionOf('DeadlineExceeded', false));
  const s = stateOf(base.spec, base.pods, exceeded, null, base.history, base.stable, base.budgets, { ...base.observed!, lag: [settled] });
  const reconcile = { kind: 'reconcile' } as const;

  it('an inline reconcile that writes nothing is not judged by the status the server already had', () => {
    const t = stateOf(base.spec, base.pods.slice(1), exceeded, null, base.history, base.stable, base.budgets, s.observed);
    expect(property.check(s, reconcile, t).ok).toBe(true);
  });

  it('one that writes ProgressDeadlineExceeded computed from the settled copy it read fails', () => {
    const t = stateOf(base.spec, base.pods, { ...exceeded }, null, base.history, base.stable, base.budgets, s.observed);
    expect(property.check(s, reconcile, t).ok).toBe(false);
  });
});
