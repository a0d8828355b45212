/**
 * States as strings of their canonical encoding: the simulator's notion of "the same state" (for coverage
 * and cycle detection) is exactly the explorer's, up to the model's symmetry.
 */
import type { Model } from '../types.js';

export type StateKey<S> = (s: S) => string;

export function stateKeyOf<S>(model: Pick<Model<S, unknown>, 'encodingWords' | 'encode'>): StateKey<S> {
  const words = new Uint32Array(model.encodingWords);
  const halves = new Uint16Array(words.buffer);
  return (s) => {
    words.fill(0);
    model.encode(s, words, 0);
    // Two UTF-16 units per word: compact, and any 16-bit value is a valid string unit for a Map key.
    return String.fromCharCode(...halves);
  };
}
