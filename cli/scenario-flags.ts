/**
 * A scenario back to the `check` flags that rebuild it, for reports that tell a reader how to re-run a
 * trace's bounds. Only fields that differ from their default are written; flag names and value syntax come
 * from SCENARIO_FIELDS, the table the flags are parsed with, so the two cannot drift apart.
 */
import type { Scenario } from '../model/cloneset/scenario.js';
import type { FoundBy } from '../traces/document.js';
import { SCENARIO_FIELDS, SIMULATION_FIELDS, type ScenarioFieldValues } from './fields.js';

type FieldKey = keyof ScenarioFieldValues;

// Every field key, total over the table: a new field without its place in the Scenario does not compile.
const VALUE_OF: Readonly<Record<FieldKey, (sc: Scenario) => unknown>> = {
  controller: (sc) => sc.controller,
  initialReplicas: (sc) => sc.initialReplicas,
  initialPartition: (sc) => sc.initialPartition,
  maxReplicas: (sc) => sc.maxReplicas,
  partitions: (sc) => sc.partitions,
  maxSurge: (sc) => sc.maxSurge,
  maxUnavailable: (sc) => sc.maxUnavailable,
  // null: not given (no flag, nothing to check).
  maxSurgeValues: (sc) => sc.maxSurges ?? null,
  maxUnavailableValues: (sc) => sc.maxUnavailables ?? null,
  podUpdatePolicy: (sc) => sc.podUpdatePolicy,
  updateStrategyType: (sc) => sc.updateStrategyType ?? 'RollingUpdate',
  rollingUpdate: (sc) => sc.rollingUpdate !== false,
  rollbackGate: (sc) => sc.rollbackGate,
  paused: (sc) => sc.paused,
  scaleMaxUnavailable: (sc) => sc.scaleMaxUnavailable,
  templates: (sc) => sc.templates,
  rollouts: (sc) => sc.budgets.rollouts,
  deletes: (sc) => sc.budgets.deletes,
  scales: (sc) => sc.budgets.scales,
  partitionChanges: (sc) => sc.budgets.partitions,
  pauseChanges: (sc) => sc.budgets.pauses ?? 0,
  strategyChanges: (sc) => sc.budgets.strategies ?? 0,
  statusWrite: (sc) => sc.statusWrite,
  freeChoices: (sc) => sc.freeChoices ?? false,
  staleReads: (sc) => sc.staleReads ?? 0,
  staleRevisions: (sc) => sc.staleRevisions === true,
  statusWriteFailures: (sc) => sc.statusWriteFailures ?? 0,
  podWriteFailures: (sc) => sc.podWriteFailures ?? 0,
  podWriteTimeouts: (sc) => sc.podWriteTimeouts === true,
  expectations: (sc) => sc.expectations ?? 'ideal',
  userMarks: (sc) => sc.budgets.marks ?? 0,
  podFailures: (sc) => sc.budgets.failures ?? 0,
  preparingReady: (sc) => sc.preparingReady === true,
  inPlaceKubelet: (sc) => sc.inPlaceKubelet === true,
  minReadySeconds: (sc) => sc.minReadySeconds ?? 0,
  progressDeadline: (sc) => sc.progressDeadline === true,
  lifecycleHooks: (sc) => sc.lifecycleHooks ?? 'none',
  preparingUpdateAsUpdate: (sc) => sc.preparingUpdateAsUpdate === true,
  excludePreparingDelete: (sc) => sc.excludePreparingDelete === true,
};

const text = (value: unknown): string => (Array.isArray(value) ? value.map(String).join(',') : String(value));

/**
 * Whether `check` takes the scenario's bounds: its caps on replicas and budgets (SCENARIO_FIELDS) are lower
 * than `simulate`'s, so the bounds a simulate trace was found in may be beyond it.
 */
export const checkAccepts = (sc: Scenario): boolean => scenarioRefusal(sc, 'check') === null;

/** `--flag value` pairs, in the table's order, for every field but `controller` that differs from its default. */
export function scenarioFlags(sc: Scenario): readonly string[] {
  const out: string[] = [];
  for (const f of SCENARIO_FIELDS) {
    if (f.key === 'controller') continue;
    const value = VALUE_OF[f.key as FieldKey](sc);
    if (value === null || JSON.stringify(value) === JSON.stringify(f.defaultValue)) continue;
    out.push(`--${f.flag}`, text(value));
  }
  return out;
}

/** Where a field's value sits in a trace file's scenario, where that is not its config key. */
const SCENARIO_PATH: Partial<Record<FieldKey, string>> = {
  maxSurgeValues: 'maxSurges',
  maxUnavailableValues: 'maxUnavailables',
  rollouts: 'budgets.rollouts',
  deletes: 'budgets.deletes',
  scales: 'budgets.scales',
  partitionChanges: 'budgets.partitions',
  pauseChanges: 'budgets.pauses',
  strategyChanges: 'budgets.strategies',
  userMarks: 'budgets.marks',
  podFailures: 'budgets.failures',
};

/**
 * Why the CLI does not take a trace's scenario: its first field beyond what the command that found it
 * (`check`, or `simulate` with its higher caps) accepts, in one line naming the field and the allowed
 * values; null when it takes them all. A trace's report prints that command with the scenario's flags, so a
 * scenario beyond it (a library's, or an edited file) would print a command that fails.
 */
export function scenarioRefusal(sc: Scenario, foundBy: FoundBy | undefined): string | null {
  const command = foundBy === 'simulate' ? 'simulate' : 'check';
  for (const f of command === 'simulate' ? SIMULATION_FIELDS : SCENARIO_FIELDS) {
    const key = f.key as FieldKey;
    const value = VALUE_OF[key](sc);
    if (value === null || f.schema.safeParse(value).success) continue;
    return `$.scenario.${SCENARIO_PATH[key] ?? key}: ${JSON.stringify(value)} is not a value \`${command}\` takes (--${f.flag}); allowed: ${f.allowed}`;
  }
  return null;
}
