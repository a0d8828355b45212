/**
 * Entry point of a parallel-exploration worker (run with `new Worker`; see explore-parallel.ts).
 *
 * A worker builds its own model instance from the factory reference, then, level by level, claims chunks
 * of the frontier (its own segment first: claims.ts), expands them, adds successors to the shared table
 * and appends new states to its own output buffer, which becomes part of the next frontier. It checks invariants, step properties and
 * deadlocks like the single-threaded explorer. Under stopAtFirstViolation, the first violation anywhere
 * stops all workers, because the main thread then re-runs single-threaded to obtain the shortest
 * counterexample; otherwise a worker notes which properties it saw violated, stops checking them, and
 * goes on (the main thread gets their counterexamples afterwards, from a re-run that stops once it has
 * them all).
 */

import { KindCounter } from '../kind-counter.js';
import { encodeSuccessor } from '../encode-successor.js';
import { RecentCache } from '../recent-cache.js';
import { parentPort, workerData } from 'node:worker_threads';
import { fingerprintInto } from '../fingerprint.js';
import type { Model, Property } from '../types.js';
import { ChunkedWords, OutputBuffer, WordList } from './buffers.js';
import { SegmentClaims } from './claims.js';
import { loadModel } from './load-model.js';
import { CTL, STOP, WORKER_MARK } from './protocol.js';
import type { DrainMessage, EdgesReport, FinishMessage, FromWorker, GrowMessage, InitMessage, LevelMessage, ToWorker } from './protocol.js';
import { FOUND, NEW, nonzero, REFUSED, SharedTable } from './shared-table.js';

type Invariant<S, A> = Extract<Property<S, A>, { kind: 'invariant' }>;
type Step<S, A> = Extract<Property<S, A>, { kind: 'step' }>;

/** What `visit` tells `expand`: go on, skip the successor's step checks (cut by maxDepth), or stop. */
const VISIT = { ok: 0, skip: 1, stop: 2 } as const;

class Worker<S, A> {
  private readonly width: number;
  private readonly ctl: Int32Array;
  private readonly progress: Float64Array;
  private invariants: Invariant<S, A>[];
  private steps: Step<S, A>[];
  private deadlocks: string[];
  private readonly outs: [OutputBuffer, OutputBuffer];
  private out: OutputBuffer;
  private table: SharedTable | null = null;
  private readonly scratch: Uint32Array;
  private readonly fp = new Uint32Array(4);
  /** fp[2], fp[3] hold the fingerprint of the state being expanded. */
  private sourceFingerprinted = false;
  /** States this worker found or inserted lately (any value: membership is all it records). */
  private readonly recent = new RecentCache();
  private readonly deferred: WordList;
  /** System edges (source lo, hi, target lo, hi) and settled states (lo, hi), as fingerprints. */
  private readonly edges: ChunkedWords | null;
  private readonly settled: ChunkedWords | null;
  private readonly kinds = new KindCounter();
  private readonly claims: SegmentClaims;
  private added = 0;
  private transitions = 0;
  private totalAdded = 0;
  private quota = Infinity;
  private probing = false;
  private depthCut = false;
  /** Properties this worker saw violated during the current level (or drain). */
  private violated: string[] = [];

  constructor(
    private readonly model: Model<S, A>,
    private readonly init: InitMessage,
  ) {
    this.width = model.encodingWords;
    this.ctl = new Int32Array(init.ctl);
    this.claims = new SegmentClaims(init.ctl, init.workers);
    this.progress = new Float64Array(init.progress);
    const wanted = new Set(init.properties);
    const props = model.properties.filter((p) => wanted.has(p.name));
    this.invariants = props.filter((p): p is Invariant<S, A> => p.kind === 'invariant');
    this.steps = props.filter((p): p is Step<S, A> => p.kind === 'step');
    this.deadlocks = props.filter((p) => p.kind === 'deadlock').map((p) => p.name);
    this.outs = [new OutputBuffer(this.width, this.ctl, init.limitKiB), new OutputBuffer(this.width, this.ctl, init.limitKiB)];
    this.out = this.outs[0];
    this.scratch = new Uint32Array(this.width);
    this.deferred = new WordList(this.ctl, init.limitKiB);
    this.edges = init.convergence ? new ChunkedWords(this.ctl, init.limitKiB) : null;
    this.settled = init.convergence ? new ChunkedWords(this.ctl, init.limitKiB) : null;
  }

  level(m: LevelMessage): FromWorker {
    this.useTable(m.table, m.capacity);
    this.out = this.outs[m.level & 1]!;
    this.out.length = 0;
    this.added = 0;
    this.quota = m.quota;
    this.probing = m.probing;
    const w = this.width;
    const segs = m.segments;
    const claims = this.claims;
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
        for (let p = claims.start; p < claims.end; p++) if (!this.expand(view, p * w)) return this.report();
        this.progress[2 * this.init.workerId] = this.totalAdded + this.added;
        this.progress[2 * this.init.workerId + 1] = this.transitions;
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
    this.added = 0;
    this.quota = Infinity;
    const d = this.deferred.take();
    const w = this.width;
    const rec = w + 2;
    for (let at = 0; at < d.length; at += rec) {
      if (Atomics.load(this.ctl, CTL.stop) !== STOP.none) break;
      if (!this.add(d[at + w]!, d[at + w + 1]!, d, at, null)) break;
    }
    return this.report();
  }

  /**
   * Maps this worker's recorded edges and settled states to dense state numbers, here rather than on
   * the main thread so that the workers share the random probes (two per edge).
   */
  finish(m: FinishMessage): EdgesReport {
    this.useTable(m.table, m.capacity);
    const table = this.table!;
    const ranks = new Int32Array(m.ranks);
    const numberOf = (lo: number, hi: number): number => {
      const v = table.slotOf(lo, hi);
      if (v < 0) throw new Error('internal: an edge of the parallel run names an unvisited state');
      return ranks[v]!;
    };
    const edges = this.edges;
    const from = new Int32Array(edges === null ? 0 : edges.words / 4);
    const to = new Int32Array(from.length);
    let k = 0;
    edges?.forEachChunk((d, n) => {
      for (let i = 0; i < n; i += 4, k++) {
        from[k] = numberOf(d[i]!, d[i + 1]!);
        to[k] = numberOf(d[i + 2]!, d[i + 3]!);
      }
    });
    const settled = new Int32Array(this.settled === null ? 0 : this.settled.words / 2);
    k = 0;
    this.settled?.forEachChunk((d, n) => {
      for (let i = 0; i < n; i += 2) settled[k++] = numberOf(d[i]!, d[i + 1]!);
    });
    return { type: 'edges', from, to, settled };
  }

  /** A new view per message: a SharedArrayBuffer arrives as a new object each time it is posted. */
  private useTable(buffer: SharedArrayBuffer, capacity: number): void {
    this.table = new SharedTable(buffer, capacity);
  }

  private report(): FromWorker {
    this.totalAdded += this.added;
    const kinds = this.kinds.toRecord();
    return {
      type: 'level',
      added: this.added,
      transitions: this.transitions,
      kinds,
      deferred: this.deferred.length / (this.width + 2),
      depthCut: this.depthCut,
      out: { buffer: this.out.buffer, count: this.out.length },
      violated: this.takeViolated(),
    };
  }

  /** Expands the state encoded at `src[sOff..]`; false when this worker must stop. */
  private expand(src: Uint32Array, sOff: number): boolean {
    const model = this.model;
    const w = this.width;
    const s = model.decode(src, sOff);
    this.sourceFingerprinted = false;
    if (this.settled !== null && model.isSettled!(s)) {
      const fp = this.sourceFingerprint(src, sOff);
      if (!this.record(this.settled, fp[2]!, fp[3]!, -1, -1)) return false;
    }
    const acts = model.actions(s);
    const n = acts.length;
    if (n === 0) {
      if (this.deadlocks.length > 0 && !(model.isTerminal !== undefined && model.isTerminal(s))) {
        // Every deadlock property at once, as the single-threaded explorer records them.
        for (const name of this.deadlocks) if (!this.violation(name)) return false;
      }
      return true;
    }
    const scratch = this.scratch;
    for (let k = 0; k < n; k++) {
      const a = acts[k]!;
      const t = model.next(s, a);
      this.transitions++;
      this.kinds.count(model.actionKind(a));
      if (!encodeSuccessor(model, t, scratch, w, src, sOff)) {
        const v = this.visit(t, a, src, sOff);
        if (v === VISIT.stop) return false;
        if (v === VISIT.skip) continue;
      }
      if (this.steps.length > 0) {
        for (const p of this.steps) if (!p.check(s, a, t).ok && !this.violation(p.name)) return false;
      }
    }
    return true;
  }

  /**
   * A successor whose encoding (in `scratch`) differs from its source's: looks it up or adds it, and
   * records its system edge. Kept out of `expand`, whose inlining budget in V8 the model's own functions
   * use up (there `fingerprintInto` stayed a call); here it is inlined. No speed-up measurable on this VM
   * (docs/performance.md), but the hot unit is smaller.
   */
  private visit(t: S, a: A, src: Uint32Array, sOff: number): number {
    const fp = this.fp;
    fingerprintInto(this.scratch, 0, this.width, fp, 0);
    const lo = nonzero(fp[0]!);
    const hi = nonzero(fp[1]!);
    if (this.probing) {
      if (this.table!.slotOf(lo, hi) < 0) {
        this.depthCut = true;
        return VISIT.skip;
      }
    } else if (!this.add(lo, hi, this.scratch, 0, t)) {
      return VISIT.stop;
    }
    if (this.edges !== null && this.model.actionClass(a) === 'system') {
      const sfp = this.sourceFingerprint(src, sOff);
      if (!this.record(this.edges, sfp[2]!, sfp[3]!, lo, hi)) return VISIT.stop;
    }
    return VISIT.ok;
  }

  /** The source state's fingerprint (normalised halves in fp[2], fp[3]), computed once per expansion. */
  private sourceFingerprint(src: Uint32Array, sOff: number): Uint32Array {
    const fp = this.fp;
    if (!this.sourceFingerprinted) {
      fingerprintInto(src, sOff, this.width, fp, 2);
      fp[2] = nonzero(fp[2]!);
      fp[3] = nonzero(fp[3]!);
      this.sourceFingerprinted = true;
    }
    return fp;
  }

  /**
   * Adds a successor (fingerprint lo/hi, encoding at words[off..]); `t` is its state object if at hand
   * (else it is decoded for the invariants). Defers it when this worker's quota is used up.
   */
  private add(lo: number, hi: number, words: Uint32Array, off: number, t: S | null): boolean {
    const table = this.table!;
    // Seen lately by this worker: in the shared table for good (it only grows), so no shared-memory probe.
    if (this.recent.get(lo, hi) >= 0) return true;
    let r: number;
    if (this.added >= this.quota) {
      if (table.slotOf(lo, hi) >= 0) {
        this.recent.set(lo, hi, 0);
        return true;
      }
      r = this.defer(lo, hi, words, off);
    } else {
      r = this.init.maxStates >= 0 ? table.insertCounted(lo, hi, this.ctl, this.init.maxStates) : table.insert(lo, hi);
      if (r === FOUND || r === NEW) this.recent.set(lo, hi, 0);
    }
    if (r === NEW) {
      this.added++;
      if (!this.out.push(words, off)) return this.stop(STOP.memory);
      if (this.invariants.length > 0) {
        const state = t ?? this.model.decode(words, off);
        for (const p of this.invariants) if (!p.check(state).ok && !this.violation(p.name)) return false;
      }
      return true;
    }
    if (r === REFUSED) return this.stop(STOP.maxStates);
    if (r === NEW + 1) return this.stop(STOP.memory);
    return true;
  }

  /** Keeps a successor for the drain after the table grows: FOUND if kept, or NEW + 1 if out of memory. */
  private defer(lo: number, hi: number, words: Uint32Array, off: number): number {
    const w = this.width;
    const d = this.deferred;
    if (!d.reserve(w + 2)) return NEW + 1;
    for (let i = 0; i < w; i++) d.data[d.length + i] = words[off + i]!;
    d.data[d.length + w] = lo;
    d.data[d.length + w + 1] = hi;
    d.length += w + 2;
    return FOUND;
  }

  private record(list: ChunkedWords, a: number, b: number, c: number, d: number): boolean {
    const n = c < 0 ? 2 : 4;
    if (!list.reserve(n)) return this.stop(STOP.memory);
    const data = list.data;
    data[list.length] = a;
    data[list.length + 1] = b;
    if (n === 4) {
      data[list.length + 2] = c;
      data[list.length + 3] = d;
    }
    list.length += n;
    return true;
  }

  /** Records a violation of `name`; false when the workers must stop (stopAtFirstViolation). */
  private violation(name: string): boolean {
    this.violated.push(name);
    if (this.init.stopAtFirst) return this.stop(STOP.violation);
    // Checked no further, as the single-threaded explorer drops a property once it has its violation.
    this.invariants = this.invariants.filter((p) => p.name !== name);
    this.steps = this.steps.filter((p) => p.name !== name);
    this.deadlocks = this.deadlocks.filter((n) => n !== name);
    return true;
  }

  private takeViolated(): string[] {
    const names = this.violated;
    this.violated = [];
    return names;
  }

  private stop(code: number): false {
    Atomics.compareExchange(this.ctl, CTL.stop, STOP.none, code);
    return false;
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
            reply(r, [r.from.buffer as ArrayBuffer, r.to.buffer as ArrayBuffer, r.settled.buffer as ArrayBuffer]);
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
