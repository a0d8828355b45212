/**
 * Step properties and step witnesses with `kinds` (checker/types.ts): the expansion core calls them on
 * transitions of those action kinds only, with the same verdicts, traces and witnesses as without the
 * claim when it is true — and, the claim being a promise, misses what it hides when it is false.
 */

import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { OK } from '../../checker/types.js';
import type { Model, Property } from '../../checker/types.js';

/** A counter 0..4: `inc`, `dec`, and from 0 a `jump` to 1 (an `inc` by another name); `wrap` takes 4 back to 0. */
type Act = { readonly kind: 'inc' | 'dec' | 'jump' | 'wrap' };
const ACTS: Readonly<Record<Act['kind'], Act>> = {
  inc: { kind: 'inc' },
  dec: { kind: 'dec' },
  jump: { kind: 'jump' },
  wrap: { kind: 'wrap' },
};

function counter(properties: Property<number, Act>[]): Model<number, Act> {
  return {
    name: 'counter',
    initialStates: () => [0],
    actions: (x) => [...(x < 4 ? [ACTS.inc] : [ACTS.wrap]), ...(x > 0 ? [ACTS.dec] : []), ...(x === 0 ? [ACTS.jump] : [])],
    next: (x, a) => (a.kind === 'inc' ? x + 1 : a.kind === 'dec' ? x - 1 : a.kind === 'jump' ? 1 : 0),
    encodingWords: 1,
    encode: (x, out, offset) => {
      out[offset] = x;
    },
    decode: (w, offset) => w[offset]!,
    actionLabel: (a) => a.kind,
    actionKind: (a) => a.kind,
    actionClass: () => 'system',
    properties,
  };
}

/** No step moves the counter by more than one: only `wrap` does; `calls` counts its calls by kind. */
function smallSteps(kinds: readonly string[] | undefined, calls: Map<string, number>): Property<number, Act> {
  return {
    kind: 'step',
    name: 'small-steps',
    description: 'no step moves the counter by more than one',
    ...(kinds === undefined ? {} : { kinds }),
    check(x, a, y) {
      calls.set(a.kind, (calls.get(a.kind) ?? 0) + 1);
      return Math.abs(y - x) > 1 ? { ok: false, message: `${a.kind} moved ${x} to ${y}` } : OK;
    },
  };
}

/** Some `dec` step reaches 0; `calls` counts its calls by kind. */
function backToZero(kinds: readonly string[] | undefined, calls: Map<string, number>): Property<number, Act> {
  return {
    kind: 'sometimes',
    on: 'step',
    name: 'back-to-zero',
    description: 'some dec step reaches 0',
    ...(kinds === undefined ? {} : { kinds }),
    reached(_x, a, y) {
      calls.set(a.kind, (calls.get(a.kind) ?? 0) + 1);
      return a.kind === 'dec' && y === 0;
    },
  };
}

const summary = (r: ReturnType<typeof explore<number, Act>>) => ({
  verdict: r.verdict,
  states: r.stats.states,
  transitions: r.stats.transitions,
  violations: (r.violations ?? []).map((v) => ({
    property: v.property,
    trace: v.trace.map((s) => (s.action === null ? null : s.action.kind)),
  })),
  witnesses: (r.witnesses ?? []).map((w) =>
    w.status === 'reached'
      ? {
          name: w.property,
          status: w.status,
          steps: w.steps,
          trace: w.trace?.map((x) => (x.action === null ? null : x.action.kind)) ?? null,
        }
      : { name: w.property, status: w.status },
  ),
});

describe('step properties and witnesses with kinds', () => {
  it('are called on transitions of their kinds only, with the same results as without kinds', () => {
    const calls = { steps: new Map<string, number>(), witness: new Map<string, number>() };
    const judged = { steps: new Map<string, number>(), witness: new Map<string, number>() };
    const options = { stopAtFirstViolation: false, properties: ['small-steps', 'back-to-zero'] };
    const plain = explore(counter([smallSteps(undefined, calls.steps), backToZero(undefined, calls.witness)]), options);
    const r = explore(counter([smallSteps(['wrap'], judged.steps), backToZero(['dec'], judged.witness)]), options);
    expect(summary(r)).toEqual(summary(plain));
    expect(summary(plain).violations).toEqual([{ property: 'small-steps', trace: [null, 'inc', 'inc', 'inc', 'inc', 'wrap'] }]);
    expect(summary(plain).witnesses).toEqual([expect.objectContaining({ name: 'back-to-zero', status: 'reached', steps: 2 })]);
    // Without kinds: on every kind until found (each property is dropped once it has its answer).
    expect([...calls.steps.keys()].sort()).toEqual(['dec', 'inc', 'jump', 'wrap']);
    expect([...calls.witness.keys()].sort()).toEqual(['dec', 'inc', 'jump']);
    // With them: on those kinds only; the step property still checked after the witness was dropped.
    expect(Object.fromEntries(judged.steps)).toEqual({ wrap: 1 });
    expect(Object.fromEntries(judged.witness)).toEqual({ dec: 1 });
  });

  it('a claim that leaves out the kind that fails hides the violation: the explorer trusts it', () => {
    const calls = new Map<string, number>();
    const r = explore(counter([smallSteps(['inc', 'dec', 'jump'], calls)]), { stopAtFirstViolation: false });
    expect(r.verdict).toBe('holds');
    expect([...calls.keys()].sort()).toEqual(['dec', 'inc', 'jump']);
  });
});
