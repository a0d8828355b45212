/**
 * Every way a CloneSet state can change: user edits, the kubelet, and the controller. Each action has an
 * explicit enabling condition (`enabledActions`) and a pure transition (`applyAction`).
 */
import { match } from 'ts-pattern';
import type { IntOrString } from '../controller/types.js';
import { reconcile } from './reconcile.js';
import { describePod, internPod, podCode, revName, samePod, sameState, type CloneSetState, type Pod, type RevId } from './state.js';
import { partitionReplicas, type ScenarioView } from './view.js';

export type Action =
  /** User: set spec.template to template `template` (a new revision, or back to an older one). */
  | { readonly kind: 'rollout'; readonly template: RevId }
  /** User: `kubectl delete` one pod of this kind (it leaves the active list at once). */
  | { readonly kind: 'deletePod'; readonly pod: Pod }
  /** User: set spec.replicas. */
  | { readonly kind: 'scale'; readonly replicas: number }
  /** User: set the partition to the scenario's partition value at `index`. */
  | { readonly kind: 'setPartition'; readonly index: number; readonly value: IntOrString }
  /** Kubelet: a pod of this kind (lifecycle Normal, not ready) becomes ready and available. */
  | { readonly kind: 'podReady'; readonly pod: Pod }
  /** Controller: one reconcile (sync, and the status write unless that is a separate step). */
  | { readonly kind: 'reconcile' }
  /** Controller: write the status a reconcile computed. */
  | { readonly kind: 'writeStatus' };

export type ActionKind = Action['kind'];

export const ACTION_KINDS: readonly ActionKind[] = ['rollout', 'deletePod', 'scale', 'setPartition', 'podReady', 'reconcile', 'writeStatus'];

export type Actor = 'user' | 'kubelet' | 'controller';

// A total record over the kinds: adding an action kind without an actor does not compile. (A table, not
// a ts-pattern match: this is asked several times per transition on the explorer's hot path.)
const ACTOR: Readonly<Record<ActionKind, Actor>> = {
  rollout: 'user', deletePod: 'user', scale: 'user', setPartition: 'user',
  podReady: 'kubelet',
  reconcile: 'controller', writeStatus: 'controller',
};

/** One line each on when an action is enabled and what it does: the source of docs/state-machine.md. */
export interface ActionDoc {
  readonly label: string;
  readonly enabled: string;
  readonly effect: string;
  readonly upstream: string;
}

// A total record over the kinds, like ACTOR: a new action kind without documentation does not compile.
export const ACTION_DOCS: Readonly<Record<ActionKind, ActionDoc>> = {
  rollout: {
    label: 'rollout(vN)',
    enabled: 'rollout budget left; vN is one of the scenario templates and differs from spec.template',
    effect: 'spec.template := vN (a new template, or back to an older one)',
    upstream: 'a user edit of spec.template; the next reconcile mints or reuses a revision (getActiveRevisions)',
  },
  deletePod: {
    label: 'delete(pod)',
    enabled: 'delete budget left; a pod of that kind (revision, lifecycle, readiness, mark) exists',
    effect: 'the pod leaves the active pod list at once',
    upstream: 'kubectl delete: deletionTimestamp set, so GetActiveAndInactivePods no longer lists it',
  },
  scale: {
    label: 'scale(n)',
    enabled: 'scale budget left; 0 ≤ n ≤ maxReplicas and n ≠ spec.replicas',
    effect: 'spec.replicas := n',
    upstream: 'a user edit of spec.replicas',
  },
  setPartition: {
    label: 'partition(v)',
    enabled: 'partition budget left; v is one of the scenario partitions and differs from the current one',
    effect: 'rollingUpdate.partition := v',
    upstream: 'a user edit of the partition',
  },
  podReady: {
    label: 'ready(pod)',
    enabled: 'a pod in lifecycle Normal that is not ready',
    effect: 'the pod becomes ready and available',
    upstream: 'kubelet: PodReady True (InPlaceUpdateReady is already True after the refresh)',
  },
  reconcile: {
    label: 'reconcile',
    enabled: 'no status waits to be written, and the reconcile would change something',
    effect: 'from one snapshot: revisions, then Scale, or Update if Scale did nothing; the status computed from the snapshot is written (inline) or waits (separate)',
    upstream: 'doReconcile → getActiveRevisions, syncCloneSet (Scale | Update), calculateStatus',
  },
  writeStatus: {
    label: 'write-status',
    enabled: 'a status computed by a reconcile waits to be written (separate status-write mode)',
    effect: 'status := the computed status',
    upstream: 'UpdateCloneSetStatus (written only if inconsistentStatus)',
  },
};

/** Who takes the action: users, or the system (controller and kubelet), as convergence needs to know. */
export function actorOf(a: Action): Actor {
  return ACTOR[a.kind];
}

export const actorOfKind = (kind: ActionKind): Actor => ACTOR[kind];

export function actionLabel(a: Action): string {
  return match(a)
    .with({ kind: 'rollout' }, (x) => `rollout(${revName(x.template)})`)
    .with({ kind: 'deletePod' }, (x) => `delete(${describePod(x.pod)})`)
    .with({ kind: 'scale' }, (x) => `scale(${x.replicas})`)
    .with({ kind: 'setPartition' }, (x) => `partition(${JSON.stringify(x.value)})`)
    .with({ kind: 'podReady' }, (x) => `ready(${describePod(x.pod)})`)
    .with({ kind: 'reconcile' }, () => 'reconcile')
    .with({ kind: 'writeStatus' }, () => 'write-status')
    .exhaustive();
}

/** Distinct pods (by kind), in canonical order. */
function distinctPods(pods: readonly Pod[]): Pod[] {
  const out: Pod[] = [];
  for (const p of pods) if (out.length === 0 || !samePod(out[out.length - 1]!, p)) out.push(p);
  return out;
}

// The explorer asks for a state's actions and then for its successors: remember the last reconcile.
const reconciled = new WeakMap<CloneSetState, CloneSetState | null>();

/** The state after a reconcile, or null when the reconcile would change nothing (an idle controller is not a step). */
export function reconcileChanges(v: ScenarioView, s: CloneSetState): CloneSetState | null {
  const known = reconciled.get(s);
  if (known !== undefined) return known;
  const next = reconcile(v, s).state;
  const result = sameState(s, next) ? null : next;
  reconciled.set(s, result);
  return result;
}

/** The enabled actions of `s`, in a fixed order (part of the determinism contract). */
export function enabledActions(v: ScenarioView, s: CloneSetState): Action[] {
  const sc = v.scenario;
  const out: Action[] = [];
  if (s.budgets.rollouts > 0) {
    for (let t = 0; t < sc.templates; t++) if (t !== s.spec.template) out.push({ kind: 'rollout', template: t });
  }
  if (s.budgets.deletes > 0) for (const pod of distinctPods(s.pods)) out.push({ kind: 'deletePod', pod });
  if (s.budgets.scales > 0) {
    for (let n = 0; n <= sc.maxReplicas; n++) if (n !== s.spec.replicas) out.push({ kind: 'scale', replicas: n });
  }
  if (s.budgets.partitions > 0) {
    v.partitions.forEach((value, index) => {
      if (index !== s.spec.partition) out.push({ kind: 'setPartition', index, value });
    });
  }
  for (const pod of distinctPods(s.pods)) if (pod.lifecycle === 'Normal' && !pod.ready) out.push({ kind: 'podReady', pod });
  if (s.pending === null && reconcileChanges(v, s) !== null) out.push({ kind: 'reconcile' });
  if (s.pending !== null) out.push({ kind: 'writeStatus' });
  return out;
}

function removeOne(pods: readonly Pod[], pod: Pod): Pod[] {
  const code = podCode(pod);
  const i = pods.findIndex((p) => podCode(p) === code);
  if (i < 0) throw new Error(`no pod ${describePod(pod)} to remove`);
  return [...pods.slice(0, i), ...pods.slice(i + 1)];
}

/** Inserts keeping canonical order (the list is canonical already). */
function insertOne(pods: readonly Pod[], pod: Pod): Pod[] {
  const p = internPod(pod);
  const code = podCode(p);
  const i = pods.findIndex((q) => podCode(q) > code);
  return i < 0 ? [...pods, p] : [...pods.slice(0, i), p, ...pods.slice(i)];
}

/** The transition function. `a` must be enabled in `s`. */
export function applyAction(v: ScenarioView, s: CloneSetState, a: Action): CloneSetState {
  return withStableRevision(v, successor(v, s, a));
}

// A switch with a `never` default rather than ts-pattern: as exhaustive at compile time, and this runs
// once per explored transition, where ts-pattern's allocations showed up as a third of the time.
function successor(v: ScenarioView, s: CloneSetState, a: Action): CloneSetState {
  const b = s.budgets;
  switch (a.kind) {
    case 'rollout':
      return { ...s, spec: { ...s.spec, template: a.template }, budgets: { ...b, rollouts: b.rollouts - 1 } };
    case 'deletePod':
      return { ...s, pods: removeOne(s.pods, a.pod), budgets: { ...b, deletes: b.deletes - 1 } };
    case 'scale':
      return { ...s, spec: { ...s.spec, replicas: a.replicas }, budgets: { ...b, scales: b.scales - 1 } };
    case 'setPartition':
      return { ...s, spec: { ...s.spec, partition: a.index }, budgets: { ...b, partitions: b.partitions - 1 } };
    case 'podReady':
      return { ...s, pods: insertOne(removeOne(s.pods, a.pod), { ...a.pod, ready: true }) };
    case 'reconcile':
      return reconcileChanges(v, s) ?? s;
    case 'writeStatus':
      return { ...s, status: s.pending ?? s.status, pending: null };
    default:
      return unreachable(a);
  }
}

function unreachable(x: never): never {
  throw new Error(`unhandled action ${JSON.stringify(x)}`);
}

/**
 * Ghost update: a rollout completes when spec.replicas > 0, P = 0 and every pod — as many as spec.replicas —
 * is at the template's revision. (Without the count, deleting every pod would "complete" a rollout that no
 * pod ever ran, and a later rollback would be judged as a canary of its own.)
 */
export function withStableRevision(v: ScenarioView, s: CloneSetState): CloneSetState {
  if (s.stable === s.spec.template) return s;
  const complete = s.spec.replicas > 0 && partitionReplicas(v, s) === 0 && s.pods.length === s.spec.replicas &&
    s.pods.every((p) => p.rev === s.spec.template);
  return complete ? { ...s, stable: s.spec.template } : s;
}

/** A rollout is in progress while the template differs from the last completed rollout's revision. */
export const rolloutInProgress = (s: CloneSetState): boolean => s.spec.template !== s.stable;
