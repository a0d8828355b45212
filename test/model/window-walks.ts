/**
 * Test fixture: a scenario with minReadySeconds and a lagging pod cache, and the walk (by action labels) that
 * brings a new pod to its window as the cache shows it. Shared by the model's and the trace files' tests.
 */
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';

export const WINDOW_CACHE: Scenario = {
  ...DEFAULT_SCENARIO,
  expectations: 'upstream',
  minReadySeconds: 10,
  statusWrite: 'inline',
  budgets: { rollouts: 0, deletes: 1, scales: 1, partitions: 0, marks: 1, failures: 1 },
};

/** A new pod, created, seen, made Normal, seen again and reported ready (the cache has not seen that yet). */
export const CREATED_READY = [
  'scale(3)',
  'reconcile',
  'pod-cache-sync(∅ → v1 not-ready PreparingNormal, awaited (scale))',
  'reconcile',
  'pod-cache-sync(v1 not-ready PreparingNormal → v1 not-ready, awaited (patch))',
  'ready(v1 not-ready)',
] as const;

/** CREATED_READY, and the cache shows the pod in its window. */
export const SEEN_WAITING = [...CREATED_READY, 'pod-cache-sync(v1 not-ready → v1 ready-not-available)'] as const;
