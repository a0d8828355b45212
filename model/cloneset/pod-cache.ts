/**
 * The controller's pod cache and upstream's expectations (issue #14 item 2, `expectations: upstream |
 * timeout`; docs/model.md, "What the controller sees"). Pod changes — the controller's creations, deletions
 * and patches, user deletes, the kubelet's readiness — reach the informer cache by a `pod-cache-sync` step.
 * A pod whose change the cache has not received is a PodEntry (cached view, truth, what the controller
 * awaits); every other pod is cached as it is. With expectations `ideal` there are never entries and none
 * of this runs.
 */
import type { PodEffect } from '../controller/effects.js';
import { VARIANTS } from '../controller/promotion.js';
import { observeOptions, type Scenario } from './scenario.js';
import {
  bothWaiting,
  byCode,
  entryOf,
  indexOfKind,
  internPod,
  madeAvailable,
  observationOf,
  podCode,
  podEntryCode,
  awaitsScale,
  type Awaited,
  type CloneSetState,
  type Observation,
  type Pod,
  type PodEntry,
  withoutAt,
  withPodChanged,
} from './state.js';
import type { ScenarioView } from './view.js';

/** Whether pod changes reach the controller's cache by a step (expectations upstream or timeout). */
// On the reconcile's path for every scenario: two compares, no allocation.
export const podCacheLags = (v: ScenarioView): boolean => v.scenario.expectations !== undefined && v.scenario.expectations !== 'ideal';

/** Where a cached pod comes from: a pod the cache holds as it is, or an entry (by index in observed.pods). */
export type PodSource = { readonly kind: 'synced'; readonly pod: Pod } | { readonly kind: 'entry'; readonly index: number };

export interface CachedPods {
  /** The pods `getOwnedPods` lists from the cache, in canonical (code) order. */
  readonly pods: readonly Pod[];
  readonly sources: readonly PodSource[];
}

const entriesOf = (s: CloneSetState): readonly PodEntry[] => s.observed?.pods ?? [];

/** The pods held as they are: the state's pods less one per entry's truth (pods of one code are interchangeable). */
export function syncedPods(s: CloneSetState): Pod[] {
  const out = s.pods.slice();
  for (const e of entriesOf(s)) if (e.truth !== null) removeOne(out, e.truth, 'a pod entry names a pod the state does not have');
  return out;
}

/**
 * The pod list a reconcile reads. Among pods the controller cannot tell apart (equal cached view), the
 * pods held as they are come first, then entries in canonical order: one fixed pick, as upstream's ties are
 * (docs/model.md, "Tie-breaks").
 */
export function cachedPods(s: CloneSetState): CachedPods {
  const pods = syncedPods(s);
  const sources: PodSource[] = [];
  const c = cachedCodes;
  for (let i = 0; i < pods.length; i++) {
    const code = podCode(pods[i]!);
    c[i] = code;
    sources.push(SYNCED_SOURCES[code] ?? syncedSource(code, pods[i]!));
  }
  // Each cached view after the pods held as they are of its code and after earlier entries of its code
  // (a stable insertion: ties keep their rank).
  const entries = entriesOf(s);
  for (let index = 0; index < entries.length; index++) {
    const pod = entries[index]!.cached;
    if (pod === null) continue;
    const x = podCode(pod);
    const source = ENTRY_SOURCES[index] ?? entrySource(index);
    let j = pods.length;
    pods.push(pod);
    sources.push(source);
    for (; j > 0 && c[j - 1]! > x; j--) {
      c[j] = c[j - 1]!;
      pods[j] = pods[j - 1]!;
      sources[j] = sources[j - 1]!;
    }
    c[j] = x;
    pods[j] = pod;
    sources[j] = source;
  }
  return { pods, sources };
}

// Codes of the list cachedPods builds; and its sources, which are values (shared, frozen): a pod held as it
// is by pod code, an entry by index.
const cachedCodes: number[] = [];
const SYNCED_SOURCES: PodSource[] = [];
const ENTRY_SOURCES: PodSource[] = [];

function syncedSource(code: number, pod: Pod): PodSource {
  const x: PodSource = Object.freeze({ kind: 'synced', pod: internPod(pod) });
  SYNCED_SOURCES[code] = x;
  return x;
}

function entrySource(index: number): PodSource {
  const x: PodSource = Object.freeze({ kind: 'entry', index });
  ENTRY_SOURCES[index] = x;
  return x;
}

/**
 * The pods as the controller believes them to be: its cache, with its own writes (the ones it awaits)
 * applied. Before a reconcile (expectations met) this is the cache; after one, the cache plus what it did.
 */
export function believedPods(s: CloneSetState): readonly Pod[] {
  // Without an Observation (every option off), with no array made for the missing entries.
  if (s.observed === null) return s.pods;
  const es = s.observed.pods;
  if (es.length === 0) return s.pods;
  const out = syncedPods(s);
  for (const e of es) {
    const p = e.awaited === 'none' ? e.cached : e.truth;
    if (p !== null) out.push(p);
  }
  return out;
}

/**
 * The unsatisfied expectation that holds the controller back (it has not yet seen one of its own writes):
 * 'scale' if any entry awaits one (that gate comes first in doReconcile), else 'patch' if any awaits a
 * patch, else 'none'.
 */
export function awaitedGate(s: CloneSetState): Awaited {
  let gate: Awaited = 'none';
  for (const e of entriesOf(s)) {
    if (awaitsScale(e.awaited)) return 'scale';
    if (e.awaited === 'patch') gate = 'patch';
  }
  return gate;
}

// Codes of the entries being sorted (canonicalEntries): each computed once, as in state.ts byCode.
const entryCodes: number[] = [];

/**
 * The entries that still differ from the truth (or are ready again) or are awaited, in ascending code order (a stable sort); with
 * `put`, of `es` with `put` at index `at` (replacing that entry, or after the last when `at` is es.length).
 */
function canonicalEntries(es: readonly PodEntry[], at = -1, put: PodEntry | null = null): PodEntry[] {
  const out: PodEntry[] = [];
  const c = entryCodes;
  const n = put !== null && at === es.length ? at + 1 : es.length;
  for (let i = 0; i < n; i++) {
    const e = i === at && put !== null ? put : es[i]!;
    // An entry ready again differs from its truth in the Ready condition's time, which no pod code shows.
    if (e.awaited === 'none' && e.readyAgain !== true && sameNullablePod(e.cached, e.truth)) continue;
    const x = podEntryCode(e);
    let j = out.length;
    out.push(e);
    for (; j > 0 && c[j - 1]! > x; j--) {
      c[j] = c[j - 1]!;
      out[j] = out[j - 1]!;
    }
    c[j] = x;
    out[j] = e;
  }
  return out;
}

function sameNullablePod(a: Pod | null, b: Pod | null): boolean {
  return a === null || b === null ? a === b : podCode(a) === podCode(b);
}

/** `o` with these pod-cache entries (canonical, as Observation.pods keeps them) and everything else as it was. */
const withCanonicalEntries = (o: Observation, entries: readonly PodEntry[]): Observation =>
  observationOf(o.lag, o.generationUnobserved, o.pendingUnobserved, o.writeFailures, o.podWriteFailures, entries, o.revisions);

const withEntries = (o: Observation, pods: readonly PodEntry[]): Observation => withCanonicalEntries(o, canonicalEntries(pods));

/**
 * Removes one pod of `p`'s kind from `pods`, in place. A loop and a shift rather than findIndex and splice:
 * this runs for every pod step and entry of every explored state, and splice makes a list of what it removed.
 */
function removeOne(pods: Pod[], p: Pod, missing = 'no such pod to remove'): void {
  let i = indexOfKind(pods, p);
  if (i < 0) throw new Error(missing);
  for (; i < pods.length - 1; i++) pods[i] = pods[i + 1]!;
  // pop, not a length store: that is a builtin call where pop is inlined.
  pods.pop();
}

/** The index of the entry of `e`'s code in `entries`. */
function indexOfEntry(entries: readonly PodEntry[], e: PodEntry): number {
  const code = podEntryCode(e);
  for (let i = 0; i < entries.length; i++) if (podEntryCode(entries[i]!) === code) return i;
  throw new Error('no such pod entry');
}

/**
 * Applies a reconcile's pod effects, decided on the cached pod list, to the pods as they are: a creation
 * adds a pod the cache has not seen, a deletion or patch acts on the pod behind the cached one, and each
 * write is awaited (scaleExpectations for creations and deletions, resourceVersion expectations for
 * patches). On a pod deleted already the write lands on it terminating, which the model does not keep, and
 * is awaited all the same (the cache shows the pod go; the writes that would fail there are not among
 * `effects`: reconcile.ts, failures.ts landsWith). `patch` maps one pod through one patch effect. A write
 * in `lostReplies` (indexes into `effects`) timed out after it landed: it is applied and nothing is awaited
 * for it (SyncResult.lostReplies), so the entry keeps what it awaited before. `unlanded` creations timed out
 * and never landed, their scale expectations kept (SyncResult.unlandedCreations): an entry each, with no pod.
 */
export function applyToTruth(
  s: CloneSetState,
  cached: CachedPods,
  effects: readonly PodEffect[],
  created: (e: Extract<PodEffect, { kind: 'create' }>) => Pod,
  patch: (p: Pod, e: PodEffect) => Pod,
  lostReplies: readonly number[] = NONE_LOST,
  unlanded = 0,
): { readonly pods: readonly Pod[]; readonly observed: Observation } {
  const o = s.observed;
  if (o === null) throw new Error('no pod cache in a state without an Observation');
  const truth = s.pods.slice();
  const entries = o.pods.slice();
  const sources = cached.sources.slice();
  for (let k = 0; k < effects.length; k++) {
    const e = effects[k]!;
    const lost = lostReplies.length > 0 && lostReplies.includes(k);
    if (e.kind === 'create') {
      // Interned, as every pod of a state is: its code is then a read (state.ts podCode).
      const p = internPod(created(e));
      truth.push(p);
      entries.push(entryOf(null, p, lost ? 'none' : 'scale'));
      continue;
    }
    const src = sources[e.index];
    const seen = cached.pods[e.index];
    if (src === undefined || seen === undefined) throw new Error(`effect ${e.kind} on a pod the cache does not list`);
    let index: number;
    let entry: PodEntry;
    if (src.kind === 'synced') {
      index = entries.length;
      entry = entryOf(src.pod, src.pod, 'none');
      entries.push(entry);
      sources[e.index] = ENTRY_SOURCES[index] ?? entrySource(index);
    } else {
      index = src.index;
      entry = entries[index]!;
    }
    const t = entry.truth;
    // The condition write of an in-place update whose image write was refused is not awaited (Update's
    // Expect comes only after the whole in-place update succeeded; updatePod in cloneset_update.go).
    const awaited: Awaited =
      lost || e.kind === 'startInPlaceUpdate' ? entry.awaited : e.kind === 'delete' || entry.awaited === 'scale' ? 'scale' : 'patch';
    if (t === null) {
      // ExpectScale before r.Delete, or Expect of the resourceVersion the patch returned: met when the cache
      // shows the pod's deletion (ObserveScale in the pod handler; ResourceVersionExpectations.Delete), or,
      // for a pod that failed, shows it Failed (getOwnedPods no longer lists it, so doReconcile no longer
      // checks its expectation). A deleted failed pod is deleted from then on.
      if (e.kind !== 'setInPlaceUpdateReady')
        entries[index] = entryOf(entry.cached, null, awaited, entry.failed === true && e.kind !== 'delete');
      continue;
    }
    if (e.kind === 'delete') {
      removeOne(truth, t);
      entries[index] = entryOf(entry.cached, null, awaited);
    } else {
      const t2 = patch(t, e);
      if (podCode(t2) === podCode(t)) {
        // A patch that changes nothing the model keeps: the truth already has it, by a change the cache has
        // not shown (a user's specified-delete label on the pod the update marks). Upstream still sends it
        // and awaits the resourceVersion the API server returns, the truth's
        // (ResourceVersionExpectations.Expect in updatePod / refreshPodState / deletePods /
        // managePreparingDelete), so the controller waits until the cache shows that change. The
        // InPlaceUpdateReady condition write is not awaited (inplaceControl.Refresh calls no Expect).
        if (lost || e.kind === 'setInPlaceUpdateReady' || entry.awaited !== 'none' || sameNullablePod(entry.cached, t)) continue;
        entries[index] = entryOf(entry.cached, t, 'patch', false, entry.readyAgain === true);
        continue;
      }
      removeOne(truth, t);
      truth.push(t2);
      // An in-place update retries through the cache (RetryOnConflict around GetPod), so one that landed on a
      // pod the cache showed stale found the cache caught up first: where nothing awaits it (its reply was
      // lost), the cache holds the pod as it was before the write, not the older copy.
      entries[index] =
        lost && e.kind === 'inPlaceUpdate'
          ? entryOf(t, t2, awaited)
          : entryOf(entry.cached, t2, awaited, false, readyAgainAfter(entry, t2));
    }
  }
  for (let k = 0; k < unlanded; k++) entries.push(entryOf(null, null, 'unlanded'));
  return { pods: byCode(truth), observed: withEntries(o, entries) };
}

const NONE_LOST: readonly number[] = [];

/**
 * Whether the truth behind `e`, changed to `to`, is ready again after its cached copy was taken
 * (PodEntry.readyAgain): both wait, and either it already was, or `to` is a new ready report (the truth was
 * not ready). A change that keeps the truth ready (a mark, a lifecycle patch) keeps its Ready condition.
 */
export function readyAgainAfter(e: PodEntry, to: Pod | null): boolean {
  if (!bothWaiting(e.cached, to)) return false;
  return e.readyAgain === true || e.truth === null || !e.truth.ready;
}

/**
 * A user or the kubelet changes a pod: the one held as it is (`via` null) or the one behind an entry. The
 * cache receives the change later; nothing is awaited for it (it is not the controller's write). With `to`
 * null the pod leaves the active list, `failed` (the kubelet's phase Failed) or deleted; a user's delete of a
 * pod that failed (`via` without a truth) changes only its entry.
 */
export function changePod(
  s: CloneSetState,
  pod: Pod,
  via: PodEntry | null,
  to: Pod | null,
  failed = false,
): { pods: readonly Pod[]; observed: Observation } {
  const o = s.observed;
  if (o === null) throw new Error('no pod cache in a state without an Observation');
  const es = o.pods;
  // Each list made once, in order: the truth by moving the changed pod to its place, the entries by the
  // stable insertion that drops entries caught up with the truth.
  const entries =
    via === null
      ? canonicalEntries(es, es.length, entryOf(pod, to, 'none', failed))
      : canonicalEntries(es, indexOfEntry(es, via), entryOf(via.cached, to, via.awaited, failed, readyAgainAfter(via, to)));
  // A failed pod (no truth) leaves the pods as they are: only its entry changes (a user's delete of it).
  const pods = via !== null && via.truth === null ? s.pods : withPodChanged(s.pods, pod, to);
  return { pods, observed: withCanonicalEntries(o, entries) };
}

/**
 * minReadySeconds pass for a pod (the `available` step). Time is not a change the informer delivers: the
 * cache holds the pod's Ready condition and the controller works availability out from it when it reads, so
 * a pod the cache holds as it is (`via` null) becomes available there at once and no entry records it.
 * Behind an entry, the cached copy and the truth carry Ready conditions of their own. The truth's window ends
 * with the cached copy's when that copy is in its window too and they share one Ready transition (the entry
 * is about some other change), or alone when the copy is not in one (not ready, or ready for long). With
 * `cachedOnly` the copy's window ends first: its transition is the older one (PodEntry.readyAgain: the pod
 * went unready and ready again since), or the truth has none (not ready, gone). actions.ts offers each
 * where it can happen (pushTimePasses).
 */
export function passTime(
  s: CloneSetState,
  pod: Pod,
  via: PodEntry | null,
  cachedOnly: boolean,
): { pods: readonly Pod[]; observed: Observation } {
  const o = s.observed;
  if (o === null) throw new Error('no pod cache in a state without an Observation');
  if (via === null) return { pods: withPodChanged(s.pods, pod, madeAvailable(pod)), observed: o };
  const c = via.cached;
  const at = indexOfEntry(o.pods, via);
  if (cachedOnly) {
    if (c === null) throw new Error('time passes for a cached copy the entry does not have');
    const entries = canonicalEntries(o.pods, at, entryOf(madeAvailable(c), via.truth, via.awaited, via.failed === true));
    return { pods: s.pods, observed: withCanonicalEntries(o, entries) };
  }
  const t = via.truth;
  if (t === null) throw new Error('time passes for a pod the entry does not have');
  const t2 = madeAvailable(t);
  const c2 = c !== null && c.notYetAvailable === true ? madeAvailable(c) : c;
  const entries = canonicalEntries(o.pods, at, entryOf(c2, t2, via.awaited));
  return { pods: withPodChanged(s.pods, t, t2), observed: withCanonicalEntries(o, entries) };
}

/** The informer delivers one pod's change: its cache entry catches up, and what the controller awaited of it is observed. */
export function syncPod(s: CloneSetState, entry: PodEntry): Observation {
  const o = s.observed;
  if (o === null) throw new Error('no pod cache in a state without an Observation');
  return withCanonicalEntries(o, withoutAt(o.pods, indexOfEntry(o.pods, entry)));
}

/**
 * Whether scale expectations may expire: with expectations `timeout`, some creation or deletion is awaited,
 * and no earlier expired write is still unseen. (Upstream's timeout is 5 minutes, long after an informer
 * normally delivers; allowing one expired generation at a time keeps the duplicates it causes bounded.)
 *
 * `proposed` first asks the API server, as upstream's commented-out TODO in `doReconcile` would
 * (cloneset_controller.go: GET each dirty pod; one that exists means the cache is only late, so requeue and
 * keep waiting): its expectations expire only when every awaited pod is gone from the API server — a
 * deleted pod the cache still lists, or a created pod someone deleted before the cache showed it (not one
 * that failed: a Failed pod stays until someone deletes it).
 */
export function mayExpire(v: ScenarioView, s: CloneSetState): boolean {
  if (observeOptions(v.scenario).expectations !== 'timeout') return false;
  const es = entriesOf(s);
  const awaited = es.filter((e) => awaitsScale(e.awaited));
  if (awaited.length === 0 || es.some((e) => e.awaited === 'none' && (e.cached === null || e.truth === null))) return false;
  // A pod that failed is still in the API server: the GET finds it.
  return !checksApiServerOnExpiry(v) || awaited.every((e) => e.truth === null && e.failed !== true);
}

const checksApiServerOnExpiry = (v: ScenarioView): boolean => VARIANTS[v.scenario.controller].checksApiServerOnExpiry === true;

/**
 * Whether the controller keeps the scale expectation of a creation that timed out (VariantInfo
 * keepsTimedOutCreations) in this scenario: only where writes may time out and expectations may expire,
 * since one for a creation that never landed is met by no pod event (Awaited 'unlanded').
 */
export const keepsTimedOutCreations = (sc: Scenario): boolean =>
  sc.podWriteTimeouts === true && observeOptions(sc).expectations === 'timeout' && VARIANTS[sc.controller].keepsTimedOutCreations === true;

/**
 * Whether a pod write that timed out after it landed ends its loop unawaited, a way of its own (the
 * scenario's podWriteTimeouts): not for a variant that re-issues it until the answer is definite
 * (VariantInfo.settlesTimedOutWrites), for which such a write is one that succeeded and a timeout that did
 * not land one that was refused, ways the reconcile has already.
 */
export const timedOutWritesStop = (sc: Scenario): boolean =>
  sc.podWriteTimeouts === true && VARIANTS[sc.controller].settlesTimedOutWrites !== true;

/**
 * `ExpectationTimeout` with the ForceDeleteTimeoutExpectationGate feature gate: `ScaleExpectations.DeleteExpectations`,
 * so the next reconcile acts on a cache that lacks those writes. (resourceVersion expectations on pods do not
 * expire this way: past the timeout doReconcile returns without requeue and keeps waiting.)
 */
export function expireExpectations(s: CloneSetState): Observation {
  const o = s.observed;
  if (o === null) throw new Error('no pod cache in a state without an Observation');
  return withEntries(
    o,
    o.pods.map((e) => (awaitsScale(e.awaited) ? entryOf(e.cached, e.truth, 'none', e.failed === true, e.readyAgain === true) : e)),
  );
}
