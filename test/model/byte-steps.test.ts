/**
 * The byte-level successors (model/cloneset/byte-steps.ts) against the object model: on every transition of
 * every reachable state (up to a cap) of scopes that between them turn on every option those steps read —
 * stale reads, failing status writes, pod caches with each expectations mode, marks, pod failures, each
 * lifecycle-hook choice, in-place kubelets, minReadySeconds, status counts projected away — the encoding successorInto
 * writes is the one encode(next(s, a)) gives, and it declines only the steps it does not edit.
 */
import { describe, expect, it } from 'vitest';
import { cloneSetBench } from '../../bench/cloneset-scenarios.js';
import type { Action } from '../../model/cloneset/actions.js';
import { cloneSetModel, type CloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';

/** The kinds byte-steps.ts edits (deletes and failures, which remove a pod, go through `next`). */
const EDITED = new Set([
  'writeStatus',
  'statusWriteFails',
  'cacheSync',
  'podCacheSync',
  'podReady',
  'podAvailable',
  'markPod',
  'podUnready',
  'inPlaceDone',
  'releaseHook',
  'restoreHook',
]);

interface Tally {
  readonly edited: Map<string, number>;
  states: number;
  /** Transitions checked from states with an entry ready again (PodEntry.readyAgain), by kind. */
  readonly fromReadyAgain: Map<string, number>;
}

/** Breadth-first over `model` up to `cap` states, comparing both successors of every transition; throws on the first difference. */
function crossCheck(model: CloneSetModel, cap: number): Tally {
  const w = model.encodingWords;
  const key = (words: Uint32Array): string => words.join(',');
  const expected = new Uint32Array(w);
  const got = new Uint32Array(w);
  const first = new Uint32Array(w);
  model.encode(model.initialStates()[0]!, first, 0);
  const seen = new Set([key(first)]);
  let level: Uint32Array[] = [first];
  const tally: Tally = { edited: new Map(), states: 1, fromReadyAgain: new Map() };
  while (level.length > 0 && seen.size < cap) {
    const next: Uint32Array[] = [];
    for (const words of level) {
      const s = model.decode(words, 0);
      const again = s.observed?.pods.some((e) => e.readyAgain === true) === true;
      for (const a of model.actions(s)) {
        if (again) tally.fromReadyAgain.set(a.kind, (tally.fromReadyAgain.get(a.kind) ?? 0) + 1);
        expected.fill(0);
        model.encode(model.next(s, a), expected, 0);
        got.fill(0xdeadbeef);
        const edited = model.successorInto(s, a, words, 0, got);
        if (edited) {
          if (key(got) !== key(expected))
            throw new Error(`${model.actionLabel(a)} from ${JSON.stringify(s)}: bytes ${key(got)}, expected ${key(expected)}`);
          tally.edited.set(a.kind, (tally.edited.get(a.kind) ?? 0) + 1);
        } else if (EDITED.has(a.kind)) {
          throw new Error(`${model.actionLabel(a)} declined`);
        }
        const k = key(expected);
        if (!seen.has(k) && seen.size < cap) {
          seen.add(k);
          next.push(expected.slice());
        }
      }
    }
    level = next;
  }
  tally.states = seen.size;
  return tally;
}

const realistic = cloneSetBench('realistic').scenario;
const SCOPES: readonly {
  readonly name: string;
  readonly scenario: Scenario;
  readonly options?: { projectStatusCounts: boolean };
  /** Kinds of step the scope must check from states with an entry ready again (PodEntry.readyAgain). */
  readonly readyAgain?: readonly string[];
}[] = [
  { name: 'the #1545 scenario', scenario: DEFAULT_SCENARIO },
  { name: "the bench's realistic row", scenario: realistic },
  { name: 'two stale reads, expectations timeout', scenario: { ...realistic, staleReads: 2, expectations: 'timeout', maxReplicas: 2 } },
  {
    name: 'both hooks, in-place updates by the kubelet, pod failures',
    scenario: {
      ...realistic,
      podUpdatePolicy: 'InPlaceIfPossible',
      lifecycleHooks: 'both',
      inPlaceKubelet: true,
      maxReplicas: 2,
      budgets: { ...realistic.budgets, failures: 1, marks: 1 },
    },
  },
  {
    name: 'inPlaceUpdate hook without a pod cache, excludePreparingDelete',
    scenario: {
      ...DEFAULT_SCENARIO,
      podUpdatePolicy: 'InPlaceIfPossible',
      lifecycleHooks: 'both',
      excludePreparingDelete: true,
      maxSurge: 1,
    },
  },
  // minReadySeconds makes pod codes wide on its own (its bit is the highest), and with hooks too.
  {
    name: 'minReadySeconds with pod failures and marks',
    scenario: { ...DEFAULT_SCENARIO, minReadySeconds: 10, budgets: { ...DEFAULT_SCENARIO.budgets, failures: 1, marks: 1 } },
  },
  {
    name: 'minReadySeconds with both hooks and in-place updates by the kubelet',
    scenario: {
      ...DEFAULT_SCENARIO,
      minReadySeconds: 10,
      podUpdatePolicy: 'InPlaceIfPossible',
      lifecycleHooks: 'both',
      inPlaceKubelet: true,
    },
  },
  {
    name: 'minReadySeconds with a lagging pod cache, pod failures and marks',
    scenario: {
      ...DEFAULT_SCENARIO,
      minReadySeconds: 10,
      expectations: 'upstream',
      budgets: { ...DEFAULT_SCENARIO.budgets, failures: 1, marks: 1 },
    },
  },
  // A pod ready again behind its waiting cached copy (PodEntry.readyAgain: the entry code's highest bit).
  {
    name: 'minReadySeconds with a lagging pod cache, inline status writes, pod failures and a mark',
    scenario: {
      ...DEFAULT_SCENARIO,
      minReadySeconds: 10,
      expectations: 'upstream',
      statusWrite: 'inline',
      budgets: { rollouts: 0, deletes: 1, scales: 1, partitions: 0, marks: 1, failures: 2 },
    },
    readyAgain: ['markPod', 'podUnready', 'podFail', 'podAvailable', 'podCacheSync'],
  },
  // The pod-write failures' byte sits between the lagging versions and the pod-cache entries.
  {
    name: 'failing pod writes with a pod cache and a stale read',
    scenario: { ...DEFAULT_SCENARIO, podWriteFailures: 2, staleReads: 1, expectations: 'upstream' },
  },
  // Writes that timed out leave entries that await nothing, beside the ones that do.
  {
    name: 'failing pod writes that may time out, with a pod cache',
    scenario: { ...DEFAULT_SCENARIO, podWriteFailures: 2, podWriteTimeouts: true, expectations: 'upstream' },
  },
  // proposed keeps a creation that never landed: an entry with no pod, beside entries of pods.
  {
    name: "proposed's creations that never landed, expectations timeout",
    scenario: { ...DEFAULT_SCENARIO, controller: 'proposed', podWriteFailures: 2, podWriteTimeouts: true, expectations: 'timeout' },
  },
  { name: 'stale reads only', scenario: { ...DEFAULT_SCENARIO, staleReads: 2, statusWriteFailures: 1 } },
  // spec.paused rides in the template byte of the spec and of each lagging version; a counted pause budget
  // takes a byte after the marks and failures.
  {
    name: 'pause changes with stale reads, marks and pod failures',
    scenario: {
      ...DEFAULT_SCENARIO,
      staleReads: 2,
      statusWriteFailures: 1,
      budgets: { ...DEFAULT_SCENARIO.budgets, marks: 1, failures: 1, pauses: 2 },
    },
  },
  // The strategy indices ride in the partition byte of the spec and of each lagging version; a counted
  // strategy budget takes a byte after the pause budget's.
  {
    name: 'strategy edits with stale reads and a counted budget',
    scenario: {
      ...DEFAULT_SCENARIO,
      staleReads: 2,
      statusWriteFailures: 1,
      maxSurges: [1, 2],
      maxUnavailables: [0],
      budgets: { ...DEFAULT_SCENARIO.budgets, pauses: 1, strategies: 2 },
    },
  },
  {
    name: "pause changes ('any') with a lagging pod cache and maxSurge",
    scenario: { ...DEFAULT_SCENARIO, maxSurge: 1, expectations: 'upstream', budgets: { ...DEFAULT_SCENARIO.budgets, pauses: 'any' } },
  },
  // The observedGeneration flags in every place they ride: three lagging versions, writes that fail twice.
  { name: 'three stale reads, two failing writes', scenario: { ...DEFAULT_SCENARIO, staleReads: 3, statusWriteFailures: 2 } },
  // The Progressing condition rides in the currentRevision byte of the status and the pending status.
  {
    name: 'progressDeadlineSeconds with a lagging pod cache, a failing status write and pause changes',
    scenario: {
      ...DEFAULT_SCENARIO,
      progressDeadline: true,
      statusWriteFailures: 1,
      expectations: 'upstream',
      budgets: { ...DEFAULT_SCENARIO.budgets, pauses: 1 },
    },
  },
  // With stale reads the conditions' ranks ride in the updateRevision byte of every status; the steps that
  // drop a copy (a status write, its failure, a cache sync) rank the rest again on bytes (condition-order.ts).
  {
    name: 'progressDeadlineSeconds with two stale reads and a failing status write',
    scenario: { ...DEFAULT_SCENARIO, progressDeadline: true, staleReads: 2, statusWriteFailures: 1 },
  },
  {
    name: 'inline status writes with the counts projected away',
    scenario: { ...DEFAULT_SCENARIO, statusWrite: 'inline', expectations: 'upstream', budgets: { ...DEFAULT_SCENARIO.budgets, marks: 1 } },
    options: { projectStatusCounts: true },
  },
];

describe('byte-level successors', () => {
  for (const scope of SCOPES) {
    it(`equal encode(next(s, a)) on ${scope.name}`, () => {
      const tally = crossCheck(cloneSetModel(scope.scenario, scope.options), 40_000);
      expect(tally.states).toBeGreaterThan(1_000);
      // Every scope edits something: a scope whose steps all went through `next` would check nothing.
      expect([...tally.edited.values()].reduce((x, y) => x + y, 0)).toBeGreaterThan(1_000);
      for (const kind of scope.readyAgain ?? []) expect(tally.fromReadyAgain.get(kind) ?? 0, kind).toBeGreaterThan(0);
    });
  }

  it('reach every kind they edit on these scopes', () => {
    const kinds = new Set<string>();
    for (const scope of SCOPES)
      for (const k of crossCheck(cloneSetModel(scope.scenario, scope.options), 40_000).edited.keys()) kinds.add(k);
    expect([...kinds].sort()).toEqual([...EDITED].sort());
  });

  it('decline the steps they do not edit', () => {
    const model = cloneSetModel(realistic);
    const s = model.initialStates()[0]!;
    const words = new Uint32Array(model.encodingWords);
    model.encode(s, words, 0);
    const out = new Uint32Array(model.encodingWords);
    const declined: Action[] = [{ kind: 'scale', replicas: 3 }, { kind: 'rollout', template: 1 }, { kind: 'reconcile' }];
    for (const a of declined) expect(model.successorInto(s, a, words, 0, out)).toBe(false);
  });
});
