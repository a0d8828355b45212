/**
 * A controller patch the pod already has (upstream: pkg/controller/cloneset/sync/cloneset_update.go updatePod →
 * specifieddelete.PatchPodSpecifiedDelete, then ResourceVersionExpectations.Expect(pod)). The cache shows the pod
 * unmarked, a user has labelled it specified-delete: the controller's ReCreate update still sends its label patch
 * (it decides on the cached pod), the API server returns the pod at the user's version (or a newer one), and
 * doReconcile waits until the cache holds that version. Before, the model dropped a patch that changed nothing it
 * keeps without awaiting it, so the next reconcile acted on the stale view at once (here: a scale-up).
 */
import { describe, expect, it } from 'vitest';
import { awaitedGate } from '../../model/cloneset/pod-cache.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { labels, walk } from './walk.js';

describe('a controller patch the truth already has is still awaited', () => {
  const sc: Scenario = {
    ...DEFAULT_SCENARIO,
    initialReplicas: 1,
    initialPartition: 0,
    partitions: [0],
    maxUnavailable: 1,
    budgets: { rollouts: 1, deletes: 0, scales: 1, partitions: 0, marks: 1 },
    expectations: 'upstream',
  };

  it('the ReCreate mark of a pod a user marked unseen holds the next reconcile until the cache shows the mark', () => {
    const states = walk(sc, ['rollout(v2)', 'mark(v1 ready)', 'reconcile']);
    const marked = states[3]!;
    expect(marked.pods).toEqual([{ rev: 0, lifecycle: 'Normal', ready: true, marked: true }]);
    expect(marked.observed!.pods).toEqual([
      { cached: { rev: 0, lifecycle: 'Normal', ready: true, marked: false }, truth: marked.pods[0], awaited: 'patch' },
    ]);
    expect(awaitedGate(marked)).toBe('patch');
    // A scale-up while the controller waits: upstream's doReconcile returns at the pod's resourceVersion
    // expectation, so nothing is created from the stale view.
    const scaled = walk(sc, ['rollout(v2)', 'mark(v1 ready)', 'reconcile', 'write-status', 'scale(2)'])[5]!;
    expect(labels(sc, scaled)).not.toContain('reconcile');
    const synced = walk(sc, [
      'rollout(v2)',
      'mark(v1 ready)',
      'reconcile',
      'write-status',
      'scale(2)',
      'pod-cache-sync(v1 ready → v1 ready marked, awaited (patch))',
    ])[6]!;
    expect(awaitedGate(synced)).toBe('none');
    expect(labels(sc, synced)).toContain('reconcile');
  });
});
