/**
 * A lagging ControllerRevision cache (scenario staleRevisions, model/cloneset/revision-cache.ts): getActiveRevisions
 * on a list without the last revision write, the write it then makes or fails to make (upstream's
 * CreateControllerRevision / UpdateControllerRevision through the manager's cache), the numbers' normal form, and
 * what the explorer reaches with it: under upstream a reconcile whose cache lacks status.currentRevision (so
 * getActiveRevisions takes the update revision as the current one), under proposed none.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneSetModel, initialState } from '../../model/cloneset/instance.js';
import { cloneSetProperties } from '../../model/cloneset/properties.js';
import { reconcileChoices } from '../../model/cloneset/reconcile.js';
import { cachedRevisions, ranked, readRevisions, revisionCacheLags } from '../../model/cloneset/revision-cache.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { update } from '../../model/controller/update.js';
import {
  cachedObject,
  revName,
  type CloneSetState,
  type RevId,
  type RevisionNumbers,
  type SpecAndStatus,
} from '../../model/cloneset/state.js';
import { controllerPodsOf, controllerSpecOf, syncContext, viewOf } from '../../model/cloneset/view.js';
import { firstStep, reachable } from './reach.js';
import { FALLBACK_PATH, STALE_REVISIONS_SCOPE } from './revision-cache-path.js';

const base = initialState(viewOf({ ...DEFAULT_SCENARIO, staleRevisions: true, templates: 4 }));

/** The CloneSet as read: `template` live, status.currentRevision `current`. */
const seenWith = (template: RevId, current: RevId): SpecAndStatus => ({
  spec: { ...base.spec, template },
  status: { ...base.status, currentRevision: current },
});

/** Revision numbers: the server's, the cache's (null: synced) and the creation order (by default, the history's). */
const numbers = (n: readonly number[], cached: readonly number[] | null = null, created = n.map((_, i) => i + 1)): RevisionNumbers => ({
  numbers: n,
  cached,
  created,
});

describe('getActiveRevisions on a lagging revision cache, and its write', () => {
  it('starts with v1 numbered 1 in a synced cache', () => {
    expect(base.history).toEqual([0]);
    expect(base.observed?.revisions).toEqual({ numbers: [1], cached: null, created: [1] });
  });

  it('creates a new template at NextRevision, and the cache then lacks it', () => {
    const r = readRevisions([0], numbers([1]), seenWith(1, 0));
    expect(r).toMatchObject({ kind: 'read', history: [0, 1], revisions: { numbers: [1, 2], cached: [1, 0], created: [1, 2] } });
    if (r.kind === 'read') expect([r.active.current.name, r.active.update.name, r.active.how]).toEqual(['v1', 'v2', 'created']);
  });

  it('fails to create a revision the API server has and the cache lacks (AlreadyExists, then NotFound from the cache)', () => {
    expect(readRevisions([0, 1], numbers([1, 2], [1, 0]), seenWith(1, 0))).toEqual({ kind: 'fails', why: 'already-exists' });
  });

  it('creates from a list without the last write at that write’s number (a tie), taking the update revision as current when the cache lacks status.currentRevision', () => {
    // v2 was created (and promoted) and the cache has not delivered it; the user rolled out v3.
    const r = readRevisions([0, 1], numbers([1, 2], [1, 0]), seenWith(2, 1));
    expect(r).toMatchObject({ kind: 'read', history: [0, 1, 2], revisions: { numbers: [1, 2, 2], cached: [1, 2, 0], created: [1, 2, 3] } });
    if (r.kind === 'read') {
      expect([r.active.current.name, r.active.update.name]).toEqual(['v3', 'v3']);
      // Update's in-place lookup reads the list as listed: without v2.
      expect(r.listed).toEqual(['v1']);
    }
  });

  it('renumbers a rolled-back revision at NextRevision of the cached list; a tie with the write the cache lacks, the older creation first', () => {
    // v1:1 v2:2 on the server, the cache lacks v2; the template is back at v1 — nothing to do in the cache's
    // list (v1 is its latest), so no write.
    expect(readRevisions([0, 1], numbers([1, 2], [1, 0]), seenWith(0, 0))).toMatchObject({ kind: 'read', history: [0, 1] });
    // v1:1 v2:2 v3:3, the cache lacks v3; back to v1: renumbered to 3, tied with v3, and listed before it (older).
    const r = readRevisions([0, 1, 2], numbers([1, 2, 3], [1, 2, 0]), seenWith(0, 1));
    expect(r.kind).toBe('read');
    if (r.kind === 'read') {
      expect(r.active.how).toBe('renumbered');
      expect(r.history).toEqual([1, 0, 2]);
      expect(r.revisions).toEqual({ numbers: [2, 3, 3], cached: [2, 1, 3], created: [2, 1, 3] });
    }
  });

  it('fails to renumber a revision whose cached copy is older than the server’s (Conflict against the same cache)', () => {
    // v2:2 v1:3 on the server (v1 renumbered), the cache still has v1 at 1; back to v1 again.
    expect(readRevisions([1, 0], numbers([2, 3], [2, 1], [2, 1]), seenWith(0, 1))).toEqual({ kind: 'fails', why: 'conflict' });
  });

  it('sorts a tie by creation (SortControllerRevisions breaks ties by CreationTimestamp): the later-created one is the latest', () => {
    // v3 created before v2, both numbered 1.
    const tied = numbers([1, 1], null, [1, 2]);
    expect(cachedRevisions([2, 1], tied).map((x) => x.name)).toEqual(['v3', 'v2']);
    const stays = readRevisions([2, 1], tied, seenWith(1, 1));
    expect(stays.kind === 'read' && stays.active.how).toBe('latest');
    const renumbers = readRevisions([2, 1], tied, seenWith(2, 1));
    expect(renumbers.kind === 'read' && renumbers.active.how).toBe('renumbered');
  });
});

describe('the numbers’ normal form (ranked)', () => {
  const entries = fc.uniqueArray(fc.nat(5), { minLength: 1, maxLength: 6 }).chain((revs) =>
    fc.record({
      revs: fc.constant(revs),
      numbers: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: revs.length, maxLength: revs.length }),
      cached: fc.option(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: revs.length, maxLength: revs.length }), { nil: null }),
      // Distinct creation times, any order.
      births: fc.uniqueArray(fc.nat(100), { minLength: revs.length, maxLength: revs.length }),
    }),
  );

  it('keeps every order and tie between the numbers of both lists and the creation order, sorts by number then creation, and is its own normal form', () => {
    fc.assert(
      fc.property(entries, ({ revs, numbers: ns, cached, births }) => {
        const n = ranked(revs, ns, cached, births);
        const at = (r: RevId): number => revs.indexOf(r);
        // Each revision's values (its number, and its cached one when cached), before and after, in the same order.
        const valuesOf = (num: number, c: number | undefined): number[] => [num, ...(c === undefined || c === 0 ? [] : [c])];
        const perm = n.history.flatMap((r) => valuesOf(ns[at(r)]!, cached?.[at(r)]));
        const after = n.history.flatMap((_, i) => valuesOf(n.revisions.numbers[i]!, n.revisions.cached?.[i]));
        // Every pair of values (server or cached) compares as it did, and the ranks are 1..(distinct values).
        expect(after).toHaveLength(perm.length);
        for (let i = 0; i < perm.length; i++)
          for (let j = 0; j < perm.length; j++) expect(Math.sign(after[i]! - after[j]!)).toBe(Math.sign(perm[i]! - perm[j]!));
        expect(Math.max(...after)).toBe(new Set(perm).size);
        expect(n.revisions.cached === null).toBe(cached === null);
        // Creation places 1..n, in the order of the creation times.
        expect([...n.revisions.created].sort((x, y) => x - y)).toEqual(n.history.map((_, i) => i + 1));
        for (let i = 0; i < n.history.length; i++)
          for (let j = 0; j < n.history.length; j++)
            expect(Math.sign(n.revisions.created[i]! - n.revisions.created[j]!)).toBe(
              Math.sign(births[at(n.history[i]!)]! - births[at(n.history[j]!)]!),
            );
        for (let i = 1; i < n.history.length; i++) {
          const d = n.revisions.numbers[i]! - n.revisions.numbers[i - 1]!;
          expect(d > 0 || (d === 0 && n.revisions.created[i]! > n.revisions.created[i - 1]!)).toBe(true);
        }
        expect(ranked(n.history, n.revisions.numbers, n.revisions.cached, n.revisions.created)).toEqual(n);
      }),
    );
  });
});

/** Whether the reconcile of `s` read a status.currentRevision its revision cache lacks (getActiveRevisions' fallback). */
function readsMissingCurrent(s: CloneSetState): boolean {
  const r = s.observed?.revisions;
  if (r == null || r.cached === null) return false;
  const current = revName(cachedObject(s).status.currentRevision);
  return !cachedRevisions(s.history, r).some((x) => x.name === current);
}

describe('what the explorer reaches with a lagging revision cache', () => {
  const scope = STALE_REVISIONS_SCOPE;

  it('under upstream: a reconcile that lists no status.currentRevision creates pods at the update revision against the partition', () => {
    const m = cloneSetModel({ ...scope, controller: 'upstream' });
    const canary = cloneSetProperties(m.view).find((p) => p.name === 'canary-respected')!;
    const walk = firstStep(
      m,
      (s, a, t) => a.kind === 'reconcile' && readsMissingCurrent(s) && canary.kind === 'step' && !canary.check(s, a, t).ok,
      1_000_000,
    );
    expect(walk).toBeDefined();
    const last = walk![walk!.length - 1]!.state;
    const before = walk![walk!.length - 2]!.state;
    const read = cachedObject(before);
    // v2 minted and promoted at 0 replicas by one reconcile (upstream's rule), v3 rolled out and the CloneSet
    // scaled up before the revision informer delivered v2: the next reconcile creates every pod at v3.
    const labels = walk!.slice(1).map((w) => m.actionLabel(w.action!));
    expect(labels).toEqual(FALLBACK_PATH);
    expect(read.status.currentRevision).toBe(1);
    expect(before.pods).toHaveLength(0);
    expect(last.pods.map((p) => revName(p.rev))).toEqual(['v3']);
    // Its status names v3 current: the partition's old revision is gone from the status for good.
    expect(revName((last.pending ?? last.status).currentRevision)).toBe('v3');
    // With the cache caught up (v2 listed) the same reconcile creates the pod at v2, as the partition asks.
    const synced = m.next(before, { kind: 'revisionCacheSync' });
    const caughtUp = m.next(synced, { kind: 'reconcile' });
    expect(caughtUp.pods.map((p) => revName(p.rev))).toEqual(['v2']);
  });

  it('under proposed: no reconcile ever lists no status.currentRevision (it never promotes a revision no pod runs)', () => {
    const m = cloneSetModel({ ...scope, controller: 'proposed' });
    let states = 0;
    for (const { state } of reachable(m)) {
      states++;
      expect(readsMissingCurrent(state)).toBe(false);
    }
    // Every state of the scope (row SR3 of docs/findings.md, proposed), each once.
    expect(states).toBe(115_110);
  });

  it('reaches tied numbers (a write made from a list without the last one)', () => {
    const m = cloneSetModel({ ...scope, controller: 'proposed' });
    const walk = firstStep(m, (_s, _a, t) => {
      const ns = t.observed?.revisions?.numbers ?? [];
      return ns.some((n, i) => i > 0 && ns[i - 1] === n);
    });
    expect(walk).toBeDefined();
    const labels = walk!.slice(1).map((w) => m.actionLabel(w.action!));
    expect(labels.filter((l) => l === 'rollout(v2)' || l === 'rollout(v3)')).toHaveLength(2);
  });
});

describe('an in-place update of a pod whose revision the cached list lacks', () => {
  // updatePod (cloneset_update.go) finds the pod's old revision among those listed; CanUpdateInPlace of none is
  // false, so under InPlaceIfPossible such a pod is recreated (specified-delete) instead.
  const sc: Scenario = { ...DEFAULT_SCENARIO, podUpdatePolicy: 'InPlaceIfPossible', initialPartition: 0, maxUnavailable: '100%' };
  const v = viewOf(sc);
  const s = initialState(v);
  const spec = controllerSpecOf(v, { spec: { ...s.spec, template: 1 } });
  const pods = controllerPodsOf(v, s.pods);

  it('is recreated; listed, it is updated in place', () => {
    const kinds = (listed?: readonly string[]): string[] =>
      update(spec, pods, { ...syncContext(v, 'v1', 'v2'), ...(listed === undefined ? {} : { listedRevisions: listed }) }).effects.map(
        (e) => e.kind,
      );
    expect(kinds()).toEqual(['inPlaceUpdate', 'inPlaceUpdate']);
    expect(kinds(['v1', 'v2'])).toEqual(['inPlaceUpdate', 'inPlaceUpdate']);
    expect(kinds(['v2'])).toEqual(['markSpecifiedDelete', 'markSpecifiedDelete']);
  });

  it('is reached by the explorer: a rollback before the cache has the rolled-out revision recreates its pods', () => {
    const m = cloneSetModel({ ...sc, staleRevisions: true, budgets: { rollouts: 2, deletes: 0, scales: 0, partitions: 0 } });
    const walk = firstStep(m, (s0, a, t) => {
      if (a.kind !== 'reconcile' || !revisionCacheLags(s0)) return false;
      const listed = cachedRevisions(s0.history, s0.observed!.revisions!).map((x) => x.template);
      return s0.pods.some((p) => !listed.includes(p.rev)) && t.pods.some((p) => p.marked);
    });
    expect(walk).toBeDefined();
    const labels = walk!.slice(1).map((w) => m.actionLabel(w.action!));
    expect(labels).toContain('rollout(v1)');
  });
});

describe('a reconcile decision remembered for one creation order', () => {
  it('is not reused for a state that differs only in it (the decision memo keys it)', () => {
    const m = cloneSetModel({ ...DEFAULT_SCENARIO, staleRevisions: true, templates: 3 });
    const at = (created: number[]): CloneSetState => ({
      ...base,
      spec: { ...base.spec, template: 2 },
      history: [0, 1],
      observed: { ...base.observed!, revisions: { numbers: [1, 2], cached: null, created } },
    });
    // The same history and numbers; v1 created first in one, v2 in the other. Rolling out v3 creates it third.
    expect(m.next(at([1, 2]), { kind: 'reconcile' }).observed?.revisions?.created).toEqual([1, 2, 3]);
    expect(m.next(at([2, 1]), { kind: 'reconcile' }).observed?.revisions?.created).toEqual([2, 1, 3]);
  });
});

describe('two latest revisions tied in number, with free choices', () => {
  // SortControllerRevisions orders a tie by CreationTimestamp, which two created within one second share
  // (then by hashed name): with freeChoices either may be the latest.
  const at = (freeChoices: boolean): { v: ReturnType<typeof viewOf>; s: CloneSetState } => {
    const v = viewOf({ ...DEFAULT_SCENARIO, staleRevisions: true, templates: 3, freeChoices });
    const s0 = initialState(v);
    // v1:1, v2:2, v3:2 (v3 created last); the template is back at v2.
    const s: CloneSetState = {
      ...s0,
      spec: { ...s0.spec, template: 1 },
      history: [0, 1, 2],
      observed: { ...s0.observed!, revisions: { numbers: [1, 2, 2], cached: null, created: [1, 2, 3] } },
    };
    return { v, s };
  };

  it('are read in creation order without them, and in both orders with them', () => {
    const fixed = at(false);
    const one = reconcileChoices(fixed.v, fixed.s);
    expect(one).toHaveLength(1);
    // v3 is the latest: v2 is renumbered above it.
    expect(one[0]!.state.history).toEqual([0, 2, 1]);
    const free = at(true);
    const both = reconcileChoices(free.v, free.s);
    expect(both.map((c) => c.state.history)).toEqual([
      [0, 2, 1],
      [0, 1, 2],
    ]);
    expect(both[1]!.picks).toContain('the two latest revisions, tied in number, in the other order');
    // v2 as the latest: nothing to write, the numbers stay tied.
    expect(both[1]!.state.observed?.revisions?.numbers).toEqual([1, 2, 2]);
  });
});
