/**
 * One step of a random walk as fast-check generates it: not an action, but a *choice* — an action kind
 * and a position among the enabled actions of that kind — resolved against the state the walk has reached.
 * A choice whose kind has nothing enabled there is skipped. Any sequence of choices is therefore a valid
 * walk, and stays one when the shrinker removes or changes choices; and since a choice keeps its kind
 * whatever came before it, removing one early choice leaves the meaning of the later ones alone (which
 * is what lets shrinking make progress: a state-dependent kind would reshuffle the whole rest of the walk).
 */
import fc from 'fast-check';
import type { Action, ActionKind } from '../cloneset/actions.js';

/** `pick` selects an action kind by weight, `index` an action of that kind (see resolveChoice). */
export interface Choice {
  readonly pick: number;
  readonly index: number;
}

/** Range of `pick`: fine enough that a weight of 1 in ~100 still gets its share. */
export const PICK_RANGE = 1 << 16;
const INDEX_RANGE = 1 << 16;

/**
 * The weight of each action kind, in percent of choices (fixed, whatever the state). Users act in 40% of
 * choices, so two user actions with no reconcile between them — the #1545 pattern — come in about one
 * choice pair in six while budgets last. The controller gets 45 (reconcile 30, status write 15) so that it
 * keeps up with users and the kubelet, yet often lags behind a user action or two. `pick` 0 is reconcile:
 * a choice simplified by the shrinker becomes "let the controller act".
 */
export const KIND_WEIGHTS: readonly (readonly [ActionKind, number])[] = [
  ['reconcile', 30],
  ['writeStatus', 15],
  ['podReady', 15],
  ['deletePod', 10],
  ['scale', 10],
  ['rollout', 10],
  ['setPartition', 10],
];

export function describeWeights(): string {
  return KIND_WEIGHTS.map(([k, w]) => `${k} ${w}`).join(', ');
}

/** Elements are not shrunk one by one: the sequence's own shrinker (sequence.ts) knows better moves. */
export const choiceArbitrary: fc.Arbitrary<Choice> = fc.noShrink(fc.record({
  pick: fc.nat(PICK_RANGE - 1),
  index: fc.nat(INDEX_RANGE - 1),
}));

export function isChoice(x: unknown): x is Choice {
  if (typeof x !== 'object' || x === null) return false;
  const c = x as Record<string, unknown>;
  const inRange = (v: unknown, n: number): boolean => Number.isInteger(v) && (v as number) >= 0 && (v as number) < n;
  return inRange(c['pick'], PICK_RANGE) && inRange(c['index'], INDEX_RANGE);
}

/**
 * Position among `n` actions of a kind for an index, scaled rather than taken modulo `n`: a smaller index
 * is an earlier action (a lower scale target, an earlier pod kind), which is what makes halving an index
 * a meaningful shrink (sequence.ts).
 */
const scaled = (x: number, range: number, n: number): number => Math.min(n - 1, Math.floor((x * n) / range));

/**
 * Which of the `n` scale targets (ascending, current value excluded) an index picks. The two low bits pick
 * a mode: a quarter of the picks go to the lowest target (scale to 0 whenever 0 is not the current value)
 * and a quarter to the highest (maxReplicas) — with maxReplicas 50, a uniform pick would scale to 0 one
 * time in 50 — and the rest are uniform over the targets, by the remaining bits.
 */
function scaleTarget(index: number, n: number): number {
  const mode = index & 3;
  if (mode === 0) return 0;
  if (mode === 1) return n - 1;
  return scaled(index >>> 2, INDEX_RANGE >>> 2, n);
}

const TOTAL_WEIGHT = KIND_WEIGHTS.reduce((n, [, w]) => n + w, 0);

/** The kind a pick names, by the fixed weights (whatever the state). */
export function kindOf(pick: number): ActionKind {
  let target = Math.floor((pick * TOTAL_WEIGHT) / PICK_RANGE);
  for (const [k, w] of KIND_WEIGHTS) {
    if (target < w) return k;
    target -= w;
  }
  return KIND_WEIGHTS[KIND_WEIGHTS.length - 1]![0];
}

/**
 * The action a choice stands for among the `enabled` actions of the current state, or null when nothing
 * of the kind it names is enabled (the walk skips it).
 */
export function resolveChoice(enabled: readonly Action[], c: Choice): Action | null {
  const kind = kindOf(c.pick);
  const ofKind = enabled.filter((a) => a.kind === kind);
  if (ofKind.length === 0) return null;
  const i = kind === 'scale' ? scaleTarget(c.index, ofKind.length) : scaled(c.index, INDEX_RANGE, ofKind.length);
  return ofKind[i]!;
}
