/** Public API of the simulator: random walks of the CloneSet model, generated and shrunk by fast-check. */
export type { Choice } from './choice.js';
export { choiceArbitrary, describeWeights, KIND_WEIGHTS, PICK_RANGE, resolveChoice } from './choice.js';
export type { Convergence } from './convergence.js';
export { systemConvergence } from './convergence.js';
export type { StateKey } from './keys.js';
export { stateKeyOf } from './keys.js';
export { generatePartitions } from './partitions.js';
export { sequenceArbitrary } from './sequence.js';
export type { SimulationCoverage, SimulationFinding, SimulationOptions, SimulationResult } from './simulate.js';
export { selectProperties, simulate } from './simulate.js';
export type { SimContinuation, SimStep, SimViolation } from './types.js';
export type { WalkOptions, WalkResult } from './walk.js';
export { traceSteps, walk } from './walk.js';
