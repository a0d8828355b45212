/**
 * The properties the explorer checks on CloneSet states and transitions; docs/findings.md ("The
 * properties") states them in words. Typed structurally, so `model/` needs nothing from `checker/`.
 */
import { ACTION_KINDS, actorOf, actorOfKind, reconcileChanges, rolloutInProgress, type Action, type ActionKind } from './actions.js';
import { cacheSynced } from './observe.js';
import { believedPods, cachedPods } from './pod-cache.js';
import { hasPauseChanges, observeOptions, observes, type Scenario } from './scenario.js';
import { cachedObject, revName, unmarkedAt, type CloneSetState, type Pod, type RevId, type Status } from './state.js';
import { REASON_TEXT, SETTLED_REASONS } from '../controller/progress.js';
import { expectedUpdated, parametersOf, partitionReplicas, surgeAllowance, type ScenarioView } from './view.js';

/** One state's (or transition's) check: checker/types.ts's PropertyResult, restated (model/ does not import checker/). */
export type PropertyResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

const OK: PropertyResult = Object.freeze({ ok: true });
const fail = (message: string): PropertyResult => ({ ok: false, message });

/**
 * A step property's `kinds`: the steps it judges, which the explorer calls it on (checker/types.ts).
 * test/model/property-kinds.test.ts checks every claim on every transition of several scopes.
 */
const judges = (...kinds: ActionKind[]): { readonly kinds: readonly ActionKind[] } => ({ kinds });

/**
 * The steps that may change what well-formed reads (pod revisions, the history, status and pending): a
 * total record, so a new kind of step must be placed. test/model/property-kinds.test.ts checks the others
 * on every transition of several scopes.
 */
const WELL_FORMED_READS: Readonly<Record<ActionKind, boolean>> = {
  rollout: false,
  deletePod: true,
  scale: false,
  setPartition: false,
  setPaused: false,
  setStrategy: false,
  podReady: false,
  podAvailable: false,
  reconcile: true,
  writeStatus: true,
  cacheSync: false,
  revisionCacheSync: false,
  statusWriteFails: true,
  podCacheSync: false,
  expectationsExpire: false,
  markPod: false,
  podUnready: false,
  podFail: true,
  inPlaceDone: false,
  releaseHook: false,
  restoreHook: false,
  // The condition only, which well-formed does not read.
  deadlinePasses: false,
};

/** The controller's kinds of step (actions.ts ACTOR): what `isController` accepts. */
const CONTROLLER_KINDS: readonly ActionKind[] = ACTION_KINDS.filter((k) => actorOfKind(k) === 'controller');

/**
 * What every property has; `optIn`: left out of the default selection (checker/types.ts), so adding it
 * changed no default run.
 */
interface Named<N> {
  readonly name: N;
  readonly description: string;
  readonly optIn?: boolean;
}

export type CloneSetProperty =
  | (Named<PropertyName> & {
      readonly kind: 'invariant';
      check(s: CloneSetState): PropertyResult;
      /**
       * Whether a step of `a`'s kind may change what `check` sees (absent: every step may). The explorer
       * does not check a new state made by a step that none of the invariants sees, and the partial-order
       * reduction takes the others as visible (checker/types.ts).
       */
      visible?(a: Action): boolean;
    })
  | (Named<PropertyName> & {
      readonly kind: 'step';
      check(s: CloneSetState, a: Action, t: CloneSetState): PropertyResult;
      /**
       * The kinds of step on which `check` may fail: the explorer calls it on those only (checker/types.ts).
       */
      readonly kinds: readonly ActionKind[];
      /**
       * Whether a step of `a`'s kind may fail `check` or change what it reads (absent: every step may): the
       * partial-order reduction takes the others as invisible (checker/types.ts). Its kinds alone would not
       * do: a step moved ahead of a judged one by the reduction changes the state that one is judged from.
       */
      visible?(a: Action): boolean;
    })
  | (Named<PropertyName> & { readonly kind: 'deadlock' })
  | (Named<PropertyName> & { readonly kind: 'convergence' })
  /** A witness (checker/types.ts `sometimes`): reached or not, never violated. */
  | (Named<WitnessName> & { readonly kind: 'sometimes'; readonly on: 'state'; reached(s: CloneSetState): boolean })
  | (Named<WitnessName> & {
      readonly kind: 'sometimes';
      readonly on: 'step';
      reached(s: CloneSetState, a: Action, t: CloneSetState): boolean;
      /** The kinds of step that may reach it, if fewer than all (checker/types.ts). */
      readonly kinds?: readonly ActionKind[];
    });

export const PROPERTY_NAMES = [
  'canary-respected',
  'promotion-sound',
  'surge-bound',
  'availability-floor',
  'on-delete-respected',
  'settled-canary',
  'status-monotonic',
  'no-resurrection',
  'deadline-from-progress',
  'well-formed',
  'no-deadlock',
  'converges',
] as const;
export type PropertyName = (typeof PROPERTY_NAMES)[number];

/**
 * Checked only when named (`--property`): the default selection is what it was before they were added,
 * so every default count, verdict and trace stays as pinned (docs/findings.md, "Opt-in properties").
 */
export const OPT_IN_PROPERTIES: readonly PropertyName[] = [
  'on-delete-respected',
  'settled-canary',
  'status-monotonic',
  'no-resurrection',
  'deadline-from-progress',
];

/** What `check` checks without `--property` in a scenario with RollingUpdate. */
export const DEFAULT_PROPERTY_NAMES: readonly PropertyName[] = PROPERTY_NAMES.filter((n) => !OPT_IN_PROPERTIES.includes(n));

/**
 * What `check` checks without `--property` in `sc`: DEFAULT_PROPERTY_NAMES, with updateStrategy OnDelete
 * on-delete-respected too, and with progressDeadlineSeconds deadline-from-progress too (each says nothing of
 * a scenario without its option, so no other default run changes).
 */
export function defaultPropertyNames(sc: Pick<Scenario, 'updateStrategyType' | 'progressDeadline'>): readonly PropertyName[] {
  const onDelete = sc.updateStrategyType === 'OnDelete';
  const progress = sc.progressDeadline === true;
  if (!onDelete && !progress) return DEFAULT_PROPERTY_NAMES;
  return PROPERTY_NAMES.filter(
    (n) => !OPT_IN_PROPERTIES.includes(n) || (onDelete && n === 'on-delete-respected') || (progress && n === 'deadline-from-progress'),
  );
}

/** The witnesses: each says that a behaviour some property constrains happens at all. */
export const WITNESS_NAMES = [
  'promotion-happens',
  'rollout-completes',
  'revision-replaced',
  'canary-grows',
  'scale-down-deletes',
  'deadline-exceeded',
  'on-delete-creates',
] as const;
export type WitnessName = (typeof WITNESS_NAMES)[number];

/** How the CLI names what a witness reached: "promotion reached in 4 steps", "no promotion was reached". */
export const WITNESS_SUBJECT: Readonly<Record<WitnessName, string>> = {
  'promotion-happens': 'promotion',
  'rollout-completes': 'completed rollout',
  'revision-replaced': 'replaced revision',
  'canary-grows': 'canary growth',
  'scale-down-deletes': 'controller delete',
  'deadline-exceeded': 'ProgressDeadlineExceeded condition',
  'on-delete-creates': 'pod creation under OnDelete',
};

/**
 * The witness checked beside each property: the behaviour the property constrains (its antecedent), so
 * that a "holds" without it reached is reported as vacuous. docs/findings.md ("Witnesses") says why each.
 * null: the property constrains every state or step, or a behaviour every scenario has. rollout-completes
 * goes with none: it is one of the two ways a revision is replaced (revision-replaced, beside no-resurrection,
 * counts both); a library caller names it to learn whether the bounds complete a rollout at all.
 */
export const WITNESS_OF: Readonly<Record<PropertyName, WitnessName | null>> = {
  'canary-respected': 'canary-grows',
  'promotion-sound': 'promotion-happens',
  'surge-bound': null,
  'availability-floor': 'scale-down-deletes',
  // What it constrains: the pods the controller creates under OnDelete. Canary growth (its witness before)
  // happens under RollingUpdate too, where it holds trivially: an audit read that "holds" as a pass.
  'on-delete-respected': 'on-delete-creates',
  'settled-canary': 'canary-grows',
  'status-monotonic': 'promotion-happens',
  'no-resurrection': 'revision-replaced',
  // A fix that never reports a deadline would hold it vacuously.
  'deadline-from-progress': 'deadline-exceeded',
  'well-formed': null,
  'no-deadlock': null,
  converges: null,
};

/** The properties among `names` whose witness is `witness`, in their order (names that are not properties are left out). */
export function propertiesWitnessedBy(witness: string, names: readonly string[]): string[] {
  return names.filter((n) => Object.hasOwn(WITNESS_OF, n) && WITNESS_OF[n as PropertyName] === witness);
}

/** What a witness reaches, in words (WITNESS_SUBJECT), or the name itself for a name that is not a witness. */
export function witnessSubject(name: string): string {
  return Object.hasOwn(WITNESS_SUBJECT, name) ? WITNESS_SUBJECT[name as WitnessName] : name;
}

/** The witnesses of `properties`, in WITNESS_NAMES order, each once. */
export function witnessesOf(properties: readonly PropertyName[]): WitnessName[] {
  return WITNESS_NAMES.filter((w) => properties.some((p) => WITNESS_OF[p] === w));
}

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
  'on-delete-respected': false,
  'settled-canary': true,
  'status-monotonic': false,
  'no-resurrection': false,
  // The condition is computed from the counts as the reconcile computes them, not from the status's.
  'deadline-from-progress': false,
  'well-formed': true,
  'no-deadlock': true,
  converges: true,
};

/**
 * The status fields a property's violation is about: what a reproduction on a cluster must find in the status
 * the controller wrote, beside the pods, before it may say it reproduced the violation (traces/kubectl.ts). A
 * fixed controller leaves the same pods in promotion-sound's trace and differs only in
 * status.currentRevision. A total record, so a new property must say; empty: the violation is in the pods (or,
 * for no-deadlock and converges, in what the controller does next, which no status field shows).
 */
export const STATUS_FIELDS_JUDGED: Readonly<Record<PropertyName, readonly (keyof Status)[]>> = {
  'canary-respected': [],
  // A promotion is a computed currentRevision equal to the updateRevision.
  'promotion-sound': ['currentRevision', 'updateRevision'],
  'surge-bound': [],
  'availability-floor': [],
  'on-delete-respected': [],
  'settled-canary': [],
  'status-monotonic': ['currentRevision'],
  'no-resurrection': [],
  'deadline-from-progress': ['progressing'],
  // statusProblem: both revisions minted, and the counts consistent.
  'well-formed': ['currentRevision', 'updateRevision', 'replicas', 'readyReplicas', 'updatedReplicas', 'updatedReadyReplicas'],
  'no-deadlock': [],
  converges: [],
};

/**
 * Whether the status counts can be projected away when checking `names` (undefined: every property) in a
 * scenario. Not with the issue #14 observation options (a stale cache keeps versions of the status, and
 * whether a count-only write made one was not part of the argument). Only with inline status writes: with separate ones a computed
 * status waits in `pending`, and while it waits the controller cannot reconcile, so whether a reconcile
 * changed a count decides what the controller can do next.
 */
export const statusCountsDead = (names: readonly PropertyName[] | undefined, sc: Scenario): boolean =>
  sc.statusWrite === 'inline' && !observes(sc) && (names?.every((n) => !READS_STATUS_COUNTS[n]) ?? false);

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

/**
 * Pods the controller counts as available (lifecycle Normal, ready, and past minReadySeconds); marked pods
 * still serve until deleted.
 */
function availablePods(pods: readonly Pod[]): number {
  let n = 0;
  for (const p of pods) if (p.ready && p.lifecycle === 'Normal' && p.notYetAvailable !== true) n++;
  return n;
}

/** Pods neither marked for deletion (specified-delete) nor PreparingDelete: those the CloneSet keeps (on-delete-respected counts them). */
export function keptPodCount(pods: readonly Pod[]): number {
  let n = 0;
  for (const p of pods) if (!p.marked && p.lifecycle !== 'PreparingDelete') n++;
  return n;
}

function minted(history: readonly RevId[], r: RevId): boolean {
  for (let i = 0; i < history.length; i++) if (history[i] === r) return true;
  return false;
}

/** The revisions of a history as a bit set (bit r: revision r; the model's revisions are below 16). */
function revisionSet(history: readonly RevId[]): number {
  let set = 0;
  for (let i = 0; i < history.length; i++) set |= 1 << history[i]!;
  return set;
}

function statusProblem(history: readonly RevId[], st: Status): string | null {
  if (!minted(history, st.currentRevision) || !minted(history, st.updateRevision)) return 'a status names a revision that was never minted';
  if (st.updatedReplicas > st.replicas || st.readyReplicas > st.replicas || st.updatedReadyReplicas > st.updatedReplicas) {
    return 'status counts are inconsistent';
  }
  return null;
}

/** Position of `r` in the revision history (ascending revision number; a rollback renumbers a revision as newest). */
function positionOf(history: readonly RevId[], r: RevId): number {
  for (let i = 0; i < history.length; i++) if (history[i] === r) return i;
  return -1;
}

function podsAt(pods: readonly { readonly rev: RevId }[], r: RevId): number {
  let n = 0;
  for (const p of pods) if (p.rev === r) n++;
  return n;
}

/**
 * A settled CloneSet (the model's isSettled): controller idle, status written, every pod ready and available;
 * paused, a pod waiting in PreparingUpdate for the update the pause holds back counts as at rest.
 */
export function settledState(v: ScenarioView, s: CloneSetState): boolean {
  // Also the controller's caches synced (always so with the issue #14 options off): a controller idle only
  // because it has not yet seen the last edit is not at rest.
  // With lifecycle hooks a pod a hook holds (PreparingDelete, PreparingUpdate, Updated) keeps the CloneSet
  // unsettled although the controller is idle: settling waits for the hook's owner. (Without hooks an idle
  // controller has moved every pod to Normal already.) A pod in its minReadySeconds window keeps it unsettled
  // too: upstream requeues itself until it is available (DurationStore.Push when availableReplicas ≠
  // readyReplicas), and the controller may then act on it.
  // Paused, a PreparingUpdate pod (ready, counted unavailable: IsPodAvailable wants Normal) waits for the
  // in-place update that the user's pause holds back — Update returns after its refresh, and refreshPodState
  // moves such a pod only once it is at the update revision — so nothing is stuck: the CloneSet is at rest
  // until the resume, as upstream's Progressing condition says (CloneSetProgressPaused, no deadline). Counted
  // as unsettled, every pause mid-update would read as a liveness failure and hide the real ones
  // (docs/findings.md, "Paused mid-update").
  // A loop, not `every` with a closure: asked of every explored state.
  if (s.pending !== null) return false;
  const hooks = v.scenario.lifecycleHooks !== undefined;
  const held = s.spec.paused;
  const pods = s.pods;
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i]!;
    if (!p.ready || p.notYetAvailable === true) return false;
    if (hooks && p.lifecycle !== 'Normal' && !(held && p.lifecycle === 'PreparingUpdate')) return false;
  }
  return cacheSynced(s) && reconcileChanges(v, s) === null;
}

/** A reconcile that changes status.currentRevision to the update revision (in the status it computed). */
function promotes(s: CloneSetState, a: Action, t: CloneSetState): boolean {
  if (a.kind !== 'reconcile') return false;
  // The status this reconcile computed and will write; none when it equals the one it read, unless that one
  // had not observed its generation (then an equal status is written, and promotes nothing against it).
  // (Without a write t.status is s.status; with a stale cache it may differ from the status the reconcile
  // read, so a reconcile that writes nothing is told apart by identity.)
  const computed = t.pending ?? (t.status === s.status ? null : t.status);
  if (computed === null) return false;
  return computed.currentRevision === computed.updateRevision && asObserved(s).status.currentRevision !== computed.updateRevision;
}

/**
 * The spec a controller step acted on: the state's own, or the stale cache's (asObserved, without its
 * allocation); a step property that must not be judged against a spec the controller never saw reads it
 * here (docs/findings.md, "What each property is measured against").
 */
const observedSpec = (s: CloneSetState): CloneSetState['spec'] => s.observed?.lag[0]?.spec ?? s.spec;

export function cloneSetProperties(v: ScenarioView): readonly CloneSetProperty[] {
  // The `visible` of the step properties that read pods, spec, history and the stable revision (and the
  // controller's caches of them) but neither status nor pending: every step but a status write, which
  // changes only status and pending, and, with stale reads, the CloneSet versions the cache has yet to
  // deliver (observe.ts afterObjectWrite), whose oldest holds the spec they judge a step against
  // (asObserved). A waiting write is the one persistent set the model offers (instance.ts), so this keeps
  // the reduction for them where it is sound. test/model/property-kinds.test.ts checks it on every transition.
  const writeChangesSeen = observeOptions(v.scenario).staleReads > 0;
  const allButStatusWrites = (a: Action): boolean => writeChangesSeen || a.kind !== 'writeStatus';
  const inlineWrites = v.scenario.statusWrite === 'inline';
  // settled-canary's pause exemption (below): a pause can hold back a rollback only with the gate, and only
  // users who may resume make it a wait rather than a resting state.
  const holdsRollback = v.scenario.rollbackGate && hasPauseChanges(v.scenario);
  return [
    {
      kind: 'step',
      name: 'canary-respected',
      description:
        'while a rollout is in progress, no controller step raises the unmarked pods at the update revision (U) above spec.replicas − partition (E)',
      // Only a reconcile changes pods among the controller's steps (a status write never does).
      ...judges('reconcile'),
      visible: allButStatusWrites,
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
      // No `visible`: it reads the status a status write changes, so every step is visible to it.
      ...judges('reconcile'),
      check(s, a, t) {
        if (!promotes(s, a, t)) return OK;
        const seen = asObserved(s);
        const upd = (t.pending ?? t.status).updateRevision;
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
        'a controller step that creates pods leaves at most spec.replicas + maxSurge active pods (the maxSurge the controller reads, rounded up at spec.replicas; 0 while paused)',
      ...judges('reconcile'),
      visible: allButStatusWrites,
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
      ...judges('reconcile'),
      visible: allButStatusWrites,
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
      kind: 'step',
      name: 'on-delete-respected',
      // The default selection has it only for OnDelete scenarios (defaultPropertyNames); named elsewhere it holds.
      optIn: v.scenario.updateStrategyType !== 'OnDelete',
      description:
        'with updateStrategy OnDelete, no controller step creates a pod that takes the pods not marked for deletion (nor PreparingDelete) above spec.replicas: the controller replaces no pod that no one deleted (no update surge)',
      ...judges('reconcile'),
      visible: allButStatusWrites,
      check(s, a, t) {
        if (v.scenario.updateStrategyType !== 'OnDelete' || !isController(a) || t.pods.length <= s.pods.length) return OK;
        // As the controller believes them (its cache and its own writes), as availability-floor: a pod a lagging
        // cache hides is not a surge it chose (surge-bound judges those).
        const staying = keptPodCount(believedPods(t));
        const seen = asObserved(s);
        if (staying <= seen.spec.replicas || staying <= keptPodCount(believedPods(s))) return OK;
        return fail(
          `created pods up to ${staying} not marked for deletion, above spec.replicas = ${seen.spec.replicas} with updateStrategy OnDelete: a surge that replaces pods no one deleted${seenNote(s, seen)}`,
        );
      },
    },
    {
      kind: 'invariant',
      name: 'settled-canary',
      optIn: true,
      description:
        'in every settled state (controller idle, status written, every pod ready and available) while a rollout is in progress (with the rollback gate and pause changes: and not paused), the unmarked pods at the update revision (U) are at most spec.replicas − partition (E)',
      check(s) {
        // Paused with the CloneSetPartitionRollback gate, the rollback that would bring U down after a partition
        // raise waits for a resume users may still make (the states after it are judged). Without the gate no
        // update lowers U, and paused without pause changes no resume comes: those paused states are judged.
        if (!rolloutInProgress(s) || (s.spec.paused && holdsRollback)) return OK;
        const r = s.spec.template;
        const u = unmarkedAt(s, r);
        const e = expectedUpdated(v, s);
        // The cheap comparison first: settledness asks for a reconcile.
        if (u <= e || !settledState(v, s)) return OK;
        return fail(
          `settled with ${u} unmarked pods at ${revName(r)}, above spec.replicas − partition = ${s.spec.replicas} − ${partitionReplicas(v, s)} = ${e}`,
        );
      },
    },
    {
      kind: 'step',
      name: 'status-monotonic',
      optIn: true,
      description:
        'a status write never moves status.currentRevision back to a revision older in the revision history than the one it replaces (a rollback renumbers the revision it restores as newest, so a rollback is not a move back)',
      // Only a step that writes a status can move it.
      ...judges('reconcile', 'writeStatus'),
      check(s, _a, t) {
        const from = s.status.currentRevision;
        const to = t.status.currentRevision;
        if (from === to) return OK;
        const h = t.history;
        if (positionOf(h, to) > positionOf(h, from)) return OK;
        return fail(
          `status.currentRevision moved back from ${revName(from)} to ${revName(to)}, older in the revision history (${h.map(revName).join(', ')}), with no rollback to it`,
        );
      },
    },
    {
      kind: 'step',
      name: 'no-resurrection',
      optIn: true,
      description:
        'no controller step adds pods at a revision that a completed rollout had replaced (older in the revision history than the last completed rollout), unless the template is back at it (a rollback)',
      ...judges('reconcile'),
      visible: allButStatusWrites,
      check(s, a, t) {
        if (!isController(a) || t.pods === s.pods) return OK;
        const h = t.history;
        const stable = positionOf(h, s.stable);
        const template = observedSpec(s).template;
        let last = -1;
        for (const p of t.pods) {
          const r = p.rev;
          // Pods are in canonical order, grouped by revision: one look per revision.
          if (r === last) continue;
          last = r;
          if (r === template || positionOf(h, r) >= stable) continue;
          const before = podsAt(s.pods, r);
          const after = podsAt(t.pods, r);
          if (after > before) {
            return fail(
              `${a.kind} raised the pods at ${revName(r)} from ${before} to ${after}, though the completed rollout to ${revName(s.stable)} had replaced ${revName(r)} and the template is ${revName(template)}`,
            );
          }
        }
        return OK;
      },
    },
    {
      kind: 'step',
      name: 'deadline-from-progress',
      // The default selection has it only with progressDeadlineSeconds (defaultPropertyNames); named elsewhere it holds.
      optIn: v.scenario.progressDeadline !== true,
      description:
        'with progressDeadlineSeconds, no status write turns the Progressing condition ProgressDeadlineExceeded straight from CloneSetAvailable, CloneSetPaused or ProgressPartitionAvailable (with stale reads: no reconcile computes it from such a condition it read): a deadline is timed from when the CloneSet was seen progressing (CloneSetUpdated), never from when it settled',
      // Only a step that writes a status changes the condition; with stale reads the reconcile is judged.
      ...(writeChangesSeen ? judges('reconcile') : judges('reconcile', 'writeStatus')),
      check(s, a, t) {
        // With a synced cache the condition a status write replaces is the one its reconcile read (the
        // deadline step keeps reasons), so the write is judged. With a lagging one the reconcile read a
        // version the write may not replace, and a status computed from a stale read overwrites newer ones
        // whatever its condition: the reconcile is judged, against the copy it read (reconcile.ts readingOf).
        const read = a.kind === 'reconcile' && (inlineWrites || writeChangesSeen);
        if (a.kind !== 'reconcile' && writeChangesSeen) return OK;
        // The status the reconcile wrote (inline) or will write; none when it wrote nothing. An inline write
        // that changes the reason is always a new status object (withConditionTime), so a reconcile that
        // leaves the same object wrote nothing this can fail on; test/model/condition-times.test.ts checks
        // the property against writes told apart by the cache's versions.
        const computed = inlineWrites ? (t.status === s.status ? null : t.status) : t.pending;
        const after = read ? computed?.progressing : t.status.progressing;
        const before = read ? cachedObject(s).status.progressing : s.status.progressing;
        if (after === undefined || after.reason !== 'DeadlineExceeded' || before === undefined || !SETTLED_REASONS.includes(before.reason))
          return OK;
        const settled = REASON_TEXT[before.reason];
        const what = writeChangesSeen
          ? `the controller computed the Progressing condition ${REASON_TEXT.DeadlineExceeded} from a CloneSet it read with ${settled}`
          : `the Progressing condition went from ${settled} to ${REASON_TEXT.DeadlineExceeded} in one status write`;
        return fail(
          `${what}: the deadline was timed from the lastUpdateTime of ${settled}, set when the CloneSet settled${before.expired ? ' more than progressDeadlineSeconds ago' : ''}, not from when it started to progress`,
        );
      },
    },
    {
      kind: 'invariant',
      name: 'well-formed',
      description: 'status counts are non-negative and consistent, and every pod and status revision was minted',
      visible: (a) => WELL_FORMED_READS[a.kind],
      check(s) {
        // Checked on every new state: the minted revisions as a bit set (revisions are below 16), read once.
        const mintedSet = revisionSet(s.history);
        for (const p of s.pods) if (((mintedSet >> p.rev) & 1) === 0) return fail(`a pod is at ${revName(p.rev)}, which was never minted`);
        const problem = statusProblem(s.history, s.status) ?? (s.pending === null ? null : statusProblem(s.history, s.pending));
        return problem === null ? OK : fail(problem);
      },
    },
    { kind: 'deadlock', name: 'no-deadlock', description: 'every state that is not settled has an enabled step' },
    {
      kind: 'convergence',
      name: 'converges',
      description:
        'from every reachable state, controller and kubelet steps alone can reach a settled state (controller idle, status written, every pod ready and available, caches synced; paused, a pod waiting in PreparingUpdate for the held-back update counts as at rest)',
    },
    // The witnesses (WITNESS_OF says which property each goes with), opt-in: the CLI names them beside
    // the properties it checks. Each is the antecedent of its property's check, stated the same way.
    {
      kind: 'sometimes',
      on: 'step',
      name: 'promotion-happens',
      optIn: true,
      description: 'some reconcile promotes status.currentRevision to the update revision',
      kinds: ['reconcile'],
      reached: promotes,
    },
    {
      kind: 'sometimes',
      on: 'step',
      name: 'rollout-completes',
      optIn: true,
      description:
        'some step completes a rollout (the ghost `stable` changes: every pod, as many as spec.replicas > 0, at the template, partition 0)',
      reached: (s, _a, t) => t.stable !== s.stable,
    },
    {
      kind: 'sometimes',
      on: 'state',
      name: 'revision-replaced',
      optIn: true,
      description:
        "some reachable state has a revision older in the revision history than the last completed rollout's (a rollout completed past it, or the user rolled back to the completed revision)",
      reached: (s) => positionOf(s.history, s.stable) > 0,
    },
    {
      kind: 'sometimes',
      on: 'step',
      name: 'canary-grows',
      optIn: true,
      description: 'while a rollout is in progress, some controller step raises the unmarked pods at the update revision',
      kinds: CONTROLLER_KINDS,
      reached(s, a, t) {
        if (!isController(a) || !rolloutInProgress(s) || t.pods === s.pods) return false;
        const r = s.spec.template;
        return unmarkedAt(t, r) > unmarkedAt(s, r);
      },
    },
    {
      kind: 'sometimes',
      on: 'step',
      name: 'on-delete-creates',
      optIn: true,
      description: 'with updateStrategy OnDelete, some controller step creates pods',
      kinds: CONTROLLER_KINDS,
      reached: (s, a, t) => v.scenario.updateStrategyType === 'OnDelete' && isController(a) && t.pods.length > s.pods.length,
    },
    {
      kind: 'sometimes',
      on: 'step',
      name: 'scale-down-deletes',
      optIn: true,
      description: 'some controller step deletes pods (Scale removing excess or specified-delete pods)',
      kinds: CONTROLLER_KINDS,
      reached: (s, a, t) => isController(a) && t.pods.length < s.pods.length,
    },
    {
      kind: 'sometimes',
      on: 'step',
      name: 'deadline-exceeded',
      optIn: true,
      description: 'some status write turns the Progressing condition ProgressDeadlineExceeded (progressDeadlineSeconds only)',
      kinds: ['reconcile', 'writeStatus'],
      reached: (s, _a, t) => t.status.progressing?.reason === 'DeadlineExceeded' && s.status.progressing?.reason !== 'DeadlineExceeded',
    },
  ];
}
