/**
 * The CloneSet model's one persistent set (model/cloneset/instance.ts): a waiting status write on its own.
 * Checked where the partial-order reduction relies on it, by the diamond on every reachable state that offers
 * it: the write and each other enabled step neither disable each other and reach the same state in both
 * orders. With stale reads or status-write failures the model offers none, and the same diamond shows why.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import type { Action } from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import type { CloneSetState } from '../../model/cloneset/state.js';

type Model = ReturnType<typeof cloneSetModel>;

/** Steps b of `s` for which the write `w` and b fail the diamond (a disables the other, or the orders differ). */
function diamondFailures(m: Model, s: CloneSetState, w: Action): string[] {
  const label = m.actionLabel;
  // Actions matched by value, not by label: two pod-cache entries of one pod kind that differ only in what
  // the controller awaits give their steps one label (pod writes that time out make such twins).
  const same = (a: Action, b: Action): boolean => JSON.stringify(a) === JSON.stringify(b);
  const after = (x: CloneSetState, b: Action): CloneSetState | null => {
    const a = m.actions(x).find((y) => same(y, b));
    return a === undefined ? null : m.next(x, a);
  };
  const key = (x: CloneSetState): string => {
    const out = new Uint32Array(m.encodingWords);
    m.encode(x, out, 0);
    return out.join(',');
  };
  const out: string[] = [];
  for (const b of m.actions(s)) {
    if (b === w) continue;
    const wb = after(m.next(s, w), b);
    const bw = after(m.next(s, b), w);
    if (wb === null || bw === null || key(wb) !== key(bw)) out.push(label(b));
  }
  return out;
}

/** Over the first `limit` states of `sc`: how many offer the write, and the diamond failures of the write wherever one waits. */
function survey(sc: Scenario, limit: number): { offered: number; waiting: number; failures: number } {
  const m = cloneSetModel(sc);
  let offered = 0;
  let waiting = 0;
  let failures = 0;
  explore(m, {
    maxStates: limit,
    stopAtFirstViolation: false,
    properties: [],
    onState: (s) => {
      const actions = m.actions(s);
      const w = actions.find((a) => a.kind === 'writeStatus');
      if (w === undefined) return;
      waiting++;
      const sets = m.persistentSets!(s, actions);
      if (sets.length > 0) {
        offered++;
        expect(sets).toEqual([[actions.indexOf(w)]]);
      }
      failures += diamondFailures(m, s, w).length;
    },
  });
  return { offered, waiting, failures };
}

describe('a waiting status write as a persistent set', () => {
  it.each<[string, Scenario]>([
    ['the #1545 scenario', { ...DEFAULT_SCENARIO, controller: 'upstream' }],
    ['with a pod cache (expectations upstream)', { ...DEFAULT_SCENARIO, expectations: 'upstream' }],
    ['with a preDelete hook and free choices', { ...DEFAULT_SCENARIO, lifecycleHooks: 'preDelete', freeChoices: true }],
    // A failing pod write is a reconcile outcome, and no reconcile is enabled while a write waits.
    ['with pod-write failures and a pod cache', { ...DEFAULT_SCENARIO, podWriteFailures: 2, expectations: 'upstream' }],
    [
      'with pod writes that may time out and a pod cache',
      { ...DEFAULT_SCENARIO, podWriteFailures: 2, podWriteTimeouts: true, expectations: 'upstream' },
    ],
    [
      "with proposed's creations that never landed (expectations timeout)",
      { ...DEFAULT_SCENARIO, controller: 'proposed', podWriteFailures: 2, podWriteTimeouts: true, expectations: 'timeout' },
    ],
  ])('%s: offered wherever a write waits, and the diamond holds on each', (_, sc) => {
    const r = survey(sc, 20_000);
    expect(r.offered).toBeGreaterThan(100);
    expect(r.offered).toBe(r.waiting);
    expect(r.failures).toBe(0);
  });

  it.each<[string, Scenario]>([
    ['stale reads', { ...DEFAULT_SCENARIO, staleReads: 1 }],
    ['status-write failures', { ...DEFAULT_SCENARIO, statusWriteFailures: 1 }],
    // proposed: a write of Available (a condition it does not time) disables the deadline step of an Updated one.
    ['progressDeadlineSeconds', { ...DEFAULT_SCENARIO, controller: 'proposed', progressDeadline: true }],
  ])('with %s: never offered, because the diamond fails there', (_, sc) => {
    const r = survey(sc, 20_000);
    expect(r.waiting).toBeGreaterThan(100);
    expect(r.offered).toBe(0);
    expect(r.failures).toBeGreaterThan(0);
  });
});
