/**
 * The realistic model (issue #14: stale CloneSet reads, a failing status write, a pod cache with upstream's
 * expectations, free choices, a preDelete hook) on a scope small enough for the normal suite: the bench's
 * `realistic` scenario at maxReplicas 2 without the user's mark. Its counts, by kind of step, were taken
 * at a1eb12a, before session 12 made the pod cache's code faster (entries as values, patches memoised by
 * effect and pod code, lists without closures): the whole search must stay the same. Taken again in
 * session 16, when a reconcile held back by a pod's resourceVersion expectation began to mint revisions, and in
 * session 19, when a write to a pod the cache shows stale began to land or fail as upstream's, and free choices
 * began to cover the list order of pods the cache shows alike and ties between pods a hook label tells apart. Row R (test:slow) and
 * the bench row cover the larger scopes; this one fails in seconds, e.g. when a memo keys on too little.
 */
import { describe, expect, it } from 'vitest';
import { cloneSetBench } from '../../bench/cloneset-scenarios.js';
import { explore } from '../../checker/index.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { statusCountsDead } from '../../model/cloneset/properties.js';
import type { Scenario } from '../../model/cloneset/scenario.js';

const bench = cloneSetBench('realistic');
const scenario: Scenario = { ...bench.scenario, maxReplicas: 2, budgets: { ...bench.scenario.budgets, marks: 0 } };

describe('the realistic model on a small scope', () => {
  it('explores the same states and steps as before the pod cache was made faster', () => {
    const model = cloneSetModel(scenario, { projectStatusCounts: statusCountsDead(bench.properties, scenario) });
    const r = explore(model, { mode: 'exact', stopAtFirstViolation: false, properties: bench.properties });
    expect(r.verdict).toBe('holds');
    expect(r.stats.states).toBe(71_073);
    expect(r.stats.transitions).toBe(232_172);
    expect(r.stats.depth).toBe(36);
    expect(r.stats.perActionKind).toEqual({
      cacheSync: 48_852,
      deletePod: 7_096,
      podCacheSync: 55_442,
      podReady: 12_480,
      reconcile: 16_763,
      releaseHook: 9_555,
      rollout: 4_921,
      scale: 20_230,
      statusWriteFails: 15_131,
      writeStatus: 41_702,
    });
  });
});
