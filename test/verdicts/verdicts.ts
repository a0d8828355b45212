/**
 * What the findings tables report of an exploration, for the verdicts tests: per property, 'holds' or the
 * shortest counterexample's length in steps (`verdicts`), and the counts and witnesses a row pins (`pinned`).
 */
import { expect } from 'vitest';
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

/** witness → shortest witness (steps) or 'unreached'. */
export type Witnesses = Record<string, number | 'unreached'>;

/** A row as the verdicts tests pin it; `transitions` and `witnesses` only where asked for (see `pinned`). */
export interface Pinned {
  readonly states: number;
  readonly transitions?: number;
  readonly verdicts: Verdicts;
  readonly witnesses?: Witnesses;
}

/**
 * The state count and verdicts of an exploration, with its transition count (`transitions`) and each
 * witness's shortest length or 'unreached' (`witnesses`) when asked for, to compare with `toEqual`. Asserts
 * that the exploration ran to the end (no limit stopped it, so the counts are the row's) and, with
 * `witnesses`, that every witness was decided; `label` names the run in those assertions' messages.
 */
export function pinned(
  r: ExploreResult<CloneSetState, Action>,
  what: { readonly transitions?: boolean; readonly witnesses?: boolean; readonly label?: string } = {},
): Pinned {
  expect(r.limit, what.label).toBeUndefined();
  return {
    states: r.stats.states,
    ...(what.transitions === true ? { transitions: r.stats.transitions } : {}),
    verdicts: verdicts(r),
    ...(what.witnesses === true
      ? {
          witnesses: Object.fromEntries(
            (r.witnesses ?? []).map((w) => {
              expect(w.status, what.label).not.toBe('unknown');
              return [w.property, w.status === 'reached' ? w.steps : 'unreached'];
            }),
          ),
        }
      : {}),
  };
}
