/**
 * A state as a string of its canonical encoding: the explorer's notion of "the same state" (up to the
 * model's symmetry), for maps keyed by state outside the visited table (a convergence continuation's
 * revisits, the simulator's coverage and cycles).
 */

/** A function from a state to its key; equal keys iff equal canonical encodings. */
export type StateKey<S> = (s: S) => string;

export function stateKeyOf<S>(model: {
  readonly encodingWords: number;
  encode(s: S, out: Uint32Array, offset: number): void;
}): StateKey<S> {
  const words = new Uint32Array(model.encodingWords);
  const halves = new Uint16Array(words.buffer);
  return (s) => {
    words.fill(0);
    model.encode(s, words, 0);
    // Two UTF-16 units per word: compact, and any 16-bit value is a valid string unit for a Map key.
    return String.fromCharCode(...halves);
  };
}
