/**
 * The explorable state of a CloneSet: spec, pods (as an interchangeable multiset), status, the revision
 * history and ghost variables used by the properties. Pods carry no identity: two states that differ only
 * in which pod is which are one state, which is what makes exhaustive exploration affordable.
 */

import type { StatusOf } from '../controller/status.js';
import type { ActionBudgets, Budget } from './scenario.js';

/** Index of a template/revision: 0 is `v1`. A revision's name is its template's name (content hash ⇔ template). */
export type RevId = number;

export const revName = (r: RevId): string => `v${r + 1}`;

/** The lifecycle states a pod can be in without lifecycle hooks (no PreparingUpdate/Updated/PreparingDelete). */
export type ModelLifecycle = 'PreparingNormal' | 'Normal' | 'Updating';

export interface Pod {
  readonly rev: RevId;
  readonly lifecycle: ModelLifecycle;
  /**
   * Ready and available (minReadySeconds is 0 in this model), InPlaceUpdateReady True. For an `Updating`
   * pod (only with the scenario's `inPlaceKubelet`): the kubelet has restarted its containers on the new
   * image and they are ready, i.e. the in-place update is complete; PodReady itself stays False until the
   * controller's refresh sets the InPlaceUpdateReady readiness gate.
   */
  readonly ready: boolean;
  /** Label `apps.kruise.io/specified-delete` (set by a ReCreate update). */
  readonly marked: boolean;
}

export interface Spec {
  readonly replicas: number;
  /** The live pod template. */
  readonly template: RevId;
  /** Index into the scenario's partition values. */
  readonly partition: number;
}

export type Status = StatusOf<RevId>;

export interface CloneSetState {
  readonly spec: Spec;
  /** Canonical order: ascending pod code (see podCode). */
  readonly pods: readonly Pod[];
  readonly status: Status;
  /** A status computed by a reconcile and not yet written (separate status-write mode only). */
  readonly pending: Status | null;
  /** Minted ControllerRevisions in ascending revision number (the latest last). */
  readonly history: readonly RevId[];
  /** Ghost: the revision of the last completed rollout. */
  readonly stable: RevId;
  /** What is left of the scenario's user-action budgets ('any' stays 'any': no counter). */
  readonly budgets: ActionBudgets;
}

/**
 * A state built with its fields in one fixed order. Every state object (decoded, initial, successor) then
 * shares one hidden class, which keeps the explorer's many field reads monomorphic; object spreads would
 * also allocate more.
 */
export function stateOf(
  spec: Spec,
  pods: readonly Pod[],
  status: Status,
  pending: Status | null,
  history: readonly RevId[],
  stable: RevId,
  budgets: ActionBudgets,
): CloneSetState {
  return { spec, pods, status, pending, history, stable, budgets };
}

export const specOf = (replicas: number, template: RevId, partition: number): Spec => ({ replicas, template, partition });

/**
 * Budgets with marks and failures only when the scenario has them (an option off keeps the four-field
 * object, so states, traces and the explorer's hidden classes stay what they were).
 */
export const budgetsOf = (
  rollouts: Budget,
  deletes: number,
  scales: Budget,
  partitions: Budget,
  marks?: number,
  failures?: number,
): ActionBudgets =>
  marks === undefined && failures === undefined
    ? { rollouts, deletes, scales, partitions }
    : { rollouts, deletes, scales, partitions, marks: marks ?? 0, failures: failures ?? 0 };

const LIFECYCLE_CODE: Readonly<Record<ModelLifecycle, number>> = { PreparingNormal: 0, Normal: 1, Updating: 2 };
export const LIFECYCLES: readonly ModelLifecycle[] = ['PreparingNormal', 'Normal', 'Updating'];

const CODE_BITS = { lifecycle: 2, ready: 1, marked: 0 } as const;

function computeCode(p: Pod): number {
  return (p.rev << 4) | (LIFECYCLE_CODE[p.lifecycle] << CODE_BITS.lifecycle) | (p.ready ? 2 : 0) | (p.marked ? 1 : 0);
}

// Pods are values: one shared frozen object per code, carrying its code under a symbol (not enumerable, so
// invisible to JSON and equality), which keeps code lookups — several per explored transition — to a read.
const CODE = Symbol('podCode');
type InternedPod = Pod & { readonly [CODE]: number };
const MAX_REV = 15;
const INTERNED: readonly (InternedPod | undefined)[] = Array.from({ length: (MAX_REV + 1) << 4 }, (_, code) => {
  const lifecycle = LIFECYCLES[(code >> 2) & 3];
  if (lifecycle === undefined) return undefined;
  const pod = { rev: code >> 4, lifecycle, ready: (code & 2) !== 0, marked: (code & 1) !== 0 };
  Object.defineProperty(pod, CODE, { value: code, enumerable: false });
  return Object.freeze(pod) as InternedPod;
});

/** A pod as one byte: revision (4 bits), lifecycle (2 bits), ready, marked. Equal codes ⇔ interchangeable pods. */
export function podCode(p: Pod): number {
  return (p as Partial<InternedPod>)[CODE] ?? computeCode(p);
}

export function podFromCode(code: number): Pod {
  const pod = INTERNED[code];
  if (pod === undefined) throw new Error(`invalid pod code ${code}`);
  return pod;
}

/** The shared representative of a pod value. */
export function internPod(p: Pod): Pod {
  if (!Number.isInteger(p.rev) || p.rev < 0 || p.rev > MAX_REV) throw new Error(`pod revision ${p.rev} out of range 0..${MAX_REV}`);
  return podFromCode(podCode(p));
}

/** The same pod, ready (the kubelet's step). */
export const readied = (p: Pod): Pod => podFromCode(podCode(p) | (1 << CODE_BITS.ready));

/** The same pod, not ready (the kubelet's step: a readiness probe fails). */
export const unreadied = (p: Pod): Pod => podFromCode(podCode(p) & ~(1 << CODE_BITS.ready));

/** The same pod, marked for deletion (a user's specified-delete label). */
export const markedPod = (p: Pod): Pod => podFromCode(podCode(p) | (1 << CODE_BITS.marked));

export function canonicalPods(pods: readonly Pod[]): readonly Pod[] {
  return pods.map(internPod).sort((a, b) => podCode(a) - podCode(b));
}

const samePod = (a: Pod, b: Pod): boolean => podCode(a) === podCode(b);

/** Pods at revision `r` not marked for deletion: the U of the canary property. */
export function unmarkedAt(s: CloneSetState, r: RevId): number {
  let n = 0;
  for (const p of s.pods) if (p.rev === r && !p.marked) n++;
  return n;
}

export function describePod(p: Pod): string {
  // An Updating pod that is "ready" has completed its in-place restart (see Pod.ready); say so.
  const parts = [revName(p.rev), p.ready ? (p.lifecycle === 'Updating' ? 'restarted' : 'ready') : 'not-ready'];
  if (p.lifecycle !== 'Normal') parts.push(p.lifecycle);
  if (p.marked) parts.push('marked');
  return parts.join(' ');
}

export function sameStatus(a: Status | null, b: Status | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.replicas === b.replicas &&
    a.readyReplicas === b.readyReplicas &&
    a.availableReplicas === b.availableReplicas &&
    a.updatedReplicas === b.updatedReplicas &&
    a.updatedReadyReplicas === b.updatedReadyReplicas &&
    a.expectedUpdatedReplicas === b.expectedUpdatedReplicas &&
    a.currentRevision === b.currentRevision &&
    a.updateRevision === b.updateRevision
  );
}

const sameList = <T>(a: readonly T[], b: readonly T[], eq: (x: T, y: T) => boolean): boolean =>
  a.length === b.length && a.every((x, i) => eq(x, b[i]!));

/** Structural equality of two states (both with canonical pod order). */
export function sameState(a: CloneSetState, b: CloneSetState): boolean {
  return (
    a.spec.replicas === b.spec.replicas &&
    a.spec.template === b.spec.template &&
    a.spec.partition === b.spec.partition &&
    a.stable === b.stable &&
    a.budgets.rollouts === b.budgets.rollouts &&
    a.budgets.deletes === b.budgets.deletes &&
    a.budgets.scales === b.budgets.scales &&
    a.budgets.partitions === b.budgets.partitions &&
    (a.budgets.marks ?? 0) === (b.budgets.marks ?? 0) &&
    (a.budgets.failures ?? 0) === (b.budgets.failures ?? 0) &&
    sameStatus(a.status, b.status) &&
    sameStatus(a.pending, b.pending) &&
    sameList(a.history, b.history, (x, y) => x === y) &&
    sameList(a.pods, b.pods, samePod)
  );
}
