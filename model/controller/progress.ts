/**
 * The CloneSet's `Progressing` condition, set when spec.progressDeadlineSeconds is (upstream HEAD and v1.9.0:
 * `calculateProgressingStatus`, pkg/controller/cloneset/cloneset_status.go; its predicates in
 * pkg/controller/cloneset/utils/cloneset_utils.go). The model keeps a condition's reason and, for its
 * `lastUpdateTime`, only whether progressDeadlineSeconds have passed since: the order of events, not their
 * times, as for minReadySeconds.
 */

/** The condition's reasons; its status is True for each but `DeadlineExceeded` (False). */
export type ProgressReason = 'Updated' | 'Available' | 'Paused' | 'PartitionAvailable' | 'DeadlineExceeded';

/**
 * The reasons as the API server shows them (the values of upstream's CloneSetConditionReason constants,
 * apis/apps/v1beta1/cloneset_types.go: CloneSetProgressUpdated is "CloneSetUpdated", …), for traces, reports and
 * the kubectl script's check.
 */
export const REASON_TEXT: Readonly<Record<ProgressReason, string>> = {
  Updated: 'CloneSetUpdated',
  Available: 'CloneSetAvailable',
  Paused: 'CloneSetPaused',
  PartitionAvailable: 'ProgressPartitionAvailable',
  DeadlineExceeded: 'ProgressDeadlineExceeded',
};

export interface ProgressCondition {
  readonly reason: ProgressReason;
  /**
   * progressDeadlineSeconds have passed since the condition's lastUpdateTime. Always false for
   * `DeadlineExceeded`, which nothing times (CloneSetDeadlineExceeded holds on the reason alone).
   */
  readonly expired: boolean;
  /**
   * With a lagging CloneSet cache only (0 otherwise): the rank of the condition's lastUpdateTime among the
   * copies of the condition the state holds whose deadline is still to pass (the cache's versions, the
   * server's status, a pending one) — 0 the oldest, equal for copies of one condition (carried over, never
   * set afresh). Time passes for the oldest first (docs/model.md, "The Progressing condition"). Absent
   * for 0, so conditions without a lagging cache keep their shape in files.
   */
  readonly order?: number;
}

/** The reasons a CloneSet at rest is given: the CloneSet is not progressing while one of them holds. */
export const SETTLED_REASONS: readonly ProgressReason[] = ['Available', 'Paused', 'PartitionAvailable'];

export const PROGRESS_REASONS: readonly ProgressReason[] = ['Updated', 'Available', 'Paused', 'PartitionAvailable', 'DeadlineExceeded'];

/**
 * The most condition copies whose deadline is still to pass that a state may rank (the codec keeps an order
 * in four bits): a scenario's staleReads versions, the server's status and a pending one.
 */
export const MAX_TIMED_COPIES = 16;

/**
 * The order a condition set afresh takes until the state is ranked again (model/cloneset/condition-order.ts):
 * after every other.
 */
export const FRESH_ORDER = MAX_TIMED_COPIES;

// Each reason's index in PROGRESS_REASONS, read by property (the codec asks on every status it writes).
const REASON_INDEX: Readonly<Record<ProgressReason, number>> = {
  Updated: 0,
  Available: 1,
  Paused: 2,
  PartitionAvailable: 3,
  DeadlineExceeded: 4,
};

// One frozen object per (reason, expired, order): statuses share them, and the codec reads them back without
// allocating. An expired condition is never ranked (order 0).
const ORDERS = FRESH_ORDER + 1;
const CONDITIONS: readonly ProgressCondition[] = PROGRESS_REASONS.flatMap((reason) => [
  Object.freeze({ reason, expired: false }),
  ...Array.from({ length: ORDERS - 1 }, (_, i) => Object.freeze({ reason, expired: false, order: i + 1 })),
  Object.freeze({ reason, expired: true }),
]);

/**
 * The condition with this reason, its deadline passed or not (DeadlineExceeded is never timed), and with a
 * lagging cache its lastUpdateTime's rank (ProgressCondition.order; 0 when expired).
 */
export function conditionOf(reason: ProgressReason, expired: boolean, order = 0): ProgressCondition {
  const base = (ORDERS + 1) * REASON_INDEX[reason];
  if (expired && reason !== 'DeadlineExceeded') return CONDITIONS[base + ORDERS]!;
  if (!Number.isInteger(order) || order < 0 || order > FRESH_ORDER) throw new RangeError(`no condition order ${order}`);
  return CONDITIONS[base + order]!;
}

/** A condition's order (ProgressCondition.order): 0 when absent. */
export const orderOf = (c: ProgressCondition): number => c.order ?? 0;

/**
 * A condition in words, for traces and diffs: its reason, whether its deadline has passed, and with a lagging
 * cache its time's rank when above 0 (0, unnamed: the oldest time still to pass).
 */
export const conditionText = (c: ProgressCondition | undefined): string =>
  c === undefined ? 'none' : `${c.reason}${c.expired ? ' (deadline passed)' : c.order === undefined ? '' : ` (time rank ${c.order})`}`;

/** A condition (or none) as a number 0..10: 0 for none. The codec keeps it in four bits. */
export function progressCode(c: ProgressCondition | undefined): number {
  if (c === undefined) return 0;
  return 1 + 2 * REASON_INDEX[c.reason] + (c.expired ? 1 : 0);
}

/** The condition of a progressCode and an order (undefined for code 0), as the codec stores them. */
export function progressOfCodes(code: number, order: number): ProgressCondition | undefined {
  if (code === 0) return undefined;
  const c = conditionAtCodes(code, order);
  if (c === undefined) throw new RangeError(`no Progressing condition has code ${code}, order ${order}`);
  return c;
}

/** The condition of a progressCode and an order (four bits each), or undefined where none has them. */
export const conditionAtCodes = (code: number, order: number): ProgressCondition | undefined => BY_CODES[(code << 4) | order];

// progressOfCodes' table, by (code << 4) | order: what the codec decodes, looked up without a test of its own.
const BY_CODES: readonly (ProgressCondition | undefined)[] = Array.from({ length: 16 * MAX_TIMED_COPIES }, (_, i) => {
  const code = i >> 4;
  const order = i & 15;
  if (code === 0 || code > 2 * PROGRESS_REASONS.length || order >= MAX_TIMED_COPIES) return undefined;
  const c = conditionOf(PROGRESS_REASONS[(code - 1) >> 1]!, (code - 1) % 2 === 1, order);
  return progressCode(c) === code && orderOf(c) === order ? c : undefined;
});

/**
 * Whether CloneSetDeadlineExceeded times a condition of this reason by its lastUpdateTime: not DeadlineExceeded
 * (which holds on the reason alone), and with `settledUntimed` (proposed) not a settled reason.
 */
const timedBy = (reason: ProgressReason, settledUntimed: boolean): boolean =>
  reason !== 'DeadlineExceeded' && !(settledUntimed && SETTLED_REASONS.includes(reason));

/** Whether a condition's deadline is still to pass and the controller would read it (timedBy). */
export const waitsForDeadline = (c: ProgressCondition | undefined, settledUntimed: boolean): boolean =>
  c !== undefined && !c.expired && timedBy(c.reason, settledUntimed);

/** What calculateProgressingStatus reads: the spec, the counts just computed, and the condition read. */
export interface ProgressInput {
  readonly specReplicas: number;
  /** rollingUpdate.paused (false without a rollingUpdate block: CloneSetBePaused). */
  readonly paused: boolean;
  readonly replicas: number;
  readonly updatedReplicas: number;
  readonly updatedAvailableReplicas: number;
  readonly expectedUpdatedReplicas: number;
  readonly currentRevision: string;
  readonly updateRevision: string;
  /** The condition doReconcile's newStatus carries over from the CloneSet it read (`Conditions: instance.Status.Conditions`). */
  readonly previous: ProgressCondition | undefined;
  /**
   * The proposed fix: a condition of a settled reason (Available, Paused, PartitionAvailable) times no
   * progress, as Deployment's DeploymentTimedOut refuses to time from NewRSAvailable. Upstream times the
   * deadline from whatever condition it finds.
   */
  readonly settledUntimed: boolean;
}

/**
 * Models `calculateProgressingStatus`: the first case that holds sets the condition. SetCloneSetCondition
 * keeps the condition it finds (and its lastUpdateTime) when status and reason are unchanged; any other
 * reason is set with the time of this reconcile, so its deadline has not passed.
 */
export function calculateProgressingStatus(x: ProgressInput): ProgressCondition {
  const reason = progressReason(x);
  if (x.previous !== undefined && x.previous.reason === reason) return x.previous;
  return conditionOf(reason, false);
}

function progressReason(x: ProgressInput): ProgressReason {
  // CloneSetAvailable
  if (
    x.currentRevision === x.updateRevision &&
    x.replicas === x.specReplicas &&
    x.updatedReplicas === x.specReplicas &&
    x.updatedAvailableReplicas === x.specReplicas
  ) {
    return 'Available';
  }
  // CloneSetBePaused
  if (x.paused) return 'Paused';
  // CloneSetPartitionAvailable
  if (x.expectedUpdatedReplicas < x.specReplicas && x.expectedUpdatedReplicas <= x.updatedAvailableReplicas) return 'PartitionAvailable';
  // CloneSetDeadlineExceeded: the condition read is already exceeded, or its lastUpdateTime is more than
  // the deadline ago (whatever its reason, upstream).
  const p = x.previous;
  if (p !== undefined && (p.reason === 'DeadlineExceeded' || (p.expired && timedBy(p.reason, x.settledUntimed)))) return 'DeadlineExceeded';
  return 'Updated';
}
