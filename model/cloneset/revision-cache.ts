/**
 * A lagging ControllerRevision cache (scenario `staleRevisions`; docs/model.md, "A lagging ControllerRevision
 * cache"). Upstream lists ControllerRevisions through the manager's cache (`historyutil.NewHistory(cli)`,
 * pkg/util/history/controller_history.go) and no expectation guards them, so a reconcile may run
 * `getActiveRevisions` (cloneset_controller.go) on a list that lacks the last revision write. Here the cache
 * may lack exactly that one write (a later write delivers it first: the bound that keeps the space finite),
 * until a `revision-cache-sync` step delivers it.
 */

import { getActiveRevisions, type ActiveRevisions, type ControllerRevision } from '../controller/revisions.js';
import { observationOf, revName, stateOf, type CloneSetState, type RevId, type RevisionNumbers, type SpecAndStatus } from './state.js';

/** What getActiveRevisions does on the cached list, and the revision write it makes. */
export type RevisionRead =
  | {
      readonly kind: 'read';
      readonly active: ActiveRevisions<RevId>;
      /** The API server's history after the write, ascending by number (ties in id order). */
      readonly history: readonly RevId[];
      readonly revisions: RevisionNumbers;
    }
  /**
   * The revision write fails and doReconcile returns the error before any pod write or status: the create
   * of a revision the API server has and the cache lacks (AlreadyExists, and CreateControllerRevision's Get
   * reads the same cache: NotFound), or the renumbering of a cached copy older than the server's (a
   * Conflict that RetryOnConflict's re-reads of the same cache do not resolve).
   */
  | { readonly kind: 'fails'; readonly why: 'already-exists' | 'conflict' };

const ALREADY_EXISTS: RevisionRead = Object.freeze({ kind: 'fails', why: 'already-exists' });
const CONFLICT: RevisionRead = Object.freeze({ kind: 'fails', why: 'conflict' });

/** Whether the revision cache lacks the last revision write (a revision-cache-sync step is enabled). */
export const revisionCacheLags = (s: CloneSetState): boolean => (s.observed?.revisions?.cached ?? null) !== null;

/**
 * The ControllerRevisions as the controller's cache lists them, sorted as SortControllerRevisions leaves them:
 * ascending by number, a tie in id order. (The informer lists a tie in either order; the model takes this
 * one, as it takes one pick at upstream's other free choices without `freeChoices`.)
 */
export function cachedRevisions(history: readonly RevId[], r: RevisionNumbers): ControllerRevision<RevId>[] {
  const out: ControllerRevision<RevId>[] = [];
  for (let i = 0; i < history.length; i++) {
    const n = r.cached === null ? r.numbers[i]! : r.cached[i]!;
    if (n > 0) out.push({ name: revName(history[i]!), number: n, template: history[i]! });
  }
  return out.sort((a, b) => a.number - b.number || a.template - b.template);
}

/**
 * getActiveRevisions on the cached list for the CloneSet as the controller read it, and its write to the API
 * server: a created revision takes NextRevision of the cached list, a renumbered one too — so a write from a
 * cache that lacks the last one may tie with it. After a write the cache lacks that write.
 */
export function readRevisions(history: readonly RevId[], r: RevisionNumbers, seen: SpecAndStatus): RevisionRead {
  const active = getActiveRevisions(cachedRevisions(history, r), seen.spec.template, revName, revName(seen.status.currentRevision));
  if (active.how === 'latest') return { kind: 'read', active, history, revisions: r };
  const t = seen.spec.template;
  const i = history.indexOf(t);
  if (active.how === 'created') {
    if (i >= 0) return ALREADY_EXISTS;
    return { kind: 'read', active, ...ranked([...history, t], [...r.numbers, active.update.number], [...r.numbers, 0]) };
  }
  // UpdateControllerRevision writes the cached copy, whose resourceVersion is the server's unless the
  // write the cache lacks is this revision's.
  if (r.cached !== null && r.cached[i] !== r.numbers[i]) return CONFLICT;
  const numbers = r.numbers.slice();
  numbers[i] = active.update.number;
  return { kind: 'read', active, ...ranked(history, numbers, r.numbers) };
}

/**
 * The history and its numbers in the model's normal form: numbers replaced by their dense ranks over both
 * lists, entries in ascending number, a tie in id order. Ranks keep every order and tie, and keep "one above
 * the cached list's highest" meaning what it does: the server's numbers the cache has are at most its highest,
 * and the write it lacks is at most one above it (it was made from a list no newer than the cache's).
 */
export function ranked(
  history: readonly RevId[],
  numbers: readonly number[],
  cached: readonly number[] | null,
): { readonly history: readonly RevId[]; readonly revisions: RevisionNumbers } {
  const values = [...new Set([...numbers, ...(cached ?? []).filter((n) => n > 0)])].sort((a, b) => a - b);
  const rank = (n: number): number => (n === 0 ? 0 : values.indexOf(n) + 1);
  const order = history.map((_, i) => i).sort((a, b) => numbers[a]! - numbers[b]! || history[a]! - history[b]!);
  return {
    history: order.map((i) => history[i]!),
    revisions: {
      numbers: order.map((i) => rank(numbers[i]!)),
      cached: cached === null ? null : order.map((i) => rank(cached[i]!)),
    },
  };
}

/** The revision informer delivers the last revision write (the cache must lag). */
export function syncRevisionCache(s: CloneSetState): CloneSetState {
  const o = s.observed;
  const r = o?.revisions ?? null;
  if (o === null || r === null || r.cached === null) throw new Error('the revision cache is already synced');
  const n = ranked(s.history, r.numbers, null);
  return stateOf(
    s.spec,
    s.pods,
    s.status,
    s.pending,
    n.history,
    s.stable,
    s.budgets,
    observationOf(o.lag, o.generationUnobserved, o.pendingUnobserved, o.writeFailures, o.podWriteFailures, o.pods, n.revisions),
  );
}
