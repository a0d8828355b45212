/** `--help` text, generated from the same field and option tables the parser uses. */
import type { FieldSpec } from './fields.js';
import type { OptionSpec } from './options.js';

export interface CommandSpec<Os extends readonly OptionSpec[] = readonly OptionSpec[]> {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly fields: readonly FieldSpec[];
  /** A tuple, so that `parseCommandArgs(…, spec.options, …)` types each option from its schema. */
  readonly options: Os;
  /** Positional arguments, in order. */
  readonly arguments?: readonly { readonly name: string; readonly help: string }[];
  readonly examples: readonly string[];
}

/** Declares a command, keeping its option list as a tuple type. */
export const command = <const Os extends readonly OptionSpec[]>(spec: CommandSpec<Os>): CommandSpec<Os> => spec;

const showDefault = (v: unknown): string =>
  v === null || v === undefined ? 'none' : Array.isArray(v) ? v.join(',') : typeof v === 'boolean' ? String(v) : String(v);

export function helpText(cmd: CommandSpec): string {
  const lines: string[] = [`cloneset-check ${cmd.name} — ${cmd.summary}`, '', `Usage: ${cmd.usage}`, ''];
  const row = (flag: string, help: string, allowed: string, def: unknown, example: string, required = false): string[] => [
    `  ${flag}`,
    `      ${help}`,
    `      allowed: ${allowed}; ${required ? 'required' : `default: ${showDefault(def)}`}${example === '' ? '' : `; e.g. ${example}`}`,
  ];
  if (cmd.arguments !== undefined && cmd.arguments.length > 0) {
    lines.push('Arguments:', ...cmd.arguments.flatMap((a) => [`  ${a.name}`, `      ${a.help}`]), '');
  }
  if (cmd.fields.length > 0) {
    lines.push('Scenario (flags, or the same fields in camelCase in a --config file):');
    for (const f of cmd.fields)
      lines.push(
        ...row(
          `--${f.flag} ${f.type === 'boolean' ? 'true|false' : 'VALUE'}   (config: ${f.key})`,
          f.help,
          f.allowed,
          f.defaultValue,
          `--${f.flag} ${f.example}`,
        ),
      );
    lines.push('');
  }
  lines.push('Options:');
  for (const o of cmd.options) {
    const flag = `${o.short !== undefined ? `-${o.short}, ` : ''}--${o.flag}${o.kind === 'string' ? ' VALUE' : ''}${o.multiple === true ? ' (repeatable)' : ''}`;
    lines.push(...row(flag, o.help, o.allowed, o.defaultValue, o.example === '' ? '' : `--${o.flag} ${o.example}`, o.required === true));
  }
  lines.push('', 'Examples:', ...cmd.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}
