/** Terminal colour, only on a TTY and never when NO_COLOR is set (https://no-color.org). */

export interface Style {
  readonly ok: (s: string) => string;
  readonly bad: (s: string) => string;
  readonly warn: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

const plain = (s: string): string => s;
const wrap = (code: string) => (s: string): string => `\x1b[${code}m${s}\x1b[0m`;

export function styleFor(stream: NodeJS.WriteStream): Style {
  const noColor = process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '';
  if (stream.isTTY !== true || noColor) return { ok: plain, bad: plain, warn: plain, dim: plain, bold: plain };
  return { ok: wrap('32'), bad: wrap('31'), warn: wrap('33'), dim: wrap('2'), bold: wrap('1') };
}
