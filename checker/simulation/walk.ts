/**
 * One random walk: a choice sequence applied to the model from its first initial state, checking the
 * selected properties on every state and transition the walk takes, and stopping at the first violation.
 * A `sometimes` property among them is never violated: the walk records the first step that reaches it.
 */
import { convergenceMessage, systemContinuation } from '../convergence.js';
import type { TraceStep, Violation } from '../result.js';
import type { Model, Property, SometimesProperty } from '../types.js';
import type { Choice, Chooser } from './choice.js';
import { systemConvergence } from './convergence.js';
import type { StateKey } from '../state-key.js';

export interface WalkOptions<S, A> {
  readonly chooser: Chooser<A>;
  readonly properties: readonly Property<S, A>[];
  readonly key: StateKey<S>;
  /** Called with every state the walk visits, the initial one included (coverage). */
  readonly onState?: ((s: S) => void) | undefined;
  /** Bound of the system-only search behind a convergence property (states). */
  readonly convergenceCap?: number;
}

export interface WalkResult<S, A> {
  readonly trace: readonly TraceStep<S, A>[];
  readonly violation: Violation<S, A> | null;
  /** Choices used, up to and including the one that led to the violation. */
  readonly consumed: number;
  /** Convergence questions left open because the system-only search hit its bound. */
  readonly unknownConvergence: number;
  /** The first step (0: the initial state) at which each `sometimes` property reached by the walk was reached. */
  readonly reached: ReadonlyMap<string, number>;
}

/** Steps in a trace: actions, not states (as the checker counts). */
export const traceSteps = (trace: readonly TraceStep<unknown, unknown>[]): number => trace.length - 1;

export function walk<S, A>(m: Model<S, A>, choices: readonly Choice[], o: WalkOptions<S, A>): WalkResult<S, A> {
  const invariants = o.properties.filter((p) => p.kind === 'invariant');
  const steps = o.properties.filter((p) => p.kind === 'step');
  const deadlock = o.properties.find((p) => p.kind === 'deadlock');
  const converges = o.properties.find((p) => p.kind === 'convergence');
  if (converges !== undefined && m.isSettled === undefined) throw new RangeError(`model ${m.name}: a convergence property needs isSettled`);
  const cap = o.convergenceCap ?? 20_000;
  let unknownConvergence = 0;
  const witnesses = o.properties.filter((p): p is SometimesProperty<S, A> => p.kind === 'sometimes');
  const reached = new Map<string, number>();
  // Witnesses not reached yet are checked on each state (and step) the walk takes, as the explorer does.
  const witness = (s0: S, a: A | null, t: S, step: number): void => {
    for (const p of witnesses) {
      if (reached.has(p.name)) continue;
      if (p.on === 'state' ? p.reached(t) : a !== null && p.reached(s0, a, t)) reached.set(p.name, step);
    }
  };

  let s: S = m.initialStates()[0]!;
  const trace: TraceStep<S, A>[] = [{ action: null, state: s }];
  o.onState?.(s);
  const done = (violation: Violation<S, A> | null, consumed: number): WalkResult<S, A> => ({
    trace,
    violation,
    consumed,
    unknownConvergence,
    reached,
  });

  const invariantViolation = (t: S): Violation<S, A> | null => {
    for (const p of invariants) {
      if (p.kind !== 'invariant') continue;
      const r = p.check(t);
      if (!r.ok) return { property: p.name, kind: 'invariant', message: r.message, trace };
    }
    return null;
  };
  // Convergence is asked just before each user action and at the end, which is after the last choice or at
  // a state with nothing enabled, whichever comes first (a terminal state there is no deadlock, but it may
  // be unsettled, so stuck: the explorer reports it as a dead end). That covers every state of the walk:
  // between two user actions it takes system steps only, and a state from which system steps cannot settle
  // has only such successors, so the last one before the next user action (or the end) is stuck too.
  const convergenceViolation = (): Violation<S, A> | null => {
    if (converges === undefined) return null;
    const c = systemConvergence(m, s, o.key, cap);
    if (c === 'unknown') unknownConvergence++;
    if (c !== 'stuck') return null;
    const continuation = systemContinuation(m, s, o.key(s), (t) => t, o.key);
    return { property: converges.name, kind: 'convergence', message: convergenceMessage(m, continuation), trace, continuation };
  };
  const deadlockViolation = (enabled: readonly A[]): Violation<S, A> | null =>
    deadlock !== undefined && enabled.length === 0 && m.isTerminal?.(s) !== true
      ? { property: deadlock.name, kind: 'deadlock', message: 'no action is enabled and the state is not terminal', trace }
      : null;

  witness(s, null, s, 0);
  const first = invariantViolation(s);
  if (first !== null) return done(first, 0);
  for (let i = 0; i < choices.length; i++) {
    const enabled = m.actions(s);
    if (enabled.length === 0) return done(deadlockViolation(enabled) ?? convergenceViolation(), i);
    const a = o.chooser.choose(enabled, choices[i]!);
    if (a === null) continue;
    if (m.actionClass(a) === 'user') {
      const stuck = convergenceViolation();
      if (stuck !== null) return done(stuck, i + 1);
    }
    const t = m.next(s, a);
    trace.push({ action: a, state: t });
    o.onState?.(t);
    if (witnesses.length > 0) witness(s, a, t, trace.length - 1);
    for (const p of steps) {
      if (p.kind !== 'step') continue;
      const r = p.check(s, a, t);
      if (!r.ok) return done({ property: p.name, kind: 'step', message: r.message, trace }, i + 1);
    }
    s = t;
    const bad = invariantViolation(t);
    if (bad !== null) return done(bad, i + 1);
  }
  const end = deadlockViolation(m.actions(s)) ?? convergenceViolation();
  return done(end, choices.length);
}
