/**
 * What the CloneSet model adds to the generic simulator (checker/simulation/): the kind weights its walks
 * are drawn with, and generated partition lists for wide scenarios.
 */
export { CLONESET_WEIGHTS, cloneSetWeightsFor, describeWeights, KIND_WEIGHTS } from './weights.js';
export { generatePartitions } from './partitions.js';
