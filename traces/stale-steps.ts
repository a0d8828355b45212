/**
 * Which reconciles of a trace owe their outcome to a lagging cache: read from a CloneSet cache behind the
 * API server (`staleReads`), a ControllerRevision cache without the last write (`staleRevisions`) or a pod
 * cache behind the pods (expectations upstream/timeout), where no outcome
 * of the same reconcile with both caches caught up is the trace's. A cluster's caches cannot be made to lag
 * on demand, so the kubectl script stops before it would wait for what such a reconcile did (no verdict).
 */
import { isFailingReconcile } from '../model/cloneset/actions.js';
import { reconcileChoices } from '../model/cloneset/reconcile.js';
import { revisionCacheLags, syncRevisionCache } from '../model/cloneset/revision-cache.js';
import { podCode, sameCountsAndRevisions, type CloneSetState, type Status } from '../model/cloneset/state.js';
import type { ScenarioView } from '../model/cloneset/view.js';
import type { TraceStepDoc } from './document.js';

/** `s` as a controller whose caches have caught up sees it: no lagging CloneSet version, no pod entry, every revision. */
function caughtUp(s: CloneSetState): CloneSetState {
  const t = revisionCacheLags(s) ? syncRevisionCache(s) : s;
  const o = t.observed;
  return o === null ? t : { ...t, observed: { ...o, lag: [], pods: [] } };
}

const lags = (s: CloneSetState): boolean =>
  s.observed !== null && (s.observed.lag.length > 0 || s.observed.pods.length > 0 || revisionCacheLags(s));

const podCodes = (s: CloneSetState): string =>
  s.pods
    .map(podCode)
    .sort((x, y) => x - y)
    .join(',');

/** Equal counts, revisions and condition reason; a condition's time rank is the caches' own bookkeeping. */
function sameWritten(a: Status | null, b: Status | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    sameCountsAndRevisions(a, b) && a.progressing?.reason === b.progressing?.reason && a.progressing?.expired === b.progressing?.expired
  );
}

/** Whether the reconcile from `before` to `after` is one a controller with caught-up caches could take. */
function freshMayTake(v: ScenarioView, before: CloneSetState, after: CloneSetState): boolean {
  const pods = podCodes(after);
  return reconcileChoices(v, caughtUp(before)).some(
    (c) =>
      podCodes(c.state) === pods &&
      sameWritten(c.state.pending, after.pending) &&
      sameWritten(c.state.status, after.status) &&
      c.state.history.join() === after.history.join(),
  );
}

/** Whether the reconcile from `before` to `after` read a lagging cache and no controller with caught-up caches would take it. */
export function needsLaggingCache(v: ScenarioView, before: CloneSetState, after: CloneSetState): boolean {
  return lags(before) && !freshMayTake(v, before, after);
}

/**
 * The indices of the steps that are reconciles read from a lagging cache whose outcome no reconcile with
 * caught-up caches has. A reconcile whose pod write the API server refuses is left out: the script says of
 * those already that a cluster lands the write.
 */
export function staleReconciles(v: ScenarioView, steps: readonly TraceStepDoc[]): readonly number[] {
  const out: number[] = [];
  for (let i = 1; i < steps.length; i++) {
    const a = steps[i]!.action;
    if (a?.kind !== 'reconcile' || isFailingReconcile(a)) continue;
    if (needsLaggingCache(v, steps[i - 1]!.state, steps[i]!.state)) out.push(steps[i]!.index);
  }
  return out;
}
