/**
 * Models `syncCloneSet` (pkg/controller/cloneset/cloneset_controller.go): Scale first, and Update only if
 * Scale changed nothing — so one reconcile performs at most one kind of pod action.
 */
import type { SyncResult } from './effects.js';
import { scale } from './scale.js';
import type { CloneSetSpec, ControllerPod, SyncContext } from './types.js';
import { update } from './update.js';

export function syncCloneSet(spec: CloneSetSpec, pods: readonly ControllerPod[], ctx: SyncContext): SyncResult {
  const scaled = scale(spec, pods, ctx);
  if (scaled.modified) {
    return scaled.listOrder === undefined
      ? { phase: 'scale', effects: scaled.effects }
      : { phase: 'scale', effects: scaled.effects, listOrder: scaled.listOrder };
  }
  return update(spec, pods, ctx);
}
