/**
 * Growable typed-array buffers for the BFS frontier, the system-edge list and per-state flags.
 *
 * Each grows by doubling and charges its size to the shared MemoryBudget; a refused growth is reported as
 * `false` from `push`/`set` so the explorer can stop with limit 'memory' rather than throw mid-level.
 */

import type { MemoryBudget } from './memory.js';

/** A queue of fixed-width encodings: one BFS level. Entry `i` occupies words `[i*width, (i+1)*width)`. */
export class EncodingBuffer {
  data: Uint32Array;
  length = 0;

  constructor(
    readonly width: number,
    initialEntries: number,
    private readonly budget: MemoryBudget,
  ) {
    this.data = new Uint32Array(Math.max(1, initialEntries) * width);
    budget.charge(this.data.byteLength);
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

  /** Kept out of `push`, which is inlined into the explorer's hot loop: growth is rare. */
  private grow(): boolean {
    const bigger = new Uint32Array(this.data.length * 2);
    if (!this.budget.resize(this.data.byteLength, bigger.byteLength)) return false;
    bigger.set(this.data);
    this.data = bigger;
    return true;
  }

  clear(): void {
    this.length = 0;
  }
}

/** Parallel Int32 arrays of (source, target) state indices; only system edges are ever stored. */
export class EdgeList {
  from: Int32Array;
  to: Int32Array;
  length = 0;

  constructor(
    initial: number,
    private readonly budget: MemoryBudget,
  ) {
    this.from = new Int32Array(Math.max(1, initial));
    this.to = new Int32Array(Math.max(1, initial));
    budget.charge(this.from.byteLength * 2);
  }

  push(a: number, b: number): boolean {
    if (this.length === this.from.length && !this.grow()) return false;
    this.from[this.length] = a;
    this.to[this.length] = b;
    this.length++;
    return true;
  }

  /** Kept out of `push`, which is inlined into the explorer's hot loop: growth is rare. */
  private grow(): boolean {
    const n = this.from.length * 2;
    if (!this.budget.resize(this.from.byteLength * 2, n * 8)) return false;
    const f = new Int32Array(n);
    f.set(this.from);
    const t = new Int32Array(n);
    t.set(this.to);
    this.from = f;
    this.to = t;
    return true;
  }
}

/** One byte per state index (e.g. "is settled"), grown on demand. */
export class StateFlags {
  data: Uint8Array;

  constructor(
    initial: number,
    private readonly budget: MemoryBudget,
  ) {
    this.data = new Uint8Array(Math.max(1, initial));
    budget.charge(this.data.byteLength);
  }

  set(i: number): boolean {
    if (i >= this.data.length) {
      let n = this.data.length * 2;
      while (n <= i) n *= 2;
      if (!this.budget.resize(this.data.byteLength, n)) return false;
      const bigger = new Uint8Array(n);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[i] = 1;
    return true;
  }

  get(i: number): boolean {
    return i < this.data.length && this.data[i] === 1;
  }
}
