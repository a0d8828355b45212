/**
 * Scenario files: JSON or YAML with the same fields as the flags (config keys are the camelCase names).
 * Any problem — missing or non-regular file, bad syntax, a repeated key, an unsupported YAML tag, an
 * unknown field, a wrong type — is one InputError naming it. JSON and YAML are held to the same rules: a
 * byte-order mark is ignored, a repeated key is refused.
 */
import { parseAllDocuments } from 'yaml';
import { parseJsonStrict } from '../traces/strict-json.js';
import { checkFields } from './args.js';
import { InputError } from './errors.js';
import { SCENARIO_FIELDS, type FieldSpec, type ScenarioFieldValues } from './fields.js';
import { readInputText } from './input-file.js';
import { documentProblem, yamlProblem } from './yaml-documents.js';

const EXPECTED = 'a JSON (.json) or YAML file holding one object of scenario fields, e.g. examples/issue-1545.yaml';

export type Decoded = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly why: string };

/** Also read by `sweep` for grid files (same rules as scenario files). */
export function decodeYaml(text: string): Decoded {
  try {
    // Parsing collects warnings instead of printing them (parse() would add a second stderr line). All the
    // documents are read so that a trailing `---` (an empty one) is fine and a second one is named as such.
    const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true });
    if (!Array.isArray(docs)) return { ok: true, value: null };
    let value: unknown = null;
    let found = 0;
    for (const doc of docs) {
      const problem = documentProblem(doc);
      if (problem !== null) return { ok: false, why: problem };
      const v: unknown = doc.toJS();
      if (v === null || v === undefined) continue;
      if (++found > 1) return { ok: false, why: 'a second YAML document (after a "---" line); one is expected' };
      value = v;
    }
    return { ok: true, value };
  } catch (e) {
    return { ok: false, why: yamlProblem(e instanceof Error ? e.message : String(e)) };
  }
}

export function decodeJson(text: string): Decoded {
  const r = parseJsonStrict(text);
  if (r.ok) return r;
  // loadConfig says "not valid JSON" itself: keep only the parser's reason.
  const message = r.message.replace(/^not valid JSON \((.*)\)$/s, '$1');
  return { ok: false, why: r.path === '$' ? message : `${r.path}: ${message}` };
}

/**
 * The value in a JSON (`.json`) or YAML file, read by the rules above; any problem is an InputError naming
 * `field` and saying what was `expected`. Scenario files and sweep grids.
 */
export function readDataFile(path: string, field: string, expected: string): unknown {
  const read = readInputText(path);
  if (!read.ok) throw new InputError(field, `file ${JSON.stringify(path)} ${read.why}; expected ${expected}`);
  const isJson = path.endsWith('.json');
  const decoded = isJson ? decodeJson(read.text) : decodeYaml(read.text);
  if (!decoded.ok) {
    throw new InputError(field, `${JSON.stringify(path)} is not valid ${isJson ? 'JSON' : 'YAML'} (${decoded.why}); expected ${expected}`);
  }
  return decoded.value;
}

/** `fields`: the table to validate against (simulate allows larger bounds than check). */
export function loadConfig(path: string, fields: readonly FieldSpec[] = SCENARIO_FIELDS): ScenarioFieldValues {
  const data = readDataFile(path, '--config', EXPECTED);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError('--config', `${JSON.stringify(path)} does not hold a mapping; expected ${EXPECTED}`);
  }
  const allowed = fields.map((f) => f.key);
  return checkFields(
    Object.entries(data).map(([key, value]) => {
      const field = fields.find((f) => f.key === key);
      if (field === undefined) throw new InputError(`${key} in ${path}`, `unknown field; allowed: ${allowed.join(', ')}`);
      return { field, value, where: `${key} in ${path}` };
    }),
  );
}
