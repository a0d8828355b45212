/**
 * docs/findings.md's rows for issue #14 item 5 (users and kubelet), found by the explorer (no scripted
 * traces) and pinned: each option alone on the #1545 scenario, under every variant — state counts, which
 * properties hold, and the length of each shortest counterexample.
 */
import { describe, expect, it } from 'vitest';
import { explore, type ExploreResult } from '../../checker/index.js';
import { reconcileChanges, type Action } from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { canonicalPods, type CloneSetState } from '../../model/cloneset/state.js';
import type { ControllerVariant } from '../../model/controller/promotion.js';
import { pinned, verdicts } from './verdicts.js';

function run(scenario: Scenario, controller: ControllerVariant): ExploreResult<CloneSetState, Action> {
  return explore(cloneSetModel({ ...scenario, controller }), { stopAtFirstViolation: false });
}

const d = DEFAULT_SCENARIO;
const VARIANTS = ['pre-fix', 'upstream', 'proposed'] as const;
// The verdicts every row shares with the default scenario: #1545 and its incomplete fix stay as they are.
const canary = { 'pre-fix': 7, upstream: 8, proposed: 'holds' } as const;
const promotion = { 'pre-fix': 4, upstream: 5, proposed: 'holds' } as const;
const always = { 'surge-bound': 'holds', 'well-formed': 'holds', 'no-deadlock': 'holds', converges: 'holds' } as const;

interface Row {
  readonly name: string;
  readonly scenario: Scenario;
  readonly states: Readonly<Record<ControllerVariant, number>>;
  readonly availabilityFloor: Readonly<Record<ControllerVariant, number | 'holds'>>;
  /** Action kinds the availability-floor counterexample must contain (the new step it is about). */
  readonly uses?: string;
}

const ROWS: readonly Row[] = [
  {
    name: 'userMarks 1',
    scenario: { ...d, budgets: { ...d.budgets, marks: 1, failures: 0 } },
    states: { 'pre-fix': 615_717, upstream: 476_550, proposed: 469_699 },
    availabilityFloor: { 'pre-fix': 7, upstream: 7, proposed: 'holds' },
    uses: 'markPod',
  },
  {
    name: 'podFailures 1',
    scenario: { ...d, budgets: { ...d.budgets, marks: 0, failures: 1 } },
    states: { 'pre-fix': 606_387, upstream: 485_250, proposed: 480_150 },
    availabilityFloor: { 'pre-fix': 7, upstream: 7, proposed: 'holds' },
    uses: 'podUnready',
  },
  {
    name: 'preparingReady',
    scenario: { ...d, preparingReady: true },
    states: { 'pre-fix': 405_326, upstream: 339_737, proposed: 335_769 },
    availabilityFloor: { 'pre-fix': 11, upstream: 11, proposed: 'holds' },
  },
  {
    name: 'inPlaceKubelet (InPlaceIfPossible)',
    scenario: { ...d, podUpdatePolicy: 'InPlaceIfPossible', inPlaceKubelet: true },
    states: { 'pre-fix': 126_091, upstream: 93_203, proposed: 91_598 },
    availabilityFloor: { 'pre-fix': 'holds', upstream: 'holds', proposed: 'holds' },
  },
  {
    // A ready pod becomes available by a step of its own: the same counterexample as row A, one step longer.
    name: 'minReadySeconds 10',
    scenario: { ...d, minReadySeconds: 10 },
    states: { 'pre-fix': 1_023_037, upstream: 784_452, proposed: 787_002 },
    availabilityFloor: { 'pre-fix': 12, upstream: 12, proposed: 'holds' },
    uses: 'podAvailable',
  },
  {
    // Users pause and resume at any time: 2.1x the states, row A's verdicts.
    name: 'pauseChanges any',
    scenario: { ...d, budgets: { ...d.budgets, pauses: 'any' } },
    states: { 'pre-fix': 250_606, upstream: 206_936, proposed: 204_294 },
    availabilityFloor: { 'pre-fix': 11, upstream: 11, proposed: 'holds' },
  },
  {
    // Paused from the start, availability-floor holds until the user resumes: row A's counterexample, one step longer.
    name: 'paused, one resume',
    scenario: { ...d, paused: true, budgets: { ...d.budgets, pauses: 1 } },
    states: { 'pre-fix': 179_456, upstream: 150_778, proposed: 148_366 },
    availabilityFloor: { 'pre-fix': 12, upstream: 12, proposed: 'holds' },
    uses: 'setPaused',
  },
];

describe('users and kubelet (issue #14 item 5), each option alone on the #1545 scenario', () => {
  for (const row of ROWS) {
    it(`${row.name}: states and verdicts under every variant`, () => {
      for (const c of VARIANTS) {
        const r = run(row.scenario, c);
        expect(pinned(r, { label: c }), c).toEqual({
          states: row.states[c],
          verdicts: {
            'canary-respected': canary[c],
            'promotion-sound': promotion[c],
            'availability-floor': row.availabilityFloor[c],
            ...always,
          },
        });
        const floor = r.violations?.find((v) => v.property === 'availability-floor');
        // proposed's deleteReadyLimit fix holds the floor in every row: only a counterexample has the step to show.
        if (row.uses !== undefined && row.availabilityFloor[c] !== 'holds')
          expect(
            floor?.trace.some((st) => st.action?.kind === row.uses),
            c,
          ).toBe(true);
      }
    });
  }

  it('inPlaceKubelet adds a kubelet step to every in-place update: more states than InPlaceIfPossible alone, same verdicts', () => {
    const base = run({ ...d, podUpdatePolicy: 'InPlaceIfPossible' }, 'upstream');
    const kubelet = run({ ...d, podUpdatePolicy: 'InPlaceIfPossible', inPlaceKubelet: true }, 'upstream');
    expect(base.stats.states).toBe(72_722);
    expect(kubelet.stats.states).toBeGreaterThan(base.stats.states);
    expect(verdicts(kubelet)).toEqual(verdicts(base));
  });

  it('inPlaceKubelet: a refresh moves an Updating pod on only after the kubelet step', () => {
    const model = cloneSetModel({ ...d, podUpdatePolicy: 'InPlaceIfPossible', inPlaceKubelet: true, controller: 'upstream' });
    const init = model.initialStates()[0]!;
    const pods = canonicalPods([
      { rev: 0, lifecycle: 'Normal', ready: true, marked: false },
      { rev: 1, lifecycle: 'Updating', ready: false, marked: false },
    ]);
    const s: CloneSetState = { ...init, spec: { ...init.spec, template: 1 }, pods, history: [0, 1] };
    const waiting = reconcileChanges(model.view, s);
    // Nothing to do but the status: the Updating pod stays as it is.
    expect(waiting?.pods ?? s.pods).toEqual(s.pods);
    const done = model.actions(s).find((a) => a.kind === 'inPlaceDone');
    expect(done).toBeDefined();
    const t = model.next(s, done!);
    const refreshed = reconcileChanges(model.view, t);
    expect(refreshed?.pods).toEqual(canonicalPods([pods[0]!, { rev: 1, lifecycle: 'Normal', ready: false, marked: false }]));
  });
});
