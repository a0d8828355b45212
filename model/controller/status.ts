/**
 * Models `calculateStatus` (pkg/controller/cloneset/cloneset_status.go), with the
 * `currentRevision` promotion rule as a pluggable variant: the rule #1545 was about.
 */
import { calculatePartitionReplicas } from './intstr.js';
import { equalToRevisionHash, isPodAvailable, isUpdateReady } from './predicates.js';
import { calculateProgressingStatus, type ProgressCondition } from './progress.js';
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
  /** The Progressing condition (progress.ts); absent without spec.progressDeadlineSeconds (HasProgressDeadline). */
  readonly progressing?: ProgressCondition;
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

/** With spec.progressDeadlineSeconds: what calculateProgressingStatus reads beyond the counts (progress.ts). */
export interface ProgressTracking {
  readonly previous: ProgressCondition | undefined;
  readonly settledUntimed: boolean;
}

/** Models `calculateStatus` for the given promotion rule. `currentRevision` is the one chosen by getActiveRevisions. */
export function calculateStatus(
  spec: CloneSetSpec,
  pods: readonly ControllerPod[],
  revisions: { readonly currentRevision: string; readonly updateRevision: string },
  promote: PromotionRule,
  progress?: ProgressTracking,
): CloneSetStatus {
  let replicas = 0;
  let readyReplicas = 0;
  let availableReplicas = 0;
  let updatedReplicas = 0;
  let updatedReadyReplicas = 0;
  let updatedAvailableReplicas = 0;
  for (const pod of pods) {
    const updated = equalToRevisionHash(pod.revision, revisions.updateRevision);
    const ready = isUpdateReady(pod);
    const available = isPodAvailable(pod);
    replicas++;
    if (ready) readyReplicas++;
    if (available) availableReplicas++;
    if (updated) updatedReplicas++;
    if (updated && ready) updatedReadyReplicas++;
    if (updated && available) updatedAvailableReplicas++;
  }
  const ru = spec.rollingUpdate;
  const partition = ru === null ? { ok: true, value: 0 } : calculatePartitionReplicas(ru.partition, spec.replicas);
  const partitionReplicas = partition.ok ? partition.value : null;
  const expectedUpdatedReplicas = ru === null ? spec.replicas : partitionReplicas === null ? 0 : spec.replicas - partitionReplicas;
  const promoted = promote({ replicas, updatedReplicas, specReplicas: spec.replicas, partitionReplicas });
  const currentRevision = promoted ? revisions.updateRevision : revisions.currentRevision;
  const status: CloneSetStatus = {
    replicas,
    readyReplicas,
    availableReplicas,
    updatedReplicas,
    updatedReadyReplicas,
    expectedUpdatedReplicas,
    currentRevision,
    updateRevision: revisions.updateRevision,
  };
  if (progress === undefined) return status;
  // calculateProgressingStatus runs last, on the counts and the currentRevision just computed.
  const progressing = calculateProgressingStatus({
    specReplicas: spec.replicas,
    paused: ru?.paused === true,
    replicas,
    updatedReplicas,
    updatedAvailableReplicas,
    expectedUpdatedReplicas,
    currentRevision,
    updateRevision: revisions.updateRevision,
    previous: progress.previous,
    settledUntimed: progress.settledUntimed,
  });
  return { ...status, progressing };
}
