/** Terminal colour, only on a TTY and never when NO_COLOR is set (https://no-color.org). */

export interface Style {
  /** Whether any colour is applied (renderers that take a `color` flag follow this). */
  readonly color: boolean;
  readonly ok: (s: string) => string;
  readonly bad: (s: string) => string;
  readonly warn: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

const plain = (s: string): string => s;
const wrap =
  (code: string) =>
  (s: string): string =>
    `\x1b[${code}m${s}\x1b[0m`;

/** `isTTY` of the stream written to (a stream itself is accepted too). */
export function styleFor(tty: boolean | { readonly isTTY?: boolean }): Style {
  const isTTY = typeof tty === 'boolean' ? tty : tty.isTTY === true;
  const noColor = process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '';
  if (!isTTY || noColor) return { color: false, ok: plain, bad: plain, warn: plain, dim: plain, bold: plain };
  return { color: true, ok: wrap('32'), bad: wrap('31'), warn: wrap('33'), dim: wrap('2'), bold: wrap('1') };
}
