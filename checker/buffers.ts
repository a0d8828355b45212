/**
 * The single-threaded explorer's growable buffers: the BFS frontier, the system edges the convergence check
 * needs, and per-state bit flags.
 *
 * Each charges its size to the shared MemoryBudget; a refused growth is reported as `false` from
 * `push`/`set` so the explorer can stop with limit 'memory' rather than throw mid-level. The frontier and
 * the edges live in fixed-size chunks (no doubling slack, nothing copied), and the frontier hands the
 * chunks of the level being read back to the level being written, so it holds about one level, not two.
 */

import type { MemoryBudget } from './memory.js';

const FRONTIER_CHUNK_BITS = 12;
const FRONTIER_CHUNK = 1 << FRONTIER_CHUNK_BITS;

/** Chunks of frontier entries no level uses at the moment, shared by the two levels of a BFS. */
export class ChunkPool {
  private readonly free: Uint32Array[] = [];

  constructor(
    /** Words per chunk. */
    readonly words: number,
    private readonly budget: MemoryBudget,
  ) {}

  take(): Uint32Array | null {
    const c = this.free.pop();
    if (c !== undefined) return c;
    if (!this.budget.resize(0, this.words * 4)) return null;
    return new Uint32Array(this.words);
  }

  give(c: Uint32Array): void {
    this.free.push(c);
  }

  /** Returns the free chunks' bytes to the budget (once the search is over). */
  drop(): void {
    this.budget.resize(this.free.length * this.words * 4, 0);
    this.free.length = 0;
  }
}

const NO_CHUNK = new Uint32Array(0);

/**
 * A queue of fixed-width encodings: one BFS level, written by `push`, then read in order. Entry `i` is at
 * `chunk(i)[offset(i) .. offset(i) + width)`. Reading entry i gives the chunks before i's back to the pool.
 */
export class FrontierQueue {
  length = 0;
  private readonly chunks: Uint32Array[] = [];

  constructor(
    readonly width: number,
    private readonly pool: ChunkPool,
  ) {}

  /** Words per chunk for entries of this width. */
  static chunkWords(width: number): number {
    return FRONTIER_CHUNK * width;
  }

  push(src: Uint32Array, off: number): boolean {
    const w = this.width;
    const n = this.length;
    if ((n & (FRONTIER_CHUNK - 1)) === 0 && !this.addChunk()) return false;
    const d = this.chunks[n >>> FRONTIER_CHUNK_BITS]!;
    let at = (n & (FRONTIER_CHUNK - 1)) * w;
    for (let i = 0; i < w; i++) d[at++] = src[off + i]!;
    this.length = n + 1;
    return true;
  }

  /** The chunk holding entry `i`; when `i` starts a chunk, the one before goes back to the pool. */
  chunk(i: number): Uint32Array {
    const c = i >>> FRONTIER_CHUNK_BITS;
    if ((i & (FRONTIER_CHUNK - 1)) === 0 && c > 0) this.recycle(c - 1);
    return this.chunks[c]!;
  }

  /** Word offset of entry `i` in its chunk. */
  offset(i: number): number {
    return (i & (FRONTIER_CHUNK - 1)) * this.width;
  }

  /** Empties the queue, giving every chunk back to the pool. */
  clear(): void {
    for (let c = 0; c < this.chunks.length; c++) this.recycle(c);
    this.chunks.length = 0;
    this.length = 0;
  }

  /** Kept out of `push`, which is inlined into the explorer's hot loop: growth is rare. */
  private addChunk(): boolean {
    const c = this.pool.take();
    if (c === null) return false;
    this.chunks.push(c);
    return true;
  }

  private recycle(c: number): void {
    const chunk = this.chunks[c]!;
    if (chunk !== NO_CHUNK) {
      this.pool.give(chunk);
      this.chunks[c] = NO_CHUNK;
    }
  }
}

/** One bit per state index, grown on demand. */
export class BitSet {
  data: Uint32Array;

  constructor(
    initialBits: number,
    private readonly budget: MemoryBudget,
  ) {
    this.data = new Uint32Array(Math.max(1, Math.ceil(initialBits / 32)));
    budget.charge(this.data.byteLength);
  }

  set(i: number): boolean {
    const w = i >>> 5;
    if (w >= this.data.length && !this.grow(w)) return false;
    this.data[w]! |= 1 << (i & 31);
    return true;
  }

  get(i: number): boolean {
    const w = i >>> 5;
    return w < this.data.length && (this.data[w]! & (1 << (i & 31))) !== 0;
  }

  /** Makes room for bits 0..n-1; false when the budget refuses. */
  ensure(n: number): boolean {
    const w = (n + 31) >>> 5;
    return w <= this.data.length || this.grow(w - 1);
  }

  /** The lowest set bit at or above `from`, or -1. */
  nextSet(from: number): number {
    const d = this.data;
    let w = from >>> 5;
    if (w >= d.length) return -1;
    let bits = d[w]! & (0xffffffff << (from & 31));
    while (bits === 0) {
      if (++w >= d.length) return -1;
      bits = d[w]!;
    }
    return (w << 5) + (31 - Math.clz32(bits & -bits));
  }

  private grow(w: number): boolean {
    let n = this.data.length * 2;
    while (n <= w) n *= 2;
    if (!this.budget.resize(this.data.byteLength, n * 4)) return false;
    const bigger = new Uint32Array(n);
    bigger.set(this.data);
    this.data = bigger;
    return true;
  }
}

export const EDGE_CHUNK_BITS = 14;
export const EDGE_CHUNK = 1 << EDGE_CHUNK_BITS;
/** Marks the first target of a source's run in the edge stream (indices stay below 2^31). */
const RUN_START = 0x80000000;

/**
 * The system edges (source → target state indices) of a search, for the convergence check, in about 4
 * bytes per edge that the BFS tree does not already hold:
 *  - a tree edge (the transition that first reached its target) is implied by the target's parent link;
 *    one bit per state (`treeSystem`) says whether that transition was a system one;
 *  - every other system edge is appended, in source order (the order states are expanded), as its target
 *    index; the first target of each source's run carries RUN_START, and `hasRun` has one bit per state
 *    with a run. Sources are not stored: runs are read back in state order.
 * Duplicate and self-loop edges add nothing to reachability and are not stored.
 */
export class SystemEdges {
  readonly treeSystem: BitSet;
  readonly hasRun: BitSet;
  /** Explicit edges stored. */
  length = 0;
  private readonly chunks: Int32Array[] = [];
  private lastSource = -1;

  constructor(
    initialStates: number,
    private readonly budget: MemoryBudget,
  ) {
    this.treeSystem = new BitSet(initialStates, budget);
    this.hasRun = new BitSet(initialStates, budget);
  }

  /** Appends a non-tree system edge; sources must come in non-decreasing order. */
  push(source: number, target: number): boolean {
    const n = this.length;
    if ((n & (EDGE_CHUNK - 1)) === 0 && n >>> EDGE_CHUNK_BITS === this.chunks.length && !this.addChunk()) return false;
    let t = target;
    if (source !== this.lastSource) {
      if (!this.hasRun.set(source)) return false;
      this.lastSource = source;
      t = (target | RUN_START) >>> 0;
    }
    this.chunks[n >>> EDGE_CHUNK_BITS]![n & (EDGE_CHUNK - 1)] = t;
    this.length = n + 1;
    return true;
  }

  /** Entry `e` of the stream: its target, and whether it starts a source's run. */
  entry(e: number): number {
    return this.chunks[e >>> EDGE_CHUNK_BITS]![e & (EDGE_CHUNK - 1)]!;
  }

  /**
   * The stream's chunks: entry `e` is at `[e >>> EDGE_CHUNK_BITS][e & (EDGE_CHUNK - 1)]`. For the
   * convergence pass, which reads them in a tight loop and, once the search is over, compacts the stream in
   * place (convergence.ts): nothing may read the edges after it.
   */
  get streamChunks(): readonly Int32Array[] {
    return this.chunks;
  }

  static target(entry: number): number {
    return entry & 0x7fffffff;
  }

  static startsRun(entry: number): boolean {
    return entry < 0;
  }

  private addChunk(): boolean {
    if (!this.budget.resize(0, EDGE_CHUNK * 4)) return false;
    this.chunks.push(new Int32Array(EDGE_CHUNK));
    return true;
  }
}
