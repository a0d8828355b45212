/**
 * Hash compaction (mode 'compact'): a visited set that stores one 32-bit key per state and nothing else of
 * its identity, for scopes whose exact tables would not fit (SPIN's hash-compact mode, here under BFS).
 *
 * A state's 64-bit fingerprint picks its home slot (low half) and gives its key (high half); the slot
 * array holds keys only. Two distinct states are merged when the new one meets an equal key on its probe
 * run: then it is taken for visited and not explored — a state may be missed, so a run that finds nothing
 * proves nothing ('no-violation-found', never 'holds'). What is stored is never wrong, though: each state
 * keeps its parent's index and its action index exactly as in visited.ts, so a counterexample is a real
 * path, replayed from an initial state (trace.ts) and re-checked on the replayed states (local-sink.ts).
 *
 * A key does not say where its home slot was, so the slot array cannot be rehashed: as in SPIN, its size
 * is fixed up front (`compactSlots`, by default from the memory limit), and a run that fills it to
 * MAX_LOAD stops with limit 'memory'. Home and key come from independent halves of the fingerprint, so a
 * new state is merged only if its key equals one of the keys its probe run passes. About 4/load + 5 bytes
 * per state (against 13 + 4/load for the fingerprint table). States have no index in the slots, so edges
 * cannot name their targets: the convergence property and the onEdge hook are not available in this mode
 * (options.ts refuses them).
 *
 * Coverage: the table counts the occupied slots that lookups of new states compared their key with. Each
 * such comparison would have been a false match with probability 2^-32 (keys as uniform random values),
 * so about `probes / 2^32` new states were merged away (`compactCoverage`).
 */

import { STORE_FULL, type Store } from './core/store.js';
import { fingerprintInto } from './fingerprint.js';
import type { MemoryBudget } from './memory.js';

/** Past this load the probe runs grow long: the run stops with limit 'memory'. */
const MAX_LOAD = 0.9;
const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK - 1;
const WIDE_ACTION = 0xff;

/** Key bits per state. */
export const COMPACT_KEY_BITS = 32;

/**
 * Estimated coverage of a hash-compaction search: `states` stored, `probes` key comparisons made while
 * inserting them. Each comparison merges a new state with probability 2^-keyBits, so about
 * `omitted = probes / 2^keyBits` reached states were not stored; the estimate is states / (states +
 * omitted). Like SPIN's and TLC's figures it counts only the states merged, not what they would have led
 * to.
 */
export function compactCoverage(states: number, probes: number, keyBits = COMPACT_KEY_BITS): { coverage: number; omitted: number } {
  const omitted = probes / 2 ** keyBits;
  return { coverage: states === 0 ? 1 : states / (states + omitted), omitted };
}

export class CompactTable implements Store {
  count = 0;
  fullReason: 'maxStates' | 'memory' = 'memory';
  /** Occupied slots compared with the key of a state then added (see compactCoverage). */
  probes = 0;
  readonly exact = false;

  private readonly slots: Uint32Array;
  private readonly mask: number;
  private readonly fullAt: number;
  private readonly parents: Int32Array[] = [];
  private readonly actions: Uint8Array[] = [];
  private readonly wideActions = new Map<number, number>();
  private readonly fp = new Uint32Array(2);

  constructor(
    readonly width: number,
    /** Slot count, a power of two (options.ts checks it). */
    slots: number,
    private readonly maxStates: number,
    private readonly budget: MemoryBudget,
  ) {
    this.mask = slots - 1;
    this.slots = new Uint32Array(slots);
    this.fullAt = Math.floor(slots * MAX_LOAD);
    budget.charge(this.slots.byteLength);
  }

  parentOf(index: number): number {
    return this.parents[index >>> CHUNK_BITS]![index & CHUNK_MASK]!;
  }

  actionOf(index: number): number {
    const a = this.actions[index >>> CHUNK_BITS]![index & CHUNK_MASK]!;
    return a === WIDE_ACTION ? this.wideActions.get(index)! : a;
  }

  /** 0 if a state with this key is stored (the table numbers nothing), else -1. */
  find(words: Uint32Array, off: number): number {
    const fp = this.fp;
    fingerprintInto(words, off, this.width, fp);
    const key = fp[1]! === 0 ? 1 : fp[1]!;
    const slots = this.slots;
    const mask = this.mask;
    for (let i = fp[0]! & mask; ; i = (i + 1) & mask) {
      const v = slots[i]!;
      if (v === 0) return -1;
      if (v === key) return 0;
    }
  }

  /** As VisitedTable's, but a state already there is always reported as id 0 (`-2`). */
  lookupOrAdd(words: Uint32Array, off: number, parentIndex: number, actionIndex: number): number {
    const fp = this.fp;
    fingerprintInto(words, off, this.width, fp);
    const key = fp[1]! === 0 ? 1 : fp[1]!;
    const slots = this.slots;
    const mask = this.mask;
    let i = fp[0]! & mask;
    let probed = 0;
    for (;;) {
      const v = slots[i]!;
      if (v === 0) break;
      if (v === key) return -2;
      probed++;
      i = (i + 1) & mask;
    }
    const index = this.count;
    if (index >= this.maxStates) {
      this.fullReason = 'maxStates';
      return STORE_FULL;
    }
    const c = index >>> CHUNK_BITS;
    if (index >= this.fullAt || ((index & CHUNK_MASK) === 0 && c === this.parents.length && !this.addChunk())) {
      this.fullReason = 'memory';
      return STORE_FULL;
    }
    this.probes += probed;
    slots[i] = key;
    const j = index & CHUNK_MASK;
    this.parents[c]![j] = parentIndex;
    if (actionIndex >= WIDE_ACTION) {
      this.actions[c]![j] = WIDE_ACTION;
      this.wideActions.set(index, actionIndex);
    } else {
      this.actions[c]![j] = actionIndex;
    }
    this.count = index + 1;
    return index;
  }

  /** Nothing to release: kept for the explorer, which treats both tables alike. */
  releaseIndex(): void {}

  private addChunk(): boolean {
    if (!this.budget.resize(0, CHUNK * 5)) return false;
    this.parents.push(new Int32Array(CHUNK));
    this.actions.push(new Uint8Array(CHUNK));
    return true;
  }
}
