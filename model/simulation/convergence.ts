/**
 * The `converges` property for a walk, which cannot search the whole state space as the explorer does:
 * from a given state, can system steps (controller, kubelet) alone reach a settled state? Answered by
 * a cheap greedy run first, then, only if that fails, an exhaustive search of the system-only states
 * from there (bounded; past the bound the answer is "unknown", never a violation).
 */
import { actorOf } from '../cloneset/actions.js';
import type { CloneSetModel } from '../cloneset/instance.js';
import type { CloneSetState } from '../cloneset/state.js';
import type { StateKey } from './keys.js';
import type { SimContinuation, SimStep } from './types.js';

export type Convergence = 'settles' | 'stuck' | 'unknown';

const systemActions = (m: CloneSetModel, s: CloneSetState) => m.actions(s).filter((a) => actorOf(a) !== 'user');

export function systemConvergence(m: CloneSetModel, s0: CloneSetState, key: StateKey, cap: number): Convergence {
  // Greedy: the first enabled system action, as the continuation takes it. Nearly every state settles so.
  const seen = new Set<string>();
  let s = s0;
  for (;;) {
    if (m.isSettled(s)) return 'settles';
    const k = key(s);
    if (seen.has(k) || seen.size >= cap) break;
    seen.add(k);
    const a = systemActions(m, s)[0];
    if (a === undefined) break;
    s = m.next(s, a);
  }
  // Exhaustive over system steps: 'stuck' only when every system-reachable state was seen, none settled.
  const visited = new Set<string>([key(s0)]);
  const queue: CloneSetState[] = [s0];
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head]!;
    if (m.isSettled(u)) return 'settles';
    for (const a of systemActions(m, u)) {
      const t = m.next(u, a);
      const k = key(t);
      if (visited.has(k)) continue;
      if (visited.size >= cap) return 'unknown';
      visited.add(k);
      queue.push(t);
    }
  }
  return 'stuck';
}

/**
 * What the system does on its own from a stuck state, as the checker shows it: the first enabled system
 * action each time, until no system action is enabled (dead end) or a state repeats (cycle). Every system
 * successor of a stuck state is stuck, and they are finitely many, so this ends.
 */
export function stuckContinuation(m: CloneSetModel, stuck: CloneSetState, key: StateKey): SimContinuation {
  const steps: SimStep[] = [];
  const position = new Map<string, number>([[key(stuck), 0]]);
  let s = stuck;
  for (;;) {
    const a = systemActions(m, s)[0];
    if (a === undefined) return { end: 'deadEnd', steps };
    const t = m.next(s, a);
    steps.push({ action: a, state: t });
    const k = key(t);
    const at = position.get(k);
    if (at !== undefined) return { end: 'cycle', steps, cycleStart: at };
    position.set(k, steps.length);
    s = t;
  }
}

export function describeStuck(m: CloneSetModel, c: SimContinuation): string {
  const labels = c.steps.map((st) => (st.action === null ? '' : m.actionLabel(st.action))).join(', ');
  if (c.end === 'deadEnd') {
    return c.steps.length === 0 ? 'no system action is enabled there (dead end)' : `the system steps (${labels}) end with no system action enabled (dead end)`;
  }
  return `the system steps (${labels}) loop back to the state after continuation step ${c.cycleStart}`;
}
