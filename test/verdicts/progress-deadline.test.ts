/**
 * docs/findings.md "deadline-from-progress" (row PD): with spec.progressDeadlineSeconds, upstream's
 * calculateProgressingStatus times the deadline from whatever Progressing condition it carries over, so on a
 * CloneSet that settled longer ago than the deadline the first reconcile of a rollout reports
 * ProgressDeadlineExceeded; proposed (a settled condition times no progress, as Deployment's DeploymentTimedOut)
 * holds, and still reports a deadline that passes while the CloneSet progresses (the witness). Pinned so a
 * change to the model or the property that alters this finding is noticed.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { actionLabel } from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';

const PD: Scenario = { ...DEFAULT_SCENARIO, progressDeadline: true };
const CHECKED = ['deadline-from-progress', 'deadline-exceeded', 'well-formed', 'no-deadlock', 'converges'];

const labels = (trace: readonly { readonly action: Parameters<typeof actionLabel>[0] | null }[]): string[] =>
  trace.flatMap((s) => (s.action === null ? [] : [actionLabel(s.action)]));

describe('row PD: the #1545 scenario with progressDeadlineSeconds', () => {
  it.each([
    ['pre-fix', 'separate', ['deadline-passes', 'rollout(v2)', 'reconcile', 'write-status']],
    ['upstream', 'separate', ['deadline-passes', 'rollout(v2)', 'reconcile', 'write-status']],
    ['upstream', 'inline', ['deadline-passes', 'rollout(v2)', 'reconcile']],
  ] as const)(
    '%s (%s status writes): a rollout on a CloneSet available past the deadline is reported ProgressDeadlineExceeded at once',
    (controller, statusWrite, steps) => {
      const r = explore(cloneSetModel({ ...PD, controller, statusWrite }), { properties: CHECKED });
      expect(r.verdict).toBe('violated');
      expect(r.violation?.property).toBe('deadline-from-progress');
      expect(labels(r.violation!.trace)).toEqual(steps);
      expect(r.violation?.message).toMatch(
        /^the Progressing condition went from CloneSetAvailable to ProgressDeadlineExceeded in one status write/,
      );
    },
  );

  it.each([
    ['separate', 310_268, 6],
    ['inline', 50_364, 4],
  ] as const)(
    'proposed (%s status writes) holds over %i states, and a deadline that passes while progressing is still reported (in %i steps)',
    (statusWrite, states, witness) => {
      const r = explore(cloneSetModel({ ...PD, controller: 'proposed', statusWrite }), { properties: CHECKED });
      expect(r.verdict).toBe('holds');
      expect(r.stats.states).toBe(states);
      const w = r.witnesses?.find((x) => x.property === 'deadline-exceeded');
      expect(w?.status === 'reached' ? w.steps : w?.status).toBe(witness);
      expect(w?.status === 'reached' ? labels(w.trace ?? []) : []).toContain('deadline-passes');
    },
  );

  it('with pause changes and a partition change too, upstream is violated and proposed holds, its witness reached', () => {
    const wider: Scenario = {
      ...PD,
      maxReplicas: 3,
      partitions: ['50%', 0],
      budgets: { rollouts: 1, deletes: 1, scales: 1, partitions: 1, pauses: 1 },
    };
    const up = explore(cloneSetModel({ ...wider, controller: 'upstream' }), { properties: CHECKED });
    expect(up.violation?.property).toBe('deadline-from-progress');
    const proposed = explore(cloneSetModel({ ...wider, controller: 'proposed' }), { properties: CHECKED });
    expect(proposed.verdict).toBe('holds');
    expect(proposed.witnesses?.find((x) => x.property === 'deadline-exceeded')?.status).toBe('reached');
  });

  it('without progressDeadlineSeconds no state has a condition, and the property holds vacuously', () => {
    const r = explore(cloneSetModel({ ...DEFAULT_SCENARIO }), { properties: ['deadline-from-progress', 'deadline-exceeded'] });
    expect(r.verdict).toBe('holds');
    expect(r.stats.states).toBe(99_321);
    expect(r.witnesses?.find((x) => x.property === 'deadline-exceeded')?.status).toBe('unreached');
  });
});
