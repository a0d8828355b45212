/**
 * Random asynchronous products for the partial-order reduction tests: processes with a local state each
 * and one shared variable. A process's transition is guarded by its own local state only, and either
 * local (it changes that local state alone) or shared (it may also test and set the shared variable).
 * Independence is known by construction, so the model can offer exact persistent sets: the enabled
 * transitions of a process all of whose transitions from its current local state are local (nothing
 * another process does can enable, disable or interfere with them, as in SPIN's "safe" moves).
 */

import { OK } from '../../checker/types.js';
import type { Model, Property } from '../../checker/types.js';

export interface Transition {
  readonly proc: number;
  readonly from: number;
  readonly to: number;
  /** null: a local transition; else it needs shared === `test` (when not null) and sets shared to `set`. */
  readonly shared: { readonly test: number | null; readonly set: number } | null;
}

export interface ProcessSpec {
  /** Local states per process (each process starts in 0). */
  readonly locals: readonly number[];
  readonly sharedValues: number;
  readonly transitions: readonly Transition[];
  /** Invariant `sharedNot`: the shared variable never takes this value. */
  readonly badShared: number;
  /** Invariant `p0Not`: process 0 never reaches this local state. */
  readonly badLocal0: number;
}

/** State: the local states, then the shared variable. */
export type PState = readonly number[];

/**
 * Process 0 counts 0..3 by local (invisible) steps; process 1's one shared step sets the bad value, at depth 1
 * of the full graph. A reduction takes process 0's steps first, so in the reduced graph the bad state lies at
 * depth 4: a bound of the scope stops the reduced search before it.
 */
export const COUNTING_PROCESSES: ProcessSpec = {
  locals: [4, 2],
  sharedValues: 2,
  transitions: [
    { proc: 0, from: 0, to: 1, shared: null },
    { proc: 0, from: 1, to: 2, shared: null },
    { proc: 0, from: 2, to: 3, shared: null },
    { proc: 1, from: 0, to: 1, shared: { test: null, set: 1 } },
  ],
  badShared: 1,
  badLocal0: 9,
};

export interface ProcessModelOptions {
  /** Offer persistent sets (default true). */
  readonly persistent?: boolean;
  /**
   * How the step property `noReset` says which steps may fail it: `visible` (default; a local step changes
   * nothing it reads), `kinds` (the kind 'shared', which does not say what it reads, so every step is
   * visible to the reduction), or `none` (every step is visible).
   */
  readonly stepClaim?: 'visible' | 'kinds' | 'none';
  /**
   * Adds the step property `guardedShared` (no shared step while process 0 is in local state badLocal0),
   * which may fail only on a shared step but reads process 0's local state, which process 0's local steps
   * change: `visible` says so (shared steps and process 0's), `kinds` says only 'shared'.
   */
  readonly guardedShared?: 'visible' | 'kinds';
}

export function processModel(spec: ProcessSpec, options: ProcessModelOptions = {}): Model<PState, Transition> {
  const n = spec.locals.length;
  const byProc: Transition[][] = spec.locals.map(() => []);
  for (const t of spec.transitions) byProc[t.proc]!.push(t);
  const enabled = (s: PState, t: Transition): boolean =>
    s[t.proc] === t.from && (t.shared === null || t.shared.test === null || s[n] === t.shared.test);
  const properties: Property<PState, Transition>[] = [
    {
      kind: 'invariant',
      name: 'sharedNot',
      description: 'the shared variable never takes the bad value',
      check: (s) => (s[n] === spec.badShared ? { ok: false, message: 'bad shared value' } : OK),
      visible: (a) => a.shared !== null,
    },
    {
      kind: 'invariant',
      name: 'p0Not',
      description: 'process 0 never reaches the bad local state',
      check: (s) => (s[0] === spec.badLocal0 ? { ok: false, message: 'process 0 is bad' } : OK),
      visible: (a) => a.proc === 0,
    },
    {
      kind: 'step',
      name: 'noReset',
      description: 'no shared transition sets the shared variable back to 0 from another value',
      check: (s, a, t) => (a.shared !== null && s[n] !== 0 && t[n] === 0 ? { ok: false, message: 'reset' } : OK),
      ...(options.stepClaim === 'none'
        ? {}
        : options.stepClaim === 'kinds'
          ? { kinds: ['shared'] }
          : { visible: (a: Transition) => a.shared !== null }),
    },
    { kind: 'deadlock', name: 'noDeadlock', description: 'some transition is always enabled' },
  ];
  if (options.guardedShared !== undefined) {
    properties.push({
      kind: 'step',
      name: 'guardedShared',
      description: 'no shared transition is taken while process 0 is in the bad local state',
      check: (s, a) => (a.shared !== null && s[0] === spec.badLocal0 ? { ok: false, message: 'shared step at the bad local state' } : OK),
      ...(options.guardedShared === 'kinds' ? { kinds: ['shared'] } : { visible: (a: Transition) => a.shared !== null || a.proc === 0 }),
    });
  }
  const model: Model<PState, Transition> = {
    name: 'processes',
    initialStates: () => [[...spec.locals.map(() => 0), 0]],
    actions: (s) => spec.transitions.filter((t) => enabled(s, t)),
    next: (s, t) => {
      const out = s.slice();
      out[t.proc] = t.to;
      if (t.shared !== null) out[n] = t.shared.set;
      return out;
    },
    encodingWords: n + 1,
    encode: (s, out, offset) => {
      for (let i = 0; i <= n; i++) out[offset + i] = s[i]!;
    },
    decode: (w, offset) => Array.from(w.subarray(offset, offset + n + 1)),
    actionLabel: (t) => `p${t.proc}:${t.from}->${t.to}${t.shared === null ? '' : `[${t.shared.test ?? '*'}:=${t.shared.set}]`}`,
    actionKind: (t) => (t.shared === null ? 'local' : 'shared'),
    actionClass: () => 'system',
    properties,
  };
  if (options.persistent === false) return model;
  return {
    ...model,
    persistentSets: (s, actions) => {
      const sets: number[][] = [];
      for (let p = 0; p < n; p++) {
        const from = byProc[p]!.filter((t) => t.from === s[p]);
        if (from.length === 0 || from.some((t) => t.shared !== null)) continue;
        sets.push(actions.flatMap((a, k) => (a.proc === p ? [k] : [])));
      }
      return sets;
    },
  };
}
