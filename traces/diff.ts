/**
 * What a step changed, field by field, in reader's terms (revision names, partition values, pod
 * glyphs). The terminal prints these, the diagram highlights them and replay explains mismatches with
 * them, so all three agree on what "changed" means.
 */
import { conditionText } from '../model/controller/progress.js';
import {
  describePodEntry,
  type ObjectVersion,
  type Pod,
  revName,
  type CloneSetState,
  type Spec,
  type Status,
} from '../model/cloneset/state.js';
import { cachedRevisions } from '../model/cloneset/revision-cache.js';
import { hasPauseChanges, hasStrategyEdits } from '../model/cloneset/scenario.js';
import { partitionOf, strategyOf, type ScenarioView } from '../model/cloneset/view.js';
import { podsSummary } from './notation.js';

export type FieldGroup = 'spec' | 'pods' | 'status' | 'pending' | 'history' | 'ghost' | 'budgets' | 'cache';

export interface FieldChange {
  /** Dotted path in the state, e.g. `status.currentRevision`; `pending` alone when it appeared or went away. */
  readonly path: string;
  readonly group: FieldGroup;
  readonly before: string;
  readonly after: string;
}

const STATUS_FIELDS: readonly (keyof Status)[] = [
  'replicas',
  'readyReplicas',
  'availableReplicas',
  'updatedReplicas',
  'updatedReadyReplicas',
  'expectedUpdatedReplicas',
  'currentRevision',
  'updateRevision',
  'progressing',
];

function statusValue(st: Status, k: keyof Status): string {
  if (k === 'progressing') return conditionText(st.progressing);
  return k === 'currentRevision' || k === 'updateRevision' ? revName(st[k]) : String(st[k]);
}

/** A status's observedGeneration against its CloneSet's generation (state.ts Observation: kept with staleReads only). */
export const generationText = (unobserved: boolean): string => (unobserved ? '< generation' : '= generation');

/** One-line status, for a pending status that appears or disappears as a whole. */
export function statusBrief(st: Status): string {
  const progressing = st.progressing === undefined ? '' : `, progressing ${conditionText(st.progressing)}`;
  return `{current ${revName(st.currentRevision)}, update ${revName(st.updateRevision)}, replicas ${st.replicas}, ready ${st.readyReplicas}, updated ${st.updatedReplicas}, expected ${st.expectedUpdatedReplicas}${progressing}}`;
}

const NONE = '∅';

/** A spec's partition as the scenario lists it (a state's, or a cached version's), `#i` for an index it lacks. */
export function partitionText(v: ScenarioView, s: { readonly spec: Spec }): string {
  const p = v.partitions[s.spec.partition];
  return p === undefined ? `#${s.spec.partition}` : String(partitionOf(v, s));
}

/**
 * spec.paused where users pause and resume (the scenario's pause budget), as ` · paused` or nothing: other
 * scenarios keep it at the scenario's value, which their header already says, and read as before.
 */
export const pausedText = (v: ScenarioView, s: { readonly spec: Spec }, sep = ', '): string =>
  hasPauseChanges(v.scenario) && s.spec.paused ? `${sep}paused` : '';

/**
 * maxSurge and maxUnavailable where users edit them (the scenario's strategy budget), as `, maxSurge 1,
 * maxUnavailable 0`; nothing elsewhere (they are the scenario's, which the header says).
 */
export function strategyText(v: ScenarioView, s: { readonly spec: Spec }, sep = ', '): string {
  if (!hasStrategyEdits(v.scenario)) return '';
  const st = strategyOf(v, s);
  return `${sep}maxSurge ${String(st.maxSurge)}${sep}maxUnavailable ${String(st.maxUnavailable)}`;
}

/** The fields that differ between `a` and `b`, in a fixed order (spec, pods and their hook labels, status, pending, history, ghost, budgets). */
export function changedFields(v: ScenarioView, a: CloneSetState, b: CloneSetState): readonly FieldChange[] {
  const out: FieldChange[] = [];
  const add = (path: string, group: FieldGroup, before: string, after: string): void => {
    if (before !== after) out.push({ path, group, before, after });
  };
  add('spec.replicas', 'spec', String(a.spec.replicas), String(b.spec.replicas));
  add('spec.partition', 'spec', partitionText(v, a), partitionText(v, b));
  add('spec.template', 'spec', revName(a.spec.template), revName(b.spec.template));
  add('spec.paused', 'spec', String(a.spec.paused), String(b.spec.paused));
  add('spec.maxSurge', 'spec', String(strategyOf(v, a).maxSurge), String(strategyOf(v, b).maxSurge));
  add('spec.maxUnavailable', 'spec', String(strategyOf(v, a).maxUnavailable), String(strategyOf(v, b).maxUnavailable));
  add('pods', 'pods', podsSummary(a.pods), podsSummary(b.pods));
  add('pods.hooks', 'pods', podHooksText(a.pods), podHooksText(b.pods));
  for (const k of STATUS_FIELDS) add(`status.${k}`, 'status', statusValue(a.status, k), statusValue(b.status, k));
  add(
    'status.observedGeneration',
    'status',
    generationText(a.observed?.generationUnobserved === true),
    generationText(b.observed?.generationUnobserved === true),
  );
  if (a.pending === null || b.pending === null) {
    add('pending', 'pending', pendingText(a), pendingText(b));
  } else {
    for (const k of STATUS_FIELDS) add(`pending.${k}`, 'pending', statusValue(a.pending, k), statusValue(b.pending, k));
    add(
      'pending.observedGeneration',
      'pending',
      generationText(a.observed?.pendingUnobserved === true),
      generationText(b.observed?.pendingUnobserved === true),
    );
  }
  add('history', 'history', a.history.map(revName).join(' '), b.history.map(revName).join(' '));
  add('stable', 'ghost', revName(a.stable), revName(b.stable));
  add('budgets.rollouts', 'budgets', String(a.budgets.rollouts), String(b.budgets.rollouts));
  add('budgets.deletes', 'budgets', String(a.budgets.deletes), String(b.budgets.deletes));
  add('budgets.scales', 'budgets', String(a.budgets.scales), String(b.budgets.scales));
  add('budgets.partitions', 'budgets', String(a.budgets.partitions), String(b.budgets.partitions));
  add('budgets.marks', 'budgets', String(a.budgets.marks ?? 0), String(b.budgets.marks ?? 0));
  add('budgets.failures', 'budgets', String(a.budgets.failures ?? 0), String(b.budgets.failures ?? 0));
  add('budgets.pauses', 'budgets', String(a.budgets.pauses ?? 0), String(b.budgets.pauses ?? 0));
  add('budgets.strategies', 'budgets', String(a.budgets.strategies ?? 0), String(b.budgets.strategies ?? 0));
  // The controller's view (issue #14 options); absent from states without them.
  if (a.observed !== null && b.observed !== null) {
    add('cache', 'cache', cacheText(v, a), cacheText(v, b));
    add('cache.later', 'cache', laterVersionsText(v, a), laterVersionsText(v, b));
    add('podCache', 'cache', podCacheText(a), podCacheText(b));
    add('revisions', 'history', revisionNumbersText(a), revisionNumbersText(b));
    add('revisionCache', 'cache', revisionCacheText(a), revisionCacheText(b));
    add('writeFailures', 'budgets', String(a.observed.writeFailures), String(b.observed.writeFailures));
    add('podWriteFailures', 'budgets', String(a.observed.podWriteFailures), String(b.observed.podWriteFailures));
  }
  return out;
}

/**
 * The lifecycle-hook labels the pods carry, which their glyphs do not show: `v1 preDelete, v2
 * preDelete+inPlaceUpdate`, or `none`. Without it two states that differ only in a label diff as equal
 * (replay once said "different state than recorded ()").
 */
export function podHooksText(pods: readonly Pod[]): string {
  const hooked: string[] = [];
  for (const p of pods) {
    const labels = [...(p.preDeleteHook === true ? ['preDelete'] : []), ...(p.inPlaceHook === true ? ['inPlaceUpdate'] : [])];
    if (labels.length > 0) hooked.push(`${revName(p.rev)} ${labels.join('+')}`);
  }
  return hooked.length === 0 ? 'none' : hooked.join(', ');
}

/** The pods whose change the controller's pod cache has not received (`cached → as it is`), or `synced`. */
export function podCacheText(s: CloneSetState): string {
  const es = s.observed?.pods ?? [];
  return es.length === 0 ? 'synced' : es.map(describePodEntry).join('; ');
}

/**
 * The ControllerRevisions with their numbers (staleRevisions only, else empty): `v1:1 v2:2 v3:2`, a tie where
 * two share one; and their creation order where it is not the list's (`(created v2 v1)`), which breaks a tie.
 */
export function revisionNumbersText(s: CloneSetState): string {
  const r = s.observed?.revisions ?? null;
  if (r === null) return '';
  const listed = s.history.map((x, i) => `${revName(x)}:${r.numbers[i]}`).join(' ');
  if (r.created.every((c, i) => c === i + 1)) return listed;
  const births = s.history.map((x, i) => [x, r.created[i]!] as const).sort((a, b) => a[1] - b[1]);
  return `${listed} (created ${births.map(([x]) => revName(x)).join(' ')})`;
}

/** What the controller's ControllerRevision cache lists (staleRevisions only, else empty): `synced`, or the list without the last write. */
export function revisionCacheText(s: CloneSetState): string {
  const r = s.observed?.revisions ?? null;
  if (r === null) return '';
  if (r.cached === null) return 'synced';
  const listed = cachedRevisions(s.history, r).map((x) => `${x.name}:${x.number}`);
  return `lists ${listed.length === 0 ? 'none' : listed.join(' ')}`;
}

/** What the controller's CloneSet cache shows: `synced`, or how far it lags and the spec and status it still shows. */
export function cacheText(v: ScenarioView, s: CloneSetState): string {
  const lag = s.observed?.lag ?? [];
  const seen = lag[0];
  if (seen === undefined) return 'synced';
  return `${lag.length} behind (${versionText(v, seen)})`;
}

/** The versions the cache will show after the one it shows, oldest first (`none`): a replay tells states apart by them too. */
function laterVersionsText(v: ScenarioView, s: CloneSetState): string {
  const later = (s.observed?.lag ?? []).slice(1);
  return later.length === 0 ? 'none' : later.map((x) => versionText(v, x)).join('; ');
}

function versionText(v: ScenarioView, x: ObjectVersion): string {
  const partition = partitionText(v, x);
  const generation = x.generationUnobserved ? `, observedGeneration ${generationText(true)}` : '';
  return `replicas ${x.spec.replicas}, partition ${partition}, template ${revName(x.spec.template)}${pausedText(v, x)}, status ${statusBrief(x.status)}${generation}`;
}

/** A pending status that appears or goes away as a whole, with its observedGeneration when that lags. */
function pendingText(s: CloneSetState): string {
  if (s.pending === null) return NONE;
  return s.observed?.pendingUnobserved === true
    ? `${statusBrief(s.pending)}, observedGeneration ${generationText(true)}`
    : statusBrief(s.pending);
}

export const formatChange = (c: FieldChange): string => `${c.path} ${c.before}→${c.after}`;
