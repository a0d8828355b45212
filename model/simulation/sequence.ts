/**
 * The arbitrary of whole walks: sequences of choices that are generated at full length (so every run
 * really takes up to `--steps` steps; fc.array would mostly generate short ones) but shrink like fc.array,
 * by removing elements as well as by shrinking them.
 */
import fc from 'fast-check';
import { choiceArbitrary, type Choice } from './choice.js';

/**
 * How many leading choices a walk consumed, by sequence object: a walk stops at its first violation, so
 * what follows is dead weight. Shrinking first offers the consumed prefix, which spares fast-check from
 * removing the tail element by element.
 */
const consumed = new WeakMap<readonly Choice[], number>();

export function recordConsumed(seq: readonly Choice[], n: number): void {
  consumed.set(seq, n);
}

// Contexts of our own values: either freshly generated (shrunk without context by `inner`), or produced by
// `inner`'s shrinker (its context must go back to it).
type Ctx = { readonly from: 'generate' } | { readonly from: 'inner'; readonly ctx: unknown };

class FullLengthSequence extends fc.Arbitrary<Choice[]> {
  private readonly exact: fc.Arbitrary<Choice[]>;
  private readonly inner: fc.Arbitrary<Choice[]>;

  constructor(private readonly length: number) {
    super();
    this.exact = fc.array(choiceArbitrary, { minLength: length, maxLength: length });
    this.inner = fc.array(choiceArbitrary, { maxLength: length });
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<Choice[]> {
    const v = this.exact.generate(mrng, biasFactor);
    return new fc.Value(v.value_, { from: 'generate' } satisfies Ctx);
  }

  canShrinkWithoutContext(value: unknown): value is Choice[] {
    return this.inner.canShrinkWithoutContext(value);
  }

  shrink(value: Choice[], context: unknown): fc.Stream<fc.Value<Choice[]>> {
    const c = context as Ctx | undefined;
    const wrap = (s: fc.Stream<fc.Value<Choice[]>>): fc.Stream<fc.Value<Choice[]>> =>
      s.map((v) => new fc.Value(v.value_, { from: 'inner', ctx: v.context } satisfies Ctx));
    const rest = wrap(this.inner.shrink(value, c?.from === 'inner' ? c.ctx : undefined));
    const used = consumed.get(value);
    if (used === undefined || used >= value.length) return rest;
    const prefix = value.slice(0, used);
    return fc.Stream.of(new fc.Value(prefix, { from: 'inner', ctx: undefined } satisfies Ctx)).join(rest);
  }
}

/** Walks of exactly `length` choices (shrinking to shorter ones). */
export function sequenceArbitrary(length: number): fc.Arbitrary<Choice[]> {
  return new FullLengthSequence(length);
}
