/**
 * One random walk: a choice sequence applied to the model from its initial state, checking the selected
 * properties on every state and transition the walk takes, and stopping at the first violation.
 */
import { actorOf, type Action } from '../cloneset/actions.js';
import type { CloneSetModel } from '../cloneset/instance.js';
import type { CloneSetProperty } from '../cloneset/properties.js';
import type { CloneSetState } from '../cloneset/state.js';
import { resolveChoice, type Choice } from './choice.js';
import { describeStuck, stuckContinuation, systemConvergence } from './convergence.js';
import type { StateKey } from './keys.js';
import type { SimStep, SimViolation } from './types.js';

export interface WalkOptions {
  readonly properties: readonly CloneSetProperty[];
  readonly key: StateKey;
  /** Called with every state the walk visits, the initial one included (coverage). */
  readonly onState?: ((s: CloneSetState) => void) | undefined;
  /** Bound of the system-only search behind `converges` (states). */
  readonly convergenceCap?: number;
}

export interface WalkResult {
  readonly trace: readonly SimStep[];
  readonly violation: SimViolation | null;
  /** Choices used, up to and including the one that led to the violation. */
  readonly consumed: number;
  /** Convergence questions left open because the system-only search hit its bound. */
  readonly unknownConvergence: number;
}

/** Steps in a trace: actions, not states (as the checker counts). */
export const traceSteps = (trace: readonly SimStep[]): number => trace.length - 1;

export function walk(m: CloneSetModel, choices: readonly Choice[], o: WalkOptions): WalkResult {
  const invariants = o.properties.filter((p) => p.kind === 'invariant');
  const steps = o.properties.filter((p) => p.kind === 'step');
  const deadlock = o.properties.find((p) => p.kind === 'deadlock');
  const converges = o.properties.find((p) => p.kind === 'convergence');
  const cap = o.convergenceCap ?? 20_000;
  let unknownConvergence = 0;

  let s = m.initialStates()[0]!;
  const trace: SimStep[] = [{ action: null, state: s }];
  o.onState?.(s);
  const done = (violation: SimViolation | null, consumed: number): WalkResult => ({ trace, violation, consumed, unknownConvergence });

  const invariantViolation = (t: CloneSetState): SimViolation | null => {
    for (const p of invariants) {
      if (p.kind !== 'invariant') continue;
      const r = p.check(t);
      if (!r.ok) return { property: p.name, kind: 'invariant', message: r.message, trace };
    }
    return null;
  };
  // `converges` is asked just before each user action and at the end. That covers every state of the
  // walk: between two user actions it takes system steps only, and a state from which system steps cannot
  // settle has only such successors, so the last one before the next user action (or the end) is stuck too.
  const convergenceViolation = (): SimViolation | null => {
    if (converges === undefined) return null;
    const c = systemConvergence(m, s, o.key, cap);
    if (c === 'unknown') unknownConvergence++;
    if (c !== 'stuck') return null;
    const continuation = stuckContinuation(m, s, o.key);
    const message = `no settled state is reachable from the last state using only system actions; ${describeStuck(m, continuation)}`;
    return { property: converges.name, kind: 'convergence', message, trace, continuation };
  };
  const deadlockViolation = (enabled: readonly Action[]): SimViolation | null =>
    deadlock !== undefined && enabled.length === 0 && !m.isTerminal(s)
      ? { property: deadlock.name, kind: 'deadlock', message: 'no action is enabled and the state is not terminal', trace }
      : null;

  const first = invariantViolation(s);
  if (first !== null) return done(first, 0);
  for (let i = 0; i < choices.length; i++) {
    const enabled = m.actions(s);
    if (enabled.length === 0) return done(deadlockViolation(enabled), i);
    const a = resolveChoice(enabled, choices[i]!);
    if (a === null) continue;
    if (actorOf(a) === 'user') {
      const stuck = convergenceViolation();
      if (stuck !== null) return done(stuck, i + 1);
    }
    const t = m.next(s, a);
    trace.push({ action: a, state: t });
    o.onState?.(t);
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
