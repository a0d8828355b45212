/**
 * Models `calculateDiffsWithExpectation` (pkg/controller/cloneset/sync/cloneset_sync_utils.go):
 * the single piece of arithmetic from which both Scale and Update decide what to do.
 */
import { calculatePartitionReplicas, legacyIntOrPercent } from './intstr.js';
import { isPodAvailable, isPodUpdated, type UpdateClassifier } from './predicates.js';
import { MAX_INT32, type CloneSetSpec, type ControllerPod, type FeatureGates } from './types.js';

export interface ExpectationDiffs {
  readonly scaleUpNum: number;
  readonly scaleUpNumOldRevision: number;
  readonly scaleDownNum: number;
  readonly scaleDownNumOldRevision: number;
  readonly scaleUpLimit: number;
  readonly deleteReadyLimit: number;
  readonly useSurge: number;
  readonly useSurgeOldRevision: number;
  readonly updateNum: number;
  readonly updateMaxUnavailable: number;
}

export interface RolloutParameters {
  readonly partition: number;
  readonly maxSurge: number;
  readonly maxUnavailable: number;
  readonly scaleMaxUnavailable: number;
}

/** Models the parameter block at the top of `calculateDiffsWithExpectation`: the percentages resolved against spec.replicas. */
export function rolloutParameters(spec: CloneSetSpec): RolloutParameters {
  const r = spec.replicas;
  const scaleMaxUnavailable = legacyIntOrPercent(spec.scaleMaxUnavailable ?? MAX_INT32, r, true);
  const ru = spec.rollingUpdate;
  if (ru === null) {
    return { partition: 0, maxSurge: 0, maxUnavailable: legacyIntOrPercent('20%', r, false), scaleMaxUnavailable };
  }
  const p = ru.partition === null ? 0 : calculatePartitionReplicas(ru.partition, r).value;
  let maxSurge = ru.maxSurge === null ? 0 : legacyIntOrPercent(ru.maxSurge, r, true);
  if (ru.maxSurge !== null && ru.paused) maxSurge = 0;
  // Rounds up without surge, down with it: surge and unavailability must not both round in the user's disfavour.
  const maxUnavailable = legacyIntOrPercent(ru.maxUnavailable ?? '20%', r, maxSurge === 0);
  return { partition: p, maxSurge, maxUnavailable, scaleMaxUnavailable };
}

interface PodCounts {
  newCount: number;
  oldCount: number;
  activeNew: number;
  activeOld: number;
  preDelNew: number;
  preDelOld: number;
  toDelNew: number;
  toDelOld: number;
  unavailNew: number;
  unavailOld: number;
  /** The pods `isMarkedUnavailable` names (counted in the loop's marked branch): read only for `markedCountUnavailable`. */
  toDelUnavailable: number;
}

function countPods(pods: readonly ControllerPod[], updateRevision: string, classifier: UpdateClassifier, gates: FeatureGates): PodCounts {
  const c: PodCounts = {
    newCount: 0,
    oldCount: 0,
    activeNew: 0,
    activeOld: 0,
    preDelNew: 0,
    preDelOld: 0,
    toDelNew: 0,
    toDelOld: 0,
    unavailNew: 0,
    unavailOld: 0,
    toDelUnavailable: 0,
  };
  for (const pod of pods) {
    const isNew = isPodUpdated(pod, updateRevision, classifier, gates);
    if (isNew) c.newCount++;
    else c.oldCount++;
    if (pod.lifecycle === 'PreparingDelete') {
      if (isNew) c.preDelNew++;
      else c.preDelOld++;
      continue;
    }
    if (isNew) c.activeNew++;
    else c.activeOld++;
    if (pod.specifiedDelete) {
      if (isNew) c.toDelNew++;
      else c.toDelOld++;
      if (!isPodAvailable(pod)) c.toDelUnavailable++;
    } else if (!isPodAvailable(pod)) {
      if (isNew) c.unavailNew++;
      else c.unavailOld++;
    }
  }
  return c;
}

const oppositeSigns = (a: number, b: number): boolean => (a > 0 && b < 0) || (a < 0 && b > 0);

export interface DiffInputs {
  readonly spec: CloneSetSpec;
  readonly pods: readonly ControllerPod[];
  readonly currentRevision: string;
  readonly updateRevision: string;
  readonly classifier: UpdateClassifier;
  readonly gates: FeatureGates;
  /**
   * The proposed fix of availability-floor (VariantInfo.markedCountUnavailable): `deleteReadyLimit` counts
   * the specified-delete pods that are not available as unavailable, as it counts every other pod, since
   * Scale deletes them without spending the limit. Absent = upstream's limit.
   */
  readonly markedCountUnavailable?: boolean;
  /**
   * The proposed fix of on-delete-respected (VariantInfo.onDeleteWithoutUpdateSurge): with updateStrategy
   * OnDelete, no update surge (Update makes no update there); the surge for specified deletes stays. Absent =
   * upstream's.
   */
  readonly onDeleteWithoutUpdateSurge?: boolean;
}

// The parameters of each spec object seen, resolved once: the model explores with one shared spec object
// per (partition, replicas) (model/cloneset/view.ts), and resolving a percentage parses a string. Specs
// are readonly values, so a spec's parameters never change.
const PARAMETERS = new WeakMap<CloneSetSpec, RolloutParameters>();

function parametersOfSpec(spec: CloneSetSpec): RolloutParameters {
  let p = PARAMETERS.get(spec);
  if (p === undefined) {
    p = rolloutParameters(spec);
    PARAMETERS.set(spec, p);
  }
  return p;
}

/** Models `calculateDiffsWithExpectation`: upstream's formulas, in upstream's order. */
export function calculateDiffsWithExpectation(inp: DiffInputs): ExpectationDiffs {
  const { spec, pods, gates } = inp;
  const R = spec.replicas;
  const { partition: P, maxSurge, maxUnavailable, scaleMaxUnavailable } = parametersOfSpec(spec);
  const c = countPods(pods, inp.updateRevision, inp.classifier, gates);

  let updateOldDiff = c.activeOld - P;
  let updateNewDiff = c.activeNew - (R - P);
  const totalUnavailable = c.preDelNew + c.preDelOld + c.unavailNew + c.unavailOld;
  if (inp.currentRevision === inp.updateRevision || !gates.CloneSetPartitionRollback) {
    updateOldDiff = Math.max(updateOldDiff, 0);
    updateNewDiff = Math.min(updateNewDiff, 0);
  }

  let useSurge = 0;
  let useSurgeOldRevision = 0;
  if (maxSurge > 0) {
    const toDel = c.toDelNew + c.toDelOld;
    const scaleSurge = toDel > 0 ? Math.min(Math.max(totalUnavailable + toDel - maxUnavailable, 0), toDel) : 0;
    const scaleOldSurge = scaleSurge > c.toDelNew ? scaleSurge - c.toDelNew : 0;
    let updateSurge = 0;
    let updateOldSurge = 0;
    // The proposed fix: OnDelete makes no update, so it surges for none.
    const updates = inp.onDeleteWithoutUpdateSurge !== true || spec.updateStrategyType !== 'OnDelete';
    if (updates && oppositeSigns(updateOldDiff, updateNewDiff)) {
      if (Math.abs(updateOldDiff) <= Math.abs(updateNewDiff)) {
        updateSurge = Math.abs(updateOldDiff);
        updateOldSurge = updateOldDiff < 0 ? updateSurge : 0;
      } else {
        updateSurge = Math.abs(updateNewDiff);
        updateOldSurge = updateNewDiff > 0 ? updateSurge : 0;
      }
    }
    if (scaleSurge >= updateSurge) {
      useSurge = Math.min(maxSurge, scaleSurge);
      useSurgeOldRevision = Math.min(useSurge, scaleOldSurge);
    } else {
      useSurge = Math.min(maxSurge, updateSurge);
      useSurgeOldRevision = Math.min(useSurge, updateOldSurge);
    }
  }

  let curTotal = pods.length;
  let curOld = c.oldCount;
  if (spec.excludePreparingDelete) {
    curTotal -= c.preDelOld + c.preDelNew;
    curOld -= c.preDelOld;
  }
  const expTotal = R + useSurge;
  const expOld = P + useSurgeOldRevision;

  let scaleUpNum = 0;
  let scaleUpNumOldRevision = 0;
  let scaleUpLimit = 0;
  if (expTotal - curTotal > 0) {
    scaleUpNum = expTotal - curTotal;
    scaleUpNumOldRevision = Math.max(expOld - curOld, 0);
    scaleUpLimit = Math.min(scaleUpNum, Math.max(scaleMaxUnavailable - totalUnavailable, 0));
  }
  let scaleDownNum = 0;
  let scaleDownNumOldRevision = 0;
  const d = curTotal - c.toDelOld - c.toDelNew - expTotal;
  if (d > 0) {
    scaleDownNum = d;
    scaleDownNumOldRevision = Math.max(curOld - c.toDelOld - expOld, 0);
  }
  let deleteReadyLimit = 0;
  if (c.toDelNew + c.toDelOld > 0 || scaleDownNum > 0) {
    // |pods|, not curTotal: upstream counts PreparingDelete pods here even when excluding them above.
    const unavailable = inp.markedCountUnavailable === true ? totalUnavailable + c.toDelUnavailable : totalUnavailable;
    deleteReadyLimit = Math.max(maxUnavailable + (pods.length - R) - unavailable, 0);
  }

  // `0 -` rather than unary minus: Go has no negative zero, and -0 would leak into comparisons.
  const updateNum = Math.abs(updateOldDiff) <= Math.abs(updateNewDiff) ? updateOldDiff : 0 - updateNewDiff;
  const updateMaxUnavailable = updateNum !== 0 ? maxUnavailable + pods.length - R : 0;

  return {
    scaleUpNum,
    scaleUpNumOldRevision,
    scaleDownNum,
    scaleDownNumOldRevision,
    scaleUpLimit,
    deleteReadyLimit,
    useSurge,
    useSurgeOldRevision,
    updateNum,
    updateMaxUnavailable,
  };
}
