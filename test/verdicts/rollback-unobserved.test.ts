/**
 * docs/findings.md row H in small: with two rollouts, a rollout can complete (all pods at v2, partition 0)
 * without any reconcile observing it, and a rollback then is, to the controller, a revert to its current
 * revision — so even `proposed` lets the "canary" of v1 exceed the partition. Pinned so a change to the
 * model or the properties that alters this finding is noticed.
 */
import { expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO } from '../../model/cloneset/scenario.js';

it('proposed: a rollback after an unobserved completion breaks canary-respected in 11 steps', () => {
  const scenario = {
    ...DEFAULT_SCENARIO,
    controller: 'proposed' as const,
    maxReplicas: 3,
    partitions: ['0%', '50%'],
    budgets: { ...DEFAULT_SCENARIO.budgets, rollouts: 2, partitions: 2 },
  };
  const r = explore(cloneSetModel(scenario), { properties: ['canary-respected', 'promotion-sound'], stopAtFirstViolation: false });
  expect(r.stats.states).toBe(983_903);
  expect(r.violations?.map((v) => [v.property, v.trace.length - 1])).toEqual([['canary-respected', 11]]);
  const labels = r.violations![0]!.trace.map((s) => (s.action === null ? null : s.action.kind));
  expect(labels.filter((k) => k === 'rollout')).toHaveLength(2);
});
