/**
 * Builds the Scenario a command runs from defaults, a config file, a CloneSet manifest and flags
 * (precedence: flags > --cloneset > --config > defaults), and checks the rules that involve more than one field.
 */
import { CONTROLLER_VARIANTS, type ControllerVariant } from '../model/controller/promotion.js';
import { DEFAULT_SCENARIO, MAX_STRATEGY_VALUES, surgeValues, unavailableValues, type Scenario } from '../model/cloneset/scenario.js';
import { legacyIntOrPercent } from '../model/controller/intstr.js';
import { surgeAtMaxReplicas, surgeRoom } from '../model/cloneset/codec.js';
import { rollingUpdateProblem, type ScenarioProblem } from '../model/cloneset/scenario-check.js';
import { InputError, quote } from './errors.js';
import { loadConfig } from './config.js';
import {
  MAX_REPLICAS_CAP,
  SCENARIO_FIELDS,
  SIMULATION_FIELDS,
  SIMULATION_MAX_REPLICAS_CAP,
  type FieldSpec,
  type ScenarioFieldValues,
} from './fields.js';
import {
  admissionRules,
  bothBelowOne,
  fieldsUnder,
  fitReplicas,
  loadManifest,
  MANIFEST_KEYS,
  type ManifestKey,
  manifestPathOf,
  pairField,
} from './manifest.js';

export interface ScenarioChoice {
  /** The scenario, with `controller` set to the first variant. */
  readonly scenario: Scenario;
  /** Variants to run: the one asked for, or all of them. */
  readonly controllers: readonly ControllerVariant[];
  /** Lines for stderr about the manifest (fields ignored, bounds fitted); empty without --cloneset. */
  readonly notes: readonly string[];
}

/**
 * A maxSurge whose pods a state cannot hold is refused by name (createCodec would refuse the scenario, and
 * check reported that as an internal error). Running it as a smaller surge is not sound: upstream never
 * caps maxSurge, and calculateDiffsWithExpectation's useSurge = min(maxSurge, scaleSurge or updateSurge)
 * takes scaleSurge from the pods marked for deletion (by ReCreate updates and by users), which spec.replicas
 * does not bound — with 2 replicas and user marks, maxSurge 3 reaches states maxSurge 2 does not
 * (test/model/surge-room.test.ts), and no bound on marked pods is proven.
 */
function surgeFits(sc: Scenario, initialField: string, valuesField: string): void {
  const room = surgeRoom(sc);
  const surge = surgeAtMaxReplicas(sc);
  // The largest surge may be one users set mid-rollout (strategy edits): the line names that value and field.
  const largest = surgeValues(sc).find((x) => legacyIntOrPercent(x, sc.maxReplicas, true) === surge) ?? sc.maxSurge;
  const field = largest === sc.maxSurge ? initialField : valuesField;
  // room < 0: the replicas alone overflow, which createCodec's own message covers.
  if (room < 0 || surge <= room) return;
  const max = Math.max(sc.maxReplicas, sc.initialReplicas);
  const percent =
    sc.maxReplicas <= room
      ? 'a whole percentage from "0%" to "100%"'
      : `a whole percentage up to ${Math.floor((room * 100) / sc.maxReplicas)}%`;
  throw new InputError(
    field,
    `${quote(largest)} is more surge than the model can encode: maxReplicas ${max} plus ${surge} surge pods is ${max + surge}, above the ${max + room} this scenario's states hold; allowed with maxReplicas ${max}: an integer from 0 to ${room}, or ${percent}`,
  );
}

/** The CLI's names (flags and config keys) for the scenario's budget fields that rollingUpdateProblem names. */
const CLI_NAME: Partial<Record<ScenarioProblem['field'], string>> = {
  'budgets.partitions': 'partitionChanges',
  'budgets.strategies': 'strategyChanges',
  'budgets.pauses': 'pauseChanges',
};

/** `fields`: the table the config file is validated against (the flags were parsed with the same one). */
export function buildScenario(
  flagFields: ScenarioFieldValues,
  configPath: string | undefined,
  fields: readonly FieldSpec[] = SCENARIO_FIELDS,
  manifestPath?: string,
): ScenarioChoice {
  const fromFile = configPath === undefined ? {} : loadConfig(configPath, fields);
  const manifest = manifestPath === undefined ? undefined : loadManifest(manifestPath, fields);
  // The manifest determines every CloneSet field: the config's values for them are dropped, not merged in.
  const dropped = manifest === undefined ? [] : Object.keys(fromFile).filter((k) => (MANIFEST_KEYS as readonly string[]).includes(k));
  const fromConfig = Object.fromEntries(Object.entries(fromFile).filter(([k]) => !dropped.includes(k)));
  const f: ScenarioFieldValues = { ...fromConfig, ...(manifest === undefined ? {} : fieldsUnder(manifest, flagFields)), ...flagFields };
  const d = DEFAULT_SCENARIO;
  const controller = f.controller ?? null;
  // simulate's table is the one object SIMULATION_FIELDS: its replica cap is the larger one.
  const simulation = fields === SIMULATION_FIELDS;
  const fitted =
    manifest === undefined
      ? undefined
      : fitReplicas(
          manifest,
          f.maxReplicas,
          d.maxReplicas,
          simulation ? SIMULATION_MAX_REPLICAS_CAP : MAX_REPLICAS_CAP,
          simulation ? 'simulate' : 'check',
        );
  const maxReplicas = f.maxReplicas ?? fitted?.maxReplicas ?? d.maxReplicas;
  const scenario: Scenario = {
    controller: controller ?? d.controller,
    // The manifest's spec.replicas outranks the config's initialReplicas (a flag outranks both).
    initialReplicas: flagFields.initialReplicas ?? fitted?.initialReplicas ?? f.initialReplicas ?? Math.min(d.initialReplicas, maxReplicas),
    // Without a rollingUpdate block the controller's partition is 0, so that is the default there.
    initialPartition: f.initialPartition ?? (f.rollingUpdate === false ? 0 : d.initialPartition),
    maxReplicas,
    partitions: f.partitions ?? (f.rollingUpdate === false ? [0] : d.partitions),
    maxSurge: f.maxSurge ?? d.maxSurge,
    maxUnavailable: f.maxUnavailable ?? d.maxUnavailable,
    // Only when given, so a scenario without them is the one before them.
    ...(f.maxSurgeValues === undefined ? {} : { maxSurges: f.maxSurgeValues }),
    ...(f.maxUnavailableValues === undefined ? {} : { maxUnavailables: f.maxUnavailableValues }),
    podUpdatePolicy: f.podUpdatePolicy ?? d.podUpdatePolicy,
    // Only when not the default, so a scenario without them is the one before them.
    ...(f.updateStrategyType === 'OnDelete' ? { updateStrategyType: 'OnDelete' as const } : {}),
    ...(f.rollingUpdate === false ? { rollingUpdate: false } : {}),
    rollbackGate: f.rollbackGate ?? d.rollbackGate,
    paused: f.paused ?? d.paused,
    scaleMaxUnavailable: f.scaleMaxUnavailable ?? d.scaleMaxUnavailable,
    templates: f.templates ?? d.templates,
    budgets: {
      rollouts: f.rollouts ?? d.budgets.rollouts,
      deletes: f.deletes ?? d.budgets.deletes,
      scales: f.scales ?? d.budgets.scales,
      partitions: f.partitionChanges ?? d.budgets.partitions,
      ...((f.userMarks ?? 0) > 0 || (f.podFailures ?? 0) > 0 ? { marks: f.userMarks ?? 0, failures: f.podFailures ?? 0 } : {}),
      // Only when on: 0 is the scenario without pause changes (the same bounds, counts and files).
      ...(f.pauseChanges === undefined || f.pauseChanges === 0 ? {} : { pauses: f.pauseChanges }),
      ...(f.strategyChanges === undefined || f.strategyChanges === 0 ? {} : { strategies: f.strategyChanges }),
    },
    statusWrite: f.statusWrite ?? d.statusWrite,
    // Absent unless on, so a scenario without it is the same object (and the same --json bounds) as before.
    ...(f.freeChoices === true ? { freeChoices: true } : {}),
    // Issue #14's options, only when set (a scenario without them is the one before them).
    ...(f.staleReads === undefined ? {} : { staleReads: f.staleReads }),
    ...(f.staleRevisions === true ? { staleRevisions: true } : {}),
    ...(f.statusWriteFailures === undefined ? {} : { statusWriteFailures: f.statusWriteFailures }),
    // Only when on: 0 is the scenario without the option (the same bounds, counts and files).
    ...((f.podWriteFailures ?? 0) > 0 ? { podWriteFailures: f.podWriteFailures } : {}),
    ...(f.podWriteTimeouts === true ? { podWriteTimeouts: true } : {}),
    ...(f.expectations === undefined ? {} : { expectations: f.expectations }),
    // Off (0, false) leaves the fields out, so the scenario — and every count and trace — is today's.
    ...(f.preparingReady === true ? { preparingReady: true } : {}),
    ...(f.inPlaceKubelet === true ? { inPlaceKubelet: true } : {}),
    ...((f.minReadySeconds ?? 0) > 0 ? { minReadySeconds: f.minReadySeconds } : {}),
    ...(f.progressDeadline === true ? { progressDeadline: true } : {}),
    ...(f.lifecycleHooks === undefined || f.lifecycleHooks === 'none' ? {} : { lifecycleHooks: f.lifecycleHooks }),
    ...(f.preparingUpdateAsUpdate === true ? { preparingUpdateAsUpdate: true } : {}),
    ...(f.excludePreparingDelete === true ? { excludePreparingDelete: true } : {}),
  };
  if (scenario.initialReplicas > scenario.maxReplicas && manifest !== undefined && flagFields.initialReplicas === undefined) {
    // The file's value, not the one fitted to the command's cap: the line names the field as written.
    throw new InputError(
      `spec.replicas in ${manifestPath}`,
      `${manifest.replicas} is above maxReplicas ${scenario.maxReplicas} (from --max-replicas or --config); allowed: 0..maxReplicas, or a larger --max-replicas`,
    );
  }
  if (scenario.initialReplicas > scenario.maxReplicas) {
    throw new InputError(
      'initialReplicas',
      `${scenario.initialReplicas} is above maxReplicas ${scenario.maxReplicas}; allowed: 0..maxReplicas`,
    );
  }
  // Where a value came from, for the line that refuses it: the flag, the manifest (which sets every CloneSet
  // field, and never the value lists), the config.
  const sourceOf = (key: keyof ScenarioFieldValues): string =>
    flagFields[key] !== undefined
      ? `--${fields.find((x) => x.key === key)?.flag ?? key}`
      : manifest !== undefined && (MANIFEST_KEYS as readonly string[]).includes(key)
        ? manifestPathOf(manifest, key as ManifestKey)
        : fromFile[key] !== undefined
          ? `${key} in ${configPath}`
          : key;
  if (manifest !== undefined) admissionRules(manifest, { sc: scenario, flags: flagFields, fieldOf: sourceOf });
  else if (scenario.rollingUpdate !== false) {
    // Without a manifest, the CloneSet is still one a user creates. Made at 0 replicas and scaled, it can hold
    // the pair: --initial-replicas 0 and a scale.
    const line = bothBelowOne(scenario);
    if (line !== null)
      throw new InputError(
        pairField(flagFields, sourceOf, true),
        `${line}; allowed: either at least 1, or initialReplicas 0 (the webhook skips the pair there, and a later kubectl scale does not pass it)`,
      );
  }
  for (const [key, values, initial] of [
    ['maxSurgeValues', surgeValues(scenario), 'maxSurge'],
    ['maxUnavailableValues', unavailableValues(scenario), 'maxUnavailable'],
  ] as const) {
    if (values.length > MAX_STRATEGY_VALUES)
      throw new InputError(
        sourceOf(key),
        `${values.length} distinct values with ${initial}; allowed: at most ${MAX_STRATEGY_VALUES} (each takes two bits of a state)`,
      );
  }
  surgeFits(scenario, sourceOf('maxSurge'), sourceOf('maxSurgeValues'));
  const problem = rollingUpdateProblem(scenario);
  if (problem !== null) {
    throw new InputError(
      sourceOf((CLI_NAME[problem.field] ?? problem.field) as keyof ScenarioFieldValues),
      problem.field === 'rollingUpdate'
        ? 'false needs updateStrategyType OnDelete (kruise makes the block for RollingUpdate); allowed: true, or false with updateStrategyType OnDelete'
        : `${quote(problem.got)} does not fit rollingUpdate false (OnDelete without the block); allowed: ${problem.allowed}`,
    );
  }
  if (scenario.podWriteTimeouts === true && (scenario.podWriteFailures ?? 0) === 0) {
    throw new InputError(
      'podWriteTimeouts',
      'true needs podWriteFailures above 0 (only a failing pod write can time out); allowed: false with podWriteFailures 0',
    );
  }
  if ((scenario.statusWriteFailures ?? 0) > 0 && scenario.statusWrite === 'inline') {
    throw new InputError(
      'statusWriteFailures',
      `${scenario.statusWriteFailures} needs statusWrite separate (an inline status write has no step of its own to fail); allowed: 0 with statusWrite inline`,
    );
  }
  return {
    scenario: controller === null ? { ...scenario, controller: CONTROLLER_VARIANTS[0] } : scenario,
    controllers: controller === null ? CONTROLLER_VARIANTS : [controller],
    notes: [
      ...(manifest?.notes ?? []),
      ...(dropped.length === 0
        ? []
        : [`note: ${dropped.join(', ')} in ${configPath} not used: --cloneset sets the CloneSet's fields (flags still override them)`]),
      ...(fitted?.note != null && flagFields.initialReplicas === undefined ? [fitted.note] : []),
    ],
  };
}
