/**
 * Upstream's free choices (`freeChoices`): the tie-break machinery on its own, then, for each place upstream
 * leaves an order open, a state the explorer itself reaches where that order decides the outcome, and the
 * branching that covers every distinct outcome. Witness states come from exploration (an invariant "no such
 * state" that the explorer refutes with a shortest trace), not from hand-built pod lists.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import type { Property } from '../../checker/types.js';
import { enabledActions, applyAction, type Action } from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { reconcile, reconcileChoices } from '../../model/cloneset/reconcile.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { describePod, sameState, type CloneSetState } from '../../model/cloneset/state.js';
import { viewOf } from '../../model/cloneset/view.js';
import { allTied, breakTies, enumerateChoices, type FreeChoiceSite } from '../../model/controller/ties.js';
import { fromViolation, serializeTraceDocument, toTraceDocument } from '../../traces/document.js';
import { toItf } from '../../traces/itf.js';
import { toKubectlScript } from '../../traces/kubectl.js';
import { renderText } from '../../traces/text.js';
import { parseTraceDocument } from '../../traces/parse.js';
import { replayTrace } from '../../traces/replay.js';
import { reachable } from './reach.js';

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

describe('tie-break enumeration (model/controller/ties.ts)', () => {
  it('the canonical picks leave a sorted list as it is', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 8 }), (xs) => {
        const sorted = [...xs].sort((a, b) => a - b);
        const out = breakTies(sorted, allTied, (a, b) => a === b, sorted.length, { pick: () => 0 }, 'update-order');
        expect(out).toEqual(sorted);
      }),
    );
  });

  it('all picks over fully tied items give each distinct order exactly once (the multinomial count)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 6 }), (xs) => {
        const orders = enumerateChoices((tb) => breakTies(xs, allTied, (a, b) => a === b, xs.length, tb, 'update-order').join(','));
        expect(new Set(orders).size).toBe(orders.length);
        const counts = [0, 1, 2].map((k) => xs.filter((x) => x === k).length);
        expect(orders.length).toBe(factorial(xs.length) / counts.reduce((p, c) => p * factorial(c), 1));
      }),
    );
  });

  it('only the first `needed` positions are chosen, and items the order separates never swap', () => {
    // Tied = same tens digit; the ones digit tells items apart.
    const items = [10, 11, 12, 20, 21];
    const tied = (a: number, b: number): boolean => Math.floor(a / 10) === Math.floor(b / 10);
    const prefixes = enumerateChoices((tb) =>
      breakTies(items, tied, (a, b) => a === b, 2, tb, 'scale-down-order')
        .slice(0, 2)
        .join(','),
    );
    expect(prefixes).toEqual(['10,11', '10,12', '11,10', '11,12', '12,10', '12,11']);
  });
});

const FREE = { ...DEFAULT_SCENARIO, freeChoices: true } as const;
/** Three templates, two rollouts: old pods at two revisions can meet one update revision. */
const THREE_TEMPLATES: Scenario = {
  ...FREE,
  templates: 3,
  maxReplicas: 3,
  partitions: [0, '50%'],
  budgets: { rollouts: 2, deletes: 2, scales: 2, partitions: 1 },
};
/** In-place updates bring pods of a third revision to ready without a deletion. */
const IN_PLACE: Scenario = {
  ...FREE,
  templates: 3,
  podUpdatePolicy: 'InPlaceIfPossible',
  statusWrite: 'inline',
  partitions: ['50%', 0],
  budgets: { rollouts: 2, deletes: 0, scales: 2, partitions: 1 },
};

/** A preDelete hook holds scaled-down pods in PreparingDelete; a later scale-up takes some of them back. */
const PRE_DELETE: Scenario = { ...FREE, lifecycleHooks: 'preDelete', maxReplicas: 3, budgets: { ...FREE.budgets, scales: 3 } };

/** A shortest path, found by the explorer, to a state whose reconcile has several outcomes that `wanted` accepts. */
function witness(sc: Scenario, wanted: (s: CloneSetState, choices: ReturnType<typeof reconcileChoices>) => boolean) {
  const m = cloneSetModel(sc);
  const none: Property<CloneSetState, Action> = {
    kind: 'invariant',
    name: 'no-witness',
    description: 'no state has the free choice looked for',
    check: (s) => {
      if (s.pending !== null) return { ok: true };
      const choices = reconcileChoices(m.view, s);
      return choices.length > 1 && wanted(s, choices) ? { ok: false, message: 'found' } : { ok: true };
    },
  };
  const r = explore({ ...m, properties: [none] }, { stopAtFirstViolation: true });
  const v = r.violations?.[0];
  if (v === undefined) throw new Error('no witness state reached');
  const state = v.trace[v.trace.length - 1]!.state;
  return { model: m, state, choices: reconcileChoices(m.view, state), trace: v };
}

const onlyAt =
  (site: FreeChoiceSite) =>
  (_s: CloneSetState, choices: ReturnType<typeof reconcileChoices>): boolean =>
    choices.every((c) => c.sites.length === 1 && c.sites[0] === site);

/** The branching's invariants: distinct outcomes, the canonical one first and equal to the reconcile without free choices. */
function expectBranching(sc: Scenario, s: CloneSetState, choices: ReturnType<typeof reconcileChoices>): void {
  expect(choices.length).toBeGreaterThan(1);
  for (let i = 0; i < choices.length; i++)
    for (let j = i + 1; j < choices.length; j++) expect(sameState(choices[i]!.state, choices[j]!.state), `${i} vs ${j}`).toBe(false);
  const canonical = reconcile(viewOf({ ...sc, freeChoices: false }), s).state;
  expect(sameState(choices[0]!.state, canonical)).toBe(true);
  // Revisions and status come from the snapshot: only the pods differ between outcomes.
  for (const c of choices) expect(c.status).toEqual(choices[0]!.status);
}

describe('each free choice, at a state the explorer reaches', () => {
  it('scale-down order: pods that differ only in lifecycle tie in ActivePodsWithRanks (default #1545 scenario)', () => {
    const w = witness(FREE, onlyAt('scale-down-order'));
    expectBranching(FREE, w.state, w.choices);
    // Both victims are not ready: the sort cannot separate them, so upstream may delete either.
    expect(w.choices.map((c) => c.picks)).toEqual([
      'delete v1 not-ready PreparingNormal (scale-down order)',
      'delete v1 not-ready (scale-down order)',
    ]);
  });

  it('the same-node ranker: ready pods at two old revisions agree on every key before the rank', () => {
    const ready = (s: CloneSetState, choices: ReturnType<typeof reconcileChoices>): boolean =>
      onlyAt('scale-down-order')(s, choices) && choices.every((c) => /^delete v\d ready \(/.test(c.picks));
    const w = witness(IN_PLACE, ready);
    expectBranching(IN_PLACE, w.state, w.choices);
    const deleted = w.choices.map((c) => /^delete (v\d) ready/.exec(c.picks)![1]);
    expect(new Set(deleted).size).toBe(w.choices.length);
  });

  it('scale-down list order: a whole group is deleted unsorted, and deleteReadyLimit lets only some ready pods go', () => {
    const w = witness(IN_PLACE, onlyAt('scale-down-list-order'));
    expectBranching(IN_PLACE, w.state, w.choices);
    for (const c of w.choices) expect(c.state.pods.length).toBe(w.state.pods.length - 1);
  });

  it('specified-delete order: marked ready pods at two revisions compete for deleteReadyLimit', () => {
    const w = witness(THREE_TEMPLATES, onlyAt('specified-delete-order'));
    expectBranching(THREE_TEMPLATES, w.state, w.choices);
    expect(w.choices.every((c) => c.picks.startsWith('delete ') && c.picks.includes('ready marked'))).toBe(true);
  });

  it('preparing-delete order: a scale-up takes back fewer PreparingDelete pods than there are, in list order', () => {
    const w = witness(PRE_DELETE, onlyAt('preparing-delete-order'));
    expectBranching(PRE_DELETE, w.state, w.choices);
    const held = w.state.pods.filter((p) => p.lifecycle === 'PreparingDelete').length;
    for (const c of w.choices) {
      expect(c.picks).toMatch(/PreparingNormal/);
      // Each outcome takes back some of the held pods, not all of them.
      const still = c.state.pods.filter((p) => p.lifecycle === 'PreparingDelete').length;
      expect(still).toBeGreaterThan(0);
      expect(still).toBeLessThan(held);
    }
  });

  it('update order: update candidates with equal keys (sort.Slice is unstable)', () => {
    const w = witness(THREE_TEMPLATES, onlyAt('update-order'));
    expectBranching(THREE_TEMPLATES, w.state, w.choices);
    expect(w.choices.every((c) => c.picks.startsWith('mark '))).toBe(true);
  });
});

describe("the canonical pick is today's reconcile", () => {
  it('in every state of the #1545 scenario, the first outcome is the reconcile without free choices', () => {
    const m = cloneSetModel(FREE);
    const off = viewOf(DEFAULT_SCENARIO);
    let branching = 0;
    const canonical: Property<CloneSetState, Action> = {
      kind: 'invariant',
      name: 'canonical-first',
      description: 'the first free-choice outcome is the canonical reconcile',
      check: (s) => {
        const choices = reconcileChoices(m.view, s);
        if (choices.length > 1) branching++;
        return sameState(choices[0]!.state, reconcile(off, s).state) ? { ok: true } : { ok: false, message: 'differs' };
      },
    };
    const r = explore({ ...m, properties: [canonical] }, { stopAtFirstViolation: true });
    expect(r.violations ?? []).toEqual([]);
    expect(r.stats.states).toBe(99_373);
    expect(branching).toBeGreaterThan(0);
  });
});

describe('free choices as steps', () => {
  const w = witness(THREE_TEMPLATES, onlyAt('update-order'));
  const acts = enabledActions(w.model.view, w.state).filter((a) => a.kind === 'reconcile');

  it('one reconcile step per outcome, each saying which one and what it did', () => {
    expect(acts.map((a) => (a.kind === 'reconcile' ? a.choice : null))).toEqual(w.choices.map((_, i) => i));
    expect(acts.map((a) => w.model.actionLabel(a))).toEqual(w.choices.map((c, i) => `reconcile[${i}: ${c.picks}]`));
    acts.forEach((a, i) => {
      expect(sameState(applyAction(w.model.view, w.state, a), w.choices[i]!.state)).toBe(true);
    });
  });

  it('a trace through a non-canonical choice survives serialize → parse → replay, and ITF names the choice', () => {
    const steps = [...w.trace.trace, { action: acts[1]!, state: applyAction(w.model.view, w.state, acts[1]!) }];
    const doc = toTraceDocument({ scenario: THREE_TEMPLATES, steps });
    const parsed = parseTraceDocument(serializeTraceDocument(doc));
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.doc.scenario.freeChoices).toBe(true);
    expect(parsed.doc.steps[parsed.doc.steps.length - 1]!.action).toEqual(acts[1]);
    expect(replayTrace(parsed.doc).ok).toBe(true);
    expect(toKubectlScript(parsed.doc)).toContain('the cluster picks its own');
    expect(renderText(parsed.doc)).toContain(`reconcile[1: ${w.choices[1]!.picks}]`);
    const itf = toItf(parsed.doc);
    expect(itf.states[itf.states.length - 1]!['action']).toEqual({
      tag: 'reconcile',
      value: { choice: { '#bigint': '1' }, picks: w.choices[1]!.picks },
    });
  });

  it('the same trace without free choices does not replay: the step is not one the canonical controller takes', () => {
    const steps = [...w.trace.trace, { action: acts[1]!, state: applyAction(w.model.view, w.state, acts[1]!) }];
    const { freeChoices: _on, ...off } = THREE_TEMPLATES;
    const r = replayTrace(toTraceDocument({ scenario: off, steps }));
    expect(r.ok).toBe(false);
  });

  it('off, a scenario and its traces carry no trace of the option', () => {
    const m = cloneSetModel(DEFAULT_SCENARIO);
    const r = explore(m, { stopAtFirstViolation: true });
    const text = serializeTraceDocument(fromViolation(DEFAULT_SCENARIO, r.violations![0]!));
    expect(text).not.toContain('freeChoices');
    expect(text).not.toContain('"choice"');
  });
});

describe('pods the sort ties but the model tells apart', () => {
  // Two Updating pods at v2, one whose containers the kubelet has restarted and one it has not: the
  // scale-down sort ties them (the rank is unknown), but a refresh treats them differently, so deleting
  // either is a different outcome (sameControllerPod; before, only the first was offered).
  const sc: Scenario = {
    ...DEFAULT_SCENARIO,
    freeChoices: true,
    podUpdatePolicy: 'InPlaceIfPossible',
    inPlaceKubelet: true,
    initialReplicas: 3,
    initialPartition: 0,
    maxUnavailable: 2,
    statusWrite: 'inline',
  };

  it('a scale-down may delete either', () => {
    const m = cloneSetModel(sc);
    let checked = 0;
    for (const { state: s, steps } of reachable(m, 30_000)) {
      const kinds = new Set(s.pods.map(describePod));
      if (s.spec.replicas !== 1 || s.pods.length !== 2 || !kinds.has('v2 not-ready Updating') || !kinds.has('v2 restarted Updating'))
        continue;
      const left = steps.filter(([a]) => a.kind === 'reconcile').map(([, t]) => t.pods.map(describePod).join(' | '));
      expect(left).toContain('v2 not-ready Updating');
      expect(left).toContain('v2 restarted Updating');
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });
});
