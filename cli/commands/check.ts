/**
 * `cloneset-check check`: explore every interleaving of a scenario under one or all controller variants,
 * report each property's verdict, and write each counterexample as JSON, DOT and SVG plus a Markdown report.
 */
import { join, relative, resolve } from 'node:path';
import { fromViolation } from '../../traces/document.js';
import { renderText } from '../../traces/text.js';
import { writeTraceFiles } from '../../traces/write.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, InputError, type ExitCode } from '../errors.js';
import { SCENARIO_FIELDS } from '../fields.js';
import { command, helpText } from '../help.js';
import { stdoutIsTTY, type CommandIo } from '../io.js';
import { CONFIG, EXACT, HELP, JSON_OUT, MAX_DEPTH, MAX_STATES, MEMORY_LIMIT, NO_SVG, OUT, PROPERTY, QUIET, TIME_LIMIT, WORKERS } from '../options.js';
import { checkOutDir, ensureOutDir, writeFileAtomic } from '../output.js';
import { progressLine } from '../progress.js';
import { describeScenario, markdownReport, runJson, summaryTable, type WrittenTrace } from '../report.js';
import { runCheck, type Limits, type RunOutcome } from '../run.js';
import { buildScenario } from '../scenario.js';
import { styleFor } from '../style.js';

export const CHECK = command({
  name: 'check',
  summary: 'explore every interleaving within bounds; prove properties or find shortest counterexamples',
  usage: 'cloneset-check check [--controller pre-fix|upstream|proposed] [--config FILE] [scenario flags] [options]',
  fields: SCENARIO_FIELDS,
  options: [CONFIG, PROPERTY, MAX_DEPTH, MAX_STATES, TIME_LIMIT, MEMORY_LIMIT, EXACT, WORKERS, OUT, NO_SVG, JSON_OUT, QUIET, HELP],
  examples: [
    'cloneset-check check                                  # the #1545 scenario under every variant',
    'cloneset-check check --controller pre-fix --property canary-respected',
    'cloneset-check check --controller upstream --max-replicas 5 --partitions 0,1,50%,100% --partition-changes 1',
    'cloneset-check check --config examples/issue-1545.yaml --json',
    'cloneset-check check --config examples/wide.json --workers 2',
  ],
});

// Kept here too: commands written before io.ts import it from this module.
export type { CommandIo } from '../io.js';

export async function checkCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const args = parseCommandArgs(argv, CHECK.fields, CHECK.options, 0);
  const o = args.options;
  if (o.help === true) {
    io.stdout(`${helpText(CHECK)}\n`);
    return EXIT.holds;
  }
  const { scenario, controllers } = buildScenario(args.fields, o.config);
  const workers = o.workers ?? WORKERS.defaultValue;
  const limits: Limits = {
    maxDepth: o['max-depth'],
    maxStates: o['max-states'],
    timeLimitSeconds: o['time-limit'],
    memoryLimitBytes: o['memory-limit'] === undefined ? undefined : o['memory-limit'] * 1048576,
    exact: o.exact === true,
    workers,
  };
  if (o.exact === true && workers > 1) throw new InputError('--workers', `--exact runs on one thread only: use --workers 1 with --exact, got ${workers}`);
  const json = o.json === true;
  const quiet = o.quiet === true;
  const outDir = resolve(o.out ?? OUT.defaultValue);
  const properties = o.property;
  const style = styleFor(stdoutIsTTY(io));
  await checkOutDir(outDir);

  if (!json && !quiet) io.stdout(`Scenario: ${describeScenario(scenario)}\n\n`);
  const runs: RunOutcome[] = [];
  for (const controller of controllers) {
    const progress = progressLine(`checking ${controller}`, !json && !quiet, io);
    const run = await runCheck(scenario, controller, properties, limits, { onProgress: progress.onProgress, signal: io.signal });
    progress.done();
    runs.push(run);
    if (run.result.limit === 'cancelled') break;
  }

  const written: WrittenTrace[] = [];
  for (const run of runs) {
    for (const v of run.result.violations ?? []) {
      const doc = fromViolation(run.scenario, v);
      const res = await writeTraceFiles(outDir, `${run.controller}-${v.property}`, doc, { svg: o['no-svg'] !== true });
      if (!res.ok) throw new InputError('--out', res.error.message);
      const files = [res.files.json, res.files.dot, ...(res.files.svg !== undefined ? [res.files.svg] : [])];
      written.push({ controller: run.controller, property: v.property, files, ...(res.files.svg !== undefined ? { svg: res.files.svg } : {}) });
    }
  }
  if (runs.length > 0) await writeReport(outDir, runs, written);

  const cancelled = runs.some((r) => r.result.limit === 'cancelled');
  if (json) {
    const objects = runs.map((r) => runJson(r, limits, written));
    io.stdout(`${JSON.stringify(objects.length === 1 ? objects[0] : { runs: objects }, null, 2)}\n`);
  } else if (!quiet) {
    io.stdout(`${summaryTable(runs, style)}\n`);
    if (controllers.length === 1) printTraces(runs, io, style.color);
    for (const w of written) io.stdout(`\n${w.controller} ${w.property}: ${w.files.map((f) => relative(process.cwd(), f) || f).join(', ')}`);
    io.stdout(`${written.length > 0 ? '\n' : ''}\nReport: ${relative(process.cwd(), join(outDir, 'report.md'))}\n`);
    for (const r of runs.filter((x) => x.result.limit !== undefined)) {
      io.stdout(`${r.controller}: stopped by ${r.result.limit} after ${r.result.stats.states.toLocaleString('en-US')} states — verdicts without a violation are incomplete, not proofs\n`);
    }
  }
  if (cancelled) {
    io.stderr(`interrupted: partial statistics above; files already written are intact\n`);
    return EXIT.interrupted;
  }
  if (runs.some((r) => r.verdict === 'violated')) return EXIT.violated;
  if (runs.some((r) => r.verdict === 'incomplete')) return EXIT.incomplete;
  return EXIT.holds;
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

async function writeReport(outDir: string, runs: readonly RunOutcome[], written: readonly WrittenTrace[]): Promise<void> {
  await ensureOutDir(outDir);
  const md = markdownReport(runs, written, (p) => relative(outDir, p));
  await writeFileAtomic(join(outDir, 'report.md'), `${md}\n`, '--out');
}
