/**
 * What a reconcile does to pods, as data. The sync functions return effects instead of mutating pods, so
 * the same decisions drive both the conformance tests (on upstream-shaped pods) and the explorer (on the
 * abstract pod multiset).
 */
import type { ControllerPod, Lifecycle } from './types.js';

export type PodEffect =
  /** `createPods` → `NewVersionedPods`: a new pod in PreparingNormal, not ready, with the InPlaceUpdateReady gate. */
  | { readonly kind: 'create'; readonly revision: string }
  /** `deletePods` (no preDelete hook): the pod becomes terminating, i.e. leaves the active list. */
  | { readonly kind: 'delete'; readonly index: number }
  /**
   * `UpdatePodLifecycle` from refresh, managePreparingDelete, deletePods (preDelete hook) or updatePod
   * (inPlaceUpdate hook); `restoreInPlaceHook`: `UpdatePodLifecycleWithHandler`, which puts the hook's
   * labels back on the pod.
   */
  | { readonly kind: 'setLifecycle'; readonly index: number; readonly lifecycle: Lifecycle; readonly restoreInPlaceHook?: true }
  /** `inplaceControl.Refresh` setting the InPlaceUpdateReady condition True (not reported as a change). */
  | { readonly kind: 'setInPlaceUpdateReady'; readonly index: number }
  /** ReCreate update: label `apps.kruise.io/specified-delete=true`. */
  | { readonly kind: 'markSpecifiedDelete'; readonly index: number }
  /** In-place update: revision label switched, lifecycle Updating, InPlaceUpdateReady False. */
  | { readonly kind: 'inPlaceUpdate'; readonly index: number; readonly revision: string }
  /**
   * The first of an in-place update's two writes alone (`inplaceControl.Update`: InPlaceUpdateReady False,
   * reason StartInPlaceUpdate, then the image): the pod is not ready, still at its revision. Only as a write
   * that landed before a refused image write (failures.ts); a sync's decided effects never hold it.
   */
  | { readonly kind: 'startInPlaceUpdate'; readonly index: number };

/** Which part of `syncCloneSet` acted. */
export type SyncPhase = 'none' | 'scale' | 'refresh' | 'update';

export interface SyncResult {
  readonly phase: SyncPhase;
  readonly effects: readonly PodEffect[];
  /**
   * How many of the leading effects come from a loop over the pods in the informer's list order, which
   * upstream leaves open (absent: none): the model writes them in one order, and where a write fails any
   * of the others may have come first (model/controller/failures.ts, with free choices).
   */
  readonly listOrder?: number;
  /**
   * The effects (by index) whose writes timed out after they landed (podWriteTimeouts): applied, but the
   * controller saw an error, so it awaits nothing of them (createPods and deletePods roll their scale
   * expectation back; a patch's resourceVersion is expected only on success). Absent: none.
   */
  readonly lostReplies?: readonly number[];
  /**
   * Creations that timed out and never landed, whose scale expectations the controller keeps (`proposed`:
   * VariantInfo.keepsTimedOutCreations): no pod, an expectation no pod event meets. Absent: none.
   */
  readonly unlandedCreations?: number;
}

export const NEW_POD_ORDER = Object.freeze({
  nodeAssigned: true,
  phase: 'Running',
  readyCondition: false,
  restarts: 0,
  readySince: null,
  created: null,
  deletionCost: null,
} as const);

/** Applies effects to an upstream-shaped pod list; created pods are appended, deleted ones removed. */
export function applyEffects(pods: readonly ControllerPod[], effects: readonly PodEffect[]): ControllerPod[] {
  const next: (ControllerPod | null)[] = [...pods];
  const created: ControllerPod[] = [];
  for (const e of effects) {
    if (e.kind === 'create') {
      created.push({
        revision: e.revision,
        lifecycle: 'PreparingNormal',
        ready: false,
        available: false,
        inPlaceUpdateReady: 'absent',
        specifiedDelete: false,
        order: NEW_POD_ORDER,
      });
      continue;
    }
    const pod = next[e.index];
    if (pod === null || pod === undefined) throw new Error(`effect ${e.kind} on missing pod ${e.index}`);
    next[e.index] = applyToPod(pod, e);
  }
  return [...next.filter((p): p is ControllerPod => p !== null), ...created];
}

// A switch with a `never` default rather than ts-pattern: as exhaustive at compile time, and every reconcile
// the explorer decides applies its effects here, where ts-pattern's per-call allocations showed.
function applyToPod(pod: ControllerPod, e: Exclude<PodEffect, { kind: 'create' }>): ControllerPod | null {
  switch (e.kind) {
    case 'delete':
      return null;
    case 'setLifecycle':
      return e.restoreInPlaceHook === true
        ? { ...pod, lifecycle: e.lifecycle, inPlaceUpdateHooked: true }
        : { ...pod, lifecycle: e.lifecycle };
    case 'setInPlaceUpdateReady':
      return { ...pod, inPlaceUpdateReady: 'True' as const };
    case 'startInPlaceUpdate':
      // The readiness gate is False: PodReady False, so neither ready nor available.
      return { ...pod, inPlaceUpdateReady: 'False' as const, ready: false, available: false };
    case 'markSpecifiedDelete':
      return { ...pod, specifiedDelete: true };
    case 'inPlaceUpdate':
      return {
        // The kubelet restarts the containers, so the pod is not ready until it reports so again.
        ...pod,
        revision: e.revision,
        lifecycle: 'Updating' as const,
        inPlaceUpdateReady: 'False' as const,
        ready: false,
        available: false,
        // Only read where the kubelet's completion is modelled (a pod that had one finishes anew).
        ...(pod.inPlaceUpdateCompleted === undefined ? {} : { inPlaceUpdateCompleted: false }),
      };
    default:
      return unhandled(e);
  }
}

function unhandled(e: never): never {
  throw new Error(`unhandled pod effect ${JSON.stringify(e)}`);
}
