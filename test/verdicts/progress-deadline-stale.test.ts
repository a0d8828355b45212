/**
 * docs/findings.md "The Progressing condition with stale reads": with a lagging CloneSet cache the copies of
 * the condition are ranked by their times (condition-order.ts). Upstream's defect is found as the reconcile
 * of a rollout the cache has caught up with; proposed holds, with a deadline that passes while progressing
 * still reported. Pinned on a small scope (maxReplicas 2, one delete, one scale) so a change to the model or
 * the property that alters the finding is noticed.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { actionLabel } from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';

const PDS: Scenario = {
  ...DEFAULT_SCENARIO,
  progressDeadline: true,
  staleReads: 1,
  maxReplicas: 2,
  budgets: { ...DEFAULT_SCENARIO.budgets, deletes: 1, scales: 1 },
};
const CHECKED = ['deadline-from-progress', 'deadline-exceeded', 'well-formed', 'no-deadlock', 'converges'];

const labels = (trace: readonly { readonly action: Parameters<typeof actionLabel>[0] | null }[]): string[] =>
  trace.flatMap((s) => (s.action === null ? [] : [actionLabel(s.action)]));

describe('row PDS: progressDeadlineSeconds with a stale read (maxReplicas 2)', () => {
  it.each([
    ['pre-fix', 'separate'],
    ['upstream', 'separate'],
    ['upstream', 'inline'],
  ] as const)(
    '%s (%s status writes): the reconcile that reads the rollout computes ProgressDeadlineExceeded from CloneSetAvailable',
    (controller, statusWrite) => {
      const r = explore(cloneSetModel({ ...PDS, controller, statusWrite }), { properties: CHECKED });
      expect(r.violation?.property).toBe('deadline-from-progress');
      // The cache lags the rollout by one version until a second edit pushes it there.
      expect(labels(r.violation!.trace)).toEqual(['deadline-passes', 'rollout(v2)', 'scale(0)', 'reconcile']);
      expect(r.violation?.message).toMatch(
        /^the controller computed the Progressing condition ProgressDeadlineExceeded from a CloneSet it read with CloneSetAvailable: /,
      );
    },
  );

  it.each([
    ['separate', 10_297, 8],
    ['inline', 2_365, 6],
  ] as const)(
    'proposed (%s status writes) holds over %i states; a deadline that passes while progressing is reported in %i steps',
    (statusWrite, states, witness) => {
      const r = explore(cloneSetModel({ ...PDS, controller: 'proposed', statusWrite }), { properties: CHECKED });
      expect(r.verdict).toBe('holds');
      expect(r.stats.states).toBe(states);
      const w = r.witnesses?.find((x) => x.property === 'deadline-exceeded');
      expect(w?.status === 'reached' ? w.steps : w?.status).toBe(witness);
    },
  );
});
