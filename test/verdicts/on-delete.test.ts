/**
 * spec.updateStrategy.type OnDelete (upstream HEAD, v1beta1; docs/findings.md "OnDelete"), found by the explorer
 * and pinned: row OD is the #1545 scenario with OnDelete and its rollingUpdate block (the partition still
 * decides at which revision Scale creates a pod), ODS the same with maxSurge 1 (upstream's update surge
 * creates pods no delete calls for: on-delete-respected), ODSM with a user mark beside it (the surge it calls
 * for stays), row ODB without the block (partition 0, maxSurge 0, maxUnavailable 20% rounded down). Update never runs, so the pod update policy changes no state, and no
 * controller step marks or updates a pod; with RollingUpdate the same scenario does both (the contrast keeps
 * the check honest).
 */
import { describe, expect, it } from 'vitest';
import { explore, OK, type ExploreResult, type Property } from '../../checker/index.js';
import type { Action } from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { checkScenario } from '../../model/cloneset/scenario-check.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import type { CloneSetState } from '../../model/cloneset/state.js';
import { parametersOf, viewOf } from '../../model/cloneset/view.js';
import type { ControllerVariant } from '../../model/controller/promotion.js';
import { pinned, type Verdicts } from './verdicts.js';

const run = (sc: Scenario, controller: ControllerVariant): ExploreResult<CloneSetState, Action> =>
  explore(cloneSetModel({ ...sc, controller }), { stopAtFirstViolation: false });

const OD: Scenario = { ...DEFAULT_SCENARIO, updateStrategyType: 'OnDelete' };
const ODB: Scenario = { ...OD, rollingUpdate: false, initialPartition: 0, partitions: [0] };

const held = {
  'surge-bound': 'holds',
  'availability-floor': 'holds',
  'on-delete-respected': 'holds',
  'well-formed': 'holds',
  'no-deadlock': 'holds',
  converges: 'holds',
} as const;

const ROWS: readonly {
  readonly name: string;
  readonly scenario: Scenario;
  readonly expected: Readonly<Record<ControllerVariant, { states: number; transitions: number; verdicts: Verdicts }>>;
}[] = [
  {
    // #1545 under OnDelete: the user's deletes are the update, and the promotion bug is the same.
    name: 'OD: the #1545 scenario with OnDelete and a rollingUpdate block',
    scenario: OD,
    expected: {
      'pre-fix': { states: 55_669, transitions: 136_603, verdicts: { 'canary-respected': 7, 'promotion-sound': 4, ...held } },
      upstream: { states: 48_796, transitions: 121_785, verdicts: { 'canary-respected': 8, 'promotion-sound': 5, ...held } },
      proposed: { states: 47_703, transitions: 119_608, verdicts: { 'canary-respected': 'holds', 'promotion-sound': 'holds', ...held } },
    },
  },
  {
    // Upstream's update surge under OnDelete (on-delete-respected, 2 steps: roll out, reconcile). proposed
    // computes no update surge there (VariantInfo.onDeleteWithoutUpdateSurge): nearly OD's space (maxUnavailable
    // still rounds down with maxSurge 1, as upstream's does).
    name: 'ODS: OD with maxSurge 1',
    scenario: { ...OD, maxSurge: 1 },
    expected: {
      'pre-fix': {
        states: 93_346,
        transitions: 235_073,
        verdicts: { 'canary-respected': 7, 'promotion-sound': 4, ...held, 'on-delete-respected': 2 },
      },
      upstream: {
        states: 78_908,
        transitions: 202_425,
        verdicts: { 'canary-respected': 8, 'promotion-sound': 5, ...held, 'on-delete-respected': 2 },
      },
      proposed: { states: 47_650, transitions: 119_532, verdicts: { 'canary-respected': 'holds', 'promotion-sound': 'holds', ...held } },
    },
  },
  {
    // A user's mark under OnDelete with maxSurge 1: the surge for it (its replacement first) stays with the
    // fix, so availability-floor holds for proposed too; a fix that zeroed maxSurge failed it in 2 steps.
    name: 'ODSM: ODS with a user mark',
    scenario: { ...OD, maxSurge: 1, budgets: { ...OD.budgets, marks: 1, failures: 0 } },
    expected: {
      'pre-fix': {
        states: 945_405,
        transitions: 2_769_265,
        verdicts: { 'canary-respected': 7, 'promotion-sound': 4, ...held, 'on-delete-respected': 2 },
      },
      upstream: {
        states: 789_005,
        transitions: 2_350_194,
        verdicts: { 'canary-respected': 8, 'promotion-sound': 5, ...held, 'on-delete-respected': 2 },
      },
      proposed: { states: 547_423, transitions: 1_593_311, verdicts: { 'canary-respected': 'holds', 'promotion-sound': 'holds', ...held } },
    },
  },
  {
    // Partition 0: every pod Scale creates is at the update revision, so no canary to break; promotion at
    // spec.replicas 0 is still unsound under pre-fix and upstream.
    name: 'ODB: OnDelete without a rollingUpdate block',
    scenario: ODB,
    expected: {
      'pre-fix': { states: 52_843, transitions: 128_203, verdicts: { 'canary-respected': 'holds', 'promotion-sound': 4, ...held } },
      upstream: { states: 53_870, transitions: 130_205, verdicts: { 'canary-respected': 'holds', 'promotion-sound': 5, ...held } },
      proposed: { states: 53_796, transitions: 130_032, verdicts: { 'canary-respected': 'holds', 'promotion-sound': 'holds', ...held } },
    },
  },
];

describe('OnDelete (updateStrategyType)', () => {
  for (const row of ROWS) {
    describe(row.name, () => {
      for (const controller of ['pre-fix', 'upstream', 'proposed'] as const) {
        it(`${controller}: states, transitions and verdicts as docs/findings.md reports`, () => {
          const r = run(row.scenario, controller);
          const e = row.expected[controller];
          expect(pinned(r, { transitions: true })).toEqual(e);
          // on-delete-respected's holds are not vacuous: the controller creates pods under OnDelete.
          const w = explore(cloneSetModel({ ...row.scenario, controller }), { properties: ['on-delete-creates'] }).witnesses;
          expect(w?.find((x) => x.property === 'on-delete-creates')?.status).toBe('reached');
        });
      }
    });
  }

  it('without a rollingUpdate block the controller takes maxUnavailable 20% rounded down, with it rounded up', () => {
    const at = (sc: Scenario, replicas: number) =>
      parametersOf(viewOf({ ...sc, maxReplicas: 5 }), {
        spec: { replicas, template: 0, partition: 0, paused: false, surge: 0, unavailable: 0 },
      });
    // 20% of 4: 0 down, 1 up; of 5: 1 either way.
    expect([at(ODB, 4).maxUnavailable, at(ODB, 5).maxUnavailable]).toEqual([0, 1]);
    expect([at({ ...ODB, rollingUpdate: true }, 4).maxUnavailable, at({ ...ODB, rollingUpdate: true }, 5).maxUnavailable]).toEqual([1, 1]);
    expect(at(ODB, 4)).toMatchObject({ partition: 0, maxSurge: 0 });
  });

  // Update returns after its refresh under OnDelete, so how it would update a pod is never asked.
  it('the pod update policy changes no state under OnDelete (it does under RollingUpdate)', () => {
    for (const controller of ['upstream', 'proposed'] as const) {
      const inPlace = run({ ...OD, podUpdatePolicy: 'InPlaceIfPossible' }, controller);
      const recreate = run(OD, controller);
      expect([inPlace.stats.states, inPlace.stats.transitions]).toEqual([recreate.stats.states, recreate.stats.transitions]);
    }
    const rolling = run({ ...DEFAULT_SCENARIO, podUpdatePolicy: 'InPlaceIfPossible' }, 'upstream');
    expect(rolling.stats.states).not.toBe(run(DEFAULT_SCENARIO, 'upstream').stats.states);
  });

  // Checked over every reachable state: no pod is ever marked for deletion or in place (there is no user
  // mark in these scenarios, so a mark is the controller's ReCreate update).
  const untouched: Property<CloneSetState, Action> = {
    kind: 'invariant',
    name: 'no-update',
    description: 'no pod is marked for deletion or being updated in place',
    check: (s) =>
      s.pods.some((p) => p.marked || p.lifecycle === 'Updating' || p.lifecycle === 'PreparingUpdate')
        ? { ok: false, message: 'a pod was updated' }
        : OK,
  };
  const withUntouched = (sc: Scenario) => {
    const m = cloneSetModel({ ...sc, controller: 'upstream' });
    return explore({ ...m, properties: [...m.properties, untouched] }, { properties: ['no-update'], stopAtFirstViolation: true });
  };

  it('no controller step marks or updates a pod under OnDelete, ReCreate or in place', () => {
    for (const sc of [OD, { ...OD, podUpdatePolicy: 'InPlaceIfPossible' as const }]) {
      const r = withUntouched(sc);
      expect([r.verdict, r.violation?.property]).toEqual(['holds', undefined]);
    }
  });

  it('under RollingUpdate the same scenario marks a pod (ReCreate) and updates one in place (InPlaceIfPossible)', () => {
    for (const sc of [DEFAULT_SCENARIO, { ...DEFAULT_SCENARIO, podUpdatePolicy: 'InPlaceIfPossible' as const }]) {
      const r = withUntouched(sc);
      expect([r.verdict, r.violation?.property]).toEqual(['violated', 'no-update']);
    }
  });

  it('a scenario without the block must hold the values the controller takes', () => {
    expect(() => checkScenario(ODB)).not.toThrow();
    expect(() => checkScenario({ ...ODB, updateStrategyType: 'RollingUpdate' })).toThrow(/scenario\.rollingUpdate must be true unless/);
    expect(() => checkScenario({ ...OD, rollingUpdate: false })).toThrow(/scenario\.initialPartition must be 0/);
    expect(() => checkScenario({ ...ODB, partitions: [0, 1] })).toThrow(/scenario\.partitions must be 0 only/);
    expect(() => checkScenario({ ...ODB, maxSurge: 1 })).toThrow(/scenario\.maxSurge must be 0/);
    expect(() => checkScenario({ ...ODB, maxUnavailable: 1 })).toThrow(/scenario\.maxUnavailable must be "20%"/);
    expect(() => checkScenario({ ...ODB, paused: true })).toThrow(/scenario\.paused must be false/);
    expect(() => checkScenario({ ...ODB, budgets: { ...ODB.budgets, pauses: 1 } })).toThrow(/scenario\.budgets\.pauses must be 0/);
    // No partition field to edit, even among zeros.
    expect(() => checkScenario({ ...ODB, partitions: [0, '0%'], budgets: { ...ODB.budgets, partitions: 1 } })).toThrow(
      /scenario\.budgets\.partitions must be 0/,
    );
    expect(() => checkScenario({ ...ODB, budgets: { ...ODB.budgets, pauses: 1 } })).toThrow(/scenario\.budgets\.pauses must be 0/);
    // No partition field to edit, even among zeros.
    expect(() => checkScenario({ ...ODB, partitions: [0, '0%'], budgets: { ...ODB.budgets, partitions: 1 } })).toThrow(
      /scenario\.budgets\.partitions must be 0/,
    );
    expect(() => checkScenario({ ...ODB, budgets: { ...ODB.budgets, strategies: 1 } })).toThrow(/scenario\.budgets\.strategies must be 0/);
    expect(() => checkScenario({ ...OD, updateStrategyType: 'Recreate' as never })).toThrow(/scenario\.updateStrategyType must be one of/);
  });
});
