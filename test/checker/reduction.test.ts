/**
 * Partial-order reduction (checker/reduction.ts): on random asynchronous products (process-model.ts) the
 * reduced search gives the unreduced one's verdicts and shortest traces, in no more states, and fewer on
 * some; dropping the cycle proviso is unsound, and a test catches it; a run that checks convergence, or a
 * model without persistent sets, is not reduced.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { rerunAsync } from '../../checker/explore.js';
import type { ExploreResult, Model } from '../../checker/index.js';
import { OK } from '../../checker/types.js';
import { TWO_PHASE_EXPECTED_STATES, twoPhaseCommit } from '../../examples/models/two-phase-commit.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO } from '../../model/cloneset/scenario.js';
import { graphModel } from './graph-model.js';
import { COUNTING_PROCESSES, processModel, type ProcessSpec, type Transition } from './process-model.js';

const SEED = 15_002;

const spec: fc.Arbitrary<ProcessSpec> = fc
  .record({
    locals: fc.array(fc.integer({ min: 2, max: 4 }), { minLength: 2, maxLength: 3 }),
    sharedValues: fc.integer({ min: 2, max: 3 }),
  })
  .chain(({ locals, sharedValues }) =>
    fc.record({
      locals: fc.constant(locals),
      sharedValues: fc.constant(sharedValues),
      transitions: fc.array(
        fc.nat(locals.length - 1).chain((proc) =>
          fc.record({
            proc: fc.constant(proc),
            from: fc.nat(locals[proc]! - 1),
            to: fc.nat(locals[proc]! - 1),
            // Mostly local transitions, as in the models a reduction is for.
            shared: fc.oneof(
              { arbitrary: fc.constant(null), weight: 3 },
              {
                arbitrary: fc.record({ test: fc.option(fc.nat(sharedValues - 1), { nil: null }), set: fc.nat(sharedValues - 1) }),
                weight: 1,
              },
            ),
          }),
        ),
        { minLength: 1, maxLength: 12 },
      ),
      badShared: fc.nat(sharedValues),
      badLocal0: fc.nat(locals[0]!),
    }),
  );

/** Per property: verdict and shortest trace length (0 when it holds). */
function summary<S, A>(r: ExploreResult<S, A>): string[] {
  return r.properties.map((p) => `${p}:${r.violations?.find((v) => v.property === p)?.trace.length ?? 0}`);
}

const ALL = { stopAtFirstViolation: false } as const;

describe('partial-order reduction on random asynchronous products', () => {
  it('gives the verdicts and shortest traces of the unreduced search, never in more states', () => {
    let smaller = 0;
    fc.assert(
      fc.property(spec, (sp) => {
        const m = processModel(sp);
        const full = explore(m, ALL);
        const reduced = explore(m, { ...ALL, reduction: true });
        expect(summary(reduced)).toEqual(summary(full));
        expect(reduced.verdict).toBe(full.verdict);
        // A violation is reported from the unreduced re-run: the very same traces.
        expect(reduced.violations?.map((v) => v.trace.map((x) => x.state.join(',')))).toEqual(
          full.violations?.map((v) => v.trace.map((x) => x.state.join(','))),
        );
        const searched = reduced.stats.reduction?.reducedSearch?.states ?? reduced.stats.states;
        expect(searched).toBeLessThanOrEqual(full.stats.states);
        if (searched < full.stats.states) smaller++;
        // Each property alone too: the visibility of the others does not hide a violation of it.
        for (const p of m.properties) {
          const one = { ...ALL, properties: [p.name] };
          expect(explore(m, { ...one, reduction: true }).verdict).toBe(explore(m, one).verdict);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
    // The reduction does reduce: on some of the random models (30 of these 300), the reduced search stores fewer states.
    expect(smaller).toBeGreaterThan(15);
  });

  it('reduces independent processes a lot, and reports how many states it expanded partially', () => {
    // Three processes counting 0..5 locally, then one shared step each: 6^3 interleavings of the local parts.
    const transitions: Transition[] = [];
    for (let p = 0; p < 3; p++) {
      for (let i = 0; i < 5; i++) transitions.push({ proc: p, from: i, to: i + 1, shared: null });
      transitions.push({ proc: p, from: 5, to: 6, shared: { test: null, set: p + 1 } });
    }
    const m = processModel({ locals: [7, 7, 7], sharedValues: 4, transitions, badShared: 9, badLocal0: 9 });
    const full = explore(m, ALL);
    const reduced = explore(m, { ...ALL, reduction: true });
    expect(reduced.verdict).toBe('violated'); // the end is a deadlock
    expect(summary(reduced)).toEqual(summary(full));
    const searched = reduced.stats.reduction?.reducedSearch;
    expect(searched).toBeDefined();
    expect(searched!.states * 4).toBeLessThan(full.stats.states);
    expect(reduced.stats.reduction?.reducedExpansions).toBeGreaterThan(0);
    // The result itself is the unreduced re-run's.
    expect(reduced.stats.states).toBe(full.stats.states);
  });

  it('catches a reduction without the cycle proviso: it misses a violation behind an invisible cycle', async () => {
    // Process 0 toggles 0 <-> 1 forever (local, invisible); process 1's one shared step sets the bad value.
    const transitions: Transition[] = [
      { proc: 0, from: 0, to: 1, shared: null },
      { proc: 0, from: 1, to: 0, shared: null },
      { proc: 1, from: 0, to: 1, shared: { test: null, set: 1 } },
    ];
    const m = processModel({ locals: [2, 2], sharedValues: 2, transitions, badShared: 1, badLocal0: 5 });
    const properties = ['sharedNot'];
    expect(explore(m, { properties }).verdict).toBe('violated');
    expect(explore(m, { properties, reduction: true }).verdict).toBe('violated');
    const unsound = await rerunAsync(m, { properties, reduction: true, cycleProviso: false });
    expect(unsound.verdict).toBe('holds');
  });

  it('catches it on random models too', async () => {
    const out = await fc.check(
      fc.asyncProperty(spec, async (sp) => {
        const m = processModel(sp);
        const full = explore(m, ALL);
        const unsound = await rerunAsync(m, { ...ALL, reduction: true, cycleProviso: false });
        return full.verdict === unsound.verdict && summary(full).join() === summary(unsound).join();
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(out.failed).toBe(true);
  });

  it("does not take a step property's kinds as its visible steps: they say where it may fail, not what it reads", () => {
    // The three counting processes of the test above: noReset may fail only on the kind 'shared'.
    const transitions: Transition[] = [];
    for (let p = 0; p < 3; p++) {
      for (let i = 0; i < 5; i++) transitions.push({ proc: p, from: i, to: i + 1, shared: null });
      transitions.push({ proc: p, from: 5, to: 6, shared: { test: null, set: p + 1 } });
    }
    const sp: ProcessSpec = { locals: [7, 7, 7], sharedValues: 4, transitions, badShared: 9, badLocal0: 9 };
    const properties = ['noReset'];
    const run = (stepClaim: 'visible' | 'kinds' | 'none') =>
      explore(processModel(sp, { stepClaim }), { ...ALL, properties, reduction: true }).stats;
    const full = explore(processModel(sp), { ...ALL, properties }).stats.states;
    // Its visible (the shared steps: a local step changes nothing it reads) allows the reduction.
    expect(run('visible').states * 4).toBeLessThan(full);
    // Its kinds alone, or nothing, make every step visible: nothing is reduced.
    expect(run('kinds')).toMatchObject({ states: full, reduction: { applied: true, reducedExpansions: 0 } });
    expect(run('none')).toMatchObject({ states: full, reduction: { applied: true, reducedExpansions: 0 } });
  });

  it('keeps a step violation whose check reads what an invisible step changes (a local step moved ahead of it)', () => {
    // p0's one local step L (0 -> 1) and p1's one shared step S; guardedShared fails when S is taken while
    // p0 is still at 0 (badLocal0), at depth 1 of the full graph. {L} is persistent at the start, and the
    // reduced search took only L: S was then judged after it, and the violation was lost ('holds').
    const sp: ProcessSpec = {
      locals: [2, 2],
      sharedValues: 2,
      transitions: [
        { proc: 0, from: 0, to: 1, shared: null },
        { proc: 1, from: 0, to: 1, shared: { test: null, set: 1 } },
      ],
      badShared: 9,
      badLocal0: 0,
    };
    const properties = ['guardedShared'];
    for (const guardedShared of ['kinds', 'visible'] as const) {
      const m = processModel(sp, { guardedShared });
      const full = explore(m, { properties });
      expect(full.violation?.trace.map((x) => x.state.join(','))).toEqual(['0,0,0', '0,1,1']);
      const reduced = explore(m, { properties, reduction: true });
      expect(answer(reduced)).toEqual(answer(full));
      // Both claims make L visible (kinds: every step; visible: process 0's steps), so nothing is reduced.
      expect(reduced.stats.reduction).toEqual({ applied: true, reducedExpansions: 0 });
    }
  });

  it('keeps step violations on random products where the step property reads what local steps change', () => {
    let reducedSome = 0;
    fc.assert(
      fc.property(spec, fc.constantFrom('kinds' as const, 'visible' as const), (sp, guardedShared) => {
        const m = processModel(sp, { guardedShared });
        for (const properties of [undefined, ['guardedShared']]) {
          const full = explore(m, { ...ALL, properties });
          const reduced = explore(m, { ...ALL, properties, reduction: true });
          expect(answer(reduced)).toEqual(answer(full));
          if ((reduced.stats.reduction?.reducedExpansions ?? 0) > 0) reducedSome++;
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
    // Not vacuous: with its visible, the reduction still acts on some (other processes' local steps).
    expect(reducedSome).toBeGreaterThan(0);
  });

  it('does not reduce a run that checks convergence, nor a model without persistent sets', () => {
    const transitions: Transition[] = [
      { proc: 0, from: 0, to: 1, shared: null },
      { proc: 1, from: 0, to: 1, shared: null },
    ];
    const sp: ProcessSpec = { locals: [2, 2], sharedValues: 2, transitions, badShared: 1, badLocal0: 5 };
    const properties = ['sharedNot'];
    expect(explore(processModel(sp), { properties, reduction: true }).stats.reduction).toEqual({ applied: true, reducedExpansions: 1 });
    expect(explore(processModel(sp, { persistent: false }), { properties, reduction: true }).stats.reduction?.applied).toBe(false);
    const g = { ...graphModel({ edges: [[1, 2], [], []], initial: [0], settled: [1, 2], properties: ['converges'] }) };
    const withSets = { ...g, persistentSets: () => [[0]] };
    const r = explore(withSets, { reduction: true });
    expect(r.stats.reduction).toEqual({ applied: false, reducedExpansions: 0 });
    expect(r.stats.states).toBe(3);
    expect(explore(processModel(sp), {}).stats.reduction).toBeUndefined();
  });
});

describe('partial-order reduction on the pinned rows', () => {
  it('on the CloneSet default scenario (separate status writes), each controller: the same verdicts and traces in fewer states', () => {
    // Properties that read neither status nor pending, so a waiting status write is invisible to them.
    const properties = ['canary-respected', 'surge-bound', 'availability-floor'];
    for (const controller of ['pre-fix', 'upstream', 'proposed'] as const) {
      const m = cloneSetModel({ ...DEFAULT_SCENARIO, controller });
      const full = explore(m, { properties, stopAtFirstViolation: false });
      const reduced = explore(m, { properties, stopAtFirstViolation: false, reduction: true });
      expect(reduced.verdict).toBe(full.verdict);
      expect(summary(reduced)).toEqual(summary(full));
      expect(reduced.violations?.map((v) => v.trace.map((x) => (x.action === null ? '-' : m.actionLabel(x.action))).join())).toEqual(
        full.violations?.map((v) => v.trace.map((x) => (x.action === null ? '-' : m.actionLabel(x.action))).join()),
      );
      const searched = reduced.stats.reduction?.reducedSearch?.states ?? reduced.stats.states;
      expect(reduced.stats.reduction?.reducedExpansions).toBeGreaterThan(0);
      expect(searched).toBeLessThan(full.stats.states);
    }
    // promotion-sound reads the status a write changes: every step is visible to it, so nothing is reduced.
    const proposed = cloneSetModel({ ...DEFAULT_SCENARIO, controller: 'proposed' });
    const seesWrites = explore(proposed, { properties: ['canary-respected', 'promotion-sound'], reduction: true });
    expect(seesWrites).toMatchObject({ verdict: 'holds', stats: { states: 98_003, reduction: { applied: true, reducedExpansions: 0 } } });
    // The README's figure: surge-bound alone, 82,060 states instead of 98,003.
    const surge = explore(proposed, { properties: ['surge-bound'], reduction: true });
    expect(surge).toMatchObject({ verdict: 'holds', stats: { states: 82_060, reduction: { applied: true } } });
  });

  it('changes nothing where no persistent set applies: every property (converges among them) on the CloneSet default scenario, and TwoPhase', () => {
    const rows = [
      { model: cloneSetModel({ ...DEFAULT_SCENARIO, controller: 'upstream' }), states: 99_321 },
      { model: twoPhaseCommit(3), states: TWO_PHASE_EXPECTED_STATES[3]! },
    ] as const;
    for (const { model, states } of rows) {
      const m = model as Model<unknown, unknown>;
      const full = explore(m, ALL);
      const reduced = explore(m, { ...ALL, reduction: true });
      expect(full.stats.states).toBe(states);
      expect(reduced.stats.states).toBe(states);
      expect(reduced.stats.transitions).toBe(full.stats.transitions);
      expect(summary(reduced)).toEqual(summary(full));
      expect(reduced.stats.reduction).toEqual({ applied: false, reducedExpansions: 0 });
    }
  });
});

describe('a reduced violation whose unreduced re-run a limit stops first', () => {
  it('is listed untraced, not dropped (the verdict was once incomplete with no word of it)', async () => {
    // The reduced search finds availability-floor within 20,972 states; the unreduced one needs 29,057.
    const m = cloneSetModel({ ...DEFAULT_SCENARIO, controller: 'upstream' });
    const options = { properties: ['availability-floor'], maxStates: 25_000, reduction: true };
    const r = explore(m, options);
    expect(r.stats.reduction?.applied).toBe(true);
    expect(r.stats.reduction?.reducedSearch?.states).toBeLessThan(25_000);
    expect(r).toMatchObject({ limit: 'maxStates', untraced: ['availability-floor'] });
    expect(r.violations ?? []).toEqual([]);
    expect((await rerunAsync(m, options)).untraced).toEqual(['availability-floor']);
    // With room for the re-run, the shortest counterexample and no untraced list.
    const whole = explore(m, { ...options, maxStates: 40_000 });
    expect(whole.verdict).toBe('violated');
    expect(whole.untraced).toBeUndefined();
  });
});

/** What a result answers: verdict, limit, each violation's trace, and the properties left untraced. */
function answer<S, A>(r: ExploreResult<S, A>) {
  return {
    verdict: r.verdict,
    limit: r.limit,
    traces: r.violations?.map((v) => `${v.property}:${v.trace.map((x) => JSON.stringify(x.state)).join(' ')}`),
    untraced: r.untraced,
  };
}

describe('a reduced search under a bound of the scope, or stopped at its first violation', () => {
  // Process 0 counts 0..3 by local (invisible) steps; process 1's one shared step sets the bad value, at
  // depth 1 of the full graph. The reduced graph takes process 0's steps first: the bad state lies at depth 4.
  const counting = COUNTING_PROCESSES;

  it.each([{ maxDepth: 1 }, { maxDepth: 3 }, { maxStates: 3 }, { maxStates: 4, stopAtFirstViolation: false }])(
    "gives the unreduced search's answer within %o: the violation, not 'incomplete'",
    async (bound) => {
      const m = processModel(counting);
      const options = { properties: ['sharedNot'], ...bound };
      const full = explore(m, options);
      expect(full.verdict).toBe('violated');
      const reduced = explore(m, { ...options, reduction: true });
      // The reduced search alone was stopped by the bound with no violation: it is re-run unreduced.
      expect(reduced.stats.reduction?.reducedExpansions).toBeGreaterThan(0);
      expect(answer(reduced)).toEqual(answer(full));
      expect(answer(await rerunAsync(m, { ...options, reduction: true }))).toEqual(answer(full));
    },
  );

  it('lists as untraced no property the unreduced re-run, stopped at its own first violation, had no need to reach', () => {
    // State [a, b, c]: a local step L of process 0 (invisible); X sets b (notQ fails), Y sets c (notP fails),
    // in a state-dependent order. The reduced search takes L first and meets notP first; the unreduced
    // search (and its re-run) stops at notQ, at the same depth, by the default stopAtFirstViolation.
    type Act = 'L' | 'X' | 'Y';
    const at = { L: 0, X: 1, Y: 2 } as const;
    const m: Model<readonly number[], Act> = {
      name: 'three-procs',
      encodingWords: 3,
      initialStates: () => [[0, 0, 0]],
      actions: (s) => (s[0] === 0 ? (['X', 'L', 'Y'] as const) : (['Y', 'X'] as const)).filter((a) => s[at[a]] === 0),
      next: (s, a) => s.map((v, i) => (i === at[a] ? 1 : v)),
      encode: (s, out, o) => out.set(s, o),
      decode: (w, o) => Array.from(w.subarray(o, o + 3)),
      actionLabel: (a) => a,
      actionKind: (a) => a,
      actionClass: () => 'system',
      isTerminal: () => true,
      properties: [
        {
          kind: 'invariant',
          name: 'notP',
          description: '',
          check: (s) => (s[2] === 1 ? { ok: false, message: 'P' } : OK),
          visible: (a) => a === 'Y',
        },
        {
          kind: 'invariant',
          name: 'notQ',
          description: '',
          check: (s) => (s[1] === 1 ? { ok: false, message: 'Q' } : OK),
          visible: (a) => a === 'X',
        },
      ],
      persistentSets: (s, acts) => (s[0] === 0 ? [acts.flatMap((a, k) => (a === 'L' ? [k] : []))] : []),
    };
    const full = explore(m);
    const reduced = explore(m, { reduction: true });
    expect(full.violations?.map((v) => v.property)).toEqual(['notQ']);
    expect(reduced.stats.reduction?.reducedExpansions).toBeGreaterThan(0);
    expect(answer(reduced)).toEqual(answer(full));
    expect(reduced.untraced).toBeUndefined();
  });

  it("gives the unreduced search's answer on random products, under random bounds", () => {
    const bounds = fc.record({
      maxDepth: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      maxStates: fc.option(fc.integer({ min: 2, max: 40 }), { nil: undefined }),
      stopAtFirstViolation: fc.boolean(),
    });
    fc.assert(
      fc.property(spec, bounds, (sp, b) => {
        const m = processModel(sp);
        const full = explore(m, b);
        const reduced = explore(m, { ...b, reduction: true });
        const { untraced, ...rest } = answer(reduced);
        expect({ ...rest, untraced: undefined }).toEqual({ ...answer(full), untraced: undefined });
        // A property the reduced search found violated is untraced only where a limit stopped the re-run.
        if (untraced !== undefined) expect(full.limit).toBeDefined();
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
