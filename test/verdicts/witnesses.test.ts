/**
 * docs/findings.md, "Witnesses" and "Opt-in properties": every property (the opt-in settled-canary,
 * status-monotonic and no-resurrection too) and every witness, under each variant, on the built-in #1545
 * scenario, the same with the CloneSetPartitionRollback gate on, and the quick examples. Found by the
 * explorer (nothing scripted) and pinned: state counts, verdicts with the length of each shortest
 * counterexample, and each witness's shortest length or `unreached`.
 */
import { describe, expect, it } from 'vitest';
import { explore, type ExploreResult } from '../../checker/index.js';
import type { Action } from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_PROPERTY_NAMES, PROPERTY_NAMES, WITNESS_NAMES } from '../../model/cloneset/properties.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import type { CloneSetState } from '../../model/cloneset/state.js';
import type { ControllerVariant } from '../../model/controller/promotion.js';
import { pinned } from './verdicts.js';

function run(scenario: Scenario, controller: ControllerVariant): ExploreResult<CloneSetState, Action> {
  return explore(cloneSetModel({ ...scenario, controller }), {
    properties: [...PROPERTY_NAMES, ...WITNESS_NAMES],
    stopAtFirstViolation: false,
  });
}

/**
 * The defaults' verdicts, unchanged (default-scenario.test.ts pins them too), and the new ones; on-delete-respected
 * judges OnDelete scenarios only, so in these RollingUpdate ones it holds, vacuously (its witness, on-delete-creates, unreached).
 */
const common = {
  'surge-bound': 'holds',
  'on-delete-respected': 'holds',
  // Without progressDeadlineSeconds no status has a Progressing condition.
  'deadline-from-progress': 'holds',
  'well-formed': 'holds',
  'no-deadlock': 'holds',
  converges: 'holds',
} as const;

describe('the #1545 scenario: opt-in properties and witnesses', () => {
  it('without the rollback gate: settled-canary fails under every variant; the proposed promotion-sound holds vacuously', () => {
    expect(pinned(run(DEFAULT_SCENARIO, 'pre-fix'), { witnesses: true })).toEqual({
      states: 121_126,
      verdicts: {
        'canary-respected': 7,
        'promotion-sound': 4,
        'availability-floor': 11,
        'settled-canary': 11,
        'status-monotonic': 'holds',
        'no-resurrection': 'holds',
        ...common,
      },
      witnesses: {
        'promotion-happens': 4,
        'rollout-completes': 'unreached',
        'revision-replaced': 'unreached',
        'canary-grows': 3,
        'scale-down-deletes': 2,
        'deadline-exceeded': 'unreached',
        // RollingUpdate: on-delete-respected holds vacuously here.
        'on-delete-creates': 'unreached',
      },
    });
    expect(pinned(run(DEFAULT_SCENARIO, 'upstream'), { witnesses: true })).toEqual({
      states: 99_321,
      verdicts: {
        'canary-respected': 8,
        'promotion-sound': 5,
        'availability-floor': 11,
        'settled-canary': 11,
        'status-monotonic': 'holds',
        'no-resurrection': 'holds',
        ...common,
      },
      witnesses: {
        'promotion-happens': 5,
        'rollout-completes': 'unreached',
        'revision-replaced': 'unreached',
        'canary-grows': 3,
        'scale-down-deletes': 2,
        'deadline-exceeded': 'unreached',
        // RollingUpdate: on-delete-respected holds vacuously here.
        'on-delete-creates': 'unreached',
      },
    });
    expect(pinned(run(DEFAULT_SCENARIO, 'proposed'), { witnesses: true })).toEqual({
      states: 98_003,
      verdicts: {
        'canary-respected': 'holds',
        'promotion-sound': 'holds',
        'availability-floor': 'holds',
        'settled-canary': 11,
        'status-monotonic': 'holds',
        'no-resurrection': 'holds',
        ...common,
      },
      // The partition is fixed at 50%: the proposed rule never promotes, and no rollout completes.
      witnesses: {
        'promotion-happens': 'unreached',
        'rollout-completes': 'unreached',
        'revision-replaced': 'unreached',
        'canary-grows': 3,
        'scale-down-deletes': 2,
        'deadline-exceeded': 'unreached',
        // RollingUpdate: on-delete-respected holds vacuously here.
        'on-delete-creates': 'unreached',
      },
    });
  });

  it('with the CloneSetPartitionRollback gate: settled-canary holds under proposed only', () => {
    const gate = { ...DEFAULT_SCENARIO, rollbackGate: true };
    const p = pinned(run(gate, 'pre-fix'), { witnesses: true });
    const u = pinned(run(gate, 'upstream'), { witnesses: true });
    const x = pinned(run(gate, 'proposed'), { witnesses: true });
    expect([p.states, u.states, x.states]).toEqual([122_378, 100_535, 99_338]);
    expect(p.verdicts).toMatchObject({ 'canary-respected': 7, 'promotion-sound': 4, 'settled-canary': 11, 'status-monotonic': 'holds' });
    expect(u.verdicts).toMatchObject({ 'canary-respected': 8, 'promotion-sound': 5, 'settled-canary': 11, 'status-monotonic': 'holds' });
    expect(x.verdicts).toMatchObject({ 'canary-respected': 'holds', 'promotion-sound': 'holds', 'settled-canary': 'holds' });
    expect(x.witnesses).toMatchObject({ 'canary-grows': 3, 'promotion-happens': 'unreached' });
  });

  it('examples/scale-to-zero.yaml (no deletes): settled-canary holds under proposed', () => {
    const sc: Scenario = {
      ...DEFAULT_SCENARIO,
      maxReplicas: 2,
      budgets: { ...DEFAULT_SCENARIO.budgets, rollouts: 1, deletes: 0, scales: 2 },
    };
    const r = Object.fromEntries((['pre-fix', 'upstream', 'proposed'] as const).map((c) => [c, pinned(run(sc, c), { witnesses: true })]));
    expect(r['pre-fix']!.verdicts).toMatchObject({
      'canary-respected': 8,
      'promotion-sound': 5,
      'settled-canary': 13,
      'status-monotonic': 'holds',
    });
    expect(r.upstream!.verdicts).toMatchObject({
      'canary-respected': 8,
      'promotion-sound': 5,
      'settled-canary': 13,
      'status-monotonic': 'holds',
    });
    expect(r.proposed!.verdicts).toMatchObject({ 'canary-respected': 'holds', 'promotion-sound': 'holds', 'settled-canary': 'holds' });
    expect(r.proposed!.witnesses).toMatchObject({
      'canary-grows': 5,
      'promotion-happens': 'unreached',
      'rollout-completes': 'unreached',
      'revision-replaced': 'unreached',
    });
  });

  it('examples/max-surge.yaml: a rollout completes and nothing is resurrected; settled-canary fails everywhere (the user deletes the last old pod and scales down; without the gate nothing moves an updated pod back)', () => {
    const sc: Scenario = {
      ...DEFAULT_SCENARIO,
      initialReplicas: 3,
      initialPartition: 1,
      maxReplicas: 3,
      partitions: [0, 1],
      maxSurge: 1,
      maxUnavailable: 0,
      budgets: { rollouts: 1, deletes: 1, scales: 1, partitions: 1 },
    };
    const r = Object.fromEntries((['pre-fix', 'upstream', 'proposed'] as const).map((c) => [c, pinned(run(sc, c), { witnesses: true })]));
    for (const c of ['pre-fix', 'upstream', 'proposed'] as const) {
      expect(r[c]!.verdicts, c).toMatchObject({
        'canary-respected': 'holds',
        'settled-canary': 20,
        'status-monotonic': 'holds',
        'no-resurrection': 'holds',
      });
      expect(r[c]!.witnesses, c).toMatchObject({ 'rollout-completes': 7, 'revision-replaced': 7, 'canary-grows': 2 });
    }
    expect([
      r['pre-fix']!.verdicts['promotion-sound'],
      r.upstream!.verdicts['promotion-sound'],
      r.proposed!.verdicts['promotion-sound'],
    ]).toEqual([5, 5, 'holds']);
    expect(r.proposed!.witnesses?.['promotion-happens']).toBe(9);
  });

  it('the default selection is what it was: no opt-in property, no witness', () => {
    const r = explore(cloneSetModel(DEFAULT_SCENARIO), { stopAtFirstViolation: false });
    expect(r.properties).toEqual(DEFAULT_PROPERTY_NAMES);
    expect(r.witnesses).toBeUndefined();
  });
});
