/**
 * Transitions counted by action kind, on the explorer's hot path (once per transition). Shared by the
 * single-threaded explorer and the parallel workers.
 *
 * A model that lists its kinds and gives each action's index in that list (Model.actionKinds and
 * actionKindIndex) is counted by array index. Otherwise a kind is found by name: models have a handful of
 * kinds, so a linear scan of the names seen so far beats hashing, with a map past the first few dozen.
 * Counting by name in the expansion loop cost TwoPhase ~9% (docs/performance.md, "Session 9"): the scan's
 * own work, and its bytecode, which spent V8's inlining budget for the loop (`admit` was no longer inlined).
 */

import type { Model } from './types.js';

/** Kinds scanned by name before the map is asked. */
const SCANNED = 32;

export class KindCounter<A> {
  /** Transitions by kind index; grown as kinds are found by name. */
  private counts: Float64Array;
  /** The kind index of an action: the model's own, or found by name. */
  private readonly indexOf: (a: A) => number;
  /** Kind names by index: the model's list, or the names in the order they were first seen. */
  private readonly names: string[];
  private readonly byName = new Map<string, number>();

  constructor(model: Pick<Model<unknown, A>, 'actionKind' | 'actionKinds' | 'actionKindIndex'>) {
    const listed = model.actionKinds;
    const indexOf = model.actionKindIndex;
    if (listed !== undefined && indexOf !== undefined) {
      this.names = [...listed];
      this.counts = new Float64Array(Math.max(1, listed.length));
      this.indexOf = indexOf.bind(model);
    } else {
      this.names = [];
      this.counts = new Float64Array(8);
      this.indexOf = (a) => this.find(model.actionKind(a));
    }
  }

  /**
   * Counts `a` and returns its kind index (`name` gives the kind). Kept to a few bytes of bytecode: it is
   * inlined into the expansion loop, whose inlining budget it shares with the model's `next` and the
   * explorer's `admit`. The counts are read after `indexOf`, which may grow them.
   */
  count(a: A): number {
    const i = this.indexOf(a);
    this.counts[i]!++;
    return i;
  }

  /** Whether `i` is the index of a kind (a model's actionKindIndex may give one outside its list). */
  has(i: number): boolean {
    return this.names[i] !== undefined;
  }

  /** The kind of index `i` (an index `count` returned). */
  name(i: number): string {
    const name = this.names[i];
    if (name === undefined) throw new Error(`no action kind has index ${i} (actionKinds has ${this.names.length})`);
    return name;
  }

  /**
   * Counts by kind, keys sorted (deterministic output); kinds with no transition are left out. `transitions`,
   * the number counted, checks the model's indices: an index outside its list counts nothing.
   */
  toRecord(transitions: number): Record<string, number> {
    const sums = new Map<string, number>();
    let total = 0;
    for (let i = 0; i < this.names.length; i++) {
      const n = this.counts[i]!;
      total += n;
      if (n > 0) sums.set(this.names[i]!, (sums.get(this.names[i]!) ?? 0) + n);
    }
    if (total !== transitions)
      throw new Error(
        `the model's actionKindIndex gave ${transitions - total} of ${transitions} transitions an index outside actionKinds (0..${this.names.length - 1})`,
      );
    const out: Record<string, number> = {};
    for (const k of [...sums.keys()].sort()) out[k] = sums.get(k)!;
    return out;
  }

  private find(kind: string): number {
    const names = this.names;
    const scanned = Math.min(names.length, SCANNED);
    for (let i = 0; i < scanned; i++) if (names[i] === kind) return i;
    return this.byName.get(kind) ?? this.learn(kind);
  }

  private learn(kind: string): number {
    const i = this.names.length;
    this.names.push(kind);
    if (i >= SCANNED) this.byName.set(kind, i);
    if (i >= this.counts.length) {
      const grown = new Float64Array(this.counts.length * 2);
      grown.set(this.counts);
      this.counts = grown;
    }
    return i;
  }
}
