/**
 * Runs the explorer on one scenario for each chosen controller variant and sorts the result into
 * per-property verdicts. No printing here: commands decide how to present outcomes.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  exploreAsync,
  exploreParallel,
  type CancelSignal,
  type ExploreOptions,
  type ExploreResult,
  type Progress,
  type Verdict,
} from '../checker/index.js';
import type { ControllerVariant } from '../model/controller/promotion.js';
import type { Action } from '../model/cloneset/actions.js';
import { cloneSetModel, replayWithCounts, type ModelOptions } from '../model/cloneset/instance.js';
import {
  defaultPropertyNames,
  statusCountsDead,
  WITNESS_OF,
  WITNESS_SUBJECT,
  witnessesOf,
  type PropertyName,
  type WitnessName,
} from '../model/cloneset/properties.js';
import type { Scenario } from '../model/cloneset/scenario.js';
import type { CloneSetState } from '../model/cloneset/state.js';

export interface Limits {
  readonly maxDepth?: number | undefined;
  readonly maxStates?: number | undefined;
  readonly timeLimitSeconds?: number | undefined;
  readonly memoryLimitBytes?: number | undefined;
  readonly exact?: boolean | undefined;
  /** Hash compaction (checker mode 'compact'): probabilistic, verdicts 'no-violation-found' at best. */
  readonly hashCompact?: boolean | undefined;
  /** Threads (exploreParallel when more than 1). */
  readonly workers?: number | undefined;
  /** Partial-order reduction (ExploreOptions.reduction; single-threaded). */
  readonly reduction?: boolean | undefined;
}

/**
 * Whether the behaviour a property constrains happened (its witness, WITNESS_OF): reached in `steps`
 * (the shortest), unreached in a complete search (a "holds" is then vacuous), or unknown (the run stopped first).
 */
export interface WitnessView {
  readonly name: WitnessName;
  /** What was reached, in words: "promotion". */
  readonly subject: string;
  readonly status: 'reached' | 'unreached' | 'unknown';
  readonly steps?: number;
}

export interface PropertyOutcome {
  readonly name: string;
  readonly verdict: Verdict;
  /** Steps in the shortest counterexample (actions, not states); absent for a violation without a trace. */
  readonly traceLength?: number;
  readonly message?: string;
  /** The property's witness, if it has one. */
  readonly witness?: WitnessView;
}

export interface RunOutcome {
  readonly controller: ControllerVariant;
  readonly scenario: Scenario;
  readonly result: ExploreResult<CloneSetState, Action>;
  readonly properties: readonly PropertyOutcome[];
  readonly verdict: Verdict;
}

/** Why a violation the parallel or the reduced search found has no counterexample (ExploreResult.untraced). */
function untracedMessage(result: ExploreResult<CloneSetState, Action>): string {
  const limit = result.limit;
  const by = result.stats.reduction?.applied === true ? 'the reduced search' : 'the parallel search';
  if (limit === undefined) return `found by ${by}; the single-threaded re-run found no counterexample for it`;
  const why = limit === 'cancelled' ? 'interrupted' : `the ${limit} limit stopped the run`;
  return `found by ${by}; ${why} before its shortest counterexample was rebuilt`;
}

function witnessView(result: ExploreResult<CloneSetState, Action>, name: string): { witness?: WitnessView } {
  const w = WITNESS_OF[name as PropertyName] ?? null;
  const outcome = w === null ? undefined : result.witnesses?.find((x) => x.property === w);
  if (w === null || outcome === undefined) return {};
  const subject = WITNESS_SUBJECT[w];
  return {
    witness:
      outcome.status === 'reached'
        ? { name: w, subject, status: 'reached', steps: outcome.steps }
        : { name: w, subject, status: outcome.status },
  };
}

function propertyOutcomes(result: ExploreResult<CloneSetState, Action>): PropertyOutcome[] {
  return result.properties.map((name) => {
    const witness = witnessView(result, name);
    const v = (result.violations ?? []).find((x) => x.property === name);
    if (v !== undefined) return { name, verdict: 'violated', traceLength: v.trace.length - 1, message: v.message, ...witness };
    // Seen violated on a real state, so not 'incomplete'; only the trace is missing (no traceLength).
    if (result.untraced?.includes(name) === true) return { name, verdict: 'violated', message: untracedMessage(result), ...witness };
    // A run stopped by a limit proves nothing about the properties it has not seen fail, even when it found
    // a violation of another one (then result.verdict is 'violated'); nor does a probabilistic one.
    if (result.limit !== undefined) return { name, verdict: 'incomplete', ...witness };
    return { name, verdict: result.mode === 'compact' ? 'no-violation-found' : 'holds', ...witness };
  });
}

function overallVerdict(props: readonly PropertyOutcome[]): Verdict {
  if (props.some((p) => p.verdict === 'violated')) return 'violated';
  if (props.some((p) => p.verdict === 'incomplete')) return 'incomplete';
  if (props.some((p) => p.verdict === 'no-violation-found')) return 'no-violation-found';
  return 'holds';
}

export async function runCheck(
  scenario: Scenario,
  controller: ControllerVariant,
  properties: readonly PropertyName[] | undefined,
  limits: Limits,
  hooks: { readonly onProgress?: ((p: Progress) => void) | undefined; readonly signal?: CancelSignal | undefined },
): Promise<RunOutcome> {
  const sc: Scenario = { ...scenario, controller };
  // The chosen properties and, beside them, their witnesses (opt-in in the model: named here). Not with
  // --reduction: a reduced search keeps neither the witnesses' shortest lengths nor, without a visibility
  // argument for each, whether they are reached, so it would refuse to reduce at all (checker/reduction.ts).
  const chosen = properties ?? defaultPropertyNames(sc);
  const options: ExploreOptions = {
    properties: limits.reduction === true ? chosen : [...chosen, ...witnessesOf(chosen)],
    maxDepth: limits.maxDepth,
    maxStates: limits.maxStates,
    timeLimitSeconds: limits.timeLimitSeconds,
    memoryLimitBytes: limits.memoryLimitBytes,
    mode: limits.hashCompact === true ? 'compact' : limits.exact === true ? 'exact' : 'fingerprint',
    reduction: limits.reduction === true,
    stopAtFirstViolation: false,
    onProgress: hooks.onProgress,
    signal: hooks.signal,
  };
  const workers = limits.workers ?? 1;
  // No checked property reads the status counts: keep them out of the state (docs/performance.md, "Dead
  // status counts"), and give the report's counterexamples their true counts by replaying them.
  const modelOptions: ModelOptions = { projectStatusCounts: statusCountsDead(properties, sc) };
  const found =
    workers > 1
      ? await exploreParallel<CloneSetState, Action>(modelRef(sc, modelOptions), options, workers)
      : await exploreAsync(cloneSetModel(sc, modelOptions), options);
  const result = modelOptions.projectStatusCounts === true ? withCounts(sc, found) : found;
  const props = propertyOutcomes(result);
  return { controller, scenario: sc, result, properties: props, verdict: overallVerdict(props) };
}

/**
 * The CloneSet model as worker threads load it: the compiled module next to this one. Run from the
 * TypeScript sources (tests), there is none, and parallel runs need `npm run build` first.
 */
function modelRef(scenario: Scenario, options: ModelOptions): { module: string; export: string; args: [Scenario, ModelOptions] } {
  const module = fileURLToPath(new URL('../model/cloneset/instance.js', import.meta.url));
  if (!existsSync(module)) throw new Error(`--workers needs the compiled model (${module}): run npm run build`);
  return { module, export: 'cloneSetModel', args: [scenario, options] };
}

/** A result found with the status counts projected away, its counterexamples replayed with their counts. */
function withCounts(scenario: Scenario, r: ExploreResult<CloneSetState, Action>): ExploreResult<CloneSetState, Action> {
  if (r.violations === undefined) return r;
  const full = cloneSetModel(scenario);
  const violations = r.violations.map((v) => ({ ...v, trace: replayWithCounts(full, v.trace) }));
  return { ...r, violations, violation: violations[0]! };
}
