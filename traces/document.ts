/**
 * The versioned JSON trace document: what a counterexample looks like on disk, and its byte-stable
 * serialisation (same trace ⇒ same bytes, so saved traces diff cleanly and can be compared in tests).
 *
 * `label`, `actor` and `summary` are derived from `action` and `state` for readers and tools such as jq;
 * they are written for convenience and never trusted on the way back in (parse.ts derives them again), so
 * a trace whose labels were written by an older version still reads. The property's message is the model's
 * on the replayed steps wherever the CLI shows or exports a file (cli/trace-input.ts asReplayed).
 */
import { match } from 'ts-pattern';
import { actionLabel, actorOf, type Action } from '../model/cloneset/actions.js';
import {
  hasAvailabilityWindow,
  hasPauseChanges,
  hasStrategyEdits,
  observeOptions,
  type ActionBudgets,
  type Scenario,
} from '../model/cloneset/scenario.js';
import {
  canonicalPods,
  observationOf,
  revName,
  unmarkedAt,
  versionOf,
  type CloneSetState,
  type ObjectVersion,
  type Observation,
  type Pod,
  type PodEntry,
  type Spec,
  type Status,
} from '../model/cloneset/state.js';
import type { Continuation, TraceStep, Violation } from '../checker/result.js';
import type { PropertyKind } from '../model/cloneset/trace.js';
import { expectedUpdated, viewOf, type ScenarioView } from '../model/cloneset/view.js';
import type { ProgressCondition } from '../model/controller/progress.js';
import type { ControllerVariant } from '../model/controller/promotion.js';
import { podsSummary } from './notation.js';

export const TRACE_FORMAT = 'cloneset-check-trace';
export const TRACE_VERSION = 1;

export type Actor = 'user' | 'kubelet' | 'controller' | 'hook';

export { PROPERTY_KINDS, type PropertyKind } from '../model/cloneset/trace.js';

export interface PropertyRef {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly message: string;
}

export interface StateSummary {
  readonly specReplicas: number;
  /** See notation.ts. */
  readonly pods: string;
  /** Unmarked pods at the template's revision (U of the canary property); status.updatedReplicas may lag. */
  readonly updated: number;
  /** spec.replicas − partition (E of the canary property). */
  readonly expectedUpdated: number;
  readonly currentRevision: string;
  readonly updateRevision: string;
}

export interface TraceStepDoc {
  /** Position in the document: trace steps 0…n−1, then continuation steps n, n+1, … */
  readonly index: number;
  readonly action: Action | null;
  readonly label: string;
  readonly actor: Actor | null;
  readonly state: CloneSetState;
  readonly summary: StateSummary;
}

export interface ContinuationDoc {
  readonly steps: readonly TraceStepDoc[];
  /** The step index whose state the last continuation step returns to, or null for a dead end. */
  readonly cycleTo: number | null;
}

/** The searches a trace may come from: `check`'s exhaustive breadth-first search, or `simulate`'s random walks. */
export const FOUND_BY = ['check', 'simulate'] as const;
export type FoundBy = (typeof FOUND_BY)[number];

export interface TraceDocument {
  readonly format: typeof TRACE_FORMAT;
  readonly version: typeof TRACE_VERSION;
  readonly scenario: Scenario;
  readonly controller: ControllerVariant;
  /**
   * The search that found the trace, which decides what a report may claim of its bounds (every interleaving
   * explored, or some). Written by `simulate`; absent in `check`'s files, which stay as they were, and in files
   * written before it was recorded.
   */
  readonly foundBy?: FoundBy;
  readonly property: PropertyRef | null;
  readonly steps: readonly TraceStepDoc[];
  readonly continuation?: ContinuationDoc;
}

/** A step, a continuation and a violation as the explorer and the simulator report them for the CloneSet model. */
export type CloneSetStep = TraceStep<CloneSetState, Action>;
export type CloneSetContinuation = Continuation<CloneSetState, Action>;
export type CloneSetViolation = Violation<CloneSetState, Action>;

export interface TraceInput {
  readonly scenario: Scenario;
  readonly steps: readonly CloneSetStep[];
  readonly property?: PropertyRef | null;
  readonly continuation?: CloneSetContinuation;
}

export function summarize(v: ScenarioView, s: CloneSetState): StateSummary {
  return {
    specReplicas: s.spec.replicas,
    pods: podsSummary(s.pods),
    updated: unmarkedAt(s, s.spec.template),
    expectedUpdated: expectedUpdated(v, s),
    currentRevision: revName(s.status.currentRevision),
    updateRevision: revName(s.status.updateRevision),
  };
}

function stepDoc(v: ScenarioView, index: number, step: CloneSetStep): TraceStepDoc {
  const state = plainState(step.state);
  return {
    index,
    action: step.action === null ? null : plainAction(step.action),
    label: step.action === null ? 'initial state' : actionLabel(step.action),
    actor: step.action === null ? null : actorOf(step.action),
    state,
    summary: summarize(v, state),
  };
}

export function toTraceDocument(input: TraceInput): TraceDocument {
  const v = viewOf(input.scenario);
  const steps = input.steps.map((s, i) => stepDoc(v, i, s));
  const base = {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    scenario: plainScenario(input.scenario),
    controller: input.scenario.controller,
    property: input.property ?? null,
    steps,
  } as const;
  const c = input.continuation;
  if (c === undefined) return base;
  // The stuck state is the trace's last step; continuation position k is the step k after it.
  const stuck = steps.length - 1;
  const cycleTo = c.end === 'cycle' ? stuck + c.cycleStart : null;
  return { ...base, continuation: { steps: c.steps.map((s, i) => stepDoc(v, steps.length + i, s)), cycleTo } };
}

export function fromViolation(scenario: Scenario, violation: CloneSetViolation): TraceDocument {
  const property: PropertyRef = { name: violation.property, kind: violation.kind, message: violation.message };
  return toTraceDocument(
    violation.continuation === undefined
      ? { scenario, steps: violation.trace, property }
      : { scenario, steps: violation.trace, property, continuation: violation.continuation },
  );
}

/** Every step, trace then continuation, in index order. */
export function allSteps(doc: TraceDocument): readonly TraceStepDoc[] {
  return doc.continuation === undefined ? doc.steps : [...doc.steps, ...doc.continuation.steps];
}

// The plain* builders fix the key order (JSON.stringify keeps insertion order) and drop anything that is
// not part of the format, such as extra properties a caller's objects might carry.

export function plainScenario(sc: Scenario): Scenario {
  return {
    controller: sc.controller,
    initialReplicas: sc.initialReplicas,
    initialPartition: sc.initialPartition,
    maxReplicas: sc.maxReplicas,
    partitions: [...sc.partitions],
    maxSurge: sc.maxSurge,
    maxUnavailable: sc.maxUnavailable,
    // Written only where given, so files of scenarios without strategy edits stay as they were.
    ...(sc.maxSurges === undefined ? {} : { maxSurges: [...sc.maxSurges] }),
    ...(sc.maxUnavailables === undefined ? {} : { maxUnavailables: [...sc.maxUnavailables] }),
    podUpdatePolicy: sc.podUpdatePolicy,
    // Only when not the default, so a file of a RollingUpdate scenario stays as it was.
    ...(sc.updateStrategyType === 'OnDelete' ? { updateStrategyType: 'OnDelete' as const } : {}),
    ...(sc.rollingUpdate === false ? { rollingUpdate: false } : {}),
    rollbackGate: sc.rollbackGate,
    paused: sc.paused,
    scaleMaxUnavailable: sc.scaleMaxUnavailable,
    templates: sc.templates,
    budgets: plainBudgets(sc.budgets),
    statusWrite: sc.statusWrite,
    // Only when on: a trace without free choices stays byte-identical to one written before they existed.
    ...(sc.freeChoices === true ? { freeChoices: true } : {}),
    ...plainObserveOptions(sc),
    // Options added later are written only when on, so a file of a scenario without them stays as it was.
    ...(sc.preparingReady === true ? { preparingReady: true } : {}),
    ...(sc.inPlaceKubelet === true ? { inPlaceKubelet: true } : {}),
    ...(hasAvailabilityWindow(sc) ? { minReadySeconds: sc.minReadySeconds } : {}),
    ...(sc.lifecycleHooks === undefined ? {} : { lifecycleHooks: sc.lifecycleHooks }),
    ...(sc.progressDeadline === true ? { progressDeadline: true } : {}),
    ...(sc.preparingUpdateAsUpdate === true ? { preparingUpdateAsUpdate: true } : {}),
    ...(sc.excludePreparingDelete === true ? { excludePreparingDelete: true } : {}),
  };
}

/** The issue #14 options, each only when it is not its default: a scenario without them reads and writes as before. */
function plainObserveOptions(
  sc: Scenario,
): Pick<Scenario, 'staleReads' | 'staleRevisions' | 'statusWriteFailures' | 'podWriteFailures' | 'podWriteTimeouts' | 'expectations'> {
  const o = observeOptions(sc);
  return {
    ...(o.staleReads === 0 ? {} : { staleReads: o.staleReads }),
    ...(o.staleRevisions ? { staleRevisions: true } : {}),
    ...(o.statusWriteFailures === 0 ? {} : { statusWriteFailures: o.statusWriteFailures }),
    ...(o.podWriteFailures === 0 ? {} : { podWriteFailures: o.podWriteFailures }),
    ...(sc.podWriteTimeouts === true ? { podWriteTimeouts: true } : {}),
    ...(o.expectations === 'ideal' ? {} : { expectations: o.expectations }),
  };
}

function plainObservation(o: Observation): Observation {
  return observationOf(
    o.lag.map((x) => versionOf(plainSpec(x.spec), plainStatus(x.status), x.generationUnobserved)),
    o.generationUnobserved,
    o.pendingUnobserved,
    o.writeFailures,
    o.podWriteFailures,
    o.pods.map(plainEntry),
    o.revisions === null
      ? null
      : {
          numbers: [...o.revisions.numbers],
          cached: o.revisions.cached === null ? null : [...o.revisions.cached],
          created: [...o.revisions.created],
        },
  );
}

/** A stored flag: written only when set (files without them read as before: parse takes an absent flag as false). */
type StoredFlags<T, K extends keyof T> = Omit<T, K> & { readonly [F in K]?: true };

/** A CloneSet version as written to a file: generationUnobserved only when set. */
type StoredVersion = StoredFlags<ObjectVersion, 'generationUnobserved'>;

/** The Observation as written to a file: its observedGeneration flags (stale reads only) only when set. */
type StoredObservation = Omit<
  StoredFlags<Observation, 'generationUnobserved' | 'pendingUnobserved'>,
  'lag' | 'podWriteFailures' | 'revisions'
> & {
  readonly lag: readonly (Omit<StoredVersion, 'spec'> & { readonly spec: StoredSpec })[];
  /** Only when some are left (files of scenarios without podWriteFailures stay as they were). */
  readonly podWriteFailures?: number;
  /** Only with staleRevisions (files of other scenarios stay as they were); `cached` only while the cache lags. */
  readonly revisions?: { readonly numbers: readonly number[]; readonly cached?: readonly number[]; readonly created: readonly number[] };
};

const flag = <K extends string>(key: K, on: boolean): { readonly [F in K]?: true } => (on ? ({ [key]: true } as { [F in K]: true }) : {});

function storedObservation(o: Observation, form: SpecForm): StoredObservation {
  return {
    lag: o.lag.map((x) => ({
      spec: storedSpec(x.spec, form),
      status: x.status,
      ...flag('generationUnobserved', x.generationUnobserved),
    })),
    ...flag('generationUnobserved', o.generationUnobserved),
    ...flag('pendingUnobserved', o.pendingUnobserved),
    writeFailures: o.writeFailures,
    ...(o.podWriteFailures === 0 ? {} : { podWriteFailures: o.podWriteFailures }),
    pods: o.pods,
    ...(o.revisions === null
      ? {}
      : {
          revisions: {
            numbers: o.revisions.numbers,
            ...(o.revisions.cached === null ? {} : { cached: o.revisions.cached }),
            created: o.revisions.created,
          },
        }),
  };
}

function plainEntry(e: PodEntry): PodEntry {
  const base = {
    cached: e.cached === null ? null : plainPod(e.cached),
    truth: e.truth === null ? null : plainPod(e.truth),
    awaited: e.awaited,
  };
  // The flags only where they are set (pod failures, minReadySeconds): other files stay as they were.
  return e.failed === true ? { ...base, failed: true } : e.readyAgain === true ? { ...base, readyAgain: true } : base;
}

function plainBudgets(b: ActionBudgets): ActionBudgets {
  const base = { rollouts: b.rollouts, deletes: b.deletes, scales: b.scales, partitions: b.partitions };
  // Only scenarios with userMarks / podFailures, or pause changes, have these counters (files of other
  // scenarios stay as they were).
  const counted = b.marks === undefined && b.failures === undefined ? base : { ...base, marks: b.marks ?? 0, failures: b.failures ?? 0 };
  const withPauses = b.pauses === undefined ? counted : { ...counted, pauses: b.pauses };
  return b.strategies === undefined ? withPauses : { ...withPauses, strategies: b.strategies };
}

const plainSpec = (sp: Spec): Spec => ({
  replicas: sp.replicas,
  template: sp.template,
  partition: sp.partition,
  paused: sp.paused,
  surge: sp.surge,
  unavailable: sp.unavailable,
});

/**
 * A spec as written to a file: `paused` only in scenarios whose users pause (elsewhere it is the scenario's
 * `paused`), `surge` and `unavailable` (indices into the scenario's maxSurge and maxUnavailable values) only
 * in scenarios whose users edit them (elsewhere 0, the scenario's maxSurge and maxUnavailable).
 */
type StoredSpec = Omit<Spec, 'paused' | 'surge' | 'unavailable'> & {
  readonly paused?: boolean;
  readonly surge?: number;
  readonly unavailable?: number;
};

/** Which optional spec fields a scenario's files carry. */
export interface SpecForm {
  readonly pausable: boolean;
  readonly strategies: boolean;
}

export const specFormOf = (sc: Scenario): SpecForm => ({ pausable: hasPauseChanges(sc), strategies: hasStrategyEdits(sc) });

const storedSpec = (sp: Spec, form: SpecForm): StoredSpec => ({
  replicas: sp.replicas,
  template: sp.template,
  partition: sp.partition,
  ...(form.pausable ? { paused: sp.paused } : {}),
  ...(form.strategies ? { surge: sp.surge, unavailable: sp.unavailable } : {}),
});

function plainPod(p: Pod): Pod {
  const base = { rev: p.rev, lifecycle: p.lifecycle, ready: p.ready, marked: p.marked };
  // Hook labels and the availability window only where a pod has them: other files stay as they were.
  if (p.preDeleteHook !== true && p.inPlaceHook !== true && p.notYetAvailable !== true) return base;
  return {
    ...base,
    ...(p.preDeleteHook === true ? { preDeleteHook: true as const } : {}),
    ...(p.inPlaceHook === true ? { inPlaceHook: true as const } : {}),
    ...(p.notYetAvailable === true ? { notYetAvailable: true as const } : {}),
  };
}

/** A condition as written to a file: `order` only where set (lagging caches), as the model keeps it. */
const plainCondition = (c: ProgressCondition): ProgressCondition =>
  c.order === undefined ? { reason: c.reason, expired: c.expired } : { reason: c.reason, expired: c.expired, order: c.order };

function plainStatus(st: Status): Status {
  return {
    replicas: st.replicas,
    readyReplicas: st.readyReplicas,
    availableReplicas: st.availableReplicas,
    updatedReplicas: st.updatedReplicas,
    updatedReadyReplicas: st.updatedReadyReplicas,
    expectedUpdatedReplicas: st.expectedUpdatedReplicas,
    currentRevision: st.currentRevision,
    updateRevision: st.updateRevision,
    // Only with progressDeadlineSeconds: files of other scenarios stay as they were.
    ...(st.progressing === undefined ? {} : { progressing: plainCondition(st.progressing) }),
  };
}

export function plainState(s: CloneSetState): CloneSetState {
  return {
    spec: plainSpec(s.spec),
    pods: canonicalPods(s.pods).map(plainPod),
    status: plainStatus(s.status),
    pending: s.pending === null ? null : plainStatus(s.pending),
    history: [...s.history],
    stable: s.stable,
    budgets: plainBudgets(s.budgets),
    observed: s.observed === null ? null : plainObservation(s.observed),
  };
}

/**
 * A state as written to a file: without `observed` when there is none, and specs without `paused` where
 * users never pause, so traces of scenarios without the options read as before.
 */
function storedState(
  s: CloneSetState,
  form: SpecForm,
): Omit<CloneSetState, 'observed' | 'spec'> & { readonly spec: StoredSpec; readonly observed?: StoredObservation } {
  const { observed, spec, ...rest } = plainState(s);
  const stored = { spec: storedSpec(spec, form), ...rest };
  return observed === null ? stored : { ...stored, observed: storedObservation(observed, form) };
}

export function plainAction(a: Action): Action {
  return match(a)
    .with({ kind: 'rollout' }, (x): Action => ({ kind: 'rollout', template: x.template }))
    .with({ kind: 'scale' }, (x): Action => ({ kind: 'scale', replicas: x.replicas }))
    .with({ kind: 'setPartition' }, (x): Action => ({ kind: 'setPartition', index: x.index, value: x.value }))
    .with({ kind: 'setPaused' }, (x): Action => ({ kind: 'setPaused', paused: x.paused }))
    .with({ kind: 'setStrategy' }, (x): Action => ({ kind: 'setStrategy', field: x.field, index: x.index, value: x.value }))
    .with(
      { kind: 'deletePod' },
      { kind: 'podReady' },
      { kind: 'markPod' },
      { kind: 'podUnready' },
      { kind: 'podFail' },
      { kind: 'inPlaceDone' },
      { kind: 'releaseHook' },
      { kind: 'restoreHook' },
      (x): Action => ({ kind: x.kind, pod: plainPod(x.pod), ...(x.via === undefined ? {} : { via: plainEntry(x.via) }) }),
    )
    .with(
      { kind: 'podAvailable' },
      (x): Action => ({
        kind: x.kind,
        pod: plainPod(x.pod),
        ...(x.via === undefined ? {} : { via: plainEntry(x.via) }),
        ...(x.cachedOnly === true ? { cachedOnly: true as const } : {}),
      }),
    )
    .with(
      { kind: 'reconcile' },
      (x): Action => (x.choice === undefined ? { kind: 'reconcile' } : { kind: 'reconcile', choice: x.choice, picks: x.picks ?? '' }),
    )
    .with({ kind: 'writeStatus' }, (): Action => ({ kind: 'writeStatus' }))
    .with({ kind: 'cacheSync' }, (): Action => ({ kind: 'cacheSync' }))
    .with({ kind: 'revisionCacheSync' }, (): Action => ({ kind: 'revisionCacheSync' }))
    .with({ kind: 'statusWriteFails' }, (): Action => ({ kind: 'statusWriteFails' }))
    .with({ kind: 'podCacheSync' }, (x): Action => ({ kind: 'podCacheSync', entry: plainEntry(x.entry) }))
    .with({ kind: 'expectationsExpire' }, (): Action => ({ kind: 'expectationsExpire' }))
    .with({ kind: 'deadlinePasses' }, (): Action => ({ kind: 'deadlinePasses' }))
    .exhaustive();
}

function plainStep(st: TraceStepDoc, form: SpecForm): Omit<TraceStepDoc, 'state'> & { readonly state: ReturnType<typeof storedState> } {
  return {
    index: st.index,
    action: st.action === null ? null : plainAction(st.action),
    label: st.label,
    actor: st.actor,
    state: storedState(st.state, form),
    summary: {
      specReplicas: st.summary.specReplicas,
      pods: st.summary.pods,
      updated: st.summary.updated,
      expectedUpdated: st.summary.expectedUpdated,
      currentRevision: st.summary.currentRevision,
      updateRevision: st.summary.updateRevision,
    },
  };
}

/** Byte-stable text: fixed key order, 2-space indent, trailing newline. */
export function serializeTraceDocument(doc: TraceDocument): string {
  const form = specFormOf(doc.scenario);
  const step = (st: TraceStepDoc) => plainStep(st, form);
  const plain = {
    format: doc.format,
    version: doc.version,
    scenario: plainScenario(doc.scenario),
    controller: doc.controller,
    ...(doc.foundBy === undefined ? {} : { foundBy: doc.foundBy }),
    property: doc.property === null ? null : { name: doc.property.name, kind: doc.property.kind, message: doc.property.message },
    steps: doc.steps.map(step),
    ...(doc.continuation === undefined
      ? {}
      : { continuation: { steps: doc.continuation.steps.map(step), cycleTo: doc.continuation.cycleTo } }),
  };
  return `${JSON.stringify(plain, null, 2)}\n`;
}
