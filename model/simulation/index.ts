/**
 * What the CloneSet model adds to the generic simulator (checker/simulation/): the kind weights its walks
 * are drawn with, and generated partition lists for wide scenarios.
 */
export { CLONESET_WEIGHTS, describeWeights, KIND_WEIGHTS, weightsFor } from './weights.js';
export { generatePartitions } from './partitions.js';
