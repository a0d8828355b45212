/**
 * One step of a random walk as fast-check generates it: not an action, but a *choice* — a weighted pick
 * of an action kind and a position among the enabled actions of that kind — that a `Chooser` resolves
 * against the state the walk has reached. A choice whose kind has nothing enabled there is skipped. Any
 * sequence of choices is therefore a valid walk, and stays one when the shrinker removes or changes
 * choices; and since a choice keeps its kind whatever came before it, removing one early choice leaves
 * the meaning of the later ones alone (which is what lets shrinking make progress: a state-dependent kind
 * would reshuffle the whole rest of the walk).
 *
 * The walk is generic through the Chooser, as in Stateright; unlike Stateright's, it reads a choice rather
 * than a random generator, because the choices are what fast-check shrinks. A model contributes only its
 * kind weights (`KindWeights`).
 */
import fc from 'fast-check';
import type { Model } from '../types.js';

/** `pick` selects an action kind by weight, `index` an action of that kind (see weightedChooser). */
export interface Choice {
  readonly pick: number;
  readonly index: number;
}

/** Range of `pick`: fine enough that a weight of 1 in ~100 still gets its share. */
export const PICK_RANGE = 1 << 16;
const INDEX_RANGE = 1 << 16;

/** Turns a choice into one of the enabled actions of the walk's current state, or null to skip it. */
export interface Chooser<A> {
  choose(enabled: readonly A[], c: Choice): A | null;
}

/** What a model says about how its walks are drawn. */
export interface KindWeights {
  /**
   * The weight of each action kind (`Model.actionKind`), fixed whatever the state. `pick` 0 names the
   * first kind, which is what the shrinker's simplest choice becomes: list first the kind a simplified
   * step should be (CloneSet: a reconcile, "let the controller act").
   */
  readonly weights: readonly (readonly [kind: string, weight: number])[];
  /**
   * Kinds whose enabled actions come in a meaningful ascending order (CloneSet: scale targets) and whose
   * extremes deserve more than a uniform share: the two low bits of such a choice's index pick a mode, a
   * quarter of the picks going to the first action and a quarter to the last (with 50 scale targets, a
   * uniform pick would scale to 0 one time in 50), the rest uniform by the remaining bits.
   */
  readonly boundaryBiased?: readonly string[];
  /**
   * A finer kind for some actions than `Model.actionKind` gives (undefined: its own kind), so that the
   * weights can draw them apart (CloneSet: a reconcile with a failing pod write, which `weights` then names
   * with a weight of its own instead of sharing the reconcile's draws with the normal outcome).
   */
  readonly refine?: (action: never) => string | undefined;
}

/** Elements are not shrunk one by one: the sequence's own shrinker (sequence.ts) knows better moves. */
export const choiceArbitrary: fc.Arbitrary<Choice> = fc.noShrink(
  fc.record({
    pick: fc.nat(PICK_RANGE - 1),
    index: fc.nat(INDEX_RANGE - 1),
  }),
);

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

/** Which of `n` ordered actions a boundary-biased index picks (see KindWeights.boundaryBiased). */
function biasedPosition(index: number, n: number): number {
  const mode = index & 3;
  if (mode === 0) return 0;
  if (mode === 1) return n - 1;
  return scaled(index >>> 2, INDEX_RANGE >>> 2, n);
}

/** The kind a pick names, by the fixed weights (whatever the state). */
function kindPicker(weights: KindWeights['weights']): (pick: number) => string {
  const total = weights.reduce((n, [, w]) => n + w, 0);
  return (pick) => {
    let target = Math.floor((pick * total) / PICK_RANGE);
    for (const [k, w] of weights) {
      if (target < w) return k;
      target -= w;
    }
    return weights[weights.length - 1]![0];
  };
}

/** The chooser of a model's kind weights: kinds by weight, then a position among the enabled actions of the kind. */
export function weightedChooser<A>(model: Pick<Model<unknown, A>, 'actionKind'>, w: KindWeights): Chooser<A> {
  if (w.weights.length === 0 || w.weights.some(([, n]) => !(Number.isInteger(n) && n > 0))) {
    throw new RangeError('kind weights must be a non-empty list of positive integers');
  }
  const kindOf = kindPicker(w.weights);
  const biased = new Set(w.boundaryBiased ?? []);
  const refine = w.refine as ((a: A) => string | undefined) | undefined;
  const kindOfAction = refine === undefined ? (a: A): string => model.actionKind(a) : (a: A): string => refine(a) ?? model.actionKind(a);
  return {
    choose(enabled, c) {
      const kind = kindOf(c.pick);
      const ofKind = enabled.filter((a) => kindOfAction(a) === kind);
      if (ofKind.length === 0) return null;
      const i = biased.has(kind) ? biasedPosition(c.index, ofKind.length) : scaled(c.index, INDEX_RANGE, ofKind.length);
      return ofKind[i]!;
    },
  };
}
