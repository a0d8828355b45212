/**
 * The explorable state of a CloneSet: spec, pods (as an interchangeable multiset), status, the revision
 * history and ghost variables used by the properties. Pods carry no identity: two states that differ only
 * in which pod is which are one state, which is what makes exhaustive exploration affordable.
 */

import type { ProgressCondition } from '../controller/progress.js';
import type { StatusOf } from '../controller/status.js';
import type { ActionBudgets, Budget } from './scenario.js';

/** Index of a template/revision: 0 is `v1`. A revision's name is its template's name (content hash ⇔ template). */
export type RevId = number;

// One string per revision, made once: a reconcile names every pod's revision, and a shared string keeps
// its hash, so revIdOf (reconcile.ts) finds it in a Map rather than parsing it.
const REV_NAMES: readonly string[] = Array.from({ length: 16 }, (_, r) => `v${r + 1}`);

export const revName = (r: RevId): string => REV_NAMES[r] ?? `v${r + 1}`;

/**
 * The lifecycle states a pod can be in: PreparingNormal, Normal and Updating without lifecycle hooks;
 * PreparingUpdate, Updated and PreparingDelete only with the scenario's `lifecycleHooks`.
 */
export type ModelLifecycle = 'PreparingNormal' | 'Normal' | 'Updating' | 'PreparingUpdate' | 'Updated' | 'PreparingDelete';

export interface Pod {
  readonly rev: RevId;
  readonly lifecycle: ModelLifecycle;
  /**
   * Ready, InPlaceUpdateReady True, and available unless `notYetAvailable`. For an `Updating`
   * pod (only with the scenario's `inPlaceKubelet`): the kubelet has restarted its containers on the new
   * image and they are ready, i.e. the in-place update is complete; PodReady itself stays False until the
   * controller's refresh sets the InPlaceUpdateReady readiness gate.
   */
  readonly ready: boolean;
  /** Label `apps.kruise.io/specified-delete` (set by a ReCreate update). */
  readonly marked: boolean;
  /** The preDelete hook's label is on the pod (scenario `lifecycleHooks` only; absent = not). */
  readonly preDeleteHook?: true;
  /** The inPlaceUpdate hook's label is on the pod (scenario `lifecycleHooks` only; absent = not). */
  readonly inPlaceHook?: true;
  /**
   * Ready for less than minReadySeconds, so not yet available (scenario `minReadySeconds` > 0 only; absent =
   * available when ready). Only on a ready pod that is not Updating: PodReady True, and the time since its
   * Ready condition's lastTransitionTime is below the window (podutil.IsPodAvailable).
   */
  readonly notYetAvailable?: true;
}

export interface Spec {
  readonly replicas: number;
  /** The live pod template. */
  readonly template: RevId;
  /** Index into the scenario's partition values. */
  readonly partition: number;
  /**
   * rollingUpdate.paused: Update does nothing and maxSurge counts as 0 (Scale still runs). The scenario's
   * `paused` at the start; users change it only with the scenario's pause budget (`setPaused`).
   */
  readonly paused: boolean;
  /**
   * Indices into the scenario's maxSurge and maxUnavailable values (view.ts `surges`, `unavailables`; 0 is
   * the scenario's own): users change them only with the scenario's strategy budget (`setStrategy`).
   */
  readonly surge: number;
  readonly unavailable: number;
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
  /** What the controller's caches hold (issue #14 options); null when every such option is off. */
  readonly observed: Observation | null;
}

/** The CloneSet object's spec and status, as a reconcile reads them. */
export interface SpecAndStatus {
  readonly spec: Spec;
  readonly status: Status;
}

/** One version of the CloneSet object (spec and status together), as an informer delivers it. */
export interface ObjectVersion extends SpecAndStatus {
  /**
   * `status.observedGeneration < metadata.generation`: a spec edit made this version or one before it, and
   * no status write has carried its generation since (Observation.generationUnobserved says when).
   */
  readonly generationUnobserved: boolean;
}

/**
 * The controller's view where it may differ from the API server (docs/model.md, "What the controller sees").
 * The CloneSet informer delivers versions in order: `lag` lists the versions written since the one the
 * cache holds, oldest first — the cache shows `lag[0]`, and the API server's own (the state's spec and
 * status) once `lag` is empty. At most `staleReads` long.
 */
export interface Observation {
  readonly lag: readonly ObjectVersion[];
  /**
   * The API server's own version (the state's spec and status): `status.observedGeneration <
   * metadata.generation`. Every spec edit bumps the generation; a status write carries the generation of the
   * version its reconcile read (doReconcile's newStatus), which is the server's only when no spec edit came
   * after that version. Kept only with `staleReads` (false otherwise): the controller reads it on the cached
   * version (inconsistentStatus writes a status of equal counts when it is set), and with a synced cache such
   * a write changes nothing else (docs/model.md, "What the controller sees").
   */
  readonly generationUnobserved: boolean;
  /**
   * The pending status (separate status writes) will leave `generationUnobserved` set when it lands: its
   * reconcile read a version older than the last spec edit, or a spec edit came since. False without one.
   */
  readonly pendingUnobserved: boolean;
  /** Status writes that may still fail. */
  readonly writeFailures: number;
  /** Reconciles that may still have a pod write fail (the scenario's podWriteFailures). */
  readonly podWriteFailures: number;
  /**
   * The pods whose change the controller's pod cache has not yet received (expectations upstream/timeout),
   * in canonical order (ascending podEntryCode); every other pod of `pods` is in the cache as it is.
   */
  readonly pods: readonly PodEntry[];
  /** The ControllerRevisions' numbers and the revision cache (staleRevisions only; null otherwise). */
  readonly revisions: RevisionNumbers | null;
}

/**
 * The ControllerRevisions' numbers and what the controller's revision informer holds (docs/model.md, "A
 * lagging ControllerRevision cache"). `numbers[i]` is the API server's number of the state's `history[i]`
 * (ascending; two equal numbers are a tie, which only a write made from a lagging cache leaves: NextRevision
 * of a list that lacks the latest write). `cached`, while the cache lags, is each revision's number as the
 * cache holds it (0: not in it), which is the history before the last revision write; null once it holds the
 * server's. Numbers are ranks, 1, 2, … over both lists: upstream reads only their order and ties
 * (SortControllerRevisions, NextRevision), and ranks keep rollbacks from counting up for ever. `created` is
 * each revision's place in creation order (1: the oldest), which SortControllerRevisions breaks a tie by
 * (CreationTimestamp; a renumbering keeps it).
 */
export interface RevisionNumbers {
  readonly numbers: readonly number[];
  readonly cached: readonly number[] | null;
  readonly created: readonly number[];
}

/**
 * What a controller waits for on a pod it wrote: its creation or deletion (scaleExpectations) or a patch
 * (resourceVersion expectations). `unlanded`: a scale expectation kept for a creation that timed out and
 * never landed (`proposed` with podWriteTimeouts, pod-cache.ts keepsTimedOutCreations): no pod event will
 * meet it, only its expiry; its entry has neither a cached copy nor a truth.
 */
export type Awaited = 'none' | 'scale' | 'patch' | 'unlanded';
export const AWAITED: readonly Awaited[] = ['none', 'scale', 'patch', 'unlanded'];

/** Whether an Awaited holds a reconcile at doReconcile's scale gate (ScaleExpectations). */
export const awaitsScale = (a: Awaited): boolean => a === 'scale' || a === 'unlanded';

/**
 * One pod as the controller's cache shows it and as it is: `cached` null for a pod created and not yet
 * seen, `truth` null for a pod that left the active list and is still cached. `truth`, when set, is one of
 * the state's pods.
 */
export interface PodEntry {
  readonly cached: Pod | null;
  readonly truth: Pod | null;
  readonly awaited: Awaited;
  /**
   * With `truth` null: the pod failed (phase Failed) rather than being deleted. It has left the active list
   * (`IsPodActive`), as a deleted pod has, but it is still in the API server, so a write to it lands where
   * one to a deleted pod may be NotFound (failures.ts PodFreshness). Present only when true, as a pod's
   * hook labels are (files and entries of scenarios without pod failures stay as they were); never with a
   * `truth`.
   */
  readonly failed?: true;
  /**
   * Both the cached copy and the truth are in their minReadySeconds windows, and the truth became ready
   * again after the copy was taken (it went unready and ready since): its Ready condition is the newer, so the
   * copy's window ends first. Absent where both share one Ready transition (the entry is about another
   * change: a mark, a lifecycle patch), and they end together. Present only when true, and only with both
   * copies waiting.
   */
  readonly readyAgain?: true;
}

export const observationOf = (
  lag: readonly ObjectVersion[],
  generationUnobserved: boolean,
  pendingUnobserved: boolean,
  writeFailures: number,
  podWriteFailures: number,
  pods: readonly PodEntry[],
  revisions: RevisionNumbers | null,
): Observation => ({
  lag,
  generationUnobserved,
  pendingUnobserved,
  writeFailures,
  podWriteFailures,
  pods,
  revisions,
});

/** A CloneSet version from its parts. */
export const versionOf = (spec: Spec, status: Status, generationUnobserved: boolean): ObjectVersion => ({
  spec,
  status,
  generationUnobserved,
});

/**
 * A pod entry as one number: cached and truth pod codes (0 for none, else code + 1), whether a missing truth
 * failed, and what is awaited.
 */
// Cached code + 1 in bits 11..23, truth code + 1 in bits 3..10 and, past a byte (pods with lifecycle hooks
// or minReadySeconds), its high bits in 24..28; `failed` in bit 2, `readyAgain` in bit 29 (minReadySeconds
// scenarios only, whose codes are four bytes): without hooks every code is the one of one-byte pod codes, in
// the same order, and fits three bytes. Entries that are not failed keep the order they had before the bit.
export function podEntryCode(e: PodEntry): number {
  return (e as Partial<InternedEntry>)[ENTRY_CODE] ?? entryCodeOf(e.cached, e.truth, e.awaited, e.failed === true, e.readyAgain === true);
}

function entryCodeOf(cached: Pod | null, truth: Pod | null, awaited: Awaited, failed: boolean, readyAgain: boolean): number {
  return entryCodeOfCodes(
    cached === null ? 0 : podCode(cached) + 1,
    truth === null ? 0 : podCode(truth) + 1,
    awaitedCode(awaited),
    failed,
    readyAgain,
  );
}

const READY_AGAIN_BIT = 1 << 29;

/** podEntryCode from its parts: pod codes + 1 (0 for none), the Awaited's index in AWAITED and the two flags. */
export const entryCodeOfCodes = (cached: number, truth: number, awaited: number, failed = false, readyAgain = false): number =>
  (readyAgain ? READY_AGAIN_BIT : 0) | ((truth >> 8) << 24) | (cached << 11) | ((truth & 0xff) << 3) | (failed ? 4 : 0) | awaited;

/** The cached pod's code + 1 (0: none) of an entry code. */
export const entryCodeCached = (code: number): number => (code >> 11) & 0x1fff;

/** The truth's code + 1 (0: none) of an entry code. */
export const entryCodeTruth = (code: number): number => (((code >> 24) & 0x1f) << 8) | ((code >> 3) & 0xff);

/** Whether an entry code's truth became ready again after its cached copy was taken (PodEntry.readyAgain). */
export const entryCodeReadyAgain = (code: number): boolean => (code & READY_AGAIN_BIT) !== 0;

/** The Awaited's index in AWAITED of an entry code. */
export const entryCodeAwaited = (code: number): number => code & 3;

/** Whether an entry code's missing truth failed (PodEntry.failed). */
export const entryCodeFailed = (code: number): boolean => (code & 4) !== 0;

/** An Awaited's index in AWAITED. */
export const awaitedCode = (a: Awaited): number => (a === 'none' ? 0 : a === 'scale' ? 1 : a === 'patch' ? 2 : 3);

// Entries are values, as pods are: one shared frozen object per code, carrying its code under a symbol.
// The encoder and the pod cache ask for an entry's code several times a transition; made by the model
// through entryOf, an entry is made once per distinct value rather than once per transition or decode.
const ENTRY_CODE = Symbol('podEntryCode');
type InternedEntry = PodEntry & { readonly [ENTRY_CODE]: number };
const ENTRIES = new Map<number, InternedEntry>();

/** Whether a pod-cache entry's cached copy and truth are both in their minReadySeconds windows (PodEntry.readyAgain's condition). */
export const bothWaiting = (cached: Pod | null, truth: Pod | null): boolean =>
  cached?.notYetAvailable === true && truth?.notYetAvailable === true;

/** The shared entry of these parts (pods interned); `failed` only with no truth, `readyAgain` only with both copies waiting. */
export function entryOf(cached: Pod | null, truth: Pod | null, awaited: Awaited, failed = false, readyAgain = false): PodEntry {
  if (failed && truth !== null) throw new Error('a pod entry with a truth cannot be failed');
  if (readyAgain && !bothWaiting(cached, truth)) throw new Error('only a pod entry whose copies both wait can be ready again');
  if (awaited === 'unlanded' && (cached !== null || truth !== null || failed)) throw new Error('an unlanded creation has no pod');
  const code = entryCodeOf(cached, truth, awaited, failed, readyAgain);
  return ENTRIES.get(code) ?? internedEntry(code, cached, truth, awaited, failed, readyAgain);
}

function internedEntry(
  code: number,
  cached: Pod | null,
  truth: Pod | null,
  awaited: Awaited,
  failed: boolean,
  readyAgain: boolean,
): PodEntry {
  const c = cached === null ? null : internPod(cached);
  const e: PodEntry = failed
    ? { cached: c, truth: null, awaited, failed: true }
    : readyAgain
      ? { cached: c, truth: truth === null ? null : internPod(truth), awaited, readyAgain: true }
      : { cached: c, truth: truth === null ? null : internPod(truth), awaited };
  Object.defineProperty(e, ENTRY_CODE, { value: code, enumerable: false });
  const frozen = Object.freeze(e) as InternedEntry;
  ENTRIES.set(code, frozen);
  return frozen;
}

export function podEntryFromCode(code: number): PodEntry {
  const known = ENTRIES.get(code);
  if (known !== undefined) return known;
  const c = entryCodeCached(code);
  const t = entryCodeTruth(code);
  const awaited = AWAITED[entryCodeAwaited(code)];
  const failed = entryCodeFailed(code);
  const again = entryCodeReadyAgain(code);
  if (awaited === undefined || code >>> 30 !== 0 || (failed && t !== 0)) throw new Error(`invalid pod entry code ${code}`);
  const cached = c === 0 ? null : podFromCode(c - 1);
  const truth = t === 0 ? null : podFromCode(t - 1);
  if (again && !bothWaiting(cached, truth)) throw new Error(`invalid pod entry code ${code}`);
  if (awaited === 'unlanded' && (c !== 0 || t !== 0 || failed)) throw new Error(`invalid pod entry code ${code}`);
  return internedEntry(code, cached, truth, awaited, failed, again);
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
  observed: Observation | null,
): CloneSetState {
  return { spec, pods, status, pending, history, stable, budgets, observed };
}

/** The CloneSet as the controller's cache shows it: the oldest undelivered version's spec and status, or the truth. */
export function cachedObject(s: CloneSetState): SpecAndStatus {
  const first = s.observed?.lag[0];
  return first ?? s;
}

/**
 * Whether the cached CloneSet's status has not observed its generation: inconsistentStatus
 * (cloneset_status.go) then writes the reconcile's status even when every count equals the cached one.
 */
export function cachedGenerationUnobserved(s: CloneSetState): boolean {
  const o = s.observed;
  if (o === null) return false;
  const first = o.lag[0];
  return first === undefined ? o.generationUnobserved : first.generationUnobserved;
}

/**
 * Whether a spec edit came after the cached version: the generation a status write carries (the cached
 * one's) is then below the API server's. Every user edit changes the spec and a status write never does,
 * and the lag holds every version after the cached one, so some lagging version's spec differs from the
 * server's exactly when an edit came after the cached one (an edit and its undoing leave the version between).
 */
export function editedSinceCached(s: CloneSetState): boolean {
  const o = s.observed;
  if (o === null) return false;
  const sp = s.spec;
  for (let i = 0; i < o.lag.length; i++) if (!sameSpec(o.lag[i]!.spec, sp)) return true;
  return false;
}

const sameSpec = (a: Spec, b: Spec): boolean =>
  a.replicas === b.replicas &&
  a.template === b.template &&
  a.partition === b.partition &&
  a.paused === b.paused &&
  a.surge === b.surge &&
  a.unavailable === b.unavailable;

function sameObservation(a: Observation | null, b: Observation | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.writeFailures === b.writeFailures &&
    a.podWriteFailures === b.podWriteFailures &&
    a.generationUnobserved === b.generationUnobserved &&
    a.pendingUnobserved === b.pendingUnobserved &&
    sameList(a.lag, b.lag, sameVersion) &&
    sameList(a.pods, b.pods, sameEntry) &&
    sameRevisionNumbers(a.revisions, b.revisions)
  );
}

function sameRevisionNumbers(a: RevisionNumbers | null, b: RevisionNumbers | null): boolean {
  if (a === null || b === null) return a === b;
  if (!sameList(a.numbers, b.numbers, sameRev) || !sameList(a.created, b.created, sameRev)) return false;
  if (a.cached === null || b.cached === null) return a.cached === b.cached;
  return sameList(a.cached, b.cached, sameRev);
}

// Top-level, as sameList's other element tests: sameState runs for every reconcile outcome of every
// explored state, and a function literal there is a closure made per call.
const sameVersion = (x: ObjectVersion, y: ObjectVersion): boolean =>
  x.generationUnobserved === y.generationUnobserved && sameSpec(x.spec, y.spec) && sameStatus(x.status, y.status);
const sameEntry = (x: PodEntry, y: PodEntry): boolean => podEntryCode(x) === podEntryCode(y);
const sameRev = (x: RevId, y: RevId): boolean => x === y;

export const specOf = (
  replicas: number,
  template: RevId,
  partition: number,
  paused: boolean,
  surge: number,
  unavailable: number,
): Spec => ({ replicas, template, partition, paused, surge, unavailable });

/**
 * Budgets with marks and failures, pause changes and strategy edits, only when the scenario has them (an option off keeps
 * the four-field object, so states, traces and the explorer's hidden classes stay what they were).
 */
export const budgetsOf = (
  rollouts: Budget,
  deletes: number,
  scales: Budget,
  partitions: Budget,
  marks?: number,
  failures?: number,
  pauses?: Budget,
  strategies?: Budget,
): ActionBudgets => {
  const counted =
    marks === undefined && failures === undefined
      ? pauses === undefined
        ? { rollouts, deletes, scales, partitions }
        : { rollouts, deletes, scales, partitions, pauses }
      : pauses === undefined
        ? { rollouts, deletes, scales, partitions, marks: marks ?? 0, failures: failures ?? 0 }
        : { rollouts, deletes, scales, partitions, marks: marks ?? 0, failures: failures ?? 0, pauses };
  return strategies === undefined ? counted : { ...counted, strategies };
};

/**
 * The budgets after one action that spends `key`: its count one less; an 'any' or absent budget is never spent
 * (the same object back, so states of 'any' budgets share it).
 */
export function spendBudget(b: ActionBudgets, key: keyof ActionBudgets): ActionBudgets {
  const left = b[key];
  if (left === undefined || left === 'any') return b;
  const n = left - 1;
  return budgetsOf(
    key === 'rollouts' ? n : b.rollouts,
    key === 'deletes' ? n : b.deletes,
    key === 'scales' ? n : b.scales,
    key === 'partitions' ? n : b.partitions,
    key === 'marks' ? n : b.marks,
    key === 'failures' ? n : b.failures,
    key === 'pauses' ? n : b.pauses,
    key === 'strategies' ? n : b.strategies,
  );
}

const LIFECYCLE_CODE: Readonly<Record<ModelLifecycle, number>> = {
  PreparingNormal: 0,
  Normal: 1,
  Updating: 2,
  PreparingUpdate: 3,
  Updated: 4,
  PreparingDelete: 5,
};
/** The lifecycles of a scenario without lifecycle hooks. */
export const LIFECYCLES: readonly ModelLifecycle[] = ['PreparingNormal', 'Normal', 'Updating'];
/** The lifecycles only lifecycle hooks bring (scenario `lifecycleHooks`). */
export const HOOK_LIFECYCLES: readonly ModelLifecycle[] = ['PreparingUpdate', 'Updated', 'PreparingDelete'];
/** Every lifecycle, in code order. */
export const ALL_LIFECYCLES: readonly ModelLifecycle[] = [...LIFECYCLES, ...HOOK_LIFECYCLES];

// The low byte is the pod code from before lifecycle hooks (revision, the lifecycle's two low bits, ready,
// marked); the hook scenarios' extra bits sit above it, so every pod that exists without hooks keeps its
// code, and so its place in the canonical order (which decides action order and the counterexample found).
// minReadySeconds' bit comes last, above the hooks': the codes of hook scenarios stay as they were.
const CODE_BITS = { lifecycle: 2, ready: 1, marked: 0, lifecycleHigh: 8, preDeleteHook: 9, inPlaceHook: 10, notYetAvailable: 11 } as const;

function computeCode(p: Pod): number {
  const l = LIFECYCLE_CODE[p.lifecycle];
  return (
    (p.rev << 4) |
    ((l & 3) << CODE_BITS.lifecycle) |
    (p.ready ? 2 : 0) |
    (p.marked ? 1 : 0) |
    ((l >> 2) << CODE_BITS.lifecycleHigh) |
    (p.preDeleteHook === true ? 1 << CODE_BITS.preDeleteHook : 0) |
    (p.inPlaceHook === true ? 1 << CODE_BITS.inPlaceHook : 0) |
    (p.notYetAvailable === true ? 1 << CODE_BITS.notYetAvailable : 0)
  );
}

/** Codes below this fit one byte: every pod of a scenario without lifecycle hooks. */
export const NARROW_CODES = 256;

// Pods are values: one shared frozen object per code, carrying its code under a symbol (not enumerable, so
// invisible to JSON and equality), which keeps code lookups — several per explored transition — to a read.
const CODE = Symbol('podCode');
type InternedPod = Pod & { readonly [CODE]: number };
const MAX_REV = 15;
const INTERNED: readonly (InternedPod | undefined)[] = Array.from({ length: 1 << (CODE_BITS.notYetAvailable + 1) }, (_, code) => {
  const lifecycle = ALL_LIFECYCLES[((code >> 2) & 3) | (((code >> CODE_BITS.lifecycleHigh) & 1) << 2)];
  if (lifecycle === undefined) return undefined;
  const notYetAvailable = ((code >> CODE_BITS.notYetAvailable) & 1) === 1;
  // Availability is a ready pod's: a pod not ready, or Updating (its `ready` is the kubelet's restart), has no window.
  if (notYetAvailable && ((code & 2) === 0 || lifecycle === 'Updating')) return undefined;
  // Hook fields only where set: a pod of a scenario without hooks is the same plain object as before.
  const pod: { -readonly [K in keyof Pod]: Pod[K] } = {
    rev: (code >> 4) & 15,
    lifecycle,
    ready: (code & 2) !== 0,
    marked: (code & 1) !== 0,
  };
  if ((code >> CODE_BITS.preDeleteHook) & 1) pod.preDeleteHook = true;
  if ((code >> CODE_BITS.inPlaceHook) & 1) pod.inPlaceHook = true;
  if (notYetAvailable) pod.notYetAvailable = true;
  Object.defineProperty(pod, CODE, { value: code, enumerable: false });
  return Object.freeze(pod) as InternedPod;
});

/**
 * A pod as a number: revision (4 bits), lifecycle (2 low bits), ready, marked in the low byte; with lifecycle
 * hooks also the lifecycle's high bit and the two hook labels above it. Equal codes ⇔ interchangeable pods.
 */
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
  // Already the representative (only those carry a code): the common case, on every pod step's successor.
  if ((p as Partial<InternedPod>)[CODE] !== undefined) return p;
  if (!Number.isInteger(p.rev) || p.rev < 0 || p.rev > MAX_REV) throw new Error(`pod revision ${p.rev} out of range 0..${MAX_REV}`);
  return podFromCode(podCode(p));
}

/** PodReady True: ready and not Updating (an Updating pod's `ready` is the kubelet's restart; its gate is False). */
export const readyCondition = (p: Pod): boolean => p.ready && p.lifecycle !== 'Updating';

/** The same pod, ready (the kubelet's step); with `window` (minReadySeconds > 0) not yet available. */
export const readied = (p: Pod, window = false): Pod =>
  podFromCode(podCode(p) | (1 << CODE_BITS.ready) | (window && p.lifecycle !== 'Updating' ? 1 << CODE_BITS.notYetAvailable : 0));

/** The same pod, not ready (the kubelet's step: a readiness probe fails), so not in a window either. */
export const unreadied = (p: Pod): Pod => podFromCode(podCode(p) & ~((1 << CODE_BITS.ready) | (1 << CODE_BITS.notYetAvailable)));

/** The same pod, available: minReadySeconds have passed since it became ready. */
export const madeAvailable = (p: Pod): Pod => podFromCode(podCode(p) & ~(1 << CODE_BITS.notYetAvailable));

/** The same pod, marked for deletion (a user's specified-delete label). */
export const markedPod = (p: Pod): Pod => podFromCode(podCode(p) | (1 << CODE_BITS.marked));

/** The same pod with the hook's label removed (release) or put back (restore): the hook owner's step. */
export const withHook = (p: Pod, hook: 'preDelete' | 'inPlaceUpdate', on: boolean): Pod => {
  const bit = 1 << (hook === 'preDelete' ? CODE_BITS.preDeleteHook : CODE_BITS.inPlaceHook);
  return podFromCode(on ? podCode(p) | bit : podCode(p) & ~bit);
};

/**
 * The empty pod list every state without pods shares. Made by a pop, not as `[]`: a literal empty array is
 * one of small integers to V8, a pod list with pods one of objects, and the model's many reads of pod lists
 * stay monomorphic only if every list is of the one kind (docs/performance.md, "Session 6").
 */
export const NO_PODS: readonly Pod[] = (() => {
  const pods: Pod[] = [podFromCode(0)];
  pods.pop();
  return pods;
})();

/**
 * The first `n` items of `scratch` as a new packed list of exactly that length (decoded pods, enabled
 * actions: made for every explored state). Short lists as array literals, which V8 allocates inline, where
 * `slice` is a builtin call that cost more than the rest of a decode (docs/performance.md, "Session 7").
 */
export function firstItems<T>(scratch: readonly T[], n: number): T[] {
  const x = scratch;
  switch (n) {
    case 1:
      return [x[0]!];
    case 2:
      return [x[0]!, x[1]!];
    case 3:
      return [x[0]!, x[1]!, x[2]!];
    case 4:
      return [x[0]!, x[1]!, x[2]!, x[3]!];
    case 5:
      return [x[0]!, x[1]!, x[2]!, x[3]!, x[4]!];
    case 6:
      return [x[0]!, x[1]!, x[2]!, x[3]!, x[4]!, x[5]!];
    default:
      return x.slice(0, n);
  }
}

// Codes of the list being sorted (byCode): pod lists are short, and sorted by insertion on their codes
// each code is computed once, where a sort's comparator computes two per comparison.
const sortCodes: number[] = [];

/**
 * The shared representatives of `pods` (interned here if they are not yet) in canonical order, as a new
 * list. `pods` need not be in any order.
 */
export function byCode(pods: readonly Pod[]): Pod[] {
  const n = pods.length;
  const c = sortCodes;
  for (let i = 0; i < n; i++) {
    const x = podCode(internPod(pods[i]!));
    let j = i;
    for (; j > 0 && c[j - 1]! > x; j--) c[j] = c[j - 1]!;
    c[j] = x;
  }
  const out: Pod[] = [];
  for (let i = 0; i < n; i++) out.push(podFromCode(c[i]!));
  return out;
}

/** byCode, with the one shared empty list for no pods (NO_PODS says why). */
export function canonicalPods(pods: readonly Pod[]): readonly Pod[] {
  return pods.length === 0 ? NO_PODS : byCode(pods);
}

const samePod = (a: Pod, b: Pod): boolean => podCode(a) === podCode(b);

/** The index of the first pod of `pod`'s kind (code) in `pods`, or -1. */
export function indexOfKind(pods: readonly Pod[], pod: Pod): number {
  const code = podCode(pod);
  for (let i = 0; i < pods.length; i++) if (podCode(pods[i]!) === code) return i;
  return -1;
}

/**
 * The canonical list `pods` with one pod of `from`'s kind replaced by `to`, or removed (`to` null), as a new
 * list kept in code order by moving `to` to its place: one list made, where removing, appending and sorting
 * anew made three. `pods` must be canonical (the model's lists are).
 */
export function withPodChanged(pods: readonly Pod[], from: Pod, to: Pod | null): readonly Pod[] {
  let i = indexOfKind(pods, from);
  if (i < 0) throw new Error(`no pod ${describePod(from)} to remove`);
  if (to === null) return pods.length === 1 ? NO_PODS : withoutAt(pods, i);
  const p = internPod(to);
  const code = podCode(p);
  const out = pods.slice();
  out[i] = p;
  while (i + 1 < out.length && podCode(out[i + 1]!) < code) {
    out[i] = out[i + 1]!;
    out[++i] = p;
  }
  while (i > 0 && podCode(out[i - 1]!) > code) {
    out[i] = out[i - 1]!;
    out[--i] = p;
  }
  return out;
}

/**
 * `xs` without its item at `i`, as a new list: a slice one shorter with the items after `i` moved down, not
 * `new Array(n)`, which makes a holey array — a second kind of list for every reader (NO_PODS says why one
 * kind) — nor two slices spread, which allocate three lists.
 */
export function withoutAt<T>(xs: readonly T[], i: number): T[] {
  const out = xs.slice(0, xs.length - 1);
  for (let j = i; j < out.length; j++) out[j] = xs[j + 1]!;
  return out;
}

/**
 * Pods at revision `r` not marked for deletion: the U of the canary property. A pod in PreparingDelete
 * (lifecycle hooks only) is on its way out as a marked one is, and upstream's diff leaves it out of the
 * active pods as well (calculateDiffsWithExpectation), so it does not count either.
 */
export function unmarkedAt(s: CloneSetState, r: RevId): number {
  let n = 0;
  for (const p of s.pods) if (p.rev === r && !p.marked && p.lifecycle !== 'PreparingDelete') n++;
  return n;
}

export function describePod(p: Pod): string {
  // An Updating pod that is "ready" has completed its in-place restart (see Pod.ready); say so.
  const parts = [
    revName(p.rev),
    p.ready ? (p.lifecycle === 'Updating' ? 'restarted' : p.notYetAvailable === true ? 'ready-not-available' : 'ready') : 'not-ready',
  ];
  if (p.lifecycle !== 'Normal') parts.push(p.lifecycle);
  if (p.marked) parts.push('marked');
  if (p.preDeleteHook === true) parts.push('hook:preDelete');
  if (p.inPlaceHook === true) parts.push('hook:inPlaceUpdate');
  return parts.join(' ');
}

/** A pod entry for labels: `cached → truth`, ∅ for none (`failed` for a pod that failed), and whether the controller awaits it. */
export function describePodEntry(e: PodEntry): string {
  const side = (p: Pod | null): string => (p === null ? '∅' : describePod(p));
  return `${side(e.cached)} → ${e.failed === true ? 'failed' : side(e.truth)}${e.readyAgain === true ? ' (ready again)' : ''}${awaitedText(e.awaited)}`;
}

/** What an entry awaits, for describePodEntry: an unlanded creation is a scale expectation no pod will meet. */
const awaitedText = (a: Awaited): string => (a === 'none' ? '' : a === 'unlanded' ? ', awaited (scale; never landed)' : `, awaited (${a})`);

export function sameStatus(a: Status | null, b: Status | null): boolean {
  if (a === null || b === null) return a === b;
  return sameCountsAndRevisions(a, b) && sameCondition(a.progressing, b.progressing);
}

/** Equal counts and revisions: a status apart from its Progressing condition. */
export function sameCountsAndRevisions(a: Status, b: Status): boolean {
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

/** The model's conditions are shared objects (progress.ts conditionOf), so identity decides at once; files' are not. */
const sameCondition = (a: ProgressCondition | undefined, b: ProgressCondition | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.reason === b.reason && a.expired === b.expired && (a.order ?? 0) === (b.order ?? 0));

function sameList<T>(a: readonly T[], b: readonly T[], eq: (x: T, y: T) => boolean): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!eq(a[i]!, b[i]!)) return false;
  return true;
}

/**
 * The budgets sameState compares, one line each there: a budget added to ActionBudgets fails the build here
 * until it is listed (strategies was once left out, so a trace with a tampered one replayed cleanly).
 */
const SAME_STATE_BUDGETS = {
  rollouts: true,
  deletes: true,
  scales: true,
  partitions: true,
  marks: true,
  failures: true,
  pauses: true,
  strategies: true,
} as const satisfies Record<keyof ActionBudgets, true>;
void SAME_STATE_BUDGETS;

/** Structural equality of two states (both with canonical pod order). */
export function sameState(a: CloneSetState, b: CloneSetState): boolean {
  return (
    sameSpec(a.spec, b.spec) &&
    a.stable === b.stable &&
    a.budgets.rollouts === b.budgets.rollouts &&
    a.budgets.deletes === b.budgets.deletes &&
    a.budgets.scales === b.budgets.scales &&
    a.budgets.partitions === b.budgets.partitions &&
    (a.budgets.marks ?? 0) === (b.budgets.marks ?? 0) &&
    (a.budgets.failures ?? 0) === (b.budgets.failures ?? 0) &&
    (a.budgets.pauses ?? 0) === (b.budgets.pauses ?? 0) &&
    (a.budgets.strategies ?? 0) === (b.budgets.strategies ?? 0) &&
    sameStatus(a.status, b.status) &&
    sameStatus(a.pending, b.pending) &&
    sameList(a.history, b.history, sameRev) &&
    sameList(a.pods, b.pods, samePod) &&
    sameObservation(a.observed, b.observed)
  );
}
