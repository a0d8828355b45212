/**
 * What a command gets from the process: output streams, the Ctrl-C signal, and whether each stream is a
 * terminal. Commands never touch process.stdout directly, so tests can run them in-process and pretend to
 * be a terminal.
 */

export interface CommandIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  /** Set when the user interrupts (Ctrl-C). */
  readonly signal: { readonly aborted: boolean };
  /** Whether stdout is a terminal (colour); default process.stdout.isTTY. */
  readonly stdoutIsTTY?: boolean;
  /** Whether stderr is a terminal (progress line); default process.stderr.isTTY. */
  readonly stderrIsTTY?: boolean;
}

export const stdoutIsTTY = (io: CommandIo): boolean => io.stdoutIsTTY ?? process.stdout.isTTY === true;
export const stderrIsTTY = (io: CommandIo): boolean => io.stderrIsTTY ?? process.stderr.isTTY === true;
