/**
 * One controller reconcile on the abstract state, with upstream's snapshot semantics (docs/model.md,
 * "`model/cloneset/`"): revisions, Scale/Update decisions and the status are all computed from the spec,
 * status.currentRevision and pods as read at the start; the status never reflects this reconcile's own
 * pod actions.
 */
import { applyEffects, type PodEffect, type SyncResult } from '../controller/effects.js';
import { isUpdateReady } from '../controller/predicates.js';
import { byNumber, getActiveRevisions, type ActiveRevisions, type ControllerRevision } from '../controller/revisions.js';
import { progressCode } from '../controller/progress.js';
import { calculateStatus, type CloneSetStatus, type ProgressTracking } from '../controller/status.js';
import { syncCloneSet } from '../controller/sync.js';
import {
  ALL_CACHED,
  failingSyncs,
  failuresSpent,
  landsWith,
  mayFailFree,
  type FailedSync,
  type PodFreshness,
} from '../controller/failures.js';
import { VARIANTS } from '../controller/promotion.js';
import { enumerateChoices, type FreeChoiceSite, type TieBreaker } from '../controller/ties.js';
import type { CloneSetSpec, ControllerPod, LifecycleHooks, SyncContext } from '../controller/types.js';
import { update } from '../controller/update.js';
import type { DecisionMemo } from './decision-memo.js';
import { ranksConditions, settledUntimed, withConditionTime } from './condition-order.js';
import { afterStatusComputed, podWriteMayFail, spendPodWriteFailures } from './observe.js';
import { readRevisions, revisionTopTied, type RevisionRead } from './revision-cache.js';
import { observeOptions } from './scenario.js';
import {
  applyToTruth,
  awaitedGate,
  cachedPods,
  keepsTimedOutCreations,
  timedOutWritesStop,
  podCacheLags,
  type CachedPods,
  type PodSource,
} from './pod-cache.js';
import {
  cachedGenerationUnobserved,
  cachedObject,
  canonicalPods,
  describePod,
  observationOf,
  podCode,
  revName,
  sameState,
  sameStatus,
  stateOf,
  type CloneSetState,
  type Observation,
  type RevisionNumbers,
  type SpecAndStatus,
  type Awaited,
  type Pod,
  type RevId,
  type Status,
} from './state.js';
import { controllerPod, controllerPodsOf, controllerSpecOf, lifecycleOf, syncContext, type ScenarioView } from './view.js';

export interface ReconcileOutcome {
  readonly state: CloneSetState;
  readonly sync: SyncResult;
  /** The status this reconcile computed (written now, or pending in separate mode). */
  readonly status: Status;
}

// The names revName hands out, back to their ids without a regular expression (revIdOf runs per pod of
// every reconcile decided).
const REV_IDS: ReadonlyMap<string, RevId> = new Map(Array.from({ length: 16 }, (_, r) => [revName(r), r]));

export function revIdOf(name: string): RevId {
  const id = REV_IDS.get(name);
  if (id !== undefined) return id;
  const m = /^v(\d+)$/.exec(name);
  if (m === null) throw new Error(`not a model revision name: ${name}`);
  return Number(m[1]) - 1;
}

function fromControllerPod(p: ControllerPod): Pod {
  if (p.lifecycle === '') throw new Error('a pod without a lifecycle label is outside the model');
  // An Updating pod's `ready` is the kubelet's completion of its in-place update (state.ts, Pod.ready).
  const ready = p.lifecycle === 'Updating' ? p.inPlaceUpdateCompleted === true : isUpdateReady(p);
  const pod: Pod = { rev: revIdOf(p.revision), lifecycle: p.lifecycle, ready, marked: p.specifiedDelete };
  // No effect makes a pod ready, so one not available while ready is still in its minReadySeconds window.
  const waiting = ready && p.lifecycle !== 'Updating' && !p.available;
  if (p.preDeleteHooked !== true && p.inPlaceUpdateHooked !== true && !waiting) return pod;
  return {
    ...pod,
    ...(p.preDeleteHooked === true ? { preDeleteHook: true as const } : {}),
    ...(p.inPlaceUpdateHooked === true ? { inPlaceHook: true as const } : {}),
    ...(waiting ? { notYetAvailable: true as const } : {}),
  };
}

/** A new pod carries the hook labels of its template (NewVersionedPods copies the template's labels). */
function withTemplateHooks(pods: readonly ControllerPod[], created: number, hooks: LifecycleHooks | undefined): readonly ControllerPod[] {
  if (hooks === undefined || created === 0) return pods;
  return pods.map((p, i) =>
    i < pods.length - created ? p : { ...p, preDeleteHooked: hooks.preDelete, inPlaceUpdateHooked: hooks.inPlaceUpdate },
  );
}

/** Upstream's status as the model stores it: field by field in one order, so every status has one shape (monomorphic reads). */
export function toModelStatus(st: CloneSetStatus): Status {
  const status: Status = {
    replicas: st.replicas,
    readyReplicas: st.readyReplicas,
    availableReplicas: st.availableReplicas,
    updatedReplicas: st.updatedReplicas,
    updatedReadyReplicas: st.updatedReadyReplicas,
    expectedUpdatedReplicas: st.expectedUpdatedReplicas,
    currentRevision: revIdOf(st.currentRevision),
    updateRevision: revIdOf(st.updateRevision),
  };
  return keepCondition(status, st);
}

/** `status` with the Progressing condition of `from`, if it has one: statuses without one keep their one shape. */
const keepCondition = (status: Status, from: Pick<Status, 'progressing'>): Status =>
  from.progressing === undefined ? status : { ...status, progressing: from.progressing };

/**
 * A status with its counts zeroed: the revisions are all a controller decision or a count-free property
 * reads (ScenarioView.projectStatusCounts; docs/performance.md, "Dead status counts").
 */
export function withoutCounts(st: Status): Status {
  const status: Status = {
    replicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    updatedReplicas: 0,
    updatedReadyReplicas: 0,
    expectedUpdatedReplicas: 0,
    currentRevision: st.currentRevision,
    updateRevision: st.updateRevision,
  };
  return keepCondition(status, st);
}

/** What a reconcile decides: a function of spec, pods, status.currentRevision and history only. */
interface Decision {
  readonly sync: SyncResult;
  /** The pods after the sync's effects, or null when it has none (the caller keeps its own pod list). */
  readonly pods: readonly Pod[] | null;
  readonly history: readonly RevId[];
  /** The revisions' numbers and cache after the reconcile's revision write (staleRevisions only). */
  readonly revisions: RevisionNumbers | null;
  readonly status: Status;
}

/** What a reconcile reads and computes before its pod writes: the inputs of the sync and the outcome's other parts. */
interface SyncInputs {
  readonly spec: CloneSetSpec;
  readonly pods: readonly ControllerPod[];
  readonly ctx: SyncContext;
  readonly history: readonly RevId[];
  readonly revisions: RevisionNumbers | null;
  readonly status: Status;
}

/**
 * Models `doReconcile` from getActiveRevisions on (revisions, syncCloneSet's Scale and Update,
 * calculateStatus) from what the controller read: `seen`, the CloneSet in its informer cache (s itself
 * unless reads may be stale), and `listedPods`, its pod cache's list (s.pods unless pod changes reach it by
 * a step). The expectation gates are the caller's (reconcile). `ties` decides upstream's free
 * choices; without it, the canonical pick.
 */
function decide(v: ScenarioView, s: CloneSetState, seen: SpecAndStatus, listedPods: readonly Pod[], ties?: TieBreaker): Decision {
  const inputs = inputsOf(v, s, seen, listedPods, ties);
  return decisionOf(v, inputs, syncCloneSet(inputs.spec, inputs.pods, inputs.ctx));
}

function inputsOf(
  v: ScenarioView,
  s: CloneSetState,
  seen: SpecAndStatus,
  listedPods: readonly Pod[],
  ties?: TieBreaker,
  tieSwapped = false,
): SyncInputs {
  const read = revisionsRead(s, seen, tieSwapped);
  if (read.kind === 'fails') throw new Error('a reconcile whose revision write fails has no decision (revisionWriteFails)');
  const revisions = read.active;
  const current = revisions.current.name;
  const update = revisions.update.name;
  const spec = controllerSpecOf(v, seen);
  const pods = controllerPodsOf(v, listedPods);
  const synced = syncContext(v, current, update);
  // With a lagging revision cache, the revisions the reconcile listed (before its own write): updatePod's lookup.
  const base = read.listed === undefined ? synced : { ...synced, listedRevisions: read.listed };
  const ctx = ties === undefined ? base : { ...base, ties };
  const computed = toModelStatus(
    calculateStatus(spec, pods, { currentRevision: current, updateRevision: update }, v.promotionRule, progressTracking(v, seen.status)),
  );
  const status = v.projectStatusCounts ? withoutCounts(computed) : computed;
  return { spec, pods, ctx, history: read.history, revisions: read.revisions, status };
}

/**
 * With progressDeadlineSeconds, what calculateProgressingStatus reads beyond the counts: the condition of the
 * CloneSet as read (doReconcile carries `instance.Status.Conditions` into newStatus), and the variant's rule.
 */
export function progressTracking(v: ScenarioView, read: Status): ProgressTracking | undefined {
  if (v.scenario.progressDeadline !== true) return undefined;
  return { previous: read.progressing, settledUntimed: settledUntimed(v) };
}

/** The decision whose pod writes are `sync`'s effects (all of them, or those that landed before a failure). */
function decisionOf(v: ScenarioView, inputs: SyncInputs, sync: SyncResult): Decision {
  const created = sync.effects.reduce((n, e) => (e.kind === 'create' ? n + 1 : n), 0);
  const nextPods =
    sync.effects.length === 0
      ? null
      : canonicalPods(withTemplateHooks(applyEffects(inputs.pods, sync.effects), created, lifecycleOf(v.scenario)).map(fromControllerPod));
  return { sync, pods: nextPods, history: inputs.history, revisions: inputs.revisions, status: inputs.status };
}

/** Which of a failing way's landed writes timed out, awaited by nothing (SyncResult.lostReplies): none, its failed write, Update's, or both. */
function lostRepliesOf(f: FailedSync): Pick<SyncResult, 'lostReplies'> {
  const lost: number[] = [];
  if (f.timedOut === true) lost.push(f.failedAt);
  if (f.thenTimedOut === true) lost.push(f.landed.length - 1);
  return lost.length === 0 ? {} : { lostReplies: lost };
}

/**
 * proposed's Scale when creations time out and never land (keepsTimedOutCreations): it takes each as made,
 * as Kubernetes' controllers did (the batch goes on, Scale reports a change, so no Update runs), keeps its
 * scale expectation, and no pod exists. Any number of the creations that land in `bases` may instead never
 * land, one failure spent each, up to `most` failures in all: a base is the whole Scale (spends 0) or one
 * that stopped at a refused creation (failingCreates; its `spends`), so a refusal and creations that never
 * landed may meet in one reconcile. Creations of one revision are interchangeable, so a way is how many of
 * each revision never landed.
 */
function unlandedWays(
  sync: SyncResult,
  pods: readonly Pod[],
  refusals: readonly { readonly f: FailedSync; readonly spends: number }[],
  most: number,
): { readonly sync: SyncResult; readonly picks: string; readonly spends: number }[] {
  if (sync.phase !== 'scale' || sync.effects[0]?.kind !== 'create') return [];
  const out: { sync: SyncResult; picks: string; spends: number }[] = [];
  const bases = [{ landed: sync.effects, refused: null as PodEffect | null, spends: 0 }];
  for (const { f, spends } of refusals) bases.push({ landed: f.landed, refused: f.failed, spends });
  for (const base of bases) {
    const revisions = [...new Set(base.landed.flatMap((e) => (e.kind === 'create' ? [e.revision] : [])))];
    const counts = revisions.map((r) => base.landed.filter((e) => e.kind === 'create' && e.revision === r).length);
    for (const taken of countVectors(counts, most - base.spends)) {
      // The first creations of each revision are the ones that never landed (any would do).
      const left = taken.slice();
      const effects: PodEffect[] = [];
      const lost: PodEffect[] = [];
      for (const e of base.landed) {
        const r = e.kind === 'create' ? revisions.indexOf(e.revision) : -1;
        if (r >= 0 && left[r]! > 0) {
          left[r]!--;
          lost.push(e);
        } else effects.push(e);
      }
      const refused = base.refused === null ? '' : `, ${picksWords(pods, [base.refused])}${REFUSED_TOO_WORDS}`;
      out.push({
        sync: { phase: 'scale', effects, unlandedCreations: lost.length },
        picks: `${TIMED_OUT_PICKS}${picksWords(pods, lost)}${UNLANDED_WORDS}${refused}${LANDED_WORDS}${picksWords(pods, effects)}`,
        spends: base.spends + lost.length,
      });
    }
  }
  return out;
}

/** Every vector of counts, each from 0 to its bound in `bounds`, summing to 1..`most`, in a fixed order. */
function countVectors(bounds: readonly number[], most: number): number[][] {
  const out: number[][] = [];
  const go = (i: number, acc: number[], sum: number): void => {
    if (i === bounds.length) {
      if (sum >= 1) out.push(acc);
      return;
    }
    // Earlier revisions' creations first, as the pods are created (NewVersionedPods: current revision first).
    for (let k = Math.min(bounds[i]!, most - sum); k >= 0; k--) go(i + 1, [...acc, k], sum + k);
  };
  go(0, [], 0);
  return out;
}

/**
 * getActiveRevisions on the model's history, listed as ControllerRevisions numbered by position (the latest
 * last), for the CloneSet as the controller read it.
 */
function activeRevisions(history: readonly RevId[], seen: SpecAndStatus): ActiveRevisions<RevId> {
  const listed: ControllerRevision<RevId>[] = history.map((r, i) => ({ name: revName(r), number: i + 1, template: r }));
  return getActiveRevisions(listed, seen.spec.template, revName, revName(seen.status.currentRevision));
}

/**
 * getActiveRevisions and its write: on the history as it is, or with staleRevisions on the revision cache's
 * list (revision-cache.ts), where the write may fail.
 */
function revisionsRead(s: CloneSetState, seen: SpecAndStatus, tieSwapped = false): RevisionRead {
  const numbers = s.observed?.revisions ?? null;
  if (numbers !== null) return readRevisions(s.history, numbers, seen, tieSwapped);
  const active = activeRevisions(s.history, seen);
  return { kind: 'read', active, history: templatesByNumber(active.history), revisions: null };
}

/**
 * Whether the reconcile's revision write fails (staleRevisions only, revision-cache.ts): doReconcile returns
 * the error before any pod write or status, so the reconcile changes nothing.
 */
const revisionWriteFails = (s: CloneSetState, seen: SpecAndStatus, tieSwapped = false): boolean =>
  s.observed?.revisions != null && readRevisions(s.history, s.observed.revisions, seen, tieSwapped).kind === 'fails';

/** The revisions' templates in ascending revision number (getActiveRevisions returns them so; sorted if not). */
function templatesByNumber(history: readonly ControllerRevision<RevId>[]): RevId[] {
  const out: RevId[] = [];
  for (const r of byNumber(history)) out.push(r.template);
  return out;
}

/**
 * Writes the inputs `decide` reads into the memo's key (many states share them: they differ in budgets and
 * status), after `tag`: 0 for the single decision, 1..7 for the outcomes of the same inputs with free
 * choices, pod-write failures and listed pods the cache shows stale (`unseen`, unseenOf), in any mix.
 */
function decisionKey(
  memo: DecisionMemo<unknown>,
  tag: number,
  s: CloneSetState,
  seen: SpecAndStatus,
  listedPods: readonly Pod[],
  unseen: readonly number[] = NO_UNSEEN,
): void {
  memo.begin();
  memo.push(tag);
  memo.push(unseen.length);
  for (let i = 0; i < unseen.length; i++) memo.push(unseen[i]!);
  memo.push(seen.spec.replicas);
  // Paused in the template's word (templates are below 16): a key of the same length as without it.
  memo.push(seen.spec.paused ? seen.spec.template | 0x40 : seen.spec.template);
  // The strategy indices above the partition's (both 0 without strategy edits: the word is as before).
  memo.push(seen.spec.partition | (seen.spec.surge << 8) | (seen.spec.unavailable << 10));
  // The Progressing condition read above the revision (below 16): calculateProgressingStatus reads it.
  memo.push(seen.status.currentRevision | (progressCode(seen.status.progressing) << 4));
  const h = s.history;
  memo.push(h.length);
  for (let i = 0; i < h.length; i++) memo.push(h[i]!);
  // With staleRevisions, each revision's number, the cache's (31: synced) and its creation place, in one
  // 16-bit word (ranks are at most 2 × 15 templates, 0 for not cached; places at most 15): the cached list
  // and a tie's order come from them.
  const rn = s.observed?.revisions;
  if (rn != null)
    for (let i = 0; i < h.length; i++)
      memo.push(rn.numbers[i]! | ((rn.cached === null ? 31 : rn.cached[i]!) << 5) | (rn.created[i]! << 10));
  for (let i = 0; i < listedPods.length; i++) memo.push(podCode(listedPods[i]!));
}

const IDLE: SyncResult = Object.freeze({ phase: 'none', effects: [] });
const NO_SITES: readonly FreeChoiceSite[] = Object.freeze([]);
const NO_UNSEEN: readonly number[] = Object.freeze([]);

/**
 * The listed pods whose truth the controller's pod cache has not shown, as `3 × listed index + 1` for a pod
 * deleted already (a user's delete, or the controller's own whose expectation expired), `3 × listed index`
 * for a live pod changed since (a newer resourceVersion) and `3 × listed index + 2` for a pod that failed: a
 * Failed pod is still in the API server, where a write to it lands as on any changed pod (but a delete of it
 * is done at once: it is terminated). Upstream's writes to such a pod may fail of themselves, or not land,
 * by what they carry (failures.ts PodFreshness, mayLand, mayFailFree).
 */
function unseenOf(s: CloneSetState, cached: CachedPods | null): readonly number[] {
  if (cached === null) return NO_UNSEEN;
  const es = s.observed!.pods;
  if (es.length === 0) return NO_UNSEEN;
  let out: number[] | null = null;
  const src = cached.sources;
  for (let i = 0; i < src.length; i++) {
    const x = src[i]!;
    if (x.kind !== 'entry') continue;
    if (out === null) out = [];
    const e = es[x.index]!;
    out.push(3 * i + (e.truth !== null ? UNSEEN_CHANGED : e.failed === true ? UNSEEN_FAILED : UNSEEN_DELETED));
  }
  return out ?? NO_UNSEEN;
}

// What unseenOf says of a listed pod, after 3 × its listed index.
const UNSEEN_CHANGED = 0;
const UNSEEN_DELETED = 1;
const UNSEEN_FAILED = 2;

/** What `unseen` (unseenOf) says of the listed pod at `index`: one of the UNSEEN_ kinds, or -1 (cached as it is). */
function unseenKind(unseen: readonly number[], index: number): number {
  for (let i = 0; i < unseen.length; i++) {
    const x = unseen[i]!;
    if (x - (x % 3) === 3 * index) return x % 3;
  }
  return -1;
}

/** The freshness of the pod each write goes to, by `unseen` (unseenOf): a Failed pod is a changed one. */
function freshnessIn(unseen: readonly number[]): (e: PodEffect) => PodFreshness {
  if (unseen.length === 0) return ALL_CACHED;
  return (e) => {
    if (e.kind === 'create') return 'cached';
    const k = unseenKind(unseen, e.index);
    return k < 0 ? 'cached' : k === UNSEEN_DELETED ? 'deleted' : 'changed';
  };
}

/** Whether the listed pod at `index` failed (phase Failed), by `unseen` (unseenOf). */
const failedIn =
  (unseen: readonly number[]) =>
  (index: number): boolean =>
    unseenKind(unseen, index) === UNSEEN_FAILED;

/** Whether a write of `effects` may fail of itself on a pod the cache shows stale (mayFailFree): the reconcile branches. */
function mayFailOfItself(effects: readonly PodEffect[], freshness: (e: PodEffect) => PodFreshness): boolean {
  for (let i = 0; i < effects.length; i++) {
    const e = effects[i]!;
    if (mayFailFree(e, freshness(e))) return true;
  }
  return false;
}

/**
 * The pods after a reconcile's effects and the Observation with them: with a lagging pod cache the effects
 * land on the pods as they are (not as cached) and are awaited; otherwise the decision's pods, or this
 * state's own array when it has no effects (memoised decisions are shared between states: step properties
 * recognise an unchanged pod list by identity).
 */
function appliedPods(s: CloneSetState, d: Decision, cached: CachedPods | null): { pods: readonly Pod[]; observed: Observation | null } {
  if (cached === null || (d.sync.effects.length === 0 && d.sync.unlandedCreations === undefined))
    return { pods: d.pods ?? s.pods, observed: s.observed };
  return applyToTruth(
    s,
    cached,
    d.sync.effects,
    (e) => ({ rev: revIdOf(e.revision), lifecycle: 'PreparingNormal', ready: false, marked: false }),
    patched,
    d.sync.lostReplies,
    d.sync.unlandedCreations,
  );
}

// A patch effect applied to a pod, by effect and pod code: the effects are those of memoised decisions (few,
// and shared by every state that reaches the same decision), and the result depends on nothing else, where
// working it out goes through upstream-shaped pods and back, several objects for one pod.
const PATCHED = new WeakMap<PodEffect, Pod[]>();

function patched(p: Pod, e: PodEffect): Pod {
  let byPod = PATCHED.get(e);
  if (byPod === undefined) {
    byPod = [];
    PATCHED.set(e, byPod);
  }
  const code = podCode(p);
  const known = byPod[code];
  if (known !== undefined) return known;
  const q = canonicalPods(applyEffects([controllerPod(p)], [{ ...e, index: 0 } as PodEffect]).map(fromControllerPod))[0] ?? p;
  byPod[code] = q;
  return q;
}

/** What a reconcile of `s` read: the cached CloneSet, the pod cache (null: exact) and the pods listed. */
interface Reading {
  readonly seen: SpecAndStatus;
  readonly cached: CachedPods | null;
  readonly listedPods: readonly Pod[];
  /** The revision cache's two latest, tied in number, in the other order (free choices; revision-cache.ts). */
  readonly tieSwapped?: true;
}

function readingOf(v: ScenarioView, s: CloneSetState): Reading {
  // The CloneSet as the controller's informer cache holds it (s itself unless reads may be stale).
  const seen = cachedObject(s);
  // The pods as the controller's pod cache lists them (s.pods itself with expectations ideal).
  const cached = podCacheLags(v) ? cachedPods(s) : null;
  return { seen, cached, listedPods: cached === null ? s.pods : cached.pods };
}

/**
 * What holds a reconcile back (doReconcile, pkg/controller/cloneset/cloneset_controller.go), asked before the
 * pods are read (readingOf), which a held-back reconcile does not need: unsatisfied scale expectations return
 * before the pods are listed; a pod's unsatisfied resourceVersion expectation (a patch the cache has not
 * shown) returns only after getActiveRevisions, so that reconcile may still mint or renumber the live
 * template's ControllerRevision. Neither writes a status.
 */
const gateOf = (v: ScenarioView, s: CloneSetState): Awaited => (podCacheLags(v) ? awaitedGate(s) : 'none');

/**
 * A reconcile held back by a pod's resourceVersion expectation: only getActiveRevisions has run, on the
 * CloneSet as cached. The history changes when the cached template is not the latest revision's.
 */
function revisionsOnly(s: CloneSetState): ReconcileOutcome {
  const seen = cachedObject(s);
  const numbers = s.observed?.revisions ?? null;
  if (numbers !== null) {
    const read = readRevisions(s.history, numbers, seen);
    if (read.kind === 'fails' || read.revisions === numbers) return idle(s);
    const observed = withRevisions(s.observed, read.revisions);
    return {
      state: stateOf(s.spec, s.pods, s.status, s.pending, read.history, s.stable, s.budgets, observed),
      sync: IDLE,
      status: s.status,
    };
  }
  const h = s.history;
  // getActiveRevisions' 'latest' case, tested first so that the common held-back reconcile allocates nothing.
  if (h.length > 0 && h[h.length - 1] === seen.spec.template) return idle(s);
  const history = templatesByNumber(activeRevisions(h, seen).history);
  const state = stateOf(s.spec, s.pods, s.status, s.pending, history, s.stable, s.budgets, s.observed);
  return { state, sync: IDLE, status: s.status };
}

/** `o` with the revision numbers a reconcile left (staleRevisions), or `o` itself when they are its own. */
function withRevisions(o: Observation | null, revisions: RevisionNumbers | null): Observation | null {
  if (o === null || revisions === null || o.revisions === revisions) return o;
  return observationOf(o.lag, o.generationUnobserved, o.pendingUnobserved, o.writeFailures, o.podWriteFailures, o.pods, revisions);
}

/** A reconcile that changes nothing. */
const idle = (s: CloneSetState): ReconcileOutcome => ({ state: s, sync: IDLE, status: s.status });

/** The reconcile of a state held back by expectations (gateOf not 'none'). */
const heldBack = (s: CloneSetState, gate: Awaited): ReconcileOutcome => (gate === 'scale' ? idle(s) : revisionsOnly(s));

function outcomeOf(v: ScenarioView, s: CloneSetState, decided: Decision, r: Reading): ReconcileOutcome {
  // With a lagging cache the condition's time is the read copy's or this reconcile's (condition-order.ts).
  const timed = ranksConditions(v) ? withConditionTime(decided.status, r.seen.status) : decided.status;
  const d = timed === decided.status ? decided : { ...decided, status: timed };
  // inconsistentStatus: a status equal to the one read at the start (from the cache) is not written at all,
  // unless that status has not observed its CloneSet's generation (a spec edit no write has carried yet).
  const changed = !sameStatus(d.status, r.seen.status) || cachedGenerationUnobserved(s);
  const inline = v.scenario.statusWrite === 'inline';
  // Without a lagging pod cache (the common case, asked for every explored state) no object is made for
  // the pods and Observation: they are the decision's pods and the state's own Observation.
  const applied = r.cached === null ? null : appliedPods(s, d, r.cached);
  const observed = withRevisions(applied === null ? s.observed : applied.observed, d.revisions);
  return {
    state: stateOf(
      s.spec,
      applied === null ? (d.pods ?? s.pods) : applied.pods,
      inline && changed ? d.status : s.status,
      !inline && changed ? d.status : null,
      d.history,
      s.stable,
      s.budgets,
      // An inline write is a new CloneSet version, which the cache may lag; a status to write carries the
      // cached version's generation.
      changed ? afterStatusComputed(v, s, observed, inline) : observed,
    ),
    sync: d.sync,
    status: d.status,
  };
}

/**
 * The reconcile with the canonical pick at every free choice, every write of it landing on the pod behind
 * the cached one, even a write that pod would refuse (the condition write on a stale pod): a reference for
 * tests. The explorer's steps come from singleReconcile and reconcileChoices, which say where a write
 * fails of itself.
 */
export function reconcile(v: ScenarioView, s: CloneSetState): ReconcileOutcome {
  return reconcileOnce(v, s, false) as ReconcileOutcome;
}

/**
 * The reconcile's one outcome without free choices or pod-write failures; null where it branches even so:
 * a write of it goes to a pod deleted already, which may be terminating (the write lands) or gone
 * (NotFound ends its loop), reconcileChoices.
 */
export function singleReconcile(v: ScenarioView, s: CloneSetState): ReconcileOutcome | null {
  return reconcileOnce(v, s, true);
}

function reconcileOnce(v: ScenarioView, s: CloneSetState, branching: boolean): ReconcileOutcome | null {
  const gate = gateOf(v, s);
  if (gate !== 'none') return heldBack(s, gate);
  const r = readingOf(v, s);
  if (revisionWriteFails(s, r.seen)) return idle(s);
  const memo = v.reconcileMemo;
  decisionKey(memo, 0, s, r.seen, r.listedPods);
  const d = (memo.find() as Decision | undefined) ?? memo.add(decide(v, s, r.seen, r.listedPods));
  if (branching && r.cached !== null && d.sync.effects.length > 0 && mayFailOfItself(d.sync.effects, freshnessIn(unseenOf(s, r.cached))))
    return null;
  return outcomeOf(v, s, d, r);
}

/** One way a reconcile can go when upstream's free choices branch, with what it picked in words. */
export interface ReconcileChoice extends ReconcileOutcome {
  /** What the outcome did to pods, and which free choices were open, in words (the trace label). */
  readonly picks: string;
  /** The free choices the sync met on the way to this outcome (the first run that reached it). */
  readonly sites: readonly FreeChoiceSite[];
}

/** A pod effect in words, naming the pod it acts on as the snapshot listed it. */
function effectWords(pods: readonly Pod[], e: PodEffect): string | null {
  const pod = (i: number): string => describePod(pods[i]!);
  switch (e.kind) {
    case 'create':
      return `create ${e.revision}`;
    case 'delete':
      return `delete ${pod(e.index)}`;
    case 'setLifecycle':
      return `${pod(e.index)} → ${e.lifecycle}`;
    case 'markSpecifiedDelete':
      return `mark ${pod(e.index)}`;
    case 'inPlaceUpdate':
      return `update ${pod(e.index)} in place to ${e.revision}`;
    case 'startInPlaceUpdate':
      return `${pod(e.index)} → InPlaceUpdateReady False`;
    case 'setInPlaceUpdateReady':
      return null;
  }
}

/** The effects in words, equal ones counted ("delete v1 ready ×2"), in a fixed order. */
function picksWords(pods: readonly Pod[], effects: readonly PodEffect[]): string {
  const counts = new Map<string, number>();
  for (const e of effects) {
    const w = effectWords(pods, e);
    if (w !== null) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  const words = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([w, n]) => (n === 1 ? w : `${w} ×${n}`));
  return words.length === 0 ? 'no pod change' : words.join(', ');
}

type ChoiceDecision = Decision & Pick<ReconcileChoice, 'picks' | 'sites'>;

/** A failing outcome's decision, with the failures it spends (failuresSpent). */
type FailedDecision = ChoiceDecision & { readonly spends: number };

const SITE_WORDS: Readonly<Record<FreeChoiceSite, string>> = {
  'scale-down-order': 'scale-down order',
  'scale-down-list-order': 'scale-down list order',
  'specified-delete-order': 'specified-delete order',
  'update-order': 'update order',
  'preparing-delete-order': 'preparing-delete order',
};

/** One run of the sync: its decision, the free choices it met, and with failures its failing outcomes. */
interface Run {
  readonly d: Decision;
  readonly sites: readonly FreeChoiceSite[];
  readonly failed: readonly FailedDecision[];
}

/** A reconcile's outcomes, normal and failing, each distinct (the canonical pick's first). */
interface Outcomes {
  readonly normal: readonly ChoiceDecision[];
  /** With pod-write failures: the outcomes where one of its writes fails (model/controller/failures.ts). */
  readonly failed: readonly FailedDecision[];
}

/**
 * Every distinct way a reconcile can go (docs/model.md, "Free choices", "Failing pod writes"): with free
 * choices the sync is run once per sequence of tie-break picks (model/controller/ties.ts), else once with the
 * canonical pick; with `failures`, each run's failing outcomes too. Outcomes with the same pods are one
 * outcome. Revisions and the status come from the snapshot, so they are the same in all of them (doReconcile
 * writes the status whatever syncCloneSet returned).
 */
function decideOutcomes(
  v: ScenarioView,
  s: CloneSetState,
  r: Reading,
  free: boolean,
  failures: boolean,
  unseen: readonly number[],
): Outcomes {
  const freshness = freshnessIn(unseen);
  const failedPod = failedIn(unseen);
  // Writes told apart by their pod's freshness, and a Failed pod from a live changed twin.
  const tag = (e: PodEffect): string => (e.kind !== 'create' && failedPod(e.index) ? 'failed' : freshness(e));
  const run = (ties: TieBreaker | undefined): Run => {
    const sites: FreeChoiceSite[] = [];
    const recording: TieBreaker | undefined =
      ties === undefined
        ? undefined
        : {
            pick(n, site) {
              if (!sites.includes(site)) sites.push(site);
              return ties.pick(n, site);
            },
          };
    const inputs = inputsOf(v, s, r.seen, r.listedPods, recording, r.tieSwapped === true);
    const d = decisionOf(v, inputs, syncCloneSet(inputs.spec, inputs.pods, inputs.ctx));
    if (!failures && !mayFailOfItself(d.sync.effects, freshness)) return { d, sites, failed: [] };
    const updateAfterFailedDelete = VARIANTS[v.scenario.controller].stopsAfterFailedDelete !== true;
    // With free choices, a loop that walks the pod list may have written any of its pods before the refused one.
    const failed: FailedDecision[] = [];
    const timeouts = failures && timedOutWritesStop(v.scenario);
    const keeps = failures && keepsTimedOutCreations(v.scenario);
    const ways = failingSyncs(
      d.sync,
      () => update(inputs.spec, inputs.pods, inputs.ctx),
      updateAfterFailedDelete,
      free,
      failedPod,
      timeouts,
    );
    const refusedCreations: { f: FailedSync; spends: number }[] = [];
    for (const f of ways) {
      // A write to a pod the cache shows stale may fail of itself (no failure spent); one that cannot land
      // on its pod, or comes after the pod was gone, makes the way impossible (a timeout too: on a pod gone,
      // the write cannot have landed).
      const spends = failuresSpent(f, freshness);
      if ((!failures && spends > 0) || !landsWith(f.landed, freshness, f.failed, f.failedAt)) continue;
      // A creation taken as made (keepsTimedOutCreations) stops no loop when it times out. proposed settles
      // timed-out writes, so it has no such way here; a variant that keeps without settling would.
      if (keeps && f.timedOut === true && f.failed.kind === 'create') continue;
      // A Scale stopped at a refused creation, with some landed: some of those may never have landed instead.
      if (
        keeps &&
        f.phase === 'scale' &&
        f.failed.kind === 'create' &&
        f.timedOut !== true &&
        f.thenFailed === undefined &&
        f.landed.length > 0
      )
        refusedCreations.push({ f, spends });
      failed.push({
        ...decisionOf(v, inputs, { phase: f.phase, effects: f.landed, ...lostRepliesOf(f) }),
        picks: failureWords(r.listedPods, f, freshness, spends),
        sites: NO_SITES,
        spends,
      });
    }
    if (keeps)
      for (const u of unlandedWays(d.sync, r.listedPods, refusedCreations, observeOptions(v.scenario).podWriteFailures))
        failed.push({ ...decisionOf(v, inputs, u.sync), picks: u.picks, sites: NO_SITES, spends: u.spends });
    return { d, sites, failed };
  };
  const runs = free ? enumerateChoices(run) : [run(undefined)];
  const normal: ChoiceDecision[] = [];
  const failed: FailedDecision[] = [];
  const seen = new Set<string>();
  const podsKey = (d: Decision): string => (d.pods ?? r.listedPods).map(podCode).join(',');
  for (const { d, sites } of runs) {
    // An outcome that lands a write its pod would refuse does not happen (its failing ways do).
    if (!landsWith(d.sync.effects, freshness)) continue;
    // Where a stale pod is listed, a twin of it the cache shows as it is may be written instead, to other effect.
    const key = unseen.length === 0 ? podsKey(d) : `${podsKey(d)}|${writesKey(r.listedPods, d.sync.effects, tag)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const where = sites.length === 0 ? '' : ` (${sites.map((x) => SITE_WORDS[x]).join(', ')})`;
    normal.push({ ...d, picks: `${picksWords(r.listedPods, d.sync.effects)}${where}${landedWords(d.sync.effects, freshness)}`, sites });
  }
  // Failing outcomes are told apart by the writes that landed, not by the pods they leave: with a lagging
  // pod cache two such lists may leave the same cached pods and await different writes. One equal to a
  // normal outcome but for the budget is left out later, state by state (reconcileChoices).
  // Ways that spend one failure first, so that one that spends two is kept only where it reaches more; at
  // equal spending refusals before timeouts, so that a timeout is offered only where it reaches a state no
  // refusal does (a creation that timed out with nothing modified may leave the pods a later refusal does).
  const landed = new Set<string>();
  const all = runs.flatMap((x) => x.failed).sort((a, b) => failingOrder(a) - failingOrder(b));
  for (const f of all) {
    const lost = f.sync.lostReplies;
    const key =
      writesKey(r.listedPods, f.sync.effects, tag) +
      (lost === undefined ? '' : `|lost ${lost.join(',')}`) +
      (f.sync.unlandedCreations === undefined ? '' : `|unlanded ${f.sync.unlandedCreations}`);
    if (landed.has(key)) continue;
    landed.add(key);
    failed.push(f);
  }
  return { normal, failed };
}

/** Where a failing outcome comes among a reconcile's: fewest failures spent first, and at equal spending refusals before timeouts. */
const failingOrder = (f: FailedDecision): number => 2 * f.spends + (f.picks.startsWith(TIMED_OUT_PICKS) ? 1 : 0);

/**
 * A list of writes as a string, each pod named by its code as listed and its freshness tag (identical pods
 * are interchangeable, but a terminating twin is not the live one, nor a changed one the one cached as it
 * is, nor a Failed one a live changed one).
 */
function writesKey(pods: readonly Pod[], effects: readonly PodEffect[], freshness: (e: PodEffect) => string): string {
  return effects
    .map((e) => {
      if (e.kind === 'create') return `create ${e.revision}`;
      const { index, ...what } = e;
      return `${podCode(pods[index]!)}${freshness(e)} ${JSON.stringify(what)}`;
    })
    .join(';');
}

/** How a reconcile outcome with a refused pod write begins its `picks`. */
const FAILING_PICKS = 'write fails: ';

/**
 * How one begins whose refused writes failed of themselves (mayFailFree), by the first one's pod: deleted
 * already (NotFound, or a conflict with the deletion), or changed since the cache saw it (a conflict). No
 * failure of the API server, so a step of the controller's own, not a disturbance.
 */
const FREE_PICKS: Readonly<Record<PodFreshness, string>> = { deleted: 'pod deleted: ', changed: 'pod changed: ', cached: '' };

/**
 * After the picks of an outcome whose writes landed where they might have failed of themselves: on a pod
 * deleted already, still terminating; an in-place update on a changed pod, once the cache caught up.
 */
function landedWords(effects: readonly PodEffect[], freshness: (e: PodEffect) => PodFreshness): string {
  let deleted = false;
  let changed = false;
  for (const e of effects) {
    if (!mayFailFree(e, freshness(e))) continue;
    if (freshness(e) === 'deleted') deleted = true;
    else changed = true;
  }
  return (deleted ? TERMINATING_WORDS : '') + (changed ? CAUGHT_UP_WORDS : '');
}

const TERMINATING_WORDS = ' (a deleted pod still terminating)';
const CAUGHT_UP_WORDS = ' (retried until the cache caught up)';

/** After a write that failed of itself (mayFailFree), in an outcome that spends failures too. */
const FREE_WORDS: Readonly<Record<PodFreshness, string>> = { deleted: ' (pod deleted)', changed: ' (pod changed)', cached: '' };

/** How one begins whose failed write timed out after it landed (podWriteTimeouts): it spends a failure too. */
const TIMED_OUT_PICKS = 'write times out: ';

/** Whether a reconcile outcome's `picks` say a pod write was refused or timed out (podWriteFailures). */
export const isFailingPicks = (picks: string): boolean => picks.startsWith(FAILING_PICKS) || picks.startsWith(TIMED_OUT_PICKS);

/**
 * Whether `picks` tell one way of several a reconcile may go, even where it is the only one left: a refused
 * write, a write that failed of itself, or one that landed where it might have failed (landedWords).
 */
export const picksTellAWay = (picks: string): boolean =>
  isFailingPicks(picks) ||
  picks.startsWith(FREE_PICKS.deleted) ||
  picks.startsWith(FREE_PICKS.changed) ||
  picks.includes(TERMINATING_WORDS) ||
  picks.includes(CAUGHT_UP_WORDS);

/**
 * Why a reconcile's pod write failed: `refused` by the API server; `timedOut` (it landed, the reply was lost:
 * podWriteTimeouts), awaited by nothing; `timedOutUnlanded`, `proposed`'s creation that timed out and never
 * landed, its scale expectation kept (keepsTimedOutCreations); or of itself on a pod `deleted` or `changed`
 * since the cache saw it.
 */
export type FailureCause = 'refused' | 'timedOut' | 'timedOutUnlanded' | 'deleted' | 'changed';

/** A failed write in words (failedWriteOf); `refusedToo`: a creation refused in a Scale whose others never landed. */
export interface FailedWrite {
  readonly cause: FailureCause;
  readonly write: string;
  readonly refusedToo?: string;
}

/**
 * The write a reconcile outcome's picks say failed, in words, and why: `refused` by the API server
 * (podWriteFailures; the words run on to `, then Update's … fails` where that failed too), `timedOut` after
 * it landed (podWriteTimeouts: `… times out`; it is among the landed writes), `timedOutUnlanded`, or of
 * itself on a pod `deleted` or `changed` (each ` fails` left out); null for an outcome with no failed
 * write. Readers of a trace's labels (the issue report) ask this rather than parse the words failureWords
 * makes.
 */
export function failedWriteOf(picks: string): FailedWrite | null {
  const at = picks.indexOf(LANDED_WORDS);
  if (at < 0) return null;
  const said = picks.slice(0, at);
  if (said.startsWith(FAILING_PICKS)) return { cause: 'refused', write: said.slice(FAILING_PICKS.length) };
  if (said.startsWith(TIMED_OUT_PICKS)) {
    const write = said.slice(TIMED_OUT_PICKS.length);
    const unlanded = write.indexOf(UNLANDED_WORDS);
    if (unlanded < 0) return { cause: 'timedOut', write };
    const rest = write.slice(unlanded + UNLANDED_WORDS.length);
    const refused = rest.startsWith(', ') && rest.endsWith(REFUSED_TOO_WORDS) ? rest.slice(2, -REFUSED_TOO_WORDS.length) : null;
    return { cause: 'timedOutUnlanded', write: write.slice(0, unlanded), ...(refused === null ? {} : { refusedToo: refused }) };
  }
  for (const cause of ['deleted', 'changed'] as const)
    if (said.startsWith(FREE_PICKS[cause])) return { cause, write: said.slice(FREE_PICKS[cause].length).replace(/ fails(?=,|$)/g, '') };
  return null;
}

/** Between a failing outcome's failed write and the writes that landed before it. */
const LANDED_WORDS = '; landed: ';

/** After `proposed`'s creations that timed out and never landed (unlandedWays). */
const UNLANDED_WORDS = ' (never landed; expectation kept)';

/** After a creation refused in the same Scale as creations that never landed (unlandedWays). */
const REFUSED_TOO_WORDS = ' refused';

/**
 * A failing outcome in words: the write that failed and what landed; begun by FAILING_PICKS where it spends
 * failures, by TIMED_OUT_PICKS where its failed write timed out, by FREE_PICKS where its writes failed of
 * themselves only. A write that timed out on a pod the cache shows changed was retried until the cache caught
 * up (an in-place update), so it says so.
 */
function failureWords(pods: readonly Pod[], f: FailedSync, freshness: (e: PodEffect) => PodFreshness, spends: number): string {
  const free = (e: PodEffect): boolean => mayFailFree(e, freshness(e));
  const words = (e: PodEffect, timedOut: boolean): string =>
    (effectWords(pods, e) ?? `InPlaceUpdateReady of ${describePod(pods[(e as { index: number }).index]!)}`) +
    (spends > 0 && free(e)
      ? timedOut && e.kind === 'inPlaceUpdate' && freshness(e) === 'changed'
        ? CAUGHT_UP_WORDS
        : FREE_WORDS[freshness(e)]
      : '');
  const then =
    f.thenFailed === undefined
      ? ''
      : `, then Update's ${words(f.thenFailed, f.thenTimedOut === true)} ${f.thenTimedOut === true ? 'times out' : 'fails'}`;
  const landed = `${LANDED_WORDS}${picksWords(pods, f.landed)}`;
  if (f.timedOut === true) return `${TIMED_OUT_PICKS}${words(f.failed, true)}${then}${landed}`;
  return spends > 0
    ? `${FAILING_PICKS}${words(f.failed, false)}${then}${landed}`
    : `${FREE_PICKS[freshness(f.failed)]}${words(f.failed, false)} fails${then}${landed}`;
}

/**
 * The reconcile's outcomes: one (the canonical pick) without `freeChoices`, pod-write failures or a write
 * to a pod the cache shows stale; every distinct one with them (the canonical pick first, unless a write of
 * it cannot land: then maybe none, an idle reconcile).
 */
export function reconcileChoices(v: ScenarioView, s: CloneSetState): readonly ReconcileChoice[] {
  const free = v.scenario.freeChoices === true;
  const failures = podWriteMayFail(s);
  if (!free && !failures) {
    const single = singleReconcile(v, s);
    if (single !== null) return [{ ...single, picks: '', sites: [] }];
  }
  const gate = gateOf(v, s);
  if (gate !== 'none') {
    // Fields named, not spread: asked of every held-back state with free choices (a spread here made the
    // realistic bench row 1.2x slower, docs/performance.md "Session 16").
    const o = heldBack(s, gate);
    return [{ state: o.state, sync: o.sync, status: o.status, picks: '', sites: NO_SITES }];
  }
  const first = readingOf(v, s);
  // With free choices, every order the informer may list pods the cache shows alike in (listOrders), and both
  // orders of two tied latest revisions; a reading whose revision write fails has no outcome.
  const readings = (free ? withTieOrders(s, listOrders(first)) : [first]).filter(
    (r) => !revisionWriteFails(s, r.seen, r.tieSwapped === true),
  );
  if (readings.length === 0) return [{ ...idle(s), picks: '', sites: NO_SITES }];
  // Its own key per kind (tags 1..7): the memo may also hold the single decision for the same inputs
  // (reconcile above, tag 0), and the failing outcomes do not depend on how many failures are left.
  const memo = v.reconcileMemo;
  const tag = (free ? 1 : 0) + (failures ? 2 : 0);
  const decided: Outcomes[] = [];
  for (let k = 0; k < readings.length; k++) {
    const r = readings[k]!;
    const unseen = unseenOf(s, r.cached);
    decisionKey(memo, tag + (unseen.length > 0 ? 4 : 0) + (r.tieSwapped === true ? 8 : 0), s, r.seen, r.listedPods, unseen);
    decided.push((memo.find() as Outcomes | undefined) ?? memo.add(decideOutcomes(v, s, r, free, failures, unseen)));
  }
  // Fields named, not spread, and loops, not `map` with a closure: this runs for every state a reconcile
  // is enabled in. Outcomes of a later list order that an earlier one reaches are left out.
  const out: ReconcileChoice[] = [];
  for (let k = 0; k < readings.length; k++) {
    const ds = decided[k]!;
    for (let i = 0; i < ds.normal.length; i++) {
      const d = ds.normal[i]!;
      const o = outcomeOf(v, s, d, readings[k]!);
      if (k > 0 && out.some((c) => sameState(c.state, o.state))) continue;
      out.push(choiceOf(o, d, readings[k]!, first));
    }
  }
  // Wherever the sync has writes to refuse, even where they change nothing (a write to a pod deleted
  // already: refused, the loop ends and after a Scale Update runs), and only outcomes that differ from the
  // state and from every normal outcome.
  const ways: { readonly d: FailedDecision; readonly r: Reading }[] = [];
  const left = failures ? s.observed!.podWriteFailures : 0;
  for (let k = 0; k < readings.length; k++) for (const d of decided[k]!.failed) if (d.spends <= left) ways.push({ d, r: readings[k]! });
  if (ways.length > 0) {
    // Fewest failures spent first, over every list order (a stable sort: each order's own ways are so).
    if (readings.length > 1) ways.sort((x, y) => failingOrder(x.d) - failingOrder(y.d));
    const normal = out.length;
    const spends: number[] = [];
    for (const { d, r } of ways) {
      const o = outcomeOf(v, s, d, r);
      // The state itself, or one an outcome that spends no more failures reaches.
      if (sameState(o.state, s) || out.some((c) => sameState(c.state, o.state))) continue;
      out.push(choiceOf(o, d, r, first));
      spends.push(d.spends);
    }
    for (let i = normal; i < out.length; i++)
      if (spends[i - normal]! > 0) out[i] = { ...out[i]!, state: spendPodWriteFailures(out[i]!.state, spends[i - normal]!) };
  }
  return out;
}

/**
 * A reconcile choice from an outcome and its decision, read from `r`: its picks say where `r` is not the
 * fixed reading `first` (another list order of pods the cache shows alike, listOrders; tied revisions in the
 * other order, withTieOrders). Fields named, not spread: built for every outcome offered.
 */
const choiceOf = (o: ReconcileOutcome, d: ChoiceDecision, r: Reading, first: Reading): ReconcileChoice => ({
  state: o.state,
  sync: o.sync,
  status: o.status,
  picks: `${d.picks}${r.cached === first.cached ? '' : LIST_ORDER_WORDS}${r.tieSwapped === true ? TIE_ORDER_WORDS : ''}`,
  sites: d.sites,
});

/** After the picks of an outcome of a list order other than the fixed one (listOrders). */
const LIST_ORDER_WORDS = ' (pods the cache shows alike in another list order)';

/** After the picks of an outcome that read two tied latest revisions in the other order (withTieOrders). */
const TIE_ORDER_WORDS = ' (the two latest revisions, tied in number, in the other order)';

/**
 * The readings and, where the revision cache's two latest tie in number (staleRevisions), each again with them
 * in the other order: SortControllerRevisions orders them by CreationTimestamp, which two created within one
 * second share (then by hashed name), so either may be the latest.
 */
function withTieOrders(s: CloneSetState, readings: readonly Reading[]): readonly Reading[] {
  if (!revisionTopTied(s)) return readings;
  return [...readings, ...readings.map((r): Reading => ({ ...r, tieSwapped: true }))];
}

/** Past this many pods the cache shows alike, only the fixed list order (docs/model.md, "Free choices"). */
const MAX_TWINS = 4;

/**
 * The pod cache's list in every order of pods it shows alike, a stale one among them, that the informer
 * may give: upstream's sorts leave such pods in list order, so which of them a loop writes to first is
 * free. The fixed order (the pods held as they are first, cachedPods) comes first; a list with no such
 * group, or one of more than MAX_TWINS pods, has only that one.
 */
function listOrders(r: Reading): readonly Reading[] {
  const c = r.cached;
  if (c === null) return [r];
  const pods = c.pods;
  const src = c.sources;
  let orders: PodSource[][] | null = null;
  for (let i = 0; i < pods.length; ) {
    const code = podCode(pods[i]!);
    let j = i + 1;
    let entries = src[i]!.kind === 'entry' ? 1 : 0;
    for (; j < pods.length && podCode(pods[j]!) === code; j++) if (src[j]!.kind === 'entry') entries++;
    if (j - i >= 2 && j - i <= MAX_TWINS && entries > 0) {
      const group = src.slice(i, j);
      const arranged = arrangements(group);
      const base = orders ?? [src.slice()];
      orders = [];
      for (const o of base)
        for (const a of arranged) {
          const x = o.slice();
          for (let k = 0; k < a.length; k++) x[i + k] = a[k]!;
          orders.push(x);
        }
    }
    i = j;
  }
  if (orders === null) return [r];
  return orders.map((sources, k) => (k === 0 ? r : { seen: r.seen, cached: { pods, sources }, listedPods: pods }));
}

/** Every distinct order of `group` (pods held as they are are one source per code: alike), `group` itself first. */
function arrangements(group: readonly PodSource[]): PodSource[][] {
  const out: PodSource[][] = [];
  const seen = new Set<string>();
  const key = (a: readonly PodSource[]): string => a.map((x) => (x.kind === 'synced' ? 's' : `e${x.index}`)).join(',');
  const permute = (left: readonly PodSource[], acc: PodSource[]): void => {
    if (left.length === 0) {
      const k = key(acc);
      if (!seen.has(k)) {
        seen.add(k);
        out.push(acc.slice());
      }
      return;
    }
    for (let i = 0; i < left.length; i++) {
      acc.push(left[i]!);
      permute([...left.slice(0, i), ...left.slice(i + 1)], acc);
      acc.pop();
    }
  };
  permute(group, []);
  return out;
}
