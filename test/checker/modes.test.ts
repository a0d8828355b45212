/** Fingerprint vs exact visited modes, determinism of whole results, statistics, fingerprints. */

import { describe, expect, it } from 'vitest';
import { collisionProbability, explore, fingerprintOf } from '../../checker/index.js';
import type { ExploreResult, Model } from '../../checker/index.js';
import { OK } from '../../checker/types.js';
import { RM_COMMITTED, rmStateOf, twoPhaseCommit } from '../../examples/models/two-phase-commit.js';
import type { TPAction, TPState } from '../../examples/models/two-phase-commit.js';

/** Everything but wall-clock figures. */
function timeless<S, A>(r: ExploreResult<S, A>) {
  const { seconds: _s, statesPerSecond: _r, ...stats } = r.stats;
  return { ...r, stats };
}

/** TwoPhase with an extra (false) invariant "no RM ever commits", so runs end in a violation trace. */
function brokenTwoPhase(n: number): Model<TPState, TPAction> {
  const m = twoPhaseCommit(n);
  return {
    ...m,
    properties: [
      ...m.properties,
      {
        kind: 'invariant',
        name: 'NobodyCommits',
        description: 'false on purpose',
        check: (s) => ([...Array(n).keys()].some((i) => rmStateOf(s, i) === RM_COMMITTED) ? { ok: false, message: 'an RM committed' } : OK),
      },
    ],
  };
}

describe('visited modes and determinism', () => {
  it('exact and fingerprint modes find the same states, transitions and traces', () => {
    const fp = explore(twoPhaseCommit(4), { mode: 'fingerprint' });
    const ex = explore(twoPhaseCommit(4), { mode: 'exact' });
    expect(ex.stats.states).toBe(1568);
    expect(fp.stats.states).toBe(ex.stats.states);
    expect(fp.stats.transitions).toBe(ex.stats.transitions);
    expect(fp.stats.perActionKind).toEqual(ex.stats.perActionKind);
    expect(ex.stats.collisionProbability).toBeUndefined();
    expect(ex.stats.bytesPerState!).toBeGreaterThan(fp.stats.bytesPerState!);
    const bf = explore(brokenTwoPhase(4), { mode: 'fingerprint' });
    const be = explore(brokenTwoPhase(4), { mode: 'exact' });
    expect(be.violation?.trace).toEqual(bf.violation?.trace);
  });

  it('gives the same counts when the tables start tiny and grow many times', () => {
    for (const mode of ['fingerprint', 'exact'] as const) {
      const r = explore(twoPhaseCommit(5), { mode, initialCapacity: 4 });
      expect(r.stats.states).toBe(8832);
    }
  });

  it('is deterministic: two runs produce deeply equal results', () => {
    const a = explore(brokenTwoPhase(5));
    const b = explore(brokenTwoPhase(5));
    expect(a.verdict).toBe('violated');
    expect(timeless(a)).toEqual(timeless(b));
    expect(JSON.stringify(timeless(a))).toBe(JSON.stringify(timeless(b)));
    const c = explore(brokenTwoPhase(5), { stopAtFirstViolation: false });
    const d = explore(brokenTwoPhase(5), { stopAtFirstViolation: false });
    expect(timeless(c)).toEqual(timeless(d));
  });

  it('finds a shortest trace in TwoPhase: prepare all, commit, deliver (2N + 2 steps)', () => {
    const r = explore(brokenTwoPhase(3));
    const kinds = r.violation!.trace.slice(1).map((s) => s.action!.kind);
    expect(kinds).toHaveLength(3 + 3 + 1 + 1);
    expect(kinds.filter((k) => k === 'RMPrepare')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'TMRcvPrepared')).toHaveLength(3);
    expect(kinds.slice(-2)).toEqual(['TMCommit', 'RMRcvCommitMsg']);
  });

  it('counts transitions per action kind with sorted keys', () => {
    const r = explore(twoPhaseCommit(3));
    const keys = Object.keys(r.stats.perActionKind);
    expect(keys).toEqual([...keys].sort());
    expect(keys).toContain('TMCommit');
    expect(Object.values(r.stats.perActionKind).reduce((x, y) => x + y, 0)).toBe(r.stats.transitions);
  });

  it('reports the birthday-bound collision estimate n(n-1)/2^65', () => {
    const r = explore(twoPhaseCommit(3));
    expect(r.stats.collisionProbability).toBe((288 * 287) / 2 ** 65);
    expect(collisionProbability(1)).toBe(0);
    expect(collisionProbability(2 ** 32)).toBeCloseTo(0.5, 6);
  });
});

describe('fingerprints', () => {
  it('are distinct over a dense range of one- and two-word encodings', () => {
    const seen = new Set<string>();
    const w = new Uint32Array(2);
    for (let i = 0; i < 100_000; i++) {
      w[0] = i;
      seen.add(fingerprintOf(w, 0, 1));
      w[1] = i >>> 3;
      w[0] = i & 7;
      seen.add(fingerprintOf(w, 0, 2));
    }
    expect(seen.size).toBe(200_000);
  });

  it('depend on word position and are stable hex strings', () => {
    const a = fingerprintOf(Uint32Array.of(1, 2), 0, 2);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintOf(Uint32Array.of(2, 1), 0, 2)).not.toBe(a);
    expect(fingerprintOf(Uint32Array.of(9, 1, 2), 1, 2)).toBe(a);
  });
});
