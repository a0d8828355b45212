/**
 * Builds the Scenario a command runs from defaults, a config file and flags (flags win), and checks the
 * rules that involve more than one field.
 */
import { CONTROLLER_VARIANTS, type ControllerVariant } from '../model/controller/promotion.js';
import { DEFAULT_SCENARIO, type Scenario } from '../model/cloneset/scenario.js';
import { InputError } from './errors.js';
import { loadConfig } from './config.js';
import { SCENARIO_FIELDS, type FieldSpec, type ScenarioFieldValues } from './fields.js';

export interface ScenarioChoice {
  /** The scenario, with `controller` set to the first variant. */
  readonly scenario: Scenario;
  /** Variants to run: the one asked for, or all of them. */
  readonly controllers: readonly ControllerVariant[];
}

/** `fields`: the table the config file is validated against (the flags were parsed with the same one). */
export function buildScenario(
  flagFields: ScenarioFieldValues,
  configPath: string | undefined,
  fields: readonly FieldSpec[] = SCENARIO_FIELDS,
): ScenarioChoice {
  const fromFile = configPath === undefined ? {} : loadConfig(configPath, fields);
  const f: ScenarioFieldValues = { ...fromFile, ...flagFields };
  const d = DEFAULT_SCENARIO;
  const controller = f.controller ?? null;
  const maxReplicas = f.maxReplicas ?? d.maxReplicas;
  const scenario: Scenario = {
    controller: controller ?? d.controller,
    initialReplicas: f.initialReplicas ?? Math.min(d.initialReplicas, maxReplicas),
    initialPartition: f.initialPartition ?? d.initialPartition,
    maxReplicas,
    partitions: f.partitions ?? d.partitions,
    maxSurge: f.maxSurge ?? d.maxSurge,
    maxUnavailable: f.maxUnavailable ?? d.maxUnavailable,
    podUpdatePolicy: f.podUpdatePolicy ?? d.podUpdatePolicy,
    rollbackGate: f.rollbackGate ?? d.rollbackGate,
    paused: f.paused ?? d.paused,
    scaleMaxUnavailable: f.scaleMaxUnavailable ?? d.scaleMaxUnavailable,
    templates: f.templates ?? d.templates,
    budgets: {
      rollouts: f.rollouts ?? d.budgets.rollouts,
      deletes: f.deletes ?? d.budgets.deletes,
      scales: f.scales ?? d.budgets.scales,
      partitions: f.partitionChanges ?? d.budgets.partitions,
    },
    statusWrite: f.statusWrite ?? d.statusWrite,
  };
  if (scenario.initialReplicas > scenario.maxReplicas) {
    throw new InputError(
      'initialReplicas',
      `${scenario.initialReplicas} is above maxReplicas ${scenario.maxReplicas}; allowed: 0..maxReplicas`,
    );
  }
  return {
    scenario: controller === null ? { ...scenario, controller: CONTROLLER_VARIANTS[0] } : scenario,
    controllers: controller === null ? CONTROLLER_VARIANTS : [controller],
  };
}
