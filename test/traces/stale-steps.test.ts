/**
 * traces/stale-steps.ts: which reconciles of a trace only a lagging cache explains, found on the explorer's
 * counterexamples (not scripted traces).
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { viewOf } from '../../model/cloneset/view.js';
import { allSteps, fromViolation, toTraceDocument, type TraceDocument } from '../../traces/document.js';
import { toKubectlScript } from '../../traces/kubectl.js';
import { needsLaggingCache, staleReconciles } from '../../traces/stale-steps.js';
import type { CloneSetState } from '../../model/cloneset/state.js';
import { firstStep } from '../model/reach.js';

function counterexample(scenario: Scenario, property: string): TraceDocument {
  const r = explore(cloneSetModel(scenario), { properties: [property] });
  const v = r.violations?.[0];
  if (v === undefined) throw new Error(`${property} holds`);
  return fromViolation(scenario, v);
}

const lagsBefore = (doc: TraceDocument, index: number): boolean => {
  const o = allSteps(doc)[index - 1]!.state.observed;
  return o !== null && (o.lag.length > 0 || o.pods.length > 0);
};

describe('staleReconciles', () => {
  it('flags the reconcile that read replicas 0 and template v1 from a cache behind scale(0) and rollout(v2)', () => {
    const sc: Scenario = {
      ...DEFAULT_SCENARIO,
      controller: 'upstream',
      staleReads: 1,
      budgets: { ...DEFAULT_SCENARIO.budgets, deletes: 0, scales: 1 },
    };
    const doc = counterexample(sc, 'promotion-sound');
    const stale = staleReconciles(viewOf(sc), allSteps(doc));
    expect(stale.length).toBeGreaterThan(0);
    for (const i of stale) {
      expect(allSteps(doc)[i]!.action?.kind).toBe('reconcile');
      expect(lagsBefore(doc, i)).toBe(true);
    }
  });

  it('flags nothing where the caches never lag', () => {
    const sc: Scenario = { ...DEFAULT_SCENARIO, controller: 'upstream' };
    const doc = counterexample(sc, 'canary-respected');
    expect(staleReconciles(viewOf(sc), allSteps(doc))).toEqual([]);
    expect(toKubectlScript(doc)).not.toContain('STALE_STEP');
  });

  it('leaves a reconcile read from a lagging cache alone where a caught-up controller may do the same', () => {
    // The explorer's shortest walk to such a reconcile: it exists, and a trace ending there names no step.
    const sc: Scenario = {
      ...DEFAULT_SCENARIO,
      controller: 'upstream',
      staleReads: 1,
      budgets: { ...DEFAULT_SCENARIO.budgets, scales: 1 },
    };
    const v = viewOf(sc);
    const lagging = (s: CloneSetState): boolean => (s.observed?.lag.length ?? 0) > 0;
    const walk = firstStep(cloneSetModel(sc), (s, a, t) => a.kind === 'reconcile' && lagging(s) && !needsLaggingCache(v, s, t));
    expect(walk).toBeDefined();
    const doc = toTraceDocument({ scenario: sc, steps: walk! });
    expect(staleReconciles(v, allSteps(doc))).toEqual([]);
    expect(toKubectlScript(doc)).toContain('No reconcile of this trace needs a lagging cache for its outcome');
    // And one that needs the lag is found as well (the check is not always false).
    expect(firstStep(cloneSetModel(sc), (s, a, t) => a.kind === 'reconcile' && needsLaggingCache(v, s, t))).toBeDefined();
  });

  it('flags a reconcile read from a pod cache behind the pods (expectations upstream) only where its outcome needs it', () => {
    const sc: Scenario = { ...DEFAULT_SCENARIO, controller: 'upstream', expectations: 'upstream' };
    const doc = counterexample(sc, 'canary-respected');
    const stale = staleReconciles(viewOf(sc), allSteps(doc));
    for (const i of stale) expect(lagsBefore(doc, i)).toBe(true);
    expect(toKubectlScript(doc)).toContain('the pods from a cache that receives their changes by a step of its own');
  });
});
