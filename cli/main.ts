#!/usr/bin/env node
/**
 * The `cloneset-check` command: dispatches to a subcommand and maps every outcome to an exit code
 * (0 holds, 1 violated, 2 bad input, 3 incomplete, 129/130/143 interrupted by SIGHUP/SIGINT/SIGTERM,
 * 141 stdout closed early, 74 stdout failed, 70 internal error). Bad input is one line, no stack trace.
 * As a process it also owns the streams (a closed or full stdout never crashes it) and the signals.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { checkCommand, CHECK } from './commands/check.js';
import { exportCommand, EXPORT } from './commands/export.js';
import { graphCommand, GRAPH } from './commands/graph.js';
import { mergeCommand, MERGE } from './commands/merge.js';
import { replayCommand, REPLAY } from './commands/replay.js';
import { simulateCommand, SIMULATE } from './commands/simulate.js';
import { sweepCommand, SWEEP } from './commands/sweep.js';
import { variantsCommand, VARIANTS_COMMAND } from './commands/variants.js';
import { EXIT, InputError, type ExitCode } from './errors.js';
import type { CommandIo } from './io.js';
import { errnoText, removeTempFiles } from '../traces/write.js';
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
  sweep: { run: sweepCommand, summary: SWEEP.summary },
  merge: { run: mergeCommand, summary: MERGE.summary },
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
    if (rest.length > 0) {
      io.stderr(`cloneset-check: --version: takes no arguments, got ${JSON.stringify(rest.join(' '))}\n`);
      return EXIT.badInput;
    }
    io.stdout(`cloneset-check ${packageVersion()}\n`);
    return EXIT.holds;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    // `help`, `help help` and `help --help` all mean the general help.
    if (rest.length === 0 || rest[0] === 'help' || rest[0] === '--help' || rest[0] === '-h') {
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

/**
 * Exit codes beyond a command's own (errors.ts): what the process adds around it. Documented in the README.
 */
export const PROCESS_EXIT = {
  /** A bug in cloneset-check (an exception that is not bad input). */
  internal: 70,
  /** stdout failed with something other than a closed pipe (ENOSPC, EIO): one line on stderr. */
  outputError: 74,
  /** stdout was closed by its reader (EPIPE, `| head`): the run finished and wrote its files; 128 + SIGPIPE. */
  stdoutClosed: 141,
} as const;

/** 128 + the signal number, as a shell reports a process the signal ended. */
const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/**
 * A process stream that never throws and never crashes the process: after its first error (EPIPE when the
 * reader went away, ENOSPC on a full disk) further writes are dropped and the error is kept for the exit code.
 */
export function guardedStream(stream: NodeJS.WriteStream): { write: (s: string) => void; error: () => NodeJS.ErrnoException | null } {
  let failed: NodeJS.ErrnoException | null = null;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    failed ??= e;
  });
  return {
    write(s) {
      if (failed !== null || stream.destroyed) return;
      try {
        stream.write(s);
      } catch (e) {
        failed ??= e as NodeJS.ErrnoException;
      }
    },
    error: () => failed,
  };
}

/**
 * The process exit code from the command's: an interruption reports its signal; a reader that closed stdout
 * early turns an otherwise-complete run into 141 (not 1, which would claim a violation); any other stdout
 * failure is 74. Bad input (2) and internal errors (70) win over both.
 */
export function processExitCode(code: number, signal: string | undefined, stdoutError: NodeJS.ErrnoException | null): number {
  if (code === EXIT.badInput || code === PROCESS_EXIT.internal) return code;
  if (code === EXIT.interrupted) return SIGNAL_EXIT[signal ?? 'SIGINT'] ?? code;
  if (stdoutError !== null) return stdoutError.code === 'EPIPE' ? PROCESS_EXIT.stdoutClosed : PROCESS_EXIT.outputError;
  return code;
}

// Through the npm bin link argv[1] is a symlink: compare real paths.
const isEntry = process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (isEntry) {
  const out = guardedStream(process.stdout);
  const err = guardedStream(process.stderr);
  // Temporary files are written and renamed synchronously, but an exception or exit between the two must
  // not leave one behind either.
  process.on('exit', removeTempFiles);
  const abort = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (signalled !== undefined) {
      // The second signal: stop now, without the partial report; files already renamed are complete.
      removeTempFiles();
      err.write(
        `${process.stderr.isTTY === true ? '\n' : ''}cloneset-check: second signal (${sig}): stopped at once, without the partial report; files already written are intact\n`,
      );
      process.exit(SIGNAL_EXIT[sig] ?? EXIT.interrupted);
    }
    signalled = sig;
    abort.abort(sig);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, onSignal);
  const io: CommandIo = {
    stdout: out.write,
    stderr: err.write,
    signal: abort.signal,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
  };
  // The exit code is settled at exit: a stream error is reported asynchronously, after the command returned.
  let commandCode: number | undefined;
  process.on('exit', () => {
    if (commandCode === undefined) return;
    const stdoutError = out.error();
    if (stdoutError !== null && stdoutError.code !== 'EPIPE' && commandCode !== EXIT.badInput && commandCode !== PROCESS_EXIT.internal) {
      err.write(`cloneset-check: cannot write to stdout (${errnoText(stdoutError)}); output files, if any, were written\n`);
    }
    process.exitCode = processExitCode(commandCode, signalled, stdoutError);
  });
  main(process.argv.slice(2), io).then(
    (code) => {
      commandCode = code;
    },
    (e: unknown) => {
      err.write(`cloneset-check: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      commandCode = PROCESS_EXIT.internal;
    },
  );
}
