/**
 * Entry points: `explore` runs a search to the end on the calling thread; `exploreAsync` runs the same
 * search in time slices, yielding to the event loop between them so signal handlers (Ctrl-C) and timers
 * can fire and set the cancel signal. Both give identical results for identical inputs. `rerunAsync` is
 * exploreAsync with the options only exploreParallel passes (not exported by checker/index.ts).
 */

import { Explorer } from './explorer.js';
import type { ExploreOptions, RerunOptions } from './options.js';
import type { ExploreResult } from './result.js';
import type { Model } from './types.js';

export function explore<S, A>(model: Model<S, A>, options: ExploreOptions<S, A> = {}): ExploreResult<S, A> {
  const e = new Explorer(model, options);
  e.runSlice(Infinity);
  const r = e.result();
  if (!needsUnreducedRerun(r)) return r;
  const full = new Explorer(model, { ...options, reduction: false });
  full.runSlice(Infinity);
  return fromRerun(full.result(), r, options.stopAtFirstViolation ?? true);
}

export function exploreAsync<S, A>(model: Model<S, A>, options: ExploreOptions<S, A> = {}, sliceMs = 50): Promise<ExploreResult<S, A>> {
  return rerunAsync(model, options, sliceMs);
}

export async function rerunAsync<S, A>(model: Model<S, A>, options: RerunOptions<S, A>, sliceMs = 50): Promise<ExploreResult<S, A>> {
  const r = await runAsync(model, options, sliceMs);
  if (!needsUnreducedRerun(r)) return r;
  return fromRerun(await runAsync(model, { ...options, reduction: false }, sliceMs), r, options.stopAtFirstViolation ?? true);
}

async function runAsync<S, A>(model: Model<S, A>, options: RerunOptions<S, A>, sliceMs: number): Promise<ExploreResult<S, A>> {
  const e = new Explorer(model, options);
  while (!e.runSlice(sliceMs)) await new Promise<void>((resolve) => setImmediate(resolve));
  return e.result();
}

/**
 * A reduced search whose answer may differ from the unreduced search's, so that an unreduced search of the
 * same scope reports instead (checker/reduction.ts): one that found a violation (its counterexamples need
 * not be shortest: the reduced graph lacks some paths), and one a bound of the scope stopped (maxDepth,
 * maxStates, memory). A path of the reduced graph may be longer than a shortest path to the same state, and
 * the states a reduced search takes within a bound are not the unreduced search's, so within the bound the
 * unreduced search may reach a violation the reduced one did not (whose verdict was then 'incomplete' where
 * the unreduced one is 'violated'). Not after a time limit or a cancel: they ask the search to stop, they do
 * not bound its scope.
 */
function needsUnreducedRerun<S, A>(r: ExploreResult<S, A>): boolean {
  if (r.stats.reduction === undefined || r.stats.reduction.reducedExpansions === 0) return false;
  return r.violations !== undefined || r.limit === 'maxDepth' || r.limit === 'maxStates' || r.limit === 'memory';
}

/**
 * The unreduced re-run's result, with the reduced search's own figures kept beside its own. A property the
 * reduced search found violated and the re-run has no counterexample for is listed in `untraced`, as
 * exploreParallel lists its own (it is violated, and its shortest counterexample is not known), where the
 * re-run should have had one: a limit stopped it first (the re-run explores more states), or it searched to
 * its end (a fingerprint collision hid it). It was once dropped, leaving the verdict incomplete. Not where
 * the re-run stopped at its own first violation (stopAtFirstViolation, no limit): that is the unreduced
 * search's answer as it stands, which says nothing of the properties it had no need to reach.
 */
function fromRerun<S, A>(full: ExploreResult<S, A>, reduced: ExploreResult<S, A>, stopAtFirstViolation: boolean): ExploreResult<S, A> {
  const rs = reduced.stats;
  const reduction = {
    applied: true,
    reducedExpansions: rs.reduction?.reducedExpansions ?? 0,
    reducedSearch: { states: rs.states, transitions: rs.transitions, seconds: rs.seconds },
  };
  const stoppedAtViolation = stopAtFirstViolation && full.limit === undefined && full.violations !== undefined;
  const traced = new Set((full.violations ?? []).map((v) => v.property));
  const seen = new Set([...(full.untraced ?? []), ...(stoppedAtViolation ? [] : (reduced.violations ?? []).map((v) => v.property))]);
  const untraced = full.properties.filter((name) => seen.has(name) && !traced.has(name));
  return { ...full, ...(untraced.length > 0 ? { untraced } : {}), stats: { ...full.stats, reduction } };
}
