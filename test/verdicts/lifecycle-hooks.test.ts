/**
 * docs/findings.md's rows for issue #14 item 3 (lifecycle hooks), found by the explorer (no scripted traces)
 * and pinned: the #1545 scenario with `lifecycleHooks` (and its two options), under every variant — state
 * counts, which properties hold, and the length of each shortest counterexample.
 */
import { describe, expect, it } from 'vitest';
import { explore, type ExploreResult } from '../../checker/index.js';
import type { Action } from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import type { CloneSetState } from '../../model/cloneset/state.js';
import type { ControllerVariant } from '../../model/controller/promotion.js';

type Verdict = number | 'holds';

function run(scenario: Scenario, controller: ControllerVariant): ExploreResult<CloneSetState, Action> {
  return explore(cloneSetModel({ ...scenario, controller }), { stopAtFirstViolation: false });
}

function verdicts(r: ExploreResult<CloneSetState, Action>): Record<string, Verdict> {
  return Object.fromEntries(
    r.properties.map((p) => {
      const v = r.violations?.find((x) => x.property === p);
      return [p, v === undefined ? 'holds' : v.trace.length - 1];
    }),
  );
}

const d = DEFAULT_SCENARIO;
const inPlace: Scenario = { ...d, podUpdatePolicy: 'InPlaceIfPossible', lifecycleHooks: 'inPlaceUpdate' };

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
    // About a million states per variant: proposed (the new counterexample) only; docs/findings.md has the others.
    name: 'lifecycleHooks preDelete (ReCreate), proposed',
    scenario: { ...d, lifecycleHooks: 'preDelete' },
    variants: ['proposed'],
    states: { proposed: 882_252 },
    verdicts: { proposed: base(9, 'holds', 11, 'holds', 'holds') },
  },
  {
    name: 'lifecycleHooks inPlaceUpdate (InPlaceIfPossible)',
    scenario: inPlace,
    variants: ['pre-fix', 'upstream', 'proposed'],
    states: { 'pre-fix': 307_929, upstream: 227_276, proposed: 224_105 },
    verdicts: {
      'pre-fix': base(7, 4, 'holds', 12, 3),
      upstream: base(8, 5, 'holds', 12, 3),
      proposed: base('holds', 'holds', 'holds', 12, 3),
    },
  },
  {
    name: 'lifecycleHooks inPlaceUpdate + PreparingUpdateAsUpdate',
    scenario: { ...inPlace, preparingUpdateAsUpdate: true },
    variants: ['pre-fix', 'upstream', 'proposed'],
    states: { 'pre-fix': 304_290, upstream: 217_354, proposed: 214_183 },
    verdicts: {
      'pre-fix': base(7, 4, 'holds', 12, 4),
      upstream: base(8, 5, 'holds', 12, 4),
      proposed: base('holds', 'holds', 'holds', 12, 4),
    },
  },
];

describe('lifecycle hooks (issue #14 item 3) on the #1545 scenario', () => {
  for (const row of ROWS) {
    it(`${row.name}: states and verdicts`, () => {
      for (const c of row.variants) {
        const r = run(row.scenario, c);
        expect(r.limit, c).toBeUndefined();
        expect(r.stats.states, c).toBe(row.states[c]);
        expect(verdicts(r), c).toEqual(row.verdicts[c]);
      }
    });
  }

  it('preDelete, proposed: the canary counterexample is a PreparingDelete pod at the update revision revived by a scale-up', () => {
    const r = explore(cloneSetModel({ ...d, controller: 'proposed', lifecycleHooks: 'preDelete' }), { properties: ['canary-respected'] });
    const trace = r.violations![0]!.trace;
    const before = trace[trace.length - 2]!.state;
    const after = trace[trace.length - 1]!.state;
    expect(before.pods.some((p) => p.rev === 1 && p.lifecycle === 'PreparingDelete')).toBe(true);
    expect(after.pods.some((p) => p.rev === 1 && p.lifecycle === 'PreparingNormal')).toBe(true);
  });

  it('inPlaceUpdate: the no-deadlock counterexample ends with a pod left in PreparingUpdate, its hook released', () => {
    const r = explore(cloneSetModel({ ...inPlace, controller: 'upstream' }), { properties: ['no-deadlock'] });
    const trace = r.violations![0]!.trace;
    const last = trace[trace.length - 1]!.state;
    expect(last.pods.some((p) => p.lifecycle === 'PreparingUpdate' && p.inPlaceHook !== true)).toBe(true);
    expect(trace.some((s) => s.action?.kind === 'releaseHook')).toBe(true);
  });
});
