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
import { cloneSetModel } from '../model/cloneset/instance.js';
import type { PropertyName } from '../model/cloneset/properties.js';
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
}

export interface PropertyOutcome {
  readonly name: string;
  readonly verdict: Verdict;
  /** Steps in the shortest counterexample (actions, not states); absent for a violation without a trace. */
  readonly traceLength?: number;
  readonly message?: string;
}

export interface RunOutcome {
  readonly controller: ControllerVariant;
  readonly scenario: Scenario;
  readonly result: ExploreResult<CloneSetState, Action>;
  readonly properties: readonly PropertyOutcome[];
  readonly verdict: Verdict;
}

/** Why a violation the parallel search found has no counterexample (ExploreResult.untraced). */
function untracedMessage(result: ExploreResult<CloneSetState, Action>): string {
  const limit = result.limit;
  if (limit === undefined) return 'found by the parallel search; the single-threaded re-run found no counterexample for it';
  const why = limit === 'cancelled' ? 'interrupted' : `the ${limit} limit stopped the run`;
  return `found by the parallel search; ${why} before its shortest counterexample was rebuilt`;
}

function propertyOutcomes(result: ExploreResult<CloneSetState, Action>): PropertyOutcome[] {
  return result.properties.map((name) => {
    const v = (result.violations ?? []).find((x) => x.property === name);
    if (v !== undefined) return { name, verdict: 'violated', traceLength: v.trace.length - 1, message: v.message };
    // Seen violated on a real state, so not 'incomplete'; only the trace is missing (no traceLength).
    if (result.untraced?.includes(name) === true) return { name, verdict: 'violated', message: untracedMessage(result) };
    // A run stopped by a limit proves nothing about the properties it has not seen fail, even when it found
    // a violation of another one (then result.verdict is 'violated'); nor does a probabilistic one.
    if (result.limit !== undefined) return { name, verdict: 'incomplete' };
    return { name, verdict: result.mode === 'compact' ? 'no-violation-found' : 'holds' };
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
  const options: ExploreOptions = {
    properties,
    maxDepth: limits.maxDepth,
    maxStates: limits.maxStates,
    timeLimitSeconds: limits.timeLimitSeconds,
    memoryLimitBytes: limits.memoryLimitBytes,
    mode: limits.hashCompact === true ? 'compact' : limits.exact === true ? 'exact' : 'fingerprint',
    stopAtFirstViolation: false,
    onProgress: hooks.onProgress,
    signal: hooks.signal,
  };
  const workers = limits.workers ?? 1;
  const result =
    workers > 1
      ? await exploreParallel<CloneSetState, Action>(modelRef(sc), options, workers)
      : await exploreAsync(cloneSetModel(sc), options);
  const props = propertyOutcomes(result);
  return { controller, scenario: sc, result, properties: props, verdict: overallVerdict(props) };
}

/**
 * The CloneSet model as worker threads load it: the compiled module next to this one. Run from the
 * TypeScript sources (tests), there is none, and parallel runs need `npm run build` first.
 */
function modelRef(scenario: Scenario): { module: string; export: string; args: [Scenario] } {
  const module = fileURLToPath(new URL('../model/cloneset/instance.js', import.meta.url));
  if (!existsSync(module)) throw new Error(`--workers needs the compiled model (${module}): run npm run build`);
  return { module, export: 'cloneSetModel', args: [scenario] };
}
