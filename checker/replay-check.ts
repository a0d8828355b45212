/**
 * Whether a rebuilt counterexample really violates its property at its end, judged on the replayed states
 * alone: the check behind a probabilistic search's findings (mode 'compact'), whose table cannot confirm a
 * replayed state by its index (local-sink.ts).
 */

import type { TraceStep } from './result.js';
import type { Model, Property } from './types.js';

export function violatedAtEnd<S, A>(model: Model<S, A>, p: Property<S, A>, trace: readonly TraceStep<S, A>[]): boolean {
  const last = trace[trace.length - 1];
  if (last === undefined) return false;
  switch (p.kind) {
    case 'invariant':
      return !p.check(last.state).ok;
    case 'step': {
      const before = trace[trace.length - 2];
      return before !== undefined && last.action !== null && !p.check(before.state, last.action, last.state).ok;
    }
    case 'deadlock':
      return model.actions(last.state).length === 0 && !(model.isTerminal?.(last.state) ?? false);
    case 'convergence':
      // Decided over the whole graph, never by one trace: not checked in a probabilistic mode.
      return false;
    case 'sometimes':
      // Never violated.
      return false;
  }
}
