/** The verdicts the findings tables report, read from an exploration: per property, 'holds' or the shortest counterexample's length in steps. */
import type { ExploreResult } from '../../checker/index.js';
import type { Action } from '../../model/cloneset/actions.js';
import type { CloneSetState } from '../../model/cloneset/state.js';

export type Verdicts = Record<string, number | 'holds'>;

export function verdicts(r: ExploreResult<CloneSetState, Action>): Verdicts {
  return Object.fromEntries(
    r.properties.map((p) => {
      const v = r.violations?.find((x) => x.property === p);
      return [p, v === undefined ? 'holds' : v.trace.length - 1];
    }),
  );
}
