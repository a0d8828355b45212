/**
 * A trace for the terminal: one line per step with only what the step changed, so a 15-step
 * counterexample fits on a screen and the eye goes straight to the step that matters. Colour is the
 * caller's decision (it knows whether stdout is a TTY); the default is plain text.
 */
import { conditionText } from '../model/controller/progress.js';
import { actionLabel, actorOf, type Action } from '../model/cloneset/actions.js';
import { revName, type CloneSetState } from '../model/cloneset/state.js';
import { hasAvailabilityWindow, hasPauseChanges, hasStrategyEdits } from '../model/cloneset/scenario.js';
import { strategyOf, viewOf, type ScenarioView } from '../model/cloneset/view.js';
import { cacheText, changedFields, partitionText, type FieldChange } from './diff.js';
import type { TraceDocument, TraceStepDoc } from './document.js';
import { legendText, podsSummary } from './notation.js';
import { PROGRESS_REASONS, REASON_TEXT } from '../model/controller/progress.js';

export interface TextOptions {
  /** ANSI colours. Default false. */
  readonly color?: boolean;
  /** Budget counters change with every user action; shown only on request. Default false. */
  readonly showBudgets?: boolean;
  /** Append the pod-notation legend. Default false. */
  readonly legend?: boolean;
}

interface Paint {
  readonly user: (s: string) => string;
  readonly kubelet: (s: string) => string;
  readonly controller: (s: string) => string;
  readonly statusWrite: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly strong: (s: string) => string;
  readonly bad: (s: string) => string;
}

const sgr =
  (code: string) =>
  (s: string): string =>
    `\x1b[${code}m${s}\x1b[0m`;
const plain = (s: string): string => s;

const COLOURS: Paint = {
  user: sgr('1;34'),
  kubelet: sgr('32'),
  controller: plain,
  statusWrite: sgr('2'),
  dim: sgr('2'),
  strong: sgr('1'),
  bad: sgr('1;31'),
};
const NO_COLOURS: Paint = { user: plain, kubelet: plain, controller: plain, statusWrite: plain, dim: plain, strong: plain, bad: plain };

function actorPaint(p: Paint, a: Action | null): (s: string) => string {
  if (a === null) return plain;
  // Users' steps and the other system actors' (the kubelet, a hook's owner) by the actor table, which names
  // every kind; the controller's by what they do: a reconcile, a status write, a cache catching up.
  const actor = actorOf(a);
  if (actor === 'user') return p.user;
  if (actor !== 'controller') return p.kubelet;
  return a.kind === 'reconcile' ? p.controller : a.kind === 'writeStatus' || a.kind === 'statusWriteFails' ? p.statusWrite : p.dim;
}

function change(p: Paint, c: FieldChange): string {
  // Values with spaces (pod summaries, whole statuses) need a spaced arrow to stay readable.
  const arrow = c.before.includes(' ') || c.after.includes(' ') ? ' → ' : '→';
  return `${p.dim(c.path)} ${c.before}${arrow}${p.strong(c.after)}`;
}

function initialFields(v: ScenarioView, s: CloneSetState): string {
  return [
    `spec.replicas ${s.spec.replicas}`,
    `spec.partition ${partitionText(v, s)}`,
    `spec.template ${revName(s.spec.template)}`,
    ...(hasPauseChanges(v.scenario) ? [`spec.paused ${s.spec.paused}`] : []),
    ...(hasStrategyEdits(v.scenario)
      ? [`spec.maxSurge ${String(strategyOf(v, s).maxSurge)}`, `spec.maxUnavailable ${String(strategyOf(v, s).maxUnavailable)}`]
      : []),
    `pods ${podsSummary(s.pods)}`,
    `status.currentRevision ${revName(s.status.currentRevision)}`,
    `status.updateRevision ${revName(s.status.updateRevision)}`,
    ...(s.status.progressing === undefined ? [] : [`status.progressing ${conditionText(s.status.progressing)}`]),
    ...(s.observed === null ? [] : [`cache ${cacheText(v, s)}`]),
  ].join('  ');
}

/** The Progressing condition's notation, for scenarios with progressDeadlineSeconds. */
const PROGRESSING_LEGEND: readonly string[] = [
  `progressing  the Progressing condition's reason, as trace files name it: ${PROGRESS_REASONS.map((r) => `${r} (${REASON_TEXT[r]})`).join(', ')}`,
  '             (deadline passed): progressDeadlineSeconds have passed since its lastUpdateTime',
  '             (time rank n): with stale reads, the rank of its lastUpdateTime among the copies still to time out (unnamed: 0, the oldest)',
];

export function renderText(doc: TraceDocument, opts: TextOptions = {}): string {
  const p = opts.color === true ? COLOURS : NO_COLOURS;
  const v = viewOf(doc.scenario);
  const labelOf = (st: TraceStepDoc): string => (st.action === null ? 'initial state' : actionLabel(st.action));
  const all = doc.continuation === undefined ? doc.steps : [...doc.steps, ...doc.continuation.steps];
  const labelWidth = Math.max(...all.map((st) => labelOf(st).length));
  const indexWidth = String(all.length - 1).length;

  const line = (st: TraceStepDoc, prev: CloneSetState | null): string => {
    const actor = st.action === null ? '—' : actorOf(st.action);
    const paint = actorPaint(p, st.action);
    const fields =
      prev === null
        ? initialFields(v, st.state)
        : changedFields(v, prev, st.state)
            .filter((c) => opts.showBudgets === true || c.group !== 'budgets')
            .map((c) => change(p, c))
            .join('  ') || p.dim('(no visible change)');
    return `${String(st.index).padStart(indexWidth)}  ${paint(actor.padEnd(10))}  ${paint(labelOf(st).padEnd(labelWidth))}  ${fields}`;
  };

  const title = [
    `controller ${doc.controller}`,
    doc.property === null ? 'no property' : `property ${doc.property.name} (${doc.property.kind})`,
  ];
  const out: string[] = [p.strong(`cloneset-check trace · ${title.join(' · ')}`)];
  let prev: CloneSetState | null = null;
  for (const st of doc.steps) {
    out.push(line(st, prev));
    prev = st.state;
  }
  const last = doc.steps[doc.steps.length - 1];
  if (doc.property !== null && last !== undefined) {
    out.push(p.bad(`✗ ${doc.property.name} violated at step ${last.index}: ${doc.property.message}`));
  }
  const c = doc.continuation;
  if (c !== undefined) {
    out.push(p.dim('── continuation: system steps only ──'));
    for (const st of c.steps) {
      out.push(line(st, prev));
      prev = st.state;
    }
    const end = c.steps[c.steps.length - 1]?.index ?? last?.index ?? 0;
    out.push(
      c.cycleTo === null
        ? p.bad(`■ dead end after step ${end}: no system action is enabled`)
        : p.bad(`↺ step ${end} returns to the state of step ${c.cycleTo}: the system cycles forever`),
    );
  }
  if (opts.legend === true) out.push('', legendText(doc.scenario.lifecycleHooks !== undefined, hasAvailabilityWindow(doc.scenario)));
  if (opts.legend === true && doc.scenario.progressDeadline === true) out.push(...PROGRESSING_LEGEND);
  return `${out.join('\n')}\n`;
}
