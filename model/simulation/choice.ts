/**
 * One step of a random walk as fast-check generates it: not an action, but a *choice* that is resolved
 * against the actions enabled in the state the walk has reached. Any sequence of choices is therefore a
 * valid walk, and it stays valid when fast-check's shrinker drops elements or shrinks their numbers.
 */
import fc from 'fast-check';
import type { Action, ActionKind } from '../cloneset/actions.js';

/** `pick` selects an action kind by weight, `index` an action of that kind; both shrink towards 0. */
export interface Choice {
  readonly pick: number;
  readonly index: number;
}

/** Range of `pick`: fine enough that a weight of 1 in ~100 still gets its share. */
export const PICK_RANGE = 1 << 16;
const INDEX_RANGE = 1 << 16;

/**
 * Relative weights by action kind, renormalised over the kinds enabled in the current state (a kind with
 * nothing enabled takes no share, so no choice is wasted). When every kind is enabled, users act 40% of
 * the time, so two user actions with no reconcile between them — the #1545 pattern — follow each other in
 * about one step pair in six. The order is the shrink order: a `pick` shrunk to 0 takes the first enabled
 * kind, the controller's reconcile, so shrinking tends towards "let the system run" rather than towards
 * more user actions.
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

/** The action a choice stands for in a state whose enabled actions are `enabled`; null when none is. */
export function resolveChoice(enabled: readonly Action[], c: Choice): Action | null {
  if (enabled.length === 0) return null;
  let total = 0;
  const counts = new Map<ActionKind, number>();
  for (const a of enabled) counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
  for (const [kind, w] of KIND_WEIGHTS) if (counts.has(kind)) total += w;
  let target = Math.floor((c.pick * total) / PICK_RANGE);
  let kind: ActionKind = enabled[0]!.kind;
  for (const [k, w] of KIND_WEIGHTS) {
    if (!counts.has(k)) continue;
    if (target < w) {
      kind = k;
      break;
    }
    target -= w;
  }
  const ofKind = enabled.filter((a) => a.kind === kind);
  const i = kind === 'scale' ? scaleTarget(c.index, ofKind.length) : scaled(c.index, INDEX_RANGE, ofKind.length);
  return ofKind[i]!;
}
