/**
 * cloneset-check as a library: the generic explorer, the CloneSet model (controller logic, scenarios,
 * properties) and the trace tools. The CLI is built on exactly these.
 */
export * from './checker/index.js';
export * from './model/controller/index.js';
export { cloneSetModel, initialState, type CloneSetModel, type ModelOptions } from './model/cloneset/instance.js';
export { DEFAULT_SCENARIO, type Scenario, type StatusWriteMode, type ActionBudgets } from './model/cloneset/scenario.js';
export { ACTION_DOCS, ACTION_KINDS, actionLabel, actorOf, applyAction, enabledActions, type Action, type ActionKind, type Actor } from './model/cloneset/actions.js';
export { PROPERTY_NAMES, cloneSetProperties, type CloneSetProperty, type PropertyName } from './model/cloneset/properties.js';
export { describePod, revName, type CloneSetState, type Pod, type Spec, type Status } from './model/cloneset/state.js';
export { viewOf, type ScenarioView } from './model/cloneset/view.js';
export * as traces from './traces/index.js';
