/**
 * Re-executing a saved trace against the current model. A trace is evidence only while the model still
 * produces it: after a model change, an old trace must say where and how it stopped matching (which
 * step, which field), not crash and not silently pass.
 */
import { convergenceMessage } from '../checker/convergence.js';
import { stateKeyOf } from '../checker/state-key.js';
import { DEADLOCK_MESSAGE } from '../checker/core/expand.js';
import type { Continuation } from '../checker/result.js';
import { actionLabel, actorOf, type Action } from '../model/cloneset/actions.js';
import { cloneSetModel, type CloneSetModel } from '../model/cloneset/instance.js';
import { sameState, type CloneSetState } from '../model/cloneset/state.js';
import type { ScenarioView } from '../model/cloneset/view.js';
import { allSteps, plainAction, plainState, type CloneSetStep, type TraceDocument } from './document.js';
import { changedFields, partitionText, pausedText, statusBrief, strategyText } from './diff.js';
import { podsSummary } from './notation.js';

export type DivergenceReason =
  /** The model cannot be built from the document's scenario. */
  | 'invalid-scenario'
  | 'initial-state-mismatch'
  | 'action-not-enabled'
  | 'state-mismatch'
  /** The model threw while computing a step (a state it cannot handle). */
  | 'model-error'
  /** The continuation's last state is not the state at `cycleTo`. */
  | 'cycle-mismatch'
  /** The continuation claims a dead end, but the model still has a system action there. */
  | 'not-a-dead-end';

export interface Divergence {
  /** Index of the first step that does not replay. */
  readonly step: number;
  readonly reason: DivergenceReason;
  /** What the model has (a state, or the enabled actions), one line. */
  readonly expected: string;
  /** What the document has, one line. */
  readonly actual: string;
  readonly message: string;
}

/** Whether the recorded property violation shows on the replayed trace. */
export type ViolationCheck = 'reproduced' | 'not-reproduced' | 'not-checked';

export type ReplayResult =
  | {
      readonly ok: true;
      readonly steps: readonly CloneSetStep[];
      readonly violation: ViolationCheck;
      /**
       * The violation's message as the model words it on the replayed steps (reproduced only, else null):
       * what exports show, as a file's message is not evidence (an edited one would reach every format).
       */
      readonly message: string | null;
    }
  | { readonly ok: false; readonly divergence: Divergence };

/** A whole state on one line, for divergence reports. */
export function describeState(v: ScenarioView, s: CloneSetState): string {
  return [
    `spec {replicas ${s.spec.replicas}, partition ${partitionText(v, s)}, template v${s.spec.template + 1}${pausedText(v, s)}${strategyText(v, s)}}`,
    `pods ${podsSummary(s.pods)}`,
    `status ${statusBrief(s.status)}`,
    `pending ${s.pending === null ? '∅' : statusBrief(s.pending)}`,
    `history ${s.history.map((r) => `v${r + 1}`).join(' ')}`,
    `stable v${s.stable + 1}`,
    `budgets {rollouts ${s.budgets.rollouts}, deletes ${s.budgets.deletes}, scales ${s.budgets.scales}, partitions ${s.budgets.partitions}${
      s.budgets.marks === undefined ? '' : `, marks ${s.budgets.marks}, failures ${s.budgets.failures ?? 0}`
    }${s.budgets.pauses === undefined ? '' : `, pauses ${s.budgets.pauses}`}${
      s.budgets.strategies === undefined ? '' : `, strategies ${s.budgets.strategies}`
    }}`,
  ].join('; ');
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const sameAction = (a: Action, b: Action): boolean => JSON.stringify(plainAction(a)) === JSON.stringify(plainAction(b));

const same = (a: CloneSetState, b: CloneSetState): boolean => sameState(plainState(a), plainState(b));

function mismatch(v: ScenarioView, model: CloneSetState, recorded: CloneSetState): string {
  return changedFields(v, model, recorded)
    .map((c) => `${c.path} model ${c.before}, recorded ${c.after}`)
    .join('; ');
}

class Diverged {
  constructor(readonly divergence: Divergence) {}
}

function diverge(step: number, reason: DivergenceReason, expected: string, actual: string, message: string): never {
  throw new Diverged({ step, reason, expected, actual, message: `step ${step}: ${message}` });
}

function attempt<T>(step: number, what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof Diverged) throw e;
    return diverge(step, 'model-error', 'a model step', what, `the model failed on ${what}: ${errorText(e)}`);
  }
}

type Checked = Pick<Extract<ReplayResult, { ok: true }>, 'violation' | 'message'>;

const NOT_CHECKED: Checked = { violation: 'not-checked', message: null };
const NOT_REPRODUCED: Checked = { violation: 'not-reproduced', message: null };
const reproduced = (message: string): Checked => ({ violation: 'reproduced', message });

/** `steps`: the trace's; `continuation`: the replayed continuation's steps after the last of them. */
function violationCheck(
  m: CloneSetModel,
  doc: TraceDocument,
  steps: readonly CloneSetStep[],
  continuation: readonly CloneSetStep[],
): Checked {
  const ref = doc.property;
  if (ref === null) return NOT_CHECKED;
  const prop = m.properties.find((p) => p.name === ref.name);
  const last = steps[steps.length - 1];
  if (prop === undefined || last === undefined) return NOT_CHECKED;
  if (prop.kind === 'invariant') {
    const r = prop.check(last.state);
    return r.ok ? NOT_REPRODUCED : reproduced(r.message);
  }
  if (prop.kind === 'step') {
    const before = steps[steps.length - 2];
    if (before === undefined || last.action === null) return NOT_REPRODUCED;
    const r = prop.check(before.state, last.action, last.state);
    return r.ok ? NOT_REPRODUCED : reproduced(r.message);
  }
  if (prop.kind === 'deadlock')
    return m.actions(last.state).length === 0 && !m.isTerminal(last.state) ? reproduced(DEADLOCK_MESSAGE) : NOT_REPRODUCED;
  if (prop.kind === 'convergence') {
    const settles = settlesFrom(m, last.state);
    if (settles !== false) return settles === null ? NOT_CHECKED : NOT_REPRODUCED;
    const c = doc.continuation;
    const path = continuation.map((st) => ({ action: st.action!, state: st.state }));
    // cycleTo counts the trace's steps first; a Continuation counts from the stuck state (0).
    const replayed: Continuation<CloneSetState, Action> =
      c === undefined || c.cycleTo === null
        ? { end: 'deadEnd', steps: path }
        : { end: 'cycle', steps: path, cycleStart: c.cycleTo - (steps.length - 1) };
    return reproduced(convergenceMessage(m, replayed));
  }
  return NOT_CHECKED;
}

/** States a convergence check searches at most before it gives up (not-checked). */
const SETTLE_SEARCH_LIMIT = 1_000_000;

/**
 * Whether a settled state is reachable from `s` by system actions alone (what convergence asks of every
 * state), by a breadth-first search over encodings; null past SETTLE_SEARCH_LIMIT states.
 */
function settlesFrom(m: CloneSetModel, s: CloneSetState): boolean | null {
  const key = stateKeyOf(m);
  const seen = new Set([key(s)]);
  const queue = [s];
  for (let head = 0; head < queue.length; head++) {
    const x = queue[head]!;
    if (m.isSettled(x)) return true;
    for (const a of m.actions(x)) {
      if (m.actionClass(a) !== 'system') continue;
      const t = m.next(x, a);
      const k = key(t);
      if (seen.has(k)) continue;
      if (seen.size >= SETTLE_SEARCH_LIMIT) return null;
      seen.add(k);
      queue.push(t);
    }
  }
  return false;
}

function run(doc: TraceDocument): ReplayResult {
  const m = attempt(0, 'building the model from the scenario', () => cloneSetModel(doc.scenario));
  const v = m.view;
  const recorded = allSteps(doc);
  const first = recorded[0];
  if (first === undefined) return diverge(0, 'initial-state-mismatch', 'an initial state', 'no steps', 'the trace has no steps');
  const init = attempt(0, 'computing the initial state', () => m.initialStates()[0]);
  if (init === undefined)
    return diverge(0, 'invalid-scenario', 'an initial state', 'none', 'the model has no initial state for this scenario');
  if (!same(init, first.state)) {
    diverge(
      0,
      'initial-state-mismatch',
      describeState(v, init),
      describeState(v, first.state),
      `the recorded initial state is not the model's (${mismatch(v, init, first.state)})`,
    );
  }
  const out: CloneSetStep[] = [{ action: null, state: init }];
  let s = init;
  for (const st of recorded.slice(1)) {
    const a = st.action;
    if (a === null) return diverge(st.index, 'action-not-enabled', 'an action', 'none', 'a step after the first has no action');
    const label = actionLabel(a);
    const enabled = attempt(st.index - 1, `listing the actions of step ${st.index - 1}'s state`, () => m.actions(s));
    const taken = enabled.find((e) => sameAction(e, a));
    if (taken === undefined) {
      const labels = enabled.map(actionLabel).join(', ') || 'none';
      diverge(
        st.index,
        'action-not-enabled',
        labels,
        label,
        `${label} is not enabled in the state after step ${st.index - 1} (enabled: ${labels})`,
      );
    }
    const next = attempt(st.index, label, () => m.next(s, taken));
    if (!same(next, st.state)) {
      diverge(
        st.index,
        'state-mismatch',
        describeState(v, next),
        describeState(v, st.state),
        `${label} leads the model to a different state than recorded (${mismatch(v, next, st.state)})`,
      );
    }
    out.push({ action: taken, state: next });
    s = next;
  }
  const c = doc.continuation;
  if (c !== undefined) {
    const lastIndex = recorded.length - 1;
    if (c.cycleTo === null) {
      const system = attempt(lastIndex, 'listing the final actions', () => m.actions(s)).filter((x) => actorOf(x) !== 'user');
      if (system.length > 0) {
        const labels = system.map(actionLabel).join(', ');
        diverge(
          lastIndex,
          'not-a-dead-end',
          labels,
          'no system action',
          `the continuation claims a dead end, but the model can still take ${labels}`,
        );
      }
    } else {
      const back = out[c.cycleTo];
      if (back === undefined || !same(back.state, s)) {
        diverge(
          lastIndex,
          'cycle-mismatch',
          back === undefined ? 'no such step' : describeState(v, back.state),
          describeState(v, s),
          `the continuation claims to return to step ${c.cycleTo}, but its last state differs${back === undefined ? '' : ` (${mismatch(v, back.state, s)})`}`,
        );
      }
    }
  }
  return { ok: true, steps: out, ...violationCheck(m, doc, out.slice(0, doc.steps.length), out.slice(doc.steps.length)) };
}

export function replayTrace(doc: TraceDocument): ReplayResult {
  try {
    return run(doc);
  } catch (e) {
    if (e instanceof Diverged) return { ok: false, divergence: e.divergence };
    throw e;
  }
}
