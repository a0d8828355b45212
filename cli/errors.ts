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

/**
 * A value as an error message shows it: strings quoted, flat lists as typed on the command line (`0,abc`),
 * anything nested abbreviated, so a hostile config value cannot make the message (or the stack) explode.
 */
export function quote(v: unknown, depth = 0): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  if (Array.isArray(v)) {
    if (v.length === 0) return 'an empty list';
    if (depth > 0) return '[…]';
    const shown = v.slice(0, 8).map((x) => quote(x, depth + 1));
    return `${shown.join(',')}${v.length > 8 ? ',…' : ''}`;
  }
  if (v !== null && typeof v === 'object')
    return depth > 0 ? '{…}' : `an object {${Object.keys(v).slice(0, 4).join(', ')}${Object.keys(v).length > 4 ? ', …' : ''}}`;
  return String(v);
}
