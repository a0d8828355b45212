/**
 * What the controller sees when it is not the ideal observer (issue #14; docs/model.md, "What the
 * controller sees"): the CloneSet informer cache that lags the API server by up to `staleReads` object
 * versions, and the status writes that may fail. Every function here is the identity on a state without an
 * Observation, so with the options off the model is exactly the one before them.
 */
import { revisionCacheLags } from './revision-cache.js';
import { observeOptions, observes, type Scenario } from './scenario.js';
import {
  editedSinceCached,
  observationOf,
  stateOf,
  versionOf,
  type CloneSetState,
  type Observation,
  type RevisionNumbers,
} from './state.js';
import type { ScenarioView } from './view.js';

/** The Observation a scenario starts with: a synced cache, the whole failure budget; null with the options off. */
export function initialObservation(sc: Scenario): Observation | null {
  if (!observes(sc)) return null;
  const o = observeOptions(sc);
  // Every scenario starts with the one revision v1 (instance.ts), numbered 1, in the cache.
  return observationOf([], false, false, o.statusWriteFailures, o.podWriteFailures, [], o.staleRevisions ? INITIAL_REVISIONS : null);
}

const INITIAL_REVISIONS: RevisionNumbers = Object.freeze({ numbers: Object.freeze([1]), cached: null, created: Object.freeze([1]) });

/**
 * The Observation after the API server writes a new version of the CloneSet: the version it replaces joins
 * the versions the cache has yet to deliver, after the newest `kept` of those. `o`: the Observation to
 * extend (s.observed, or the one a reconcile's pod-cache entries already changed); `unobserved`: the new
 * version's generationUnobserved; `pendingUnobserved`: the pending status's, after it.
 */
function afterObjectWrite(s: CloneSetState, o: Observation, kept: number, unobserved: boolean, pendingUnobserved: boolean): Observation {
  // No spread: a reconcile or user edit of every explored state with stale reads comes here.
  const lag = o.lag.slice(Math.max(0, o.lag.length - kept));
  lag.push(versionOf(s.spec, s.status, o.generationUnobserved));
  return observationOf(lag, unobserved, pendingUnobserved, o.writeFailures, o.podWriteFailures, o.pods, o.revisions);
}

/**
 * A user's write (kubectl edits the API server, not through the controller's cache): past `staleReads`
 * versions behind, the informer has delivered the oldest one (the lag bound: the cache is never further
 * behind).
 */
function afterUserWrite(v: ScenarioView, s: CloneSetState, unobserved: boolean, pendingUnobserved: boolean): Observation | null {
  const o = s.observed;
  const n = observeOptions(v.scenario).staleReads;
  return o === null || n === 0 ? o : afterObjectWrite(s, o, n - 1, unobserved, pendingUnobserved);
}

/**
 * The controller's status write (updateStatus, cloneset_status.go): it Gets the CloneSet from the same cache
 * and Updates it with that resourceVersion, so it lands only against the version the cache holds — a stale
 * one is a 409 Conflict, and RetryOnConflict reads the cache again (four tries over ~300 ms) until it has
 * caught up. So a write that lands leaves the cache exactly one version behind: the one it replaced. (One
 * that never catches up fails: statusWriteFails.)
 */
const afterStatusWrite = (v: ScenarioView, s: CloneSetState, o: Observation | null, unobserved: boolean): Observation | null =>
  o === null || observeOptions(v.scenario).staleReads === 0 ? o : afterObjectWrite(s, o, 0, unobserved, false);

/**
 * The Observation after a user's spec edit: the generation goes up, so neither the server's status nor a
 * pending one (computed before the edit) has observed it.
 */
export const afterSpecEdit = (v: ScenarioView, s: CloneSetState): Observation | null => afterUserWrite(v, s, true, s.pending !== null);

/**
 * The Observation after the pending status lands (writeStatus): it carries the generation its reconcile
 * read, which is the server's unless pendingUnobserved says otherwise.
 */
export const afterPendingWrite = (v: ScenarioView, s: CloneSetState): Observation | null =>
  afterStatusWrite(v, s, s.observed, s.observed?.pendingUnobserved === true);

/**
 * The Observation after a reconcile computed a status to write: written at once (inline), it is a new
 * version whose status carries the cached version's generation; left pending (separate writes), the
 * pending status will carry it.
 */
export function afterStatusComputed(v: ScenarioView, s: CloneSetState, o: Observation | null, inline: boolean): Observation | null {
  if (o === null) return null;
  const unobserved = editedSinceCached(s);
  if (inline) return afterStatusWrite(v, s, o, unobserved);
  return unobserved === o.pendingUnobserved
    ? o
    : observationOf(o.lag, o.generationUnobserved, unobserved, o.writeFailures, o.podWriteFailures, o.pods, o.revisions);
}

/** Whether the controller's caches (CloneSet and pods) hold what the API server holds (always, with the options off). */
export const cacheSynced = (s: CloneSetState): boolean =>
  s.observed === null || (s.observed.lag.length === 0 && s.observed.pods.length === 0 && !revisionCacheLags(s));

/** Whether the CloneSet cache lags (a cache-sync step is enabled). */
export const objectCacheLags = (s: CloneSetState): boolean => s.observed !== null && s.observed.lag.length > 0;

/** The informer delivers the next CloneSet version to the controller's cache (`lag` must be non-empty). */
export function syncCache(s: CloneSetState): CloneSetState {
  const o = s.observed;
  if (o === null || o.lag.length === 0) throw new Error('the CloneSet cache is already synced');
  return stateOf(
    s.spec,
    s.pods,
    s.status,
    s.pending,
    s.history,
    s.stable,
    s.budgets,
    observationOf(o.lag.slice(1), o.generationUnobserved, o.pendingUnobserved, o.writeFailures, o.podWriteFailures, o.pods, o.revisions),
  );
}

/** Whether the pending status write may fail instead of landing. */
export const writeMayFail = (s: CloneSetState): boolean => s.pending !== null && s.observed !== null && s.observed.writeFailures > 0;

/**
 * A status write that fails (a conflict that outlasts RetryOnConflict's backoff, an API error):
 * UpdateCloneSetStatus returns the error, doReconcile returns it and the request is requeued with backoff.
 * Nothing is written; the pod actions of the reconcile stand. The retry is an ordinary later reconcile.
 */
export function failStatusWrite(s: CloneSetState): CloneSetState {
  const o = s.observed;
  if (o === null || s.pending === null || o.writeFailures === 0) throw new Error('no status write that may fail');
  return stateOf(
    s.spec,
    s.pods,
    s.status,
    null,
    s.history,
    s.stable,
    s.budgets,
    observationOf(o.lag, o.generationUnobserved, false, o.writeFailures - 1, o.podWriteFailures, o.pods, o.revisions),
  );
}

/** Whether a reconcile of `s` may still have a pod write fail (podWriteFailures left). */
export const podWriteMayFail = (s: CloneSetState): boolean => s.observed !== null && s.observed.podWriteFailures > 0;

/** `s` (a reconcile's outcome) with `n` pod-write failures spent. */
export function spendPodWriteFailures(s: CloneSetState, n: number): CloneSetState {
  const o = s.observed;
  if (o === null || o.podWriteFailures < n) throw new Error(`no ${n} pod writes that may fail`);
  const observed = observationOf(
    o.lag,
    o.generationUnobserved,
    o.pendingUnobserved,
    o.writeFailures,
    o.podWriteFailures - n,
    o.pods,
    o.revisions,
  );
  return stateOf(s.spec, s.pods, s.status, s.pending, s.history, s.stable, s.budgets, observed);
}
