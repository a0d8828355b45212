/**
 * Scenario files: JSON or YAML with the same fields as the flags (config keys are the camelCase names).
 * Any problem — missing file, bad syntax, unknown field, wrong type — is one InputError naming it.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { checkField } from './args.js';
import { InputError } from './errors.js';
import { SCENARIO_FIELDS, type FieldSpec } from './fields.js';

/** `fields`: the table to validate against (simulate allows larger bounds than check). */
const EXPECTED = 'a JSON (.json) or YAML file holding one object of scenario fields, e.g. examples/issue-1545.yaml';

export function loadConfig(path: string, fields: readonly FieldSpec[] = SCENARIO_FIELDS): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? `file ${JSON.stringify(path)} does not exist` : `cannot read ${JSON.stringify(path)} (${code ?? 'error'})`;
    throw new InputError('--config', `${why}; expected ${EXPECTED}`);
  }
  let data: unknown;
  const isJson = path.endsWith('.json');
  try {
    data = isJson ? JSON.parse(text) : parseYaml(text, { prettyErrors: false });
  } catch (e) {
    const first = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    throw new InputError('--config', `${JSON.stringify(path)} is not valid ${isJson ? 'JSON' : 'YAML'} (${first}); expected ${EXPECTED}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError('--config', `${JSON.stringify(path)} does not hold a mapping; expected ${EXPECTED}`);
  }
  const out: Record<string, unknown> = {};
  const allowed = fields.map((f) => f.key);
  for (const [key, value] of Object.entries(data)) {
    const field = fields.find((f) => f.key === key);
    if (field === undefined) throw new InputError(`${key} in ${path}`, `unknown field; allowed: ${allowed.join(', ')}`);
    out[key] = checkField(field, value, `${key} in ${path}`);
  }
  return out;
}
