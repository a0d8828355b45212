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
  return e.result();
}

export function exploreAsync<S, A>(model: Model<S, A>, options: ExploreOptions<S, A> = {}, sliceMs = 50): Promise<ExploreResult<S, A>> {
  return rerunAsync(model, options, sliceMs);
}

export async function rerunAsync<S, A>(model: Model<S, A>, options: RerunOptions<S, A>, sliceMs = 50): Promise<ExploreResult<S, A>> {
  const e = new Explorer(model, options);
  while (!e.runSlice(sliceMs)) await new Promise<void>((resolve) => setImmediate(resolve));
  return e.result();
}
