/**
 * What the simulator reports, shaped structurally like the checker's Violation and TraceStep (model/ may
 * not import checker/), so a simulation counterexample is written and replayed by traces/ exactly like an
 * explorer counterexample.
 */
import type { CloneSetContinuation, CloneSetStep, CloneSetViolation } from '../cloneset/trace.js';

export type SimStep = CloneSetStep;
export type SimContinuation = CloneSetContinuation;
export type SimViolation = CloneSetViolation;
