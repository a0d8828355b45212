/**
 * The property kinds a CloneSet counterexample can name, as a runtime list so trace files can be checked
 * against it. The same four as checker/'s `Property['kind']` (model/ does not import checker/); the trace
 * types themselves are checker/'s generic TraceStep, Continuation and Violation (aliased in traces/).
 */

export const PROPERTY_KINDS = ['invariant', 'step', 'deadlock', 'convergence'] as const;
export type PropertyKind = (typeof PROPERTY_KINDS)[number];
