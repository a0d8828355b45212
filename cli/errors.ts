/**
 * Bad input is reported as one line naming the field, the value and what is allowed, with exit code 2.
 * Commands throw `InputError`; `main` turns it into that line, never a stack trace.
 */

export type ExitCode = 0 | 1 | 2 | 3 | 130;

export const EXIT = { holds: 0, violated: 1, badInput: 2, incomplete: 3, interrupted: 130 } as const;

export class InputError extends Error {
  constructor(
    /** The flag (`--max-replicas`), config field (`maxReplicas` in FILE) or argument the problem is in. */
    readonly field: string,
    /** What is wrong and what is allowed. */
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'InputError';
  }
}

export const quote = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));
