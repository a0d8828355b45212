/**
 * The ranked Progressing conditions against real times (model/cloneset/condition-order.ts): random walks
 * with progressDeadlineSeconds and stale reads, beside which every copy of the condition (the cache's
 * versions, the server's status, a pending one) carries a lastUpdateTime kept by this file's own rules, and
 * the deadline a threshold time: after each step the model's `expired` and `order` of every copy, and whether
 * `deadline-passes` is enabled, must be what those times say; and deadline-from-progress must fail exactly
 * where a reconcile wrote ProgressDeadlineExceeded computed from a settled condition it read.
 * (From a review of session 30's change.)
 */
import { describe, expect, it } from 'vitest';
import type { Action } from '../../model/cloneset/actions.js';
import { conditionsOf } from '../../model/cloneset/condition-order.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import type { CloneSetState } from '../../model/cloneset/state.js';
import { SETTLED_REASONS, type ProgressCondition, waitsForDeadline } from '../../model/controller/progress.js';

const SPEC_EDITS = new Set<Action['kind']>(['rollout', 'scale', 'setPartition', 'setPaused', 'setStrategy']);

/** A fixed-seed linear congruential generator: the same walks on every run. */
function generator(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x / 2_147_483_648;
  };
}

interface Tally {
  steps: number;
  deadlineSteps: number;
  judged: number;
  violations: number;
}

/** Whether the reconcile from s to t wrote a status (inline: the server's changed, or the cache's lag did). */
function wroteInline(s: CloneSetState, t: CloneSetState): boolean {
  const before = s.observed!.lag;
  const after = t.observed!.lag;
  return t.status !== s.status || after.length !== before.length || after.some((x, j) => x !== before[j]);
}

function walk(sc: Scenario, walks: number, length: number, random: () => number): Tally {
  const m = cloneSetModel(sc);
  const property = m.properties.find((p) => p.name === 'deadline-from-progress');
  if (property?.kind !== 'step') throw new Error('deadline-from-progress is a step property');
  const untimed = sc.controller === 'proposed';
  const timed = (c: ProgressCondition): boolean => c.reason !== 'DeadlineExceeded' && !(untimed && SETTLED_REASONS.includes(c.reason));
  const bound = sc.staleReads ?? 0;
  const separate = sc.statusWrite !== 'inline';
  const tally: Tally = { steps: 0, deadlineSteps: 0, judged: 0, violations: 0 };
  for (let w = 0; w < walks; w++) {
    let s = m.initialStates()[0]!;
    let clock = 2;
    // A copy of a timed reason set at or before `threshold` is past its deadline.
    let threshold = 0;
    // One time per copy, in conditionsOf's order: the lagging versions, the server's status, a pending one.
    let times = conditionsOf(s).map(() => 1);
    for (let i = 0; i < length; i++) {
      const actions = m.actions(s);
      if (actions.length === 0) break;
      const a = actions[Math.floor(random() * actions.length)]!;
      const t = m.next(s, a);
      const n = s.observed!.lag.length;
      let lag = times.slice(0, n);
      let server = times[n]!;
      let pending = s.pending === null ? null : times[n + 1]!;
      const readTime = n > 0 ? lag[0]! : server;
      const read = (n > 0 ? s.observed!.lag[0]!.status : s.status).progressing!;
      if (SPEC_EDITS.has(a.kind)) {
        // The server's version joins the lag; past the bound the oldest is delivered.
        lag = [...lag.slice(Math.max(0, n - (bound - 1))), server];
      } else if (a.kind === 'reconcile') {
        // SetCloneSetCondition keeps the read condition's time for an unchanged reason, else sets now.
        const timeOf = (c: ProgressCondition): number => (c.reason === read.reason ? readTime : clock++);
        const wrote = separate ? t.pending !== null : wroteInline(s, t);
        const computed = separate ? t.pending : t.status;
        if (separate) pending = t.pending === null ? null : timeOf(t.pending.progressing!);
        else if (wrote) {
          lag = [server];
          server = t.status === s.status ? server : timeOf(t.status.progressing!);
        }
        const bad = wrote && computed!.progressing!.reason === 'DeadlineExceeded' && SETTLED_REASONS.includes(read.reason);
        const r = property.check(s, a, t);
        tally.judged++;
        if (!r.ok) tally.violations++;
        expect(r.ok, `walk ${w} step ${i}: property against the times`).toBe(!bad);
      } else if (a.kind === 'writeStatus') {
        lag = [server];
        server = pending!;
        pending = null;
      } else if (a.kind === 'statusWriteFails') {
        pending = null;
      } else if (a.kind === 'cacheSync') {
        lag = lag.slice(1);
      } else if (a.kind === 'deadlinePasses') {
        tally.deadlineSteps++;
        const cs = conditionsOf(s);
        const waiting = times.filter((x, j) => cs[j] !== undefined && timed(cs[j]!) && x > threshold);
        expect(waiting.length, 'a deadline step with nothing to time out').toBeGreaterThan(0);
        threshold = Math.min(...waiting);
      }
      times = [...lag, server, ...(pending === null ? [] : [pending])];
      const cs = conditionsOf(t);
      expect(cs.length).toBe(times.length);
      const waitingTimes = [...new Set(times.filter((x, j) => timed(cs[j]!) && x > threshold))].sort((x, y) => x - y);
      for (let j = 0; j < cs.length; j++) {
        const c = cs[j]!;
        const where = `walk ${w} step ${i} (${a.kind}), copy ${j}`;
        expect(c.expired, where).toBe(timed(c) && times[j]! <= threshold);
        expect(c.order ?? 0, where).toBe(waitsForDeadline(c, untimed) ? waitingTimes.indexOf(times[j]!) : 0);
      }
      expect(
        m.actions(t).some((x) => x.kind === 'deadlinePasses'),
        `walk ${w} step ${i}: deadline-passes enabled`,
      ).toBe(waitingTimes.length > 0);
      tally.steps++;
      s = t;
    }
  }
  return tally;
}

const budgets = { ...DEFAULT_SCENARIO.budgets, rollouts: 3, deletes: 1, scales: 2, partitions: 2, pauses: 2 };
const CONFIGS: readonly Scenario[] = (['upstream', 'proposed'] as const).flatMap((controller) =>
  (['separate', 'inline'] as const).flatMap((statusWrite) =>
    [1, 3].flatMap((staleReads) =>
      (statusWrite === 'separate' ? [0, 2] : [0]).map(
        (statusWriteFailures): Scenario => ({
          ...DEFAULT_SCENARIO,
          progressDeadline: true,
          maxReplicas: 3,
          controller,
          statusWrite,
          staleReads,
          statusWriteFailures,
          budgets,
        }),
      ),
    ),
  ),
);

describe('ranked conditions against lastUpdateTimes kept beside the model', () => {
  it.each(
    CONFIGS.map(
      (sc) => [`${sc.controller}, ${sc.statusWrite}, staleReads ${sc.staleReads}, ${sc.statusWriteFailures} failing writes`, sc] as const,
    ),
  )('%s', (_name, sc) => {
    const tally = walk(sc, 60, 80, generator(20_261_205));
    expect(tally.steps).toBeGreaterThan(1_000);
    expect(tally.deadlineSteps).toBeGreaterThan(10);
    expect(tally.judged).toBeGreaterThan(100);
    // Upstream times settled conditions: some walk finds the defect; proposed never does.
    if (sc.controller === 'proposed') expect(tally.violations).toBe(0);
  });

  it('with a lagging pod cache, free choices and a failing pod write too', () => {
    const sc: Scenario = { ...CONFIGS[0]!, expectations: 'upstream', podWriteFailures: 1, freeChoices: true };
    expect(walk(sc, 40, 80, generator(7)).steps).toBeGreaterThan(1_000);
  });
});
