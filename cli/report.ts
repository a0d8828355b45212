/**
 * Presenting check outcomes: the one-screen summary table, the JSON object for scripts, and the Markdown
 * report that embeds the counterexample pictures.
 */
import type { Budget, Scenario } from '../model/cloneset/scenario.js';
import { summarize } from '../traces/document.js';
import { viewOf } from '../model/cloneset/view.js';
import type { Limits, PropertyOutcome, RunOutcome } from './run.js';
import type { Style } from './style.js';

export interface WrittenTrace {
  readonly controller: string;
  readonly property: string;
  readonly files: readonly string[];
  readonly svg?: string;
}

/** A violation found by a parallel search whose counterexample was not rebuilt (ExploreResult.untraced). */
const untraced = (p: PropertyOutcome): boolean => p.verdict === 'violated' && p.traceLength === undefined;

const cell = (p: PropertyOutcome): string =>
  p.verdict !== 'violated' ? p.verdict : untraced(p) ? 'violated (no trace)' : `violated (${p.traceLength} steps)`;

function pad(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - [...s].length));
}

/** Rows: property; columns: controller variants; then states and seconds per variant. */
export function summaryTable(runs: readonly RunOutcome[], style: Style): string {
  const names = runs[0]?.properties.map((p) => p.name) ?? [];
  const header = ['property', ...runs.map((r) => r.controller)];
  const rows: string[][] = names.map((n) => [n, ...runs.map((r) => cell(r.properties.find((p) => p.name === n)!))]);
  rows.push(['states', ...runs.map((r) => r.result.stats.states.toLocaleString('en-US'))]);
  rows.push(['transitions', ...runs.map((r) => r.result.stats.transitions.toLocaleString('en-US'))]);
  rows.push(['seconds', ...runs.map((r) => r.result.stats.seconds.toFixed(2))]);
  const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...r[i]!].length)) + 2);
  const paint = (s: string): string =>
    s.startsWith('violated') ? style.bad(s) : s === 'holds' ? style.ok(s) : s === 'incomplete' ? style.warn(s) : s;
  const line = (r: readonly string[], head = false): string =>
    r
      .map((c, i) => {
        const padded = pad(c, widths[i]!);
        return head ? style.bold(padded) : i === 0 ? padded : paint(c) + ' '.repeat(widths[i]! - [...c].length);
      })
      .join('')
      .trimEnd();
  return [line(header, true), ...rows.map((r) => line(r))].join('\n');
}

export function describeScenario(sc: Scenario): string {
  const b = sc.budgets;
  // "any number of scales", or "2 scale(s)".
  const times = (n: Budget, what: string): string => (n === 'any' ? `any number of ${what}s` : `${n} ${what}(s)`);
  return (
    `${sc.initialReplicas} replicas at v1, partition ${JSON.stringify(sc.initialPartition)}; users: ${times(b.rollouts, 'rollout')} over ${sc.templates} templates, ` +
    `${b.deletes} delete(s), ${times(b.scales, 'scale')} in 0..${sc.maxReplicas}, ${times(b.partitions, 'partition change')} among ${JSON.stringify(sc.partitions)}; ` +
    `maxSurge ${JSON.stringify(sc.maxSurge)}, maxUnavailable ${JSON.stringify(sc.maxUnavailable)}, ${sc.podUpdatePolicy}, ` +
    `rollback gate ${sc.rollbackGate ? 'on' : 'off'}, status write ${sc.statusWrite}` +
    `${sc.paused ? ', paused' : ''}${sc.scaleMaxUnavailable === null ? '' : `, scale maxUnavailable ${JSON.stringify(sc.scaleMaxUnavailable)}`}` +
    kubeletWords(sc)
  );
}

/** The users-and-kubelet options (issue #14), named only when on. */
function kubeletWords(sc: Scenario): string {
  const b = sc.budgets;
  const parts: string[] = [];
  if ((b.marks ?? 0) > 0) parts.push(`${b.marks} user mark(s)`);
  if ((b.failures ?? 0) > 0) parts.push(`${b.failures} pod failure(s)`);
  if (sc.preparingReady === true) parts.push('PreparingNormal pods may become ready');
  if (sc.inPlaceKubelet === true) parts.push('in-place completion by the kubelet');
  if (sc.lifecycleHooks !== undefined) parts.push(`lifecycle hooks ${sc.lifecycleHooks}`);
  if (sc.preparingUpdateAsUpdate === true) parts.push('PreparingUpdateAsUpdate gate on');
  if (sc.excludePreparingDelete === true) parts.push('excludePreparingDelete');
  return parts.length === 0 ? '' : `; ${parts.join(', ')}`;
}

function bounds(sc: Scenario, limits: Limits): Record<string, unknown> {
  const { controller: _c, ...rest } = sc;
  return {
    ...rest,
    maxDepth: limits.maxDepth ?? null,
    maxStates: limits.maxStates ?? null,
    timeLimitSeconds: limits.timeLimitSeconds ?? null,
  };
}

/** The `--json` object for one controller run (`check --json`; its shape is pinned by test/cli/check.test.ts). */
export function runJson(run: RunOutcome, limits: Limits, written: readonly WrittenTrace[]): Record<string, unknown> {
  const r = run.result;
  const headline = run.properties.find((p) => p.traceLength !== undefined) ?? run.properties.find((p) => p.verdict === 'violated');
  const violation = headline === undefined ? undefined : r.violations?.find((x) => x.property === headline.name);
  const v = viewOf(run.scenario);
  return {
    verdict: run.verdict,
    controller: run.controller,
    property: headline?.name ?? null,
    bounds: bounds(run.scenario, limits),
    stats: {
      states: r.stats.states,
      transitions: r.stats.transitions,
      depth: r.stats.depth,
      seconds: r.stats.seconds,
      statesPerSecond: r.stats.statesPerSecond,
      perActionKind: r.stats.perActionKind,
      ...(r.stats.collisionProbability !== undefined ? { collisionProbability: r.stats.collisionProbability } : {}),
      // Only for parallel runs, so that a one-thread run's JSON is what it always was.
      ...((r.stats.workers ?? 1) > 1 ? { workers: r.stats.workers } : {}),
    },
    limit: r.limit ?? null,
    properties: Object.fromEntries(
      run.properties.map((p) => [
        p.name,
        p.verdict === 'violated' ? { verdict: p.verdict, steps: p.traceLength, message: p.message } : { verdict: p.verdict },
      ]),
    ),
    trace: (violation?.trace ?? []).map((st) => ({ action: st.action, state: st.state, summary: summarize(v, st.state) })),
    files: written.filter((w) => w.controller === run.controller).flatMap((w) => w.files),
  };
}

export function markdownReport(runs: readonly RunOutcome[], written: readonly WrittenTrace[], relative: (path: string) => string): string {
  const sc = runs[0]?.scenario;
  const out: string[] = ['# cloneset-check report', ''];
  if (sc !== undefined) out.push(`Scenario: ${describeScenario(sc)}.`, '');
  const names = runs[0]?.properties.map((p) => p.name) ?? [];
  out.push(`| property | ${runs.map((r) => r.controller).join(' | ')} |`, `| --- | ${runs.map(() => '---').join(' | ')} |`);
  for (const n of names) out.push(`| ${n} | ${runs.map((r) => cell(r.properties.find((p) => p.name === n)!)).join(' | ')} |`);
  out.push(`| states | ${runs.map((r) => r.result.stats.states.toLocaleString('en-US')).join(' | ')} |`);
  // No seconds here: the report is an output file, byte-identical for the same inputs (timings are on stdout and in --json).
  out.push(`| depth | ${runs.map((r) => r.result.stats.depth).join(' | ')} |`, '');
  out.push(
    '`holds` means: no violation in any state reachable within the scenario bounds above (every interleaving, breadth-first); ' +
      '`violated (n steps)`: the shortest counterexample has n steps.' +
      (runs.some((r) => r.properties.some(untraced))
        ? ' `violated (no trace)`: found violated, but the run stopped before its counterexample was rebuilt.'
        : ''),
    '',
  );
  for (const run of runs) {
    for (const p of run.properties.filter((x) => x.verdict === 'violated')) {
      const w = written.find((x) => x.controller === run.controller && x.property === p.name);
      const says = untraced(p) ? (p.message ?? '') : `${p.message ?? ''} (shortest counterexample: ${p.traceLength} steps)`;
      out.push(`## ${run.controller}: ${p.name}`, '', says, '');
      if (w?.svg !== undefined) out.push(`![${run.controller} ${p.name}](${relative(w.svg)})`, '');
      if (w !== undefined) out.push(`Files: ${w.files.map((f) => `[${relative(f).split('/').pop()}](${relative(f)})`).join(', ')}`, '');
    }
  }
  return out.join('\n');
}
