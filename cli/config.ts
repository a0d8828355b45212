/**
 * Scenario files: JSON or YAML with the same fields as the flags (config keys are the camelCase names).
 * Any problem — missing or non-regular file, bad syntax, a repeated key, an unsupported YAML tag, an
 * unknown field, a wrong type — is one InputError naming it. JSON and YAML are held to the same rules: a
 * byte-order mark is ignored, a repeated key is refused.
 */
import { isCollection, parseDocument, visit } from 'yaml';
import { parseJsonStrict } from '../traces/strict-json.js';
import { checkFields } from './args.js';
import { InputError } from './errors.js';
import { SCENARIO_FIELDS, type FieldSpec, type ScenarioFieldValues } from './fields.js';
import { readInputText } from './input-file.js';

const EXPECTED = 'a JSON (.json) or YAML file holding one object of scenario fields, e.g. examples/issue-1545.yaml';

// The YAML library recurses per nesting level; a hostile file ends its stack (as an error or a thrown one).
const yamlProblem = (message: string): string => (/call stack/i.test(message) ? 'nested too deeply' : message.split('\n')[0]!);

export type Decoded = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly why: string };

/** Also read by `sweep` for grid files (same rules as scenario files). */
export function decodeYaml(text: string): Decoded {
  try {
    // parseDocument collects warnings instead of printing them (parse() would add a second stderr line).
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem !== undefined) return { ok: false, why: yamlProblem(problem.message) };
    // toJS would stringify a list or mapping used as a key, with a process warning on stderr (a second line).
    let collectionKey = false;
    visit(doc, {
      Pair: (_, pair) => {
        if (isCollection(pair.key)) {
          collectionKey = true;
          return visit.BREAK;
        }
        return undefined;
      },
    });
    if (collectionKey) return { ok: false, why: 'a list or mapping where a field name should be' };
    return { ok: true, value: doc.toJS() };
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

/** `fields`: the table to validate against (simulate allows larger bounds than check). */
export function loadConfig(path: string, fields: readonly FieldSpec[] = SCENARIO_FIELDS): ScenarioFieldValues {
  const read = readInputText(path);
  if (!read.ok) throw new InputError('--config', `file ${JSON.stringify(path)} ${read.why}; expected ${EXPECTED}`);
  const isJson = path.endsWith('.json');
  const decoded = isJson ? decodeJson(read.text) : decodeYaml(read.text);
  if (!decoded.ok)
    throw new InputError(
      '--config',
      `${JSON.stringify(path)} is not valid ${isJson ? 'JSON' : 'YAML'} (${decoded.why}); expected ${EXPECTED}`,
    );
  const data = decoded.value;
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
