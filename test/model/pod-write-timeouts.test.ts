/**
 * Pod writes that time out after they landed (scenario `podWriteTimeouts`, beside `podWriteFailures`): the
 * API server applied the write, the controller saw an error. Upstream rolls a creation's or deletion's scale
 * expectation back on any error (createPods, deletePods in cloneset_scale.go) and expects a patch's
 * resourceVersion only on success, so with a lagging pod cache nothing holds the next reconcile back.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { failedWriteOf, isFailingPicks } from '../../model/cloneset/reconcile.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { checkScenario } from '../../model/cloneset/scenario-check.js';
import { describePod, type CloneSetState } from '../../model/cloneset/state.js';
import { labels, walk, walkSteps } from './walk.js';

const TIMES_OUT = 'write times out: ';
const podsOf = (s: CloneSetState): string[] => s.pods.map(describePod).sort();
const left = (s: CloneSetState): number => s.observed?.podWriteFailures ?? 0;

const CACHED: Scenario = {
  ...DEFAULT_SCENARIO,
  controller: 'upstream',
  expectations: 'upstream',
  podWriteFailures: 1,
  podWriteTimeouts: true,
};

/**
 * To a state where an in-place update goes to a pod the cache shows stale (not ready, where it is ready): scale
 * to 3 (`created`: the creating reconcile's label), roll out v2, and the kubelet reports the new pod ready.
 */
const inPlaceRoad = (created: string): string[] => [
  'scale(3)',
  created,
  'rollout(v2)',
  'pod-cache-sync(∅ → v1 not-ready PreparingNormal, awaited (scale))',
  'reconcile[0: v1 not-ready PreparingNormal → Normal]',
  'write-status',
  'pod-cache-sync(v1 not-ready PreparingNormal → v1 not-ready, awaited (patch))',
  'ready(v1 not-ready)',
];

describe('off by default', () => {
  it('podWriteTimeouts false explores the states of a scenario without the field', () => {
    const sc: Scenario = {
      ...DEFAULT_SCENARIO,
      expectations: 'upstream',
      podWriteFailures: 1,
      budgets: { rollouts: 1, deletes: 0, scales: 1, partitions: 0 },
    };
    const without = explore(cloneSetModel(sc), { stopAtFirstViolation: false });
    const off = explore(cloneSetModel({ ...sc, podWriteTimeouts: false }), { stopAtFirstViolation: false });
    const on = explore(cloneSetModel({ ...sc, podWriteTimeouts: true }), { stopAtFirstViolation: false });
    expect(off.stats.states).toBe(without.stats.states);
    expect(off.stats.transitions).toBe(without.stats.transitions);
    expect(on.stats.states).toBeGreaterThan(without.stats.states);
  });

  it('needs pod-write failures: a scenario without them is refused, naming the field', () => {
    expect(() => checkScenario({ ...DEFAULT_SCENARIO, podWriteTimeouts: true })).toThrow(
      /^scenario\.podWriteTimeouts must be false or absent when podWriteFailures is 0/,
    );
    expect(() => checkScenario({ ...DEFAULT_SCENARIO, podWriteFailures: 1, podWriteTimeouts: 'yes' as unknown as boolean })).toThrow(
      /scenario\.podWriteTimeouts/,
    );
  });
});

describe('a creation that timed out, with a lagging pod cache', () => {
  const steps = walkSteps(CACHED, ['scale(3)', `reconcile[1: ${TIMES_OUT}create v1; landed: create v1]`]);
  const s = steps[2]!.state;

  it('is offered beside the creation that succeeds, spends the failure, and its pod exists', () => {
    expect(labels(CACHED, steps[1]!.state).filter((l) => l.startsWith('reconcile'))).toEqual([
      'reconcile[0: create v1]',
      `reconcile[1: ${TIMES_OUT}create v1; landed: create v1]`,
    ]);
    expect(podsOf(s)).toEqual(['v1 not-ready PreparingNormal', 'v1 ready', 'v1 ready']);
    expect(left(s)).toBe(0);
    const picks = steps[2]!.action!.kind === 'reconcile' ? steps[2]!.action!.picks! : '';
    expect(isFailingPicks(picks)).toBe(true);
    expect(failedWriteOf(picks)).toEqual({ cause: 'timedOut', write: 'create v1' });
  });

  it('awaits nothing of it: the cache lacks the pod and the next reconcile creates it again', () => {
    const created = s.pods.find((p) => !p.ready);
    expect(s.observed!.pods).toEqual([{ cached: null, truth: created, awaited: 'none' }]);
    // The creation that succeeded is awaited: its reconcile is held back until the cache shows the pod.
    const ok = walk(CACHED, ['scale(3)', 'reconcile[0: create v1]'])[2]!;
    expect(ok.observed!.pods.map((e) => e.awaited)).toEqual(['scale']);
    expect(labels(CACHED, ok)).not.toContain('reconcile');
    const again = walk(CACHED, ['scale(3)', `reconcile[1: ${TIMES_OUT}create v1; landed: create v1]`, 'reconcile'])[3]!;
    expect(podsOf(again)).toEqual(['v1 not-ready PreparingNormal', 'v1 not-ready PreparingNormal', 'v1 ready', 'v1 ready']);
  });
});

describe('a deletion that timed out, with a lagging pod cache', () => {
  const sc: Scenario = { ...CACHED, initialReplicas: 3 };
  const [, , s] = walk(sc, ['scale(2)', `reconcile[1: ${TIMES_OUT}delete v1 ready; landed: delete v1 ready]`]);

  it('deleted the pod, and the cache still lists it with nothing awaited', () => {
    expect(podsOf(s!)).toEqual(['v1 ready', 'v1 ready']);
    expect(s!.observed!.pods.map((e) => [e.cached === null ? null : describePod(e.cached), e.truth, e.awaited])).toEqual([
      ['v1 ready', null, 'none'],
    ]);
    // Not held back: the reconcile that follows acts on a cache with three pods for two replicas.
    expect(labels(sc, s!).filter((l) => l.startsWith('reconcile'))).toEqual(['reconcile']);
    const [, , , after] = walk(sc, ['scale(2)', `reconcile[1: ${TIMES_OUT}delete v1 ready; landed: delete v1 ready]`, 'reconcile']);
    expect(podsOf(after!)).toEqual(['v1 ready']);
  });
});

describe('an in-place update retried until the cache caught up', () => {
  it('may time out after it landed, spending a failure', () => {
    const sc: Scenario = {
      ...CACHED,
      podUpdatePolicy: 'InPlaceIfPossible',
      inPlaceKubelet: true,
      budgets: { rollouts: 1, deletes: 0, scales: 1, partitions: 0 },
    };
    const road = inPlaceRoad('reconcile[0: create v1]');
    const s = walk(sc, road).at(-1)!;
    const timedOut = `reconcile[1: ${TIMES_OUT}update v1 not-ready in place to v2 (retried until the cache caught up); landed: update v1 not-ready in place to v2]`;
    expect(labels(sc, s).filter((l) => l.startsWith('reconcile'))).toEqual([
      'reconcile[0: update v1 not-ready in place to v2 (retried until the cache caught up)]',
      timedOut,
    ]);
    const t = walk(sc, [...road, timedOut]).at(-1)!;
    expect(left(t)).toBe(0);
    // Nothing awaits it, and the cache had caught up for the retry to land: it shows the pod as it was
    // before the write (ready at v1), not the older copy (not ready).
    expect(t.observed!.pods.map((e) => [describePod(e.cached!), describePod(e.truth!), e.awaited])).toEqual([
      ['v1 ready', 'v2 not-ready Updating', 'none'],
    ]);
  });
});

describe('without a lagging pod cache', () => {
  // Roll out v2 and scale to 3 with a pod to replace: Scale creates a v1 and a v2 pod, in batches of one.
  const sc: Scenario = { ...DEFAULT_SCENARIO, controller: 'upstream', podWriteFailures: 1, podWriteTimeouts: true };
  const road = ['rollout(v2)', 'delete(v1 ready)', 'delete(v1 ready)'];

  it('a timeout is offered only where no refusal reaches the same state', () => {
    const [, , , s] = walk(sc, road);
    // The v1 creation timing out leaves the pods the v2 creation's refusal leaves: the refusal is the one shown.
    expect(labels(sc, s!).filter((l) => l.startsWith('reconcile'))).toEqual([
      'reconcile[0: create v1, create v2]',
      'reconcile[1: write fails: create v1; landed: no pod change]',
      'reconcile[2: write fails: create v2; landed: create v1]',
    ]);
  });

  it("a deletion that timed out is not counted as Scale's change: Update runs on the pods as listed", () => {
    const three: Scenario = { ...sc, initialReplicas: 3, initialPartition: 0 };
    const [, , s] = walk(three, ['rollout(v2)', 'scale(2)']);
    expect(labels(three, s!).filter((l) => l.startsWith('reconcile'))).toEqual([
      'reconcile[0: delete v1 ready]',
      'reconcile[1: write fails: delete v1 ready; landed: mark v1 ready ×2]',
      `reconcile[2: ${TIMES_OUT}delete v1 ready; landed: delete v1 ready, mark v1 ready]`,
    ]);
    const [, , , t] = walk(three, [
      'rollout(v2)',
      'scale(2)',
      `reconcile[2: ${TIMES_OUT}delete v1 ready; landed: delete v1 ready, mark v1 ready]`,
    ]);
    expect(podsOf(t!)).toEqual(['v1 ready', 'v1 ready marked']);
    expect(left(t!)).toBe(0);
  });
});

describe('proposed keeps the expectation of a creation that timed out, where expectations may expire', () => {
  const sc: Scenario = { ...CACHED, controller: 'proposed', expectations: 'timeout' };
  const NEVER_LANDED = `reconcile[1: ${TIMES_OUT}create v1 (never landed; expectation kept); landed: no pod change]`;

  it('a creation that timed out and landed is awaited as one that succeeded: no step of its own where nothing runs after it', () => {
    const [, s] = walk(sc, ['scale(3)']);
    expect(labels(sc, s!).filter((l) => l.startsWith('reconcile'))).toEqual(['reconcile[0: create v1]', NEVER_LANDED]);
  });

  it('one that never landed leaves an expectation no pod event meets: no pod, no cache step, the reconcile held until it expires', () => {
    const [, , s] = walk(sc, ['scale(3)', NEVER_LANDED]);
    expect(s!.pods).toHaveLength(2);
    expect(s!.observed!.pods).toEqual([{ cached: null, truth: null, awaited: 'unlanded' }]);
    expect(failedWriteOf(NEVER_LANDED.slice('reconcile[1: '.length, -1))).toEqual({ cause: 'timedOutUnlanded', write: 'create v1' });
    const ls = labels(sc, s!);
    expect(ls.some((l) => l.startsWith('reconcile') || l.startsWith('pod-cache-sync'))).toBe(false);
    expect(ls).toContain('expectations-expire');
    // Expired (the API server has no such pod), the next reconcile creates it.
    const [, , , , t] = walk(sc, ['scale(3)', NEVER_LANDED, 'expectations-expire', 'reconcile']);
    expect(podsOf(t!)).toEqual(['v1 not-ready PreparingNormal', 'v1 ready', 'v1 ready']);
    expect(t!.observed!.pods.map((e) => e.awaited)).toEqual(['scale']);
  });

  it('it takes a creation that timed out as made: the batch goes on and no Update runs after it', () => {
    const wide: Scenario = { ...sc, initialPartition: 0, maxUnavailable: 2 };
    const [, , s] = walk(wide, ['rollout(v2)', 'scale(3)']);
    // A refusal lets Update mark a pod; the creation that never landed is taken as made, so nothing runs after it.
    expect(labels(wide, s!).filter((l) => l.startsWith('reconcile'))).toEqual([
      'reconcile[0: create v2]',
      'reconcile[1: write fails: create v2; landed: mark v1 ready]',
      `reconcile[2: ${TIMES_OUT}create v2 (never landed; expectation kept); landed: no pod change]`,
    ]);
    // Two creations, one per revision: either may never land, and the other lands all the same.
    const t = walk(sc, [
      'rollout(v2)',
      'delete(v1 ready)',
      'delete(v1 ready)',
      'pod-cache-sync(v1 ready → ∅)',
      'pod-cache-sync(v1 ready → ∅)',
    ]).at(-1);
    expect(labels(sc, t!).filter((l) => l.includes('never landed'))).toEqual([
      `reconcile[3: ${TIMES_OUT}create v1 (never landed; expectation kept); landed: create v2]`,
      `reconcile[4: ${TIMES_OUT}create v2 (never landed; expectation kept); landed: create v1]`,
    ]);
  });

  it('with two failures, two creations may never land, or one never land and another be refused, in one reconcile', () => {
    const two: Scenario = { ...sc, podWriteFailures: 2 };
    const road = ['rollout(v2)', 'delete(v1 ready)', 'delete(v1 ready)', 'pod-cache-sync(v1 ready → ∅)', 'pod-cache-sync(v1 ready → ∅)'];
    const before = walk(two, road).at(-1)!;
    const both = `reconcile[5: ${TIMES_OUT}create v1, create v2 (never landed; expectation kept); landed: no pod change]`;
    const refused = `reconcile[6: ${TIMES_OUT}create v1 (never landed; expectation kept), create v2 refused; landed: no pod change]`;
    expect(labels(two, before).filter((l) => l.includes('never landed'))).toEqual([
      `reconcile[3: ${TIMES_OUT}create v1 (never landed; expectation kept); landed: create v2]`,
      `reconcile[4: ${TIMES_OUT}create v2 (never landed; expectation kept); landed: create v1]`,
      both,
      refused,
    ]);
    const a = walk(two, [...road, both]).at(-1)!;
    expect(a.pods).toEqual([]);
    expect(a.observed!.pods.map((e) => e.awaited)).toEqual(['unlanded', 'unlanded']);
    expect(left(a)).toBe(0);
    const b = walk(two, [...road, refused]).at(-1)!;
    expect(b.observed!.pods.map((e) => e.awaited)).toEqual(['unlanded']);
    expect(left(b)).toBe(0);
    expect(failedWriteOf(refused.slice('reconcile[6: '.length, -1))).toEqual({
      cause: 'timedOutUnlanded',
      write: 'create v1',
      refusedToo: 'create v2',
    });
    // With one failure left, neither is offered.
    expect(
      labels(sc, walk(sc, road).at(-1)!).some((l) => l.includes(', create v2 refused') || l.includes('create v1, create v2 (never')),
    ).toBe(false);
  });

  it('upstream and pre-fix roll the expectation back as before; proposed where expectations never expire settles the write', () => {
    for (const controller of ['pre-fix', 'upstream'] as const)
      expect(labels({ ...sc, controller }, walk({ ...sc, controller }, ['scale(3)'])[1]!).filter((l) => l.startsWith('reconcile'))).toEqual(
        ['reconcile[0: create v1]', `reconcile[1: ${TIMES_OUT}create v1; landed: create v1]`],
      );
    // A creation its re-issue finds landed is one that succeeded, one that did not land one that was refused (which here
    // changes nothing but the failures left, and so is not a step): no way of its own.
    const never: Scenario = { ...sc, expectations: 'upstream' };
    expect(labels(never, walk(never, ['scale(3)'])[1]!).filter((l) => l.startsWith('reconcile'))).toEqual(['reconcile']);
  });

  it('within the small scope it holds surge-bound and canary-respected, where pre-fix and upstream fail them', () => {
    const small: Scenario = { ...sc, budgets: { rollouts: 1, deletes: 0, scales: 1, partitions: 0 } };
    const r = explore(cloneSetModel(small), { properties: ['surge-bound', 'canary-respected', 'converges'], stopAtFirstViolation: false });
    expect(r.limit).toBeUndefined();
    expect(r.violations ?? []).toEqual([]);
    // Not vacuous: the search took creations that never landed, and their expiry.
    expect(r.stats.perActionKind['expectationsExpire']).toBeGreaterThan(0);
    for (const controller of ['pre-fix', 'upstream'] as const) {
      const x = explore(cloneSetModel({ ...small, controller }), { properties: ['surge-bound'] });
      expect(x.violations?.[0]?.trace.length).toBe(4);
    }
  });
});

describe('found by the explorer', () => {
  it('surge-bound: a creation that timed out is made again before the cache shows it (pre-fix and upstream, 3 steps)', () => {
    for (const controller of ['pre-fix', 'upstream'] as const) {
      const r = explore(cloneSetModel({ ...CACHED, controller, budgets: { rollouts: 0, deletes: 0, scales: 1, partitions: 0 } }), {
        properties: ['surge-bound'],
      });
      const v = r.violations?.[0];
      expect(v?.property).toBe('surge-bound');
      const m = cloneSetModel({ ...CACHED, controller });
      expect(v!.trace.slice(1).map((x) => m.actionLabel(x.action!))).toEqual([
        'scale(3)',
        `reconcile[1: ${TIMES_OUT}create v1; landed: create v1]`,
        'reconcile',
      ]);
      expect(v!.trace[3]!.state.pods.length).toBe(4);
    }
  });
});

describe('proposed settles a write that timed out (settlesTimedOutWrites)', () => {
  const small: Scenario = { ...CACHED, controller: 'proposed', budgets: { rollouts: 1, deletes: 0, scales: 1, partitions: 0 } };
  const inPlace: Scenario = { ...small, podUpdatePolicy: 'InPlaceIfPossible', inPlaceKubelet: true };

  it('offers no way of its own for an in-place update retried until the cache caught up', () => {
    // proposed's creation has one way here (its refusal changes nothing but the failures left).
    const road = inPlaceRoad('reconcile');
    expect(labels(inPlace, walk(inPlace, road).at(-1)!).filter((l) => l.startsWith('reconcile'))).toEqual([
      'reconcile[0: update v1 not-ready in place to v2 (retried until the cache caught up)]',
    ]);
  });

  // Where expectations never expire, every write that timed out is one that succeeded or one that was
  // refused: the whole space is the one without timeouts, transition for transition, and the findings of
  // pre-fix and upstream (T1, T1i) do not occur.
  it.each([
    ['ReCreate', small],
    ['in place', inPlace],
  ])('%s: the space without timeouts, where upstream has more', (_, sc) => {
    const { podWriteTimeouts: _t, ...without } = sc;
    const on = explore(cloneSetModel(sc), { stopAtFirstViolation: false });
    const off = explore(cloneSetModel(without), { stopAtFirstViolation: false });
    expect(on.stats.perActionKind).toEqual(off.stats.perActionKind);
    expect([on.stats.states, on.stats.transitions]).toEqual([off.stats.states, off.stats.transitions]);
    expect(on.violations?.map((v) => v.property) ?? []).not.toContain('canary-respected');
    expect(on.violations?.map((v) => v.property) ?? []).not.toContain('surge-bound');
    const up = { ...sc, controller: 'upstream' } as const;
    const upstream = explore(cloneSetModel(up), { stopAtFirstViolation: false });
    expect(upstream.stats.states).toBeGreaterThan(on.stats.states);
    const canary = upstream.violations?.find((v) => v.property === 'canary-respected');
    expect(canary?.trace.some((x) => x.action !== null && cloneSetModel(up).actionLabel(x.action).includes(TIMES_OUT))).toBe(true);
  });

  // Where expectations may expire, the only timed-out way left is a creation that never landed (kept as made):
  // pinned, so that a timed-out deletion, patch or in-place update offered again would show.
  it.each([
    ['ReCreate', small, 5_276, 12_468],
    ['in place', inPlace, 12_639, 39_734],
  ])('%s, expectations timeout: canary-respected and surge-bound hold over the pinned space', (_, sc, states, transitions) => {
    const r = explore(cloneSetModel({ ...sc, expectations: 'timeout' }), {
      properties: ['canary-respected', 'surge-bound', 'converges'],
      stopAtFirstViolation: false,
    });
    expect(r.violations ?? []).toEqual([]);
    expect([r.stats.states, r.stats.transitions]).toEqual([states, transitions]);
  });
});
