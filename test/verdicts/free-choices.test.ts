/**
 * docs/findings.md's free-choices row: the #1545 scenario with `freeChoices` on, where every reconcile
 * branches over the orders upstream leaves open. Found by the explorer and pinned (state counts, verdicts,
 * shortest counterexample lengths): the verdicts are those of the canonical pick, now for every pick.
 */
import { describe, expect, it } from 'vitest';
import { explore, type ExploreResult } from '../../checker/index.js';
import type { Action } from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO } from '../../model/cloneset/scenario.js';
import type { CloneSetState } from '../../model/cloneset/state.js';
import type { ControllerVariant } from '../../model/controller/promotion.js';
import { verdicts } from './verdicts.js';

function run(controller: ControllerVariant): ExploreResult<CloneSetState, Action> {
  return explore(cloneSetModel({ ...DEFAULT_SCENARIO, controller, freeChoices: true }), { stopAtFirstViolation: false });
}

describe('the #1545 scenario with free choices', () => {
  const results = { 'pre-fix': run('pre-fix'), upstream: run('upstream'), proposed: run('proposed') } as const;

  // Without free choices: 121,126 / 99,321 / 98,003 states (default-scenario.test.ts).
  it('explores every state to the end; the branching adds states to each variant', () => {
    for (const r of Object.values(results)) expect(r.limit).toBeUndefined();
    expect(results['pre-fix'].stats).toMatchObject({ states: 121_231, transitions: 311_845 });
    expect(results.upstream.stats).toMatchObject({ states: 99_373, transitions: 259_638 });
    expect(results.proposed.stats).toMatchObject({ states: 98_055, transitions: 256_998 });
  });

  it('the verdicts and shortest counterexamples are those of the canonical pick', () => {
    const rest = { 'surge-bound': 'holds', 'availability-floor': 11, 'well-formed': 'holds', 'no-deadlock': 'holds', converges: 'holds' };
    expect(verdicts(results['pre-fix'])).toEqual({ 'canary-respected': 7, 'promotion-sound': 4, ...rest });
    expect(verdicts(results.upstream)).toEqual({ 'canary-respected': 8, 'promotion-sound': 5, ...rest });
    expect(verdicts(results.proposed)).toEqual({
      'canary-respected': 'holds',
      'promotion-sound': 'holds',
      ...rest,
      'availability-floor': 'holds',
    });
  });
});
