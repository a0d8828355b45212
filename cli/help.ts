/** `--help` text, generated from the same field and option tables the parser uses. */
import type { FieldSpec } from './fields.js';
import type { OptionSpec } from './options.js';

export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly fields: readonly FieldSpec[];
  readonly options: readonly OptionSpec[];
  readonly examples: readonly string[];
}

const showDefault = (v: unknown): string =>
  v === null || v === undefined ? 'none' : Array.isArray(v) ? v.join(',') : typeof v === 'boolean' ? String(v) : String(v);

export function helpText(cmd: CommandSpec): string {
  const lines: string[] = [`cloneset-check ${cmd.name} — ${cmd.summary}`, '', `Usage: ${cmd.usage}`, ''];
  const row = (flag: string, help: string, allowed: string, def: unknown): string[] => [
    `  ${flag}`,
    `      ${help}`,
    `      allowed: ${allowed}; default: ${showDefault(def)}`,
  ];
  if (cmd.fields.length > 0) {
    lines.push('Scenario (flags, or the same fields in camelCase in a --config file):');
    for (const f of cmd.fields) lines.push(...row(`--${f.flag} ${f.type === 'boolean' ? 'true|false' : 'VALUE'}   (config: ${f.key})`, f.help, f.allowed, f.defaultValue));
    lines.push('');
  }
  lines.push('Options:');
  for (const o of cmd.options) {
    const flag = `${o.short !== undefined ? `-${o.short}, ` : ''}--${o.flag}${o.kind === 'string' ? ' VALUE' : ''}${o.multiple === true ? ' (repeatable)' : ''}`;
    lines.push(...row(flag, o.help, o.allowed, o.defaultValue));
  }
  lines.push('', 'Examples:', ...cmd.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}
