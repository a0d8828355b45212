/**
 * What a trace diagram shows, independent of how it is drawn: one node per state with rows of cells
 * (spec, pods, status, pending), each cell knowing whether the incoming step changed it, plus the edges
 * and the violation and continuation marks. Both DOT dialects (HTML-like tables, plain labels) draw this
 * same view, so they cannot disagree about what changed or which state is the bad one.
 */
import { actionLabel } from '../model/cloneset/actions.js';
import { describePodEntry, revName, unmarkedAt, type CloneSetState, type Pod, type Status } from '../model/cloneset/state.js';
import { hasPauseChanges, hasStrategyEdits, observeOptions } from '../model/cloneset/scenario.js';
import { expectedUpdated, partitionReplicas, strategyOf, viewOf, type ScenarioView } from '../model/cloneset/view.js';
import { conditionText } from '../model/controller/progress.js';
import { generationText, partitionText, pausedText, revisionCacheText, revisionNumbersText } from './diff.js';
import type { PropertyRef, TraceDocument, TraceStepDoc } from './document.js';
import { edgeStyleKey, type EdgeStyleKey } from './dot-style.js';
import { podsSummary } from './notation.js';

export type Part =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'rev'; readonly rev: number }
  | { readonly kind: 'pods'; readonly pods: readonly Pod[] };

export interface Cell {
  /** Stable within a row, so a cell can be compared with the same cell of the previous state. */
  readonly id: string;
  readonly key: string | null;
  readonly value: readonly Part[];
  readonly changed: boolean;
  /** The value before the step, as text, when it changed and the cell was there before. */
  readonly was: string | null;
}

/** `pending` is drawn apart (computed by a reconcile, not yet written); `written` says it just was. */
export type RowKind = 'spec' | 'pods' | 'status' | 'pending' | 'written' | 'cache';

export interface Row {
  readonly kind: RowKind;
  readonly cells: readonly Cell[];
  /** The whole row is new in this state (a pending status just computed). */
  readonly appeared: boolean;
}

export type Note = { readonly kind: 'violation'; readonly property: PropertyRef } | { readonly kind: 'deadEnd' };

export interface NodeView {
  readonly id: string;
  readonly index: number;
  /** `initial state`, or the action that led here. */
  readonly caption: string;
  readonly rows: readonly Row[];
  readonly notes: readonly Note[];
  readonly violation: boolean;
  readonly continuation: boolean;
}

export interface EdgeView {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly style: EdgeStyleKey;
  /** The step a step property objects to. */
  readonly violating: boolean;
  /** Closes a convergence cycle, pointing back up the trace. */
  readonly backTo: number | null;
}

export interface TraceView {
  readonly controller: string;
  readonly property: PropertyRef | null;
  readonly scenarioLine: string;
  readonly nodes: readonly NodeView[];
  readonly edges: readonly EdgeView[];
}

const text = (t: string): Part => ({ kind: 'text', text: t });

function partText(p: Part): string {
  if (p.kind === 'text') return p.text;
  if (p.kind === 'rev') return revName(p.rev);
  return podsSummary(p.pods);
}

const valueText = (parts: readonly Part[]): string => parts.map(partText).join('');

interface RawCell {
  readonly id: string;
  readonly key: string | null;
  readonly value: readonly Part[];
}

interface RawRow {
  readonly kind: RowKind;
  readonly cells: readonly RawCell[];
}

function statusCells(prefix: string, st: Status): readonly RawCell[] {
  return [
    { id: `${prefix}.current`, key: 'current', value: [{ kind: 'rev', rev: st.currentRevision }] },
    { id: `${prefix}.update`, key: 'update', value: [{ kind: 'rev', rev: st.updateRevision }] },
    { id: `${prefix}.replicas`, key: 'replicas', value: [text(String(st.replicas))] },
    { id: `${prefix}.ready`, key: 'ready', value: [text(String(st.readyReplicas))] },
    { id: `${prefix}.updated`, key: 'updated', value: [text(String(st.updatedReplicas))] },
    { id: `${prefix}.expected`, key: 'expected', value: [text(String(st.expectedUpdatedReplicas))] },
    ...progressingCell(prefix, st),
  ];
}

/** The Progressing condition (progressDeadlineSeconds only): its reason, a deadline passed, its time's rank. */
const progressingCell = (prefix: string, st: Status): RawRow['cells'] =>
  st.progressing === undefined ? [] : [{ id: `${prefix}.progressing`, key: 'progressing', value: [text(conditionText(st.progressing))] }];

/**
 * A status's observedGeneration against its CloneSet's generation, in scenarios that keep it (staleReads):
 * `< generation` after a spec edit no status write has carried yet (state.ts Observation).
 */
function generationCell(v: ScenarioView, prefix: string, unobserved: boolean | undefined): RawRow['cells'] {
  if (observeOptions(v.scenario).staleReads === 0) return [];
  return [{ id: `${prefix}.observedGeneration`, key: 'observedGeneration', value: [text(generationText(unobserved === true))] }];
}

/** The controller's CloneSet cache (issue #14 options): how far it lags, and the spec and revision it shows. */
function cacheCells(v: ScenarioView, s: CloneSetState): RawRow['cells'] {
  const o = s.observed;
  const lag = o?.lag ?? [];
  const seen = lag[0];
  const cells: RawRow['cells'][number][] = [
    {
      id: 'cache.lag',
      key: null,
      value: [text(seen === undefined ? 'synced' : `${lag.length} version${lag.length === 1 ? '' : 's'} behind`)],
    },
  ];
  if (seen !== undefined) {
    const partition = partitionText(v, seen);
    const paused = pausedText(v, seen);
    cells.push(
      {
        id: 'cache.spec',
        key: 'sees',
        value: [
          text(`replicas ${seen.spec.replicas}, partition ${partition}, template `),
          { kind: 'rev', rev: seen.spec.template },
          // Whether the controller's view is paused decides whether its Update runs.
          ...(paused === '' ? [] : [text(paused)]),
        ],
      },
      { id: 'cache.current', key: 'current', value: [{ kind: 'rev', rev: seen.status.currentRevision }] },
      // The condition the controller reads (deadline-from-progress judges a reconcile against it).
      ...progressingCell('cache', seen.status),
      ...generationCell(v, 'cache', seen.generationUnobserved),
    );
  }
  if (o !== null && o.revisions !== null)
    cells.push(
      { id: 'cache.revisions', key: 'revisions', value: [text(revisionNumbersText(s))] },
      { id: 'cache.revisionCache', key: 'revision cache', value: [text(revisionCacheText(s))] },
    );
  if (o !== null && o.pods.length > 0)
    cells.push({ id: 'cache.pods', key: 'pods not yet seen', value: [text(o.pods.map(describePodEntry).join('; '))] });
  if (o !== null && v.scenario.statusWriteFailures !== undefined && v.scenario.statusWriteFailures > 0)
    cells.push({ id: 'cache.failures', key: 'write failures left', value: [text(String(o.writeFailures))] });
  if (o !== null && v.scenario.podWriteFailures !== undefined && v.scenario.podWriteFailures > 0)
    cells.push({ id: 'cache.podWriteFailures', key: 'pod-write failures left', value: [text(String(o.podWriteFailures))] });
  return cells;
}

function rawRows(v: ScenarioView, s: CloneSetState): readonly RawRow[] {
  const rows: RawRow[] = [
    {
      kind: 'spec',
      cells: [
        { id: 'replicas', key: 'replicas', value: [text(String(s.spec.replicas))] },
        { id: 'partition', key: 'partition', value: [text(`${partitionText(v, s)} (keeps ${partitionReplicas(v, s)})`)] },
        { id: 'template', key: 'template', value: [{ kind: 'rev', rev: s.spec.template }] },
        // Only where users pause and resume: elsewhere it is the scenario's, and pictures read as before.
        ...(hasPauseChanges(v.scenario) ? [{ id: 'paused', key: 'paused', value: [text(String(s.spec.paused))] }] : []),
        // Likewise maxSurge and maxUnavailable, only where users edit them.
        ...(hasStrategyEdits(v.scenario)
          ? [
              { id: 'maxSurge', key: 'maxSurge', value: [text(String(strategyOf(v, s).maxSurge))] },
              { id: 'maxUnavailable', key: 'maxUnavailable', value: [text(String(strategyOf(v, s).maxUnavailable))] },
            ]
          : []),
      ],
    },
    {
      kind: 'pods',
      cells: [
        { id: 'pods', key: null, value: [{ kind: 'pods', pods: s.pods }] },
        // U against E: the comparison the canary property is about.
        {
          id: 'canary',
          key: `at ${revName(s.spec.template)}`,
          value: [text(`${unmarkedAt(s, s.spec.template)} / expected ${expectedUpdated(v, s)}`)],
        },
      ],
    },
    { kind: 'status', cells: [...statusCells('status', s.status), ...generationCell(v, 'status', s.observed?.generationUnobserved)] },
  ];
  if (s.pending !== null)
    rows.push({
      kind: 'pending',
      cells: [...statusCells('pending', s.pending), ...generationCell(v, 'pending', s.observed?.pendingUnobserved)],
    });
  if (s.observed !== null) rows.push({ kind: 'cache', cells: cacheCells(v, s) });
  return rows;
}

function rowsOf(v: ScenarioView, s: CloneSetState, prev: CloneSetState | null): readonly Row[] {
  const before = new Map<string, string>();
  if (prev !== null) for (const r of rawRows(v, prev)) for (const c of r.cells) before.set(c.id, valueText(c.value));
  const rows: Row[] = rawRows(v, s).map((r) => ({
    kind: r.kind,
    appeared: prev !== null && r.cells.every((c) => !before.has(c.id)),
    cells: r.cells.map((c): Cell => {
      const now = valueText(c.value);
      const was = before.get(c.id) ?? null;
      const changed = prev !== null && was !== now;
      return { ...c, changed, was: changed ? was : null };
    }),
  }));
  // A status write empties the pending status: say so, or the change would be invisible.
  if (prev !== null && prev.pending !== null && s.pending === null) {
    rows.push({
      kind: 'written',
      appeared: false,
      cells: [{ id: 'pending.written', key: null, value: [text('written to status')], changed: true, was: null }],
    });
  }
  return rows;
}

function scenarioLine(doc: TraceDocument): string {
  const sc = doc.scenario;
  return [
    `initial replicas ${sc.initialReplicas}`,
    `partition ${String(sc.initialPartition)}`,
    `maxSurge ${String(sc.maxSurge)}`,
    `maxUnavailable ${String(sc.maxUnavailable)}`,
    sc.podUpdatePolicy,
    `status write ${sc.statusWrite}`,
    `templates ${sc.templates}`,
    ...(sc.freeChoices === true ? ['free choices'] : []),
    ...((sc.staleReads ?? 0) > 0 ? [`CloneSet cache up to ${sc.staleReads} stale`] : []),
    ...(sc.progressDeadline === true ? ['progressDeadlineSeconds'] : []),
  ].join(' · ');
}

export function traceView(doc: TraceDocument): TraceView {
  const v = viewOf(doc.scenario);
  const prop = doc.property;
  const trace = doc.steps;
  const lastTrace = trace[trace.length - 1];
  const cont = doc.continuation;
  const contSteps = cont?.steps ?? [];
  const cycleTo = cont?.cycleTo ?? null;
  // A cycle's last step returns to a state already drawn: it becomes a back edge, not a node.
  const drawnCont = cycleTo !== null ? contSteps.slice(0, -1) : contSteps;
  const deadEndAt = cont !== undefined && cycleTo === null ? (drawnCont[drawnCont.length - 1] ?? lastTrace) : undefined;

  const nodes: NodeView[] = [];
  let prev: CloneSetState | null = null;
  const addNode = (st: TraceStepDoc, continuation: boolean): void => {
    const violation = prop !== null && st === lastTrace;
    const notes: Note[] = [];
    if (violation) notes.push({ kind: 'violation', property: prop });
    if (st === deadEndAt) notes.push({ kind: 'deadEnd' });
    nodes.push({
      id: `s${st.index}`,
      index: st.index,
      caption: st.action === null ? 'initial state' : actionLabel(st.action),
      rows: rowsOf(v, st.state, prev),
      notes,
      violation,
      continuation,
    });
    prev = st.state;
  };
  for (const st of trace) addNode(st, false);
  for (const st of drawnCont) addNode(st, true);

  const all = [...trace, ...contSteps];
  const edges: EdgeView[] = [];
  for (let i = 1; i < all.length; i++) {
    const st = all[i]!;
    if (st.action === null) continue;
    const back = cycleTo !== null && i === all.length - 1;
    edges.push({
      from: `s${all[i - 1]!.index}`,
      to: back ? `s${cycleTo}` : `s${st.index}`,
      label: actionLabel(st.action),
      style: edgeStyleKey(st.action),
      violating: prop !== null && prop.kind === 'step' && st === lastTrace,
      backTo: back ? cycleTo : null,
    });
  }
  return { controller: doc.controller, property: prop, scenarioLine: scenarioLine(doc), nodes, edges };
}
