/**
 * 'any' budgets (rollouts, scales, partition and pause changes without a counter): on a small scope they give the
 * verdicts and shortest traces of a numeric budget, their state space is the numeric one with the counters
 * projected away (no larger, no smaller), no user edit is a self-loop, and the encoding keeps no counter.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { enabledActions, applyAction, actorOf } from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Budget, type Scenario } from '../../model/cloneset/scenario.js';
import { sameState, type CloneSetState } from '../../model/cloneset/state.js';

const SMALL: Scenario = {
  ...DEFAULT_SCENARIO,
  controller: 'pre-fix',
  initialReplicas: 1,
  maxReplicas: 2,
  partitions: [0, '50%', '100%'],
  statusWrite: 'inline',
};
const withBudget = (k: Budget): Scenario => ({ ...SMALL, budgets: { rollouts: k, deletes: 1, scales: k, partitions: k, pauses: k } });

/** Every reachable state's encoding, its 'any' budgets' counters replaced by 'any' (the projection). */
function reachable(sc: Scenario, projectTo: Scenario): Set<string> {
  const model = cloneSetModel(sc);
  const target = cloneSetModel(projectTo);
  const out = new Set<string>();
  const w = new Uint32Array(target.encodingWords);
  explore(model, {
    stopAtFirstViolation: false,
    properties: [],
    onState: (s: CloneSetState) => {
      const b = projectTo.budgets;
      target.encode(
        { ...s, budgets: { ...s.budgets, rollouts: b.rollouts, scales: b.scales, partitions: b.partitions, pauses: b.pauses ?? 0 } },
        w,
        0,
      );
      out.add(w.join(','));
    },
  });
  return out;
}

describe("'any' budgets", () => {
  const anyResult = explore(cloneSetModel(withBudget('any')), { stopAtFirstViolation: false });
  const numeric = explore(cloneSetModel(withBudget(3)), { stopAtFirstViolation: false });

  it('give the verdicts and the shortest trace lengths of a numeric budget', () => {
    const summary = (r: typeof anyResult): string[] =>
      (r.violations ?? []).map((v) => `${v.property}:${v.trace.length}`).sort((a, b) => a.localeCompare(b));
    expect(anyResult.verdict).toBe(numeric.verdict);
    expect(summary(anyResult)).toEqual(summary(numeric));
    expect(summary(anyResult).length).toBeGreaterThan(0);
  });

  it('explore no more states than a numeric budget, and every state it reaches with the counters projected away', () => {
    const any = reachable(withBudget('any'), withBudget('any'));
    const projected = reachable(withBudget(3), withBudget('any'));
    expect(any.size).toBe(anyResult.stats.states);
    expect(anyResult.stats.states).toBeLessThan(numeric.stats.states);
    for (const e of projected) expect(any.has(e)).toBe(true);
    expect(any.size).toBeGreaterThanOrEqual(projected.size);
  });

  it('keep no counter: an edit leaves the budgets object as it was, and states never differ in it', () => {
    const model = cloneSetModel(withBudget('any'));
    const s0 = model.initialStates()[0]!;
    expect(s0.budgets).toEqual({ rollouts: 'any', deletes: 1, scales: 'any', partitions: 'any', pauses: 'any' });
    for (const a of enabledActions(model.view, s0)) {
      const t = applyAction(model.view, s0, a);
      if (a.kind !== 'deletePod') expect(t.budgets).toBe(s0.budgets);
      else expect(t.budgets).toEqual({ ...s0.budgets, deletes: 0 });
    }
  });

  it('allow no self-loop: no user edit leads back to the state it starts from', () => {
    const model = cloneSetModel(withBudget('any'));
    let userEdges = 0;
    explore(model, {
      stopAtFirstViolation: false,
      properties: [],
      onEdge: (from, a, to) => {
        if (actorOf(a) !== 'user') return;
        userEdges++;
        expect(to, `${model.actionLabel(a)} from state ${from}`).not.toBe(from);
      },
    });
    expect(userEdges).toBeGreaterThan(0);
  });

  it('make a partition change and back the state it started from (one state, whatever the number of edits)', () => {
    const model = cloneSetModel(withBudget('any'));
    const s0 = model.initialStates()[0]!;
    const there = enabledActions(model.view, s0).find((a) => a.kind === 'setPartition' && a.index === 1)!;
    const s1 = applyAction(model.view, s0, there);
    const back = enabledActions(model.view, s1).find((a) => a.kind === 'setPartition' && a.index === 0)!;
    const s2 = applyAction(model.view, s1, back);
    const code = (s: CloneSetState): number[] => {
      const w = new Uint32Array(model.encodingWords);
      model.encode(s, w, 0);
      return [...w];
    };
    expect(code(s2)).toEqual(code(s0));
    expect(sameState(s2, s0)).toBe(true);
    const w = new Uint32Array(model.encodingWords);
    model.encode(s2, w, 0);
    expect(sameState(model.decode(w, 0), s0)).toBe(true);
  });

  it('leave numeric budgets as they were: a count runs out', () => {
    const model = cloneSetModel({ ...SMALL, budgets: { rollouts: 0, deletes: 0, scales: 0, partitions: 0 } });
    const acts = enabledActions(model.view, model.initialStates()[0]!);
    expect(acts.filter((a) => actorOf(a) === 'user')).toEqual([]);
  });
});
