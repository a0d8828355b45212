/**
 * Strict reading of a trace document: anything that is not exactly the version-1 format is rejected with
 * one message naming the JSON path of the first bad field and what is allowed there. Bad input never
 * throws: a trace file is user input, and a stack trace is not a useful answer to a typo.
 *
 * Ranges are checked against the document's own scenario (revisions, partition indices), so a document
 * that parses can always be rendered; whether it still matches the model is replay's question.
 */
import { match } from 'ts-pattern';
import {
  ACTION_KINDS,
  actionClassOf,
  actionLabel,
  actorOf,
  type Action,
  type ActionKind,
  type StrategyField,
} from '../model/cloneset/actions.js';
import { cloneSetProperties, PROPERTY_NAMES } from '../model/cloneset/properties.js';
import {
  DEFAULT_SCENARIO,
  EXPECTATIONS_MODES,
  type ExpectationsMode,
  hasAvailabilityWindow,
  hasPauseChanges,
  hasStrategyEdits,
  surgeValues,
  unavailableValues,
  observeOptions,
  observes,
  partitionValues,
  type ActionBudgets,
  type Budget,
  type LifecycleHookChoice,
  type ModelPodUpdatePolicy,
  type Scenario,
  type StatusWriteMode,
} from '../model/cloneset/scenario.js';
import {
  AWAITED,
  ALL_LIFECYCLES,
  bothWaiting,
  observationOf,
  readyCondition,
  versionOf,
  type Awaited,
  type CloneSetState,
  type Observation,
  type RevId,
  type RevisionNumbers,
  type Pod,
  type PodEntry,
  type Spec,
  type Status,
} from '../model/cloneset/state.js';
import { viewOf, type ScenarioView } from '../model/cloneset/view.js';
import { settledUntimed } from '../model/cloneset/condition-order.js';
import { keepsTimedOutCreations } from '../model/cloneset/pod-cache.js';
import { ranked } from '../model/cloneset/revision-cache.js';
import { CONTROLLER_VARIANTS } from '../model/controller/promotion.js';
import {
  conditionOf,
  MAX_TIMED_COPIES,
  PROGRESS_REASONS,
  type ProgressCondition,
  type ProgressReason,
  waitsForDeadline,
} from '../model/controller/progress.js';
import { MAX_INT32, type IntOrString, type UpdateStrategyType } from '../model/controller/types.js';
import { rollingUpdateProblem } from '../model/cloneset/scenario-check.js';
import {
  FOUND_BY,
  PROPERTY_KINDS,
  summarize,
  TRACE_FORMAT,
  TRACE_VERSION,
  type Actor,
  type ContinuationDoc,
  type PropertyKind,
  type PropertyRef,
  type StateSummary,
  type TraceDocument,
  type TraceStepDoc,
} from './document.js';
import { parseJsonStrict } from './strict-json.js';

export type ParseErrorCode =
  | 'invalid-json'
  | 'not-a-trace'
  | 'unsupported-version'
  | 'missing-field'
  | 'unknown-field'
  | 'wrong-type'
  | 'out-of-range'
  | 'inconsistent';

export interface ParseError {
  readonly code: ParseErrorCode;
  /** JSON path of the offending field, e.g. `$.steps[3].state.pods[0].lifecycle`. */
  readonly field: string;
  readonly message: string;
}

export type ParseResult = { readonly ok: true; readonly doc: TraceDocument } | { readonly ok: false; readonly error: ParseError };

/** Most of anything the model's one-byte encoding can hold. */
const BYTE_MAX = 255;
/** Revisions share a pod-code byte with four bits of pod condition. */
const MAX_TEMPLATES = 15;

// Internal only: unwinds the validator to parseTraceDocument, which turns it into a result.
class Rejection {
  constructor(readonly error: ParseError) {}
}

function reject(code: ParseErrorCode, field: string, detail: string): never {
  throw new Rejection({ code, field, message: `${field}: ${detail}` });
}

function show(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return 'an object';
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  return String(x);
}

const fieldPath = (path: string, key: string): string =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;

type Fields = Readonly<Record<string, unknown>>;

/** An object with exactly `required` (plus any of `optional`) keys. */
function object(x: unknown, path: string, what: string, required: readonly string[], optional: readonly string[] = []): Fields {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) reject('wrong-type', path, `expected ${what} (an object), got ${show(x)}`);
  const o = x as Fields;
  for (const k of required)
    if (!Object.hasOwn(o, k)) reject('missing-field', fieldPath(path, k), `missing; ${what} needs ${required.join(', ')}`);
  const allowed = [...required, ...optional];
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) reject('unknown-field', fieldPath(path, k), `is not a field of ${what}; allowed: ${allowed.join(', ')}`);
  }
  return o;
}

function array(x: unknown, path: string, what: string, minLength = 0): readonly unknown[] {
  if (!Array.isArray(x)) reject('wrong-type', path, `expected ${what} (an array), got ${show(x)}`);
  if (x.length < minLength) reject('out-of-range', path, `expected ${what} with at least ${minLength} element(s), got ${x.length}`);
  return x;
}

function int(x: unknown, path: string, min: number, max: number): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x))
    reject('wrong-type', path, `expected an integer in ${min}..${max}, got ${show(x)}`);
  if (x < min || x > max) reject('out-of-range', path, `expected an integer in ${min}..${max}, got ${x}`);
  return x;
}

function str(x: unknown, path: string): string {
  if (typeof x !== 'string') reject('wrong-type', path, `expected a string, got ${show(x)}`);
  return x;
}

function bool(x: unknown, path: string): boolean {
  if (typeof x !== 'boolean') reject('wrong-type', path, `expected true or false, got ${show(x)}`);
  return x;
}

function oneOf<T extends string>(x: unknown, path: string, options: readonly T[]): T {
  const i = options.indexOf(x as T);
  if (i < 0) {
    const code = typeof x === 'string' ? 'out-of-range' : 'wrong-type';
    reject(code, path, `expected one of ${options.map((o) => JSON.stringify(o)).join(', ')}, got ${show(x)}`);
  }
  return options[i]!;
}

function intOrString(x: unknown, path: string): IntOrString {
  if (typeof x === 'string') return x;
  if (typeof x === 'number' && Number.isSafeInteger(x)) return x;
  return reject('wrong-type', path, `expected an integer or a string such as "50%", got ${show(x)}`);
}

const BUDGET_KEYS = ['rollouts', 'deletes', 'scales', 'partitions'] as const;

/** A count, or "any" (no bound; older documents have counts only, and read as before). */
function budget(x: unknown, path: string): Budget {
  if (x === 'any') return x;
  if (typeof x === 'number' && Number.isSafeInteger(x)) return int(x, path, 0, BYTE_MAX);
  const code = typeof x === 'string' ? 'out-of-range' : 'wrong-type';
  return reject(code, path, `expected an integer in 0..${BYTE_MAX} or "any", got ${show(x)}`);
}

/**
 * A scenario's budgets (`scenarioBudgets` absent), or a state's: a state has "any" exactly where its
 * scenario does, since an unbounded budget is never spent and a counted one never becomes unbounded.
 */
function budgets(x: unknown, path: string, scenarioBudgets?: ActionBudgets): ActionBudgets {
  // marks and failures came with the userMarks / podFailures options, pauses with pause changes: absent in
  // older files (and when off).
  const o = object(x, path, 'budgets', BUDGET_KEYS, ['marks', 'failures', 'pauses', 'strategies']);
  const counted = (k: 'rollouts' | 'scales' | 'partitions' | 'pauses' | 'strategies'): Budget => {
    const b = budget(o[k], `${path}.${k}`);
    const want = scenarioBudgets?.[k];
    if (want !== undefined && (want === 'any') !== (b === 'any'))
      reject(
        'inconsistent',
        `${path}.${k}`,
        want === 'any'
          ? `expected "any" (the scenario's ${k} budget), got ${show(b)}`
          : `expected an integer (the scenario's ${k} budget is ${want}), got "any"`,
      );
    return b;
  };
  const base = {
    rollouts: counted('rollouts'),
    deletes: int(o['deletes'], `${path}.deletes`, 0, BYTE_MAX),
    scales: counted('scales'),
    partitions: counted('partitions'),
  };
  const extra =
    scenarioBudgets === undefined
      ? o['marks'] !== undefined || o['failures'] !== undefined
      : scenarioBudgets.marks !== undefined || scenarioBudgets.failures !== undefined;
  const optionalCount = (k: 'marks' | 'failures'): number => (o[k] === undefined ? 0 : int(o[k], `${path}.${k}`, 0, BYTE_MAX));
  const withExtra = extra ? { ...base, marks: optionalCount('marks'), failures: optionalCount('failures') } : base;
  // A state's pause and strategy budgets are there exactly when its scenario's are.
  for (const k of ['pauses', 'strategies'] as const)
    if (scenarioBudgets !== undefined && (scenarioBudgets[k] === undefined) !== (o[k] === undefined))
      reject(
        o[k] === undefined ? 'missing-field' : 'inconsistent',
        `${path}.${k}`,
        o[k] === undefined ? `missing; the scenario's budgets have ${k}` : `expected none: the scenario's budgets have no ${k}`,
      );
  const withPauses = o['pauses'] === undefined ? withExtra : { ...withExtra, pauses: counted('pauses') };
  return o['strategies'] === undefined ? withPauses : { ...withPauses, strategies: counted('strategies') };
}

const SCENARIO_KEYS = [
  'controller',
  'initialReplicas',
  'initialPartition',
  'maxReplicas',
  'partitions',
  'maxSurge',
  'maxUnavailable',
  'podUpdatePolicy',
  'rollbackGate',
  'templates',
  'budgets',
  'statusWrite',
] as const;
const OPTIONAL_SCENARIO_KEYS = [
  'maxSurges',
  'maxUnavailables',
  'updateStrategyType',
  'rollingUpdate',
  'paused',
  'scaleMaxUnavailable',
  'freeChoices',
  'staleReads',
  'staleRevisions',
  'statusWriteFailures',
  'podWriteFailures',
  'podWriteTimeouts',
  'expectations',
  'preparingReady',
  'inPlaceKubelet',
  'minReadySeconds',
  'lifecycleHooks',
  'preparingUpdateAsUpdate',
  'excludePreparingDelete',
  'progressDeadline',
] as const;

function scenario(x: unknown, path: string): Scenario {
  const o = object(x, path, 'a scenario', SCENARIO_KEYS, OPTIONAL_SCENARIO_KEYS);
  const f = (k: (typeof SCENARIO_KEYS)[number] | (typeof OPTIONAL_SCENARIO_KEYS)[number]): string => `${path}.${k}`;
  return {
    controller: oneOf(o['controller'], f('controller'), CONTROLLER_VARIANTS),
    initialReplicas: int(o['initialReplicas'], f('initialReplicas'), 0, BYTE_MAX),
    initialPartition: intOrString(o['initialPartition'], f('initialPartition')),
    maxReplicas: int(o['maxReplicas'], f('maxReplicas'), 0, BYTE_MAX),
    partitions: valueList(o['partitions'], f('partitions'), 'partition values'),
    maxSurge: intOrString(o['maxSurge'], f('maxSurge')),
    maxUnavailable: intOrString(o['maxUnavailable'], f('maxUnavailable')),
    // Written only where given (strategy edits).
    ...(o['maxSurges'] === undefined ? {} : { maxSurges: valueList(o['maxSurges'], f('maxSurges'), 'maxSurge values') }),
    ...(o['maxUnavailables'] === undefined
      ? {}
      : { maxUnavailables: valueList(o['maxUnavailables'], f('maxUnavailables'), 'maxUnavailable values') }),
    podUpdatePolicy: oneOf<ModelPodUpdatePolicy>(o['podUpdatePolicy'], f('podUpdatePolicy'), ['ReCreate', 'InPlaceIfPossible']),
    // Written only for OnDelete and without the block: absent means RollingUpdate with it.
    ...(o['updateStrategyType'] === undefined || o['updateStrategyType'] === 'RollingUpdate'
      ? {}
      : { updateStrategyType: oneOf<UpdateStrategyType>(o['updateStrategyType'], f('updateStrategyType'), ['RollingUpdate', 'OnDelete']) }),
    ...(o['rollingUpdate'] === undefined || bool(o['rollingUpdate'], f('rollingUpdate')) ? {} : { rollingUpdate: false }),
    rollbackGate: bool(o['rollbackGate'], f('rollbackGate')),
    // Added after format version 1 was first written: absent means the old fixed values.
    paused: o['paused'] === undefined ? false : bool(o['paused'], f('paused')),
    scaleMaxUnavailable:
      o['scaleMaxUnavailable'] === undefined || o['scaleMaxUnavailable'] === null
        ? null
        : intOrString(o['scaleMaxUnavailable'], f('scaleMaxUnavailable')),
    templates: int(o['templates'], f('templates'), 1, MAX_TEMPLATES),
    budgets: budgets(o['budgets'], f('budgets')),
    statusWrite: oneOf<StatusWriteMode>(o['statusWrite'], f('statusWrite'), ['inline', 'separate']),
    // Written only when on, so traces without free choices read as they always did.
    ...(o['freeChoices'] !== undefined && bool(o['freeChoices'], f('freeChoices')) ? { freeChoices: true } : {}),
    // Issue #14's options: absent means off, and only a value that turns one on is kept (as written).
    ...optionalCount(o['staleReads'], f('staleReads'), 'staleReads'),
    ...(o['staleRevisions'] !== undefined && bool(o['staleRevisions'], f('staleRevisions')) ? { staleRevisions: true } : {}),
    ...optionalCount(o['statusWriteFailures'], f('statusWriteFailures'), 'statusWriteFailures'),
    ...optionalCount(o['podWriteFailures'], f('podWriteFailures'), 'podWriteFailures'),
    ...podWriteTimeouts(o, f('podWriteTimeouts')),
    ...(o['expectations'] === undefined || o['expectations'] === 'ideal'
      ? {}
      : { expectations: oneOf<ExpectationsMode>(o['expectations'], f('expectations'), EXPECTATIONS_MODES) }),
    ...(o['preparingReady'] === undefined ? {} : { preparingReady: bool(o['preparingReady'], f('preparingReady')) }),
    ...(o['inPlaceKubelet'] === undefined ? {} : { inPlaceKubelet: bool(o['inPlaceKubelet'], f('inPlaceKubelet')) }),
    // Written only above 0 (the model's default), so 0 reads as absent too.
    ...minReadySeconds(o['minReadySeconds'], f('minReadySeconds')),
    ...(o['lifecycleHooks'] === undefined
      ? {}
      : { lifecycleHooks: oneOf<LifecycleHookChoice>(o['lifecycleHooks'], f('lifecycleHooks'), ['preDelete', 'inPlaceUpdate', 'both']) }),
    ...(o['preparingUpdateAsUpdate'] === undefined
      ? {}
      : { preparingUpdateAsUpdate: bool(o['preparingUpdateAsUpdate'], f('preparingUpdateAsUpdate')) }),
    ...(o['excludePreparingDelete'] === undefined
      ? {}
      : { excludePreparingDelete: bool(o['excludePreparingDelete'], f('excludePreparingDelete')) }),
    // Written only when on.
    ...(o['progressDeadline'] !== undefined && bool(o['progressDeadline'], f('progressDeadline')) ? { progressDeadline: true } : {}),
  };
}

/** A list of int-or-string values (partitions, maxSurge and maxUnavailable values), each checked by its index. */
const valueList = (x: unknown, path: string, what: string): IntOrString[] =>
  array(x, path, what).map((p, i) => intOrString(p, `${path}[${i}]`));

/** Written only when on, and only beside pod-write failures (only a failing write can time out). */
function podWriteTimeouts(o: Fields, path: string): Pick<Scenario, 'podWriteTimeouts'> {
  const x = o['podWriteTimeouts'];
  if (x === undefined || !bool(x, path)) return {};
  if (o['podWriteFailures'] === undefined || o['podWriteFailures'] === 0)
    reject('inconsistent', path, 'expected false or absent: the scenario has no podWriteFailures (only a failing pod write can time out)');
  return { podWriteTimeouts: true };
}

function minReadySeconds(x: unknown, path: string): Pick<Scenario, 'minReadySeconds'> {
  if (x === undefined) return {};
  const n = int(x, path, 0, MAX_INT32);
  return n === 0 ? {} : { minReadySeconds: n };
}

function optionalCount<K extends 'staleReads' | 'statusWriteFailures' | 'podWriteFailures'>(
  x: unknown,
  path: string,
  key: K,
): Partial<Record<K, number>> {
  if (x === undefined) return {};
  const n = int(x, path, 0, BYTE_MAX);
  return n === 0 ? {} : ({ [key]: n } as Partial<Record<K, number>>);
}

/** What the scenario allows in a state or action. */
interface Bounds {
  readonly templates: number;
  readonly partitions: readonly IntOrString[];
  readonly budgets: ActionBudgets;
  /** Whether states carry an Observation (an issue #14 option is on), and its bounds. */
  readonly observing: boolean;
  readonly staleReads: number;
  readonly staleRevisions: boolean;
  readonly statusWriteFailures: number;
  readonly podWriteFailures: number;
  readonly podCache: boolean;
  /** minReadySeconds above 0: a ready pod may be not yet available. */
  readonly window: boolean;
  /** Users may pause and resume: specs carry `paused`. Otherwise it is always the scenario's `paused`. */
  readonly pausable: boolean;
  readonly paused: boolean;
  /** Users may edit maxSurge / maxUnavailable: specs carry `surge` and `unavailable`, indices into these. Otherwise both 0. */
  readonly surges: readonly IntOrString[];
  readonly unavailables: readonly IntOrString[];
  readonly strategies: boolean;
  /** The controller may keep the expectation of a creation that never landed (pod-cache.ts keepsTimedOutCreations). */
  readonly unlanded: boolean;
  /** progressDeadlineSeconds set: every status carries its Progressing condition; no status has one otherwise. */
  readonly progressing: boolean;
  /** With a lagging CloneSet cache as well: conditions may carry their time's rank (condition-order.ts). */
  readonly ranked: boolean;
  /** The controller times no settled condition (proposed): such a condition is never ranked. */
  readonly untimed: boolean;
}

const rev = (x: unknown, path: string, b: Bounds): number => int(x, path, 0, b.templates - 1);

function pod(x: unknown, path: string, b: Bounds): Pod {
  // preDeleteHook / inPlaceHook: lifecycleHooks scenarios only; notYetAvailable: minReadySeconds above 0 only
  // (each written when true).
  const o = object(x, path, 'a pod', ['rev', 'lifecycle', 'ready', 'marked'], ['preDeleteHook', 'inPlaceHook', 'notYetAvailable']);
  const p: Pod = {
    rev: rev(o['rev'], `${path}.rev`, b),
    lifecycle: oneOf(o['lifecycle'], `${path}.lifecycle`, ALL_LIFECYCLES),
    ready: bool(o['ready'], `${path}.ready`),
    marked: bool(o['marked'], `${path}.marked`),
  };
  const flag = (k: 'preDeleteHook' | 'inPlaceHook' | 'notYetAvailable'): boolean => o[k] !== undefined && bool(o[k], `${path}.${k}`);
  const waiting = flag('notYetAvailable');
  if (waiting && !b.window)
    reject('inconsistent', `${path}.notYetAvailable`, 'only in a scenario with minReadySeconds above 0; allowed: absent or false');
  if (waiting && !readyCondition(p))
    reject('inconsistent', `${path}.notYetAvailable`, 'only on a ready pod that is not Updating; allowed: absent or false');
  if (!flag('preDeleteHook') && !flag('inPlaceHook') && !waiting) return p;
  return {
    ...p,
    ...(flag('preDeleteHook') ? { preDeleteHook: true as const } : {}),
    ...(flag('inPlaceHook') ? { inPlaceHook: true as const } : {}),
    ...(waiting ? { notYetAvailable: true as const } : {}),
  };
}

const STATUS_COUNTS = [
  'replicas',
  'readyReplicas',
  'availableReplicas',
  'updatedReplicas',
  'updatedReadyReplicas',
  'expectedUpdatedReplicas',
] as const;

function status(x: unknown, path: string, b: Bounds): Status {
  const o = object(x, path, 'a status', [...STATUS_COUNTS, 'currentRevision', 'updateRevision', ...(b.progressing ? ['progressing'] : [])]);
  const count = (k: (typeof STATUS_COUNTS)[number]): number => int(o[k], `${path}.${k}`, 0, BYTE_MAX);
  const st: Status = {
    replicas: count('replicas'),
    readyReplicas: count('readyReplicas'),
    availableReplicas: count('availableReplicas'),
    updatedReplicas: count('updatedReplicas'),
    updatedReadyReplicas: count('updatedReadyReplicas'),
    expectedUpdatedReplicas: count('expectedUpdatedReplicas'),
    currentRevision: rev(o['currentRevision'], `${path}.currentRevision`, b),
    updateRevision: rev(o['updateRevision'], `${path}.updateRevision`, b),
  };
  return b.progressing ? { ...st, progressing: progressCondition(o['progressing'], `${path}.progressing`, b) } : st;
}

/**
 * A Progressing condition: its reason, whether its deadline has passed (never for ProgressDeadlineExceeded),
 * and with a lagging CloneSet cache the rank of its time (`order`, written when above 0, on a condition
 * still to time out).
 */
function progressCondition(x: unknown, path: string, b: Pick<Bounds, 'ranked' | 'untimed'>): ProgressCondition {
  const o = object(x, path, 'a Progressing condition', ['reason', 'expired'], b.ranked ? ['order'] : []);
  const reason = oneOf<ProgressReason>(o['reason'], `${path}.reason`, PROGRESS_REASONS);
  const expired = bool(o['expired'], `${path}.expired`);
  if (expired && reason === 'DeadlineExceeded')
    reject('inconsistent', `${path}.expired`, 'expected false with reason DeadlineExceeded (nothing times that condition)');
  if (o['order'] === undefined) return conditionOf(reason, expired);
  const order = int(o['order'], `${path}.order`, 1, MAX_TIMED_COPIES - 1);
  if (!waitsForDeadline(conditionOf(reason, expired), b.untimed))
    reject(
      'inconsistent',
      `${path}.order`,
      `only on a condition whose deadline has not passed and which the controller times (not ProgressDeadlineExceeded${b.untimed ? '; under this controller not a settled reason' : ''}); allowed: absent`,
    );
  return conditionOf(reason, expired, order);
}

function spec(x: unknown, path: string, b: Bounds): Spec {
  // `paused` only in scenarios whose users pause (there it is required); elsewhere the scenario's. `surge` and
  // `unavailable` likewise where users edit the strategy; elsewhere 0.
  const sp = object(x, path, 'a spec', [
    'replicas',
    'template',
    'partition',
    ...(b.pausable ? ['paused'] : []),
    ...(b.strategies ? ['surge', 'unavailable'] : []),
  ]);
  return {
    replicas: int(sp['replicas'], `${path}.replicas`, 0, BYTE_MAX),
    template: rev(sp['template'], `${path}.template`, b),
    partition: int(sp['partition'], `${path}.partition`, 0, b.partitions.length - 1),
    paused: b.pausable ? bool(sp['paused'], `${path}.paused`) : b.paused,
    surge: b.strategies ? int(sp['surge'], `${path}.surge`, 0, b.surges.length - 1) : 0,
    unavailable: b.strategies ? int(sp['unavailable'], `${path}.unavailable`, 0, b.unavailables.length - 1) : 0,
  };
}

/** The controller's view (issue #14 options): present exactly when the scenario turns one on. */
function observation(x: unknown, path: string, b: Bounds, history: readonly RevId[]): Observation | null {
  if (!b.observing) {
    if (x !== undefined)
      reject(
        'inconsistent',
        path,
        'expected no observed field: the scenario turns none of staleReads, staleRevisions, statusWriteFailures, podWriteFailures, expectations on',
      );
    return null;
  }
  if (x === undefined)
    reject(
      'missing-field',
      path,
      'missing; a state of a scenario with staleReads, staleRevisions, statusWriteFailures, podWriteFailures or expectations needs it',
    );
  const o = object(
    x,
    path,
    'an observation',
    ['lag', 'writeFailures'],
    ['generationUnobserved', 'pendingUnobserved', 'podWriteFailures', 'pods', 'revisions'],
  );
  const lag = array(o['lag'], `${path}.lag`, 'cached CloneSet versions').map((v, i) => {
    const at = `${path}.lag[${i}]`;
    const vo = object(v, at, 'a CloneSet version', ['spec', 'status'], ['generationUnobserved']);
    return versionOf(
      spec(vo['spec'], `${at}.spec`, b),
      status(vo['status'], `${at}.status`, b),
      generationFlag(vo, 'generationUnobserved', at, b),
    );
  });
  if (lag.length > b.staleReads)
    reject('out-of-range', `${path}.lag`, `expected at most ${b.staleReads} versions (the scenario's staleReads), got ${lag.length}`);
  const pods =
    o['pods'] === undefined
      ? []
      : array(o['pods'], `${path}.pods`, 'pod cache entries').map((e, i) => podEntry(e, `${path}.pods[${i}]`, b));
  if (pods.length > 0 && !b.podCache)
    reject('inconsistent', `${path}.pods`, 'expected no pod cache entries: the scenario has expectations ideal (pods are cached at once)');
  return observationOf(
    lag,
    generationFlag(o, 'generationUnobserved', path, b),
    generationFlag(o, 'pendingUnobserved', path, b),
    int(o['writeFailures'], `${path}.writeFailures`, 0, b.statusWriteFailures),
    podWriteFailuresLeft(o, path, b),
    pods,
    revisionNumbers(o['revisions'], `${path}.revisions`, b, history),
  );
}

/**
 * The revisions' numbers (staleRevisions only, state.ts RevisionNumbers): one per history entry, and while
 * the cache lags one cached number each (0: not cached), and each one's place in creation order, in the model's
 * normal form (revision-cache.ts ranked).
 */
function revisionNumbers(x: unknown, path: string, b: Bounds, history: readonly RevId[]): RevisionNumbers | null {
  const n = history.length;
  if (!b.staleRevisions) {
    if (x !== undefined) reject('inconsistent', path, 'expected no revisions field: the scenario has no staleRevisions');
    return null;
  }
  if (x === undefined) reject('missing-field', path, 'missing; a state of a scenario with staleRevisions needs it');
  const o = object(x, path, 'revision numbers', ['numbers', 'created'], ['cached']);
  const list = (y: unknown, at: string, least: number): number[] => {
    const xs = array(y, at, 'revision numbers').map((k, i) => int(k, `${at}[${i}]`, least, 2 * b.templates));
    if (xs.length !== n) reject('inconsistent', at, `expected ${n} numbers (one per history entry), got ${xs.length}`);
    return xs;
  };
  const numbers = list(o['numbers'], `${path}.numbers`, 1);
  const cached = o['cached'] === undefined ? null : list(o['cached'], `${path}.cached`, 0);
  const created = list(o['created'], `${path}.created`, 1);
  if ([...created].sort((a, b) => a - b).some((c, i) => c !== i + 1))
    reject('inconsistent', `${path}.created`, `expected a creation order: each of 1..${n} once, got ${JSON.stringify(created)}`);
  const normal = ranked(history, numbers, cached, created);
  const same = (a: readonly number[] | null, c: readonly number[] | null): boolean => JSON.stringify(a) === JSON.stringify(c);
  if (
    !same(normal.history, history) ||
    !same(normal.revisions.numbers, numbers) ||
    !same(normal.revisions.cached, cached) ||
    !same(normal.revisions.created, created)
  )
    reject(
      'inconsistent',
      path,
      `expected ranks 1, 2, … over both lists with the history in ascending number, ties by creation: ${JSON.stringify(normal.revisions)} for history ${JSON.stringify(normal.history)}`,
    );
  return { numbers, cached, created };
}

/** The pod-write failures left: written only when some are, and only a scenario with podWriteFailures has any. */
function podWriteFailuresLeft(o: Fields, path: string, b: Bounds): number {
  const x = o['podWriteFailures'];
  if (x === undefined) return 0;
  const n = int(x, `${path}.podWriteFailures`, 0, BYTE_MAX);
  if (n > 0 && b.podWriteFailures === 0)
    reject(
      'inconsistent',
      `${path}.podWriteFailures`,
      `expected none: the scenario has no podWriteFailures (pod writes never fail), got ${n}`,
    );
  if (n > b.podWriteFailures)
    reject(
      'out-of-range',
      `${path}.podWriteFailures`,
      `expected an integer in 0..${b.podWriteFailures} (the scenario's podWriteFailures), got ${n}`,
    );
  return n;
}

/** An observedGeneration flag: written only when set, and only scenarios with staleReads keep them (state.ts Observation). */
function generationFlag(o: Fields, key: 'generationUnobserved' | 'pendingUnobserved', path: string, b: Bounds): boolean {
  const x = o[key];
  if (x === undefined || !bool(x, `${path}.${key}`)) return false;
  if (b.staleReads === 0)
    reject('inconsistent', `${path}.${key}`, 'expected no such flag: the model keeps observedGeneration only in scenarios with staleReads');
  return true;
}

function podEntry(x: unknown, path: string, b: Bounds): PodEntry {
  // failed: written only when true, and only a scenario with podFailures has pods that fail; readyAgain
  // likewise, only where both copies wait (minReadySeconds).
  const o = object(x, path, 'a pod cache entry', ['cached', 'truth', 'awaited'], ['failed', 'readyAgain']);
  const e = {
    cached: o['cached'] === null ? null : pod(o['cached'], `${path}.cached`, b),
    truth: o['truth'] === null ? null : pod(o['truth'], `${path}.truth`, b),
    awaited: oneOf<Awaited>(o['awaited'], `${path}.awaited`, AWAITED),
  };
  if (e.awaited === 'unlanded') {
    if (!b.unlanded)
      reject(
        'inconsistent',
        `${path}.awaited`,
        "expected none, scale or patch: only proposed with podWriteTimeouts and expectations timeout keeps a creation that never landed, got 'unlanded'",
      );
    if (e.cached !== null || e.truth !== null || o['failed'] !== undefined || o['readyAgain'] !== undefined)
      reject(
        'inconsistent',
        `${path}.awaited`,
        "expected an entry with cached and truth null and no flags for 'unlanded' (a creation that never landed)",
      );
  }
  if (o['readyAgain'] !== undefined && bool(o['readyAgain'], `${path}.readyAgain`)) {
    if (o['failed'] !== undefined && bool(o['failed'], `${path}.failed`))
      reject('inconsistent', `${path}.failed`, 'expected no such flag on an entry ready again: a failed pod has left the active list');
    if (!bothWaiting(e.cached, e.truth))
      reject(
        'inconsistent',
        `${path}.readyAgain`,
        'only on an entry whose cached copy and truth both wait (notYetAvailable); allowed: absent or false',
      );
    return { ...e, readyAgain: true };
  }
  if (o['failed'] === undefined || !bool(o['failed'], `${path}.failed`)) return e;
  if ((b.budgets.failures ?? 0) === 0)
    reject('inconsistent', `${path}.failed`, 'expected no such flag: only a scenario with podFailures has pods that fail');
  if (e.truth !== null)
    reject('inconsistent', `${path}.failed`, 'expected no such flag on an entry with a truth: a failed pod has left the active list');
  return { ...e, failed: true };
}

function state(x: unknown, path: string, b: Bounds): CloneSetState {
  const o = object(x, path, 'a state', ['spec', 'pods', 'status', 'pending', 'history', 'stable', 'budgets'], ['observed']);
  const history = array(o['history'], `${path}.history`, 'revision history', 1).map((r, i) => rev(r, `${path}.history[${i}]`, b));
  const s: CloneSetState = {
    spec: spec(o['spec'], `${path}.spec`, b),
    pods: array(o['pods'], `${path}.pods`, 'pods').map((p, i) => pod(p, `${path}.pods[${i}]`, b)),
    status: status(o['status'], `${path}.status`, b),
    pending: o['pending'] === null ? null : status(o['pending'], `${path}.pending`, b),
    history,
    stable: rev(o['stable'], `${path}.stable`, b),
    budgets: budgets(o['budgets'], `${path}.budgets`, b.budgets),
    observed: observation(o['observed'], `${path}.observed`, b, history),
  };
  if (s.pending === null && s.observed?.pendingUnobserved === true)
    reject('inconsistent', `${path}.observed.pendingUnobserved`, 'expected no such flag: the state has no pending status');
  return s;
}

function via(x: unknown, path: string, b: Bounds): { via?: PodEntry } {
  return x === undefined ? {} : { via: podEntry(x, path, b) };
}

function action(x: unknown, path: string, b: Bounds): Action {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) reject('wrong-type', path, `expected an action (an object), got ${show(x)}`);
  const kind: ActionKind = oneOf((x as Fields)['kind'], `${path}.kind`, ACTION_KINDS);
  const fields = (...keys: string[]): Fields =>
    // `via` (a pod behind a pod-cache entry) is optional: absent in every trace without a lagging pod cache;
    // so is `cachedOnly`, written only when true.
    object(
      x,
      path,
      `a ${kind} action`,
      ['kind', ...keys.filter((k) => k !== 'via' && k !== 'cachedOnly')],
      keys.filter((k) => k === 'via' || k === 'cachedOnly'),
    );
  return match(kind)
    .with('rollout', (): Action => ({ kind: 'rollout', template: rev(fields('template')['template'], `${path}.template`, b) }))
    .with('deletePod', (): Action => {
      const o = fields('pod', 'via');
      return { kind: 'deletePod', pod: pod(o['pod'], `${path}.pod`, b), ...via(o['via'], `${path}.via`, b) };
    })
    .with('scale', (): Action => ({ kind: 'scale', replicas: int(fields('replicas')['replicas'], `${path}.replicas`, 0, BYTE_MAX) }))
    .with('setPartition', (): Action => {
      const o = fields('index', 'value');
      return {
        kind: 'setPartition',
        index: int(o['index'], `${path}.index`, 0, b.partitions.length - 1),
        value: intOrString(o['value'], `${path}.value`),
      };
    })
    .with('setPaused', (): Action => {
      const paused = bool(fields('paused')['paused'], `${path}.paused`);
      if (!b.pausable)
        reject('inconsistent', `${path}.kind`, 'setPaused only in a scenario whose budgets have pauses; allowed: the other kinds');
      return { kind: 'setPaused', paused };
    })
    .with('setStrategy', (): Action => {
      const o = fields('field', 'index', 'value');
      if (!b.strategies)
        reject('inconsistent', `${path}.kind`, 'setStrategy only in a scenario whose budgets have strategies; allowed: the other kinds');
      const field = oneOf<StrategyField>(o['field'], `${path}.field`, ['maxSurge', 'maxUnavailable']);
      const values = field === 'maxSurge' ? b.surges : b.unavailables;
      const index = int(o['index'], `${path}.index`, 0, values.length - 1);
      const value = intOrString(o['value'], `${path}.value`);
      if (value !== values[index])
        reject(
          'inconsistent',
          `${path}.value`,
          `expected ${JSON.stringify(values[index])}, the scenario's ${field} value at index ${index}`,
        );
      return { kind: 'setStrategy', field, index, value };
    })
    .with('podReady', (): Action => {
      const o = fields('pod', 'via');
      return { kind: 'podReady', pod: pod(o['pod'], `${path}.pod`, b), ...via(o['via'], `${path}.via`, b) };
    })
    .with('podAvailable', (): Action => {
      // cachedOnly: the window of a pod-cache entry's cached copy ends (written only when true, with `via`).
      const o = fields('pod', 'via', 'cachedOnly');
      const only = o['cachedOnly'] !== undefined && bool(o['cachedOnly'], `${path}.cachedOnly`);
      if (only && o['via'] === undefined)
        reject(
          'inconsistent',
          `${path}.cachedOnly`,
          'only with `via` (a pod-cache entry whose cached copy waits); allowed: absent or false',
        );
      return {
        kind: 'podAvailable',
        pod: pod(o['pod'], `${path}.pod`, b),
        ...via(o['via'], `${path}.via`, b),
        ...(only ? { cachedOnly: true as const } : {}),
      };
    })
    .with('markPod', 'podUnready', 'podFail', 'inPlaceDone', 'releaseHook', 'restoreHook', (k): Action => {
      const o = fields('pod', 'via');
      return { kind: k, pod: pod(o['pod'], `${path}.pod`, b), ...via(o['via'], `${path}.via`, b) };
    })
    .with('reconcile', (): Action => {
      // A reconcile that took one of several free-choice outcomes says which (both fields, or neither).
      const o = object(x, path, 'a reconcile action', ['kind'], ['choice', 'picks']);
      if (o['choice'] === undefined && o['picks'] === undefined) return { kind: 'reconcile' };
      if (o['choice'] === undefined || o['picks'] === undefined) {
        reject(
          'missing-field',
          `${path}.${o['choice'] === undefined ? 'choice' : 'picks'}`,
          'missing; a reconcile action has both choice and picks, or neither',
        );
      }
      return {
        kind: 'reconcile',
        choice: int(o['choice'], `${path}.choice`, 0, Number.MAX_SAFE_INTEGER),
        picks: str(o['picks'], `${path}.picks`),
      };
    })
    .with('writeStatus', (): Action => {
      fields();
      return { kind: 'writeStatus' };
    })
    .with('cacheSync', (): Action => {
      fields();
      return { kind: 'cacheSync' };
    })
    .with('statusWriteFails', (): Action => {
      fields();
      return { kind: 'statusWriteFails' };
    })
    .with('podCacheSync', (): Action => ({ kind: 'podCacheSync', entry: podEntry(fields('entry')['entry'], `${path}.entry`, b) }))
    .with('revisionCacheSync', (): Action => {
      fields();
      return { kind: 'revisionCacheSync' };
    })
    .with('expectationsExpire', (): Action => {
      fields();
      return { kind: 'expectationsExpire' };
    })
    .with('deadlinePasses', (): Action => {
      fields();
      return { kind: 'deadlinePasses' };
    })
    .exhaustive();
}

function summary(x: unknown, path: string): StateSummary {
  const o = object(x, path, 'a state summary', ['specReplicas', 'pods', 'updated', 'expectedUpdated', 'currentRevision', 'updateRevision']);
  return {
    specReplicas: int(o['specReplicas'], `${path}.specReplicas`, 0, BYTE_MAX),
    pods: str(o['pods'], `${path}.pods`),
    updated: int(o['updated'], `${path}.updated`, 0, BYTE_MAX),
    expectedUpdated: int(o['expectedUpdated'], `${path}.expectedUpdated`, 0, BYTE_MAX),
    currentRevision: str(o['currentRevision'], `${path}.currentRevision`),
    updateRevision: str(o['updateRevision'], `${path}.updateRevision`),
  };
}

type StepRole = 'initial' | 'trace' | 'continuation';

function step(x: unknown, path: string, b: Bounds, index: number, role: StepRole): TraceStepDoc {
  const o = object(x, path, 'a step', ['index', 'action', 'label', 'actor', 'state', 'summary']);
  const at = int(o['index'], `${path}.index`, 0, Number.MAX_SAFE_INTEGER);
  if (at !== index)
    reject(
      'inconsistent',
      `${path}.index`,
      `expected ${index} (steps are numbered in order, continuation steps after the trace's), got ${at}`,
    );
  const act = o['action'] === null ? null : action(o['action'], `${path}.action`, b);
  if (role === 'initial' && act !== null) reject('inconsistent', `${path}.action`, 'expected null: the first step is the initial state');
  if (role !== 'initial' && act === null) reject('inconsistent', `${path}.action`, 'expected an action: only the first step has none');
  if (role === 'continuation' && act !== null && actionClassOf(act) === 'user') {
    reject(
      'inconsistent',
      `${path}.action.kind`,
      `expected a system action (the controller's, the kubelet's readiness and in-place steps, the hook owner's): a continuation has no user steps or failures, got ${JSON.stringify(act.kind)}`,
    );
  }
  const actor: Actor | null =
    o['actor'] === null ? null : oneOf<Actor>(o['actor'], `${path}.actor`, ['user', 'kubelet', 'controller', 'hook']);
  return {
    index: at,
    action: act,
    label: str(o['label'], `${path}.label`),
    actor,
    state: state(o['state'], `${path}.state`, b),
    summary: summary(o['summary'], `${path}.summary`),
  };
}

/**
 * A step with its label, actor and summary derived from its action and state, as document.ts writes them:
 * the file's are read for their shape only, never trusted (an edited label would reach the exports' text).
 */
function derived(v: ScenarioView, st: TraceStepDoc): TraceStepDoc {
  const a = st.action;
  return {
    ...st,
    label: a === null ? 'initial state' : actionLabel(a),
    actor: a === null ? null : actorOf(a),
    summary: summarize(v, st.state),
  };
}

let kinds: ReadonlyMap<string, PropertyKind> | undefined;

/** Each property's kind; descriptions and kinds do not depend on the scenario, so any view will do. */
function kindByName(): ReadonlyMap<string, PropertyKind> {
  kinds ??= new Map(
    cloneSetProperties(viewOf(DEFAULT_SCENARIO)).flatMap((p) => (p.kind === 'sometimes' ? [] : [[p.name, p.kind] as const])),
  );
  return kinds;
}

function property(x: unknown, path: string): PropertyRef | null {
  if (x === null) return null;
  const o = object(x, path, 'a property', ['name', 'kind', 'message']);
  const name = oneOf(o['name'], `${path}.name`, PROPERTY_NAMES);
  const kind = oneOf(o['kind'], `${path}.kind`, PROPERTY_KINDS);
  const expected = kindByName().get(name);
  if (kind !== expected)
    reject('inconsistent', `${path}.kind`, `expected ${JSON.stringify(expected)} (the kind of ${name}), got ${JSON.stringify(kind)}`);
  return { name, kind, message: str(o['message'], `${path}.message`) };
}

function continuation(x: unknown, path: string, b: Bounds, first: number): ContinuationDoc {
  const o = object(x, path, 'a continuation', ['steps', 'cycleTo']);
  // A dead end may be the stuck state itself (no steps); a cycle needs at least the step that closes it.
  const steps = array(o['steps'], `${path}.steps`, 'continuation steps').map((s, i) =>
    step(s, `${path}.steps[${i}]`, b, first + i, 'continuation'),
  );
  if (o['cycleTo'] === null) return { steps, cycleTo: null };
  if (steps.length === 0)
    reject('inconsistent', `${path}.cycleTo`, 'expected null: a continuation without steps is a dead end, it cannot cycle');
  // The cycle returns to the stuck state (the trace's last step, first − 1) or a later one, never to the last step itself.
  const last = first + steps.length - 1;
  return { steps, cycleTo: int(o['cycleTo'], `${path}.cycleTo`, first - 1, last - 1) };
}

function document(x: unknown): TraceDocument {
  if (typeof x !== 'object' || x === null || Array.isArray(x))
    reject('not-a-trace', '$', `expected a trace document (an object with "format": "${TRACE_FORMAT}"), got ${show(x)}`);
  const raw = x as Fields;
  if (raw['format'] !== TRACE_FORMAT) reject('not-a-trace', '$.format', `expected "${TRACE_FORMAT}", got ${show(raw['format'])}`);
  if (raw['version'] !== TRACE_VERSION) {
    reject(
      'unsupported-version',
      '$.version',
      `expected ${TRACE_VERSION} (the only version this build reads), got ${show(raw['version'])}`,
    );
  }
  const o = object(
    x,
    '$',
    'a trace document',
    ['format', 'version', 'scenario', 'controller', 'property', 'steps'],
    ['foundBy', 'continuation'],
  );
  const sc = scenario(o['scenario'], '$.scenario');
  // Without a rollingUpdate block, the fields the controller does not read must be its own values.
  const noBlock = rollingUpdateProblem(sc);
  if (noBlock !== null)
    reject(
      'inconsistent',
      `$.scenario.${noBlock.field}`,
      `expected ${noBlock.allowed} with rollingUpdate false, got ${JSON.stringify(noBlock.got)}`,
    );
  const controller = oneOf(o['controller'], '$.controller', CONTROLLER_VARIANTS);
  if (controller !== sc.controller)
    reject(
      'inconsistent',
      '$.controller',
      `expected ${JSON.stringify(sc.controller)} (the scenario's controller), got ${JSON.stringify(controller)}`,
    );
  const prop = property(o['property'], '$.property');
  const obs = observeOptions(sc);
  const v = viewOf(sc);
  const b: Bounds = {
    templates: sc.templates,
    partitions: partitionValues(sc),
    budgets: sc.budgets,
    observing: observes(sc),
    staleReads: obs.staleReads,
    staleRevisions: obs.staleRevisions,
    statusWriteFailures: obs.statusWriteFailures,
    podWriteFailures: obs.podWriteFailures,
    podCache: obs.expectations !== 'ideal',
    window: hasAvailabilityWindow(sc),
    progressing: sc.progressDeadline === true,
    ranked: sc.progressDeadline === true && obs.staleReads > 0,
    untimed: settledUntimed(v),
    pausable: hasPauseChanges(sc),
    paused: sc.paused,
    surges: surgeValues(sc),
    unavailables: unavailableValues(sc),
    strategies: hasStrategyEdits(sc),
    unlanded: keepsTimedOutCreations(sc),
  };
  const steps = array(o['steps'], '$.steps', 'trace steps', 1).map((s, i) =>
    derived(v, step(s, `$.steps[${i}]`, b, i, i === 0 ? 'initial' : 'trace')),
  );
  // Absent in check's files and in files written before it was recorded.
  const foundBy = Object.hasOwn(o, 'foundBy') ? { foundBy: oneOf(o['foundBy'], '$.foundBy', FOUND_BY) } : {};
  const base: TraceDocument = { format: TRACE_FORMAT, version: TRACE_VERSION, scenario: sc, controller, ...foundBy, property: prop, steps };
  // A convergence counterexample is a path and what the system does from its end; nothing else has one.
  const convergence = prop?.kind === 'convergence';
  if (!Object.hasOwn(o, 'continuation')) {
    if (convergence)
      reject(
        'inconsistent',
        '$.continuation',
        `expected a continuation (what the system does from the stuck state): ${prop.name} is a convergence property`,
      );
    return base;
  }
  if (!convergence)
    reject(
      'inconsistent',
      '$.continuation',
      `expected none: only a convergence property's counterexample has a continuation (${prop === null ? 'the trace has no property' : `${prop.name} is ${prop.kind === 'invariant' ? 'an' : 'a'} ${prop.kind} property`})`,
    );
  const c = continuation(o['continuation'], '$.continuation', b, steps.length);
  return { ...base, continuation: { ...c, steps: c.steps.map((st) => derived(v, st)) } };
}

/** Validate an already-decoded JSON value. */
export function validateTraceDocument(json: unknown): ParseResult {
  try {
    return { ok: true, doc: document(json) };
  } catch (e) {
    if (e instanceof Rejection) return { ok: false, error: e.error };
    throw e;
  }
}

/** JSON text (a byte-order mark ignored; a repeated key or a nesting deeper than any trace's is invalid JSON here). */
export function parseTraceDocument(text: string): ParseResult {
  const json = parseJsonStrict(text);
  if (!json.ok) return { ok: false, error: { code: 'invalid-json', field: json.path, message: `${json.path}: ${json.message}` } };
  return validateTraceDocument(json.value);
}
