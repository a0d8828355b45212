/**
 * The shape of what a run reports: verdict, at most one headline violation (with trace), statistics. The
 * trace types here (TraceStep, Continuation, Violation) are the only ones: the simulator (simulation/)
 * reports with them too, and traces/ names their CloneSet instantiations.
 */

import type { ViolableKind } from './types.js';

/**
 * The outcome of a check, for a whole run or for one property (cli/run.ts): holds within the bounds,
 * violated (with a counterexample), incomplete (a limit stopped the run first), or no-violation-found: a
 * probabilistic search (mode 'compact') ended without a violation, which proves nothing — it may have
 * merged states away (ExploreStats.estimatedCoverage).
 */
export type Verdict = 'holds' | 'violated' | 'incomplete' | 'no-violation-found';

/** What stopped a run early. Any limit makes the verdict 'incomplete' unless a violation was found. */
export type Limit = 'maxDepth' | 'maxStates' | 'time' | 'memory' | 'cancelled';

/**
 * One step of a trace: the action taken (null for the initial state) and the state reached, as the
 * canonical representative `decode(encode(next(previous, action)))` in the explorer's traces, and as
 * `next` returns it in the simulator's. Each action is one of `model.actions(previous.state)`, so a trace
 * replays exactly.
 */
export interface TraceStep<S, A> {
  readonly action: A | null;
  readonly state: S;
}

/**
 * For a convergence violation: what the system does on its own from the stuck state (the trace's last
 * state), always taking the first enabled system action. Positions along it are counted with 0 = the
 * stuck state and k = the state after `steps[k-1]`.
 */
export type Continuation<S, A> =
  | { readonly end: 'deadEnd'; readonly steps: readonly TraceStep<S, A>[] }
  /** The last step returns to position `cycleStart`; the states from there on repeat forever. */
  | { readonly end: 'cycle'; readonly steps: readonly TraceStep<S, A>[]; readonly cycleStart: number };

export interface Violation<S, A> {
  readonly property: string;
  readonly kind: ViolableKind;
  readonly message: string;
  readonly trace: readonly TraceStep<S, A>[];
  readonly continuation?: Continuation<S, A>;
}

/**
 * What a search learned about one `sometimes` property: reached (the steps of a shortest trace to its
 * first witness: a state, or a transition's target; the trace itself where the search can rebuild it,
 * which exploreParallel does not), unreached (the search was complete: no reachable state or transition
 * within the bounds is a witness), or unknown (a limit, or a stop at a violation, ended the search first).
 */
export type WitnessOutcome<S, A> =
  | { readonly property: string; readonly status: 'reached'; readonly steps: number; readonly trace?: readonly TraceStep<S, A>[] }
  | { readonly property: string; readonly status: 'unreached' | 'unknown' };

export interface ExploreStats {
  readonly states: number;
  /** Transitions generated (`next` calls), including those into already-visited states. */
  readonly transitions: number;
  /** Depth of the deepest state stored. */
  readonly depth: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  /** Transitions by `actionKind`, keys sorted. */
  readonly perActionKind: Record<string, number>;
  /** Fingerprint mode only: estimated probability that two distinct states were merged. */
  readonly collisionProbability?: number;
  /**
   * Compact mode only: estimated share of the reached states that were stored (not merged away by a key
   * collision), and the estimated number merged away (checker/compact.ts compactCoverage).
   */
  readonly estimatedCoverage?: number;
  readonly estimatedOmitted?: number;
  /** Largest total size of the explorer's typed arrays (visited table, frontier, edges). */
  readonly peakTableBytes?: number;
  /** peakTableBytes / states. */
  readonly bytesPerState?: number;
  /** Threads that produced these figures (exploreParallel; 1 when it re-ran single-threaded for a trace). */
  readonly workers?: number;
  /** exploreParallel after a violation: seconds spent in parallel before the single-threaded re-run. */
  readonly parallelSeconds?: number;
  /** A run asked for partial-order reduction (ExploreOptions.reduction); absent otherwise. */
  readonly reduction?: ReductionStats;
}

export interface ReductionStats {
  /** Whether the model and the checked properties allowed a reduction at all (checker/reduction.ts). */
  readonly applied: boolean;
  /** States expanded through a proper persistent set rather than all their actions. */
  readonly reducedExpansions: number;
  /**
   * When the reduced search found a violation, the figures above are those of the unreduced re-run that
   * rebuilt the shortest counterexamples, and these the reduced search's.
   */
  readonly reducedSearch?: { readonly states: number; readonly transitions: number; readonly seconds: number };
}

export interface ExploreResult<S, A> {
  readonly verdict: Verdict;
  /** The shortest violation found (ties: the first found). */
  readonly violation?: Violation<S, A>;
  /** Every violation recorded (one per property at most), shortest first. */
  readonly violations?: readonly Violation<S, A>[];
  /**
   * exploreParallel, or a search with `reduction`: properties its workers (or the reduced search) saw
   * violated that have no counterexample here, in model order, because the single-threaded unreduced re-run
   * that rebuilds shortest counterexamples was interrupted or stopped by a limit first (see `limit`;
   * without one, a fingerprint collision made the re-run miss them). They are
   * violated, but without a trace they do not make the verdict 'violated'. Absent when every violation
   * seen has its counterexample.
   */
  readonly untraced?: readonly string[];
  readonly stats: ExploreStats;
  readonly limit?: Limit;
  /** Names of the properties checked, in model order (`sometimes` properties are in `witnesses` instead). */
  readonly properties: readonly string[];
  /** One per `sometimes` property checked, in model order; absent when none was. */
  readonly witnesses?: readonly WitnessOutcome<S, A>[];
  readonly mode: 'fingerprint' | 'exact' | 'compact';
}
