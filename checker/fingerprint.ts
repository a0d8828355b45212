/**
 * 64-bit fingerprints of fixed-width word encodings, as two independent 32-bit hashes.
 *
 * The visited set stores only fingerprints (in fingerprint mode), so the two halves must not fail together:
 * one half is a MurmurHash3-style stream and the other an xxHash32-style stream with different constants
 * and structure, so an input pair that collides in one is not systematically a collision in the other
 * (Murmur3 with two seeds would share its seed-independent collisions). Everything is deterministic and
 * uses only 32-bit integer arithmetic, so it stays on V8's fast path with no allocation.
 */

import type { Fingerprint } from './types.js';

const M1 = 0xcc9e2d51;
const M2 = 0x1b873593;
const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;
const P3 = 0xc2b2ae3d;
const SEED_A = 0x2f6b1e47;
const SEED_B = 0x5bd1e995;

/**
 * Writes the fingerprint of `words[off .. off+n)` into `out[at]` (Murmur half, also used to pick the hash
 * bucket) and `out[at+1]` (xxHash half). `out` is caller-owned so the hot path allocates nothing.
 */
export function fingerprintInto(words: Uint32Array, off: number, n: number, out: Uint32Array, at = 0): void {
  let h1 = SEED_A;
  let h2 = (SEED_B + 0x165667b1) | 0;
  for (let i = 0; i < n; i++) {
    const w = words[off + i]! | 0;
    let k = Math.imul(w, M1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, M2);
    h1 ^= k;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;

    h2 = (h2 + Math.imul(w, P3)) | 0;
    h2 = (h2 << 17) | (h2 >>> 15);
    h2 = Math.imul(h2, P1);
  }
  // Murmur3 finaliser (fmix32): full avalanche so the low bits are fit for bucket selection.
  h1 ^= n << 2;
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, P3);
  h1 ^= h1 >>> 16;
  // xxHash32 avalanche.
  h2 = (h2 + (n << 2)) | 0;
  h2 ^= h2 >>> 15;
  h2 = Math.imul(h2, P2);
  h2 ^= h2 >>> 13;
  h2 = Math.imul(h2, P1);
  h2 ^= h2 >>> 16;
  out[at] = h1;
  out[at + 1] = h2;
}

/** The 16-hex-digit form used off the hot path (traces, reports): high half is the xxHash half. */
function formatFingerprint(lo: number, hi: number): Fingerprint {
  return ((hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0')) as Fingerprint;
}

/** Fingerprint of an encoding as a string; convenient for tools that compare states across runs. */
export function fingerprintOf(words: Uint32Array, off: number, n: number): Fingerprint {
  const out = new Uint32Array(2);
  fingerprintInto(words, off, n, out);
  return formatFingerprint(out[0]!, out[1]!);
}

/**
 * Estimated probability that some two of `n` distinct states share a 64-bit fingerprint, i.e. that the
 * fingerprint-mode visited set silently merged two states. Like TLC's estimate this assumes fingerprints
 * behave as uniform random 64-bit values; by the birthday bound
 *     P ≈ C(n, 2) / 2^64 = n(n-1) / 2^65   (≈ n² / 2^65),
 * which is an accurate approximation of 1 - exp(-n(n-1)/2^65) while it is small.
 */
export function collisionProbability(n: number): number {
  if (n < 2) return 0;
  return Math.min(1, (n * (n - 1)) / 2 ** 65);
}

/** Fingerprint of a state through its model's canonical encoding (so symmetric states agree). */
export function fingerprintState<S>(
  model: { readonly encodingWords: number; encode(s: S, out: Uint32Array, offset: number): void },
  s: S,
): Fingerprint {
  const words = new Uint32Array(model.encodingWords);
  model.encode(s, words, 0);
  return fingerprintOf(words, 0, words.length);
}
