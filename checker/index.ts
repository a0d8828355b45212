/**
 * What the rest of the code (cli/, bench/, tests) uses of the generic explicit-state checker. The package's
 * public API is ../index.ts, which picks from these by name.
 */

export type { ActionClass, Fingerprint, Model, Property, PropertyResult } from './types.js';
export { OK } from './types.js';
export type { CancelSignal, EdgeVisitor, ExploreOptions, Progress, StateVisitor, VisitedMode } from './options.js';
export type {
  Continuation,
  ExploreResult,
  ExploreStats,
  Limit,
  ReductionStats,
  TraceStep,
  Verdict,
  Violation,
  WitnessOutcome,
} from './result.js';
export { explore, exploreAsync } from './explore.js';
export { Explorer } from './explorer.js';
export { exploreParallel } from './parallel/explore-parallel.js';
export type { ModelFactoryRef } from './parallel/protocol.js';
export { collisionProbability, fingerprintOf, fingerprintState } from './fingerprint.js';
export { stateKeyOf, type StateKey } from './state-key.js';
