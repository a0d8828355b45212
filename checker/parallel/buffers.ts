/**
 * Worker-side buffers: the shared output buffer that becomes part of the next level's frontier, and the
 * memory accounting they share with the main thread through the control words.
 *
 * The output buffer is a growable SharedArrayBuffer: growing it keeps its contents in place (no copy, no
 * new message to other threads). Views on it are created with a fixed length, because V8 compiles
 * length-tracking views of growable buffers to far slower code (7x on random access, measured).
 */

import { CTL } from './protocol.js';

/** Largest growable SharedArrayBuffer Node 20 accepts (it only reserves address space). */
const MAX_GROWABLE = 2 ** 32;

/** ES2024's growable SharedArrayBuffer, which Node 20 has but this project's ES2022 lib does not type. */
interface GrowableSharedArrayBuffer extends SharedArrayBuffer {
  grow(newByteLength: number): void;
}
const GrowableSAB = SharedArrayBuffer as unknown as new (bytes: number, options: { maxByteLength: number }) => GrowableSharedArrayBuffer;

/**
 * Charges `bytes` to the shared budget; refuses (false, nothing charged) past `limitKiB` (-1: no limit).
 * Negative `bytes` releases.
 */
export function charge(ctl: Int32Array, limitKiB: number, bytes: number): boolean {
  const kib = Math.sign(bytes) * Math.ceil(Math.abs(bytes) / 1024);
  const before = Atomics.add(ctl, CTL.usedKiB, kib);
  const after = before + kib;
  if (kib > 0 && limitKiB >= 0 && after > limitKiB) {
    Atomics.sub(ctl, CTL.usedKiB, kib);
    return false;
  }
  for (let peak = Atomics.load(ctl, CTL.peakKiB); after > peak; peak = Atomics.load(ctl, CTL.peakKiB)) {
    if (Atomics.compareExchange(ctl, CTL.peakKiB, peak, after) === peak) break;
  }
  return true;
}

/** Fixed-width encodings appended by one worker; read by all workers during the next level. */
export class OutputBuffer {
  readonly buffer: GrowableSharedArrayBuffer;
  data: Uint32Array;
  length = 0;

  constructor(
    readonly width: number,
    private readonly ctl: Int32Array,
    private readonly limitKiB: number,
  ) {
    const bytes = 4096 * width * 4;
    this.buffer = new GrowableSAB(bytes, { maxByteLength: MAX_GROWABLE });
    this.data = new Uint32Array(this.buffer, 0, bytes / 4);
    charge(ctl, -1, bytes);
  }

  push(src: Uint32Array, off: number): boolean {
    const w = this.width;
    let at = this.length * w;
    if (at + w > this.data.length && !this.grow()) return false;
    const d = this.data;
    for (let i = 0; i < w; i++) d[at++] = src[off + i]!;
    this.length++;
    return true;
  }

  private grow(): boolean {
    const old = this.buffer.byteLength;
    const bytes = Math.min(MAX_GROWABLE, old * 2);
    if (bytes === old || !charge(this.ctl, this.limitKiB, bytes - old)) return false;
    this.buffer.grow(bytes);
    this.data = new Uint32Array(this.buffer, 0, bytes / 4);
    return true;
  }
}

/**
 * A local append-only list of Uint32 records in fixed-size chunks (convergence edges and settled states,
 * which can run to hundreds of MiB): growing never copies, and fresh memory is touched only once. Same
 * interface as WordList for appending: `reserve`, then write `data[length..]`, then advance `length`.
 */
export class ChunkedWords {
  /** Filled chunks, each with the number of words used in it. */
  readonly full: { readonly data: Uint32Array; readonly length: number }[] = [];
  data: Uint32Array;
  length = 0;

  constructor(
    private readonly ctl: Int32Array,
    private readonly limitKiB: number,
    private readonly chunkWords = 1 << 20,
  ) {
    this.data = new Uint32Array(1024);
    charge(ctl, -1, this.data.byteLength);
  }

  /** Room for `n` more words in the current chunk (n ≤ chunkWords); false if the budget refuses. */
  reserve(n: number): boolean {
    if (this.length + n <= this.data.length) return true;
    // The first chunk starts small (most runs record little); later ones have the full size.
    const first = this.full.length === 0 && this.data.length < this.chunkWords;
    const size = first ? Math.min(this.chunkWords, this.data.length * 8) : this.chunkWords;
    if (!charge(this.ctl, this.limitKiB, size * 4)) return false;
    this.full.push({ data: this.data, length: this.length });
    this.data = new Uint32Array(size);
    this.length = 0;
    return true;
  }

  /** Number of words appended. */
  get words(): number {
    let n = this.length;
    for (const c of this.full) n += c.length;
    return n;
  }

  /** Calls `f` on every chunk in order, with the number of words used in it. */
  forEachChunk(f: (data: Uint32Array, length: number) => void): void {
    for (const c of this.full) f(c.data, c.length);
    f(this.data, this.length);
  }
}

/** A local growable list of Uint32 records (deferred states). */
export class WordList {
  data: Uint32Array;
  length = 0;

  constructor(
    private readonly ctl: Int32Array,
    private readonly limitKiB: number,
  ) {
    this.data = new Uint32Array(1024);
    charge(ctl, -1, this.data.byteLength);
  }

  /** Room for `n` more words; false if the budget refuses. */
  reserve(n: number): boolean {
    if (this.length + n <= this.data.length) return true;
    let cap = this.data.length * 2;
    while (cap < this.length + n) cap *= 2;
    if (!charge(this.ctl, this.limitKiB, (cap - this.data.length) * 4)) return false;
    const bigger = new Uint32Array(cap);
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
    return true;
  }

  /** Hands the contents over (e.g. for a transfer) and starts empty. */
  take(): Uint32Array {
    const out = this.data.slice(0, this.length);
    this.length = 0;
    return out;
  }
}
