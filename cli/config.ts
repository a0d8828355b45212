/**
 * Scenario files: JSON or YAML with the same fields as the flags (config keys are the camelCase names).
 * Any problem — missing file, bad syntax, unknown field, wrong type — is one InputError naming it.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { checkField } from './args.js';
import { InputError } from './errors.js';
import { SCENARIO_FIELDS } from './fields.js';

export function loadConfig(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new InputError('--config', code === 'ENOENT' ? `file ${JSON.stringify(path)} does not exist` : `cannot read ${JSON.stringify(path)} (${code ?? 'error'})`);
  }
  let data: unknown;
  const isJson = path.endsWith('.json');
  try {
    data = isJson ? JSON.parse(text) : parseYaml(text, { prettyErrors: false });
  } catch (e) {
    const first = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    throw new InputError('--config', `${JSON.stringify(path)} is not valid ${isJson ? 'JSON' : 'YAML'}: ${first}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError('--config', `${JSON.stringify(path)} must hold an object of scenario fields`);
  }
  const out: Record<string, unknown> = {};
  const allowed = SCENARIO_FIELDS.map((f) => f.key);
  for (const [key, value] of Object.entries(data)) {
    const field = SCENARIO_FIELDS.find((f) => f.key === key);
    if (field === undefined) throw new InputError(`${key} in ${path}`, `unknown field; allowed: ${allowed.join(', ')}`);
    out[key] = checkField(field, value, `${key} in ${path}`);
  }
  return out;
}
