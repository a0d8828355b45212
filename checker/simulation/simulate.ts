/**
 * The simulator: many random walks of one model, generated and shrunk by fast-check. It finds violations
 * beyond the explorer's bounds but proves nothing: "no violation in N runs" is all it can say.
 *
 * Determinism: the walks are a function of (model, chooser, seed, runs, steps, properties) only — fast-check's
 * generator is seeded and the model is pure — so the same seed gives the same runs, the same violation
 * and the same shrunk trace. Only the time limit and the cancel signal, when they fire, make a result
 * depend on the clock.
 *
 * The property is async only to yield to the event loop now and then: a synchronous run of minutes
 * would leave a Ctrl-C handler no chance to run.
 */
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { positiveNumber } from '../options.js';
import type { Violation } from '../result.js';
import type { Model, Property } from '../types.js';
import type { Choice, Chooser } from './choice.js';
import { stateKeyOf } from '../state-key.js';
import { sequenceArbitrary } from './sequence.js';
import { traceSteps, walk } from './walk.js';
import { selectProperties } from '../select.js';

export interface SimulationOptions<A> {
  /** Turns the generated choices into actions (weightedChooser of the model's kind weights). */
  readonly chooser: Chooser<A>;
  readonly seed: number;
  readonly runs: number;
  /** Choices per walk: a walk takes at most this many steps (fewer: a choice naming a kind with nothing enabled is skipped, and a walk ends where nothing at all is enabled). */
  readonly steps: number;
  /** Property names; default every property of the model but the opt-in ones. `sometimes` properties are witnesses (SimulationCoverage.witnesses). */
  readonly properties?: readonly string[] | undefined;
  readonly timeLimitSeconds?: number | undefined;
  /** A fast-check counterexample path from an earlier run with the same seed: replay it and shrink from there. */
  readonly path?: string | undefined;
  /** Bound of the system-only search that decides `converges` at a state. */
  readonly convergenceCap?: number | undefined;
  /** Polled between walks: once aborted, no further walk runs (a violation found is kept, shrunk so far). */
  readonly signal?: { readonly aborted: boolean } | undefined;
}

export interface SimulationCoverage {
  /** Walks completed before the first violation (or all of them). */
  readonly runs: number;
  /** Transitions taken by those walks. */
  readonly steps: number;
  /** Distinct states (canonical encodings) those walks visited. */
  readonly distinctStates: number;
  /** Transitions by action kind, keys sorted. */
  readonly perActionKind: Readonly<Record<string, number>>;
  /** `converges` questions left open because the system-only search hit its bound. */
  readonly convergenceUnknown: number;
  /**
   * Each `sometimes` property among the selected ones, in the model's order: in how many of those walks
   * it was reached, and the earliest step any reached it at (null: none did). A property whose behaviour
   * no walk reached was not put to the test, whatever the verdict.
   */
  readonly witnesses: readonly SimulationWitness[];
}

export interface SimulationWitness {
  readonly property: string;
  readonly walks: number;
  readonly earliestStep: number | null;
}

export interface SimulationFinding<S, A> {
  readonly violation: Violation<S, A>;
  /** Steps of the first failing walk's trace, before shrinking. */
  readonly originalSteps: number;
  /** Steps after shrinking. */
  readonly shrunkSteps: number;
  readonly shrinks: number;
  /** Replays this counterexample with the same seed (fast-check's counterexample path). */
  readonly path: string;
  /** The shrunk choice sequence. */
  readonly choices: readonly Choice[];
  /** The time limit or the signal cut shrinking short: the trace is shorter than found, but maybe not minimal. */
  readonly shrinkInterrupted: boolean;
}

export interface SimulationResult<S, A> {
  readonly seed: number;
  readonly properties: readonly string[];
  readonly coverage: SimulationCoverage;
  readonly finding: SimulationFinding<S, A> | null;
  /** The time limit ended the search before `runs` walks (or, with a finding, cut its shrinking short). */
  readonly stoppedByTime: boolean;
  /** The signal ended the search before `runs` walks. */
  readonly cancelled: boolean;
}

/** How often the walks let the event loop run (signal handlers, timers). */
const YIELD_EVERY_MS = 50;

/**
 * The options a search can run with, or a RangeError naming the first that cannot: fast-check would
 * otherwise take a negative step count to an endless generator, run no walk for a negative count, and
 * read any seed it cannot use as seed 0 while the result reported the seed given.
 */
function checkOptions<A>(o: SimulationOptions<A>): void {
  const integer = (name: string, v: number, min: number, max: number): void => {
    if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${v}`);
  };
  integer('seed', o.seed, -(2 ** 31), 2 ** 31 - 1);
  integer('runs', o.runs, 1, Number.MAX_SAFE_INTEGER);
  integer('steps', o.steps, 1, Number.MAX_SAFE_INTEGER);
  positiveNumber('timeLimitSeconds', o.timeLimitSeconds, Infinity);
  if (o.convergenceCap !== undefined) integer('convergenceCap', o.convergenceCap, 1, Number.MAX_SAFE_INTEGER);
  if (o.path !== undefined && !/^\d+(:\d+)*$/.test(o.path))
    throw new RangeError(`path must be numbers separated by colons (a path an earlier run printed), got ${JSON.stringify(o.path)}`);
}

export async function simulate<S, A>(model: Model<S, A>, o: SimulationOptions<A>): Promise<SimulationResult<S, A>> {
  checkOptions(o);
  const selected = selectProperties(model.properties, o.properties);
  if (selected.some((p) => p.kind === 'convergence') && model.isSettled === undefined) {
    throw new RangeError(`model ${model.name}: a convergence property needs isSettled`);
  }
  const key = stateKeyOf(model);
  const seen = new Set<string>();
  const witnessed = new Map(selected.filter((p) => p.kind === 'sometimes').map((p) => [p.name, { walks: 0, earliest: -1 }]));
  const kinds = new Map<string, number>();
  let runs = 0;
  let steps = 0;
  let convergenceUnknown = 0;
  // Set at the first failure. From then on fast-check is shrinking, and a candidate counts as failing only
  // if it violates that same property (the shrunk trace must show what the search found, not something
  // else) in no more steps than the best so far: shrinking moves shorten the choice sequence, and a
  // shorter sequence can still make a longer trace (a removed choice can un-skip later ones).
  const failure: { target: Property<S, A>[] | null; originalSteps: number; best: number } = { target: null, originalSteps: 0, best: 0 };

  const walkOptions = { chooser: o.chooser, key, convergenceCap: o.convergenceCap ?? 20_000 };
  const deadline = o.timeLimitSeconds === undefined ? Infinity : performance.now() + o.timeLimitSeconds * 1000;
  let lastYield = performance.now();
  let stopped: 'time' | 'signal' | null = null;
  const predicate = async (choices: Choice[]): Promise<boolean> => {
    if (performance.now() - lastYield >= YIELD_EVERY_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
    // An interrupting precondition failure ends fast-check's loop at once, searching or shrinking, and
    // only ever between walks. (Its own time limit races a timer against a running walk instead.)
    if (o.signal?.aborted === true) stopped = 'signal';
    else if (performance.now() >= deadline) stopped = 'time';
    if (stopped !== null) throw new fc.PreconditionFailure(true);
    const searching = failure.target === null;
    const r = walk(model, choices, {
      ...walkOptions,
      properties: failure.target ?? selected,
      onState: searching ? (s) => seen.add(key(s)) : undefined,
    });
    if (searching) {
      runs++;
      steps += traceSteps(r.trace);
      convergenceUnknown += r.unknownConvergence;
      for (const [name, step] of r.reached) {
        const w = witnessed.get(name)!;
        w.walks++;
        if (w.earliest < 0 || step < w.earliest) w.earliest = step;
      }
      for (const st of r.trace) {
        if (st.action === null) continue;
        const kind = model.actionKind(st.action);
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
    }
    if (r.violation === null) return true;
    const length = traceSteps(r.violation.trace);
    if (searching) {
      failure.target = selected.filter((p) => p.name === r.violation!.property);
      failure.originalSteps = length;
    } else if (length > failure.best) {
      return true;
    }
    failure.best = length;
    return false;
  };

  const details = await checkOrNull(
    () =>
      fc.check<[Choice[]]>(fc.asyncProperty(sequenceArbitrary(o.steps), predicate), {
        seed: o.seed,
        numRuns: o.runs,
        // The documented weights are the distribution; fast-check's bias towards small numbers would skew it.
        plugins: [fc.unbiased()],
        ...(o.path !== undefined ? { path: o.path } : {}),
      }),
    o.path !== undefined,
  );

  const coverage: SimulationCoverage = {
    runs,
    steps,
    distinctStates: seen.size,
    convergenceUnknown,
    perActionKind: Object.fromEntries([...kinds.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    witnesses: [...witnessed].map(([property, w]) => ({ property, walks: w.walks, earliestStep: w.earliest < 0 ? null : w.earliest })),
  };
  const base = { seed: o.seed, properties: selected.filter((p) => p.kind !== 'sometimes').map((p) => p.name), coverage };
  const target = failure.target;
  if (details === null) return { ...base, finding: null, stoppedByTime: false, cancelled: false };
  // A walk that throws is a model bug, not a violation: fast-check would report it as a failing case.
  if (details.failed && target === null && details.errorInstance !== null) {
    throw new Error(
      `the model failed during a walk: ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`,
      { cause: details.errorInstance },
    );
  }
  if (!details.failed || details.counterexample === null || target === null) {
    return { ...base, finding: null, stoppedByTime: stopped === 'time', cancelled: stopped === 'signal' };
  }
  const [choices] = details.counterexample;
  const final = walk(model, choices, { ...walkOptions, properties: target });
  if (final.violation === null) throw new Error('internal: the shrunk counterexample no longer fails');
  return {
    ...base,
    finding: {
      violation: final.violation,
      originalSteps: failure.originalSteps,
      shrunkSteps: traceSteps(final.violation.trace),
      shrinks: details.numShrinks,
      path: details.counterexamplePath,
      choices: choices.slice(0, final.consumed),
      shrinkInterrupted: stopped !== null,
    },
    stoppedByTime: stopped === 'time',
    cancelled: stopped === 'signal',
  };
}

/**
 * fast-check's check, or null when it refuses a replayed path that names a walk this search does not make
 * (another seed, fewer steps): such a path leads to no counterexample here, which is what the caller reports.
 * fast-check throws that before its promise, so both are caught.
 */
async function checkOrNull<T>(check: () => Promise<T>, replaying: boolean): Promise<T | null> {
  try {
    return await check();
  } catch (e) {
    if (replaying && e instanceof Error && e.message.startsWith('Unable to replay')) return null;
    throw e;
  }
}
