/**
 * A Scenario as the library receives it, checked once before a model is built: the first field that the
 * model cannot run with is a RangeError naming it and what is allowed. The CLI's flags and config files are
 * checked by their own schemas (cli/fields.ts) before they become a Scenario; this is for library callers,
 * whose mistakes otherwise ran as something else (an unknown podUpdatePolicy as InPlaceIfPossible, a NaN
 * budget as 0) or failed deep inside (an unknown controller in viewOf, a negative replica count in the codec).
 */
import { MAX_TIMED_COPIES } from '../controller/progress.js';
import { CONTROLLER_VARIANTS } from '../controller/promotion.js';
import { MAX_INT32 } from '../controller/types.js';
import {
  budgetLeft,
  EXPECTATIONS_MODES,
  hasPauseChanges,
  hasStrategyEdits,
  LIFECYCLE_HOOK_CHOICES,
  MAX_EDITED_PARTITIONS,
  MAX_STRATEGY_VALUES,
  partitionValues,
  surgeValues,
  unavailableValues,
  type Budget,
  type Scenario,
} from './scenario.js';

/** A count the encoding holds: one byte (codec.ts). */
const BYTE = 255;
/** Templates are four bits of a pod's code, v1..v15 (state.ts). */
const MAX_TEMPLATES = 15;

const shown = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

function fail(field: string, allowed: string, got: unknown): never {
  throw new RangeError(`scenario.${field} must be ${allowed}, got ${shown(got)}`);
}

function integer(field: string, v: unknown, min: number, max: number): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(field, `an integer from ${min} to ${max}`, v);
}

function oneOf(field: string, v: unknown, allowed: readonly unknown[]): void {
  if (!allowed.includes(v)) fail(field, `one of ${allowed.map(shown).join(', ')}`, v);
}

function optionalBoolean(field: string, v: unknown): void {
  if (v !== undefined && typeof v !== 'boolean') fail(field, 'true, false or absent', v);
}

/**
 * An int-or-string as kruise takes it here: a non-negative int32 (Kubernetes' IntOrString holds an int32, as
 * the CLI and --cloneset already require), or a percentage from 0% to 100%.
 */
function intOrPercent(field: string, v: unknown): void {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_INT32) return;
  const m = typeof v === 'string' ? /^(\d+(?:\.\d+)?)%$/.exec(v) : null;
  if (m === null || Number(m[1]) > 100) fail(field, `an integer from 0 to ${MAX_INT32} (int32) or a percentage from "0%" to "100%"`, v);
}

function budget(field: string, v: Budget): void {
  if (v !== 'any') integer(field, v, 0, BYTE);
}

/**
 * Every field of Scenario, each checked below: a field added to Scenario fails the build here until it is
 * listed, which is the reminder to check it.
 */
export const CHECKED_FIELDS = {
  controller: true,
  initialReplicas: true,
  initialPartition: true,
  maxReplicas: true,
  partitions: true,
  maxSurge: true,
  maxUnavailable: true,
  maxSurges: true,
  maxUnavailables: true,
  podUpdatePolicy: true,
  updateStrategyType: true,
  rollingUpdate: true,
  rollbackGate: true,
  paused: true,
  scaleMaxUnavailable: true,
  templates: true,
  budgets: true,
  statusWrite: true,
  preparingReady: true,
  inPlaceKubelet: true,
  minReadySeconds: true,
  lifecycleHooks: true,
  preparingUpdateAsUpdate: true,
  excludePreparingDelete: true,
  freeChoices: true,
  staleReads: true,
  staleRevisions: true,
  statusWriteFailures: true,
  podWriteFailures: true,
  podWriteTimeouts: true,
  expectations: true,
  progressDeadline: true,
} as const satisfies Record<keyof Scenario, true>;

export function checkScenario(sc: Scenario): void {
  oneOf('controller', sc.controller, CONTROLLER_VARIANTS);
  integer('maxReplicas', sc.maxReplicas, 0, BYTE);
  // Above maxReplicas is a state the model runs (users scale down into the bounds); the CLI refuses it.
  integer('initialReplicas', sc.initialReplicas, 0, BYTE);
  intOrPercent('initialPartition', sc.initialPartition);
  if (!Array.isArray(sc.partitions)) fail('partitions', 'a list of partition values', sc.partitions);
  for (const [i, p] of sc.partitions.entries()) intOrPercent(`partitions[${i}]`, p);
  intOrPercent('maxSurge', sc.maxSurge);
  intOrPercent('maxUnavailable', sc.maxUnavailable);
  for (const f of ['maxSurges', 'maxUnavailables'] as const) {
    const list = sc[f];
    if (list === undefined) continue;
    if (!Array.isArray(list)) fail(f, `a list of ${f === 'maxSurges' ? 'maxSurge' : 'maxUnavailable'} values`, list);
    for (const [i, p] of list.entries()) intOrPercent(`${f}[${i}]`, p);
  }
  if (sc.scaleMaxUnavailable !== null) intOrPercent('scaleMaxUnavailable', sc.scaleMaxUnavailable);
  oneOf('podUpdatePolicy', sc.podUpdatePolicy, ['ReCreate', 'InPlaceIfPossible']);
  if (sc.updateStrategyType !== undefined) oneOf('updateStrategyType', sc.updateStrategyType, ['RollingUpdate', 'OnDelete']);
  optionalBoolean('rollingUpdate', sc.rollingUpdate);
  const problem = rollingUpdateProblem(sc);
  if (problem !== null) fail(problem.field, problem.allowed, problem.got);
  oneOf('rollbackGate', sc.rollbackGate, [true, false]);
  oneOf('paused', sc.paused, [true, false]);
  integer('templates', sc.templates, 1, MAX_TEMPLATES);
  const b = sc.budgets;
  if (typeof b !== 'object' || b === null) fail('budgets', 'an object of action budgets', b);
  budget('budgets.rollouts', b.rollouts);
  integer('budgets.deletes', b.deletes, 0, BYTE);
  budget('budgets.scales', b.scales);
  budget('budgets.partitions', b.partitions);
  if (b.marks !== undefined) integer('budgets.marks', b.marks, 0, BYTE);
  if (b.failures !== undefined) integer('budgets.failures', b.failures, 0, BYTE);
  if (b.pauses !== undefined) budget('budgets.pauses', b.pauses);
  if (b.strategies !== undefined) budget('budgets.strategies', b.strategies);
  if (hasStrategyEdits(sc)) {
    // Their indices share the spec's partition byte (codec.ts partitionByte).
    if (surgeValues(sc).length > MAX_STRATEGY_VALUES)
      fail('maxSurges', `at most ${MAX_STRATEGY_VALUES} distinct values with maxSurge (strategy edits)`, sc.maxSurges);
    if (unavailableValues(sc).length > MAX_STRATEGY_VALUES)
      fail('maxUnavailables', `at most ${MAX_STRATEGY_VALUES} distinct values with maxUnavailable (strategy edits)`, sc.maxUnavailables);
    if (partitionValues(sc).length > MAX_EDITED_PARTITIONS)
      fail(
        'partitions',
        `at most ${MAX_EDITED_PARTITIONS} distinct values with the initial partition when strategy edits are on`,
        sc.partitions,
      );
  }
  oneOf('statusWrite', sc.statusWrite, ['inline', 'separate']);
  for (const f of ['preparingReady', 'inPlaceKubelet', 'preparingUpdateAsUpdate', 'excludePreparingDelete', 'freeChoices'] as const)
    optionalBoolean(f, sc[f]);
  if (sc.minReadySeconds !== undefined) integer('minReadySeconds', sc.minReadySeconds, 0, MAX_INT32);
  if (sc.lifecycleHooks !== undefined) oneOf('lifecycleHooks', sc.lifecycleHooks, LIFECYCLE_HOOK_CHOICES.slice(1));
  if (sc.staleReads !== undefined) integer('staleReads', sc.staleReads, 0, BYTE);
  optionalBoolean('staleRevisions', sc.staleRevisions);
  if (sc.statusWriteFailures !== undefined) {
    integer('statusWriteFailures', sc.statusWriteFailures, 0, BYTE);
    if (sc.statusWriteFailures > 0 && sc.statusWrite === 'inline')
      fail('statusWriteFailures', '0 with statusWrite inline (an inline write has no step of its own to fail)', sc.statusWriteFailures);
  }
  if (sc.podWriteFailures !== undefined) integer('podWriteFailures', sc.podWriteFailures, 0, BYTE);
  optionalBoolean('podWriteTimeouts', sc.podWriteTimeouts);
  if (sc.podWriteTimeouts === true && (sc.podWriteFailures ?? 0) === 0)
    fail('podWriteTimeouts', 'false or absent when podWriteFailures is 0 (only a failing pod write can time out)', sc.podWriteTimeouts);
  if (sc.expectations !== undefined) oneOf('expectations', sc.expectations, EXPECTATIONS_MODES);
  optionalBoolean('progressDeadline', sc.progressDeadline);
  // The codec ranks the times of the condition's copies in four bits (condition-order.ts): the lagging
  // versions, the server's status and a pending one.
  if (sc.progressDeadline === true && (sc.staleReads ?? 0) > MAX_STALE_READS_TIMED)
    fail(
      'staleReads',
      `0..${MAX_STALE_READS_TIMED} with progressDeadline (the copies of the Progressing condition the model ranks)`,
      sc.staleReads,
    );
}

/** The most staleReads with progressDeadline: its versions, the server's status and a pending one make MAX_TIMED_COPIES. */
export const MAX_STALE_READS_TIMED = MAX_TIMED_COPIES - 2;

const isZero = (v: unknown): boolean => v === 0 || v === '0%';

/** A scenario field the model cannot run with as it is: which, what it must be, and what it was. */
export interface ScenarioProblem {
  readonly field:
    | 'rollingUpdate'
    | 'initialPartition'
    | 'partitions'
    | 'budgets.partitions'
    | 'budgets.strategies'
    | 'budgets.pauses'
    | 'maxSurge'
    | 'maxUnavailable'
    | 'paused';
  readonly allowed: string;
  readonly got: unknown;
}

/**
 * A scenario without a rollingUpdate block (OnDelete only): the controller reads none of the block's fields
 * (calculateDiffsWithExpectation's nil branch), so the scenario's must be the values it takes instead, or a
 * check would report bounds the controller never had. Null when the scenario has the block, or fits.
 */
export function rollingUpdateProblem(sc: Scenario): ScenarioProblem | null {
  if (sc.rollingUpdate !== false) return null;
  if (sc.updateStrategyType !== 'OnDelete')
    return {
      field: 'rollingUpdate',
      allowed: 'true unless updateStrategyType is OnDelete (kruise makes the block for RollingUpdate)',
      got: false,
    };
  const why = 'without a rollingUpdate block the controller takes';
  if (!isZero(sc.initialPartition)) return { field: 'initialPartition', allowed: `0 (${why} partition 0)`, got: sc.initialPartition };
  if (!sc.partitions.every(isZero)) return { field: 'partitions', allowed: `0 only (${why} partition 0)`, got: sc.partitions };
  // A CloneSet without the block has no partition field to edit (adding one would add the block).
  if (budgetLeft(sc.budgets.partitions))
    return {
      field: 'budgets.partitions',
      allowed: `0 (${why} partition 0; there is no partition field to edit)`,
      got: sc.budgets.partitions,
    };
  if (hasStrategyEdits(sc))
    return { field: 'budgets.strategies', allowed: `0 (${why} maxSurge 0 and maxUnavailable 20%)`, got: sc.budgets.strategies };
  if (!isZero(sc.maxSurge)) return { field: 'maxSurge', allowed: `0 (${why} maxSurge 0)`, got: sc.maxSurge };
  if (sc.maxUnavailable !== '20%') return { field: 'maxUnavailable', allowed: `"20%" (${why} 20%, rounded down)`, got: sc.maxUnavailable };
  if (sc.paused) return { field: 'paused', allowed: `false (${why} no paused field)`, got: sc.paused };
  if (hasPauseChanges(sc)) return { field: 'budgets.pauses', allowed: `0 (${why} no paused field to edit)`, got: sc.budgets.pauses };
  return null;
}
