/**
 * Models `getActiveRevisions` (pkg/controller/cloneset/cloneset_controller.go): the live
 * template mints a new ControllerRevision, reuses the latest, or renumbers an older equal one (rollback);
 * currentRevision is the listed revision named by status.currentRevision, else the update revision.
 */

export interface ControllerRevision<T> {
  readonly name: string;
  readonly number: number;
  /** The revision's content: equal content ⇔ equal template. */
  readonly template: T;
}

export interface ActiveRevisions<T> {
  readonly history: readonly ControllerRevision<T>[];
  readonly current: ControllerRevision<T>;
  readonly update: ControllerRevision<T>;
  /** How the update revision was obtained. */
  readonly how: 'latest' | 'renumbered' | 'created';
}

/** Models `NextRevision`: highest number + 1 (1 for an empty history). */
export function nextRevisionNumber<T>(history: readonly ControllerRevision<T>[]): number {
  return history.reduce((m, r) => Math.max(m, r.number), 0) + 1;
}

/**
 * history.SortControllerRevisions: ascending by number (upstream breaks a tie by CreationTimestamp, then name:
 * the model's lists come with ties already in that order, revision-cache.ts, so a stable sort keeps it). A list
 * already in that order (the model always lists its history so) is its own result, returned as it is: a sort
 * with a comparator cost more than the rest of the revision logic.
 */
export function byNumber<T>(history: readonly ControllerRevision<T>[]): readonly ControllerRevision<T>[] {
  for (let i = 1; i < history.length; i++)
    if (history[i - 1]!.number > history[i]!.number) return [...history].sort((a, b) => a.number - b.number);
  return history;
}

export function getActiveRevisions<T>(
  history: readonly ControllerRevision<T>[],
  template: T,
  newName: (template: T) => string,
  statusCurrentRevision: string,
  sameTemplate: (a: T, b: T) => boolean = Object.is,
): ActiveRevisions<T> {
  const sorted = byNumber(history);
  const next = nextRevisionNumber(sorted);
  const equal = sorted.filter((r) => sameTemplate(r.template, template));
  const latest = sorted[sorted.length - 1];
  const lastEqual = equal[equal.length - 1];
  let update: ControllerRevision<T>;
  let how: ActiveRevisions<T>['how'];
  let updatedHistory: readonly ControllerRevision<T>[];
  if (lastEqual !== undefined && latest !== undefined && sameTemplate(latest.template, lastEqual.template)) {
    update = latest;
    how = 'latest';
    updatedHistory = sorted;
  } else if (lastEqual !== undefined) {
    update = { ...lastEqual, number: next };
    how = 'renumbered';
    updatedHistory = [...sorted.filter((r) => r !== lastEqual), update];
  } else {
    update = { name: newName(template), number: next, template };
    how = 'created';
    updatedHistory = [...sorted, update];
  }
  // The current revision is looked up among the revisions listed *before* this reconcile wrote any.
  const current = sorted.find((r) => r.name === statusCurrentRevision) ?? update;
  return { history: updatedHistory, current, update, how };
}
