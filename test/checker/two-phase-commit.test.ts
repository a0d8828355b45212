/** The TwoPhase example model (examples/models/) reproduces TLC's distinct state counts. */

import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import {
  describeTPState,
  packRmStates,
  type TPAction,
  type TPState,
  TWO_PHASE_EXPECTED_STATES,
  twoPhaseCommit,
} from '../../examples/models/two-phase-commit.js';

describe('TwoPhase commit example model', () => {
  it.each([3, 5])('N=%i has the distinct state count TLC reports', (n) => {
    const r = explore(twoPhaseCommit(n));
    expect(r.verdict).toBe('holds');
    expect(r.stats.states).toBe(TWO_PHASE_EXPECTED_STATES[n]);
    expect(r.stats.states).toBe(n === 3 ? 288 : 8832);
  });

  it('has, at N=5, the transitions by kind of the model before its `next` was compacted (session 9)', () => {
    // Counted with the one-case-per-action `next` it replaced: the same steps, self-loops included.
    const r = explore(twoPhaseCommit(5));
    expect(r.stats.transitions).toBe(58_145);
    expect(r.stats.perActionKind).toEqual({
      RMChooseToAbort: 7760,
      RMPrepare: 7760,
      RMRcvAbortMsg: 38_880,
      RMRcvCommitMsg: 160,
      TMAbort: 1024,
      TMCommit: 1,
      TMRcvPrepared: 2560,
    });
  });

  it('round-trips its encoding at one word (N=7) and two words (N=8)', () => {
    for (const n of [7, 8]) {
      const m = twoPhaseCommit(n);
      expect(m.encodingWords).toBe(n === 7 ? 1 : 2);
      const s = {
        rm: packRmStates([3, 2, 1, 0, 3, 2, 1, 0].slice(0, n)),
        tmState: 2,
        tmPrepared: 0b1010101 & ((1 << n) - 1),
        msgs: (1 << (n + 2)) - 1,
      };
      const w = new Uint32Array(m.encodingWords);
      m.encode(s, w, 0);
      expect(m.decode(w, 0)).toEqual(s);
    }
    expect(describeTPState({ rm: packRmStates([1, 3]), tmState: 0, tmPrepared: 1, msgs: 0b1001 }, 2)).toBe(
      'r1=prepared r2=aborted tm=init tmPrepared={r1} msgs={Prepared(r1),Abort}',
    );
  });

  it('returns its state itself from a no-op step, and the explorer counts it as the self-loop it is', () => {
    const n = 5;
    const m = twoPhaseCommit(n);
    // The same model with every successor a fresh object: the explorer must encode each to see a self-loop.
    const copying = { ...m, next: (s: TPState, a: TPAction): TPState => ({ ...m.next(s, a) }) };
    const a = explore(m);
    const b = explore(copying);
    expect(a.stats.states).toBe(8832);
    expect({ ...a.stats, seconds: 0, statesPerSecond: 0 }).toEqual({ ...b.stats, seconds: 0, statesPerSecond: 0 });
    // TMRcvPrepared for an RM already in tmPrepared changes nothing.
    const s = { rm: packRmStates([1, 0, 0, 0, 0]), tmState: 0, tmPrepared: 1, msgs: 1 };
    const again = m.actions(s).find((x) => x.kind === 'TMRcvPrepared' && x.rm === 0)!;
    expect(m.next(s, again)).toBe(s);
  });
});
