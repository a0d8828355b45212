/**
 * The verdicts docs/findings.md reports for the #1545 scenario with a stale CloneSet cache (staleReads 1), a
 * lagging ControllerRevision cache (staleRevisions),
 * with one failing status write (statusWriteFailures 1) and with a lagging pod cache (expectations
 * upstream), found by the explorer (no scripted traces)
 * and pinned: state and transition counts, which properties hold, the length of each shortest
 * counterexample.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explore, type ExploreResult, type Property } from '../../checker/index.js';
import type { Action } from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import type { CloneSetState } from '../../model/cloneset/state.js';
import { CONTROLLER_VARIANTS, type ControllerVariant } from '../../model/controller/promotion.js';
import { pinned, verdicts, type Verdicts } from './verdicts.js';

// Each exploration runs once: the counterexample test below reads the same result as the verdicts.
const results = new Map<string, ExploreResult<CloneSetState, Action>>();
function run(sc: Scenario, controller: ControllerVariant): ExploreResult<CloneSetState, Action> {
  const key = JSON.stringify({ ...sc, controller });
  let r = results.get(key);
  if (r === undefined) {
    r = explore(cloneSetModel({ ...sc, controller }), { stopAtFirstViolation: false });
    results.set(key, r);
  }
  return r;
}

const held = { 'surge-bound': 'holds', 'well-formed': 'holds', 'no-deadlock': 'holds', converges: 'holds' } as const;

interface Row {
  readonly name: string;
  readonly scenario: Scenario;
  readonly expected: Readonly<Record<ControllerVariant, { states: number; transitions: number; verdicts: Verdicts }>>;
}

const ROWS: readonly Row[] = [
  {
    name: 'staleReads 1',
    scenario: { ...DEFAULT_SCENARIO, staleReads: 1 },
    expected: {
      'pre-fix': {
        states: 914_637,
        transitions: 2_964_256,
        verdicts: { 'canary-respected': 8, 'promotion-sound': 5, 'availability-floor': 12, ...held },
      },
      upstream: {
        states: 611_920,
        transitions: 1_983_949,
        verdicts: { 'canary-respected': 9, 'promotion-sound': 5, 'availability-floor': 12, ...held },
      },
      proposed: {
        states: 525_385,
        transitions: 1_730_905,
        verdicts: { 'canary-respected': 'holds', 'promotion-sound': 'holds', 'availability-floor': 'holds', ...held },
      },
    },
  },
  {
    name: 'staleRevisions',
    scenario: { ...DEFAULT_SCENARIO, staleRevisions: true },
    expected: {
      'pre-fix': {
        states: 131_388,
        transitions: 344_765,
        verdicts: { 'canary-respected': 8, 'promotion-sound': 4, 'availability-floor': 12, ...held },
      },
      upstream: {
        states: 109_604,
        transitions: 292_753,
        verdicts: { 'canary-respected': 9, 'promotion-sound': 5, 'availability-floor': 12, ...held },
      },
      proposed: {
        states: 108_265,
        transitions: 290_077,
        verdicts: { 'canary-respected': 'holds', 'promotion-sound': 'holds', 'availability-floor': 'holds', ...held },
      },
    },
  },
  {
    // Three templates, two rollouts: upstream's reconcile may list no status.currentRevision (docs/findings.md,
    // "A lagging ControllerRevision cache").
    name: 'staleRevisions, three templates',
    scenario: {
      ...DEFAULT_SCENARIO,
      staleRevisions: true,
      templates: 3,
      partitions: [0, '50%'],
      budgets: { rollouts: 2, deletes: 0, scales: 2, partitions: 0 },
    },
    expected: {
      'pre-fix': {
        states: 127_320,
        transitions: 272_248,
        verdicts: { 'canary-respected': 9, 'promotion-sound': 5, 'availability-floor': 12, ...held },
      },
      upstream: {
        states: 121_600,
        transitions: 262_388,
        verdicts: { 'canary-respected': 9, 'promotion-sound': 5, 'availability-floor': 12, ...held },
      },
      proposed: {
        states: 115_110,
        transitions: 251_086,
        verdicts: { 'canary-respected': 'holds', 'promotion-sound': 'holds', 'availability-floor': 'holds', ...held },
      },
    },
  },
  {
    name: 'statusWriteFailures 1',
    scenario: { ...DEFAULT_SCENARIO, statusWriteFailures: 1 },
    expected: {
      'pre-fix': {
        states: 396_802,
        transitions: 1_127_590,
        verdicts: { 'canary-respected': 7, 'promotion-sound': 4, 'availability-floor': 11, ...held },
      },
      upstream: {
        states: 333_118,
        transitions: 959_960,
        verdicts: { 'canary-respected': 8, 'promotion-sound': 5, 'availability-floor': 11, ...held },
      },
      proposed: {
        states: 328_812,
        transitions: 949_795,
        verdicts: { 'canary-respected': 'holds', 'promotion-sound': 'holds', 'availability-floor': 'holds', ...held },
      },
    },
  },
  {
    name: 'podWriteFailures 1',
    scenario: { ...DEFAULT_SCENARIO, podWriteFailures: 1 },
    expected: {
      'pre-fix': {
        states: 445_943,
        transitions: 1_182_677,
        verdicts: { 'canary-respected': 6, 'promotion-sound': 4, 'availability-floor': 10, ...held },
      },
      upstream: {
        states: 355_438,
        transitions: 959_120,
        verdicts: { 'canary-respected': 8, 'promotion-sound': 5, 'availability-floor': 10, ...held },
      },
      // Only Update's refresh loop after a failed deletion (VariantInfo.stopsAfterFailedDelete), and the floor held
      // (VariantInfo.markedCountUnavailable).
      proposed: {
        states: 334_615,
        transitions: 898_332,
        verdicts: { 'canary-respected': 'holds', 'promotion-sound': 'holds', 'availability-floor': 'holds', ...held },
      },
    },
  },
  {
    name: 'expectations upstream',
    scenario: { ...DEFAULT_SCENARIO, expectations: 'upstream' },
    expected: {
      'pre-fix': {
        states: 966_539,
        transitions: 3_626_832,
        verdicts: { 'canary-respected': 10, 'promotion-sound': 6, 'availability-floor': 17, ...held },
      },
      upstream: {
        states: 820_856,
        transitions: 3_129_955,
        verdicts: { 'canary-respected': 10, 'promotion-sound': 7, 'availability-floor': 17, ...held },
      },
      proposed: {
        states: 738_696,
        transitions: 2_811_026,
        verdicts: { 'canary-respected': 'holds', 'promotion-sound': 'holds', 'availability-floor': 'holds', ...held },
      },
    },
  },
  {
    // In place, the kubelet finishing each update: the refresh's condition write on a pod the cache shows
    // stale conflicts, an in-place update may too (docs/model.md, "Pod cache and expectations").
    name: 'expectations upstream, in place',
    scenario: { ...DEFAULT_SCENARIO, expectations: 'upstream', podUpdatePolicy: 'InPlaceIfPossible', inPlaceKubelet: true },
    expected: {
      'pre-fix': {
        states: 1_120_068,
        transitions: 4_445_913,
        verdicts: { 'canary-respected': 10, 'promotion-sound': 6, 'availability-floor': 'holds', ...held },
      },
      upstream: {
        states: 837_726,
        transitions: 3_383_044,
        verdicts: { 'canary-respected': 10, 'promotion-sound': 7, 'availability-floor': 'holds', ...held },
      },
      proposed: {
        states: 824_772,
        transitions: 3_337_956,
        verdicts: { 'canary-respected': 'holds', 'promotion-sound': 'holds', 'availability-floor': 'holds', ...held },
      },
    },
  },
];

describe.each(ROWS)('the #1545 scenario with $name', (row) => {
  it.each(CONTROLLER_VARIANTS)('%s: counts and verdicts as findings.md reports them', (controller) => {
    const r = run(row.scenario, controller);
    const want = row.expected[controller];
    expect(pinned(r, { transitions: true })).toEqual(want);
  });
});

describe('docs/findings.md', () => {
  const doc = readFileSync(new URL('../../docs/findings.md', import.meta.url), 'utf8');
  // The findings table's row for each pinned row (its bold name opens the line).
  const rowNames: Readonly<Record<string, string>> = {
    'staleReads 1': 'S1',
    staleRevisions: 'SR',
    'staleRevisions, three templates': 'SR3',
    'statusWriteFailures 1': 'W1',
    'podWriteFailures 1': 'P1',
    'expectations upstream': 'EU',
    'expectations upstream, in place': 'EUI',
  };

  it.each(ROWS)('reports the pinned state counts of $name', (row) => {
    const line = doc.split('\n').find((l) => l.startsWith(`| **${rowNames[row.name]}** `));
    const counts = CONTROLLER_VARIANTS.map((c) => row.expected[c].states.toLocaleString('en-US')).join(' / ');
    expect(line).toContain(`| ${counts} (`);
  });
});

describe('a stale-read counterexample', () => {
  it('upstream: the promotion that breaks the canary was computed from a spec the API server no longer held', () => {
    const r = run({ ...DEFAULT_SCENARIO, staleReads: 1 }, 'upstream');
    const v = r.violations!.find((x) => x.property === 'canary-respected')!;
    expect(v.trace.some((s) => s.action?.kind === 'cacheSync')).toBe(true);
    // Some reconcile in the trace ran while the cache lagged the API server.
    const staleReconcile = v.trace.some((s, i) => s.action?.kind === 'reconcile' && v.trace[i - 1]!.state.observed!.lag.length > 0);
    expect(staleReconcile).toBe(true);
  });
});

describe('failing pod writes, the counterexamples findings.md tells', () => {
  const failing = (a: Action | null | undefined): boolean => a?.kind === 'reconcile' && a.picks?.startsWith('write fails: ') === true;
  const story = (controller: ControllerVariant, property: string) =>
    run({ ...DEFAULT_SCENARIO, podWriteFailures: 1 }, controller).violations!.find((x) => x.property === property)!.trace;

  it('pre-fix, canary-respected: the create fails, the promoted status is written, the retry creates at v2', () => {
    const t = story('pre-fix', 'canary-respected');
    const i = t.findIndex((s) => failing(s.action));
    expect(t[i]!.action!.kind === 'reconcile' && t[i]!.action!.picks).toBe('write fails: create v1; landed: no pod change');
    expect(t[i]!.state.pods).toEqual([]);
    expect(t[i]!.state.pending!.currentRevision).toBe(1);
  });

  it('pre-fix and upstream, availability-floor: a delete fails and Update, run after it, marks a second pod', () => {
    for (const controller of ['pre-fix', 'upstream'] as const) {
      const t = story(controller, 'availability-floor');
      const f = t.find((s) => failing(s.action))!.action!;
      expect(f.kind === 'reconcile' && f.picks, controller).toBe('write fails: delete v1 not-ready marked; landed: mark v1 not-ready');
    }
  });
});

describe('proposed with failing pod writes', () => {
  /** A reconcile whose pod delete fails, and, with `marks`, which marks a pod for deletion all the same (Update ran after it). */
  const failedDelete = (name: string, marks: boolean): Property<CloneSetState, Action> => ({
    kind: 'sometimes',
    on: 'step',
    name,
    description: name,
    reached: (_s, a) =>
      a.kind === 'reconcile' && a.picks?.startsWith('write fails: delete ') === true && (!marks || a.picks.includes('landed: mark ')),
  });
  const reached = (controller: ControllerVariant): string[] => {
    const m = cloneSetModel({ ...DEFAULT_SCENARIO, podWriteFailures: 1, controller });
    const r = explore(
      { ...m, properties: [failedDelete('fails', false), failedDelete('fails-then-marks', true)] },
      { properties: ['fails', 'fails-then-marks'] },
    );
    return (r.witnesses ?? []).filter((w) => w.status === 'reached').map((w) => w.property);
  };

  it('runs no update steps after a failed deletion: upstream marks a pod in the reconcile whose delete failed, proposed never does', () => {
    expect(reached('upstream')).toEqual(['fails', 'fails-then-marks']);
    expect(reached('proposed')).toEqual(['fails']);
  });
});

describe('the #1545 scenario with expectations timeout', () => {
  const lengths = (controller: ControllerVariant, property: string): number | 'none' => {
    const r = explore(cloneSetModel({ ...DEFAULT_SCENARIO, controller, expectations: 'timeout' }), {
      stopAtFirstViolation: true,
      properties: [property],
      maxDepth: 8,
    });
    const v = r.violations?.[0];
    return v === undefined ? 'none' : v.trace.length - 1;
  };

  // Shortest counterexamples only: the full space of these two is past 17 million states.
  it.each(['pre-fix', 'upstream'] as const)(
    '%s: an expired scale expectation creates a pod twice (surge-bound 4, canary-respected 6)',
    (controller) => {
      expect(lengths(controller, 'surge-bound')).toBe(4);
      expect(lengths(controller, 'canary-respected')).toBe(6);
    },
  );

  it('promotion-sound: pre-fix 6, upstream 7', () => {
    expect(lengths('pre-fix', 'promotion-sound')).toBe(6);
    expect(lengths('upstream', 'promotion-sound')).toBe(7);
  });

  it('proposed asks the API server before dropping an expired expectation: the whole space, and every property holds', () => {
    const r = run({ ...DEFAULT_SCENARIO, expectations: 'timeout' }, 'proposed');
    expect(r.limit).toBeUndefined();
    expect(r.stats.states).toBe(1_325_875);
    expect(verdicts(r)).toEqual({
      'canary-respected': 'holds',
      'promotion-sound': 'holds',
      'surge-bound': 'holds',
      'availability-floor': 'holds',
      'well-formed': 'holds',
      'no-deadlock': 'holds',
      converges: 'holds',
    });
    // Not vacuous: expectations do expire (a pod gone from the API server before the cache showed it).
    expect(r.stats.perActionKind.expectationsExpire).toBeGreaterThan(0);
  });
});
