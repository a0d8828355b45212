/**
 * Writes to a pod that failed (phase Failed) before the controller's cache showed it (docs/model.md, "Pod
 * cache and expectations"). A Failed pod leaves the active list as a deleted one does, but it stays in the API
 * server (CloneSet does not delete inactive pods), so upstream's writes to it land: the delete, the label and
 * lifecycle patches as decided, an in-place update once its retries see the cache catch up. Unlike a deleted
 * pod's, none is NotFound, and no reconcile outcome says the pod is terminating.
 */
import { describe, expect, it } from 'vitest';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { awaitedGate, mayExpire } from '../../model/cloneset/pod-cache.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { entryOf, podEntryCode, podEntryFromCode, type CloneSetState } from '../../model/cloneset/state.js';
import { labels, walk } from './walk.js';

const failing: Scenario = { ...DEFAULT_SCENARIO, expectations: 'upstream', budgets: { ...DEFAULT_SCENARIO.budgets, failures: 1 } };
const reconciles = (sc: Scenario, s: CloneSetState): string[] => labels(sc, s).filter((l) => l.startsWith('reconcile'));

describe('a scale-down that deletes a pod that failed unseen', () => {
  const states = walk(failing, ['fail(v1 ready)', 'scale(0)']);
  const s = states[2]!;

  it('the failed pod is an entry the cache still lists, marked failed', () => {
    expect(states[1]!.observed!.pods).toEqual([entryOf({ rev: 0, lifecycle: 'Normal', ready: true, marked: false }, null, 'none', true)]);
  });

  it('one way only: both deletes land (a user-deleted pod would offer a NotFound too)', () => {
    expect(reconciles(failing, s)).toEqual(['reconcile']);
    const deleted = walk(failing, ['delete(v1 ready)', 'scale(0)'])[2]!;
    expect(reconciles(failing, deleted)).toHaveLength(2);
  });

  it('both deletes are awaited, and the failed pod is deleted from then on', () => {
    const t = walk(failing, ['fail(v1 ready)', 'scale(0)', 'reconcile'])[3]!;
    expect(t.pods).toEqual([]);
    expect(t.observed!.pods.map((e) => [e.truth, e.awaited, e.failed === true])).toEqual([
      [null, 'scale', false],
      [null, 'scale', false],
    ]);
    expect(awaitedGate(t)).toBe('scale');
  });
});

describe('a user deletes the failed pod before the cache shows it failed', () => {
  const del = 'delete(v1 ready, failed, still cached)';

  it('is offered with a delete left, and leaves the pods as they are: the entry becomes a deleted pod', () => {
    const [, failed, deleted] = walk(failing, ['fail(v1 ready)', del]);
    expect(labels(failing, failed!)).toContain(del);
    expect(deleted!.pods).toEqual(failed!.pods);
    expect(deleted!.budgets.deletes).toBe(failed!.budgets.deletes - 1);
    expect(deleted!.observed!.pods.map((e) => [e.truth, e.awaited, e.failed === true])).toEqual([[null, 'none', false]]);
  });

  it("then the controller's delete of it may be NotFound again, as for any deleted pod", () => {
    const s = walk(failing, ['fail(v1 ready)', del, 'scale(0)'])[3]!;
    expect(reconciles(failing, s)).toHaveLength(2);
  });

  it('is not offered with no delete left', () => {
    const none: Scenario = { ...failing, budgets: { ...failing.budgets, deletes: 1 } };
    const s = walk(none, ['delete(v1 ready)', 'fail(v1 ready)'])[2]!;
    expect(labels(none, s).filter((l) => l.startsWith('delete('))).toEqual([]);
  });
});

describe('expectations that time out, proposed', () => {
  // A scale-up creates a pod; it fails before the cache shows its creation. `proposed` asks the API server
  // before letting the expectation go: the Failed pod is there, so it keeps waiting; upstream lets it go.
  const sc = (controller: Scenario['controller']): Scenario => ({ ...failing, expectations: 'timeout', controller });
  const road = ['scale(3)', 'reconcile', 'fail(v1 not-ready PreparingNormal, not yet in the cache)'];

  it('a created pod that failed unseen keeps the expectation for proposed, and not for upstream', () => {
    for (const [controller, expires] of [
      ['proposed', false],
      ['upstream', true],
    ] as const) {
      const m = cloneSetModel(sc(controller));
      const s = walk(sc(controller), road)[road.length]!;
      expect(s.observed!.pods.map((e) => [e.cached, e.truth, e.awaited, e.failed === true])).toEqual([[null, null, 'scale', true]]);
      expect(mayExpire(m.view, s)).toBe(expires);
    }
  });

  it('one the user deleted unseen lets it go for both', () => {
    const deleted = [...road.slice(0, 2), 'delete(v1 not-ready PreparingNormal, not yet in the cache)'];
    for (const controller of ['proposed', 'upstream'] as const) {
      const s = walk(sc(controller), deleted)[deleted.length]!;
      expect(mayExpire(cloneSetModel(sc(controller)).view, s)).toBe(true);
    }
  });
});

describe('the entry code', () => {
  it('keeps the failed flag apart from a deletion, and only without a truth', () => {
    const p = { rev: 1, lifecycle: 'Normal', ready: true, marked: false } as const;
    for (const awaited of ['none', 'scale', 'patch'] as const) {
      const deleted = entryOf(p, null, awaited);
      const failed = entryOf(p, null, awaited, true);
      expect(podEntryCode(failed)).not.toBe(podEntryCode(deleted));
      expect(podEntryFromCode(podEntryCode(failed))).toBe(failed);
      expect(failed.failed).toBe(true);
      expect('failed' in deleted).toBe(false);
    }
    expect(() => entryOf(p, p, 'none', true)).toThrow('cannot be failed');
  });
});
