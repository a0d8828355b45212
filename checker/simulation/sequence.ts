/**
 * The arbitrary of whole walks: sequences of choices generated at full length (so every run really takes
 * up to `--steps` steps; fc.array would mostly generate short ones), with a shrinker of its own.
 *
 * Why not fc.array's shrinker: it also shrinks every element through its whole numeric range, which
 * multiplies the candidates (each one a full walk) by ~30 and, at 50 replicas, turned a one-second search
 * into minutes of shrinking, while what shortens a trace is removing steps. The moves here, in order:
 *  1. remove a block of consecutive choices, for block sizes n/2, n/4, …, 1 (delta debugging; the first
 *     rounds drop the choices after the violation, which the walk never used);
 *  2. turn one choice into `{pick 0, index 0}`, the first kind of the weights (CloneSet: a reconcile,
 *     skipped when the controller is idle);
 *  3. keep one choice's kind but halve its index: an earlier action of the kind (a smaller scale target,
 *     another pod).
 * fast-check takes the first candidate that still fails and asks again, so the result is 1-minimal: no
 * single removal or simplification of it still fails.
 *
 * Shrinking must be a function of the value (and its context) only: fast-check replays a `--path` by
 * walking the shrink tree without running the property on the way.
 */
import fc from 'fast-check';
import { choiceArbitrary, isChoice, type Choice } from './choice.js';

const SIMPLEST: Choice = Object.freeze({ pick: 0, index: 0 });

/** Same kind, an earlier action of it (choice.ts scales indices): halves the index, keeping the two low bits that pick a boundary-bias mode. */
const halveIndex = (index: number): number => (index & 3) | ((index >>> 3) << 2);

type Move = { readonly remove: number; readonly size: number } | { readonly set: number; readonly to: 'simplest' | 'halve' };

/** Every move on a sequence, in the order above. */
function movesOf(seq: readonly Choice[]): Move[] {
  const n = seq.length;
  const moves: Move[] = [];
  for (let size = Math.max(1, n >> 1); ; size = Math.max(1, size >> 1)) {
    for (let at = 0; at + size <= n; at += size) moves.push({ remove: at, size });
    if (size === 1) break;
  }
  for (let i = 0; i < n; i++) {
    const c = seq[i]!;
    if (c.pick !== 0 || c.index !== 0) moves.push({ set: i, to: 'simplest' });
    if (halveIndex(c.index) !== c.index) moves.push({ set: i, to: 'halve' });
  }
  return moves;
}

function apply(seq: readonly Choice[], m: Move): Choice[] {
  if ('remove' in m) return [...seq.slice(0, m.remove), ...seq.slice(m.remove + m.size)];
  const c = seq[m.set]!;
  const next = m.to === 'simplest' ? SIMPLEST : { pick: c.pick, index: halveIndex(c.index) };
  return [...seq.slice(0, m.set), next, ...seq.slice(m.set + 1)];
}

/**
 * The shrink context: the position in the move list of the move that produced this sequence. fast-check
 * restarts shrinking from every success; starting the next round there (and wrapping around, so every
 * move is still tried before giving up) skips the moves that just failed on a nearly identical sequence.
 */
interface Ctx {
  readonly resume: number;
}

function* candidates(seq: readonly Choice[], ctx: Ctx | undefined): Generator<fc.Value<Choice[]>> {
  const moves = movesOf(seq);
  const start = Math.min(ctx?.resume ?? 0, moves.length);
  for (let k = 0; k < moves.length; k++) {
    const at = (start + k) % moves.length;
    yield new fc.Value(apply(seq, moves[at]!), { resume: at } satisfies Ctx);
  }
}

class ChoiceSequence extends fc.Arbitrary<Choice[]> {
  private readonly exact: fc.Arbitrary<Choice[]>;

  constructor(private readonly length: number) {
    super();
    this.exact = fc.array(choiceArbitrary, { minLength: length, maxLength: length });
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<Choice[]> {
    return new fc.Value(this.exact.generate(mrng, biasFactor).value_, undefined);
  }

  canShrinkWithoutContext(value: unknown): value is Choice[] {
    return Array.isArray(value) && value.length <= this.length && value.every(isChoice);
  }

  shrink(value: Choice[], context: unknown): fc.Stream<fc.Value<Choice[]>> {
    return new fc.Stream(candidates(value, context as Ctx | undefined));
  }
}

/** Walks of exactly `length` choices (shrinking to shorter ones). */
export function sequenceArbitrary(length: number): fc.Arbitrary<Choice[]> {
  return new ChoiceSequence(length);
}
