/**
 * Builds the Scenario a command runs from defaults, a config file and flags (flags win), and checks the
 * rules that involve more than one field.
 */
import { CONTROLLER_VARIANTS, type ControllerVariant } from '../model/controller/promotion.js';
import type { IntOrString } from '../model/controller/types.js';
import { DEFAULT_SCENARIO, type Scenario } from '../model/cloneset/scenario.js';
import { InputError } from './errors.js';
import { loadConfig } from './config.js';
import { SCENARIO_FIELDS, type FieldSpec } from './fields.js';

export interface ScenarioChoice {
  /** The scenario, with `controller` set to the first variant. */
  readonly scenario: Scenario;
  /** Variants to run: the one asked for, or all of them. */
  readonly controllers: readonly ControllerVariant[];
}

/** `fields`: the table the config file is validated against (the flags were parsed with the same one). */
export function buildScenario(flagFields: Readonly<Record<string, unknown>>, configPath: string | undefined, fields: readonly FieldSpec[] = SCENARIO_FIELDS): ScenarioChoice {
  const fromFile = configPath === undefined ? {} : loadConfig(configPath, fields);
  const f: Record<string, unknown> = { ...fromFile, ...flagFields };
  const d = DEFAULT_SCENARIO;
  const pick = <T>(key: string, fallback: T): T => (f[key] === undefined ? fallback : (f[key] as T));
  const controller = pick<ControllerVariant | null>('controller', null);
  const maxReplicas = pick('maxReplicas', d.maxReplicas);
  const initialReplicas = pick('initialReplicas', Math.min(d.initialReplicas, maxReplicas));
  const scenario: Scenario = {
    controller: controller ?? d.controller,
    initialReplicas,
    initialPartition: pick<IntOrString>('initialPartition', d.initialPartition),
    maxReplicas,
    partitions: pick<readonly IntOrString[]>('partitions', d.partitions),
    maxSurge: pick<IntOrString>('maxSurge', d.maxSurge),
    maxUnavailable: pick<IntOrString>('maxUnavailable', d.maxUnavailable),
    podUpdatePolicy: pick('podUpdatePolicy', d.podUpdatePolicy),
    rollbackGate: pick('rollbackGate', d.rollbackGate),
    paused: pick('paused', d.paused),
    scaleMaxUnavailable: pick<IntOrString | null>('scaleMaxUnavailable', d.scaleMaxUnavailable),
    templates: pick('templates', d.templates),
    budgets: {
      rollouts: pick('rollouts', d.budgets.rollouts),
      deletes: pick('deletes', d.budgets.deletes),
      scales: pick('scales', d.budgets.scales),
      partitions: pick('partitionChanges', d.budgets.partitions),
    },
    statusWrite: pick('statusWrite', d.statusWrite),
  };
  if (scenario.initialReplicas > scenario.maxReplicas) {
    throw new InputError('initialReplicas', `${scenario.initialReplicas} is above maxReplicas ${scenario.maxReplicas}; allowed: 0..maxReplicas`);
  }
  return { scenario: controller === null ? { ...scenario, controller: CONTROLLER_VARIANTS[0] } : scenario, controllers: controller === null ? CONTROLLER_VARIANTS : [controller] };
}
