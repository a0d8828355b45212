/**
 * Convergence analysis, run once after a complete BFS: from every reachable state, can system actions
 * alone reach a settled state?
 *
 * The BFS recorded every system edge (buffers.ts SystemEdges: tree edges as one bit per state next to the
 * parent link, the others as a stream of targets in source order). Every state from which a settled state
 * is reachable gets marked; any unmarked state is a violation. Because BFS numbers states in depth order,
 * the lowest unmarked index is a shallowest stuck state, and its BFS parent chain is a shortest path to it.
 *
 * The marking is done by sweeps in decreasing state order, which read the edges sequentially and need no
 * predecessor lists: a tree edge (parent → child) always goes from a lower index to a higher one, so a
 * sweep visits the child first and can mark the parent when it gets there; an explicit edge to a higher
 * index is likewise seen marked or not for good when its source is visited. Only an edge to a lower index
 * (a back edge) can need one more sweep, so sweeps repeat until one marks nothing. Each sweep drops the
 * stream entries of the states it marked (they are never read again), in place, so later sweeps read only
 * what is still unknown. A graph that would need many sweeps (long chains of back edges) finishes with a
 * backward breadth-first search over predecessor lists of what is left, seeded with the marks so far, so
 * the cost stays linear and the result is the same. docs/performance.md ("Session 7") has the figures.
 */

import { type BitSet, EDGE_CHUNK, EDGE_CHUNK_BITS, SystemEdges } from './buffers.js';
import type { MemoryBudget } from './memory.js';
import type { Continuation, TraceStep } from './result.js';
import type { Model } from './types.js';

/**
 * Sweep work (states visited plus stream entries read), in units of states + stored edges, after which the
 * pass stops sweeping and finishes with the backward search. The CloneSet bench rows need about 4.
 */
export const SWEEP_WORK_LIMIT = 8;

/**
 * Lowest index of a state that cannot reach a settled state by system edges, -1 if there is none, or null
 * when the budget refuses the pass's memory (one bit per state for the sweeps; when they fall back, 4
 * bytes per state twice and per edge still unknown once; charged while the pass runs). `settled` is used
 * as the mark set and ends up marking every converging state. `edges` is consumed: its stream is
 * rewritten. `sweepWorkLimit` (in units of states + edges) is there for the tests to force the fallback.
 */
export function firstNonConvergent(
  n: number,
  edges: SystemEdges,
  settled: BitSet,
  parentOf: (index: number) => number,
  budget: MemoryBudget,
  sweepWorkLimit = SWEEP_WORK_LIMIT,
): number | null {
  const words = (n + 31) >>> 5;
  if (!settled.ensure(n) || !edges.treeSystem.ensure(n) || !edges.hasRun.ensure(n)) return null;
  const doneBytes = words * 4;
  if (!budget.resize(0, doneBytes)) return null;
  try {
    const pass: SweepPass = { edges, marked: settled.data, done: new Uint32Array(words), words, parentOf, live: edges.length, work: 0 };
    const limit = sweepWorkLimit * (n + edges.length);
    for (;;) {
      if (sweep(pass) === 0) break;
      if (pass.work > limit) {
        if (!backwardSearch(n, pass, budget)) return null;
        break;
      }
    }
    return lowestUnmarked(settled.data, n);
  } finally {
    budget.resize(doneBytes, 0);
  }
}

/** The state of the sweeps: the stream's live entries are those at `live` .. edges.length - 1. */
interface SweepPass {
  readonly edges: SystemEdges;
  readonly marked: Uint32Array;
  /** States marked whose own work is done (parent marked, stream entries dropped): not visited again. */
  readonly done: Uint32Array;
  readonly words: number;
  readonly parentOf: (index: number) => number;
  live: number;
  work: number;
}

/**
 * One sweep in decreasing state order; returns how many states it marked. Visits each state not yet done
 * that has stream entries, or is marked and has a system tree edge from its parent: it is marked if any of its targets is, and
 * a marked state marks its parent when the tree edge is a system one. The live stream holds exactly the
 * runs of states with a run that are not marked (a state is only ever marked before or at its visit), so
 * a state's run is the one just below the read position; kept runs are copied up to the write position,
 * which never passes the read position.
 */
function sweep(pass: SweepPass): number {
  const { edges, marked, done, parentOf } = pass;
  const hasRun = edges.hasRun.data;
  const tree = edges.treeSystem.data;
  const chunks = edges.streamChunks;
  const top = edges.length;
  // Read and write positions, each with its chunk and the chunk's first position.
  let read = top;
  let readBase = top === 0 ? 0 : ((top - 1) >>> EDGE_CHUNK_BITS) << EDGE_CHUNK_BITS;
  let readChunk = chunks[readBase >>> EDGE_CHUNK_BITS] ?? NO_ENTRIES;
  let write = top;
  let writeBase = readBase;
  let writeChunk = readChunk;
  let changed = 0;
  let visits = 0;
  for (let w = pass.words - 1; w >= 0; w--) {
    const runs = hasRun[w]!;
    const treeBits = tree[w]!;
    // A state without a run matters only once marked (to mark its parent); a child in this word may
    // still mark it, below, before its turn.
    let visit = ~done[w]! & (runs | (treeBits & marked[w]!));
    let doneBits = 0;
    while (visit !== 0) {
      const b = 31 - Math.clz32(visit);
      const bit = 1 << b;
      visit ^= bit;
      visits++;
      let mark = marked[w]! & bit;
      if ((runs & bit) !== 0) {
        // The run, read downwards to its first entry and copied up as it is read (the write position is
        // never below the read one); `any`: one of its targets is marked. The copy is undone if the state
        // is marked: its run is not needed again.
        const keptWrite = write;
        const keptBase = writeBase;
        const keptChunk = writeChunk;
        let any = 0;
        let x: number;
        do {
          if (--read < readBase) {
            readBase -= EDGE_CHUNK;
            readChunk = chunks[readBase >>> EDGE_CHUNK_BITS]!;
          }
          x = readChunk[read - readBase]!;
          any |= marked[(x & 0x7fffffff) >>> 5]! & (1 << (x & 31));
          if (--write < writeBase) {
            writeBase -= EDGE_CHUNK;
            writeChunk = chunks[writeBase >>> EDGE_CHUNK_BITS]!;
          }
          writeChunk[write - writeBase] = x;
        } while (x >= 0);
        if (mark === 0 && any !== 0) {
          marked[w]! |= bit;
          changed++;
          mark = 1;
        }
        if (mark !== 0) {
          write = keptWrite;
          writeBase = keptBase;
          writeChunk = keptChunk;
        }
      }
      if (mark !== 0) {
        doneBits |= bit;
        if ((treeBits & bit) !== 0) {
          const u = parentOf((w << 5) | b);
          if ((marked[u >>> 5]! & (1 << (u & 31))) === 0) {
            marked[u >>> 5]! |= 1 << (u & 31);
            changed++;
            if (u >>> 5 === w) visit |= (1 << (u & 31)) & treeBits;
          }
        }
      }
    }
    done[w]! |= doneBits;
  }
  pass.work += pass.words + visits + (top - read);
  pass.live = write;
  return changed;
}

const NO_ENTRIES = new Int32Array(0);

/**
 * Finishes the marking after complete sweeps: a backward breadth-first search over predecessor lists (a
 * counting sort of the live stream on the target) from the marked states. The sweeps have already marked
 * the parent of every marked state with a system tree edge, and every live run belongs to an unmarked
 * source, so only marked targets of live entries seed the search. False when the budget refuses.
 */
function backwardSearch(n: number, pass: SweepPass, budget: MemoryBudget): boolean {
  const { edges, marked, parentOf } = pass;
  const first = pass.live;
  const top = edges.length;
  const bytes = 8 * n + 4 + 4 * (top - first);
  if (!budget.resize(0, bytes)) return false;
  try {
    // `start[t]` first counts up to the end of t's range, then each placement moves it down to the
    // range's beginning.
    const start = new Int32Array(n + 1);
    for (let e = first; e < top; e++) start[SystemEdges.target(edges.entry(e))]!++;
    for (let v = 1; v <= n; v++) start[v]! += start[v - 1]!;
    const preds = new Int32Array(top - first);
    const hasRun = edges.hasRun.data;
    let source = -1;
    for (let e = first; e < top; e++) {
      const x = edges.entry(e);
      if (SystemEdges.startsRun(x)) source = nextLiveSource(hasRun, marked, source + 1);
      preds[--start[SystemEdges.target(x)]!] = source;
    }
    const queue = new Int32Array(n);
    let tail = 0;
    for (let v = 0; v < n; v++) if (start[v] !== start[v + 1] && (marked[v >>> 5]! & (1 << (v & 31))) !== 0) queue[tail++] = v;
    const tree = edges.treeSystem.data;
    for (let head = 0; head < tail; head++) {
      const v = queue[head]!;
      if ((tree[v >>> 5]! & (1 << (v & 31))) !== 0) {
        const u = parentOf(v);
        if ((marked[u >>> 5]! & (1 << (u & 31))) === 0) {
          marked[u >>> 5]! |= 1 << (u & 31);
          queue[tail++] = u;
        }
      }
      for (let e = start[v]!, end = start[v + 1]!; e < end; e++) {
        const u = preds[e]!;
        if ((marked[u >>> 5]! & (1 << (u & 31))) === 0) {
          marked[u >>> 5]! |= 1 << (u & 31);
          queue[tail++] = u;
        }
      }
    }
    return true;
  } finally {
    budget.resize(bytes, 0);
  }
}

/** The lowest state at or above `from` with a run that is not marked: the source of the next live run. */
function nextLiveSource(hasRun: Uint32Array, marked: Uint32Array, from: number): number {
  let w = from >>> 5;
  let bits = hasRun[w]! & ~marked[w]! & (0xffffffff << (from & 31));
  while (bits === 0) {
    w++;
    bits = hasRun[w]! & ~marked[w]!;
  }
  return (w << 5) + (31 - Math.clz32(bits & -bits));
}

/** The lowest index below n whose bit is clear, or -1. */
function lowestUnmarked(marked: Uint32Array, n: number): number {
  for (let w = 0; w << 5 < n; w++) {
    const free = ~marked[w]!;
    if (free !== 0) {
      const v = (w << 5) + (31 - Math.clz32(free & -free));
      return v < n ? v : -1;
    }
  }
  return -1;
}

/**
 * What the system does on its own from a stuck state: repeatedly take the first enabled system action (in
 * the model's action order, so the result is deterministic). Every system successor of a stuck state is
 * itself stuck, so this never reaches a settled state; it ends at a state with no system action (dead end)
 * or when it revisits a state (cycle). The one continuation builder: the explorer and the simulator both
 * use it. `canonical` maps a successor to the state the trace shows (the explorer's canonical
 * representative; the simulator shows successors as `next` returns them, the identity). `keyOf` maps that
 * state to a key that identifies it: its visited index after a complete search (null if it was never
 * visited, a broken model), or its encoding when there is no complete search; revisits are detected by
 * key, so the walk is bounded by the number of states.
 */
export function systemContinuation<S, A>(
  model: Model<S, A>,
  stuck: S,
  stuckKey: number | string,
  canonical: (s: S) => S,
  keyOf: (s: S) => number | string | null,
): Continuation<S, A> {
  const steps: TraceStep<S, A>[] = [];
  const position = new Map<number | string, number>([[stuckKey, 0]]);
  let s = stuck;
  for (;;) {
    const a = model.actions(s).find((x) => model.actionClass(x) === 'system');
    if (a === undefined) return { end: 'deadEnd', steps };
    const t = canonical(model.next(s, a));
    const ti = keyOf(t);
    if (ti === null)
      throw new Error(`model ${model.name} is not deterministic: a system successor replayed after the search was never visited`);
    steps.push({ action: a, state: t });
    const seen = position.get(ti);
    if (seen !== undefined) return { end: 'cycle', steps, cycleStart: seen };
    position.set(ti, steps.length);
    s = t;
  }
}

/** The message of a convergence violation with this continuation, as the explorer and the simulator word it. */
export function convergenceMessage<S, A>(model: Model<S, A>, c: Continuation<S, A>): string {
  return `no settled state is reachable from the last state using only system actions; ${describeContinuation(model, c)}`;
}

/** One-sentence explanation for the violation message. */
export function describeContinuation<S, A>(model: Model<S, A>, c: Continuation<S, A>): string {
  const labels = c.steps.map((st) => model.actionLabel(st.action as A));
  if (c.end === 'deadEnd') {
    return c.steps.length === 0
      ? 'no system action is enabled there (dead end)'
      : `taking the first enabled system action each time (${labels.join(', ')}) reaches a state with no enabled system action (dead end) after ${c.steps.length} step${c.steps.length === 1 ? '' : 's'}`;
  }
  const back = c.cycleStart === 0 ? 'the stuck state itself' : `the state after continuation step ${c.cycleStart}`;
  return `taking the first enabled system action each time (${labels.join(', ')}) loops forever: step ${c.steps.length} returns to ${back} (a cycle of ${c.steps.length - c.cycleStart} step${c.steps.length - c.cycleStart === 1 ? '' : 's'})`;
}
