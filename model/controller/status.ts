/**
 * Models `calculateStatus` (pkg/controller/cloneset/cloneset_status.go), with the
 * `currentRevision` promotion rule as a pluggable variant: the rule #1545 was about.
 */
import { calculatePartitionReplicas } from './intstr.js';
import { equalToRevisionHash, isPodAvailable, isUpdateReady } from './predicates.js';
import type { CloneSetSpec, ControllerPod } from './types.js';

/** The status fields the model keeps, with revisions named by `R` (names upstream, indexes in the explorable state). */
export interface StatusOf<R> {
  readonly replicas: number;
  readonly readyReplicas: number;
  readonly availableReplicas: number;
  readonly updatedReplicas: number;
  readonly updatedReadyReplicas: number;
  readonly expectedUpdatedReplicas: number;
  readonly currentRevision: R;
  readonly updateRevision: R;
}

export type CloneSetStatus = StatusOf<string>;

/** What a promotion rule may look at: the counts just computed and the spec as read at the reconcile's start. */
export interface PromotionInput {
  readonly replicas: number;
  readonly updatedReplicas: number;
  readonly specReplicas: number;
  /** `CalculatePartitionReplicas(partition, spec.replicas)`; null when the partition does not parse. */
  readonly partitionReplicas: number | null;
}

export type PromotionRule = (x: PromotionInput) => boolean;

/** Models `calculateStatus` for the given promotion rule. `currentRevision` is the one chosen by getActiveRevisions. */
export function calculateStatus(
  spec: CloneSetSpec,
  pods: readonly ControllerPod[],
  revisions: { readonly currentRevision: string; readonly updateRevision: string },
  promote: PromotionRule,
): CloneSetStatus {
  let replicas = 0;
  let readyReplicas = 0;
  let availableReplicas = 0;
  let updatedReplicas = 0;
  let updatedReadyReplicas = 0;
  for (const pod of pods) {
    const updated = equalToRevisionHash(pod.revision, revisions.updateRevision);
    const ready = isUpdateReady(pod);
    replicas++;
    if (ready) readyReplicas++;
    if (isPodAvailable(pod)) availableReplicas++;
    if (updated) updatedReplicas++;
    if (updated && ready) updatedReadyReplicas++;
  }
  const ru = spec.rollingUpdate;
  const partition = ru === null ? { ok: true, value: 0 } : calculatePartitionReplicas(ru.partition, spec.replicas);
  const partitionReplicas = partition.ok ? partition.value : null;
  const expectedUpdatedReplicas = ru === null ? spec.replicas : partitionReplicas === null ? 0 : spec.replicas - partitionReplicas;
  const promoted = promote({ replicas, updatedReplicas, specReplicas: spec.replicas, partitionReplicas });
  return {
    replicas,
    readyReplicas,
    availableReplicas,
    updatedReplicas,
    updatedReadyReplicas,
    expectedUpdatedReplicas,
    currentRevision: promoted ? revisions.updateRevision : revisions.currentRevision,
    updateRevision: revisions.updateRevision,
  };
}
