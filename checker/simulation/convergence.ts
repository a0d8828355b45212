/**
 * The `convergence` property for a walk, which cannot search the whole state space as the explorer does:
 * from a given state, can system actions alone reach a settled state? Answered by a cheap greedy run
 * first, then, only if that fails, an exhaustive search of the system-only states from there (bounded;
 * past the bound the answer is "unknown", never a violation). What the system does from a stuck state is
 * the explorer's continuation (checker/convergence.ts).
 */
import type { Model } from '../types.js';
import type { StateKey } from '../state-key.js';

export type Convergence = 'settles' | 'stuck' | 'unknown';

const systemActions = <S, A>(m: Model<S, A>, s: S): A[] => m.actions(s).filter((a) => m.actionClass(a) === 'system');

/** Needs `m.isSettled` (the callers check it: a convergence property cannot be selected without it). */
export function systemConvergence<S, A>(m: Model<S, A>, s0: S, key: StateKey<S>, cap: number): Convergence {
  // Greedy: the first enabled system action, as the continuation takes it. Nearly every state settles so.
  const seen = new Set<string>();
  let s = s0;
  for (;;) {
    if (m.isSettled!(s)) return 'settles';
    const k = key(s);
    if (seen.has(k) || seen.size >= cap) break;
    seen.add(k);
    const a = systemActions(m, s)[0];
    if (a === undefined) break;
    s = m.next(s, a);
  }
  // Exhaustive over system steps: 'stuck' only when every system-reachable state was seen, none settled.
  const visited = new Set<string>([key(s0)]);
  const queue: S[] = [s0];
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head]!;
    if (m.isSettled!(u)) return 'settles';
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
