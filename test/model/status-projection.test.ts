/**
 * The status-count projection (ModelOptions.projectStatusCounts; docs/performance.md, "Dead status
 * counts"): from any state of a scenario's shape, the projected model's transitions are the full model's
 * seen through the projection, with count-only status writes as the only steps dropped; the step
 * properties that declare they read no counts judge a transition and its projection alike; and explored,
 * the projected model gives the full one's verdicts and shortest trace lengths, its traces replaying in the
 * full model to the same violation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { cloneSetModel, replayWithCounts } from '../../model/cloneset/instance.js';
import { READS_STATUS_COUNTS, statusCountsDead, PROPERTY_NAMES, type PropertyName } from '../../model/cloneset/properties.js';
import { withoutCounts } from '../../model/cloneset/reconcile.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { sameState, stateOf, type CloneSetState } from '../../model/cloneset/state.js';
import { stateArbitrary, WIDE_SCENARIO } from '../crosscheck/arbitraries.js';

const SEED = 15_001;
const INLINE: Scenario = { ...DEFAULT_SCENARIO, statusWrite: 'inline' };

const project = (s: CloneSetState): CloneSetState =>
  stateOf(
    s.spec,
    s.pods,
    withoutCounts(s.status),
    s.pending === null ? null : withoutCounts(s.pending),
    s.history,
    s.stable,
    s.budgets,
    s.observed,
  );

const COUNT_FREE = PROPERTY_NAMES.filter((n) => !READS_STATUS_COUNTS[n]);

describe('status-count projection, step by step', () => {
  {
    const statusWrite = 'inline';
    for (const controller of ['upstream', 'pre-fix', 'proposed'] as const) {
      const sc: Scenario = { ...WIDE_SCENARIO, controller, statusWrite };
      it(`${controller}, ${statusWrite} status: the projected model is the full one seen through the projection`, () => {
        const full = cloneSetModel(sc);
        const proj = cloneSetModel(sc, { projectStatusCounts: true });
        const steps = full.properties.filter((p) => p.kind === 'step' && !READS_STATUS_COUNTS[p.name]);
        let dropped = 0;
        fc.assert(
          fc.property(stateArbitrary(sc), (s) => {
            const h = project(s);
            const projActions = proj.actions(h).map(proj.actionLabel);
            const expected: string[] = [];
            for (const a of full.actions(s)) {
              const t = full.next(s, a);
              const kept = !sameState(project(t), h) || a.kind !== 'reconcile';
              if (kept) expected.push(full.actionLabel(a));
              else dropped++;
              if (!kept) {
                // A dropped step changes nothing a count-free step property reads: each holds on it.
                for (const p of steps) expect(p.kind === 'step' && p.check(s, a, t).ok).toBe(true);
                continue;
              }
              const u = proj.next(h, a);
              expect(sameState(u, project(t))).toBe(true);
              for (const p of steps) {
                if (p.kind !== 'step') continue;
                expect(p.check(h, a, u).ok).toBe(p.check(s, a, t).ok);
              }
            }
            expect(projActions).toEqual(expected);
          }),
          { seed: SEED, numRuns: 200 },
        );
        // The arbitrary states do reach count-only status writes, the one case the projection drops.
        expect(dropped).toBeGreaterThan(0);
      });
    }
  }

  it('is allowed only with inline status writes and when no checked property reads the counts', () => {
    expect(statusCountsDead(undefined, INLINE)).toBe(false);
    expect(statusCountsDead([...PROPERTY_NAMES], INLINE)).toBe(false);
    expect(statusCountsDead(['canary-respected', 'promotion-sound'], INLINE)).toBe(true);
    expect(statusCountsDead(['canary-respected', 'promotion-sound'], { ...DEFAULT_SCENARIO, statusWrite: 'separate' })).toBe(false);
    expect(statusCountsDead(['canary-respected', 'well-formed'], INLINE)).toBe(false);
    expect(statusCountsDead(['no-deadlock'], INLINE)).toBe(false);
    expect(statusCountsDead(['converges'], INLINE)).toBe(false);
    expect(statusCountsDead(['canary-respected'], { ...INLINE, staleReads: 1 })).toBe(false);
    expect(() => cloneSetModel(DEFAULT_SCENARIO, { projectStatusCounts: true })).toThrow(/inline/);
  });
});

describe('status-count projection, explored', () => {
  const inline: Scenario = { ...DEFAULT_SCENARIO, statusWrite: 'inline' };
  const scopes: readonly Scenario[] = [
    { ...inline, controller: 'pre-fix' },
    { ...inline, controller: 'upstream' },
    {
      ...inline,
      controller: 'proposed',
      maxReplicas: 3,
      maxSurge: 1,
      partitions: [0, '50%', '100%'],
      budgets: { rollouts: 1, deletes: 1, scales: 'any', partitions: 'any' },
    },
  ];
  for (const sc of scopes) {
    it(`${sc.controller}, ${sc.statusWrite} status: the verdicts and shortest traces of the full model, in fewer states`, () => {
      const properties: PropertyName[] = [...COUNT_FREE];
      const full = explore(cloneSetModel(sc), { properties, stopAtFirstViolation: false });
      const projected = explore(cloneSetModel(sc, { projectStatusCounts: true }), { properties, stopAtFirstViolation: false });
      const summary = (r: typeof full): string[] => (r.violations ?? []).map((v) => `${v.property}:${v.trace.length}`).sort();
      expect(projected.verdict).toBe(full.verdict);
      expect(summary(projected)).toEqual(summary(full));
      expect(projected.stats.states).toBeLessThan(full.stats.states);
      const model = cloneSetModel(sc);
      for (const v of projected.violations ?? []) {
        const trace = replayWithCounts(model, v.trace);
        const last = trace[trace.length - 1]!;
        const before = trace[trace.length - 2]!;
        const p = model.properties.find((q) => q.name === v.property)!;
        expect(p.kind === 'step' && !p.check(before.state, last.action!, last.state).ok).toBe(true);
        // The replayed states carry the counts the full model computes: its own shortest trace's last state is one it reaches.
        expect(sameState(project(trace[0]!.state), trace[0]!.state)).toBe(false);
      }
    });
  }
});
