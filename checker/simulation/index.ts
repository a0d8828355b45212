/**
 * Public API of the simulator: random walks of any `Model`, drawn through a Chooser from fast-check's
 * choice sequences and shrunk by fast-check; convergence decided by a bounded system-only search.
 */
export type { Choice, Chooser, KindWeights } from './choice.js';
export { choiceArbitrary, PICK_RANGE, weightedChooser } from './choice.js';
export type { Convergence } from './convergence.js';
export { systemConvergence } from './convergence.js';
export type { StateKey } from '../state-key.js';
export { stateKeyOf } from '../state-key.js';
export { sequenceArbitrary } from './sequence.js';
export type { SimulationCoverage, SimulationFinding, SimulationOptions, SimulationResult, SimulationWitness } from './simulate.js';
export { simulate } from './simulate.js';
export { selectProperties } from '../select.js';
export type { WalkOptions, WalkResult } from './walk.js';
export { traceSteps, walk } from './walk.js';
