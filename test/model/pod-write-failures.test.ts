/**
 * Failing pod writes (scenario `podWriteFailures`; model/controller/failures.ts for which writes land): how
 * they enter the model. Off, nothing moves; on, a failing reconcile spends one failure, writes the status
 * its normal outcome writes, and is offered only where it reaches a state the normal outcome does not.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { reconcileChoices } from '../../model/cloneset/reconcile.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { describePod, sameState, type CloneSetState } from '../../model/cloneset/state.js';
import { reachable } from './reach.js';
import { walk } from './walk.js';

const left = (s: CloneSetState): number => s.observed?.podWriteFailures ?? 0;
const podsOf = (s: CloneSetState): string[] => s.pods.map(describePod);
const FAILS = 'write fails: ';

/** `t` with its spent failures given back: the state a normal outcome would have to equal. */
const unspent = (t: CloneSetState, n: number): CloneSetState => ({ ...t, observed: { ...t.observed!, podWriteFailures: left(t) + n } });

describe('off by default', () => {
  it('podWriteFailures 0 explores the states of a scenario without the field', () => {
    const without = explore(cloneSetModel(DEFAULT_SCENARIO), { stopAtFirstViolation: false });
    const zero = explore(cloneSetModel({ ...DEFAULT_SCENARIO, podWriteFailures: 0 }), { stopAtFirstViolation: false });
    expect(zero.stats.states).toBe(without.stats.states);
    expect(zero.stats.transitions).toBe(without.stats.transitions);
  });
});

describe("#1545's road with a failing create", () => {
  // Roll out v2 and delete both pods: the reconcile creates a v1 pod (the partition keeps one) and a v2 pod,
  // in two slow-start batches of one.
  const sc: Scenario = { ...DEFAULT_SCENARIO, controller: 'upstream', podWriteFailures: 1 };
  const states = walk(sc, ['rollout(v2)', 'delete(v1 ready)', 'delete(v1 ready)']);
  const s = states[states.length - 1]!;
  const m = cloneSetModel(sc);
  const steps = m.actions(s).filter((a) => a.kind === 'reconcile');

  it('offers the full reconcile and a failure at each batch', () => {
    expect(steps.map(m.actionLabel)).toEqual([
      'reconcile[0: create v1, create v2]',
      `reconcile[1: ${FAILS}create v1; landed: no pod change]`,
      `reconcile[2: ${FAILS}create v2; landed: create v1]`,
    ]);
    const [full, first, second] = steps.map((a) => m.next(s, a));
    expect(podsOf(full!)).toEqual(['v1 not-ready PreparingNormal', 'v2 not-ready PreparingNormal']);
    expect(podsOf(first!)).toEqual([]);
    expect(podsOf(second!)).toEqual(['v1 not-ready PreparingNormal']);
    // The status is computed from the snapshot and written whatever the sync returned (doReconcile).
    expect(first!.pending).toEqual(full!.pending);
    expect(second!.pending).toEqual(full!.pending);
    expect([left(full!), left(first!), left(second!)]).toEqual([1, 0, 0]);
  });

  it('with the failure spent, the reconcile is the one of a scenario without failures', () => {
    const first = m.next(s, steps[1]!);
    // The status write, then the retry: one outcome, as without the option.
    const w = m.actions(first).find((a) => a.kind === 'writeStatus')!;
    const after = m.next(first, w);
    expect(
      m
        .actions(after)
        .filter((a) => a.kind === 'reconcile')
        .map(m.actionLabel),
    ).toEqual(['reconcile']);
  });
});

describe('an in-place update is two writes (inplaceControl.Update: the condition, then the image)', () => {
  // Rolled out with partition 50%: Update updates one v1 pod in place. The refusal comes at the condition
  // write (nothing lands) or at the image (the pod is left not ready at v1).
  const sc: Scenario = { ...DEFAULT_SCENARIO, podUpdatePolicy: 'InPlaceIfPossible', podWriteFailures: 1 };
  const s = walk(sc, ['rollout(v2)'])[1]!;
  const m = cloneSetModel(sc);
  const started = `reconcile[2: ${FAILS}update v1 ready in place to v2; landed: v1 ready → InPlaceUpdateReady False]`;

  it('offers both refusals beside the full update', () => {
    expect(
      m
        .actions(s)
        .filter((a) => a.kind === 'reconcile')
        .map(m.actionLabel),
    ).toEqual([
      'reconcile[0: update v1 ready in place to v2]',
      `reconcile[1: ${FAILS}update v1 ready in place to v2; landed: no pod change]`,
      started,
    ]);
  });

  it('after the condition write, the pod is not ready at v1 until the kubelet (standing for the next refresh) makes it ready', () => {
    const t = walk(sc, ['rollout(v2)', started])[2]!;
    expect(podsOf(t)).toEqual(['v1 not-ready', 'v1 ready']);
    expect(left(t)).toBe(0);
    expect(cloneSetModel(sc).actions(t).map(m.actionLabel)).toContain('ready(v1 not-ready)');
  });

  it('with a lagging pod cache the condition write is not awaited: the cache shows the pod ready until it syncs', () => {
    const lagging: Scenario = { ...sc, expectations: 'upstream' };
    const t = walk(lagging, ['rollout(v2)', started])[2]!;
    expect(t.observed!.pods.map((e) => [e.cached?.ready, e.truth?.ready, e.awaited])).toEqual([[true, false, 'none']]);
  });
});

describe('with free choices, a scale-down of a whole group', () => {
  // Three v1 pods (one just created, not ready) scaled to 0: Scale deletes the whole group, in the informer's
  // list order, which upstream leaves open. The refused delete may come after any of the others.
  const sc: Scenario = {
    ...DEFAULT_SCENARIO,
    freeChoices: true,
    podWriteFailures: 1,
    maxReplicas: 3,
    budgets: { ...DEFAULT_SCENARIO.budgets, scales: 2 },
  };
  const s = walk(sc, ['scale(3)', 'reconcile', 'scale(0)'])[3]!;
  const m = cloneSetModel(sc);
  const failing = m
    .actions(s)
    .filter((a) => a.kind === 'reconcile')
    .map(m.actionLabel)
    .filter((l) => l.includes(FAILS));

  it('may refuse the not-ready pod after the ready ones went, and not only first', () => {
    expect(failing).toContain(`reconcile[2: ${FAILS}delete v1 not-ready PreparingNormal; landed: delete v1 ready]`);
    expect(failing).toContain(`reconcile[3: ${FAILS}delete v1 not-ready PreparingNormal; landed: delete v1 ready ×2]`);
  });

  it("without free choices, the model's order alone: the not-ready pod first", () => {
    const fixed = { ...sc, freeChoices: false };
    const t = walk(fixed, ['scale(3)', 'reconcile', 'scale(0)'])[3]!;
    const labels = cloneSetModel(fixed).actions(t).map(cloneSetModel(fixed).actionLabel);
    expect(labels.filter((l) => l.includes(`${FAILS}delete v1 not-ready PreparingNormal; landed: delete`))).toEqual([]);
  });
});

describe('every failing outcome, over explored states', () => {
  const SCOPES: readonly (readonly [string, Scenario])[] = [
    ['the #1545 scenario, two failures', { ...DEFAULT_SCENARIO, podWriteFailures: 2 }],
    ['inline status writes', { ...DEFAULT_SCENARIO, podWriteFailures: 1, statusWrite: 'inline' }],
    ['in place, with maxSurge', { ...DEFAULT_SCENARIO, podWriteFailures: 1, podUpdatePolicy: 'InPlaceIfPossible', maxSurge: 1 }],
    ['lifecycle hooks, free choices', { ...DEFAULT_SCENARIO, podWriteFailures: 1, lifecycleHooks: 'both', freeChoices: true }],
    [
      'a lagging pod cache',
      { ...DEFAULT_SCENARIO, podWriteFailures: 1, expectations: 'upstream', budgets: { ...DEFAULT_SCENARIO.budgets, marks: 1 } },
    ],
  ];

  it.each(SCOPES)('%s', (_, sc) => {
    const m = cloneSetModel(sc);
    let failing = 0;
    let twice = 0;
    let deleted = 0;
    for (const { state: s } of reachable(m, 15_000)) {
      const reconciles = m.actions(s).filter((a) => a.kind === 'reconcile');
      const fails = reconciles.filter((a) => a.picks?.startsWith(FAILS) === true);
      // The normal outcomes, offered as steps or not, with those whose writes failed only on a pod deleted
      // already (no failure spent).
      const normal = reconcileChoices(m.view, s)
        .filter((c) => !c.picks.startsWith(FAILS))
        .map((c) => c.state);
      deleted += reconciles.filter((a) => a.picks?.startsWith('pod deleted: ') === true).length;
      if (left(s) === 0) expect(fails).toEqual([]);
      for (const a of fails) {
        failing++;
        const t = m.next(s, a);
        // One failure spent, two where the Update run after a failed Scale fails too, but none for a write
        // to a pod deleted already (it fails of itself); the status the reconcile computed is the normal
        // outcome's.
        const spent = (a.picks!.includes(", then Update's ") ? 2 : 1) - (a.picks!.split(' (pod deleted)').length - 1);
        if (spent === 2) twice++;
        expect(left(t)).toBe(left(s) - spent);
        expect(normal.length).toBeGreaterThan(0);
        const n = normal[0]!;
        expect(t.pending).toEqual(n.pending);
        expect(t.status).toEqual(n.status);
        expect(t.history).toEqual(n.history);
        // Never the state itself, nor a normal outcome, with a failure spent.
        expect(sameState(t, s)).toBe(false);
        for (const x of normal) expect(sameState(unspent(t, spent), x)).toBe(false);
      }
    }
    expect(failing).toBeGreaterThan(100);
    if (sc.podWriteFailures === 2) expect(twice).toBeGreaterThan(0);
    if (sc.expectations === 'upstream') expect(deleted).toBeGreaterThan(0);
  });
});
