/**
 * How the abstract state looks to the controller: the bridge from `CloneSetState` to upstream-shaped
 * `CloneSetSpec` and `ControllerPod`s, so the explorer runs exactly the logic the conformance vectors test.
 */
import { calculatePartitionReplicas } from '../controller/intstr.js';
import type { CloneSetSpec, ControllerPod, IntOrString, SyncContext } from '../controller/types.js';
import { partitionValues, type Scenario } from './scenario.js';
import { revName, type CloneSetState, type Pod } from './state.js';

/** The resolved scenario constants a step needs, computed once per scenario (not per state). */
export interface ScenarioView {
  readonly scenario: Scenario;
  readonly partitions: readonly IntOrString[];
}

export function viewOf(scenario: Scenario): ScenarioView {
  return { scenario, partitions: partitionValues(scenario) };
}

export function partitionOf(v: ScenarioView, s: CloneSetState): IntOrString {
  const p = v.partitions[s.spec.partition];
  if (p === undefined) throw new Error(`partition index ${s.spec.partition} out of range`);
  return p;
}

/** P: pods the partition keeps back at spec.replicas (a scenario's partitions always parse). */
export function partitionReplicas(v: ScenarioView, s: CloneSetState): number {
  return calculatePartitionReplicas(partitionOf(v, s), s.spec.replicas).value;
}

/** E: pods expected at the update revision, spec.replicas − P. */
export function expectedUpdated(v: ScenarioView, s: CloneSetState): number {
  return s.spec.replicas - partitionReplicas(v, s);
}

export function controllerSpec(v: ScenarioView, s: CloneSetState): CloneSetSpec {
  const sc = v.scenario;
  return {
    replicas: s.spec.replicas,
    updateStrategyType: 'RollingUpdate',
    rollingUpdate: {
      partition: partitionOf(v, s),
      maxSurge: sc.maxSurge,
      maxUnavailable: sc.maxUnavailable,
      paused: false,
      podUpdatePolicy: sc.podUpdatePolicy,
    },
    scaleMaxUnavailable: null,
    excludePreparingDelete: false,
    minReadySeconds: 0,
  };
}

export function controllerPod(p: Pod): ControllerPod {
  return {
    revision: revName(p.rev),
    lifecycle: p.lifecycle,
    ready: p.ready,
    available: p.ready,
    inPlaceUpdateReady: p.lifecycle === 'Updating' ? 'False' : 'True',
    specifiedDelete: p.marked,
    // All pods are scheduled and Running; only readiness orders them (other tie-breaks keep list order).
    order: { nodeAssigned: true, phase: 'Running', readyCondition: p.ready, restarts: 0, readySince: null, created: null, deletionCost: null },
  };
}

export function syncContext(v: ScenarioView, currentRevision: string, updateRevision: string): SyncContext {
  return {
    currentRevision,
    updateRevision,
    gates: { CloneSetPartitionRollback: v.scenario.rollbackGate, PreparingUpdateAsUpdate: false },
    // Templates differ only in image: an in-place update is always possible.
    inPlaceCompatible: true,
    preNormalHookPending: false,
    preparingNormalNeedsNode: false,
  };
}
