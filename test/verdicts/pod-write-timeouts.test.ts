/**
 * The verdicts docs/findings.md reports for pod writes that time out after they landed (podWriteTimeouts),
 * found by the explorer and pinned: state and transition counts, which properties hold, the length of each
 * shortest counterexample. Row T1 is the small scope with a lagging pod cache where the finding shows (T1i
 * with in-place updates); row T0 is row P1 (the #1545 scenario, one failing pod write, no pod cache) with
 * timeouts, whose verdicts are P1's: without a lagging cache nothing awaits a write, so a lost reply only
 * changes what runs after it. proposed settles a timed-out write (VariantInfo.settlesTimedOutWrites),
 * so for it each row is the row without timeouts.
 */
import { describe, expect, it } from 'vitest';
import { explore, type ExploreResult } from '../../checker/index.js';
import type { Action } from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import type { CloneSetState } from '../../model/cloneset/state.js';
import { CONTROLLER_VARIANTS, type ControllerVariant } from '../../model/controller/promotion.js';
import { pinned, verdicts, type Verdicts } from './verdicts.js';

const run = (sc: Scenario, controller: ControllerVariant): ExploreResult<CloneSetState, Action> =>
  explore(cloneSetModel({ ...sc, controller }), { stopAtFirstViolation: false });

const held = { 'well-formed': 'holds', 'no-deadlock': 'holds', converges: 'holds' } as const;

interface Row {
  readonly name: string;
  readonly scenario: Scenario;
  readonly expected: Readonly<Record<ControllerVariant, { states: number; transitions: number; verdicts: Verdicts }>>;
}

const T1I_VERDICTS: Verdicts = { 'canary-respected': 4, 'surge-bound': 3, 'availability-floor': 'holds', ...held };
const T1_VERDICTS = { 'canary-respected': 5, 'surge-bound': 3, 'availability-floor': 16, ...held };
// proposed settles a write that timed out (VariantInfo.settlesTimedOutWrites): neither finding occurs.
const HOLDS_TIMEOUTS = { 'canary-respected': 'holds', 'surge-bound': 'holds', 'promotion-sound': 'holds' } as const;
// …nor availability-floor's (16 steps): its deleteReadyLimit counts the unready marked pod (VariantInfo.markedCountUnavailable).
const PROPOSED_T1_VERDICTS: Verdicts = { ...T1_VERDICTS, ...HOLDS_TIMEOUTS, 'availability-floor': 'holds' };

const ROWS: readonly Row[] = [
  {
    name: 'T1: expectations upstream, one failing pod write that may time out, 1 rollout, 1 scale',
    scenario: {
      ...DEFAULT_SCENARIO,
      expectations: 'upstream',
      podWriteFailures: 1,
      podWriteTimeouts: true,
      budgets: { rollouts: 1, deletes: 0, scales: 1, partitions: 0 },
    },
    expected: {
      'pre-fix': { states: 21_010, transitions: 58_409, verdicts: { ...T1_VERDICTS, 'promotion-sound': 7 } },
      upstream: { states: 19_605, transitions: 54_912, verdicts: { ...T1_VERDICTS, 'promotion-sound': 7 } },
      proposed: { states: 3_533, transitions: 8_190, verdicts: PROPOSED_T1_VERDICTS },
    },
  },
  {
    // An in-place update that timed out after it landed is awaited by nothing (pre-fix, upstream): the next
    // reconcile, its cache showing the pod at v1, updates a second pod. proposed settles it and awaits it.
    name: 'T1i: T1 with in-place updates completed by the kubelet',
    scenario: {
      ...DEFAULT_SCENARIO,
      podUpdatePolicy: 'InPlaceIfPossible',
      inPlaceKubelet: true,
      expectations: 'upstream',
      podWriteFailures: 1,
      podWriteTimeouts: true,
      budgets: { rollouts: 1, deletes: 0, scales: 1, partitions: 0 },
    },
    expected: {
      'pre-fix': { states: 35_325, transitions: 112_823, verdicts: { ...T1I_VERDICTS, 'promotion-sound': 7 } },
      upstream: { states: 34_235, transitions: 109_932, verdicts: { ...T1I_VERDICTS, 'promotion-sound': 7 } },
      proposed: { states: 11_497, transitions: 36_483, verdicts: { ...T1I_VERDICTS, ...HOLDS_TIMEOUTS } },
    },
  },
  {
    name: 'T0: row P1 with timeouts (no pod cache)',
    scenario: { ...DEFAULT_SCENARIO, podWriteFailures: 1, podWriteTimeouts: true },
    expected: {
      'pre-fix': {
        states: 462_455,
        transitions: 1_234_456,
        verdicts: { 'canary-respected': 6, 'promotion-sound': 4, 'surge-bound': 'holds', 'availability-floor': 10, ...held },
      },
      upstream: {
        states: 370_317,
        transitions: 1_006_654,
        verdicts: { 'canary-respected': 8, 'promotion-sound': 5, 'surge-bound': 'holds', 'availability-floor': 10, ...held },
      },
      proposed: {
        states: 334_615,
        transitions: 898_332,
        verdicts: {
          'canary-respected': 'holds',
          'promotion-sound': 'holds',
          'surge-bound': 'holds',
          'availability-floor': 'holds',
          ...held,
        },
      },
    },
  },
];

describe.each(ROWS)('$name', ({ scenario, expected }) => {
  it.each(CONTROLLER_VARIANTS)('%s', (controller) => {
    const r = run(scenario, controller);
    expect(pinned(r, { transitions: true })).toEqual(expected[controller]);
  });
});

describe('T0 against P1', () => {
  it('the timeouts change no verdict where no pod cache lags, and proposed, settling timed-out writes, explores P1 itself', () => {
    const t0 = ROWS.find((r) => r.name.startsWith('T0'))!;
    const { podWriteTimeouts: _, ...p1 } = t0.scenario;
    for (const controller of CONTROLLER_VARIANTS) {
      const r = run(p1, controller);
      expect(verdicts(r)).toEqual(t0.expected[controller].verdicts);
      const same = r.stats.states === t0.expected[controller].states && r.stats.transitions === t0.expected[controller].transitions;
      expect(same).toBe(controller === 'proposed');
    }
  });
});
