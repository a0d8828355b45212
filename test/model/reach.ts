/**
 * Test helper: the reachable states of a CloneSet model, breadth-first, and the shortest walk to a step a
 * test looks for. Several test files each wrote these loops; one copy keeps their notion of "the same
 * state" the explorer's (the encoding), and a queue that does not shift.
 */
import { explore, stateKeyOf } from '../../checker/index.js';
import type { Action } from '../../model/cloneset/actions.js';
import type { CloneSetModel } from '../../model/cloneset/instance.js';
import type { CloneSetState } from '../../model/cloneset/state.js';
import type { WalkStep } from './walk.js';

/** One enabled step of a reached state: the action and the state it leads to. */
export type Step = readonly [action: Action, next: CloneSetState];

/** A reached state with its enabled steps, in the model's order. */
export interface Reached {
  readonly state: CloneSetState;
  readonly steps: readonly Step[];
}

/**
 * The states reachable from the model's initial states, breadth-first, each once (by encoding), the first
 * `limit` of them (all by default), each with its steps. States are the objects `m.next` builds.
 */
export function* reachable(m: CloneSetModel, limit = Number.POSITIVE_INFINITY): Generator<Reached> {
  // The explorer's notion of the same state: its canonical encoding.
  const key = stateKeyOf(m);
  const queue: CloneSetState[] = [];
  const seen = new Set<string>();
  const admit = (s: CloneSetState): void => {
    const k = key(s);
    if (seen.has(k) || seen.size >= limit) return;
    seen.add(k);
    queue.push(s);
  };
  for (const s of m.initialStates()) admit(s);
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    const steps = m.actions(state).map((a): Step => [a, m.next(state, a)]);
    for (const [, t] of steps) admit(t);
    yield { state, steps };
  }
}

/**
 * A shortest walk from an initial state through the first step `found` accepts (the walk's last step),
 * found by the explorer as the counterexample to "no step is such a step"; undefined when none is within
 * `limit` states.
 */
export function firstStep(
  m: CloneSetModel,
  found: (s: CloneSetState, a: Action, t: CloneSetState) => boolean,
  limit = 50_000,
): WalkStep[] | undefined {
  const r = explore(
    {
      ...m,
      properties: [
        {
          kind: 'step',
          name: 'no-such-step',
          description: 'no step is the one looked for',
          check: (s, a, t) => (found(s, a, t) ? { ok: false, message: 'found' } : { ok: true }),
        },
      ],
    },
    { maxStates: limit },
  );
  return r.violations?.[0]?.trace.map((x) => ({ action: x.action, state: x.state }));
}
