/**
 * Controller inputs for the sync-function tests (scale.test.ts, update.test.ts): a CloneSet spec, a pod and
 * a sync context with the defaults those tests share, each test file saying only what it varies (the
 * update policy, which lifecycle hook is on, which pods hold it).
 */
import {
  PRODUCTION_GATES,
  type CloneSetSpec,
  type ControllerPod,
  type FeatureGates,
  type HookFixes,
  type Lifecycle,
  type PodUpdatePolicy,
  type SyncContext,
} from '../../model/controller/types.js';

/** RollingUpdate, maxSurge 0, maxUnavailable 20%, not paused. */
export function specOf(replicas: number, partition: string, podUpdatePolicy: PodUpdatePolicy): CloneSetSpec {
  return {
    replicas,
    updateStrategyType: 'RollingUpdate',
    rollingUpdate: { partition, maxSurge: 0, maxUnavailable: '20%', paused: false, podUpdatePolicy },
    scaleMaxUnavailable: null,
    excludePreparingDelete: false,
    minReadySeconds: 0,
  };
}

/** A running pod on a node; ready and available unless `ready: false`; no hook holds it unless said. */
export function podOf(
  revision: string,
  lifecycle: Lifecycle,
  o: { ready?: boolean; specifiedDelete?: boolean; preDeleteHooked?: boolean; inPlaceUpdateHooked?: boolean } = {},
): ControllerPod {
  const ready = o.ready ?? true;
  return {
    revision,
    lifecycle,
    ready,
    available: ready,
    inPlaceUpdateReady: 'True',
    specifiedDelete: o.specifiedDelete ?? false,
    order: {
      nodeAssigned: true,
      phase: 'Running',
      readyCondition: ready,
      restarts: 0,
      readySince: null,
      created: null,
      deletionCost: null,
    },
    preDeleteHooked: o.preDeleteHooked ?? false,
    inPlaceUpdateHooked: o.inPlaceUpdateHooked ?? false,
  };
}

/**
 * current v1 and update v2 unless said; `hook` is the one lifecycle hook on (null: `spec.lifecycle` nil); `fixes`
 * the variant's hook fixes, if any; `markedCountUnavailable` proposed's deleteReadyLimit fix.
 */
export function ctxOf(
  hook: 'preDelete' | 'inPlaceUpdate' | null,
  o: {
    fixes?: HookFixes | undefined;
    current?: string;
    update?: string;
    gates?: FeatureGates;
    markedCountUnavailable?: boolean;
    onDeleteWithoutUpdateSurge?: boolean;
  } = {},
): SyncContext {
  const base: SyncContext = {
    currentRevision: o.current ?? 'v1',
    updateRevision: o.update ?? 'v2',
    gates: o.gates ?? PRODUCTION_GATES,
    inPlaceCompatible: true,
    preNormalHookPending: false,
    preparingNormalNeedsNode: false,
    ...(hook === null ? {} : { lifecycle: { preDelete: hook === 'preDelete', inPlaceUpdate: hook === 'inPlaceUpdate' } }),
    ...(o.markedCountUnavailable === true ? { markedCountUnavailable: true } : {}),
    ...(o.onDeleteWithoutUpdateSurge === true ? { onDeleteWithoutUpdateSurge: true } : {}),
  };
  return o.fixes === undefined ? base : { ...base, hookFixes: o.fixes };
}
