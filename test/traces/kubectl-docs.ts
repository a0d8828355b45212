/**
 * The traces the kubectl export is tested on: the #1545 fixtures, two hand-built interleavings and the
 * explorer's counterexamples in two small scenarios. Shared by the export's tests (test/traces/kubectl.test.ts)
 * and the shellcheck suite (test/shell/), which needs shellcheck installed and so runs apart.
 */
import { explore } from '../../checker/index.js';
import { actorOf, applyAction, enabledActions, type Action } from '../../model/cloneset/actions.js';
import { cloneSetModel, initialState } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { viewOf } from '../../model/cloneset/view.js';
import { fromViolation, toTraceDocument, type CloneSetStep, type TraceDocument } from '../../traces/document.js';
import { continuationDoc, issue1545Doc, issue1545Trace } from './fixtures.js';

/** Counterexamples the explorer finds in small scenarios, as documents (first one per property). */
function explorerDocs(scenario: Scenario): readonly TraceDocument[] {
  const r = explore(cloneSetModel(scenario), { stopAtFirstViolation: false });
  return (r.violations ?? []).map((v) => fromViolation(scenario, v));
}

/** The #1545 trace uncut, without a property: its delete and scale land back to back. */
export function wholeIssue1545(): TraceDocument {
  const t = issue1545Trace('upstream');
  return toTraceDocument({ scenario: t.scenario, steps: t.steps });
}

/** rollout(v2) and scale(4) back to back, then the system settles: the two edits go in one patch. */
export function rolloutAndScale(): TraceDocument {
  const scenario = DEFAULT_SCENARIO;
  const v = viewOf(scenario);
  let s = initialState(v);
  const steps: CloneSetStep[] = [{ action: null, state: s }];
  const take = (a: Action): void => {
    s = applyAction(v, s, a);
    steps.push({ action: a, state: s });
  };
  take({ kind: 'rollout', template: 1 });
  take({ kind: 'scale', replicas: 4 });
  for (let i = 0; i < 100; i++) {
    const next = enabledActions(v, s).find((a) => actorOf(a) !== 'user');
    if (next === undefined) break;
    take(next);
  }
  return toTraceDocument({ scenario, steps });
}

export const SMALL: readonly Scenario[] = [
  { ...DEFAULT_SCENARIO, controller: 'pre-fix', budgets: { rollouts: 1, deletes: 1, scales: 1, partitions: 0 } },
  {
    ...DEFAULT_SCENARIO,
    controller: 'upstream',
    podUpdatePolicy: 'InPlaceIfPossible',
    partitions: ['50%', 0],
    templates: 3,
    budgets: { rollouts: 2, deletes: 1, scales: 1, partitions: 1 },
  },
  // minReadySeconds: the script's CloneSet gets a window and waits it out at each available(pod) step.
  { ...DEFAULT_SCENARIO, controller: 'upstream', minReadySeconds: 10, budgets: { rollouts: 1, deletes: 1, scales: 1, partitions: 0 } },
  // Paused from the start: availability-floor's counterexample resumes the rollout (a JSON-patch of paused).
  { ...DEFAULT_SCENARIO, controller: 'upstream', paused: true, budgets: { rollouts: 1, deletes: 1, scales: 1, partitions: 0, pauses: 1 } },
  // progressDeadlineSeconds: the script's CloneSet gets one, waits it out at each deadline step, and checks the
  // Progressing condition of deadline-from-progress's counterexample.
  { ...DEFAULT_SCENARIO, controller: 'upstream', progressDeadline: true, budgets: { rollouts: 1, deletes: 1, scales: 0, partitions: 0 } },
  // With a stale read too: the counterexample's reconcile reads a version the cache caught up with.
  {
    ...DEFAULT_SCENARIO,
    controller: 'upstream',
    progressDeadline: true,
    staleReads: 1,
    maxReplicas: 2,
    budgets: { rollouts: 1, deletes: 0, scales: 1, partitions: 0 },
  },
];

/** Named documents: the fixtures and hand-built traces, and the explorer's counterexamples. */
export function kubectlTestDocs(): { fixtures: readonly [string, TraceDocument][]; explored: readonly [string, TraceDocument][] } {
  const fixtures: readonly [string, TraceDocument][] = [
    ['the pre-fix #1545 trace', issue1545Doc()],
    ['a convergence trace with a continuation', continuationDoc()],
    ['the whole #1545 interleaving (a delete and a scale with no reconcile between)', wholeIssue1545()],
    ['a rollout and a scale with no reconcile between them', rolloutAndScale()],
  ];
  const explored: readonly [string, TraceDocument][] = SMALL.flatMap((sc, i) =>
    explorerDocs(sc).map((d): [string, TraceDocument] => [`scenario ${i}: ${d.property?.name ?? ''}`, d]),
  );

  return { fixtures, explored };
}
