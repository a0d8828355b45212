/**
 * The two pod orders the controller uses: scale-down victims (`ActivePodsWithRanks.Less`,
 * pkg/controller/cloneset/utils/pod_sorter.go) and update candidates (`SortUpdateIndexes`, whose default
 * order is Kubernetes' `controller.ActivePods`). Upstream sorts with Go's unstable sort, so ties are
 * arbitrary there; here ties keep pod-list order, a canonical choice that makes every run deterministic,
 * unless a TieBreaker (ties.ts) is given: then the tied pods come in the order it picks.
 */
import { breakTies, type TieBreaker } from './ties.js';
import type { ControllerPod, PodOrderKey, PodPhase } from './types.js';

const PHASE_ORDINAL: Readonly<Record<PodPhase, number>> = { Pending: 0, Unknown: 1, Running: 2, Succeeded: 0, Failed: 0 };

/** `afterOrZero`: is t1 after t2, where a zero time counts as after any non-zero time. */
function afterOrZero(t1: number | null, t2: number | null): boolean {
  if (t1 === null || t2 === null) return t1 === null;
  return t1 > t2;
}

/** The ready transition time is only looked at when the pod is ready. */
const readyTime = (k: PodOrderKey): number | null => (k.readyCondition ? k.readySince : null);

export interface RankedOrderOptions {
  /** `AvailableFunc` (choosePodsToDelete passes IsPodAvailable); null = not given. */
  readonly available: ((pod: ControllerPod) => boolean) | null;
  /** Ranker value per pod (same-node / spread ranker); null = no ranker (rank 0). */
  readonly rank: ((pod: ControllerPod) => number) | null;
}

/** Models `ActivePodsWithRanks.Less`: true when `a` is deleted before `b`. */
export function activePodsWithRanksLess(a: ControllerPod, b: ControllerPod, opts: RankedOrderOptions): boolean {
  const ka = a.order;
  const kb = b.order;
  if (ka.nodeAssigned !== kb.nodeAssigned) return !ka.nodeAssigned;
  if (PHASE_ORDINAL[ka.phase] !== PHASE_ORDINAL[kb.phase]) return PHASE_ORDINAL[ka.phase] < PHASE_ORDINAL[kb.phase];
  if (opts.available !== null && opts.available(a) !== opts.available(b)) return !opts.available(a);
  if (ka.readyCondition !== kb.readyCondition) return !ka.readyCondition;
  const ca = ka.deletionCost ?? 0;
  const cb = kb.deletionCost ?? 0;
  if (ca !== cb) return ca < cb;
  const ra = opts.rank === null ? 0 : opts.rank(a);
  const rb = opts.rank === null ? 0 : opts.rank(b);
  if (ra !== rb) return ra > rb;
  return readyRestartCreationLess(ka, kb);
}

/** The tail shared by both orders: more recently ready, then more restarts, then newer creation first. */
function readyRestartCreationLess(ka: PodOrderKey, kb: PodOrderKey): boolean {
  if (ka.readyCondition && kb.readyCondition) {
    const ta = readyTime(ka);
    const tb = readyTime(kb);
    if (ta !== tb) return afterOrZero(ta, tb);
  }
  if (ka.restarts !== kb.restarts) return ka.restarts > kb.restarts;
  if (ka.created !== kb.created) return afterOrZero(ka.created, kb.created);
  return false;
}

/** Models Kubernetes `controller.ActivePods.Less` (the default update order, `GetPodsSortFunc`). */
export function activePodsLess(a: ControllerPod, b: ControllerPod): boolean {
  const ka = a.order;
  const kb = b.order;
  if (ka.nodeAssigned !== kb.nodeAssigned) return !ka.nodeAssigned;
  if (PHASE_ORDINAL[ka.phase] !== PHASE_ORDINAL[kb.phase]) return PHASE_ORDINAL[ka.phase] < PHASE_ORDINAL[kb.phase];
  if (ka.readyCondition !== kb.readyCondition) return !ka.readyCondition;
  return readyRestartCreationLess(ka, kb);
}

/**
 * Whether `ActivePodsWithRanks.Less` may order `a` and `b` either way when the ranker is unknown: they agree
 * on every key before the rank (node assigned, phase, availability, readiness, deletion cost). The rank and
 * the keys after it (ready time, restarts, creation time) then decide, and a model without nodes or clocks
 * knows none of them.
 */
export function rankedOrderTiedBeforeRank(a: ControllerPod, b: ControllerPod, opts: RankedOrderOptions): boolean {
  const ka = a.order;
  const kb = b.order;
  return (
    ka.nodeAssigned === kb.nodeAssigned &&
    PHASE_ORDINAL[ka.phase] === PHASE_ORDINAL[kb.phase] &&
    (opts.available === null || opts.available(a) === opts.available(b)) &&
    ka.readyCondition === kb.readyCondition &&
    (ka.deletionCost ?? 0) === (kb.deletionCost ?? 0)
  );
}

/** Pods the controller cannot tell apart: swapping them changes no decision and no outcome. */
export function sameControllerPod(a: ControllerPod, b: ControllerPod): boolean {
  const ka = a.order;
  const kb = b.order;
  return (
    a.revision === b.revision &&
    a.lifecycle === b.lifecycle &&
    a.ready === b.ready &&
    a.available === b.available &&
    a.inPlaceUpdateReady === b.inPlaceUpdateReady &&
    a.specifiedDelete === b.specifiedDelete &&
    // What the model keeps beyond the sort keys and the controller reads (a refresh, a hook): pods that
    // differ there are not interchangeable, however the sort ties them.
    a.inPlaceUpdateCompleted === b.inPlaceUpdateCompleted &&
    a.preDeleteHooked === b.preDeleteHooked &&
    a.inPlaceUpdateHooked === b.inPlaceUpdateHooked &&
    ka.nodeAssigned === kb.nodeAssigned &&
    ka.phase === kb.phase &&
    ka.readyCondition === kb.readyCondition &&
    ka.restarts === kb.restarts &&
    ka.readySince === kb.readySince &&
    ka.created === kb.created &&
    ka.deletionCost === kb.deletionCost
  );
}

/** A stable sort by a strict-weak-order `less` (Array.prototype.sort is stable). */
export function stableSortBy<T>(items: readonly T[], less: (a: T, b: T) => boolean): T[] {
  return [...items].sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
}

/** Which free choices a sort leaves open: the breaker, and how many leading positions its caller reads. */
export interface FreeOrder {
  readonly ties: TieBreaker;
  readonly needed: number;
}

/**
 * Models `SortUpdateIndexes` without priority/scatter strategies: default order (`sort.Slice`, unstable),
 * then PreparingUpdate first (`sort.SliceStable`). With `free`, pods tied in both come in the breaker's order.
 */
export function sortUpdateIndexes(pods: readonly ControllerPod[], waitUpdateIndexes: readonly number[], free?: FreeOrder): number[] {
  const at = (i: number): ControllerPod => pods[i]!;
  const preparingUpdate = (i: number): boolean => at(i).lifecycle === 'PreparingUpdate';
  const byDefault = stableSortBy(waitUpdateIndexes, (i, j) => activePodsLess(at(i), at(j)));
  const sorted = stableSortBy(byDefault, (i, j) => preparingUpdate(i) && !preparingUpdate(j));
  if (free === undefined) return sorted;
  const tied = (i: number, j: number): boolean =>
    preparingUpdate(i) === preparingUpdate(j) && !activePodsLess(at(i), at(j)) && !activePodsLess(at(j), at(i));
  return breakTies(sorted, tied, (i, j) => sameControllerPod(at(i), at(j)), free.needed, free.ties, 'update-order');
}
