/**
 * Turns argv into validated values using the field and option tables. Every failure is an InputError
 * naming the flag, the value given and what is allowed.
 */
import { parseArgs } from 'node:util';
import { InputError, quote } from './errors.js';
import type { FieldSpec, ScenarioFieldValues } from './fields.js';
import type { OptionSpec, OptionValues } from './options.js';

export interface ParsedArgs<Os extends readonly OptionSpec[]> {
  /** Scenario fields given as flags, by config key, already validated. */
  readonly fields: ScenarioFieldValues;
  /** Other options by flag name, validated (arrays for `multiple`), typed from their schemas. */
  readonly options: OptionValues<Os>;
  readonly positionals: readonly string[];
}

/** A scenario flag's string → the value its schema checks. */
export function fieldValueFromText(f: FieldSpec, text: string): unknown {
  const asNumber = (t: string): unknown => integerOrText(t.trim());
  switch (f.type) {
    case 'integer':
      return /^-?\d+$/.test(text.trim()) ? integerOrText(text.trim()) : text;
    case 'count-or-any':
      return integerOrText(text.trim());
    case 'int-or-percent':
      return asNumber(text);
    case 'int-or-percent-list':
      // An empty item (`1,,2`) stays in, so the schema refuses it instead of the list silently shrinking.
      return text.trim() === '' ? [] : text.split(',').map(asNumber);
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'choice':
      return text;
  }
}

/**
 * Digits as a number while the number is exact; beyond 2^53 the text itself, which the schema refuses
 * quoting what was typed (Number would have rounded 99999999999999999999 to 100000000000000000000).
 */
function integerOrText(t: string): unknown {
  if (!/^-?\d+$/.test(t)) return t;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : t;
}

function checkField(f: FieldSpec, value: unknown, where: string): unknown {
  const r = f.schema.safeParse(value);
  if (!r.success) throw new InputError(where, `expected ${f.allowed}, got ${quote(value)}`);
  return r.data;
}

/**
 * Validates scenario field values (from flags or a config file), each with its field's schema and named
 * by `where` in errors; the result is keyed by config key and typed from SCENARIO_FIELDS' schemas.
 */
export function checkFields(
  values: readonly { readonly field: FieldSpec; readonly value: unknown; readonly where: string }[],
): ScenarioFieldValues {
  const out: Record<string, unknown> = {};
  for (const v of values) out[v.field.key] = checkField(v.field, v.value, v.where);
  // TypeScript cannot follow a record built in a loop; every value in it has passed its own field's schema,
  // and every field table is SCENARIO_FIELDS with other bounds or help (same keys, same value types).
  return out as ScenarioFieldValues;
}

function checkOption(o: OptionSpec, value: unknown): unknown {
  const r = o.schema.safeParse(value);
  if (!r.success) throw new InputError(`--${o.flag}`, `expected ${o.allowed}, got ${quote(value)}`);
  return r.data;
}

export function parseCommandArgs<const Os extends readonly OptionSpec[]>(
  argv: readonly string[],
  fields: readonly FieldSpec[],
  options: Os,
  maxPositionals: number,
): ParsedArgs<Os> {
  const config: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const f of fields) config[f.flag] = { type: 'string' };
  for (const o of options)
    config[o.flag] = {
      type: o.kind,
      ...(o.multiple === true ? { multiple: true } : {}),
      ...(o.short !== undefined ? { short: o.short } : {}),
    };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, config), options: config, strict: true, allowPositionals: true, tokens: true });
  } catch (e) {
    throw usageFromParseError(e, fields, options);
  }
  refuseRepeats(parsed.tokens ?? [], config);
  const values = parsed.values as Record<string, string | boolean | (string | boolean)[] | undefined>;
  const given = fields.flatMap((field) => {
    const raw = values[field.flag];
    return typeof raw === 'string' ? [{ field, value: fieldValueFromText(field, raw), where: `--${field.flag}` }] : [];
  });
  const outOptions: Record<string, unknown> = {};
  for (const o of options) {
    const raw = values[o.flag];
    if (raw === undefined) continue;
    outOptions[o.flag] = Array.isArray(raw) ? raw.map((r) => checkOption(o, r)) : checkOption(o, raw);
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new InputError(
      'arguments',
      `unexpected ${quote(parsed.positionals[maxPositionals])}; this command takes ${maxPositionals === 0 ? 'no arguments' : `at most ${maxPositionals}`}`,
    );
  }
  // As in checkFields: every value has passed its own option's schema and sits under its own flag.
  return { fields: checkFields(given), options: outOptions as OptionValues<Os>, positionals: parsed.positionals };
}

/**
 * parseArgs keeps the last of two values of a flag; the first would be dropped without a word (a second
 * `--config` would replace the first file, not add to it). Switches may repeat: nothing is lost.
 */
function refuseRepeats(
  tokens: NonNullable<ReturnType<typeof parseArgs>['tokens']>,
  config: Readonly<Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>>,
): void {
  const seen = new Map<string, string | undefined>();
  for (const t of tokens) {
    if (t.kind !== 'option' || config[t.name]?.type !== 'string' || config[t.name]?.multiple === true) continue;
    if (seen.has(t.name)) {
      throw new InputError(`--${t.name}`, `given twice (${quote(seen.get(t.name))}, then ${quote(t.value)}); give it once`);
    }
    seen.set(t.name, t.value);
  }
}

/**
 * `--initial-replicas -1`: parseArgs refuses a value that starts with a dash as ambiguous, which would
 * report a missing value instead of the negative number the user typed. Rewriting it to `--flag=-1`
 * lets the field's schema reject it with the allowed range.
 */
function joinNegativeValues(argv: readonly string[], config: Readonly<Record<string, { type: 'string' | 'boolean' }>>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    const name = a.startsWith('--') ? a.slice(2) : undefined;
    if (name !== undefined && config[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else {
      out.push(a);
    }
  }
  return out;
}

function usageFromParseError(e: unknown, fields: readonly FieldSpec[], options: readonly OptionSpec[]): InputError {
  const msg = e instanceof Error ? e.message : String(e);
  // Node names an option with a short alias as '-f, --format <value>': the long name is the one to report.
  const flag = /'(?:-[^-' ], )?(-{1,2}[^' ]+)/.exec(msg)?.[1] ?? 'arguments';
  const known = [...fields.map((f) => `--${f.flag}`), ...options.map((o) => `--${o.flag}`)].sort().join(', ');
  const code = (e as { code?: string }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new InputError(flag, `unknown option; allowed: ${known}`);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    // "argument missing" (last on the line) and "argument is ambiguous" (followed by another flag) both mean no value was given.
    const needsValue = msg.includes('argument missing') || msg.includes('ambiguous');
    const name = flag.split('=')[0]!;
    return new InputError(name, needsValue ? `needs a value (write ${name}=VALUE for a value starting with "-")` : 'takes no value');
  }
  return new InputError(flag, msg.split('\n')[0]!);
}
