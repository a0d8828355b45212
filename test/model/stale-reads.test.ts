/**
 * Stale CloneSet reads and failing status writes (issue #14 item 1; model/cloneset/observe.ts): off, a
 * scenario is the one before them, state for state and byte for byte; on, the controller acts on the
 * cache's spec and status, a cache-sync step catches up one version at a time, the lag stays within its
 * bound, and a status computed from a stale view overwrites the newer one.
 */
import { describe, expect, it } from 'vitest';
import { applyAction, enabledActions, type Action } from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { cachedObject, type CloneSetState } from '../../model/cloneset/state.js';
import { takeStep, walk } from './walk.js';

const encodeWith = (sc: Scenario, s: CloneSetState): string => {
  const m = cloneSetModel(sc);
  const w = new Uint32Array(m.encodingWords);
  m.encode(s, w, 0);
  return w.join(',');
};

const take = (sc: Scenario, s: CloneSetState, label: string): CloneSetState => takeStep(cloneSetModel(sc), s, label).state;

const run = walk;

describe('stale reads and status-write failures off', () => {
  it('explicit zeros are the scenario before them: no Observation, the same encoding width and bytes', () => {
    const off = { ...DEFAULT_SCENARIO, staleReads: 0, statusWriteFailures: 0 };
    const a = cloneSetModel(DEFAULT_SCENARIO);
    const b = cloneSetModel(off);
    expect(b.encodingWords).toBe(a.encodingWords);
    const s = b.initialStates()[0]!;
    expect(s.observed).toBeNull();
    expect(encodeWith(off, s)).toBe(encodeWith(DEFAULT_SCENARIO, a.initialStates()[0]!));
    const kinds = new Set(b.actions(s).map((x) => x.kind));
    expect(kinds.has('cacheSync') || kinds.has('statusWriteFails')).toBe(false);
  });
});

describe('stale CloneSet reads (staleReads 1)', () => {
  const sc: Scenario = { ...DEFAULT_SCENARIO, staleReads: 1 };

  it('a spec edit leaves the cache one version behind; cache-sync catches up, and settled waits for it', () => {
    const [s0, s1] = run(sc, ['rollout(v2)']);
    expect(s0!.observed).toEqual({
      lag: [],
      generationUnobserved: false,
      pendingUnobserved: false,
      writeFailures: 0,
      podWriteFailures: 0,
      pods: [],
      // The revisions' numbers only with staleRevisions.
      revisions: null,
    });
    expect(s1!.observed!.lag).toHaveLength(1);
    expect(cachedObject(s1!).spec.template).toBe(0);
    // The controller has seen no rollout: its reconcile would change nothing, so only the cache can move.
    expect(enabledActions(cloneSetModel(sc).view, s1!).map((a) => a.kind)).not.toContain('reconcile');
    expect(cloneSetModel(sc).isSettled(s1!)).toBe(false);
    const s2 = take(sc, s1!, 'cache-sync');
    expect(s2.observed!.lag).toEqual([]);
    expect(cachedObject(s2).spec.template).toBe(1);
    expect(enabledActions(cloneSetModel(sc).view, s2).map((a) => a.kind)).toContain('reconcile');
  });

  it('never lags more than staleReads versions: a second edit pushes the cache to the first', () => {
    const [, , s2] = run(sc, ['rollout(v2)', 'scale(3)']);
    expect(s2!.observed!.lag).toHaveLength(1);
    expect(cachedObject(s2!).spec).toEqual({ replicas: 2, template: 1, partition: 0, paused: false, surge: 0, unavailable: 0 });
    expect(s2!.spec).toEqual({ replicas: 3, template: 1, partition: 0, paused: false, surge: 0, unavailable: 0 });
  });

  it('a reconcile acts on the spec it read: scaled to 3 but seen at 2, it creates nothing', () => {
    const [, , s2] = run(sc, ['rollout(v2)', 'scale(3)']);
    // The cache shows the rollout (2 replicas, partition 50% = 1 at v1): one v1 pod is marked, none created.
    const s3 = take(sc, s2!, 'reconcile');
    expect(s3.pods).toHaveLength(2);
    expect(s3.pods.filter((p) => p.marked)).toHaveLength(1);
  });

  it('a status computed from a stale view overwrites the newer status the API server holds', () => {
    // Delete a pod; the reconcile that sees one pod computes replicas 1 and writes it; the cache lags that
    // write, so the next reconcile (after it recreated the pod) still compares against replicas 2 …
    const states = run(sc, ['delete(v1 ready)', 'reconcile', 'write-status']);
    const written = states[3]!;
    expect(written.status.replicas).toBe(1);
    expect(cachedObject(written).status.replicas).toBe(2);
    // … and what it computes from that view is written over the API server's status, whole: the write
    // re-reads the cache only until its resourceVersion is the server's.
    const next = take(sc, written, 'reconcile');
    expect(next.pending).not.toBeNull();
    const overwritten = take(sc, next, 'write-status');
    expect(overwritten.status).toEqual(next.pending);
    // The write is a new version the cache lags again: it still shows the status before it.
    expect(cachedObject(overwritten).status).toEqual(written.status);
  });
});

describe('a status write lands only on the version the cache holds (staleReads 2)', () => {
  const sc: Scenario = { ...DEFAULT_SCENARIO, staleReads: 2 };

  it('a reconcile read two versions behind; its write leaves the cache one behind, at the version it replaced', () => {
    // The cache shows the rollout; the user scales twice, which the cache has not seen when the reconcile runs.
    const [, , , , s4] = run(sc, ['rollout(v2)', 'cache-sync', 'scale(3)', 'scale(4)']);
    expect(s4!.observed!.lag).toHaveLength(2);
    const computed = take(sc, s4!, 'reconcile');
    expect(computed.pending).not.toBeNull();
    expect(cachedObject(computed).spec.replicas).toBe(2);
    // updateStatus Updates with the cached resourceVersion: only once the cache holds the server's version
    // (RetryOnConflict reads it again) does the write land, so the cache lags it by that one version alone.
    const landed = take(sc, computed, 'write-status');
    expect(landed.observed!.lag).toHaveLength(1);
    expect(cachedObject(landed).spec).toEqual(landed.spec);
    expect(cachedObject(landed).status).toEqual(computed.status);
    expect(landed.status).toEqual(computed.pending);
  });
});

describe('status-write failures (statusWriteFailures 1)', () => {
  const sc: Scenario = { ...DEFAULT_SCENARIO, statusWriteFailures: 1 };

  it('a failed write drops the computed status, spends the budget, and the reconcile is retried', () => {
    const [, s1, s2] = run(sc, ['delete(v1 ready)', 'reconcile']);
    expect(s2!.pending).not.toBeNull();
    const failed = take(sc, s2!, 'write-status-fails');
    expect(failed.pending).toBeNull();
    expect(failed.status).toEqual(s1!.status);
    expect(failed.pods).toEqual(s2!.pods);
    expect(failed.observed!.writeFailures).toBe(0);
    const m = cloneSetModel(sc);
    const kinds = (s: CloneSetState): Action['kind'][] => m.actions(s).map((a) => a.kind);
    // The retry computes the status again; the budget is spent, so this write cannot fail.
    expect(kinds(failed)).toContain('reconcile');
    const again = m.next(failed, m.actions(failed).find((a) => a.kind === 'reconcile')!);
    expect(kinds(again)).toContain('writeStatus');
    expect(kinds(again)).not.toContain('statusWriteFails');
    expect(applyAction(m.view, again, { kind: 'writeStatus' }).pending).toBeNull();
  });
});
