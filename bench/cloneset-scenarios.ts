/**
 * The CloneSet scenarios of `npm run bench`: the built-in #1545 scenario (its state count is pinned by
 * test/verdicts, so the bench checks it) and two wide ones that exercise every partition value, three
 * templates, and maxSurge 1 and 0, to show throughput on a model whose states are large objects. All
 * counts are known, so the bench reports a model change that alters the state space as a MISMATCH.
 *
 * The wide scenario first tried (budgets rollouts 2, deletes 2, scales 2, partitions 1) had passed 40
 * million states at depth 16 after 150 s with the frontier still growing; one delete and one scale
 * bring it to 6.5 million states (about 30 s), keeping two rollouts so that all three templates occur.
 */

import type { PropertyName } from '../model/cloneset/properties.js';
import type { Scenario } from '../model/cloneset/scenario.js';
import { DEFAULT_SCENARIO } from '../model/cloneset/scenario.js';

export interface CloneSetBench {
  readonly name: string;
  readonly scenario: Scenario;
  /** Distinct states and transitions with the checked properties and stopAtFirstViolation false, if known. */
  readonly expected: { readonly states: number; readonly transitions: number } | null;
  /** The properties checked; default: every property. */
  readonly properties?: readonly PropertyName[];
  /** Minutes rather than seconds: run only with `--long`, so that a plain `npm run bench` stays about a minute. */
  readonly long?: boolean;
}

const WIDE: Scenario = {
  ...DEFAULT_SCENARIO,
  controller: 'proposed',
  maxReplicas: 6,
  partitions: [0, 1, '50%', '100%'],
  budgets: { rollouts: 2, deletes: 1, scales: 1, partitions: 1 },
  templates: 3,
  maxSurge: 1,
};

export const CLONESET_BENCHES: readonly CloneSetBench[] = [
  {
    name: 'default',
    scenario: { ...DEFAULT_SCENARIO, controller: 'upstream' },
    expected: { states: 99_321, transitions: 259_194 },
  },
  { name: 'wide', scenario: WIDE, expected: { states: 6_537_680, transitions: 17_483_654 } },
  // The same bounds without surge: Scale and Update never create a pod above spec.replicas.
  { name: 'wide-surge0', scenario: { ...WIDE, maxSurge: 0 }, expected: { states: 4_209_462, transitions: 10_882_572 } },
  // The controller as it really runs (issue #14): examples/realistic.yaml (findings row R) without its pod
  // failure, about ten seconds where row R takes minutes a variant — a stale CloneSet cache, a failing
  // status write, a pod cache with upstream's expectations, upstream's free choices, a user's mark, early
  // readiness and a preDelete hook. Its states are larger and its steps more (four a state): the model's
  // cost on the scopes users run for its realism, which the rows above do not show.
  {
    name: 'realistic',
    scenario: {
      ...DEFAULT_SCENARIO,
      controller: 'proposed',
      maxReplicas: 3,
      budgets: { rollouts: 1, deletes: 1, scales: 1, partitions: 0, marks: 1, failures: 0 },
      freeChoices: true,
      staleReads: 1,
      statusWriteFailures: 1,
      expectations: 'upstream',
      preparingReady: true,
      lifecycleHooks: 'preDelete',
    },
    properties: ['canary-respected', 'promotion-sound'],
    expected: { states: 3_071_279, transitions: 12_269_736 },
  },
  // Issue #15's scope with any number of partition changes: `check --controller proposed --property
  // canary-respected --property promotion-sound --status-write inline --max-replicas 6 --deletes 3
  // --scales 3 --partitions 0,1,50%,100% --partition-changes any`. With a count of 3 it had 53,094,073 states
  // before session 26 (proposed's deleteReadyLimit fix, which moved the proposed rows' counts; docs/findings.md).
  {
    name: 'partition-changes-any',
    scenario: {
      ...DEFAULT_SCENARIO,
      controller: 'proposed',
      statusWrite: 'inline',
      maxReplicas: 6,
      partitions: [0, 1, '50%', '100%'],
      budgets: { ...DEFAULT_SCENARIO.budgets, deletes: 3, scales: 3, partitions: 'any' },
    },
    properties: ['canary-respected', 'promotion-sound'],
    expected: { states: 1_093_596, transitions: 11_336_052 },
    long: true,
  },
];

/** The rows a bench run includes: the minutes-long ones only when asked (`--long`). */
export const cloneSetRows = (long: boolean): readonly CloneSetBench[] => CLONESET_BENCHES.filter((b) => long || b.long !== true);

/** The CloneSet benchmark of that name. */
export function cloneSetBench(name: string): CloneSetBench {
  const bench = CLONESET_BENCHES.find((b) => b.name === name);
  if (bench === undefined) throw new Error(`unknown CloneSet benchmark ${name}`);
  return bench;
}
