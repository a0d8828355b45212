/**
 * The verdicts docs/findings.md reports on the built-in #1545 scenario, found by the explorer (no scripted traces), and
 * pinned: state counts, which properties hold, and the length of each shortest counterexample. Any
 * optimisation of model or explorer must leave all of these unchanged.
 */
import { describe, expect, it } from 'vitest';
import { explore, type ExploreResult } from '../../checker/index.js';
import type { Action } from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO } from '../../model/cloneset/scenario.js';
import type { CloneSetState } from '../../model/cloneset/state.js';
import { expectedUpdated, viewOf } from '../../model/cloneset/view.js';
import type { ControllerVariant } from '../../model/controller/promotion.js';
import type { PromotionRule } from '../../model/controller/status.js';
import { verdicts } from './verdicts.js';

function run(controller: ControllerVariant, promotionRule?: PromotionRule): ExploreResult<CloneSetState, Action> {
  const scenario = { ...DEFAULT_SCENARIO, controller };
  return explore(cloneSetModel(scenario, promotionRule === undefined ? {} : { promotionRule }), { stopAtFirstViolation: false });
}

/** property → shortest counterexample length in steps, or 'holds'. */

describe('the #1545 scenario (2 replicas, partition 50%, roll out v2, 2 deletes, 2 scales in 0..4)', () => {
  const results = {
    'pre-fix': run('pre-fix'),
    upstream: run('upstream'),
    proposed: run('proposed'),
  } as const;

  it('explores every state to the end under each variant', () => {
    for (const r of Object.values(results)) expect(r.limit).toBeUndefined();
    expect(results['pre-fix'].stats).toMatchObject({ states: 121_126, transitions: 311_242 });
    expect(results.upstream.stats).toMatchObject({ states: 99_321, transitions: 259_194 });
    expect(results.proposed.stats).toMatchObject({ states: 98_003, transitions: 256_554 });
  });

  it('pre-fix: the explorer finds #1545 — more updated pods than the partition allows', () => {
    const r = results['pre-fix'];
    expect(verdicts(r)).toMatchObject({ 'canary-respected': 7, 'promotion-sound': 4 });
    const v = r.violations!.find((x) => x.property === 'canary-respected')!;
    const last = v.trace[v.trace.length - 1]!.state;
    const view = viewOf({ ...DEFAULT_SCENARIO, controller: 'pre-fix' });
    const updated = last.pods.filter((p) => p.rev === last.spec.template && !p.marked).length;
    expect(updated).toBeGreaterThan(expectedUpdated(view, last));
    expect(v.trace[0]!.action).toBeNull();
  });

  it('upstream: the #1545 fix is incomplete — scaling through 0 still promotes during a canary', () => {
    expect(verdicts(results.upstream)).toMatchObject({ 'canary-respected': 8, 'promotion-sound': 5 });
    const v = results.upstream.violations!.find((x) => x.property === 'promotion-sound')!;
    expect(v.message).toContain('spec.replicas 0');
  });

  it('proposed: canary-respected and promotion-sound hold; nothing that held under upstream breaks', () => {
    const p = verdicts(results.proposed);
    const u = verdicts(results.upstream);
    expect(p).toMatchObject({ 'canary-respected': 'holds', 'promotion-sound': 'holds' });
    for (const [name, verdict] of Object.entries(u)) if (verdict === 'holds') expect(p[name], name).toBe('holds');
  });

  it("availability-floor fails under pre-fix and upstream, which do not count specified-delete pods as unavailable; proposed's deleteReadyLimit does, and it holds", () => {
    expect(verdicts(results['pre-fix'])['availability-floor']).toBe(11);
    expect(verdicts(results.upstream)['availability-floor']).toBe(11);
    expect(verdicts(results.proposed)['availability-floor']).toBe('holds');
    // Not vacuously: proposed's controller still deletes pods (Scale's specified and scale-in deletions).
    const m = cloneSetModel({ ...DEFAULT_SCENARIO, controller: 'proposed' });
    expect(explore(m, { properties: ['scale-down-deletes'] }).witnesses?.[0]?.status).toBe('reached');
  });

  it('each half of the proposed rule alone is not enough', () => {
    const specPositive: PromotionRule = (x) => x.updatedReplicas === x.replicas && x.replicas === x.specReplicas && x.specReplicas > 0;
    const partitionZero: PromotionRule = (x) =>
      x.updatedReplicas === x.replicas && x.replicas === x.specReplicas && x.partitionReplicas === 0;
    const spec = verdicts(run('upstream', specPositive));
    expect(spec['canary-respected']).toBe(10);
    // It promotes at a partition above 0 (promotion-sound's "partition 0" clause; an audit found no test read it).
    expect(spec['promotion-sound']).toBe(7);
    expect(verdicts(run('upstream', partitionZero))['canary-respected']).toBe(8);
  });
});
