/**
 * docs/findings.md's rows for issue #14 item 3 (lifecycle hooks), found by the explorer (no scripted traces)
 * and pinned: the #1545 scenario with `lifecycleHooks` (and its two options), under every variant — state
 * counts, which properties hold, and the length of each shortest counterexample. `proposed` carries two
 * lifecycle-hook fixes (model/controller/promotion.ts, `hookFixes`): its rows are the proof within these bounds.
 */
import { describe, expect, it } from 'vitest';
import { explore, OK, type ExploreResult, type Model, type Property } from '../../checker/index.js';
import type { Action } from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import type { CloneSetState } from '../../model/cloneset/state.js';
import { expectedUpdated } from '../../model/cloneset/view.js';
import type { ControllerVariant } from '../../model/controller/promotion.js';
import { pinned, verdicts } from './verdicts.js';

type Verdict = number | 'holds';

function run(scenario: Scenario, controller: ControllerVariant): ExploreResult<CloneSetState, Action> {
  return explore(cloneSetModel({ ...scenario, controller }), { stopAtFirstViolation: false });
}

const d = DEFAULT_SCENARIO;
const inPlace: Scenario = { ...d, podUpdatePolicy: 'InPlaceIfPossible', lifecycleHooks: 'inPlaceUpdate' };
const rollbackRow: Scenario = {
  ...inPlace,
  rollbackGate: true,
  partitions: ['50%', '100%'],
  budgets: { ...d.budgets, partitions: 1 },
};

interface Row {
  readonly name: string;
  readonly scenario: Scenario;
  readonly variants: readonly ControllerVariant[];
  readonly states: Partial<Record<ControllerVariant, number>>;
  readonly verdicts: Partial<Record<ControllerVariant, Record<string, Verdict>>>;
}

const base = (canary: Verdict, promotion: Verdict, floor: Verdict, deadlock: Verdict, converges: Verdict): Record<string, Verdict> => ({
  'canary-respected': canary,
  'promotion-sound': promotion,
  'surge-bound': 'holds',
  'availability-floor': floor,
  'well-formed': 'holds',
  'no-deadlock': deadlock,
  converges,
});

const ROWS: readonly Row[] = [
  {
    // About a million states per variant: proposed (the fix of L1) only; docs/findings.md has the others.
    name: 'lifecycleHooks preDelete (ReCreate), proposed',
    scenario: { ...d, lifecycleHooks: 'preDelete' },
    variants: ['proposed'],
    states: { proposed: 852_545 },
    // availability-floor too: deleteReadyLimit counts the unready marked pod (markedCountUnavailable), as in row A.
    verdicts: { proposed: base('holds', 'holds', 'holds', 'holds', 'holds') },
  },
  {
    name: 'lifecycleHooks inPlaceUpdate (InPlaceIfPossible)',
    scenario: inPlace,
    variants: ['pre-fix', 'upstream', 'proposed'],
    states: { 'pre-fix': 307_929, upstream: 227_276, proposed: 244_911 },
    verdicts: {
      'pre-fix': base(7, 4, 'holds', 12, 3),
      upstream: base(8, 5, 'holds', 12, 3),
      proposed: base('holds', 'holds', 'holds', 'holds', 'holds'),
    },
  },
  {
    name: 'lifecycleHooks inPlaceUpdate + PreparingUpdateAsUpdate',
    scenario: { ...inPlace, preparingUpdateAsUpdate: true },
    variants: ['pre-fix', 'upstream', 'proposed'],
    states: { 'pre-fix': 304_290, upstream: 217_354, proposed: 216_030 },
    verdicts: {
      'pre-fix': base(7, 4, 'holds', 12, 4),
      upstream: base(8, 5, 'holds', 12, 4),
      proposed: base('holds', 'holds', 'holds', 'holds', 'holds'),
    },
  },
  {
    // L6: the CloneSetPartitionRollback gate with a partition raised to 100%: a pod at v2 must go back to v1.
    name: 'lifecycleHooks inPlaceUpdate + rollback gate, partition 50% → 100%',
    scenario: rollbackRow,
    variants: ['upstream', 'proposed'],
    states: { upstream: 865_161, proposed: 1_020_206 },
    verdicts: {
      upstream: base(8, 5, 'holds', 11, 3),
      proposed: base('holds', 'holds', 'holds', 'holds', 'holds'),
    },
  },
];

/** A reconcile moves a PreparingDelete pod (at `rev`, or any) back to PreparingNormal: managePreparingDelete's revival. */
function revives(s: CloneSetState, a: Action, t: CloneSetState, rev?: number): boolean {
  if (a.kind !== 'reconcile') return false;
  const count = (x: CloneSetState, l: string): number =>
    x.pods.filter((p) => p.lifecycle === l && (rev === undefined || p.rev === rev)).length;
  return count(t, 'PreparingDelete') < count(s, 'PreparingDelete') && count(t, 'PreparingNormal') > count(s, 'PreparingNormal');
}

describe('lifecycle hooks (issue #14 item 3) on the #1545 scenario', () => {
  it("L6 with pause changes: paused, updates and the gate's rollback wait for the resume, and proposed still holds (at rest while paused)", () => {
    const props = ['canary-respected', 'promotion-sound', 'converges', 'settled-canary'];
    const paused = explore(cloneSetModel({ ...rollbackRow, controller: 'proposed', budgets: { ...rollbackRow.budgets, pauses: 'any' } }), {
      stopAtFirstViolation: false,
      properties: props,
    });
    expect(paused.stats.states).toBe(2_226_336);
    expect(verdicts(paused)).toEqual({
      'canary-respected': 'holds',
      'promotion-sound': 'holds',
      converges: 'holds',
      'settled-canary': 'holds',
    });
  });

  for (const row of ROWS) {
    it(`${row.name}: states and verdicts`, () => {
      for (const c of row.variants) {
        const r = run(row.scenario, c);
        expect(pinned(r, { label: c }), c).toEqual({ states: row.states[c], verdicts: row.verdicts[c] });
      }
    });
  }

  it('preDelete: upstream revives a pod at v2 past the partition; proposed never does, yet still revives, at v2 too', () => {
    const scenario: Scenario = { ...d, lifecycleHooks: 'preDelete' };
    const u = (x: CloneSetState): number => x.pods.filter((p) => p.rev === 1 && !p.marked && p.lifecycle !== 'PreparingDelete').length;
    const model = (controller: ControllerVariant): Model<CloneSetState, Action> => {
      const m = cloneSetModel({ ...scenario, controller });
      const withinCanary: Property<CloneSetState, Action> = {
        kind: 'step',
        name: 'revival-within-canary',
        description: 'a revival never raises the unmarked pods at v2 above spec.replicas − partition',
        check: (s, a, t) =>
          !revives(s, a, t, 1) || u(t) <= Math.max(expectedUpdated(m.view, t), u(s)) ? OK : { ok: false, message: `${u(t)} pods at v2` },
      };
      const witness = (name: string, rev?: number): Property<CloneSetState, Action> => ({
        kind: 'sometimes',
        on: 'step',
        name,
        description: `a reconcile revives a PreparingDelete pod${rev === undefined ? '' : ' at v2'}`,
        reached: (s, a, t) => revives(s, a, t, rev),
      });
      return { ...m, properties: [withinCanary, witness('revival'), witness('revival-at-v2', 1)] };
    };
    const names = ['revival-within-canary', 'revival', 'revival-at-v2'];
    const upstream = explore(model('upstream'), { properties: names });
    expect(upstream.violations?.map((v) => [v.property, v.trace.length - 1])).toEqual([['revival-within-canary', 9]]);
    const proposed = explore(model('proposed'), { properties: names });
    expect(proposed.limit).toBeUndefined();
    expect(proposed.violations ?? []).toEqual([]);
    expect(proposed.witnesses?.map((w) => [w.property, w.status])).toEqual([
      ['revival', 'reached'],
      ['revival-at-v2', 'reached'],
    ]);
  });

  it('inPlaceUpdate, proposed: a PreparingUpdate pod at v1 goes back (Updated, or Normal while hooked) — reached, so the holds are not vacuous', () => {
    const back = (to: string): Property<CloneSetState, Action> => ({
      kind: 'sometimes',
      on: 'step',
      name: `back-to-${to}`,
      description: `a reconcile moves a PreparingUpdate pod at v1 to ${to}`,
      reached: (s, a, t) => {
        if (a.kind !== 'reconcile') return false;
        const n = (x: CloneSetState, l: string): number => x.pods.filter((p) => p.rev === 0 && p.lifecycle === l).length;
        return n(t, 'PreparingUpdate') < n(s, 'PreparingUpdate') && n(t, to) > n(s, to);
      },
    });
    const m: Model<CloneSetState, Action> = cloneSetModel({ ...inPlace, controller: 'proposed' });
    const r = explore({ ...m, properties: [back('Updated'), back('Normal')] }, { properties: ['back-to-Updated', 'back-to-Normal'] });
    expect(r.limit).toBeUndefined();
    expect(r.witnesses?.map((w) => [w.property, w.status])).toEqual([
      ['back-to-Updated', 'reached'],
      ['back-to-Normal', 'reached'],
    ]);
    // Upstream never moves one back: its refresh only moves PreparingUpdate pods already at the update revision.
    const u: Model<CloneSetState, Action> = cloneSetModel({ ...inPlace, controller: 'upstream' });
    const ru = explore({ ...u, properties: [back('Updated'), back('Normal')] }, { properties: ['back-to-Updated', 'back-to-Normal'] });
    expect(ru.witnesses?.map((w) => [w.property, w.status])).toEqual([
      ['back-to-Updated', 'unreached'],
      ['back-to-Normal', 'unreached'],
    ]);
  });

  it('rollback gate: upstream cycles a pod it rolls back through PreparingUpdate and Updated; proposed rolls it back', () => {
    // Upstream never gets to roll a pod at v2 back: once its hook is released, the refresh (#1156's rule) sends it
    // to Updated first, and Update sends it back to PreparingUpdate (docs/findings.md, L6). Proposed does.
    const rolledBack: Property<CloneSetState, Action> = {
      kind: 'sometimes',
      on: 'step',
      name: 'rolled-back-in-place',
      description: 'a reconcile updates a PreparingUpdate pod at v2 in place back to v1',
      reached: (s, a, t) =>
        a.kind === 'reconcile' &&
        s.pods.some((p) => p.rev === 1 && p.lifecycle === 'PreparingUpdate') &&
        t.pods.filter((p) => p.rev === 0 && p.lifecycle === 'Updating').length >
          s.pods.filter((p) => p.rev === 0 && p.lifecycle === 'Updating').length,
    };
    const witness = (controller: ControllerVariant): string | undefined => {
      const m: Model<CloneSetState, Action> = cloneSetModel({ ...rollbackRow, controller });
      const r = explore({ ...m, properties: [rolledBack] }, { properties: ['rolled-back-in-place'] });
      expect(r.limit).toBeUndefined();
      return r.witnesses?.[0]?.status;
    };
    expect(witness('upstream')).toBe('unreached');
    expect(witness('proposed')).toBe('reached');
  });

  it('inPlaceUpdate: the no-deadlock counterexample ends with a pod left in PreparingUpdate, its hook released', () => {
    const r = explore(cloneSetModel({ ...inPlace, controller: 'upstream' }), { properties: ['no-deadlock'] });
    const trace = r.violations![0]!.trace;
    const last = trace[trace.length - 1]!.state;
    expect(last.pods.some((p) => p.lifecycle === 'PreparingUpdate' && p.inPlaceHook !== true)).toBe(true);
    expect(trace.some((s) => s.action?.kind === 'releaseHook')).toBe(true);
  });
});
