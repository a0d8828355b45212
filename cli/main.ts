#!/usr/bin/env node
/**
 * The `cloneset-check` command: dispatches to a subcommand and maps every outcome to an exit code
 * (0 holds, 1 violated, 2 bad input, 3 incomplete, 130 interrupted). Bad input is one line, no stack trace.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { checkCommand, CHECK } from './commands/check.js';
import { exportCommand, EXPORT } from './commands/export.js';
import { graphCommand, GRAPH } from './commands/graph.js';
import { replayCommand, REPLAY } from './commands/replay.js';
import { simulateCommand, SIMULATE } from './commands/simulate.js';
import { variantsCommand, VARIANTS_COMMAND } from './commands/variants.js';
import { EXIT, InputError, type ExitCode } from './errors.js';
import type { CommandIo } from './io.js';
import { packageVersion } from './version.js';

type Command = (argv: readonly string[], io: CommandIo) => Promise<ExitCode>;

// One line per command, in the order `--help` lists them; keep it a plain literal (several authors add lines).
const COMMANDS: Readonly<Record<string, { readonly run: Command; readonly summary: string }>> = {
  check: { run: checkCommand, summary: CHECK.summary },
  graph: { run: graphCommand, summary: GRAPH.summary },
  replay: { run: replayCommand, summary: REPLAY.summary },
  export: { run: exportCommand, summary: EXPORT.summary },
  variants: { run: variantsCommand, summary: VARIANTS_COMMAND.summary },
  simulate: { run: simulateCommand, summary: SIMULATE.summary },
};

function usage(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length)) + 2;
  return [
    'cloneset-check — a model checker for the OpenKruise CloneSet controller',
    '',
    'Usage: cloneset-check COMMAND [options]   (cloneset-check help COMMAND, or COMMAND --help, for its options)',
    '       cloneset-check --version',
    '',
    'Commands:',
    ...names.map((n) => `  ${n.padEnd(width)}${COMMANDS[n]!.summary}`),
  ].join('\n');
}

export async function main(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(`cloneset-check: command: missing; allowed: ${Object.keys(COMMANDS).join(', ')} (cloneset-check --help for more)\n`);
    return EXIT.badInput;
  }
  if (name === '--version') {
    io.stdout(`cloneset-check ${packageVersion()}\n`);
    return EXIT.holds;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    if (rest.length === 0) {
      io.stdout(`${usage()}\n`);
      return EXIT.holds;
    }
    // `help COMMAND` is `COMMAND --help`.
    return main([...rest, '--help'], io);
  }
  const cmd = COMMANDS[name];
  if (cmd === undefined) {
    io.stderr(`cloneset-check: command: unknown command ${JSON.stringify(name)}; allowed: ${Object.keys(COMMANDS).join(', ')}\n`);
    return EXIT.badInput;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof InputError) {
      // One line, whatever a library put into the message.
      io.stderr(`cloneset-check ${name}: ${e.message.replace(/\s*\n\s*/g, ' ')}\n`);
      return EXIT.badInput;
    }
    throw e;
  }
}

// Through the npm bin link argv[1] is a symlink: compare real paths.
const isEntry = process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (isEntry) {
  const abort = new AbortController();
  process.on('SIGINT', () => {
    if (abort.signal.aborted) process.exit(EXIT.interrupted);
    abort.abort();
  });
  const io: CommandIo = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    signal: abort.signal,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`cloneset-check: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
