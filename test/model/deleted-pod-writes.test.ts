/**
 * Writes to a pod deleted already (docs/model.md, "Pod cache and expectations"): a pod whose deletion the
 * controller's cache has not shown is still listed, and a write the reconcile makes to it either lands on
 * the terminating pod and is awaited, or fails (NotFound once it is gone; a conflict with the deletion for
 * the writes that carry a resourceVersion) and ends its loop, without spending a pod-write failure.
 */
import { describe, expect, it } from 'vitest';
import type { PodEffect } from '../../model/controller/effects.js';
import { mayFailFree, mayLand, type PodFreshness } from '../../model/controller/failures.js';
import { actionClassOf } from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { awaitedGate, cachedPods } from '../../model/cloneset/pod-cache.js';
import { failedWriteOf, reconcile, reconcileChoices } from '../../model/cloneset/reconcile.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import type { CloneSetState, PodEntry } from '../../model/cloneset/state.js';
import { reachable } from './reach.js';
import { labels, walk } from './walk.js';

const DELETED = 'pod deleted: ';
const CHANGED = 'pod changed: ';
const TERMINATING = '(a deleted pod still terminating)';
const CAUGHT_UP = '(retried until the cache caught up)';
const OTHER_ORDER = '(pods the cache shows alike in another list order)';
const upstream: Scenario = { ...DEFAULT_SCENARIO, expectations: 'upstream' };

describe('a scale-down that deletes a pod a user deleted first', () => {
  const states = walk(upstream, ['delete(v1 ready)', 'scale(0)']);
  const s = states[2]!;

  it('offers both ways: the pod still terminating, and gone', () => {
    expect(labels(upstream, s).filter((l) => l.startsWith('reconcile'))).toEqual([
      `reconcile[0: delete v1 ready ×2 ${TERMINATING}]`,
      `reconcile[1: ${DELETED}delete v1 ready fails; landed: delete v1 ready]`,
    ]);
  });

  it('terminating: both deletes land and are awaited until the cache shows them', () => {
    const t = walk(upstream, ['delete(v1 ready)', 'scale(0)', `reconcile[0: delete v1 ready ×2 ${TERMINATING}]`])[3]!;
    expect(t.pods).toEqual([]);
    expect(t.observed!.pods.map((e) => e.awaited)).toEqual(['scale', 'scale']);
    expect(awaitedGate(t)).toBe('scale');
  });

  it('gone: the NotFound ends deletePods after the live pod went; nothing awaits the pod deleted already', () => {
    const t = walk(upstream, [
      'delete(v1 ready)',
      'scale(0)',
      `reconcile[1: ${DELETED}delete v1 ready fails; landed: delete v1 ready]`,
    ])[3]!;
    expect(t.pods).toEqual([]);
    expect(t.observed!.pods.map((e) => [e.truth, e.awaited])).toEqual([
      [null, 'none'],
      [null, 'scale'],
    ]);
  });
});

describe('a NotFound that leaves Scale with nothing modified lets Update run (syncCloneSet)', () => {
  // Rolled out, the controller marks a v1 pod for ReCreate; the user deletes it before the cache shows the
  // mark's outcome, and scales to 1: Scale deletes the marked pod, NotFound.
  const road = [
    'rollout(v2)',
    'reconcile',
    'write-status',
    'pod-cache-sync(v1 ready → v1 ready marked, awaited (patch))',
    'delete(v1 ready marked)',
  ];

  it('pre-fix and upstream: Update marks the other v1 pod in the same reconcile', () => {
    for (const controller of ['pre-fix', 'upstream'] as const) {
      const sc = { ...upstream, controller };
      const s = walk(sc, road)[road.length]!;
      expect(labels(sc, s).filter((l) => l.startsWith('reconcile'))).toContain(
        `reconcile[1: ${DELETED}delete v1 ready marked fails; landed: mark v1 ready]`,
      );
    }
  });

  it('proposed: only the refresh runs after a failed deletion, so the NotFound changes nothing and is no step', () => {
    const sc = { ...upstream, controller: 'proposed' as const };
    const s = walk(sc, road)[road.length]!;
    const only = `reconcile[0: delete v1 ready marked ${TERMINATING}]`;
    expect(labels(sc, s).filter((l) => l.startsWith('reconcile'))).toEqual([only]);
    const t = walk(sc, [...road, only])[road.length + 1]!;
    expect(awaitedGate(t)).toBe('scale');
  });
});

/** A pod deleted already; one that failed (phase Failed) is still in the API server, a changed pod. */
const isDeleted = (e: PodEntry): boolean => e.truth === null && e.failed !== true;

/** How fresh each pod `s`'s reconcile lists is, by listed index (failures.ts PodFreshness). */
function freshnessOf(s: CloneSetState): PodFreshness[] {
  return cachedPods(s).sources.map((x) => (x.kind === 'synced' ? 'cached' : isDeleted(s.observed!.pods[x.index]!) ? 'deleted' : 'changed'));
}

const SCOPES: readonly (readonly [string, Scenario])[] = [
  ['expectations upstream', upstream],
  ['expectations timeout, proposed', { ...upstream, expectations: 'timeout', controller: 'proposed' }],
  ['in place, with maxSurge', { ...upstream, podUpdatePolicy: 'InPlaceIfPossible', maxSurge: 1 }],
  ['in place, the kubelet finishing', { ...upstream, podUpdatePolicy: 'InPlaceIfPossible', inPlaceKubelet: true }],
  ['lifecycle hooks, free choices', { ...upstream, lifecycleHooks: 'both', freeChoices: true }],
  ['a failing pod write too', { ...upstream, podWriteFailures: 1, budgets: { ...upstream.budgets, marks: 1 } }],
  ['a pod failing, in place', { ...upstream, podUpdatePolicy: 'InPlaceIfPossible', budgets: { ...upstream.budgets, failures: 1 } }],
];

describe('over explored states', () => {
  it.each(SCOPES)('%s: a write lands only where its pod lets it, and one that fails of itself spends nothing', (_, sc) => {
    const m = cloneSetModel(sc);
    const counts = { branching: 0, terminating: 0, caughtUp: 0, deleted: 0, changed: 0, conflicting: 0, toFailed: 0 };
    for (const { state: s } of reachable(m, 12_000)) {
      if (s.pending !== null || awaitedGate(s) !== 'none') continue;
      const listed = freshnessOf(s);
      const fresh = (e: PodEffect): PodFreshness => (e.kind === 'create' ? 'cached' : listed[e.index]!);
      const decided = reconcile(m.view, s).sync.effects;
      const failedIndex = cachedPods(s).sources.findIndex((x) => x.kind === 'entry' && s.observed!.pods[x.index]!.failed === true);
      if (decided.some((e) => e.kind !== 'create' && e.index === failedIndex)) {
        // A write to a Failed pod lands as decided, or (an in-place update) once the cache caught up: never
        // as to a pod still terminating (unless the reconcile also writes to a deleted one).
        counts.toFailed++;
        if (!decided.some((e) => fresh(e) === 'deleted'))
          for (const c of reconcileChoices(m.view, s)) expect(c.picks).not.toContain(TERMINATING);
      }
      if (!decided.some((e) => mayFailFree(e, fresh(e)))) continue;
      counts.branching++;
      if (decided.some((e) => !mayLand(e, fresh(e)))) counts.conflicting++;
      for (const c of reconcileChoices(m.view, s)) {
        // No outcome lands a write its pod refuses: the condition write on a stale pod. (Another list order's
        // outcome names the pods by that list, free choices: its writes are checked by the story below.)
        if (!c.picks.includes(OTHER_ORDER)) for (const e of c.sync.effects) expect(mayLand(e, fresh(e)), c.picks).toBe(true);
        // The words name the failed write and its cause as readers of a trace get them back.
        const told = failedWriteOf(c.picks);
        if (c.picks.startsWith(DELETED) || c.picks.startsWith(CHANGED)) {
          const cause = c.picks.startsWith(DELETED) ? 'deleted' : 'changed';
          counts[cause]++;
          expect(told?.cause).toBe(cause);
          expect(told?.write).not.toContain(' fails');
          expect(c.state.observed!.podWriteFailures).toBe(s.observed!.podWriteFailures);
          expect(actionClassOf({ kind: 'reconcile', choice: 1, picks: c.picks })).toBe('system');
        } else if (c.picks.startsWith('write fails: ')) {
          expect(told?.cause).toBe('refused');
          expect(c.state.observed!.podWriteFailures).toBeLessThan(s.observed!.podWriteFailures);
        } else {
          expect(told).toBeNull();
          if (c.picks.includes(OTHER_ORDER)) continue;
          const risky = c.sync.effects.filter((e) => mayFailFree(e, fresh(e)));
          if (risky.some((e) => fresh(e) === 'deleted')) {
            counts.terminating++;
            expect(c.picks).toContain(TERMINATING);
            // The writes that landed on the terminating pod are awaited.
            expect(awaitedGate(c.state)).not.toBe('none');
          }
          if (risky.some((e) => fresh(e) === 'changed')) {
            counts.caughtUp++;
            expect(c.picks).toContain(CAUGHT_UP);
          }
        }
      }
    }
    expect(counts.branching).toBeGreaterThan(10);
    expect(counts.terminating).toBeGreaterThan(0);
    expect(counts.deleted).toBeGreaterThan(0);
    // In place: an in-place update of a changed pod may conflict or land; the condition write, which the
    // refresh makes once the kubelet has finished an update, always conflicts there.
    if (sc.podUpdatePolicy === 'InPlaceIfPossible') expect(counts.changed).toBeGreaterThan(0);
    if (sc.inPlaceKubelet === true) expect(counts.conflicting).toBeGreaterThan(0);
    if ((sc.budgets.failures ?? 0) > 0) expect(counts.toFailed).toBeGreaterThan(0);
  });
});

describe('with free choices, a deleted pod among live ones the cache shows alike', () => {
  // Three ready v1 pods; the user deletes one, unseen, and scales to 2: Scale deletes one of the three it
  // lists. Upstream's sort leaves them in the informer's order, so it may pick the deleted one.
  const sc: Scenario = { ...upstream, initialReplicas: 3, freeChoices: true };
  const s = walk(sc, ['delete(v1 ready)', 'scale(2)'])[2]!;
  const m = cloneSetModel(sc);
  const after = m
    .actions(s)
    .filter((a) => a.kind === 'reconcile')
    .map((a) => m.next(s, a));

  it('a live pod, or the deleted one, terminating: two live pods stay and the delete is awaited', () => {
    // (Gone, its NotFound leaves Scale with nothing modified and Update with nothing to do: no step.)
    expect(after.map((t) => t.pods.length).sort()).toEqual([1, 2]);
    const terminating = after.filter((t) => t.pods.length === 2 && awaitedGate(t) === 'scale');
    expect(terminating).toHaveLength(1);
    expect(labels(sc, s).filter((l) => l.startsWith('reconcile'))).toEqual([
      'reconcile[0: delete v1 ready]',
      `reconcile[1: delete v1 ready ${TERMINATING} ${OTHER_ORDER}]`,
    ]);
  });

  it('without free choices, the fixed pick: a live pod', () => {
    const fixed = { ...sc, freeChoices: false };
    const t = walk(fixed, ['delete(v1 ready)', 'scale(2)', 'reconcile'])[3]!;
    expect(t.pods).toHaveLength(1);
  });
});
