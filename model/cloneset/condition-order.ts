/**
 * The Progressing condition with a lagging CloneSet cache (progressDeadlineSeconds and staleReads): a state
 * holds several copies of the condition — in the versions the cache has yet to deliver, in the server's
 * status, in a pending status — and their lastUpdateTimes differ. A reconcile that read a stale version
 * carries that version's condition (and its time) into the status it writes, so a newer version may hold an
 * older time: the copies' times do not follow the versions. Time passes for the oldest time first, so the
 * model ranks the times of the copies still to time out (ProgressCondition.order: 0 the oldest, dense, one
 * rank per time) and a `deadline-passes` step expires the oldest rank. Without a lagging cache nothing is
 * ranked (every order is 0) and the step expires the status's and the pending status's together
 * (actions.ts; docs/model.md, "The Progressing condition").
 */
import { conditionOf, FRESH_ORDER, orderOf, waitsForDeadline, type ProgressCondition } from '../controller/progress.js';
import { VARIANTS } from '../controller/promotion.js';
import { observationOf, stateOf, versionOf, type CloneSetState, type ObjectVersion, type Observation, type Status } from './state.js';
import type { ScenarioView } from './view.js';

/** Whether the scenario's controller times no settled condition (VariantInfo.settledConditionsUntimed). */
export const settledUntimed = (v: ScenarioView): boolean => VARIANTS[v.scenario.controller].settledConditionsUntimed === true;

/**
 * Whether the scenario ranks its conditions' times: progressDeadlineSeconds with a lagging CloneSet cache.
 * Asked on every transition of such scenarios, so the fields are read as they are (observeOptions allocates).
 */
export const ranksConditions = (v: ScenarioView): boolean => v.scenario.progressDeadline === true && (v.scenario.staleReads ?? 0) > 0;

/**
 * The status a reconcile computed, with its condition's time: SetCloneSetCondition keeps the condition it
 * read when the reason is unchanged (calculateProgressingStatus returns it), so that copy's rank comes along;
 * a new reason is set at this reconcile, after every time the state holds (FRESH_ORDER, until ranked). A
 * remembered decision (decision-memo.ts) carries the condition of the state it was first made for, whose
 * rank may be another: the rank is always taken from `read`.
 */
export function withConditionTime(computed: Status, read: Status): Status {
  const c = computed.progressing;
  if (c === undefined) return computed;
  const r = read.progressing;
  const timed = r !== undefined && r.reason === c.reason ? r : conditionOf(c.reason, false, FRESH_ORDER);
  return timed === c ? computed : { ...computed, progressing: timed };
}

/** Whether a status's condition is still to time out and read so (waitsForDeadline): it is ranked. */
const ranked = (st: Status, untimed: boolean): boolean => waitsForDeadline(st.progressing, untimed);

/** Every status of `s` in one order: the lagging versions' (oldest first), the server's, the pending one. */
function statusesOf(s: CloneSetState): Status[] {
  const lag = s.observed === null ? [] : s.observed.lag;
  const out: Status[] = [];
  for (const x of lag) out.push(x.status);
  out.push(s.status);
  if (s.pending !== null) out.push(s.pending);
  return out;
}

/**
 * Whether some copy of the condition in `s` is still to time out (a deadline-passes step is enabled): asked
 * of every state with progressDeadlineSeconds, so without a list. Without stale reads the lag is empty.
 */
export function someConditionTimed(v: ScenarioView, s: CloneSetState): boolean {
  const untimed = settledUntimed(v);
  if (ranked(s.status, untimed) || (s.pending !== null && ranked(s.pending, untimed))) return true;
  const lag = s.observed === null ? [] : s.observed.lag;
  for (let i = 0; i < lag.length; i++) if (ranked(lag[i]!.status, untimed)) return true;
  return false;
}

/** A status after progressDeadlineSeconds pass for its condition (itself when its deadline has passed or is not read). */
export const pastDeadline = (st: Status, untimed: boolean): Status =>
  ranked(st, untimed) ? { ...st, progressing: conditionOf(st.progressing!.reason, true) } : st;

/**
 * `s` with its conditions ranked densely (0 the oldest) among the copies still to time out, and every other
 * condition at order 0: the one form of each state (the codec keeps orders as they are). Itself when
 * already so.
 */
export function rankConditions(v: ScenarioView, s: CloneSetState): CloneSetState {
  return isRanked(settledUntimed(v), s) ? s : withOrders(v, s, (st) => st);
}

/**
 * Whether `s` is in its ranked form already (most successors are: a step that adds or drops no copy), asked
 * without allocating: the ranks of the copies still to time out, as a bit set, are 0..n-1, and every other
 * condition is at order 0.
 */
function isRanked(untimed: boolean, s: CloneSetState): boolean {
  let seen = 0;
  const lag = s.observed === null ? [] : s.observed.lag;
  for (let i = 0; i < lag.length; i++) {
    const bit = rankBit(lag[i]!.status, untimed);
    if (bit < 0) return false;
    seen |= bit;
  }
  const a = rankBit(s.status, untimed);
  const b = s.pending === null ? 0 : rankBit(s.pending, untimed);
  if (a < 0 || b < 0) return false;
  seen |= a | b;
  return (seen & (seen + 1)) === 0;
}

/** A status's rank as a bit (0 when it is not ranked), or -1 where its order is not the ranked form's. */
function rankBit(st: Status, untimed: boolean): number {
  const c = st.progressing;
  if (c === undefined) return 0;
  const order = orderOf(c);
  if (!waitsForDeadline(c, untimed)) return order === 0 ? 0 : -1;
  return order < FRESH_ORDER ? 1 << order : -1;
}

/** progressDeadlineSeconds pass for the oldest time still to pass: those copies expire, the rest move up. */
export function passOldestDeadline(v: ScenarioView, s: CloneSetState): CloneSetState {
  const untimed = settledUntimed(v);
  return withOrders(v, s, (st) => (st.progressing !== undefined && orderOf(st.progressing) === 0 ? pastDeadline(st, untimed) : st));
}

/** `s` after `edit` of each status, ranked again. */
function withOrders(v: ScenarioView, s: CloneSetState, edit: (st: Status) => Status): CloneSetState {
  const untimed = settledUntimed(v);
  const edited = statusesOf(s).map(edit);
  const orders = [...new Set(edited.filter((st) => ranked(st, untimed)).map((st) => orderOf(st.progressing!)))].sort((a, b) => a - b);
  const rankOf = (st: Status): Status => {
    const c = st.progressing;
    if (c === undefined) return st;
    const order = ranked(st, untimed) ? orders.indexOf(orderOf(c)) : 0;
    return order === orderOf(c) ? st : { ...st, progressing: conditionOf(c.reason, c.expired, order) };
  };
  const statuses = edited.map(rankOf);
  const o = s.observed;
  const n = o === null ? 0 : o.lag.length;
  let lagChanged = false;
  const lag: ObjectVersion[] = [];
  for (let i = 0; i < n; i++) {
    const x = o!.lag[i]!;
    const st = statuses[i]!;
    lagChanged ||= st !== x.status;
    lag.push(st === x.status ? x : versionOf(x.spec, st, x.generationUnobserved));
  }
  const status = statuses[n]!;
  const pending = s.pending === null ? null : statuses[n + 1]!;
  if (!lagChanged && status === s.status && pending === s.pending) return s;
  const observed: Observation | null =
    o === null || !lagChanged
      ? o
      : observationOf(lag, o.generationUnobserved, o.pendingUnobserved, o.writeFailures, o.podWriteFailures, o.pods, o.revisions);
  return stateOf(s.spec, s.pods, status, pending, s.history, s.stable, s.budgets, observed);
}

/** The copies' conditions of `s` in statusesOf's order (tests read them). */
export const conditionsOf = (s: CloneSetState): (ProgressCondition | undefined)[] => statusesOf(s).map((st) => st.progressing);
