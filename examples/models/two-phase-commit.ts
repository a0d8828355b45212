/**
 * Lamport's TwoPhase commit spec (the TLA+ example TLC users know, TwoPhase.tla), as a checker Model: an
 * example of a model other than CloneSet written against checker/types.ts, and the benchmark
 * (bench/measure.ts) that compares the explorer with published TLC state counts.
 *
 * Faithful to the TLA+ spec, including its stuttering-free but self-looping actions (TMRcvPrepared for an
 * RM already in tmPrepared, RMRcvCommitMsg for an RM already committed, ...), which are transitions TLC
 * also generates. No symmetry reduction: the RMs are distinct, as in TLC without SYMMETRY.
 *
 * Encoding (4N+4 bits, one word for N <= 7, two up to N = 12): RM states (2N bits), TM state (2 bits),
 * tmPrepared (N bits), msgs (N+2 bits: Prepared(rm) per RM, then Commit, then Abort), packed in that
 * order into one word, or with two words RM states + TM state in the first and the sets in the second.
 * Sets are bitmasks, so the encoding is canonical by construction.
 */

import { OK } from '../../checker/types.js';
import type { Model, PropertyResult } from '../../checker/types.js';

export const RM_WORKING = 0;
export const RM_PREPARED = 1;
export const RM_COMMITTED = 2;
export const RM_ABORTED = 3;
export const RM_STATE_NAMES = ['working', 'prepared', 'committed', 'aborted'] as const;

export const TM_INIT = 0;
export const TM_COMMITTED = 1;
export const TM_ABORTED = 2;
export const TM_STATE_NAMES = ['init', 'committed', 'aborted'] as const;

/**
 * One TwoPhase state. The RM states are packed two bits per RM into one integer (RM i at bits 2i..2i+1):
 * `next` then allocates one small object of integers instead of an object plus an array, which is most of
 * the model's cost per transition. Use `rmStateOf` / `describeTPState` to read it.
 */
export interface TPState {
  /** RM i's state (RM_WORKING .. RM_ABORTED) at bits [2i, 2i+2). */
  readonly rm: number;
  readonly tmState: number;
  /** Bit i set iff RM i is in tmPrepared. */
  readonly tmPrepared: number;
  /** Bit i < N: [type |-> "Prepared", rm |-> i] ∈ msgs; bit N: Commit; bit N+1: Abort. */
  readonly msgs: number;
}

export function rmStateOf(s: TPState, rm: number): number {
  return (s.rm >>> (2 * rm)) & 3;
}

/** Packs per-RM states (index = RM) into the `rm` field. */
export function packRmStates(states: readonly number[]): number {
  let v = 0;
  for (let i = states.length - 1; i >= 0; i--) v = (v << 2) | states[i]!;
  return v;
}

export type TPActionKind = 'TMCommit' | 'TMAbort' | 'TMRcvPrepared' | 'RMPrepare' | 'RMChooseToAbort' | 'RMRcvCommitMsg' | 'RMRcvAbortMsg';

/**
 * One action: `rm` is -1 for the TM's own actions. All actions share one shape, and `op` (the kind's index
 * in TP_ACTION_KINDS) lets `next` switch on a small integer instead of comparing strings.
 */
export interface TPAction {
  readonly kind: TPActionKind;
  readonly op: number;
  readonly rm: number;
}

export const TP_ACTION_KINDS: readonly TPActionKind[] = [
  'TMCommit',
  'TMAbort',
  'TMRcvPrepared',
  'RMPrepare',
  'RMChooseToAbort',
  'RMRcvCommitMsg',
  'RMRcvAbortMsg',
];

/** The RM state each RM action (by op: RMPrepare 3 .. RMRcvAbortMsg 6) sets; -1 for the TM's actions. */
const RM_STATE_SET_BY: readonly number[] = [-1, -1, -1, RM_PREPARED, RM_ABORTED, RM_COMMITTED, RM_ABORTED];

/** Distinct states TLC reports for TwoPhase with N resource managers (no symmetry). */
export const TWO_PHASE_EXPECTED_STATES: Readonly<Record<number, number>> = {
  3: 288,
  5: 8_832,
  7: 296_448,
  8: 1_745_408,
  9: 10_340_352,
  10: 61_515_776,
};

export function describeTPState(s: TPState, n: number): string {
  const rms = [...Array(n).keys()].map((i) => `r${i + 1}=${RM_STATE_NAMES[rmStateOf(s, i)]}`).join(' ');
  const prepared = [...Array(n).keys()].filter((i) => (s.tmPrepared >>> i) & 1).map((i) => `r${i + 1}`);
  const msgs = [...Array(n).keys()].filter((i) => (s.msgs >>> i) & 1).map((i) => `Prepared(r${i + 1})`);
  if ((s.msgs >>> n) & 1) msgs.push('Commit');
  if ((s.msgs >>> (n + 1)) & 1) msgs.push('Abort');
  return `${rms} tm=${TM_STATE_NAMES[s.tmState]} tmPrepared={${prepared.join(',')}} msgs={${msgs.join(',')}}`;
}

/**
 * The model for N resource managers. `satisfies Model` checks the object against the checker's contract
 * where it is written, while callers keep its own type (e.g. `isTerminal` is always there).
 */
export function twoPhaseCommit(n: number) {
  if (!Number.isInteger(n) || n < 1 || n > 12) throw new RangeError(`TwoPhase supports 1..12 RMs, got ${n}`);
  const all = (1 << n) - 1;
  const COMMIT = 1 << n;
  const ABORT = 1 << (n + 1);
  const rmBits = 2 * n;
  const rmScale = 2 ** rmBits;
  const rmMask = rmScale - 1;
  const msgMask = all | COMMIT | ABORT;
  const totalBits = 4 * n + 4;
  const words = totalBits <= 32 ? 1 : 2;

  // Actions are preallocated: `actions` only hands out references, so it allocates one array per state.
  const action = (kind: TPActionKind, rm: number): TPAction => ({ kind, op: TP_ACTION_KINDS.indexOf(kind), rm });
  const tmCommit = action('TMCommit', -1);
  const tmAbort = action('TMAbort', -1);
  const perRm = (kind: TPActionKind) => Array.from({ length: n }, (_, rm) => action(kind, rm));
  const tmRcvPrepared = perRm('TMRcvPrepared');
  const rmPrepare = perRm('RMPrepare');
  const rmChooseToAbort = perRm('RMChooseToAbort');
  const rmRcvCommit = perRm('RMRcvCommitMsg');
  const rmRcvAbort = perRm('RMRcvAbortMsg');

  const withRm = (s: TPState, rm: number, v: number, msgs: number): TPState => ({
    rm: (s.rm & ~(3 << (2 * rm))) | (v << (2 * rm)),
    tmState: s.tmState,
    tmPrepared: s.tmPrepared,
    msgs,
  });

  const typeOK = (s: TPState): PropertyResult => {
    // Two bits per RM cover exactly {working, prepared, committed, aborted}; only stray bits can be wrong.
    if (s.rm < 0 || s.rm >= rmScale) return { ok: false, message: 'rmState is not a function from RM to RMState' };
    if (!(s.tmState >= TM_INIT && s.tmState <= TM_ABORTED)) return { ok: false, message: 'tmState out of range' };
    if ((s.tmPrepared & ~all) !== 0) return { ok: false, message: 'tmPrepared is not a subset of RM' };
    if ((s.msgs & ~(all | COMMIT | ABORT)) !== 0) return { ok: false, message: 'msgs is not a subset of Messages' };
    return OK;
  };

  // Low bit of each RM's 2-bit field; committed = 0b10 and aborted = 0b11, so all RMs are tested at once.
  const lowBits = 0x555555 & rmMask;
  const consistent = (s: TPState): PropertyResult => {
    const high = (s.rm >>> 1) & lowBits;
    const low = s.rm & lowBits;
    const committed = high & ~low;
    const aborted = high & low;
    return committed !== 0 && aborted !== 0 ? { ok: false, message: 'one RM committed while another aborted' } : OK;
  };

  const encode1 = (s: TPState, out: Uint32Array, offset: number): void => {
    out[offset] = s.rm | ((s.tmState | (s.tmPrepared << 2) | (s.msgs << (n + 2))) << rmBits);
  };
  // Integer shifts only: a 52-bit value split with % and / on doubles cost a third of the run.
  const encode2 = (s: TPState, out: Uint32Array, offset: number): void => {
    out[offset] = s.rm | (s.tmState << rmBits);
    out[offset + 1] = s.tmPrepared | (s.msgs << n);
  };
  const decode1 = (w: Uint32Array, offset: number): TPState => {
    const v = w[offset]!;
    const rest = v >>> rmBits;
    return { rm: v & rmMask, tmState: rest & 3, tmPrepared: (rest >>> 2) & all, msgs: (rest >>> (n + 2)) & msgMask };
  };
  const decode2 = (w: Uint32Array, offset: number): TPState => {
    const v0 = w[offset]!;
    const v1 = w[offset + 1]!;
    return { rm: v0 & rmMask, tmState: (v0 >>> rmBits) & 3, tmPrepared: v1 & all, msgs: (v1 >>> n) & msgMask };
  };

  return {
    name: `TwoPhase(N=${n})`,
    encodingWords: words,
    initialStates: () => [{ rm: packRmStates(new Array<number>(n).fill(RM_WORKING)), tmState: TM_INIT, tmPrepared: 0, msgs: 0 }],

    // Disjunct order of TPNext: TMCommit, TMAbort, then per RM the five RM-indexed actions.
    actions(s) {
      const out: TPAction[] = [];
      const init = s.tmState === TM_INIT;
      if (init) {
        if (s.tmPrepared === all) out.push(tmCommit);
        out.push(tmAbort);
      }
      const msgs = s.msgs;
      for (let rm = 0; rm < n; rm++) {
        if (init && (msgs >>> rm) & 1) out.push(tmRcvPrepared[rm]!);
        if (((s.rm >>> (2 * rm)) & 3) === RM_WORKING) {
          out.push(rmPrepare[rm]!);
          out.push(rmChooseToAbort[rm]!);
        }
        if (msgs & COMMIT) out.push(rmRcvCommit[rm]!);
        if (msgs & ABORT) out.push(rmRcvAbort[rm]!);
      }
      return out;
    },

    next(s, a) {
      // Few call sites and object literals on purpose: the explorer's loop inlines `next` for every
      // transition, and TurboFan's inlining budget for that loop is spent by bytecode size (docs/performance.md,
      // "Session 9"); a case per action with its own literal or helper call left no room for the rest.
      const op = a.op;
      switch (op) {
        case 0: // TMCommit
        case 1: // TMAbort
          return {
            rm: s.rm,
            tmState: op === 0 ? TM_COMMITTED : TM_ABORTED,
            tmPrepared: s.tmPrepared,
            msgs: s.msgs | (op === 0 ? COMMIT : ABORT),
          };
        case 2: // TMRcvPrepared (a self-loop for an RM already in tmPrepared: `s` itself, see Model.next)
          return (s.tmPrepared >>> a.rm) & 1 ? s : { rm: s.rm, tmState: s.tmState, tmPrepared: s.tmPrepared | (1 << a.rm), msgs: s.msgs };
        default: {
          // RMPrepare, RMChooseToAbort, RMRcvCommitMsg, RMRcvAbortMsg: RM a.rm goes to RM_STATE_SET_BY[op]; a
          // message received again by an RM already there is a self-loop (`s` itself); RMPrepare sends Prepared.
          const v = RM_STATE_SET_BY[op]!;
          if (op >= 5 && rmStateOf(s, a.rm) === v) return s;
          return withRm(s, a.rm, v, op === 3 ? s.msgs | (1 << a.rm) : s.msgs);
        }
      }
    },

    // One function per width, chosen here: the explorer's loop inlines `encode` for every successor, and
    // TurboFan's inlining budget for that loop is spent by bytecode size (docs/performance.md, "Session 9").
    encode: words === 1 ? encode1 : encode2,
    decode: words === 1 ? decode1 : decode2,

    actionLabel: (a) => (a.rm >= 0 ? `${a.kind}(r${a.rm + 1})` : a.kind),
    actionKind: (a) => a.kind,
    actionKinds: TP_ACTION_KINDS,
    actionKindIndex: (a) => a.op,
    actionClass: (a) => (a.kind === 'RMPrepare' || a.kind === 'RMChooseToAbort' ? 'user' : 'system'),
    isTerminal: () => false,
    properties: [
      { kind: 'invariant', name: 'TPTypeOK', description: 'every variable has its declared type', check: typeOK },
      { kind: 'invariant', name: 'TCConsistent', description: 'no RM committed while another aborted', check: consistent },
      { kind: 'deadlock', name: 'NoDeadlock', description: 'some action is always enabled' },
    ],
  } satisfies Model<TPState, TPAction>;
}
