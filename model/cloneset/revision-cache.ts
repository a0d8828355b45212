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
      /** The API server's history after the write, ascending by number (a tie by creation). */
      readonly history: readonly RevId[];
      /** The numbers and cache after the write; null without staleRevisions (reconcile.ts reads the history as it is). */
      readonly revisions: RevisionNumbers | null;
      /** The names the cache listed (before the write), when it lacks one; absent when it lists every revision. */
      readonly listed?: readonly string[];
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
 * The ControllerRevisions as the controller's cache lists them, sorted as SortControllerRevisions sorts them:
 * ascending by number, a tie by creation (CreationTimestamp: the older first). (Two created within one second
 * tie again and go by name, a hash: with freeChoices a reconcile also reads a tie at the top in the other
 * order, reconcile.ts withTieOrders.)
 */
export function cachedRevisions(history: readonly RevId[], r: RevisionNumbers): ControllerRevision<RevId>[] {
  const out: { readonly entry: ControllerRevision<RevId>; readonly created: number }[] = [];
  for (let i = 0; i < history.length; i++) {
    const n = r.cached === null ? r.numbers[i]! : r.cached[i]!;
    if (n > 0) out.push({ entry: { name: revName(history[i]!), number: n, template: history[i]! }, created: r.created[i]! });
  }
  return out.sort((a, b) => a.entry.number - b.entry.number || a.created - b.created).map((x) => x.entry);
}

const topTied = (list: readonly ControllerRevision<RevId>[]): boolean =>
  list.length >= 2 && list[list.length - 1]!.number === list[list.length - 2]!.number;

/**
 * Whether the cached list's two latest revisions share a number: which of them is the latest is then up to
 * their creation times, which two creations within one second share (then their hashed names decide), so
 * with freeChoices either may be.
 */
export const revisionTopTied = (s: CloneSetState): boolean =>
  s.observed?.revisions != null && topTied(cachedRevisions(s.history, s.observed.revisions));

/**
 * getActiveRevisions on the cached list for the CloneSet as the controller read it, and its write to the API
 * server: a created revision takes NextRevision of the cached list, a renumbered one too — so a write from a
 * cache that lacks the last one may tie with it. After a write the cache lacks that write.
 */
export function readRevisions(history: readonly RevId[], r: RevisionNumbers, seen: SpecAndStatus, tieSwapped = false): RevisionRead {
  const list = cachedRevisions(history, r);
  // The other order of a tie at the top (freeChoices): two created within one second go by their hashed names.
  if (tieSwapped && topTied(list)) list.push(list.splice(list.length - 2, 1)[0]!);
  const active = getActiveRevisions(list, seen.spec.template, revName, revName(seen.status.currentRevision));
  // What Update's in-place lookup reads (the list from before the write): only where it lacks a revision.
  const listed = r.cached === null || list.length === history.length ? {} : { listed: list.map((x) => x.name) };
  if (active.how === 'latest') return { kind: 'read', active, history, revisions: r, ...listed };
  const t = seen.spec.template;
  const i = history.indexOf(t);
  if (active.how === 'created') {
    if (i >= 0) return ALREADY_EXISTS;
    const created = [...r.created, history.length + 1];
    return {
      kind: 'read',
      active,
      ...ranked([...history, t], [...r.numbers, active.update.number], [...r.numbers, 0], created),
      ...listed,
    };
  }
  // UpdateControllerRevision writes the cached copy, whose resourceVersion is the server's unless the
  // write the cache lacks is this revision's.
  if (r.cached !== null && r.cached[i] !== r.numbers[i]) return CONFLICT;
  const numbers = r.numbers.slice();
  numbers[i] = active.update.number;
  return { kind: 'read', active, ...ranked(history, numbers, r.numbers, r.created), ...listed };
}

/**
 * The history and its numbers in the model's normal form: numbers replaced by their dense ranks over both
 * lists, entries in ascending number, a tie by creation (SortControllerRevisions' order). Ranks keep every
 * order and tie, and keep "one above the cached list's highest" meaning what it does: the server's numbers
 * the cache has are at most its highest, and the write it lacks is at most one above it (it was made from a
 * list no newer than the cache's).
 */
export function ranked(
  history: readonly RevId[],
  numbers: readonly number[],
  cached: readonly number[] | null,
  created: readonly number[],
): { readonly history: readonly RevId[]; readonly revisions: RevisionNumbers } {
  const values = [...new Set([...numbers, ...(cached ?? []).filter((n) => n > 0)])].sort((a, b) => a - b);
  const rank = (n: number): number => (n === 0 ? 0 : values.indexOf(n) + 1);
  const order = history.map((_, i) => i).sort((a, b) => numbers[a]! - numbers[b]! || created[a]! - created[b]!);
  const births = [...created].sort((a, b) => a - b);
  return {
    history: order.map((i) => history[i]!),
    revisions: {
      numbers: order.map((i) => rank(numbers[i]!)),
      cached: cached === null ? null : order.map((i) => rank(cached[i]!)),
      created: order.map((i) => births.indexOf(created[i]!) + 1),
    },
  };
}

/** The revision informer delivers the last revision write (the cache must lag). */
export function syncRevisionCache(s: CloneSetState): CloneSetState {
  const o = s.observed;
  const r = o?.revisions ?? null;
  if (o === null || r === null || r.cached === null) throw new Error('the revision cache is already synced');
  const n = ranked(s.history, r.numbers, null, r.created);
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
