/**
 * Test fixture: the strategy-edit scopes the model's and the trace files' tests share (one place each, so a
 * pinned figure and the trace it comes from cannot drift apart).
 */
import { DEFAULT_SCENARIO, type Budget, type Scenario } from '../../model/cloneset/scenario.js';

/**
 * Partition 0, so a rollout updates every pod: maxSurge 0 and maxUnavailable 1 at the start, users may set
 * maxSurge 1 and maxUnavailable 0 (never both 0: the webhook's pair).
 */
export const editingRollout = (strategies: Budget): Scenario => ({
  ...DEFAULT_SCENARIO,
  initialPartition: 0,
  maxSurge: 0,
  maxUnavailable: 1,
  maxSurges: [1],
  maxUnavailables: [0],
  budgets: { rollouts: 1, deletes: 0, scales: 0, partitions: 0, strategies },
});

/**
 * Row U9s, examples/strategy-edits.yaml: 2 → 3 replicas, partition 0, maxUnavailable 50% with `strategies`
 * edits to 20% (0: the scope without the option).
 */
export const u9sScope = (strategies: number): Scenario => ({
  ...DEFAULT_SCENARIO,
  maxReplicas: 3,
  initialPartition: 0,
  partitions: [0],
  maxUnavailable: '50%',
  maxUnavailables: ['20%'],
  budgets: { rollouts: 1, deletes: 0, scales: 1, partitions: 0, ...(strategies > 0 ? { strategies } : {}) },
});
