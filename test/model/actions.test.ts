/**
 * The hot-path shortcuts in model/cloneset/actions.ts against their sources of truth: the actor table, and
 * the one-per-distinct-pod action lists built without temporary arrays.
 */
import { describe, expect, it } from 'vitest';
import {
  ACTION_KINDS,
  actionClassOf,
  actorOf,
  actorOfKind,
  enabledActions,
  applyAction,
  type Action,
  type ActionKind,
} from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO } from '../../model/cloneset/scenario.js';
import { canonicalPods, podCode, type CloneSetState, type Pod } from '../../model/cloneset/state.js';

const pod: Pod = { rev: 0, lifecycle: 'Normal', ready: false, marked: false };
const sample: Record<ActionKind, Action> = {
  rollout: { kind: 'rollout', template: 1 },
  deletePod: { kind: 'deletePod', pod },
  scale: { kind: 'scale', replicas: 3 },
  setPartition: { kind: 'setPartition', index: 0, value: '50%' },
  setPaused: { kind: 'setPaused', paused: true },
  setStrategy: { kind: 'setStrategy', field: 'maxSurge', index: 1, value: 1 },
  podReady: { kind: 'podReady', pod },
  podAvailable: { kind: 'podAvailable', pod: { ...pod, ready: true, notYetAvailable: true } },
  reconcile: { kind: 'reconcile' },
  writeStatus: { kind: 'writeStatus' },
  cacheSync: { kind: 'cacheSync' },
  revisionCacheSync: { kind: 'revisionCacheSync' },
  statusWriteFails: { kind: 'statusWriteFails' },
  podCacheSync: { kind: 'podCacheSync', entry: { cached: pod, truth: null, awaited: 'scale' } },
  expectationsExpire: { kind: 'expectationsExpire' },
  markPod: { kind: 'markPod', pod },
  podUnready: { kind: 'podUnready', pod },
  podFail: { kind: 'podFail', pod },
  inPlaceDone: { kind: 'inPlaceDone', pod },
  releaseHook: { kind: 'releaseHook', pod },
  restoreHook: { kind: 'restoreHook', pod },
  deadlinePasses: { kind: 'deadlinePasses' },
};

describe('actions', () => {
  it('actorOf agrees with the actor table for every action kind', () => {
    for (const kind of ACTION_KINDS) expect(actorOf(sample[kind]), kind).toBe(actorOfKind(kind));
  });

  it('failures are disturbances for convergence: a refused status write or pod write, a failing pod', () => {
    const disturbances = ACTION_KINDS.filter((k) => actorOfKind(k) !== 'user' && actionClassOf(sample[k]) === 'user');
    expect(disturbances.sort()).toEqual(['podFail', 'podUnready', 'statusWriteFails']);
    expect(actionClassOf({ kind: 'reconcile', choice: 1, picks: 'write fails: create v1; landed: no pod change' })).toBe('user');
    expect(actionClassOf({ kind: 'reconcile', choice: 0, picks: 'create v1, create v2' })).toBe('system');
  });

  const model = cloneSetModel({ ...DEFAULT_SCENARIO, budgets: { rollouts: 1, deletes: 1, scales: 0, partitions: 0 } });
  const base = model.initialStates()[0]!;
  const pods = canonicalPods([
    { rev: 0, lifecycle: 'Normal', ready: true, marked: false },
    { rev: 0, lifecycle: 'Normal', ready: false, marked: false },
    { rev: 1, lifecycle: 'Normal', ready: false, marked: false },
    { rev: 0, lifecycle: 'Normal', ready: false, marked: false },
    { rev: 1, lifecycle: 'Updating', ready: false, marked: false },
  ]);
  const s: CloneSetState = { ...base, pods, history: [0, 1] };

  it('offers one delete per distinct pod and one ready per distinct not-ready Normal pod, in pod-code order', () => {
    const acts = enabledActions(model.view, s);
    const codes = (kind: string): number[] => acts.flatMap((a) => (a.kind === kind && 'pod' in a ? [podCode(a.pod)] : []));
    const distinct = [...new Set(pods.map(podCode))];
    expect(codes('deletePod')).toEqual(distinct);
    expect(codes('podReady')).toEqual(distinct.filter((c) => pods.some((p) => podCode(p) === c && p.lifecycle === 'Normal' && !p.ready)));
  });

  it('readying a pod keeps the pod list canonical', () => {
    for (const a of enabledActions(model.view, s)) {
      if (a.kind !== 'podReady') continue;
      const t = applyAction(model.view, s, a);
      expect(t.pods.map(podCode)).toEqual(canonicalPods(t.pods).map(podCode));
      expect(t.pods.filter((p) => p.ready)).toHaveLength(2);
    }
  });

  it('offers every scale target when spec.replicas starts above maxReplicas', () => {
    const m = cloneSetModel({
      ...DEFAULT_SCENARIO,
      initialReplicas: 3,
      maxReplicas: 2,
      budgets: { rollouts: 0, deletes: 0, scales: 1, partitions: 0 },
    });
    const labels = enabledActions(m.view, m.initialStates()[0]!)
      .filter((a) => a.kind === 'scale')
      .map((a) => (a.kind === 'scale' ? a.replicas : -1));
    expect(labels).toEqual([0, 1, 2]);
  });
});
