/**
 * `cloneset-check replay TRACE.json`: re-execute a saved trace against the current model, step by step.
 * A trace is evidence only while the model still produces it, so any divergence is bad input (exit 2)
 * reported as the file, the step and the field that no longer match; so is a recorded violation that the
 * replayed steps no longer produce (the property holds on the last state).
 */
import { renderText, replayTrace } from '../../traces/index.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, InputError, type ExitCode } from '../errors.js';
import { command, helpText } from '../help.js';
import { stdoutIsTTY, type CommandIo } from '../io.js';
import { HELP, JSON_OUT, QUIET } from '../options.js';
import { styleFor } from '../style.js';
import { asReplayed, readTraceFile, replayRefusal, TRACE_ARGUMENT } from '../trace-input.js';

export const REPLAY = command({
  name: 'replay',
  summary: 're-execute a saved trace against the model and report the first step that diverges',
  usage: 'cloneset-check replay TRACE.json [--json] [--quiet]',
  fields: [],
  options: [JSON_OUT, QUIET, HELP],
  arguments: [TRACE_ARGUMENT],
  examples: ['cloneset-check replay out/pre-fix-canary-respected.json', 'cloneset-check replay out/pre-fix-canary-respected.json --json'],
});

const VIOLATION_TEXT = {
  reproduced: 'reproduces',
  'not-reproduced': 'does NOT reproduce',
  'not-checked': 'is not checked by replay',
} as const;

export async function replayCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const args = parseCommandArgs(argv, REPLAY.fields, REPLAY.options, 1);
  const o = args.options;
  if (o.help === true) {
    io.stdout(`${helpText(REPLAY)}\n`);
    return EXIT.holds;
  }
  const file = args.positionals[0];
  const doc = readTraceFile(file);
  const r = replayTrace(doc);
  const json = o.json === true;
  const refusal = replayRefusal(doc, r);
  if (!r.ok || refusal !== null) {
    const report = r.ok
      ? {
          ok: false,
          file,
          controller: doc.controller,
          property: doc.property?.name ?? null,
          steps: r.steps.length - 1,
          violation: r.violation,
        }
      : { ok: false, file, divergence: r.divergence };
    if (json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    throw new InputError(file!, refusal ?? 'does not replay');
  }
  const steps = r.steps.length - 1;
  if (json) {
    io.stdout(
      `${JSON.stringify({ ok: true, file, controller: doc.controller, property: doc.property?.name ?? null, steps, violation: r.violation }, null, 2)}\n`,
    );
  } else if (o.quiet !== true) {
    io.stdout(`${renderText(asReplayed(doc, r), { color: styleFor(stdoutIsTTY(io)).color })}\n`);
    io.stdout(`replay: ${steps} step${steps === 1 ? '' : 's'} reproduced`);
    io.stdout(doc.property === null ? '\n' : `; the recorded violation of ${doc.property.name} ${VIOLATION_TEXT[r.violation]}\n`);
  }
  return EXIT.holds;
}
