/**
 * `cloneset-check export TRACE.json --format itf|dot|svg|text|json|issue|kubectl [--output FILE]`: convert a
 * saved trace for other tools (ITF for Apalache/Quint, DOT/SVG for pictures, a kubectl script for a real
 * cluster) or people (a Markdown bug report for upstream). The trace is replayed first and refused
 * exactly as `replay` refuses it: an exported trace is handed to other tools as evidence, and a trace the
 * current model does not produce (an older model's, or an edited one) is not. The output never replaces
 * the input.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import {
  renderDot,
  renderIssueReport,
  renderText,
  renderTraceSvg,
  replayTrace,
  serializeTraceDocument,
  toItf,
  toKubectlScript,
  validateItf,
  type TraceDocument,
} from '../../traces/index.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, InputError, type ExitCode } from '../errors.js';
import { command, helpText } from '../help.js';
import { stdoutIsTTY, type CommandIo } from '../io.js';
import { FORMAT, HELP, OUTPUT, type ExportFormat } from '../options.js';
import { checkOutputFile, writeOutputFile } from '../output.js';
import { checkAccepts, scenarioFlags } from '../scenario-flags.js';
import { styleFor } from '../style.js';
import { asReplayed, readTraceFile, replayRefusal, TRACE_ARGUMENT } from '../trace-input.js';
import { packageVersion } from '../version.js';

export const EXPORT = command({
  name: 'export',
  summary: 'convert a saved trace to ITF, DOT, SVG, text, normalised JSON, a kubectl reproduction script or a Markdown bug report',
  usage: 'cloneset-check export TRACE.json --format itf|dot|svg|text|json|issue|kubectl [--output FILE]',
  fields: [],
  options: [FORMAT, OUTPUT, HELP],
  arguments: [TRACE_ARGUMENT],
  examples: [
    'cloneset-check export out/pre-fix-canary-respected.json --format itf --output pre-fix.itf.json',
    'cloneset-check export out/pre-fix-canary-respected.json --format svg > trace.svg',
    'cloneset-check export out/pre-fix-canary-respected.json --format text',
    'cloneset-check export out/upstream-canary-respected.json --format issue --output issue.md',
    'cloneset-check export out/pre-fix-canary-respected.json --format kubectl --output repro.sh',
  ],
});

async function render(doc: TraceDocument, format: ExportFormat, color: boolean, file: string): Promise<string> {
  switch (format) {
    case 'itf': {
      const itf = toItf(doc);
      // A parsed trace always converts; if it did not, that is a bug here, not bad input.
      const check = validateItf(itf);
      if (!check.ok) throw new Error(`internal: ITF export failed its own schema check: ${check.issues[0]?.message ?? ''}`);
      return `${JSON.stringify(itf, null, 2)}\n`;
    }
    case 'dot':
      return renderDot(doc);
    case 'svg':
      return renderTraceSvg(doc);
    case 'text':
      return `${renderText(doc, { color, legend: true })}\n`;
    case 'json':
      return serializeTraceDocument(doc);
    case 'issue':
      return renderIssueReport(doc, {
        toolVersion: packageVersion(),
        traceName: basename(file),
        scenarioFlags: scenarioFlags(doc.scenario),
        checkAccepts: checkAccepts(doc.scenario),
        kubectlScript: toKubectlScript(doc),
      });
    case 'kubectl':
      return toKubectlScript(doc);
  }
}

/** Same file, even through a symlink or another spelling of the path. */
function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  if (!existsSync(a) || !existsSync(b)) return false;
  return realpathSync(a) === realpathSync(b);
}

function checkOutput(output: string, input: string): void {
  if (sameFile(output, input))
    throw new InputError(
      '--output',
      `${JSON.stringify(output)} is the input trace; expected another file (export never overwrites its input)`,
    );
  if (existsSync(output) && statSync(output).isDirectory())
    throw new InputError('--output', `${JSON.stringify(output)} is a directory; expected a file path`);
  const dir = dirname(resolve(output));
  if (!existsSync(dir))
    throw new InputError(
      '--output',
      `directory ${JSON.stringify(dirname(output))} does not exist; expected a file in an existing directory`,
    );
  // A symlink, device or FIFO is refused rather than replaced by a regular file; so is a read-only file.
  checkOutputFile(output, '--output');
}

export async function exportCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const args = parseCommandArgs(argv, EXPORT.fields, EXPORT.options, 1);
  const o = args.options;
  if (o.help === true) {
    io.stdout(`${helpText(EXPORT)}\n`);
    return EXIT.holds;
  }
  const format = o.format;
  const output = o.output;
  const read = readTraceFile(args.positionals[0]);
  const replayed = replayTrace(read);
  const refusal = replayRefusal(read, replayed);
  if (refusal !== null) throw new InputError(args.positionals[0]!, refusal);
  const doc = asReplayed(read, replayed);
  if (format === undefined) throw new InputError('--format', `missing; allowed: ${FORMAT.allowed}`);
  if (format === 'issue' && doc.property === null)
    throw new InputError(
      args.positionals[0]!,
      '$.property: null; --format issue needs a trace that violates a property (a counterexample written by check)',
    );
  if (output !== undefined) checkOutput(output, args.positionals[0]!);
  const text = await render(doc, format, output === undefined && styleFor(stdoutIsTTY(io)).color, args.positionals[0]!);
  if (output === undefined) io.stdout(text);
  else writeOutputFile(output, text, '--output');
  return EXIT.holds;
}
