/**
 * cloneset-check as a library: the generic explorer, the CloneSet model (scenarios, actions, properties,
 * controller variants) and the trace tools. Every name is listed here on purpose (test/library.test.ts
 * pins them): the engine's own parts (the Explorer class, the tables, the parallel workers' protocol) and
 * the controller layer under the model (model/controller/) stay internal, so they can change freely.
 */

// The generic explorer: any model that implements `Model`.
export { explore, exploreAsync, exploreParallel, fingerprintState, OK } from './checker/index.js';
export type {
  ActionClass,
  CancelSignal,
  Continuation,
  ExploreOptions,
  ExploreResult,
  ExploreStats,
  Fingerprint,
  Limit,
  Model,
  ModelFactoryRef,
  Progress,
  Property,
  PropertyResult,
  TraceStep,
  Verdict,
  Violation,
  VisitedMode,
  WitnessOutcome,
} from './checker/index.js';

// The generic simulator: random walks of any `Model` far beyond exhaustive bounds, shrunk counterexamples.
export { simulate, weightedChooser } from './checker/simulation/index.js';
export type {
  Choice,
  Chooser,
  KindWeights,
  SimulationCoverage,
  SimulationFinding,
  SimulationOptions,
  SimulationResult,
} from './checker/simulation/index.js';

// The CloneSet model.
export { cloneSetModel, initialState, type CloneSetModel, type ModelOptions } from './model/cloneset/instance.js';
export {
  DEFAULT_SCENARIO,
  type Scenario,
  type StatusWriteMode,
  type ActionBudgets,
  type ModelPodUpdatePolicy,
} from './model/cloneset/scenario.js';
export {
  ACTION_DOCS,
  ACTION_KINDS,
  actionLabel,
  actorOf,
  applyAction,
  enabledActions,
  type Action,
  type ActionKind,
  type Actor,
} from './model/cloneset/actions.js';
export {
  DEFAULT_PROPERTY_NAMES,
  PROPERTY_NAMES,
  WITNESS_NAMES,
  WITNESS_OF,
  cloneSetProperties,
  type CloneSetProperty,
  type PropertyName,
  type WitnessName,
} from './model/cloneset/properties.js';
export { describePod, revName, type CloneSetState, type Pod, type Spec, type Status } from './model/cloneset/state.js';
export { viewOf, type ScenarioView } from './model/cloneset/view.js';
export { CLONESET_WEIGHTS } from './model/simulation/index.js';
// What a scenario's `controller` and ModelOptions' `promotionRule` name, and a scenario's int-or-percent fields.
export {
  CONTROLLER_VARIANTS,
  VARIANTS,
  isControllerVariant,
  type ControllerVariant,
  type VariantInfo,
} from './model/controller/promotion.js';
export type { PromotionInput, PromotionRule } from './model/controller/status.js';
export type { IntOrString } from './model/controller/types.js';

// Trace documents, replay and renderings (traces/index.ts lists them).
export * as traces from './traces/index.js';
