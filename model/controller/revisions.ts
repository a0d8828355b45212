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

/** Whether the revisions are in ascending number order already (equal numbers keep their order in a stable sort). */
export function ascendingByNumber<T>(history: readonly ControllerRevision<T>[]): boolean {
  for (let i = 1; i < history.length; i++) if (history[i - 1]!.number > history[i]!.number) return false;
  return true;
}

export function getActiveRevisions<T>(
  history: readonly ControllerRevision<T>[],
  template: T,
  newName: (template: T) => string,
  statusCurrentRevision: string,
  sameTemplate: (a: T, b: T) => boolean = Object.is,
): ActiveRevisions<T> {
  // history.SortControllerRevisions: ascending by number (a stable sort, so a list already in order is
  // its own result: the model lists its history so, and a sort with a comparator costs more than the rest).
  const sorted = ascendingByNumber(history) ? history : [...history].sort((a, b) => a.number - b.number);
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
