/**
 * How each stored state was first reached, by state index (0, 1, 2, … in insertion order): its parent's
 * index and the index of the producing action in `model.actions(parent)` (for roots: the index in
 * `model.initialStates()`). A trace is rebuilt from these by re-executing actions (trace.ts), so no state
 * object is kept. Shared by the fingerprint table (visited.ts) and hash compaction (compact.ts).
 *
 * Five bytes per state: the parent as an Int32, the action as one byte (a larger index goes to a map that
 * models with fewer than 255 actions per state never use). Records live in append-only chunks of CHUNK
 * states that are never copied; the owning table adds a chunk (and charges its budget for it) before
 * storing the first state of the chunk, and keeps its own per-state records in chunks of the same size.
 */

export const CHUNK_BITS = 12;
/** States per chunk. */
export const CHUNK = 1 << CHUNK_BITS;
export const CHUNK_MASK = CHUNK - 1;
/** Bytes per state of the links. */
export const LINK_BYTES = 5;
/** An action index of one byte; this value marks one kept in the overflow map instead. */
const WIDE_ACTION = 0xff;

export class ParentLinks {
  private readonly parents: Int32Array[] = [];
  private readonly actions: Uint8Array[] = [];
  private readonly wideActions = new Map<number, number>();

  /** Chunks made so far: states 0 .. chunks * CHUNK - 1 have room. */
  get chunks(): number {
    return this.parents.length;
  }

  addChunk(): void {
    this.parents.push(new Int32Array(CHUNK));
    this.actions.push(new Uint8Array(CHUNK));
  }

  /** Records state `index`'s links; its chunk must exist. */
  set(index: number, parent: number, action: number): void {
    const c = index >>> CHUNK_BITS;
    const j = index & CHUNK_MASK;
    this.parents[c]![j] = parent;
    if (action >= WIDE_ACTION) {
      this.actions[c]![j] = WIDE_ACTION;
      this.wideActions.set(index, action);
    } else {
      this.actions[c]![j] = action;
    }
  }

  parentOf(index: number): number {
    return this.parents[index >>> CHUNK_BITS]![index & CHUNK_MASK]!;
  }

  actionOf(index: number): number {
    const a = this.actions[index >>> CHUNK_BITS]![index & CHUNK_MASK]!;
    return a === WIDE_ACTION ? this.wideActions.get(index)! : a;
  }
}
