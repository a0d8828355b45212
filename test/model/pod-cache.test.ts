/**
 * The controller's pod cache and upstream's expectations (issue #14 item 2; model/cloneset/pod-cache.ts):
 * pod changes reach the cache by a step, a reconcile waits for its own writes, a user's delete is still
 * listed until the cache receives it, and with `timeout` an expired scale expectation lets the controller
 * create again what it already created.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { getActiveRevisions } from '../../model/controller/revisions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { awaitedGate, cachedPods } from '../../model/cloneset/pod-cache.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { cachedObject, revName } from '../../model/cloneset/state.js';
import { labels, walk } from './walk.js';

describe('expectations upstream', () => {
  const sc: Scenario = { ...DEFAULT_SCENARIO, expectations: 'upstream' };

  it('a user delete stays in the cache until it is delivered; the controller acts only then', () => {
    const [, deleted] = walk(sc, ['delete(v1 ready)']);
    expect(deleted!.pods).toHaveLength(1);
    expect(cachedPods(deleted!).pods).toHaveLength(2);
    // With both pods still listed, the reconcile has nothing to do: only the cache can move.
    expect(labels(sc, deleted!)).not.toContain('reconcile');
    expect(labels(sc, deleted!)).toContain('pod-cache-sync(v1 ready → ∅)');
  });

  it('a reconcile waits for the pod it created (scaleExpectations) and is enabled again once the cache has it', () => {
    const states = walk(sc, ['delete(v1 ready)', 'pod-cache-sync(v1 ready → ∅)', 'reconcile', 'write-status']);
    const created = states[4]!;
    expect(created.pods).toHaveLength(2);
    expect(created.observed!.pods).toEqual([{ cached: null, truth: created.pods.find((p) => !p.ready), awaited: 'scale' }]);
    // The new pod is PreparingNormal: a reconcile would refresh it, but expectations hold it back.
    expect(labels(sc, created)).not.toContain('reconcile');
    expect(labels(sc, created)).not.toContain('expectations-expire');
    const seen = walk(sc, [
      'delete(v1 ready)',
      'pod-cache-sync(v1 ready → ∅)',
      'reconcile',
      'write-status',
      'pod-cache-sync(∅ → v1 not-ready PreparingNormal, awaited (scale))',
    ])[5]!;
    expect(seen.observed!.pods).toEqual([]);
    expect(labels(sc, seen)).toContain('reconcile');
    expect(cloneSetModel(sc).isSettled(created)).toBe(false);
  });
});

describe('a reconcile held back by an unseen patch (resourceVersion expectations)', () => {
  // doReconcile returns on an unsatisfied pod resourceVersion expectation only after getActiveRevisions
  // (pkg/controller/cloneset/cloneset_controller.go), where unsatisfied scale expectations return before it.
  const sc: Scenario = {
    ...DEFAULT_SCENARIO,
    initialReplicas: 2,
    initialPartition: 0,
    partitions: [0],
    templates: 3,
    budgets: { rollouts: 3, deletes: 0, scales: 0, partitions: 0 },
    expectations: 'upstream',
  };

  it('still renumbers a rolled-back template and mints a new one, and changes nothing else', () => {
    // The first reconcile marks a v1 pod for deletion (ReCreate): a patch the cache has not shown.
    const states = walk(sc, ['rollout(v2)', 'reconcile', 'write-status', 'rollout(v1)', 'reconcile', 'rollout(v3)', 'reconcile']);
    const [rolledBack, renumbered, , minted] = states.slice(4);
    expect(awaitedGate(rolledBack!)).toBe('patch');
    expect(rolledBack!.history).toEqual([0, 1]);
    expect(renumbered!.history).toEqual([1, 0]);
    expect({ ...renumbered!, history: null }).toEqual({ ...rolledBack!, history: null });
    expect(minted!.history).toEqual([1, 0, 2]);
    // The live template is the latest revision now: held back, the controller has nothing left to do.
    expect(labels(sc, minted!)).not.toContain('reconcile');
  });

  it('on every reachable state so held back, the reconcile is getActiveRevisions on the cached CloneSet alone', () => {
    // 7,407 states, 1,158 of them held back by a patch with no write waiting (a delete and a scale more: 4.7 million).
    const m = cloneSetModel(sc);
    let heldBack = 0;
    let minting = 0;
    explore(m, {
      stopAtFirstViolation: false,
      properties: [],
      onState: (s) => {
        // A pending status write is the end of the previous reconcile: no reconcile until it is written.
        if (awaitedGate(s) !== 'patch' || s.pending !== null) return;
        heldBack++;
        const seen = cachedObject(s);
        const listed = s.history.map((t, i) => ({ name: revName(t), number: i + 1, template: t }));
        const want = getActiveRevisions(listed, seen.spec.template, revName, revName(seen.status.currentRevision)).history.map(
          (r) => r.template,
        );
        const reconcile = m.actions(s).find((a) => a.kind === 'reconcile');
        if (reconcile === undefined) {
          expect(want).toEqual(s.history);
          return;
        }
        minting++;
        const next = m.next(s, reconcile);
        expect(next.history).toEqual(want);
        expect({ ...next, history: null }).toEqual({ ...s, history: null });
      },
    });
    expect(heldBack).toBe(1_158);
    expect(minting).toBe(296);
  });
});

describe('expectations timeout', () => {
  const sc: Scenario = { ...DEFAULT_SCENARIO, expectations: 'timeout' };

  it('an expired scale expectation lets the next reconcile create the same pod again', () => {
    const states = walk(sc, [
      'delete(v1 ready)',
      'pod-cache-sync(v1 ready → ∅)',
      'reconcile',
      'write-status',
      'expectations-expire',
      'reconcile',
    ]);
    const again = states[6]!;
    // Two pods created for one missing: the cache still lacks the first.
    expect(again.pods).toHaveLength(3);
    expect(again.observed!.pods.filter((e) => e.cached === null)).toHaveLength(2);
    // One expired generation at a time: no second expiry while the first is unseen.
    expect(labels(sc, again)).not.toContain('expectations-expire');
  });

  it('proposed asks the API server first: a created pod that exists keeps the expectation; one deleted meanwhile lets it expire', () => {
    const p: Scenario = { ...sc, controller: 'proposed' };
    const created = walk(p, ['delete(v1 ready)', 'pod-cache-sync(v1 ready → ∅)', 'reconcile', 'write-status'])[4]!;
    // The pod exists in the API server, only the cache is late: upstream drops the expectation, proposed waits.
    expect(labels({ ...sc, controller: 'upstream' }, created)).toContain('expectations-expire');
    expect(labels(p, created)).not.toContain('expectations-expire');
    // Gone from the API server before the cache showed it (the user deleted the new, not-ready pod): nothing
    // to wait for, so it may expire.
    const m = cloneSetModel(p);
    const del = m.actions(created).find((a) => m.actionLabel(a).startsWith('delete(v1 not-ready'));
    expect(del).toBeDefined();
    const gone = m.next(created, del!);
    expect(labels(p, gone)).toContain('expectations-expire');
  });
});
