/**
 * `cloneset-check sweep GRID.yaml`: checks every cell of a grid of scenarios (cli/sweep/grid.ts) like
 * `check` does, one thread per cell. Without --shard it writes the findings table (findings.md,
 * findings.json) in --out; with `--shard I/N` it runs only its share of the cells (cli/sweep/shard.ts) and
 * writes sweep-shard-I-of-N.json, for `merge` to join.
 *
 * Exit codes: the whole grid exits as `check` (0 holds, 1 violated, 3 incomplete). A shard exits 0 once its
 * result file is written, whatever its cells found: it is a piece of work (a Kubernetes Job would retry a
 * failed one), and `merge` gives the findings' exit code.
 */
import { relative, resolve } from 'node:path';
import { z } from 'zod';
import { parseCommandArgs } from '../args.js';
import { EXIT, InputError, type ExitCode } from '../errors.js';
import { command, helpText } from '../help.js';
import { interruptedText, type CommandIo } from '../io.js';
import { FORCE, HELP, JSON_OUT, option, OUT, QUIET } from '../options.js';
import { OutputDir } from '../output.js';
import { reportFindings } from '../sweep/findings-output.js';
import { progressLine } from '../progress.js';
import { runCheck } from '../run.js';
import { probeShardDir, checkShardTarget, writeShardFile } from '../sweep/files.js';
import { cellAt, cellCount, loadGrid, type Grid } from '../sweep/grid.js';
import { cellResult, FINDINGS_JSON, FINDINGS_MD, shardFileJson, shardFileName, type CellResult } from '../sweep/results.js';
import { parseShard, shardIndices, shardName, WHOLE, type Shard } from '../sweep/shard.js';

/** --out with what this command writes there. */
const OUT_HERE = option({ ...OUT, help: 'directory for findings.md and findings.json, or (with --shard) sweep-shard-I-of-N.json' });

export const SHARD = option({
  flag: 'shard',
  kind: 'string',
  schema: z.string(),
  allowed: 'I/N with 0 ≤ I < N (0-based)',
  help: 'run only the cells whose index mod N is I, and write sweep-shard-I-of-N.json for merge (exit 0 once written)',
  defaultValue: 'the whole grid',
  example: '0/4',
});

export const SWEEP = command({
  name: 'sweep',
  summary: 'check a grid of scenarios (variants × bounds × settings), whole or one --shard of it',
  usage: 'cloneset-check sweep GRID.yaml [--shard I/N] [--out DIR] [--json]',
  fields: [],
  options: [SHARD, OUT_HERE, FORCE, JSON_OUT, QUIET, HELP],
  arguments: [
    {
      name: 'GRID.yaml',
      help: 'scenario (base fields), axes (field → list of values), optional properties and limits (maxDepth, maxStates); YAML or JSON',
    },
  ],
  examples: [
    'cloneset-check sweep examples/sweep.yaml                       # findings.md and findings.json in out/',
    'cloneset-check sweep examples/sweep.yaml --shard 0/2 --out results',
    'cloneset-check sweep examples/sweep.yaml --shard 1/2 --out results',
    'cloneset-check merge results/sweep-shard-*.json --out out      # the same findings as the whole sweep',
  ],
});

export async function sweepCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const args = parseCommandArgs(argv, SWEEP.fields, SWEEP.options, 1);
  const o = args.options;
  if (o.help === true) {
    io.stdout(`${helpText(SWEEP)}\n`);
    return EXIT.holds;
  }
  const path = args.positionals[0];
  if (path === undefined) throw new InputError('GRID', 'missing; expected a grid file, e.g. examples/sweep.yaml');
  const shard = o.shard === undefined ? undefined : parseShard(o.shard);
  const grid = loadGrid(path);
  const outDir = resolve(o.out ?? OUT.defaultValue);
  const force = o.force === true;
  const json = o.json === true;
  const quiet = o.quiet === true;

  // Every refusal before the first cell runs.
  const target: { readonly kind: 'shard'; readonly shard: Shard } | { readonly kind: 'whole'; readonly out: OutputDir } =
    shard === undefined
      ? { kind: 'whole', out: OutputDir.open({ dir: outDir, group: 'sweep', force, names: [FINDINGS_MD, FINDINGS_JSON] }) }
      : { kind: 'shard', shard };
  if (target.kind === 'shard') {
    checkShardTarget(outDir, shardFileName(target.shard), force);
    probeShardDir(outDir);
  }

  const results = await runCells(grid, shard ?? WHOLE, io, !json && !quiet);
  if (results === null) {
    io.stderr(`${interruptedText(io)}: no result file written (a sweep's results are written whole or not at all)\n`);
    return EXIT.interrupted;
  }

  if (target.kind === 'shard') {
    const content = shardFileJson(grid, target.shard, results);
    const written = writeShardFile(outDir, shardFileName(target.shard), content, force);
    if (json) io.stdout(content);
    else if (!quiet)
      io.stdout(
        `Shard ${shardName(target.shard)}: ${results.length} of ${cellCount(grid)} cells; ${relative(process.cwd(), written) || written}\n`,
      );
    return EXIT.holds;
  }
  return reportFindings(io, target.out, { grid, results, missingShards: [] }, { json, quiet });
}

/** Runs the shard's cells in index order; null when interrupted. */
async function runCells(grid: Grid, shard: Shard, io: CommandIo, show: boolean): Promise<CellResult[] | null> {
  const indices = shardIndices(cellCount(grid), shard);
  const limits = { maxDepth: grid.limits.maxDepth ?? undefined, maxStates: grid.limits.maxStates ?? undefined };
  const results: CellResult[] = [];
  for (const [k, i] of indices.entries()) {
    const cell = cellAt(grid, i);
    const progress = progressLine(`cell ${i} (${k + 1}/${indices.length})`, show, io);
    const run = await runCheck(cell.scenario, cell.scenario.controller, grid.properties, limits, {
      onProgress: progress.onProgress,
      signal: io.signal,
    });
    progress.done();
    if (run.result.limit === 'cancelled') return null;
    results.push(cellResult(cell, run));
    // One line per cell as it finishes, on stderr: progress, which a Job's log shows while the shard runs
    // (as it shows stderr); stdout is the report (the findings table, or which file a shard wrote), whose cells
    // say more. Not with --json: a shard's JSON is collected from that log without a volume (examples/k8s/README.md).
    if (show)
      io.stderr(
        `cell ${i} (${Object.entries(cell.axes)
          .map(([key, v]) => `${key} ${JSON.stringify(v)}`)
          .join(', ')}): ${run.verdict}\n`,
      );
  }
  return results;
}
