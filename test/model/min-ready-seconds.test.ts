/**
 * spec.minReadySeconds (scenario `minReadySeconds`): a pod the kubelet reports ready is not yet available,
 * and upstream's controller counts it as unavailable until the window has passed (IsPodAvailable in
 * calculateDiffsWithExpectation, limitUpdateIndexes, choosePodsToDelete and calculateStatus). The window
 * ends by a step of its own, `available(pod)`.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/explore.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { checkScenario } from '../../model/cloneset/scenario-check.js';
import { podCode, podFromCode, readied, unreadied, madeAvailable, type CloneSetState, type Pod } from '../../model/cloneset/state.js';
import { reachable } from './reach.js';
import { labels, walk } from './walk.js';
import { CREATED_READY, SEEN_WAITING, WINDOW_CACHE } from './window-walks.js';

const rollout: Scenario = { ...DEFAULT_SCENARIO, initialPartition: 0, maxUnavailable: 1, statusWrite: 'inline' };
const windowed: Scenario = { ...rollout, minReadySeconds: 10 };
const toFirstReady = ['rollout(v2)', 'reconcile', 'reconcile', 'reconcile', 'reconcile', 'ready(v2 not-ready)'];

const marked = (s: CloneSetState): number => s.pods.filter((p) => p.marked).length;

describe('a pod in its minReadySeconds window', () => {
  const notReady: Pod = { rev: 1, lifecycle: 'Normal', ready: false, marked: false };

  it('the kubelet makes it ready and not yet available; time makes it available; a failed probe ends the window', () => {
    const waiting = readied(notReady, true);
    expect(waiting).toEqual({ ...notReady, ready: true, notYetAvailable: true });
    expect(madeAvailable(waiting)).toEqual({ ...notReady, ready: true });
    expect(unreadied(waiting)).toEqual(notReady);
    expect(readied(notReady)).toEqual({ ...notReady, ready: true });
  });

  it('has no code when it could not be in one (not ready, or Updating)', () => {
    const waiting = podCode(readied(notReady, true));
    expect(() => podFromCode(waiting & ~2)).toThrow(/invalid pod code/);
    expect(readied({ ...notReady, lifecycle: 'Updating' }, true).notYetAvailable).toBeUndefined();
  });

  it('holds the rollout: the update waits until the new pod is available, where without the window it goes on', () => {
    const plain = walk(rollout, toFirstReady);
    const held = walk(windowed, toFirstReady);
    expect(held[held.length - 1]!.pods.find((p) => p.rev === 1)).toMatchObject({ ready: true, notYetAvailable: true });
    // Without the window the next reconcile marks the last v1 pod (maxUnavailable 1 is free again) ...
    const next = walk(rollout, [...toFirstReady, 'reconcile']);
    expect(marked(next[next.length - 1]!)).toBe(1);
    expect(marked(plain[plain.length - 1]!)).toBe(0);
    // ... with it, the reconcile only writes the status (ready 2, available 1), then has nothing left to do.
    const after = walk(windowed, [...toFirstReady, 'reconcile']);
    const s = after[after.length - 1]!;
    expect(marked(s)).toBe(0);
    expect(s.status).toMatchObject({ readyReplicas: 2, availableReplicas: 1 });
    expect(labels(windowed, s)).not.toContain('reconcile');
    expect(labels(windowed, s)).toContain('available(v2 ready-not-available)');
    // Idle, yet not settled: upstream requeues itself until the pod is available.
    expect(cloneSetModel(windowed).isSettled(s)).toBe(false);
    // Once the window has passed, the update goes on.
    const done = walk(windowed, [...toFirstReady, 'reconcile', 'available(v2 ready-not-available)', 'reconcile']);
    expect(marked(done[done.length - 1]!)).toBe(1);
  });

  it('is the scale-down victim before an available pod of the same revision (choosePodsToDelete)', () => {
    const sc: Scenario = {
      ...DEFAULT_SCENARIO,
      statusWrite: 'inline',
      minReadySeconds: 10,
      budgets: { rollouts: 0, deletes: 0, scales: 2, partitions: 0 },
    };
    const states = walk(sc, ['scale(3)', 'reconcile', 'reconcile', 'ready(v1 not-ready)', 'scale(2)', 'reconcile']);
    expect(states[4]!.pods.filter((p) => p.notYetAvailable === true)).toHaveLength(1);
    const s = states[states.length - 1]!;
    expect(s.pods).toHaveLength(2);
    expect(s.pods.every((p) => p.ready && p.notYetAvailable !== true)).toBe(true);
  });
});

describe('the window with a lagging pod cache', () => {
  const cache = WINDOW_CACHE;
  const created = CREATED_READY;
  const seenWaiting = SEEN_WAITING;

  it('the cache must receive the ready report, as any pod change', () => {
    const s = walk(cache, created).at(-1)!;
    expect(s.observed!.pods.map((e) => [e.cached?.ready, e.truth?.notYetAvailable])).toEqual([[false, true]]);
  });

  it('a pod the cache holds as it is becomes available there at once: no entry records it', () => {
    const s = walk(cache, [...seenWaiting, 'available(v1 ready-not-available)']).at(-1)!;
    expect(s.observed!.pods).toEqual([]);
    expect(s.pods.every((p) => p.ready && p.notYetAvailable !== true)).toBe(true);
  });

  it("behind an entry the truth's window ends alone when the cached copy is not in one", () => {
    const s = walk(cache, [...created, 'available(v1 ready-not-available, cached as v1 not-ready)']).at(-1)!;
    expect(s.observed!.pods.map((e) => [e.cached?.ready, e.truth?.ready, e.truth?.notYetAvailable])).toEqual([[false, true, undefined]]);
  });

  it('where both copies wait on one Ready transition (the entry is about a mark), they end together', () => {
    const marked = [...seenWaiting, 'mark(v1 ready-not-available)'];
    const s = walk(cache, marked).at(-1)!;
    expect(s.observed!.pods.map((e) => e.readyAgain === true)).toEqual([false]);
    const offered = labels(cache, s).filter((l) => l.startsWith('available('));
    expect(offered).toEqual(['available(v1 ready-not-available marked, cached as v1 ready-not-available)']);
    const both = walk(cache, [...marked, offered[0]!]).at(-1)!;
    expect(both.observed!.pods.map((e) => [e.cached?.notYetAvailable, e.truth?.notYetAvailable, e.truth?.marked])).toEqual([
      [undefined, undefined, true],
    ]);
  });

  it('where the pod became ready again behind a waiting copy, the copy ends first, and the truth only after it', () => {
    const again = [...seenWaiting, 'unready(v1 ready-not-available)', 'ready(v1 not-ready, cached as v1 ready-not-available)'];
    const s = walk(cache, again).at(-1)!;
    // Equal pod codes, yet an entry: the two Ready conditions differ in time, which no code shows.
    expect(s.observed!.pods.map((e) => [e.cached?.notYetAvailable, e.truth?.notYetAvailable, e.readyAgain])).toEqual([[true, true, true]]);
    const offered = labels(cache, s).filter((l) => l.startsWith('available('));
    expect(offered).toEqual(['available(v1 ready-not-available, the cached copy only; the pod now v1 ready-not-available)']);
    const first = walk(cache, [...again, offered[0]!]).at(-1)!;
    expect(first.observed!.pods.map((e) => [e.cached?.notYetAvailable, e.truth?.notYetAvailable, e.readyAgain])).toEqual([
      [undefined, true, undefined],
    ]);
    expect(first.pods).toEqual(s.pods);
    expect(labels(cache, first)).toContain('available(v1 ready-not-available, cached as v1 ready)');
  });

  it('the label says what became of the pod whose cached copy ends its window alone', () => {
    const s = walk(cache, [...seenWaiting, 'delete(v1 ready-not-available)']).at(-1)!;
    expect(labels(cache, s)).toContain('available(v1 ready-not-available, the cached copy only; the pod gone)');
    const f = walk(cache, [...seenWaiting, 'fail(v1 ready-not-available)']).at(-1)!;
    expect(labels(cache, f)).toContain('available(v1 ready-not-available, the cached copy only; the pod failed)');
  });

  it("a cached copy's window ends even when the pod is no longer ready: the controller reads the cached condition", () => {
    const s = walk(cache, [
      ...seenWaiting,
      'unready(v1 ready-not-available)',
      'available(v1 ready-not-available, the cached copy only; the pod now v1 not-ready)',
    ]).at(-1)!;
    expect(s.observed!.pods.map((e) => [e.cached?.ready, e.cached?.notYetAvailable, e.truth?.ready])).toEqual([[true, undefined, false]]);
  });
});

describe('the window in explored scopes', () => {
  it('without it no pod is ever waiting and no available step is offered; with it both occur', () => {
    const m0 = cloneSetModel(rollout);
    const m1 = cloneSetModel(windowed);
    const r0 = explore(m0, { stopAtFirstViolation: false });
    const r1 = explore(m1, { stopAtFirstViolation: false });
    expect(r0.stats.perActionKind['podAvailable'] ?? 0).toBe(0);
    expect(r1.stats.perActionKind['podAvailable'] ?? 0).toBeGreaterThan(0);
    // The window only adds orders of events, so more states.
    expect(r1.stats.states).toBeGreaterThan(r0.stats.states);
  });

  it('a waiting pod is always ready and never Updating, in every reachable state of in-place and ReCreate scopes', () => {
    for (const sc of [windowed, { ...windowed, podUpdatePolicy: 'InPlaceIfPossible' as const, inPlaceKubelet: true }]) {
      const m = cloneSetModel(sc);
      let waiting = 0;
      for (const { state: s } of reachable(m, 20_000)) {
        for (const p of s.pods) {
          if (p.notYetAvailable !== true) continue;
          waiting++;
          expect(p.ready && p.lifecycle !== 'Updating').toBe(true);
        }
      }
      expect(waiting).toBeGreaterThan(0);
    }
  });
});

describe('checkScenario', () => {
  it('takes 0 to int32', () => {
    expect(() => checkScenario({ ...DEFAULT_SCENARIO, minReadySeconds: 2_147_483_647 })).not.toThrow();
    expect(() => checkScenario({ ...DEFAULT_SCENARIO, minReadySeconds: -1 })).toThrow(/minReadySeconds/);
    expect(() => checkScenario({ ...DEFAULT_SCENARIO, minReadySeconds: 1.5 })).toThrow(/minReadySeconds/);
    expect(() => checkScenario({ ...DEFAULT_SCENARIO, minReadySeconds: 5, expectations: 'timeout' })).not.toThrow();
  });
});
