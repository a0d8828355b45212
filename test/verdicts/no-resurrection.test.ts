/**
 * docs/findings.md, "Opt-in properties", rows D and H3: no-resurrection's counterexamples, found by the
 * explorer and pinned (lengths; the searches stop once they have the violation and the witness, so the
 * counts are not the rows' — row H3's full count is pinned in rollback-unobserved.test.ts), and proposed
 * holding it in row D after a complete search.
 */
import { describe, expect, it } from 'vitest';
import { explore, type ExploreResult } from '../../checker/index.js';
import type { Action } from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import type { CloneSetState } from '../../model/cloneset/state.js';
import type { ControllerVariant } from '../../model/controller/promotion.js';

const D: Scenario = {
  ...DEFAULT_SCENARIO,
  templates: 3,
  maxReplicas: 3,
  partitions: [0, '50%'],
  budgets: { ...DEFAULT_SCENARIO.budgets, rollouts: 2, partitions: 1 },
};
const H3: Scenario = {
  ...DEFAULT_SCENARIO,
  maxReplicas: 3,
  partitions: ['0%', '50%'],
  budgets: { ...DEFAULT_SCENARIO.budgets, rollouts: 2, partitions: 2 },
};

function run(sc: Scenario, controller: ControllerVariant, stopWhenAllViolated: boolean): ExploreResult<CloneSetState, Action> {
  return explore(cloneSetModel({ ...sc, controller }), {
    properties: ['no-resurrection', 'revision-replaced'],
    stopAtFirstViolation: false,
    stopWhenAllViolated,
  });
}

const steps = (r: ExploreResult<CloneSetState, Action>): number | undefined => {
  const v = r.violations?.find((x) => x.property === 'no-resurrection');
  return v === undefined ? undefined : v.trace.length - 1;
};

describe('no-resurrection', () => {
  it('row D: pre-fix and upstream create pods at the abandoned v2 after a rollback to v1 (8 and 9 steps)', () => {
    const p = run(D, 'pre-fix', true);
    const u = run(D, 'upstream', true);
    expect([steps(p), steps(u)]).toEqual([8, 9]);
    for (const r of [p, u]) {
      const kinds = r.violations![0]!.trace.map((s) => s.action?.kind ?? null);
      expect(kinds.filter((k) => k === 'rollout')).toHaveLength(2);
      expect(r.violations![0]!.message).toContain('raised the pods at v2');
    }
  });

  it('row D: proposed holds, and not vacuously (a revision is replaced in 5 steps)', () => {
    const r = run(D, 'proposed', false);
    expect(r.limit).toBeUndefined();
    expect(r.stats.states).toBe(1_631_954);
    expect(r.violations).toBeUndefined();
    expect(r.witnesses).toMatchObject([{ property: 'revision-replaced', status: 'reached', steps: 5 }]);
  });

  it('row H3: proposed creates a v1 pod after an unobserved completed rollout to v2 (9 steps); pre-fix 8, upstream 9', () => {
    const x = run(H3, 'proposed', true);
    expect(steps(x)).toBe(9);
    expect(x.violations![0]!.trace.map((s) => s.action?.kind ?? null).filter((k) => k === 'rollout')).toHaveLength(1);
    expect(x.violations![0]!.message).toContain('raised the pods at v1');
    expect([steps(run(H3, 'pre-fix', true)), steps(run(H3, 'upstream', true))]).toEqual([8, 9]);
  });
});
