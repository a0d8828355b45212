/**
 * Export of a trace in the Informal Trace Format (ITF, ADR-015 of Apalache, as Quint reads and writes it),
 * so a counterexample can be fed to ITF tooling: Quint's model-based testing drivers, trace viewers, or a
 * conformance harness replaying it against a real controller.
 *
 * Integers are always `{"#bigint": "N"}` (Quint's encoding), optional values are Quint's `Option` variant,
 * the action that led to each state is both `mbt::actionTaken` (Quint's convention) and a full variant.
 * A convergence cycle becomes an ITF lasso: `loop` names the state the last state steps back to.
 */
import { match } from 'ts-pattern';
import type { Action } from '../model/cloneset/actions.js';
import {
  hasAvailabilityWindow,
  hasPauseChanges,
  hasStrategyEdits,
  observeOptions,
  observes,
  type ActionBudgets,
  type Scenario,
} from '../model/cloneset/scenario.js';
import type { CloneSetState, Observation, Pod, PodEntry, Status } from '../model/cloneset/state.js';
import { partitionOf, strategyOf, viewOf, type ScenarioView } from '../model/cloneset/view.js';
import { ranksConditions } from '../model/cloneset/condition-order.js';
import { orderOf } from '../model/controller/progress.js';
import type { IntOrString } from '../model/controller/types.js';
import { plainScenario, plainState, type TraceDocument, type TraceStepDoc } from './document.js';

export type ItfValue =
  | boolean
  | string
  | readonly ItfValue[]
  | { readonly '#bigint': string }
  | { readonly '#tup': readonly ItfValue[] }
  | { readonly '#set': readonly ItfValue[] }
  | { readonly '#map': readonly (readonly [ItfValue, ItfValue])[] }
  | { readonly tag: string; readonly value: ItfValue }
  | { readonly [field: string]: ItfValue };

export interface ItfState {
  readonly '#meta': { readonly index: number };
  readonly [variable: string]: ItfValue | { readonly index: number };
}

export interface ItfTrace {
  readonly '#meta': Readonly<Record<string, unknown>>;
  readonly vars: readonly string[];
  readonly states: readonly ItfState[];
  readonly loop?: number;
}

export const ITF_VARS = ['spec', 'pods', 'status', 'pending', 'history', 'stable', 'budgets', 'mbt::actionTaken', 'action'] as const;

const int = (n: number): ItfValue => ({ '#bigint': String(n) });
const unit: ItfValue = { '#tup': [] };
const variant = (tag: string, value: ItfValue): ItfValue => ({ tag, value });

const intOrString = (x: IntOrString): ItfValue => (typeof x === 'number' ? variant('Int', int(x)) : variant('Str', x));

/**
 * Which optional pod fields every pod record of a trace carries: `hooks` (a lifecycleHooks scenario) both
 * hook labels, `window` (minReadySeconds above 0) whether the pod is still not available, each true or
 * false on every pod, so that every pod record of a trace has one type, as Quint and Apalache read
 * records; without them the record is the four fields it always was.
 */
interface PodFields {
  readonly hooks: boolean;
  readonly window: boolean;
}

const podFieldsOf = (sc: Scenario): PodFields => ({ hooks: sc.lifecycleHooks !== undefined, window: hasAvailabilityWindow(sc) });

const pod = (p: Pod, h: PodFields): ItfValue => ({
  rev: int(p.rev),
  lifecycle: p.lifecycle,
  ready: p.ready,
  marked: p.marked,
  ...(h.hooks ? { preDeleteHook: p.preDeleteHook === true, inPlaceHook: p.inPlaceHook === true } : {}),
  ...(h.window ? { notYetAvailable: p.notYetAvailable === true } : {}),
});

/** `ranked`: the scenario ranks its conditions' times (condition-order.ts): every condition record has `order`. */
function status(st: Status, ranked: boolean): ItfValue {
  return {
    replicas: int(st.replicas),
    readyReplicas: int(st.readyReplicas),
    availableReplicas: int(st.availableReplicas),
    updatedReplicas: int(st.updatedReplicas),
    updatedReadyReplicas: int(st.updatedReadyReplicas),
    expectedUpdatedReplicas: int(st.expectedUpdatedReplicas),
    currentRevision: int(st.currentRevision),
    updateRevision: int(st.updateRevision),
    // Every status of a scenario with progressDeadlineSeconds has one (one record type), none of any other.
    ...(st.progressing === undefined
      ? {}
      : {
          progressing: {
            reason: st.progressing.reason,
            expired: st.progressing.expired,
            ...(ranked ? { order: int(orderOf(st.progressing)) } : {}),
          },
        }),
  };
}

function action(a: Action | null, h: PodFields, failures: boolean, podCache: boolean): ItfValue {
  if (a === null) return variant('init', unit);
  return match(a)
    .with({ kind: 'rollout' }, (x) => variant(x.kind, { template: int(x.template) }))
    .with({ kind: 'scale' }, (x) => variant(x.kind, { replicas: int(x.replicas) }))
    .with({ kind: 'setPartition' }, (x) => variant(x.kind, { index: int(x.index), value: intOrString(x.value) }))
    .with({ kind: 'setPaused' }, (x) => variant(x.kind, { paused: x.paused }))
    .with({ kind: 'setStrategy' }, (x) => variant(x.kind, { field: x.field, value: intOrString(x.value) }))
    .with(
      { kind: 'deletePod' },
      { kind: 'podReady' },
      { kind: 'markPod' },
      { kind: 'podUnready' },
      { kind: 'podFail' },
      { kind: 'inPlaceDone' },
      { kind: 'releaseHook' },
      { kind: 'restoreHook' },
      (x) => variant(x.kind, { pod: pod(x.pod, h), ...(x.via === undefined ? {} : { via: entry(x.via, h, failures) }) }),
    )
    .with({ kind: 'podAvailable' }, (x) =>
      variant(x.kind, {
        pod: pod(x.pod, h),
        ...(x.via === undefined ? {} : { via: entry(x.via, h, failures) }),
        // On every record of a scenario with a lagging pod cache (one record type), on none without.
        ...(podCache ? { cachedOnly: x.cachedOnly === true } : {}),
      }),
    )
    .with({ kind: 'reconcile' }, (x) => variant(x.kind, x.choice === undefined ? unit : { choice: int(x.choice), picks: x.picks ?? '' }))
    .with(
      { kind: 'writeStatus' },
      { kind: 'cacheSync' },
      { kind: 'revisionCacheSync' },
      { kind: 'statusWriteFails' },
      { kind: 'expectationsExpire' },
      (x) => variant(x.kind, unit),
    )
    .with({ kind: 'podCacheSync' }, (x) => variant(x.kind, { entry: entry(x.entry, h, failures) }))
    .with({ kind: 'deadlinePasses' }, (x) => variant(x.kind, unit))
    .exhaustive();
}

/**
 * The budgets left, as integers. An 'any' budget has no counter in the model, so it has no field here
 * either (as in a TLA+ or Quint spec without one); the scenario in `#meta` says it is 'any'.
 */
function budgets(b: ActionBudgets): ItfValue {
  const out: Record<string, ItfValue> = {};
  if (b.rollouts !== 'any') out['rollouts'] = int(b.rollouts);
  out['deletes'] = int(b.deletes);
  if (b.scales !== 'any') out['scales'] = int(b.scales);
  if (b.partitions !== 'any') out['partitions'] = int(b.partitions);
  if (b.marks !== undefined) out['marks'] = int(b.marks);
  if (b.failures !== undefined) out['failures'] = int(b.failures);
  if (b.pauses !== undefined && b.pauses !== 'any') out['pauses'] = int(b.pauses);
  if (b.strategies !== undefined && b.strategies !== 'any') out['strategies'] = int(b.strategies);
  return out;
}

/**
 * A spec: `paused` in every record of a scenario whose users pause (one record type), in none otherwise;
 * `maxSurge` and `maxUnavailable` likewise where users edit them.
 */
function itfSpec(v: ScenarioView, x: Pick<CloneSetState, 'spec'>): ItfValue {
  const sp = x.spec;
  const base = { replicas: int(sp.replicas), template: int(sp.template), partition: intOrString(partitionOf(v, x)) };
  const paused = hasPauseChanges(v.scenario) ? { ...base, paused: sp.paused } : base;
  if (!hasStrategyEdits(v.scenario)) return paused;
  const st = strategyOf(v, x);
  return { ...paused, maxSurge: intOrString(st.maxSurge), maxUnavailable: intOrString(st.maxUnavailable) };
}

function stateVars(v: ScenarioView, s: CloneSetState, h: PodFields): Record<string, ItfValue> {
  return {
    spec: itfSpec(v, s),
    pods: s.pods.map((p) => pod(p, h)),
    status: status(s.status, ranksConditions(v)),
    pending: s.pending === null ? variant('None', unit) : variant('Some', status(s.pending, ranksConditions(v))),
    history: s.history.map(int),
    stable: int(s.stable),
    budgets: budgets(s.budgets),
    ...(s.observed === null ? {} : { observed: observation(v, s.observed, h) }),
  };
}

/** The controller's view (issue #14 options): the CloneSet versions its cache has yet to deliver, oldest (the one it shows) first. */
// observedGeneration's flags in every record of a scenario with staleReads (one record type for Quint and
// Apalache), in none otherwise (the model keeps them only then: state.ts Observation); the pod-write
// failures left likewise in every record of a scenario with podWriteFailures, in none otherwise.
function observation(v: ScenarioView, o: Observation, h: PodFields): ItfValue {
  const opts = observeOptions(v.scenario);
  const g = opts.staleReads > 0;
  return {
    lag: o.lag.map((x) => ({
      spec: itfSpec(v, x),
      status: status(x.status, ranksConditions(v)),
      ...(g ? { generationUnobserved: x.generationUnobserved } : {}),
    })),
    ...(g ? { generationUnobserved: o.generationUnobserved, pendingUnobserved: o.pendingUnobserved } : {}),
    writeFailures: int(o.writeFailures),
    ...(opts.podWriteFailures > 0 ? { podWriteFailures: int(o.podWriteFailures) } : {}),
    pods: o.pods.map((e) => entry(e, h, podFailures(v.scenario))),
    // The revisions' numbers and creation order in every record of a scenario with staleRevisions: the cache's
    // numbers as Quint's Option (None: it holds the server's), a cached number of 0 for a revision it lacks.
    ...(o.revisions === null
      ? {}
      : {
          revisionNumbers: o.revisions.numbers.map(int),
          revisionCreationOrder: o.revisions.created.map(int),
          cachedRevisionNumbers: o.revisions.cached === null ? variant('None', unit) : variant('Some', o.revisions.cached.map(int)),
        }),
  };
}

/** Whether pods may fail (podFailures): then every pod-cache entry says whether its missing truth failed. */
const podFailures = (sc: Scenario): boolean => (sc.budgets.failures ?? 0) > 0;

/**
 * A pod-cache entry: Quint's Option for the cached and the true pod (None: not yet seen / left the active
 * list), in every entry of a scenario with podFailures whether a missing truth failed, and in every entry of
 * one with minReadySeconds whether the truth is ready again (one record type).
 */
function entry(e: PodEntry, h: PodFields, failures: boolean): ItfValue {
  const opt = (p: Pod | null): ItfValue => (p === null ? variant('None', unit) : variant('Some', pod(p, h)));
  return {
    cached: opt(e.cached),
    truth: opt(e.truth),
    awaited: e.awaited,
    ...(failures ? { failed: e.failed === true } : {}),
    ...(h.window ? { readyAgain: e.readyAgain === true } : {}),
  };
}

export function toItf(doc: TraceDocument): ItfTrace {
  const v = viewOf(doc.scenario);
  const c = doc.continuation;
  // A lasso's last step returns to states[loop]; ITF lists each state of the lasso once.
  const cont: readonly TraceStepDoc[] = c === undefined ? [] : c.cycleTo === null ? c.steps : c.steps.slice(0, -1);
  const steps = [...doc.steps, ...cont];
  const fields = podFieldsOf(doc.scenario);
  const states: ItfState[] = steps.map((st, i) => ({
    '#meta': { index: i },
    // As the JSON export writes it (pods in canonical order): two traces that replay as equal export alike.
    ...stateVars(v, plainState(st.state), fields),
    'mbt::actionTaken': st.action === null ? 'init' : st.action.kind,
    action: action(st.action, fields, podFailures(doc.scenario), observeOptions(doc.scenario).expectations !== 'ideal'),
  }));
  const meta = {
    format: 'ITF',
    'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html',
    source: 'cloneset-check',
    description:
      doc.property === null
        ? `CloneSet trace (controller ${doc.controller})`
        : `CloneSet counterexample to ${doc.property.name} (controller ${doc.controller}): ${doc.property.message}`,
    scenario: plainScenario(doc.scenario),
    property: doc.property,
    ...(c === undefined ? {} : { continuationFrom: doc.steps.length }),
  };
  // States carry `observed` exactly when the scenario turns an issue #14 option on.
  const vars = observes(doc.scenario) ? [...ITF_VARS.slice(0, 7), 'observed', ...ITF_VARS.slice(7)] : [...ITF_VARS];
  const trace: ItfTrace = { '#meta': meta, vars, states };
  return c !== undefined && c.cycleTo !== null ? { ...trace, loop: c.cycleTo } : trace;
}
