/**
 * The simulator: many random walks of one scenario, generated and shrunk by fast-check. It finds
 * violations beyond the explorer's bounds but proves nothing: "no violation in N runs" is all it can say.
 *
 * Determinism: the walks are a function of (scenario, seed, runs, steps, properties) only — fast-check's
 * generator is seeded and the model is pure — so the same seed gives the same runs, the same violation
 * and the same shrunk trace. Only the time limit, when it fires, makes a result depend on the clock.
 */
import fc from 'fast-check';
import { cloneSetModel } from '../cloneset/instance.js';
import type { CloneSetProperty } from '../cloneset/properties.js';
import type { Scenario } from '../cloneset/scenario.js';
import type { Choice } from './choice.js';
import { stateKeyOf } from './keys.js';
import { recordConsumed, sequenceArbitrary } from './sequence.js';
import type { SimViolation } from './types.js';
import { traceSteps, walk } from './walk.js';

export interface SimulationOptions {
  readonly seed: number;
  readonly runs: number;
  /** Choices per walk: a walk takes at most this many steps (fewer if it settles with nothing left to do). */
  readonly steps: number;
  /** Property names; default every property of the model. */
  readonly properties?: readonly string[] | undefined;
  readonly timeLimitSeconds?: number | undefined;
  /** A fast-check counterexample path from an earlier run with the same seed: replay it and shrink from there. */
  readonly path?: string | undefined;
  /** Bound of the system-only search that decides `converges` at a state. */
  readonly convergenceCap?: number | undefined;
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
}

export interface SimulationFinding {
  readonly violation: SimViolation;
  /** Steps of the first failing walk's trace, before shrinking. */
  readonly originalSteps: number;
  /** Steps after shrinking. */
  readonly shrunkSteps: number;
  readonly shrinks: number;
  /** Replays this counterexample with the same seed (fast-check's counterexample path). */
  readonly path: string;
  /** The shrunk choice sequence. */
  readonly choices: readonly Choice[];
  /** The time limit cut shrinking short: the trace is shorter than found, but maybe not minimal. */
  readonly shrinkInterrupted: boolean;
}

export interface SimulationResult {
  readonly seed: number;
  readonly properties: readonly string[];
  readonly coverage: SimulationCoverage;
  readonly finding: SimulationFinding | null;
  /** The time limit ended the search before `runs` walks. */
  readonly stoppedByTime: boolean;
}

export function selectProperties(all: readonly CloneSetProperty[], names: readonly string[] | undefined): CloneSetProperty[] {
  if (names === undefined) return [...all];
  const unknown = names.filter((n) => !all.some((p) => p.name === n));
  if (unknown.length > 0) throw new RangeError(`unknown property ${unknown.join(', ')} (known: ${all.map((p) => p.name).join(', ')})`);
  return all.filter((p) => names.includes(p.name));
}

export function simulate(scenario: Scenario, o: SimulationOptions): SimulationResult {
  const model = cloneSetModel(scenario);
  const selected = selectProperties(model.properties, o.properties);
  const key = stateKeyOf(model);
  const seen = new Set<string>();
  const kinds = new Map<string, number>();
  let runs = 0;
  let steps = 0;
  let convergenceUnknown = 0;
  // Set at the first failure. From then on fast-check is shrinking, and a candidate counts as failing only
  // if it violates that same property: the shrunk trace must show what the search found, not something else.
  const failure: { target: CloneSetProperty[] | null; originalSteps: number } = { target: null, originalSteps: 0 };

  const walkOptions = { key, convergenceCap: o.convergenceCap ?? 20_000 };
  const predicate = (choices: Choice[]): boolean => {
    const searching = failure.target === null;
    const r = walk(model, choices, {
      ...walkOptions,
      properties: failure.target ?? selected,
      onState: searching ? (s) => seen.add(key(s)) : undefined,
    });
    recordConsumed(choices, r.consumed);
    if (searching) {
      runs++;
      steps += traceSteps(r.trace);
      convergenceUnknown += r.unknownConvergence;
      for (const st of r.trace) if (st.action !== null) kinds.set(st.action.kind, (kinds.get(st.action.kind) ?? 0) + 1);
    }
    if (r.violation === null) return true;
    if (searching) {
      failure.target = selected.filter((p) => p.name === r.violation!.property);
      failure.originalSteps = traceSteps(r.violation.trace);
    }
    return false;
  };

  const details = fc.check<[Choice[]]>(fc.property(sequenceArbitrary(o.steps), predicate), {
    seed: o.seed,
    numRuns: o.runs,
    // The documented weights are the distribution; fast-check's bias towards small numbers would skew it.
    plugins: [fc.unbiased()],
    ...(o.path !== undefined ? { path: o.path } : {}),
    // Not the interruptAfterTimeLimit plugin: it relies on a timer, which cannot fire while this
    // synchronous property runs. The parameter checks the clock between runs (and shrink attempts).
    ...(o.timeLimitSeconds !== undefined ? { interruptAfterTimeLimit: Math.ceil(o.timeLimitSeconds * 1000) } : {}),
  });

  const coverage: SimulationCoverage = {
    runs, steps, distinctStates: seen.size, convergenceUnknown,
    perActionKind: Object.fromEntries([...kinds.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
  const base = { seed: o.seed, properties: selected.map((p) => p.name), coverage };
  const target = failure.target;
  if (!details.failed || details.counterexample === null || target === null) {
    return { ...base, finding: null, stoppedByTime: details.interrupted };
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
      shrinkInterrupted: details.interrupted,
    },
    stoppedByTime: false,
  };
}
