/**
 * The Progressing condition (model/controller/progress.ts) against upstream's TestSyncProgressingStatus
 * (pkg/controller/cloneset/cloneset_status_test.go, HEAD 07169cfac), case by case where the model can say the
 * same: the reason, and whether the condition is the one read (its lastUpdateTime kept) or set anew. Upstream's
 * cases build `newStatus` without conditions unless they test a timeout; doReconcile carries
 * `instance.Status.Conditions` into it, which is what `previous` stands for here. Then what upstream's cases
 * do not try: the condition read is a settled one whose deadline has passed (deadline-from-progress).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  calculateProgressingStatus,
  conditionOf,
  PROGRESS_REASONS,
  progressCode,
  progressOfCodes,
  SETTLED_REASONS,
  waitsForDeadline,
  type ProgressCondition,
  type ProgressInput,
} from '../../model/controller/progress.js';

/** upstream's newStatus(replicas, ready, available, updated, updatedReady, updatedAvailable, expectedUpdated, current, update), the fields read. */
const counts = (
  replicas: number,
  updated: number,
  updatedAvailable: number,
  expectedUpdated: number,
  current: string,
  update: string,
): Pick<
  ProgressInput,
  'replicas' | 'updatedReplicas' | 'updatedAvailableReplicas' | 'expectedUpdatedReplicas' | 'currentRevision' | 'updateRevision'
> => ({
  replicas,
  updatedReplicas: updated,
  updatedAvailableReplicas: updatedAvailable,
  expectedUpdatedReplicas: expectedUpdated,
  currentRevision: current,
  updateRevision: update,
});

const input = (
  specReplicas: number,
  c: ReturnType<typeof counts>,
  previous?: ProgressCondition,
  paused = false,
  settledUntimed = false,
): ProgressInput => ({ specReplicas, paused, ...c, previous, settledUntimed });

describe("upstream's TestSyncProgressingStatus, as the model states it", () => {
  it.each([
    ['legacy cs starts deploying', input(10, counts(5, 2, 1, 2, '1', '2')), 'Updated'],
    ['legacy cs starts paused', input(10, counts(5, 2, 1, 2, '1', '1'), undefined, true), 'Paused'],
    ['legacy cs is available', input(10, counts(10, 10, 10, 10, '1', '1')), 'Available'],
    ['legacy cs is scaling', input(1, counts(10, 10, 8, 10, '2', '2')), 'Updated'],
    ['legacy cs is paused', input(1, counts(10, 6, 5, 6, '1', '2'), undefined, true), 'Paused'],
    [
      'legacy cs is available, and CloneSet is paused due to partition available',
      input(10, counts(10, 1, 1, 1, '1', '2')),
      'PartitionAvailable',
    ],
    [
      'startup with CloneSetAvailable condition, and CloneSet scales up replicas, timeout',
      input(10, counts(10, 10, 8, 10, '1', '1'), conditionOf('Updated', true)),
      'DeadlineExceeded',
    ],
    [
      'startup with Updated condition, and CloneSet is paused due to partition available',
      input(10, counts(10, 5, 5, 5, '1', '2'), conditionOf('Updated', false)),
      'PartitionAvailable',
    ],
    [
      'startup with Updated condition, and CloneSet is scaled down from 10 to 6, only ExpectedUpdatedReplicas changed and not timeout',
      input(10, counts(10, 8, 6, 8, '1', '2'), conditionOf('Updated', false)),
      'Updated',
    ],
    [
      'startup with Updated condition, and CloneSet is scaled down from 10 to 6, only ExpectedUpdatedReplicas and timeout',
      input(10, counts(10, 8, 6, 8, '1', '2'), conditionOf('Updated', true)),
      'DeadlineExceeded',
    ],
  ] as const)('%s', (_name, x, reason) => {
    const c = calculateProgressingStatus(x);
    expect(c.reason).toBe(reason);
    // SetCloneSetCondition keeps a condition of the same reason (its lastUpdateTime); any other is set now.
    if (x.previous?.reason === reason) expect(c).toBe(x.previous);
    else expect(c.expired).toBe(false);
  });
});

describe("upstream's two cases that start from CloneSetAvailable, as doReconcile would run them", () => {
  // "startup with CloneSetAvailable condition, and CloneSet scales up replicas" (spec 10, newStatus(5, 5, 5, 5, 5,
  // 5, 10, "1", "1")) and "... reconciles with a new revision" (newStatus(1, 0, 0, 0, 0, 0, 1, "1", "2")): both
  // expect CloneSetUpdated. Their Available condition is from time.Unix(0, 10), the deadline 10 s, and
  // CloneSetDeadlineExceeded compares with time.Now(): past it. They pass because their newStatus has no
  // conditions; doReconcile's carries the CloneSet's.
  const cases = [
    ['scales up replicas', input(10, counts(5, 5, 5, 10, '1', '1'))],
    ['reconciles with a new revision', input(1, counts(1, 0, 0, 1, '1', '2'))],
  ] as const;

  it.each(cases)("%s: as upstream's test runs it (no condition carried over), CloneSetUpdated", (_name, x) => {
    expect(calculateProgressingStatus(x)).toBe(conditionOf('Updated', false));
  });

  it.each(cases)(
    '%s: with the Available condition doReconcile carries over, upstream reports ProgressDeadlineExceeded, proposed CloneSetUpdated',
    (_name, x) => {
      const previous = conditionOf('Available', true);
      expect(calculateProgressingStatus({ ...x, previous }).reason).toBe('DeadlineExceeded');
      expect(calculateProgressingStatus({ ...x, previous, settledUntimed: true })).toBe(conditionOf('Updated', false));
    },
  );
});

describe("a settled condition whose deadline has passed (what upstream's cases leave out)", () => {
  // A rollout of v2 on a CloneSet available for longer than the deadline: the first reconcile of the rollout.
  const rollout = counts(2, 0, 0, 1, '1', '2');

  it.each(SETTLED_REASONS)(
    'upstream times the deadline from %s: the first reconcile of a progress reports ProgressDeadlineExceeded',
    (reason) => {
      expect(calculateProgressingStatus(input(2, rollout, conditionOf(reason, true))).reason).toBe('DeadlineExceeded');
    },
  );

  it.each(SETTLED_REASONS)('proposed does not: from %s it sets Updated with the time of this reconcile', (reason) => {
    expect(calculateProgressingStatus(input(2, rollout, conditionOf(reason, true), false, true))).toBe(conditionOf('Updated', false));
  });

  it('both time an Updated condition, and keep ProgressDeadlineExceeded until the CloneSet settles', () => {
    for (const untimed of [false, true]) {
      expect(calculateProgressingStatus(input(2, rollout, conditionOf('Updated', true), false, untimed)).reason).toBe('DeadlineExceeded');
      expect(calculateProgressingStatus(input(2, rollout, conditionOf('DeadlineExceeded', false), false, untimed)).reason).toBe(
        'DeadlineExceeded',
      );
      expect(
        calculateProgressingStatus(input(2, counts(2, 2, 2, 2, '2', '2'), conditionOf('DeadlineExceeded', false), false, untimed)),
      ).toBe(conditionOf('Available', false));
    }
  });
});

describe('conditions as values (fast-check)', () => {
  const condition = fc.constantFrom(...PROGRESS_REASONS).chain((reason) => fc.boolean().map((expired) => conditionOf(reason, expired)));
  const anyInput = fc.record({
    specReplicas: fc.nat(6),
    paused: fc.boolean(),
    replicas: fc.nat(6),
    updatedReplicas: fc.nat(6),
    updatedAvailableReplicas: fc.nat(6),
    expectedUpdatedReplicas: fc.nat(6),
    currentRevision: fc.constantFrom('v1', 'v2'),
    updateRevision: fc.constantFrom('v1', 'v2'),
    previous: fc.option(condition, { nil: undefined }),
    settledUntimed: fc.boolean(),
  });

  it('codes round-trip, 0 is none, and DeadlineExceeded is never past a deadline', () => {
    expect(progressOfCodes(0, 0)).toBeUndefined();
    expect(progressCode(undefined)).toBe(0);
    fc.assert(
      fc.property(condition, (c) => {
        expect(progressOfCodes(progressCode(c), c.order ?? 0)).toBe(c);
        expect(progressCode(c)).toBeLessThan(16);
        if (c.reason === 'DeadlineExceeded') expect(c.expired).toBe(false);
      }),
    );
  });

  it('the fix changes the outcome only where upstream times a settled condition past its deadline', () => {
    fc.assert(
      fc.property(anyInput, (x) => {
        const upstream = calculateProgressingStatus({ ...x, settledUntimed: false });
        const fixed = calculateProgressingStatus({ ...x, settledUntimed: true });
        const p = x.previous;
        if (p === undefined || !p.expired || !SETTLED_REASONS.includes(p.reason)) expect(fixed).toBe(upstream);
        else if (upstream.reason === 'DeadlineExceeded') expect(fixed).toBe(conditionOf('Updated', false));
        // A new condition is never past its deadline; a kept one is the one read.
        for (const c of [upstream, fixed]) expect(c === p || !c.expired).toBe(true);
      }),
    );
  });

  it('a deadline is waited for only where it is read', () => {
    fc.assert(
      fc.property(condition, fc.boolean(), (c, untimed) => {
        const read = c.reason !== 'DeadlineExceeded' && !(untimed && SETTLED_REASONS.includes(c.reason));
        expect(waitsForDeadline(c, untimed)).toBe(read && !c.expired);
      }),
    );
  });
});
