/**
 * Entry point of a parallel-exploration worker (run with `new Worker`; see explore-parallel.ts).
 *
 * A worker builds its own model instance from the factory reference, then, level by level, claims chunks
 * of the frontier (its own segment first: claims.ts), expands them, adds successors to the shared table
 * and appends new states to its own output buffer, which becomes part of the next frontier. Each state is
 * expanded by the same core as in the single-threaded explorer (core/expand.ts), here over a SharedStore
 * and a WorkerSink; so invariants, step properties and deadlocks are checked alike. Under
 * stopAtFirstViolation, the first violation anywhere stops all workers, because the main thread then
 * re-runs single-threaded to obtain the shortest counterexample; otherwise a worker notes which
 * properties it saw violated, stops checking them, and goes on (the main thread gets their
 * counterexamples afterwards, from a re-run that stops once it has them all). A `sometimes` property a
 * worker reaches is reported by name with the level; every worker drops it from the next level on.
 */

import { parentPort, workerData } from 'node:worker_threads';
import { Expander, STOPPED } from '../core/expand.js';
import { PropertyChecks } from '../core/properties.js';
import type { Model } from '../types.js';
import { ChunkedWords, OutputBuffer, WordList } from './buffers.js';
import { SegmentClaims } from './claims.js';
import { loadModel } from './load-model.js';
import { CTL, STOP, WORKER_MARK } from './protocol.js';
import { EdgeRecorder, edgesAsPairs } from './edge-records.js';
import type { DrainMessage, EdgesReport, FinishMessage, FromWorker, GrowMessage, InitMessage, LevelMessage, ToWorker } from './protocol.js';
import { SharedTable } from './shared-table.js';
import { SharedStore } from './shared-store.js';
import { WorkerSink } from './worker-sink.js';

class Worker<S, A> {
  private readonly width: number;
  private readonly ctl: Int32Array;
  private readonly progress: Float64Array;
  private readonly outs: [OutputBuffer, OutputBuffer];
  private readonly store: SharedStore;
  private readonly sink: WorkerSink<S, A>;
  private readonly core: Expander<S, A>;
  private readonly claims: SegmentClaims;
  private totalAdded = 0;
  /** Expansions so far: the id the sink gets for the state being expanded (from 1: SharedStore's ids are 0). */
  private expanded = 0;

  constructor(
    private readonly model: Model<S, A>,
    private readonly init: InitMessage,
  ) {
    this.width = model.encodingWords;
    this.ctl = new Int32Array(init.ctl);
    this.claims = new SegmentClaims(init.ctl, init.workers);
    this.progress = new Float64Array(init.progress);
    const wanted = new Set(init.properties);
    const props = new PropertyChecks(
      model.properties.filter((p) => wanted.has(p.name)),
      { stopAtFirst: init.stopAtFirst, stopWhenAll: false, scanForDeadlocks: false },
    );
    this.outs = [new OutputBuffer(this.width, this.ctl, init.limitKiB), new OutputBuffer(this.width, this.ctl, init.limitKiB)];
    const stop = (code: number): false => this.sink.stop(code);
    this.store = new SharedStore(this.width, this.ctl, init.maxStates, new WordList(this.ctl, init.limitKiB), stop);
    const edges = init.convergence ? new EdgeRecorder(new ChunkedWords(this.ctl, init.limitKiB)) : null;
    const settled = init.convergence ? new ChunkedWords(this.ctl, init.limitKiB) : null;
    this.sink = new WorkerSink(model, this.store, this.ctl, init.stopAtFirst, edges, settled);
    const config = { settled: init.convergence, edges: init.convergence, stuck: null };
    this.core = new Expander(model, this.store, this.sink, props, this.outs[0], config);
  }

  level(m: LevelMessage): FromWorker {
    this.useTable(m.table, m.capacity);
    const out = this.outs[m.level & 1]!;
    out.length = 0;
    this.core.out = out;
    this.core.probing = m.probing;
    this.store.added = 0;
    this.store.quota = m.quota;
    if (m.reached.length > 0) this.core.props.forgetWitnesses(m.reached);
    const w = this.width;
    const segs = m.segments;
    const claims = this.claims;
    const core = this.core;
    const model = this.model;
    // Own segment first, from the front: its states are this worker's discoveries of the last level,
    // siblings of each other, whose successors overlap. Expanding them here finds those duplicates in this
    // worker's recent cache and in table lines this core wrote itself; chunks dealt round-robin sent half
    // of them across cores (TwoPhase N=9, 2 workers: ~12% less time). Then help with the others' segments,
    // from the back (claims.ts).
    for (let k = 0; k < segs.length; k++) {
      const seg = (this.init.workerId + k) % segs.length;
      const count = segs[seg]!.count;
      if (count === 0) continue;
      const view = new Uint32Array(segs[seg]!.buffer, 0, count * w);
      const own = k === 0;
      while (own ? claims.front(seg, m.chunk) : claims.back(seg, m.chunk)) {
        if (Atomics.load(this.ctl, CTL.stop) !== STOP.none) return this.report();
        for (let p = claims.start; p < claims.end; p++) {
          const sOff = p * w;
          if (core.expand(model.decode(view, sOff), view, sOff, ++this.expanded) === STOPPED) return this.report();
        }
        this.progress[2 * this.init.workerId] = this.totalAdded + this.store.added;
        this.progress[2 * this.init.workerId + 1] = core.transitions;
      }
    }
    return this.report();
  }

  grow(m: GrowMessage): FromWorker {
    new SharedTable(m.from, m.fromCapacity).rehashInto(new SharedTable(m.to, m.toCapacity), m.start, m.end);
    return { type: 'grown' };
  }

  drain(m: DrainMessage): FromWorker {
    this.useTable(m.table, m.capacity);
    const store = this.store;
    store.added = 0;
    store.quota = Infinity;
    const d = store.deferred.take();
    const w = this.width;
    for (let at = 0; at < d.length; at += w) {
      if (Atomics.load(this.ctl, CTL.stop) !== STOP.none) break;
      const r = store.lookupOrAdd(d, at, -1, -1);
      if (r < -1 || (r === 0 && this.core.admit(0, d, at, null))) continue;
      break;
    }
    return this.report();
  }

  /**
   * Maps this worker's recorded edges and settled states to dense state numbers, here rather than on
   * the main thread so that the workers share the random probes (two per edge).
   */
  finish(m: FinishMessage): EdgesReport {
    this.useTable(m.table, m.capacity);
    const table = this.store.table!;
    const ranks = new Int32Array(m.ranks);
    const numberOf = (lo: number, hi: number): number => {
      const v = table.slotOf(lo, hi);
      if (v < 0) throw new Error('internal: an edge of the parallel run names an unvisited state');
      return ranks[v]!;
    };
    const recorded = this.sink.edges;
    const edges = recorded === null ? [] : edgesAsPairs(recorded.list, numberOf);
    const settledStates = this.sink.settledStates;
    const settled = new Int32Array(settledStates === null ? 0 : settledStates.words / 2);
    let k = 0;
    settledStates?.forEachChunk((d, n) => {
      for (let i = 0; i < n; i += 2) settled[k++] = numberOf(d[i]!, d[i + 1]!);
    });
    return { type: 'edges', edges, settled };
  }

  /** A new view per message: a SharedArrayBuffer arrives as a new object each time it is posted. */
  private useTable(buffer: SharedArrayBuffer, capacity: number): void {
    this.store.table = new SharedTable(buffer, capacity);
  }

  private report(): FromWorker {
    const added = this.store.added;
    this.totalAdded += added;
    const out = this.core.out as OutputBuffer;
    return {
      type: 'level',
      added,
      transitions: this.core.transitions,
      kinds: this.core.kinds.toRecord(this.core.transitions),
      deferred: this.store.deferred.length / this.width,
      depthCut: this.core.depthCut,
      out: { buffer: out.buffer, count: out.length },
      violated: this.sink.takeViolated(),
      reached: this.sink.takeReached(),
    };
  }
}

// Only when started by exploreParallel: this module must not answer some other thread's messages.
if (parentPort !== null && workerData === WORKER_MARK) {
  const port = parentPort;
  let worker: Worker<unknown, unknown> | null = null;
  let ctl: Int32Array | null = null;
  const reply = (m: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);
  port.on('message', (m: ToWorker) => {
    void (async () => {
      try {
        switch (m.type) {
          case 'init':
            ctl = new Int32Array(m.ctl);
            worker = new Worker(await loadModel(m.ref), m);
            reply({ type: 'ready' });
            break;
          case 'level':
            reply(worker!.level(m));
            break;
          case 'grow':
            reply(worker!.grow(m));
            break;
          case 'drain':
            reply(worker!.drain(m));
            break;
          case 'finish': {
            const r = worker!.finish(m);
            reply(r, [...r.edges.map((c) => c.data.buffer as ArrayBuffer), r.settled.buffer as ArrayBuffer]);
            break;
          }
        }
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        // Other workers must not wait for this one at the end of the level.
        if (ctl !== null) Atomics.compareExchange(ctl, CTL.stop, STOP.none, STOP.error);
        reply({ type: 'error', message: err.message, stack: err.stack });
      }
    })();
  });
}
