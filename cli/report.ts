/**
 * Presenting check outcomes: the one-screen summary table, the JSON object for scripts, and the Markdown
 * report that embeds the counterexample pictures.
 */
import {
  hasAvailabilityWindow,
  hasPauseChanges,
  hasStrategyEdits,
  strategiesOf,
  surgeValues,
  unavailableValues,
  observeOptions,
  pausesOf,
  type Budget,
  type Scenario,
} from '../model/cloneset/scenario.js';
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

/**
 * A verdict as a table cell. Beside a "holds" (or an "incomplete"), whether the behaviour the property
 * constrains was reached: a "holds" whose witness a complete search never reached is vacuous. A violation
 * reached it by definition; a probabilistic search's "no violation found" shows its witness as a holds does.
 */
function cell(p: PropertyOutcome): string {
  if (p.verdict === 'violated') return untraced(p) ? 'violated (no trace)' : `violated (${p.traceLength} steps)`;
  const v = p.verdict === 'no-violation-found' ? 'no violation found (probabilistic)' : p.verdict;
  const w = p.witness;
  if (w === undefined || w.status === 'unknown') return v;
  if (w.status === 'reached') return `${v} — ${w.subject} reached in ${w.steps} step${w.steps === 1 ? '' : 's'}`;
  return p.verdict === 'holds' ? `holds (vacuous: no ${w.subject} was reached)` : v;
}

/** A hash-compaction run's estimated coverage, as the table and the report print it ('' for other runs). */
export function coverageText(run: RunOutcome): string {
  const c = run.result.stats.estimatedCoverage;
  if (c === undefined) return '';
  const omitted = run.result.stats.estimatedOmitted ?? 0;
  // Rounded down, so that a coverage below 1 never prints as 100%.
  const pct = c === 1 ? '100' : (Math.floor(c * 1e8) / 1e6).toFixed(6);
  return `estimated coverage ${pct}% (~${omitted.toPrecision(2)} states merged away)`;
}

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
  if (runs.some((r) => r.result.mode === 'compact')) rows.push(['coverage', ...runs.map(coverageText)]);
  const widths = header.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...r[i]!].length)) + 2);
  const paint = (s: string): string =>
    s.startsWith('violated')
      ? style.bad(s)
      : s.startsWith('holds (vacuous')
        ? style.warn(s)
        : s.startsWith('holds')
          ? style.ok(s)
          : s.startsWith('incomplete')
            ? style.warn(s)
            : s;
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
    `${b.deletes} delete(s), ${times(b.scales, 'scale')} in 0..${sc.maxReplicas}, ${times(b.partitions, 'partition change')} among ${JSON.stringify(sc.partitions)}` +
    // Named only when on, so reports of other scenarios read as before.
    `${hasPauseChanges(sc) ? `, ${pauseWords(pausesOf(b))}` : ''}` +
    `${hasStrategyEdits(sc) ? `, ${times(strategiesOf(b), 'strategy edit')} among maxSurge ${JSON.stringify(surgeValues(sc))} and maxUnavailable ${JSON.stringify(unavailableValues(sc))}` : ''}; ` +
    `maxSurge ${JSON.stringify(sc.maxSurge)}, maxUnavailable ${JSON.stringify(sc.maxUnavailable)}${hasStrategyEdits(sc) ? ' at the start' : ''}, ${strategyTypeWords(sc)}, ` +
    `rollback gate ${sc.rollbackGate ? 'on' : 'off'}, status write ${sc.statusWrite}` +
    `${sc.paused ? (hasPauseChanges(sc) ? ', paused at the start' : ', paused') : ''}${sc.scaleMaxUnavailable === null ? '' : `, scale maxUnavailable ${JSON.stringify(sc.scaleMaxUnavailable)}`}` +
    `${sc.freeChoices === true ? ', free choices' : ''}` +
    observeText(sc) +
    kubeletWords(sc)
  );
}

const pauseWords = (n: Budget): string => (n === 'any' ? 'any number of pauses and resumes' : `${n} pause(s) or resume(s)`);

/** The issue #14 options that are on, or nothing (a scenario without them reads as before). */
function observeText(sc: Scenario): string {
  const o = observeOptions(sc);
  const parts: string[] = [];
  if (o.staleReads > 0) parts.push(`CloneSet cache up to ${o.staleReads} version(s) stale`);
  if (o.staleRevisions) parts.push('ControllerRevision cache one write stale');
  if (o.statusWriteFailures > 0) parts.push(`${o.statusWriteFailures} status write failure(s)`);
  if (o.podWriteFailures > 0)
    parts.push(`${o.podWriteFailures} pod write failure(s)${sc.podWriteTimeouts === true ? ', each refused or timed out' : ''}`);
  if (o.expectations !== 'ideal') parts.push(`pod cache and expectations ${o.expectations}`);
  return parts.map((p) => `, ${p}`).join('');
}

/** The users-and-kubelet options (issue #14), named only when on. */
function kubeletWords(sc: Scenario): string {
  const b = sc.budgets;
  const parts: string[] = [];
  if ((b.marks ?? 0) > 0) parts.push(`${b.marks} user mark(s)`);
  if ((b.failures ?? 0) > 0) parts.push(`${b.failures} pod failure(s)`);
  if (sc.preparingReady === true) parts.push('PreparingNormal pods may become ready');
  if (sc.inPlaceKubelet === true) parts.push('in-place completion by the kubelet');
  if (hasAvailabilityWindow(sc)) parts.push(`minReadySeconds ${sc.minReadySeconds} (ready pods become available later)`);
  if (sc.progressDeadline === true) parts.push('progressDeadlineSeconds (the Progressing condition; the deadline passes by a step)');
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
      ...(r.stats.estimatedCoverage !== undefined
        ? { probabilistic: 'hash-compact', estimatedCoverage: r.stats.estimatedCoverage, estimatedOmitted: r.stats.estimatedOmitted ?? 0 }
        : {}),
      // Only for parallel runs, so that a one-thread run's JSON is what it always was.
      ...((r.stats.workers ?? 1) > 1 ? { workers: r.stats.workers } : {}),
    },
    limit: r.limit ?? null,
    properties: Object.fromEntries(
      run.properties.map((p) => [
        p.name,
        {
          ...(p.verdict === 'violated' ? { verdict: p.verdict, steps: p.traceLength, message: p.message } : { verdict: p.verdict }),
          // The witness beside the verdict (null: the property has none): reached (steps), unreached, unknown.
          witness:
            p.witness === undefined
              ? null
              : { name: p.witness.name, status: p.witness.status, ...(p.witness.steps !== undefined ? { steps: p.witness.steps } : {}) },
        },
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
  out.push(`| depth | ${runs.map((r) => r.result.stats.depth).join(' | ')} |`);
  if (runs.some((r) => r.result.mode === 'compact')) out.push(`| coverage | ${runs.map(coverageText).join(' | ')} |`);
  out.push('');
  out.push(
    '`holds` means: no violation in any state reachable within the scenario bounds above (every interleaving, breadth-first); ' +
      '`violated (n steps)`: the shortest counterexample has n steps. ' +
      '`holds — X reached in n steps`: the behaviour the property constrains (X) happens within the bounds, first after n steps, so the proof is not vacuous; ' +
      '`holds (vacuous: no X was reached)`: it never happens within the bounds, so the property holds without ever being put to the test.' +
      (runs.some((r) => r.properties.some(untraced))
        ? ' `violated (no trace)`: found violated, but the run stopped before its counterexample was rebuilt.'
        : '') +
      (runs.some((r) => r.result.mode === 'compact')
        ? ' `no violation found (probabilistic)`: a hash-compaction search (`--hash-compact`) found none, but it may have merged ' +
          'distinct states and missed what follows them, so this is not a proof; its counterexamples are real (replayed and re-checked).'
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

/** The update strategy in a scenario line: the pod update policy, or OnDelete (which updates no pod, so has none). */
export function strategyTypeWords(sc: Scenario): string {
  if (sc.updateStrategyType !== 'OnDelete') return sc.podUpdatePolicy;
  return sc.rollingUpdate === false ? 'OnDelete without a rollingUpdate block' : 'OnDelete';
}
