/**
 * The properties the explorer checks on CloneSet states and transitions; docs/findings.md ("The
 * properties") states them in words. Typed structurally, so `model/` needs nothing from `checker/`.
 */
import { actorOf, rolloutInProgress, type Action } from './actions.js';
import { believedPods, cachedPods } from './pod-cache.js';
import { revName, unmarkedAt, type CloneSetState, type Pod, type RevId, type Status } from './state.js';
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

// These run on every explored transition: plain loops, no closures or temporary arrays.
const isController = (a: Action): boolean => actorOf(a) === 'controller';

/**
 * The state as the step observed it: with a stale CloneSet cache (issue #14) the spec and status a reconcile
 * acts on are the cache's, not the API server's. Step properties judge a controller step against what it
 * saw (docs/findings.md, "Under a stale view"): measured against a spec it never saw, every variant fails
 * and the failure says nothing about the controller. Without an Observation this is `s` itself.
 */
function asObserved(s: CloneSetState): CloneSetState {
  const seen = s.observed?.lag[0];
  return seen === undefined ? s : { ...s, spec: seen.spec, status: seen.status };
}

/** Said after a message when the step saw a stale CloneSet, so a reader knows whose spec the numbers are. */
const seenNote = (s: CloneSetState, seen: CloneSetState): string =>
  seen === s ? '' : " (the CloneSet as the controller's cache showed it)";

/** Pods the controller counts as available (lifecycle Normal and ready); marked pods still serve until deleted. */
function availablePods(pods: readonly Pod[]): number {
  let n = 0;
  for (const p of pods) if (p.ready && p.lifecycle === 'Normal') n++;
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
      check(s, a, t) {
        // The same pod list (a status write, a reconcile without pod effects) cannot raise U.
        if (!isController(a) || t.pods === s.pods) return OK;
        // A controller step changes no spec, so t's spec is s's; with a stale cache both are the observed one.
        const seen = asObserved(s);
        if (!rolloutInProgress(seen)) return OK;
        const r = seen.spec.template;
        const u = unmarkedAt(s, r);
        const u2 = unmarkedAt(t, r);
        const e2 = expectedUpdated(v, seen);
        if (u2 > u && u2 > e2) {
          return fail(
            `${a.kind} raised pods at ${revName(r)} from ${u} to ${u2}, above spec.replicas − partition = ${seen.spec.replicas} − ${partitionReplicas(v, seen)} = ${e2}${seenNote(s, seen)}`,
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
      check(s, a, t) {
        if (a.kind !== 'reconcile') return OK;
        // The status this reconcile computed and will write; none when it equals the one it read. (Without a
        // write t.status is s.status, which the check below passes as before; with a stale cache it may
        // differ from the status the reconcile read, so a reconcile that writes nothing is passed here.)
        const computed = t.pending ?? (t.status === s.status ? null : t.status);
        if (computed === null) return OK;
        const seen = asObserved(s);
        const upd = computed.updateRevision;
        if (computed.currentRevision !== upd || seen.status.currentRevision === upd) return OK;
        const p = partitionReplicas(v, seen);
        // The pods it observed: with a lagging pod cache, the cache's list.
        const pods = s.observed !== null && s.observed.pods.length > 0 ? cachedPods(s).pods : s.pods;
        let atUpd = 0;
        for (const x of pods) if (x.rev === upd) atUpd++;
        const sound = seen.spec.replicas > 0 && p === 0 && pods.length === seen.spec.replicas && atUpd === pods.length;
        if (sound) return OK;
        return fail(
          `promoted currentRevision ${revName(seen.status.currentRevision)} → ${revName(upd)} after observing ${pods.length} pods (${atUpd} at ${revName(upd)}), spec.replicas ${seen.spec.replicas}, partition ${p}${seenNote(s, seen)}`,
        );
      },
    },
    {
      kind: 'step',
      name: 'surge-bound',
      description:
        'a controller step that creates pods leaves at most spec.replicas + maxSurge active pods (maxSurge rounded up at spec.replicas)',
      check(s, a, t) {
        if (!isController(a) || t.pods.length <= s.pods.length) return OK;
        const seen = asObserved(s);
        const surge = surgeAllowance(v, seen);
        if (t.pods.length <= seen.spec.replicas + surge) return OK;
        return fail(
          `created pods up to ${t.pods.length}, above spec.replicas + maxSurge = ${seen.spec.replicas} + ${surge}${seenNote(s, seen)}`,
        );
      },
    },
    {
      kind: 'step',
      name: 'availability-floor',
      description:
        'a controller step that reduces the available pods leaves at least spec.replicas − maxUnavailable available (maxUnavailable as calculateDiffsWithExpectation resolves it)',
      check(s, a, t) {
        if (!isController(a) || t.pods === s.pods) return OK;
        // With a lagging pod cache, as the controller believes them (its cache and its own writes): a pod
        // the user deleted that it has not yet seen is not its doing (docs/findings.md, "Under a stale view").
        const before = availablePods(believedPods(s));
        const after = availablePods(believedPods(t));
        if (after >= before) return OK;
        const seen = asObserved(s);
        const maxUnavailable = parametersOf(v, seen).maxUnavailable;
        const floor = seen.spec.replicas - maxUnavailable;
        if (after >= floor) return OK;
        return fail(
          `available pods fell from ${before} to ${after}, below spec.replicas − maxUnavailable = ${seen.spec.replicas} − ${maxUnavailable} = ${floor}${seenNote(s, seen)}`,
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
        'from every reachable state, controller and kubelet steps alone can reach a settled state (controller idle, status written, every pod ready, caches synced)',
    },
  ];
}
