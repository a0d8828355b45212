/**
 * Reading a saved trace for `replay` and `export`: the file is user input, so a missing file, bad JSON or a
 * wrong field is one InputError naming the file and (from traces/parse) the JSON path of the first bad field.
 */
import { readFileSync } from 'node:fs';
import { parseTraceDocument, type TraceDocument } from '../traces/index.js';
import { InputError } from './errors.js';

export const TRACE_ARGUMENT = {
  name: 'TRACE',
  help: 'a trace JSON file written by check (e.g. out/pre-fix-canary-respected.json)',
} as const;

export function readTraceFile(path: string | undefined): TraceDocument {
  if (path === undefined) throw new InputError(TRACE_ARGUMENT.name, `missing; expected ${TRACE_ARGUMENT.help}`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'file does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? 'error'})`;
    throw new InputError(path, `${why}; expected ${TRACE_ARGUMENT.help}`);
  }
  const r = parseTraceDocument(text);
  if (!r.ok) throw new InputError(path, r.error.message);
  return r.doc;
}
