/**
 * Test helper: the scope on which a lagging ControllerRevision cache gives upstream a path of its own to a broken
 * canary (docs/findings.md, "A lagging ControllerRevision cache"; row SR3), and that path's steps, as the
 * explorer finds it (test/model/revision-cache.test.ts) and as the trace tests walk it.
 */
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';

export const STALE_REVISIONS_SCOPE: Scenario = {
  ...DEFAULT_SCENARIO,
  staleRevisions: true,
  templates: 3,
  partitions: [0, '50%'],
  budgets: { rollouts: 2, deletes: 0, scales: 2, partitions: 0 },
};

/** v2 minted and promoted at 0 replicas, v3 rolled out and the CloneSet scaled to 1 before the cache has v2. */
export const FALLBACK_PATH: readonly string[] = [
  'scale(0)',
  'reconcile',
  'rollout(v2)',
  'write-status',
  'reconcile',
  'rollout(v3)',
  'scale(1)',
  'write-status',
  'reconcile',
];
