/**
 * `cloneset-check merge RESULT.json...`: joins the shard result files of one sweep into its findings table
 * (findings.md, findings.json in --out), byte-identical to what the unsharded sweep writes. Refused, one
 * line and exit 2: files of different grids, tool versions or shard counts, a shard given twice, and
 * missing shards unless --allow-missing (the table then says "not run" for their cells, and exit 3).
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { parseCommandArgs } from '../args.js';
import { EXIT, InputError, type ExitCode } from '../errors.js';
import { command, helpText } from '../help.js';
import type { CommandIo } from '../io.js';
import { FORCE, HELP, JSON_OUT, option, OUT, QUIET } from '../options.js';
import { OutputDir } from '../output.js';
import { reportFindings } from '../sweep/findings-output.js';
import { FINDINGS_JSON, FINDINGS_MD, mergeShards, readShardFile } from '../sweep/results.js';

/** --out with what this command writes there. */
const OUT_HERE = option({ ...OUT, help: 'directory for findings.md and findings.json' });

export const ALLOW_MISSING = option({
  flag: 'allow-missing',
  kind: 'boolean',
  schema: z.literal(true),
  allowed: 'no value',
  help: 'merge even when shards are missing: their cells show "not run" and the exit code is 3 (unless a violation makes it 1)',
  defaultValue: false,
  example: '',
});

export const MERGE = command({
  name: 'merge',
  summary: 'join sweep --shard results into one findings table (Markdown and JSON)',
  usage: 'cloneset-check merge RESULT.json... [--out DIR] [--allow-missing] [--json]',
  fields: [],
  options: [OUT_HERE, FORCE, ALLOW_MISSING, JSON_OUT, QUIET, HELP],
  arguments: [{ name: 'RESULT.json...', help: 'the sweep-shard-I-of-N.json files of every shard I of one sweep, in any order' }],
  examples: [
    'cloneset-check merge results/sweep-shard-*.json --out findings',
    'cloneset-check merge results/*.json --allow-missing --json',
  ],
});

export async function mergeCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const args = parseCommandArgs(argv, MERGE.fields, MERGE.options, Number.POSITIVE_INFINITY);
  const o = args.options;
  if (o.help === true) {
    io.stdout(`${helpText(MERGE)}\n`);
    return EXIT.holds;
  }
  if (args.positionals.length === 0) throw new InputError('RESULT', 'missing; expected one or more sweep-shard-I-of-N.json files');
  const findings = mergeShards(args.positionals.map(readShardFile), o['allow-missing'] === true);
  const outDir = resolve(o.out ?? OUT.defaultValue);
  const out = OutputDir.open({ dir: outDir, group: 'sweep', force: o.force === true, names: [FINDINGS_MD, FINDINGS_JSON] });
  return reportFindings(io, out, findings, { json: o.json === true, quiet: o.quiet === true });
}
