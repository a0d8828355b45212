/**
 * From the vectors' JSON schema (test/conformance/README.md) to the controller model's inputs:
 * `ControllerPod`, `CloneSetSpec` and `SyncContext`. Defaults stand for what upstream's test objects
 * leave unset, so that each file may omit fields its upstream test never touches.
 */
import {
  equalToRevisionHash,
  PRODUCTION_GATES,
  type CloneSetSpec,
  type ConditionValue,
  type ControllerPod,
  type FeatureGates,
  type Lifecycle,
  type PodPhase,
  type PodUpdatePolicy,
  type SyncContext,
  type UpdateClassifier,
} from '../../model/controller/index.js';
import { Fields, InputError, show } from './fields.js';

const LIFECYCLES: readonly Lifecycle[] = ['', 'Normal', 'PreparingNormal', 'PreparingUpdate', 'Updating', 'Updated', 'PreparingDelete'];
const PHASES: readonly PodPhase[] = ['Pending', 'Running', 'Unknown', 'Succeeded', 'Failed'];
const CONDITIONS: readonly ConditionValue[] = ['absent', 'True', 'False'];
const POLICIES: readonly PodUpdatePolicy[] = ['ReCreate', 'InPlaceIfPossible', 'InPlaceOnly'];
const ROLES = ['update', 'current', 'other'] as const;
const CLASSIFIERS: readonly UpdateClassifier[] = ['EqualToRevisionHash', 'IsPodUpdate'];

export interface Revisions {
  readonly currentRevision: string;
  readonly updateRevision: string;
}

/** Reads currentRevision/updateRevision and checks `sameRevision` against them (a contradiction is a broken vector). */
export function readRevisions(input: Fields): Revisions {
  const currentRevision = input.string('currentRevision');
  const updateRevision = input.string('updateRevision');
  if (input.has('sameRevision') && input.bool('sameRevision') !== (currentRevision === updateRevision)) {
    throw new InputError(input.at('sameRevision'), `${show(input.raw('sameRevision'))} contradicts currentRevision/updateRevision`);
  }
  input.ignore('sameRevision');
  return { currentRevision, updateRevision };
}

export interface PodContext {
  /** null for pods that only take part in ordering (no revision label in the schema). */
  readonly revisions: Revisions | null;
  readonly minReadySeconds: number;
}

/** Translates one pod; `revisions` given ⇒ the common pod schema, whose `hash` is mandatory. */
export function readPod(path: string, value: unknown, ctx: PodContext): ControllerPod {
  const p = Fields.of(path, value);
  p.ignore('name');
  const revision = ctx.revisions === null ? p.string('hash', '') : p.string('hash');
  if (p.has('revision')) checkRole(p, revision, ctx.revisions);
  const phase = p.oneOf('phase', PHASES, 'Running');
  // The schema's `ready` is "PodReady and Running"; the sort-only schema gives the bare condition instead.
  const hasReady = p.has('ready');
  const ready = hasReady ? p.bool('ready') : p.bool('readyCondition', false) && phase === 'Running';
  const readyCondition = p.bool('readyCondition', hasReady ? ready : false);
  // Absent from a file = the pod has no InPlaceUpdateReady readiness gate: upstream never writes the
  // condition for such a pod, which is what 'True' gives in the model ('absent' would make refresh set it).
  const inPlaceUpdateReady = p.oneOf('inPlaceUpdateReady', CONDITIONS, 'True');
  const available = readAvailable(p, ready && inPlaceUpdateReady !== 'False', ctx.minReadySeconds);
  const pod: ControllerPod = {
    revision,
    lifecycle: p.oneOf('lifecycle', LIFECYCLES, ''),
    ready,
    available,
    inPlaceUpdateReady,
    specifiedDelete: p.bool('specifiedDelete', false),
    // The lifecycle hooks' labels/finalizers on the pod (IsPodHooked / IsPodAllHooked); absent = none.
    ...(p.has('preDeleteHooked') ? { preDeleteHooked: p.bool('preDeleteHooked') } : {}),
    ...(p.has('inPlaceUpdateHooked') ? { inPlaceUpdateHooked: p.bool('inPlaceUpdateHooked') } : {}),
    order: {
      nodeAssigned: p.bool('nodeAssigned', true),
      phase,
      readyCondition,
      restarts: p.int('restarts', 0, 0),
      readySince: p.has('readySince') ? p.intOrNull('readySince') : null,
      created: p.has('created') ? p.intOrNull('created') : null,
      deletionCost: p.has('deletionCost') ? p.intOrNull('deletionCost') : null,
    },
  };
  p.done();
  return pod;
}

/** JSON `available` already folds in minReadySeconds and the in-place condition (not lifecycle), like the model's field. */
function readAvailable(p: Fields, readyNow: boolean, minReadySeconds: number): boolean {
  // Only informative: `available` is what the controller sees; readyForSeconds is how the test produced it.
  p.ignore('readyForSeconds');
  if (p.has('available')) return p.bool('available');
  if (minReadySeconds > 0 && readyNow) {
    throw new InputError(p.at('available'), 'required when minReadySeconds > 0 (availability cannot be derived from readiness)');
  }
  return readyNow;
}

function checkRole(p: Fields, hash: string, revs: Revisions | null): void {
  const role = p.oneOf('revision', ROLES);
  if (revs === null) throw new InputError(p.at('revision'), 'a revision role needs input.currentRevision/updateRevision');
  const actual = equalToRevisionHash(hash, revs.updateRevision)
    ? 'update'
    : equalToRevisionHash(hash, revs.currentRevision)
      ? 'current'
      : 'other';
  if (role !== actual) throw new InputError(p.at('revision'), `role ${show(role)} contradicts hash ${show(hash)} (that is "${actual}")`);
}

export function readPods(input: Fields, ctx: PodContext): ControllerPod[] {
  return input.list('pods').map((v, i) => readPod(`${input.at('pods')}[${i}]`, v, ctx));
}

/** The CloneSet spec of the common input schema (diffs, update-limit, scale, sync, update-step). */
export function readSpec(input: Fields): CloneSetSpec {
  const rollingUpdateNil = input.bool('rollingUpdateNil', false);
  // "" = no strategy written at all; the API default then is RollingUpdate.
  const type = input.oneOf('updateStrategyType', ['RollingUpdate', 'OnDelete', ''] as const, 'RollingUpdate');
  const partition = input.intOrString('partition');
  const maxSurge = input.intOrString('maxSurge');
  const maxUnavailable = input.intOrString('maxUnavailable');
  const paused = input.bool('paused', false);
  const policy = input.raw('podUpdatePolicy') ?? null;
  const podUpdatePolicy = policy === null ? 'ReCreate' : input.oneOf('podUpdatePolicy', POLICIES);
  if (rollingUpdateNil) {
    // These fields live inside rollingUpdate: setting them with a nil rollingUpdate is a self-contradiction.
    const inside = { partition, maxSurge, maxUnavailable, podUpdatePolicy: policy };
    for (const [k, v] of Object.entries(inside)) {
      if (v !== null) throw new InputError(input.at(k), `${show(v)} set while rollingUpdateNil is true`);
    }
    if (paused) throw new InputError(input.at('paused'), 'true while rollingUpdateNil is true');
  }
  return {
    replicas: input.int('replicas', 0),
    updateStrategyType: type === '' ? 'RollingUpdate' : type,
    rollingUpdate: rollingUpdateNil ? null : { partition, maxSurge, maxUnavailable, paused, podUpdatePolicy },
    scaleMaxUnavailable: input.intOrString('scaleMaxUnavailable'),
    excludePreparingDelete: input.bool('excludePreparingDelete', false),
    minReadySeconds: input.int('minReadySeconds', 0, 0),
  };
}

/** Gates the model has; a gate it lacks cannot be set. Absent gates keep production defaults. */
export function readGates(input: Fields): FeatureGates {
  if (!input.has('featureGates')) {
    input.ignore('featureGates');
    return PRODUCTION_GATES;
  }
  const g = input.object('featureGates');
  const gates: FeatureGates = {
    CloneSetPartitionRollback: g.bool('CloneSetPartitionRollback', PRODUCTION_GATES.CloneSetPartitionRollback),
    PreparingUpdateAsUpdate: g.bool('PreparingUpdateAsUpdate', PRODUCTION_GATES.PreparingUpdateAsUpdate),
  };
  g.done();
  return gates;
}

export function readClassifier(input: Fields): UpdateClassifier {
  // Upstream passes nil for the plain label match, which is also what Update uses.
  return input.oneOf('isPodUpdate', CLASSIFIERS, 'EqualToRevisionHash');
}

/** The reconcile context; the model's HEAD switch is fixed on because the vectors come from HEAD's tests. */
export function readSyncContext(input: Fields, revs: Revisions, gates: FeatureGates): SyncContext {
  const compatible = input.raw('inPlaceCompatible');
  if (compatible !== undefined && compatible !== null && typeof compatible !== 'boolean') {
    throw new InputError(input.at('inPlaceCompatible'), `expected a boolean or null, got ${show(compatible)}`);
  }
  const hook = input.oneOf('preNormalHook', ['none', 'configured-not-satisfied', 'configured-satisfied'] as const, 'none');
  const ctx: SyncContext = {
    ...revs,
    gates,
    inPlaceCompatible: compatible === true,
    preNormalHookPending: hook === 'configured-not-satisfied',
    preparingNormalNeedsNode: true,
    ...(hook === 'configured-satisfied' ? { preNormalHookSatisfied: true } : {}),
  };
  // spec.lifecycle: absent or null = nil; an object says which of preDelete / inPlaceUpdate it has.
  if (input.raw('lifecycle') === undefined || input.raw('lifecycle') === null) {
    input.ignore('lifecycle');
    return ctx;
  }
  const l = input.object('lifecycle');
  const lifecycle = { preDelete: l.bool('preDelete', false), inPlaceUpdate: l.bool('inPlaceUpdate', false) };
  l.done();
  return { ...ctx, lifecycle };
}
