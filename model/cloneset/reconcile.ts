/**
 * One controller reconcile on the abstract state, with upstream's snapshot semantics (docs/model.md,
 * "`model/cloneset/`"): revisions, Scale/Update decisions and the status are all computed from the spec,
 * status.currentRevision and pods as read at the start; the status never reflects this reconcile's own
 * pod actions.
 */
import { applyEffects, type SyncResult } from '../controller/effects.js';
import { isUpdateReady } from '../controller/predicates.js';
import { getActiveRevisions, type ControllerRevision } from '../controller/revisions.js';
import { calculateStatus, type CloneSetStatus } from '../controller/status.js';
import { syncCloneSet } from '../controller/sync.js';
import type { ControllerPod, LifecycleHooks } from '../controller/types.js';
import { canonicalPods, podCode, revName, sameStatus, stateOf, type CloneSetState, type Pod, type RevId, type Status } from './state.js';
import { controllerPod, controllerSpec, kubeletControllerPod, lifecycleOf, syncContext, type ScenarioView } from './view.js';

export interface ReconcileOutcome {
  readonly state: CloneSetState;
  readonly sync: SyncResult;
  /** The status this reconcile computed (written now, or pending in separate mode). */
  readonly status: Status;
}

export function revIdOf(name: string): RevId {
  const m = /^v(\d+)$/.exec(name);
  if (m === null) throw new Error(`not a model revision name: ${name}`);
  return Number(m[1]) - 1;
}

function fromControllerPod(p: ControllerPod): Pod {
  if (p.lifecycle === '') throw new Error('a pod without a lifecycle label is outside the model');
  // An Updating pod's `ready` is the kubelet's completion of its in-place update (state.ts, Pod.ready).
  const ready = p.lifecycle === 'Updating' ? p.inPlaceUpdateCompleted === true : isUpdateReady(p);
  const pod: Pod = { rev: revIdOf(p.revision), lifecycle: p.lifecycle, ready, marked: p.specifiedDelete };
  if (p.preDeleteHooked !== true && p.inPlaceUpdateHooked !== true) return pod;
  return {
    ...pod,
    ...(p.preDeleteHooked === true ? { preDeleteHook: true as const } : {}),
    ...(p.inPlaceUpdateHooked === true ? { inPlaceHook: true as const } : {}),
  };
}

/** A new pod carries the hook labels of its template (NewVersionedPods copies the template's labels). */
function withTemplateHooks(pods: readonly ControllerPod[], created: number, hooks: LifecycleHooks | undefined): readonly ControllerPod[] {
  if (hooks === undefined || created === 0) return pods;
  return pods.map((p, i) =>
    i < pods.length - created ? p : { ...p, preDeleteHooked: hooks.preDelete, inPlaceUpdateHooked: hooks.inPlaceUpdate },
  );
}

function toModelStatus(st: CloneSetStatus): Status {
  return {
    replicas: st.replicas,
    readyReplicas: st.readyReplicas,
    availableReplicas: st.availableReplicas,
    updatedReplicas: st.updatedReplicas,
    updatedReadyReplicas: st.updatedReadyReplicas,
    expectedUpdatedReplicas: st.expectedUpdatedReplicas,
    currentRevision: revIdOf(st.currentRevision),
    updateRevision: revIdOf(st.updateRevision),
  };
}

/** What a reconcile decides: a function of spec, pods, status.currentRevision and history only. */
interface Decision {
  readonly sync: SyncResult;
  /** The pods after the sync's effects, or null when it has none (the caller keeps its own pod list). */
  readonly pods: readonly Pod[] | null;
  readonly history: readonly RevId[];
  readonly status: Status;
}

/** Models `doReconcile` steps 5–14 (expectation gates are always satisfied: writes are atomic, the cache exact). */
function decide(v: ScenarioView, s: CloneSetState): Decision {
  const listed: ControllerRevision<RevId>[] = s.history.map((r, i) => ({ name: revName(r), number: i + 1, template: r }));
  const revisions = getActiveRevisions(listed, s.spec.template, revName, revName(s.status.currentRevision));
  const current = revisions.current.name;
  const update = revisions.update.name;
  const spec = controllerSpec(v, s);
  const pods = s.pods.map(v.scenario.inPlaceKubelet === true ? kubeletControllerPod : controllerPod);
  const sync = syncCloneSet(spec, pods, syncContext(v, current, update));
  const status = toModelStatus(calculateStatus(spec, pods, { currentRevision: current, updateRevision: update }, v.promotionRule));
  const created = sync.effects.reduce((n, e) => (e.kind === 'create' ? n + 1 : n), 0);
  const nextPods =
    sync.effects.length === 0
      ? null
      : canonicalPods(withTemplateHooks(applyEffects(pods, sync.effects), created, lifecycleOf(v.scenario)).map(fromControllerPod));
  const history = [...revisions.history].sort((a, b) => a.number - b.number).map((r) => r.template);
  return { sync, pods: nextPods, history, status };
}

/** The inputs `decide` reads, as a short string (many states share them: they differ in budgets and status). */
function decisionKey(s: CloneSetState): string {
  const codes = [s.spec.replicas, s.spec.template, s.spec.partition, s.status.currentRevision, s.history.length, ...s.history];
  for (const p of s.pods) codes.push(podCode(p));
  return String.fromCharCode(...codes);
}

const MEMO_LIMIT = 1 << 20;

export function reconcile(v: ScenarioView, s: CloneSetState): ReconcileOutcome {
  const key = decisionKey(s);
  let d = v.reconcileMemo.get(key) as Decision | undefined;
  if (d === undefined) {
    d = decide(v, s);
    if (v.reconcileMemo.size >= MEMO_LIMIT) v.reconcileMemo.clear();
    v.reconcileMemo.set(key, d);
  }
  // inconsistentStatus: a status equal to the one read at the start is not written at all.
  const changed = !sameStatus(d.status, s.status);
  const inline = v.scenario.statusWrite === 'inline';
  return {
    // Without pod effects the pods are this state's own array (memoised decisions are shared between
    // states): step properties recognise an unchanged pod list by identity.
    state: stateOf(
      s.spec,
      d.pods ?? s.pods,
      inline && changed ? d.status : s.status,
      !inline && changed ? d.status : null,
      d.history,
      s.stable,
      s.budgets,
    ),
    sync: d.sync,
    status: d.status,
  };
}
