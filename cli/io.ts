/**
 * What a command gets from the process: output streams, the Ctrl-C signal, and whether each stream is a
 * terminal. Commands never touch process.stdout directly, so tests can run them in-process and pretend to
 * be a terminal.
 */

export interface CommandIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  /** Set when the user interrupts (Ctrl-C, SIGTERM, SIGHUP); `reason` is the signal's name then. */
  readonly signal: { readonly aborted: boolean; readonly reason?: unknown };
  /** Whether stdout is a terminal (colour); default process.stdout.isTTY. */
  readonly stdoutIsTTY?: boolean;
  /** Whether stderr is a terminal (progress line); default process.stderr.isTTY. */
  readonly stderrIsTTY?: boolean;
}

export const stdoutIsTTY = (io: CommandIo): boolean => io.stdoutIsTTY ?? process.stdout.isTTY === true;
export const stderrIsTTY = (io: CommandIo): boolean => io.stderrIsTTY ?? process.stderr.isTTY === true;

/** How the run was interrupted, for messages: "interrupted (SIGTERM)", or plain "interrupted" in-process. */
export const interruptedText = (io: CommandIo): string =>
  typeof io.signal.reason === 'string' && /^SIG[A-Z]+$/.test(io.signal.reason) ? `interrupted (${io.signal.reason})` : 'interrupted';
