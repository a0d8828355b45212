/**
 * Pausing and resuming a rollout (the scenario's `pauses` budget, `--pause-changes`): spec.paused is state,
 * and the controller reads it as upstream does — Update returns after its refresh loop (cloneset_update.go),
 * and calculateDiffsWithExpectation takes maxSurge as 0 and so rounds maxUnavailable up.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { enabledActions, applyAction } from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Budget, type Scenario } from '../../model/cloneset/scenario.js';
import { canonicalPods, type CloneSetState } from '../../model/cloneset/state.js';
import { controllerSpecOf, parametersOf, surgeAllowance } from '../../model/cloneset/view.js';
import { labels, walk } from './walk.js';

const rollout: Scenario = {
  ...DEFAULT_SCENARIO,
  initialPartition: 0,
  maxUnavailable: 1,
  statusWrite: 'inline',
  budgets: { rollouts: 1, deletes: 0, scales: 0, partitions: 0, pauses: 'any' },
};
const marked = (s: CloneSetState): number => s.pods.filter((p) => p.marked).length;

describe('a paused rollout', () => {
  it('starts as the scenario says, and each pause or resume flips spec.paused (a spec edit)', () => {
    const [s0, paused, resumed] = walk(rollout, ['pause', 'resume']);
    expect(s0!.spec.paused).toBe(false);
    expect(paused!.spec.paused).toBe(true);
    expect(resumed!.spec.paused).toBe(false);
    expect(labels(rollout, s0!)).toContain('pause');
    expect(labels(rollout, paused!)).toContain('resume');
    expect(labels(rollout, paused!)).not.toContain('pause');
    const start = walk({ ...rollout, paused: true }, [])[0]!;
    expect(start.spec.paused).toBe(true);
    expect(labels({ ...rollout, paused: true }, start)).toContain('resume');
  });

  it('is read by the controller from the spec of the state, not the scenario', () => {
    const model = cloneSetModel(rollout);
    const [s0, paused] = walk(rollout, ['pause']);
    expect(controllerSpecOf(model.view, s0!).rollingUpdate?.paused).toBe(false);
    expect(controllerSpecOf(model.view, paused!).rollingUpdate?.paused).toBe(true);
  });

  it('updates no pod: the reconcile mints the revision and writes the status, then the controller is at rest; resumed, it marks a pod', () => {
    const steps = walk(rollout, ['pause', 'rollout(v2)', 'reconcile']);
    const held = steps[steps.length - 1]!;
    expect(held.status.updateRevision).toBe(1);
    expect(marked(held)).toBe(0);
    expect(held.pods.every((p) => p.rev === 0)).toBe(true);
    expect(labels(rollout, held)).not.toContain('reconcile');
    // At rest while paused: settled, with the rollout in progress and no pod at the template.
    expect(cloneSetModel(rollout).isSettled(held)).toBe(true);
    const resumed = walk(rollout, ['pause', 'rollout(v2)', 'reconcile', 'resume', 'reconcile']);
    expect(marked(resumed[resumed.length - 1]!)).toBe(1);
  });

  it('takes maxSurge as 0: the surge pod made before the pause is scaled away, and maxUnavailable rounds up', () => {
    const surge: Scenario = { ...rollout, maxSurge: 1, maxUnavailable: '20%', initialReplicas: 4 };
    const model = cloneSetModel(surge);
    const created = walk(surge, ['rollout(v2)', 'reconcile']);
    const s = created[created.length - 1]!;
    expect(s.pods).toHaveLength(5);
    const after = walk(surge, ['rollout(v2)', 'reconcile', 'pause', 'reconcile']);
    const paused = after[after.length - 2]!;
    expect(after[after.length - 1]!.pods).toHaveLength(4);
    // 20% of 4 is 0.8: rounded down beside a surge, up without one.
    expect(parametersOf(model.view, s)).toMatchObject({ maxSurge: 1, maxUnavailable: 0 });
    expect(parametersOf(model.view, paused)).toMatchObject({ maxSurge: 0, maxUnavailable: 1 });
    expect(surgeAllowance(model.view, s)).toBe(1);
    expect(surgeAllowance(model.view, paused)).toBe(0);
  });
});

describe('the pause budget', () => {
  const withPauses = (pauses: Budget | undefined): Scenario => ({
    ...rollout,
    budgets: { rollouts: 1, deletes: 0, scales: 0, partitions: 0, ...(pauses === undefined ? {} : { pauses }) },
  });

  it('counts pauses and resumes alike, and ends them at 0', () => {
    const [, p, r] = walk(withPauses(2), ['pause', 'resume']);
    expect(p!.budgets.pauses).toBe(1);
    expect(r!.budgets.pauses).toBe(0);
    expect(labels(withPauses(2), r!)).not.toContain('pause');
  });

  it("'any' keeps no counter: a pause leaves the budgets object as it was", () => {
    const model = cloneSetModel(withPauses('any'));
    const s0 = model.initialStates()[0]!;
    const pause = enabledActions(model.view, s0).find((a) => a.kind === 'setPaused')!;
    expect(applyAction(model.view, s0, pause).budgets).toBe(s0.budgets);
  });

  it('absent or 0, offers no pause and explores what it did before the option', () => {
    const none = explore(cloneSetModel(withPauses(undefined)), { stopAtFirstViolation: false });
    const zero = explore(cloneSetModel(withPauses(0)), { stopAtFirstViolation: false });
    expect(zero.stats.states).toBe(none.stats.states);
    let pauses = 0;
    explore(cloneSetModel(withPauses(0)), {
      stopAtFirstViolation: false,
      properties: [],
      onEdge: (_s, a) => {
        if (a.kind === 'setPaused') pauses++;
      },
    });
    expect(pauses).toBe(0);
  });

  it('reaches settled states that hold a rollout with no pod at its template, which no scope without it reaches', () => {
    const heldSettled = (sc: Scenario): number => {
      const model = cloneSetModel(sc);
      let n = 0;
      explore(model, {
        stopAtFirstViolation: false,
        properties: [],
        onState: (s: CloneSetState) => {
          if (s.spec.template !== s.stable && s.spec.replicas > 0 && s.pods.every((p) => p.rev !== s.spec.template) && model.isSettled(s))
            n++;
        },
      });
      return n;
    };
    expect(heldSettled(withPauses('any'))).toBeGreaterThan(0);
    expect(heldSettled(withPauses(undefined))).toBe(0);
  });
});

describe('paused mid-update (docs/findings.md, "Paused mid-update")', () => {
  // Every variant: Update does nothing while paused, so an in-place update waiting in PreparingUpdate waits for the resume.
  const hooked: Scenario = {
    ...DEFAULT_SCENARIO,
    controller: 'proposed',
    podUpdatePolicy: 'InPlaceIfPossible',
    lifecycleHooks: 'inPlaceUpdate',
    budgets: { ...DEFAULT_SCENARIO.budgets, pauses: 'any' },
  };
  const held = [
    'rollout(v2)',
    'reconcile',
    'pause',
    'release-hook(v1 ready PreparingUpdate hook:inPlaceUpdate)',
    'write-status',
    'reconcile',
    'write-status',
  ];

  it('holds a pod the inPlaceUpdate hook released in PreparingUpdate, unavailable, with the controller idle, until the resume', () => {
    const states = walk(hooked, held);
    const s = states[states.length - 1]!;
    expect(s.pods.filter((p) => p.lifecycle === 'PreparingUpdate')).toHaveLength(1);
    expect(s.status.availableReplicas).toBe(1);
    const system = labels(hooked, s).filter((l) => l === 'reconcile' || l.startsWith('release-hook') || l.startsWith('ready'));
    expect(system).toEqual([]);
    // Resumed, the next reconcile updates it in place.
    const after = walk(hooked, [...held, 'resume', 'reconcile']);
    const t = after[after.length - 1]!;
    expect(t.pods.some((p) => p.rev === 1)).toBe(true);
    expect(t.pods.some((p) => p.lifecycle === 'PreparingUpdate')).toBe(false);
  });

  it('is at rest while paused (settled), and only so: unpaused, or with a pod held elsewhere, it is not', () => {
    const model = cloneSetModel(hooked);
    const s = walk(hooked, held).at(-1)!;
    expect(model.isSettled(s)).toBe(true);
    expect(model.isSettled({ ...s, spec: { ...s.spec, paused: false } })).toBe(false);
    const preDelete = s.pods.map((p) => (p.lifecycle === 'PreparingUpdate' ? { ...p, lifecycle: 'PreparingDelete' as const } : p));
    expect(model.isSettled({ ...s, pods: canonicalPods(preDelete) })).toBe(false);
  });

  it('so converges holds for proposed with pause changes, as without, and upstream keeps its stranded-pod counterexample, which needs no pause', () => {
    const run = (sc: Scenario) => explore(cloneSetModel(sc), { stopAtFirstViolation: false, properties: ['converges'] });
    expect(run(hooked).violations ?? []).toEqual([]);
    const upstream = run({ ...hooked, controller: 'upstream' }).violations?.[0]?.trace.map((st) => st.action?.kind ?? null);
    expect(upstream).toEqual([null, 'rollout', 'reconcile', 'deletePod']);
  });
});

describe("settled-canary's pause exemption", () => {
  const settledCanary = (sc: Scenario) =>
    (explore(cloneSetModel(sc), { stopAtFirstViolation: false, properties: ['settled-canary'] }).violations?.[0]?.trace.length ?? 0) - 1;

  it('applies only with the rollback gate and pause changes: paused from the start without them, the states are judged as before', () => {
    // As before pause changes existed (1e8a24d): 11 steps both (paused, U > E comes from deletes and a scale-down).
    expect(settledCanary({ ...DEFAULT_SCENARIO, paused: true })).toBe(11);
    expect(settledCanary({ ...DEFAULT_SCENARIO, paused: true, rollbackGate: true })).toBe(11);
  });

  // -1: no violation.
  it('with the gate and pause changes, proposed holds it (the held rollback waits for a resume), as without pauses', () => {
    const gate: Scenario = {
      ...DEFAULT_SCENARIO,
      controller: 'proposed',
      rollbackGate: true,
      budgets: { ...DEFAULT_SCENARIO.budgets, pauses: 'any' },
    };
    expect(settledCanary(gate)).toBe(-1);
    expect(settledCanary({ ...gate, budgets: { ...gate.budgets, pauses: 0 } })).toBe(-1);
  });
});
