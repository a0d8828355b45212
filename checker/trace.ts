/**
 * Rebuilding traces from the visited table's parent pointers by re-executing the model.
 *
 * The table keeps no states, only (parent index, action index) per state. A trace is rebuilt by walking
 * parents back to a root, then replaying: start from the recorded initial state, and at each step pick the
 * recorded action index out of `model.actions(state)`. The BFS expanded decoded (canonical) states, so the
 * replay canonicalises after every step too; otherwise a model with symmetry could list its actions in a
 * different order and the recorded index would name another action. Each replayed state is checked against
 * the table, so a model whose `actions`/`next` are not deterministic is reported instead of yielding a
 * wrong trace.
 */

import type { TraceStep } from './result.js';
import type { Model } from './types.js';
import { CompactTable } from './compact.js';
import type { VisitedTable } from './visited.js';

export class Tracer<S, A> {
  private readonly scratch: Uint32Array;

  constructor(
    private readonly model: Model<S, A>,
    private readonly table: VisitedTable | CompactTable,
    private readonly initialStates: readonly S[],
  ) {
    this.scratch = new Uint32Array(model.encodingWords);
  }

  /** The representative the explorer works with: `decode(encode(s))`. */
  canonical(s: S): S {
    this.scratch.fill(0);
    this.model.encode(s, this.scratch, 0);
    return this.model.decode(this.scratch, 0);
  }

  /** Visited index of `s` (up to symmetry), or -1. */
  indexOf(s: S): number {
    this.scratch.fill(0);
    this.model.encode(s, this.scratch, 0);
    return this.table.find(this.scratch, 0);
  }

  /** State indices from a root to `index`, inclusive. */
  pathTo(index: number): number[] {
    const path: number[] = [];
    for (let i = index; i >= 0; i = this.table.parentOf(i)) path.push(i);
    return path.reverse();
  }

  /** A shortest trace from an initial state to the state with this index. */
  traceTo(index: number): TraceStep<S, A>[] {
    const path = this.pathTo(index);
    const root = path[0]!;
    const init = this.initialStates[this.table.actionOf(root)];
    if (init === undefined) throw new Error(`internal: state ${root} has no recorded initial state`);
    let s = this.canonical(init);
    if (!this.stored(s, root)) throw this.nondeterministic();
    const trace: TraceStep<S, A>[] = [{ action: null, state: s }];
    for (let k = 1; k < path.length; k++) {
      const idx = path[k]!;
      const a = this.model.actions(s)[this.table.actionOf(idx)];
      if (a === undefined) throw this.nondeterministic();
      s = this.canonical(this.model.next(s, a));
      if (!this.stored(s, idx)) throw this.nondeterministic();
      trace.push({ action: a, state: s });
    }
    return trace;
  }

  /** The trace to state `index` followed by its `actionIndex`-th action (the target may have an older parent). */
  traceVia(index: number, actionIndex: number): TraceStep<S, A>[] {
    const trace = this.traceTo(index);
    const s = trace[trace.length - 1]!.state;
    const a = this.model.actions(s)[actionIndex];
    if (a === undefined) throw this.nondeterministic();
    trace.push({ action: a, state: this.canonical(this.model.next(s, a)) });
    return trace;
  }

  /** The replayed state `s` is the one stored as `index` (a compact table can only say it has its key). */
  private stored(s: S, index: number): boolean {
    const found = this.indexOf(s);
    return this.table instanceof CompactTable ? found >= 0 : found === index;
  }

  private nondeterministic(): Error {
    return new Error(
      `model ${this.model.name} is not deterministic: replaying the recorded actions did not reproduce the explored states ` +
        '(actions/next must be pure and decode(encode(s)) must list the same actions as the state the explorer expanded)',
    );
  }
}
