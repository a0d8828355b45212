/**
 * `exploreParallel`: breadth-first exploration with worker threads over shared memory.
 *
 * Level-synchronous: for each BFS level the main thread hands every worker the same list of frontier
 * segments (the workers' outputs of the previous level); each worker claims chunks of its own segment
 * first, then of the others' (claims.ts), adds successors to one lock-free shared table (shared-table.ts)
 * and appends new states to its own output. A level ends when every worker has reported, so every state
 * of depth d+1 is found while expanding depth d, exactly as single-threaded: the set of states, the
 * transitions and the depth are the same, whatever the thread timing.
 *
 * What the run reports:
 *  - when no property is violated: verdict, counts, statistics of this run (stats.workers = workers);
 *  - on a violation of an invariant, step or deadlock property under stopAtFirstViolation: the workers
 *    stop, and the result is that of a single-threaded re-run (`exploreAsync` with the same options), so
 *    the counterexample is the shortest one, the same as `explore` gives (stats.workers = 1,
 *    stats.parallelSeconds = the time spent before the re-run);
 *  - with stopAtFirstViolation false, or when only convergence fails: the workers finish the search,
 *    noting which properties they saw violated, and the counts are theirs; the counterexamples come from
 *    a single-threaded re-run that checks only those properties and stops once it has one for each
 *    (stopWhenAllViolated). The states that cannot converge are known from the parallel check, so the
 *    re-run reports convergence at the first of them it inserts (stuckStates) instead of finishing the
 *    search. The counterexamples are the ones `explore` gives, at the cost of the search up to the deepest
 *    of them (stats.workers = workers, stats.parallelSeconds = the time before the re-run, stats.seconds
 *    the whole). A run that ends incomplete is re-run whole, as above.
 *  - stopped by maxStates or the memory limit, violation or not: which states of the level cut short got
 *    in depends on thread timing, and so would the counts and the verdict; the result is that of a
 *    single-threaded re-run (stats.workers = 1), the same on every run.
 *  - interrupted (cancel signal) or out of time, in the parallel search or in the re-run: the result keeps
 *    the parallel search's counts so far (states, transitions, depth, per-kind counts; seconds the whole,
 *    stats.workers = workers), limit 'cancelled' (or 'time'), and the counterexamples the re-run had
 *    rebuilt by then. A re-run started after the signal is set stops at once, so without this the result
 *    would be the re-run's: one state and no violation. The properties the workers saw violated and the
 *    re-run had no trace for yet are listed in `untraced`: they are violated (the workers checked them on
 *    real states reached by real transitions), but a result's violation carries a trace, so the verdict
 *    stays 'incomplete' unless the re-run had some counterexample; the CLI reports them as violated
 *    without a trace.
 *  - `sometimes` properties: reached (with the length of a shortest witness, found level by level as
 *    single-threaded, but no trace), unreached or unknown, from the workers' search; after a whole re-run,
 *    the re-run's (with traces).
 * Numbering states so that a parallel run could rebuild traces itself would make the numbering depend on
 * thread timing, and the reported counterexample with it.
 * Limits: maxStates is exact (reserved atomically), and a run it or memory stops is re-run (above); time,
 * cancel and memory stop the workers within one chunk; modes 'exact' and 'compact' are single-threaded
 * only. A re-run starts after the workers and the shared table are released, and gets what is left of the
 * time limit.
 */

import { performance } from 'node:perf_hooks';
import { rerunAsync } from '../explore.js';
import { collisionProbability, fingerprintInto } from '../fingerprint.js';
import { resolveOptions } from '../options.js';
import type { ExploreOptions, RerunOptions, ResolvedOptions } from '../options.js';
import type { ExploreResult, Limit, WitnessOutcome } from '../result.js';
import type { Model } from '../types.js';
import { charge } from './buffers.js';
import { SegmentClaims } from './claims.js';
import { convergentStates, denseRanks, stuckStates } from './convergence.js';
import { Pool } from './pool.js';
import { CTL, ctlWords, STOP } from './protocol.js';
import type { EdgesReport, LevelReport, ModelFactoryRef, Segment, ToWorker } from './protocol.js';
import { NEW, nonzero, REFUSED, SharedTable, SLOT_BYTES } from './shared-table.js';
import { loadModel } from './load-model.js';

/** Grow the table before a level when it could pass this load (linear probing stays short below it). */
const MAX_LOAD = 0.75;
/** Workers defer new states instead of filling the table past this load during a level. */
const HARD_LOAD = 0.9;
/** How often the main thread checks the time limit and the cancel signal and reports progress. */
const POLL_MS = 20;

const LIMIT_OF: Record<number, Limit> = {
  [STOP.maxStates]: 'maxStates',
  [STOP.memory]: 'memory',
  [STOP.time]: 'time',
  [STOP.cancelled]: 'cancelled',
};

function capacityFor(states: number, initial: number): number {
  let cap = 16;
  while (cap < initial || states > cap * MAX_LOAD) cap *= 2;
  return cap;
}

/**
 * Explores the model built by `ref` with `workers` threads. Options as for `explore`, except modes
 * 'exact' and 'compact' and the visitor hooks (not supported). See the file comment for what is reported.
 */
export async function exploreParallel<S, A>(ref: ModelFactoryRef, options: ExploreOptions = {}, workers = 2): Promise<ExploreResult<S, A>> {
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be a positive integer, got ${workers}`);
  if (options.onState !== undefined || options.onEdge !== undefined) {
    throw new RangeError('onState and onEdge are single-threaded only; use explore or exploreAsync');
  }
  if (options.mode === 'exact' || options.mode === 'compact')
    throw new RangeError(`mode '${options.mode}' is single-threaded only; use explore or exploreAsync`);
  const model = (await loadModel(ref)) as Model<S, A>;
  const opts = resolveOptions(model, options);
  const started = performance.now();
  const r = await runParallel(ref, model, opts, workers, started);
  if (!(r instanceof Counted)) return r;
  // The workers and the shared table are gone by now, so the re-run has the memory to itself.
  const parallelSeconds = (performance.now() - started) / 1000;
  const remaining = opts.timeLimitMs / 1000 - parallelSeconds;
  const time = Number.isFinite(remaining) ? { timeLimitSeconds: Math.max(0.001, remaining) } : {};
  const report = options.onProgress;
  const rerun: RerunOptions = {
    ...options,
    ...time,
    ...(report !== undefined ? { onProgress: (p) => report({ ...p, phase: 'counterexamples' }) } : {}),
  };
  if (r.whole) {
    const single = await rerunAsync(model, rerun);
    // Interrupted, or out of time (it had what the workers left of it), the re-run threw away a search the
    // workers did: the counts are theirs, the counterexamples what the re-run had by then.
    if (single.limit === 'cancelled' || single.limit === 'time') return withTraces(r, single, single.limit, started, parallelSeconds);
    return { ...single, stats: { ...single.stats, workers: 1, parallelSeconds } };
  }
  const names = opts.properties.filter((p) => r.violated.has(p.name)).map((p) => p.name);
  const traces = await rerunAsync(model, {
    ...rerun,
    properties: names,
    stopWhenAllViolated: true,
    ...(r.stuck !== null ? { stuckStates: r.stuck } : {}),
  });
  // A re-run stopped by the time limit or cancelled before it had every counterexample says so.
  const cut = (traces.violations ?? []).length < names.length ? traces.limit : undefined;
  return withTraces(r, traces, cut, started, parallelSeconds);
}

/**
 * The workers' result with the counterexamples a re-run found. A violation the workers saw that has no
 * counterexample is listed in `untraced`: the re-run was cut short (`limit`), or a fingerprint collision
 * told the two searches apart. Either way there is no trace, so on its own it makes the verdict
 * 'incomplete', not 'violated'.
 */
function withTraces<S, A>(
  r: Counted<S, A>,
  traces: ExploreResult<S, A>,
  limit: Limit | undefined,
  started: number,
  parallelSeconds: number,
): ExploreResult<S, A> {
  const seconds = (performance.now() - started) / 1000;
  const violations = traces.violations ?? [];
  const traced = new Set(violations.map((v) => v.property));
  const untraced = r.result.properties.filter((name) => r.violated.has(name) && !traced.has(name));
  const { limit: _limit, ...counted } = r.result;
  const states = counted.stats.states;
  return {
    ...counted,
    verdict: violations.length > 0 ? 'violated' : 'incomplete',
    ...(violations.length > 0 ? { violation: violations[0]!, violations } : {}),
    ...(untraced.length > 0 ? { untraced } : {}),
    stats: { ...counted.stats, seconds, statesPerSecond: seconds > 0 ? Math.round(states / seconds) : 0, parallelSeconds },
    ...(limit !== undefined ? { limit } : {}),
  };
}

/** ExploreResult.witnesses of a parallel search: lengths without traces (see WitnessOutcome). */
function witnessOutcomes<S, A>(
  opts: ResolvedOptions<S, A>,
  reachedAt: ReadonlyMap<string, number>,
  complete: boolean,
): { witnesses?: WitnessOutcome<S, A>[] } {
  const witnesses: WitnessOutcome<S, A>[] = [];
  for (const p of opts.properties) {
    if (p.kind !== 'sometimes') continue;
    const steps = reachedAt.get(p.name);
    witnesses.push(
      steps !== undefined
        ? { property: p.name, status: 'reached', steps }
        : { property: p.name, status: complete ? 'unreached' : 'unknown' },
    );
  }
  return witnesses.length > 0 ? { witnesses } : {};
}

/**
 * What runParallel hands back when it saw violations: its result (the counts so far), the properties
 * violated, whose counterexamples are still to get, and how: `whole` when the search must be re-run whole
 * single-threaded (it stopped at a violation under stopAtFirstViolation, or a limit stopped it), else it
 * completed and a re-run for the counterexamples of `violated` is enough.
 */
class Counted<S, A> {
  constructor(
    readonly result: ExploreResult<S, A>,
    readonly violated: ReadonlySet<string>,
    /** Recognises the states that cannot converge (RerunOptions.stuckStates), when some cannot. */
    readonly stuck: ((encoding: Uint32Array, offset: number) => boolean) | null,
    readonly whole: boolean,
  ) {}
}

async function runParallel<S, A>(
  ref: ModelFactoryRef,
  model: Model<S, A>,
  opts: ResolvedOptions<S, A>,
  workers: number,
  started: number,
): Promise<ExploreResult<S, A> | Counted<S, A>> {
  const width = model.encodingWords;
  const ctlBuffer = new SharedArrayBuffer(ctlWords(workers) * 4);
  const ctl = new Int32Array(ctlBuffer);
  const claims = new SegmentClaims(ctlBuffer, workers);
  const progress = new Float64Array(new SharedArrayBuffer(workers * 16));
  const limitKiB = Number.isFinite(opts.memoryLimitBytes) ? Math.floor(opts.memoryLimitBytes / 1024) : -1;
  // resolveOptions caps an absent maxStates at 2^31-1; only a real bound is worth an atomic per new state.
  const maxStates = opts.maxStates < 0x7fffffff ? opts.maxStates : -1;
  const convergence = opts.properties.some((p) => p.kind === 'convergence');
  const invariants = opts.properties.filter((p): p is Extract<typeof p, { kind: 'invariant' }> => p.kind === 'invariant');
  const stateWitnesses = opts.properties.filter(
    (p): p is Extract<typeof p, { kind: 'sometimes'; on: 'state' }> => p.kind === 'sometimes' && p.on === 'state',
  );
  /** Properties seen violated (stopAtFirstViolation false: the search goes on). */
  const violated = new Set<string>();
  /**
   * `sometimes` properties reached → the steps of a shortest witness: levels end together, so the first
   * level in which any worker reaches one gives its length (level d's sources have depth d).
   */
  const reachedAt = new Map<string, number>();
  /** Recognises the states that cannot converge, when some cannot. */
  let stuck: ((encoding: Uint32Array, offset: number) => boolean) | null = null;

  let created: Pool | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  try {
    const pool = new Pool(workers);
    created = pool;
    await pool.all(
      Array.from(
        { length: workers },
        (_, workerId): ToWorker => ({
          type: 'init',
          ref,
          workerId,
          workers,
          ctl: ctlBuffer,
          progress: progress.buffer as SharedArrayBuffer,
          properties: opts.properties.map((p) => p.name),
          convergence,
          stopAtFirst: opts.stopAtFirstViolation,
          maxStates,
          limitKiB,
        }),
      ),
    );

    let table = SharedTable.create(capacityFor(0, opts.initialCapacity));
    charge(ctl, -1, table.capacity * SLOT_BYTES);
    let limit: Limit | null = Atomics.load(ctl, CTL.usedKiB) > limitKiB && limitKiB >= 0 ? 'memory' : null;

    // Level 0: the initial states, inserted here before any worker runs.
    const initial = model.initialStates();
    const seed = new Uint32Array(new SharedArrayBuffer(Math.max(1, initial.length) * width * 4));
    const fp = new Uint32Array(2);
    let count = 0;
    for (const s0 of initial) {
      if (limit !== null) break;
      const at = count * width;
      model.encode(s0, seed, at);
      fingerprintInto(seed, at, width, fp);
      const r =
        maxStates >= 0
          ? table.insertCounted(nonzero(fp[0]!), nonzero(fp[1]!), ctl, maxStates)
          : table.insert(nonzero(fp[0]!), nonzero(fp[1]!));
      if (r === REFUSED) limit = 'maxStates';
      if (r !== NEW) {
        seed.fill(0, at, at + width);
        continue;
      }
      count++;
      for (const p of invariants) if (!p.check(s0).ok) violated.add(p.name);
      for (const p of stateWitnesses) if (!reachedAt.has(p.name) && p.reached(s0)) reachedAt.set(p.name, 0);
      if (opts.stopAtFirstViolation && violated.size > 0) break;
    }
    /** Stopped at a violation under stopAtFirstViolation: the search is re-run whole for the trace. */
    let atViolation = opts.stopAtFirstViolation && violated.size > 0;

    let segments: Segment[] = [{ buffer: seed.buffer as SharedArrayBuffer, count }];
    let total = count;
    let level = 0;
    let depth = 0;
    let lastAdded = count;
    let transitions = 0;
    let depthCut = false;
    let completed = false;
    const kinds: Record<string, number>[] = Array.from({ length: workers }, () => ({}));

    const initialCount = count;
    let lastProgress = started;
    // A signal already aborted stops the workers before their first chunk, as explore stops after the
    // initial states (the timer below would first let them run for its interval).
    if (opts.signal?.aborted) Atomics.compareExchange(ctl, CTL.stop, STOP.none, STOP.cancelled);
    timer = setInterval(() => {
      const now = performance.now();
      if (opts.signal?.aborted) Atomics.compareExchange(ctl, CTL.stop, STOP.none, STOP.cancelled);
      else if (now - started >= opts.timeLimitMs) Atomics.compareExchange(ctl, CTL.stop, STOP.none, STOP.time);
      if (opts.onProgress !== null && now - lastProgress >= opts.progressIntervalMs) {
        lastProgress = now;
        // Workers publish their running totals once per chunk; a level's figures are a little behind.
        let states = initialCount;
        let tr = 0;
        for (let i = 0; i < workers; i++) {
          states += progress[2 * i]!;
          tr += progress[2 * i + 1]!;
        }
        const elapsedSeconds = (now - started) / 1000;
        opts.onProgress({
          states,
          transitions: tr,
          depth: level,
          queue: segments.reduce((n, _, i) => n + claims.unclaimed(i), 0),
          elapsedSeconds,
          statesPerSecond: elapsedSeconds > 0 ? Math.round(states / elapsedSeconds) : 0,
        });
      }
    }, POLL_MS);

    /** Doubles the table until it has room for `states` at MAX_LOAD; false if the budget refuses. */
    const growFor = async (states: number): Promise<boolean> => {
      while (states > table.capacity * MAX_LOAD) {
        const cap = table.capacity * 2;
        charge(ctl, -1, -table.capacity * SLOT_BYTES);
        if (!charge(ctl, limitKiB, cap * SLOT_BYTES)) {
          charge(ctl, -1, table.capacity * SLOT_BYTES);
          return false;
        }
        const bigger = SharedTable.create(cap);
        const step = Math.ceil(table.capacity / workers);
        await pool.all(
          Array.from(
            { length: workers },
            (_, i): ToWorker => ({
              type: 'grow',
              from: table.buffer,
              fromCapacity: table.capacity,
              to: bigger.buffer,
              toCapacity: cap,
              start: Math.min(table.capacity, i * step),
              end: Math.min(table.capacity, (i + 1) * step),
            }),
          ),
        );
        table = bigger;
      }
      return true;
    };

    while (limit === null && !atViolation) {
      if (Atomics.load(ctl, CTL.stop) !== STOP.none) break;
      if (total === 0) {
        completed = true;
        break;
      }
      // Room for the next level, guessed from the last one; a worker that runs out of room defers states,
      // which a drain adds once the table has grown (small tables, e.g. initialCapacity 4, do drain).
      if (!(await growFor(count + 3 * lastAdded))) {
        limit = 'memory';
        break;
      }
      for (let i = 0; i < segments.length; i++) claims.reset(i, segments[i]!.count);
      const chunk = Math.max(1, Math.min(256, Math.floor(total / (workers * 32))));
      const quota = Math.max(0, Math.floor((table.capacity * HARD_LOAD - count) / workers));
      const probing = level >= opts.maxDepth;
      let reports = (await pool.all(
        Array.from(
          { length: workers },
          (): ToWorker => ({
            type: 'level',
            level,
            segments,
            chunk,
            probing,
            table: table.buffer,
            capacity: table.capacity,
            quota,
            reached: [...reachedAt.keys()],
          }),
        ),
      )) as LevelReport[];
      let added = 0;
      for (const r of reports) added += r.added;
      const deferred = reports.reduce((n, r) => n + r.deferred, 0);
      if (deferred > 0 && Atomics.load(ctl, CTL.stop) === STOP.none) {
        if (!(await growFor(count + added + deferred))) {
          limit = 'memory';
        } else {
          reports = (await pool.all(
            Array.from({ length: workers }, (): ToWorker => ({ type: 'drain', table: table.buffer, capacity: table.capacity })),
          )) as LevelReport[];
          for (const r of reports) added += r.added;
        }
      }
      transitions = 0;
      reports.forEach((r, i) => {
        transitions += r.transitions;
        kinds[i] = r.kinds;
        if (r.depthCut) depthCut = true;
      });
      for (const r of reports) for (const name of r.violated) violated.add(name);
      for (const r of reports) for (const name of r.reached) if (!reachedAt.has(name)) reachedAt.set(name, level + 1);
      count += added;
      if (added > 0) depth = level + 1;
      lastAdded = added;
      // Segment i stays worker i's output, empty or not: it is what worker i expands first.
      segments = reports.map((r) => r.out);
      total = segments.reduce((n, s) => n + s.count, 0);
      level++;
      // Counted with the level it cut short, for a re-run that is interrupted (file comment).
      if (opts.stopAtFirstViolation && violated.size > 0) atViolation = true;
    }
    const stop = Atomics.load(ctl, CTL.stop);
    if (stop === STOP.violation) atViolation = true;
    else if (limit === null && stop !== STOP.none) limit = LIMIT_OF[stop] ?? 'cancelled';
    if (completed && depthCut && limit === null) limit = 'maxDepth';
    clearInterval(timer);
    timer = null;

    if (completed && limit === null && !atViolation && convergence) {
      const { ranks, count: numbered } = denseRanks(table);
      const finish: ToWorker = { type: 'finish', table: table.buffer, capacity: table.capacity, ranks: ranks.buffer as SharedArrayBuffer };
      const edges = (await pool.all(Array.from({ length: workers }, () => finish))) as EdgesReport[];
      stuck = stuckStates(table, ranks, convergentStates(numbered, edges), width);
      // Under stopAtFirstViolation too: no other property was violated, or the workers would have stopped.
      if (stuck !== null) for (const p of opts.properties) if (p.kind === 'convergence') violated.add(p.name);
    }

    const seconds = (performance.now() - started) / 1000;
    const perActionKind: Record<string, number> = {};
    const merged = new Map<string, number>();
    for (const k of kinds) for (const [name, n] of Object.entries(k)) merged.set(name, (merged.get(name) ?? 0) + n);
    for (const name of [...merged.keys()].sort()) perActionKind[name] = merged.get(name)!;
    const peak = Atomics.load(ctl, CTL.peakKiB) * 1024;
    const result: ExploreResult<S, A> = {
      verdict: limit !== null ? 'incomplete' : 'holds',
      stats: {
        states: count,
        transitions,
        depth,
        seconds,
        statesPerSecond: seconds > 0 ? Math.round(count / seconds) : 0,
        perActionKind,
        collisionProbability: collisionProbability(count),
        peakTableBytes: peak,
        bytesPerState: count === 0 ? 0 : Math.round((peak / count) * 10) / 10,
        workers,
      },
      ...(limit !== null ? { limit } : {}),
      properties: opts.properties.filter((p) => p.kind !== 'sometimes').map((p) => p.name),
      ...witnessOutcomes(opts, reachedAt, completed && limit === null && !atViolation),
      mode: 'fingerprint',
    };
    // Which states a level cut short by maxStates or memory holds depends on thread timing, and the verdict
    // with them (a violating state in or out): such a run is re-run whole, so its result is one thread's.
    const timingCut = limit === 'maxStates' || limit === 'memory';
    const whole = atViolation || timingCut || (violated.size > 0 && limit !== null);
    return violated.size > 0 || atViolation || timingCut ? new Counted(result, violated, stuck, whole) : result;
  } finally {
    if (timer !== null) clearInterval(timer);
    await created?.close();
  }
}
