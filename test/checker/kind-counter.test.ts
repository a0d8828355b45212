/**
 * Transitions by action kind (checker/kind-counter.ts): counted by the model's kind index when it gives
 * one (Model.actionKinds, actionKindIndex), else by name; both give the same per-kind counts.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { KindCounter } from '../../checker/kind-counter.js';
import { TP_ACTION_KINDS, type TPAction, twoPhaseCommit } from '../../examples/models/two-phase-commit.js';

/** The model without its kind index: the explorer counts its transitions by kind name. */
function byNameOnly<M extends { actionKinds?: unknown; actionKindIndex?: unknown }>(m: M): Omit<M, 'actionKinds' | 'actionKindIndex'> {
  const { actionKinds: _kinds, actionKindIndex: _index, ...rest } = m;
  return rest;
}

describe('KindCounter', () => {
  it('counts by name as a map of counts does, past the kinds it scans and past its first array', () => {
    // Up to 80 kind names: more than the 32 scanned before the map, and than the 8 counts it starts with.
    const kinds = fc.array(fc.integer({ min: 0, max: 79 }), { minLength: 50, maxLength: 400 });
    fc.assert(
      fc.property(kinds, (ks) => {
        const counter = new KindCounter<number>({ actionKind: (k) => `kind-${k}` });
        const expected = new Map<string, number>();
        for (const k of ks) {
          counter.count(k);
          expected.set(`kind-${k}`, (expected.get(`kind-${k}`) ?? 0) + 1);
        }
        const want = Object.fromEntries([...expected].sort(([a], [b]) => (a < b ? -1 : 1)));
        expect(counter.toRecord(ks.length)).toEqual(want);
        expect(Object.keys(counter.toRecord(ks.length))).toEqual(Object.keys(want));
      }),
    );
  });

  it("TwoPhase's kind index names each of its actions' kinds", () => {
    const m = twoPhaseCommit(3);
    const seen = new Set<string>();
    explore(m, {
      onState: (s) => {
        for (const a of m.actions(s)) {
          expect(TP_ACTION_KINDS[m.actionKindIndex(a)]).toBe(m.actionKind(a));
          seen.add(a.kind);
        }
      },
    });
    expect(seen.size).toBe(TP_ACTION_KINDS.length);
  });

  it('gives the same per-kind counts by index as by name (TwoPhase N=5)', () => {
    const indexed = explore(twoPhaseCommit(5));
    const named = explore(byNameOnly(twoPhaseCommit(5)));
    expect(Object.keys(indexed.stats.perActionKind)).toEqual([...TP_ACTION_KINDS].sort());
    expect(indexed.stats.perActionKind).toEqual(named.stats.perActionKind);
    expect(Object.values(indexed.stats.perActionKind).reduce((x, y) => x + y, 0)).toBe(indexed.stats.transitions);
  });

  it('leaves out a listed kind that no transition had', () => {
    // TwoPhase N=1 with one more listed kind that no action has.
    const m = twoPhaseCommit(1);
    const r = explore({ ...m, actionKinds: [...TP_ACTION_KINDS, 'Unused'] });
    expect(r.stats.perActionKind).toEqual(explore(byNameOnly(m)).stats.perActionKind);
    expect(r.stats.perActionKind['Unused']).toBeUndefined();
  });

  it('ends the run with an error naming actionKindIndex when an index is outside actionKinds', () => {
    const m = twoPhaseCommit(2);
    const wrong = { ...m, actionKindIndex: (a: TPAction) => (a.kind === 'RMPrepare' ? TP_ACTION_KINDS.length : a.op) };
    expect(() => explore(wrong)).toThrow(/actionKindIndex gave \d+ of \d+ transitions an index outside actionKinds \(0\.\.6\)/);
  });
});
