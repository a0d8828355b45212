/**
 * Upstream's free choices: the places where the controller's order is unspecified. Go's `sort.Sort` and
 * `sort.Slice` are not stable, the informer's pod list has no defined order, and the same-node ranker ranks
 * by node placement; so among pods that the keys cannot tell apart, any may come first. A `TieBreaker`
 * decides each such choice. Without one, every choice is the canonical pick (pod-list order), which is what
 * the sync functions did before free choices existed; `enumerateChoices` runs a decision once per distinct
 * sequence of picks, so a caller can branch over every outcome upstream could produce.
 */

/** Where upstream leaves an order open. */
export type FreeChoiceSite =
  /** `choosePodsToDelete` sorting a group (`sort.Sort` over `ActivePodsWithRanks`): unstable, and the same-node ranker's ranks are unknown. */
  | 'scale-down-order'
  /** `choosePodsToDelete` deleting a whole group: no sort, so the pod list's order decides which ready pods use up deleteReadyLimit. */
  | 'scale-down-list-order'
  /** `Scale` step 5: the marked pods, in list order, use up deleteReadyLimit. */
  | 'specified-delete-order'
  /** `SortUpdateIndexes` (`sort.Slice` over `controller.ActivePods`): unstable. */
  | 'update-order'
  /** `managePreparingDelete`: a scale-up takes PreparingDelete pods back in the pod list's order, which is unspecified. */
  | 'preparing-delete-order';

/** Decides one free choice: which of `options` (≥ 2) distinguishable candidates comes next; 0 is the canonical pick. */
export interface TieBreaker {
  pick(options: number, site: FreeChoiceSite): number;
}

/**
 * Reorders `sorted` (a list sorted by a strict weak order, so that tied items are adjacent) so that each of
 * its first `needed` positions holds the candidate the breaker picks among the items still tied with it.
 * Candidates are distinguished by `same`: equal items are interchangeable, so only the first of each kind is
 * offered. Items not moved keep their relative order; with every pick 0 the list is returned unchanged.
 */
export function breakTies<T>(
  sorted: readonly T[],
  tied: (a: T, b: T) => boolean,
  same: (a: T, b: T) => boolean,
  needed: number,
  tb: TieBreaker,
  site: FreeChoiceSite,
): T[] {
  const out = [...sorted];
  const end = Math.min(needed, out.length);
  for (let i = 0; i < end; i++) {
    // The tie class of out[i] among the positions not yet fixed: contiguous, as the list is sorted.
    let classEnd = i + 1;
    while (classEnd < out.length && tied(out[i]!, out[classEnd]!)) classEnd++;
    const firsts: number[] = [];
    for (let k = i; k < classEnd; k++) if (!firsts.some((f) => same(out[f]!, out[k]!))) firsts.push(k);
    if (firsts.length < 2) continue;
    const from = firsts[tb.pick(firsts.length, site)]!;
    const item = out[from]!;
    for (let k = from; k > i; k--) out[k] = out[k - 1]!;
    out[i] = item;
  }
  return out;
}

/**
 * Runs `decide` once for every distinct sequence of picks it asks for (depth-first, the canonical all-zero
 * sequence first) and returns the results in that order. `decide` must be deterministic given its picks.
 */
export function enumerateChoices<R>(decide: (tb: TieBreaker) => R): R[] {
  const results: R[] = [];
  let script: number[] = [];
  for (;;) {
    const taken: number[] = [];
    const options: number[] = [];
    const tb: TieBreaker = {
      pick(n) {
        const i = taken.length;
        const c = i < script.length ? script[i]! : 0;
        if (c >= n) throw new Error(`free choice ${i} replayed as ${c} of ${n} options: the decision is not deterministic`);
        taken.push(c);
        options.push(n);
        return c;
      },
    };
    results.push(decide(tb));
    let i = taken.length - 1;
    while (i >= 0 && taken[i]! + 1 >= options[i]!) i--;
    if (i < 0) return results;
    script = [...taken.slice(0, i), taken[i]! + 1];
  }
}

/** Orders in which everything ties: the informer's pod list, which upstream walks in whatever order it has. */
export const allTied = (): boolean => true;
