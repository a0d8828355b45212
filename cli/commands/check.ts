/**
 * `cloneset-check check`: explore every interleaving of a scenario under one or all controller variants,
 * report each property's verdict, and write each counterexample as JSON, DOT and SVG plus a Markdown report.
 */
import { join, relative, resolve } from 'node:path';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { defaultPropertyNames, type PropertyName } from '../../model/cloneset/properties.js';
import type { Scenario } from '../../model/cloneset/scenario.js';
import { fromViolation } from '../../traces/document.js';
import { renderText } from '../../traces/text.js';
import { renderTraceFiles } from '../../traces/write.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, InputError, type ExitCode } from '../errors.js';
import { SCENARIO_FIELDS } from '../fields.js';
import { command, helpText } from '../help.js';
import { interruptedText, stdoutIsTTY, type CommandIo } from '../io.js';
import { deriveMemoryLimit, derivedLimitNote, readMemoryReadings } from '../memory-default.js';
import {
  CLONESET,
  CONFIG,
  EXACT,
  FORCE,
  HASH_COMPACT,
  HELP,
  JSON_OUT,
  MAX_DEPTH,
  MAX_STATES,
  MEMORY_LIMIT,
  NO_SVG,
  OUT,
  PROPERTY,
  QUIET,
  REDUCTION,
  TIME_LIMIT,
  WORKERS,
} from '../options.js';
import { OutputDir } from '../output.js';
import { progressLine } from '../progress.js';
import { describeScenario, markdownReport, runJson, summaryTable, type WrittenTrace } from '../report.js';
import { runCheck, type Limits, type RunOutcome } from '../run.js';
import { buildScenario } from '../scenario.js';
import { styleFor } from '../style.js';

export const CHECK = command({
  name: 'check',
  summary: 'explore every interleaving within bounds; prove properties or find shortest counterexamples',
  usage: 'cloneset-check check [--controller pre-fix|upstream|proposed] [--config FILE] [--cloneset FILE] [scenario flags] [options]',
  fields: SCENARIO_FIELDS,
  options: [
    CONFIG,
    CLONESET,
    PROPERTY,
    MAX_DEPTH,
    MAX_STATES,
    TIME_LIMIT,
    MEMORY_LIMIT,
    EXACT,
    REDUCTION,
    HASH_COMPACT,
    WORKERS,
    OUT,
    FORCE,
    NO_SVG,
    JSON_OUT,
    QUIET,
    HELP,
  ],
  examples: [
    'cloneset-check check                                  # the #1545 scenario under every variant',
    'cloneset-check check --controller pre-fix --property canary-respected',
    'cloneset-check check --controller upstream --max-replicas 5 --partitions 0,1,50%,100% --partition-changes 1',
    'cloneset-check check --config examples/issue-1545.yaml --json',
    'cloneset-check check --config examples/wide.json --workers 2',
    'cloneset-check check --cloneset examples/cloneset.yaml --deletes 1   # a CloneSet manifest; budgets from flags',
  ],
});

export async function checkCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const args = parseCommandArgs(argv, CHECK.fields, CHECK.options, 0);
  const o = args.options;
  if (o.help === true) {
    io.stdout(`${helpText(CHECK)}\n`);
    return EXIT.holds;
  }
  const { scenario, controllers, notes } = buildScenario(args.fields, o.config, SCENARIO_FIELDS, o.cloneset);
  const workers = o.workers ?? WORKERS.defaultValue;
  // Without --memory-limit the tables get a share of the memory available now, so a scope too big for the
  // machine ends incomplete instead of being killed by the OS.
  const derived = o['memory-limit'] === undefined ? deriveMemoryLimit(readMemoryReadings()) : null;
  const limits: Limits = {
    maxDepth: o['max-depth'],
    maxStates: o['max-states'],
    timeLimitSeconds: o['time-limit'],
    memoryLimitBytes: derived !== null ? derived.bytes : (o['memory-limit'] ?? 0) * 1048576,
    exact: o.exact === true,
    hashCompact: o['hash-compact'] === true,
    workers,
    reduction: o.reduction === true,
  };
  if (o.reduction === true && workers > 1)
    throw new InputError('--workers', `--reduction runs on one thread only: use --workers 1 with --reduction, got ${workers}`);
  if (o.exact === true && workers > 1)
    throw new InputError('--workers', `--exact runs on one thread only: use --workers 1 with --exact, got ${workers}`);
  const compact = hashCompactProperties(o['hash-compact'] === true, o.exact === true, workers, scenario, o.property);
  const json = o.json === true;
  const quiet = o.quiet === true;
  const reductionNotes =
    o.reduction === true ? ['note: --reduction checks no witnesses: a "holds" is not marked vacuous or not (run without it to see)'] : [];
  if (!quiet) for (const n of [...notes, ...compact.notes, ...reductionNotes]) io.stderr(`${n}\n`);
  const outDir = resolve(o.out ?? OUT.defaultValue);
  const properties = compact.properties;
  const style = styleFor(stdoutIsTTY(io));
  const out = OutputDir.open({
    dir: outDir,
    group: 'check',
    force: o.force === true,
    names: plannedNames(controllers, properties ?? defaultPropertyNames(scenario)),
  });

  if (!json && !quiet) io.stdout(`Scenario: ${describeScenario(scenario)}\n\n`);
  const runs: RunOutcome[] = [];
  for (const controller of controllers) {
    const progress = progressLine(`checking ${controller}`, !json && !quiet, io);
    const run = await runCheck(scenario, controller, properties, limits, { onProgress: progress.onProgress, signal: io.signal });
    progress.done();
    runs.push(run);
    if (run.result.limit === 'cancelled') break;
  }

  const cancelled = runs.some((r) => r.result.limit === 'cancelled');
  const stopped = interruptedText(io);
  // The verdicts first: a write that fails afterwards must not lose a finished run.
  if (!json && !quiet) {
    io.stdout(`${summaryTable(runs, style)}\n`);
    if (controllers.length === 1) printTraces(runs, io, style.color);
  }
  const { written, failure } = await writeOutputs(out, runs, o['no-svg'] !== true);
  if (json) {
    const objects = runs.map((r) => runJson(r, limits, written));
    io.stdout(`${JSON.stringify(objects.length === 1 ? objects[0] : { runs: objects }, null, 2)}\n`);
  } else if (!quiet) {
    for (const w of written)
      io.stdout(`\n${w.controller} ${w.property}: ${w.files.map((f) => relative(process.cwd(), f) || f).join(', ')}`);
    if (failure === null) io.stdout(`${written.length > 0 ? '\n' : ''}\nReport: ${relative(process.cwd(), join(outDir, REPORT))}\n`);
    else if (written.length > 0) io.stdout('\n');
    for (const r of runs) {
      for (const p of r.properties)
        if (p.verdict === 'violated' && p.traceLength === undefined) io.stdout(`${r.controller} ${p.name}: violated (${p.message})\n`);
    }
    for (const r of runs.filter((x) => x.result.limit !== undefined)) {
      const how = r.result.limit === 'cancelled' ? stopped : `stopped by ${r.result.limit}`;
      io.stdout(
        `${r.controller}: ${how} after ${r.result.stats.states.toLocaleString('en-US')} states — verdicts without a violation are incomplete, not proofs\n`,
      );
    }
  }
  if (derived !== null && !quiet && runs.some((r) => r.result.limit === 'memory')) io.stderr(`${derivedLimitNote(derived)}\n`);
  if (failure !== null) throw failure;
  if (cancelled) {
    io.stderr(`${stopped}: partial results above; files already written are intact\n`);
    return EXIT.interrupted;
  }
  if (runs.some((r) => r.verdict === 'violated')) return EXIT.violated;
  if (runs.some((r) => r.verdict === 'incomplete')) return EXIT.incomplete;
  return EXIT.holds;
}

const REPORT = 'report.md';

/**
 * The properties a run checks, and the notes to print, given --hash-compact: it cannot decide a
 * convergence property (that needs every edge of the state graph), so those are left out of the default
 * set with a note, and asking for one is bad input; it also runs on one thread, without --exact.
 */
function hashCompactProperties(
  on: boolean,
  exact: boolean,
  workers: number,
  scenario: Scenario,
  asked: readonly PropertyName[] | undefined,
): { properties: readonly PropertyName[] | undefined; notes: string[] } {
  if (!on) return { properties: asked, notes: [] };
  if (exact)
    throw new InputError('--hash-compact', '--hash-compact and --exact exclude each other: hash compaction stores 40-bit keys, not states');
  if (workers > 1)
    throw new InputError('--workers', `--hash-compact runs on one thread only: use --workers 1 with --hash-compact, got ${workers}`);
  const convergence = new Set(
    cloneSetModel(scenario)
      .properties.filter((p) => p.kind === 'convergence')
      .map((p) => p.name),
  );
  const bad = asked?.find((p) => convergence.has(p));
  if (bad !== undefined)
    throw new InputError(
      '--property',
      `--hash-compact cannot check ${bad}: a convergence property needs every edge of the state graph; drop it or --hash-compact`,
    );
  if (asked !== undefined) return { properties: asked, notes: [] };
  const names = [...convergence];
  return {
    properties: defaultPropertyNames(scenario).filter((p) => !convergence.has(p)),
    notes:
      names.length === 0
        ? []
        : [`note: --hash-compact does not check ${names.join(', ')} (a convergence property needs every edge of the state graph)`],
  };
}

/** Every name a check run may write in --out, for the clash check before the search. */
function plannedNames(controllers: readonly string[], properties: readonly string[]): string[] {
  const names = [REPORT];
  for (const c of controllers) for (const p of properties) names.push(`${c}-${p}.json`, `${c}-${p}.dot`, `${c}-${p}.svg`);
  return names;
}

/**
 * Writes every counterexample and the report; a failed write stops the writing and is returned (the caller
 * prints what it has first). The directory is tidied either way, so the report never lists other traces.
 */
async function writeOutputs(
  out: OutputDir,
  runs: readonly RunOutcome[],
  svg: boolean,
): Promise<{ written: WrittenTrace[]; failure: InputError | null }> {
  const written: WrittenTrace[] = [];
  let failure: InputError | null = null;
  try {
    for (const run of runs) {
      for (const v of run.result.violations ?? []) {
        const doc = fromViolation(run.scenario, v);
        const rendered = await renderTraceFiles(`${run.controller}-${v.property}`, doc, { svg });
        const files: { kind: string; path: string }[] = [];
        try {
          for (const f of rendered) files.push({ kind: f.kind, path: out.write(f.name, f.content) });
        } finally {
          // A trace's files written before one of them failed are listed too (--json lists what is on disk).
          const svgPath = files.find((f) => f.kind === 'svg')?.path;
          if (files.length > 0)
            written.push({
              controller: run.controller,
              property: v.property,
              files: files.map((f) => f.path),
              ...(svgPath !== undefined ? { svg: svgPath } : {}),
            });
        }
      }
    }
    if (runs.length > 0) out.write(REPORT, `${markdownReport(runs, written, (p) => relative(out.dir, p))}\n`);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    failure = e;
  }
  try {
    out.finish();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    failure ??= e;
  }
  return { written, failure };
}

function printTraces(runs: readonly RunOutcome[], io: CommandIo, color: boolean): void {
  for (const run of runs) {
    for (const p of run.properties.filter((x) => x.verdict === 'violated')) {
      const v = run.result.violations?.find((x) => x.property === p.name);
      if (v === undefined) continue;
      io.stdout(`\n${run.controller} violates ${p.name} — shortest counterexample, ${p.traceLength} steps:\n`);
      io.stdout(`${renderText(fromViolation(run.scenario, v), { color })}\n`);
    }
  }
}
