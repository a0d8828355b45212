/**
 * The properties the explorer checks on CloneSet states and transitions; docs/findings.md ("The
 * properties") states them in words. Typed structurally, so `model/` needs nothing from `checker/`.
 */
import { actorOf, rolloutInProgress, type Action } from './actions.js';
import type { StatusWriteMode } from './scenario.js';
import { revName, unmarkedAt, type CloneSetState, type RevId, type Status } from './state.js';
import { expectedUpdated, parametersOf, partitionReplicas, surgeAllowance, type ScenarioView } from './view.js';

/** One state's (or transition's) check: checker/types.ts's PropertyResult, restated (model/ does not import checker/). */
export type PropertyResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

const OK: PropertyResult = Object.freeze({ ok: true });
const fail = (message: string): PropertyResult => ({ ok: false, message });

export type CloneSetProperty =
  | { readonly kind: 'invariant'; readonly name: PropertyName; readonly description: string; check(s: CloneSetState): PropertyResult }
  | {
      readonly kind: 'step';
      readonly name: PropertyName;
      readonly description: string;
      check(s: CloneSetState, a: Action, t: CloneSetState): PropertyResult;
      /** Partial-order reduction (checker/reduction.ts): whether `check` may fail on a step by `a`. */
      visible(a: Action): boolean;
    }
  | { readonly kind: 'deadlock'; readonly name: PropertyName; readonly description: string }
  | { readonly kind: 'convergence'; readonly name: PropertyName; readonly description: string };

export const PROPERTY_NAMES = [
  'canary-respected',
  'promotion-sound',
  'surge-bound',
  'availability-floor',
  'well-formed',
  'no-deadlock',
  'converges',
] as const;
export type PropertyName = (typeof PROPERTY_NAMES)[number];

/**
 * Whether a property reads the status counts (replicas, ready, available, updated, updatedReady,
 * expectedUpdated) of status or pending: a total record, so a new property must say. No controller decision
 * reads them (reconcile.ts `decide`), so when no checked property does, the model may keep them out of the
 * state (ModelOptions.projectStatusCounts; docs/performance.md, "Dead status counts"). `no-deadlock` and
 * `converges` read whether the controller is idle, which a count-only status write changes: they count as
 * readers, so that their verdicts and trace lengths are never in question.
 */
export const READS_STATUS_COUNTS: Readonly<Record<PropertyName, boolean>> = {
  'canary-respected': false,
  'promotion-sound': false,
  'surge-bound': false,
  'availability-floor': false,
  'well-formed': true,
  'no-deadlock': true,
  converges: true,
};

/**
 * Whether the status counts can be projected away when checking `names` (undefined: every property) in a
 * scenario with this status-write mode. Only with inline status writes: with separate ones a computed
 * status waits in `pending`, and while it waits the controller cannot reconcile, so whether a reconcile
 * changed a count decides what the controller can do next.
 */
export const statusCountsDead = (names: readonly PropertyName[] | undefined, statusWrite: StatusWriteMode): boolean =>
  statusWrite === 'inline' && names !== undefined && names.every((n) => !READS_STATUS_COUNTS[n]);

// These run on every explored transition: plain loops, no closures or temporary arrays.
const isController = (a: Action): boolean => actorOf(a) === 'controller';

/** Pods the controller counts as available (lifecycle Normal and ready); marked pods still serve until deleted. */
function availablePods(s: CloneSetState): number {
  let n = 0;
  for (const p of s.pods) if (p.ready && p.lifecycle === 'Normal') n++;
  return n;
}

function minted(history: readonly RevId[], r: RevId): boolean {
  for (let i = 0; i < history.length; i++) if (history[i] === r) return true;
  return false;
}

function statusProblem(history: readonly RevId[], st: Status): string | null {
  if (!minted(history, st.currentRevision) || !minted(history, st.updateRevision)) return 'a status names a revision that was never minted';
  if (st.updatedReplicas > st.replicas || st.readyReplicas > st.replicas || st.updatedReadyReplicas > st.updatedReplicas) {
    return 'status counts are inconsistent';
  }
  return null;
}

export function cloneSetProperties(v: ScenarioView): readonly CloneSetProperty[] {
  return [
    {
      kind: 'step',
      name: 'canary-respected',
      description:
        'while a rollout is in progress, no controller step raises the unmarked pods at the update revision (U) above spec.replicas − partition (E)',
      // Only a reconcile changes pods among the controller's steps (a status write never does).
      visible: (a) => a.kind === 'reconcile',
      check(s, a, t) {
        // The same pod list (a status write, a reconcile without pod effects) cannot raise U.
        if (!isController(a) || !rolloutInProgress(s) || t.pods === s.pods) return OK;
        const r = s.spec.template;
        const u = unmarkedAt(s, r);
        const u2 = unmarkedAt(t, r);
        const e2 = expectedUpdated(v, t);
        if (u2 > u && u2 > e2) {
          return fail(
            `${a.kind} raised pods at ${revName(r)} from ${u} to ${u2}, above spec.replicas − partition = ${t.spec.replicas} − ${partitionReplicas(v, t)} = ${e2}`,
          );
        }
        return OK;
      },
    },
    {
      kind: 'step',
      name: 'promotion-sound',
      description:
        'a reconcile promotes status.currentRevision to the update revision only if it observed spec.replicas > 0, partition 0, and exactly spec.replicas pods, all at the update revision',
      visible: (a) => a.kind === 'reconcile',
      check(s, a, t) {
        if (a.kind !== 'reconcile') return OK;
        const computed = t.pending ?? t.status;
        const upd = computed.updateRevision;
        if (computed.currentRevision !== upd || s.status.currentRevision === upd) return OK;
        const p = partitionReplicas(v, s);
        let atUpd = 0;
        for (const x of s.pods) if (x.rev === upd) atUpd++;
        const sound = s.spec.replicas > 0 && p === 0 && s.pods.length === s.spec.replicas && atUpd === s.pods.length;
        if (sound) return OK;
        return fail(
          `promoted currentRevision ${revName(s.status.currentRevision)} → ${revName(upd)} after observing ${s.pods.length} pods (${atUpd} at ${revName(upd)}), spec.replicas ${s.spec.replicas}, partition ${p}`,
        );
      },
    },
    {
      kind: 'step',
      name: 'surge-bound',
      description:
        'a controller step that creates pods leaves at most spec.replicas + maxSurge active pods (maxSurge rounded up at spec.replicas)',
      visible: (a) => a.kind === 'reconcile',
      check(s, a, t) {
        if (!isController(a) || t.pods.length <= s.pods.length) return OK;
        const surge = surgeAllowance(v, t);
        if (t.pods.length <= t.spec.replicas + surge) return OK;
        return fail(`created pods up to ${t.pods.length}, above spec.replicas + maxSurge = ${t.spec.replicas} + ${surge}`);
      },
    },
    {
      kind: 'step',
      name: 'availability-floor',
      description:
        'a controller step that reduces the available pods leaves at least spec.replicas − maxUnavailable available (maxUnavailable as calculateDiffsWithExpectation resolves it)',
      visible: (a) => a.kind === 'reconcile',
      check(s, a, t) {
        if (!isController(a) || t.pods === s.pods) return OK;
        const before = availablePods(s);
        const after = availablePods(t);
        if (after >= before) return OK;
        const maxUnavailable = parametersOf(v, t).maxUnavailable;
        const floor = t.spec.replicas - maxUnavailable;
        if (after >= floor) return OK;
        return fail(
          `available pods fell from ${before} to ${after}, below spec.replicas − maxUnavailable = ${t.spec.replicas} − ${maxUnavailable} = ${floor}`,
        );
      },
    },
    {
      kind: 'invariant',
      name: 'well-formed',
      description: 'status counts are non-negative and consistent, and every pod and status revision was minted',
      check(s) {
        for (const p of s.pods) if (!minted(s.history, p.rev)) return fail(`a pod is at ${revName(p.rev)}, which was never minted`);
        const problem = statusProblem(s.history, s.status) ?? (s.pending === null ? null : statusProblem(s.history, s.pending));
        return problem === null ? OK : fail(problem);
      },
    },
    { kind: 'deadlock', name: 'no-deadlock', description: 'every state that is not settled has an enabled step' },
    {
      kind: 'convergence',
      name: 'converges',
      description:
        'from every reachable state, controller and kubelet steps alone can reach a settled state (controller idle, status written, every pod ready)',
    },
  ];
}
