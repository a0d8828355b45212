/**
 * Reading a saved trace for `replay` and `export`: the file is user input, so a missing or non-regular
 * file, bad JSON or a wrong field is one InputError naming the file and (from traces/parse) the JSON path
 * of the first bad field.
 */
import { parseTraceDocument, type ReplayResult, type TraceDocument } from '../traces/index.js';
import { InputError } from './errors.js';
import { readInputText } from './input-file.js';
import { scenarioRefusal } from './scenario-flags.js';

export const TRACE_ARGUMENT = {
  name: 'TRACE',
  help: 'a trace JSON file written by check (e.g. out/pre-fix-canary-respected.json)',
} as const;

export function readTraceFile(path: string | undefined): TraceDocument {
  if (path === undefined) throw new InputError(TRACE_ARGUMENT.name, `missing; expected ${TRACE_ARGUMENT.help}`);
  const read = readInputText(path);
  if (!read.ok) throw new InputError(path, `${read.why}; expected ${TRACE_ARGUMENT.help}`);
  const r = parseTraceDocument(read.text);
  if (!r.ok) throw new InputError(path, r.error.message);
  const beyond = scenarioRefusal(r.doc.scenario, r.doc.foundBy);
  if (beyond !== null) throw new InputError(path, beyond);
  return r.doc;
}

/**
 * Why a parsed trace is not evidence for the current model, in the words replay and export both use: the
 * first step that diverges, or a recorded violation the replayed steps no longer show. Null when it is.
 */
export function replayRefusal(doc: TraceDocument, r: ReplayResult): string | null {
  if (!r.ok) return r.divergence.message;
  const p = doc.property;
  if (p === null) return null;
  const steps = r.steps.length - 1;
  if (r.violation === 'not-reproduced')
    return p.kind === 'convergence'
      ? `$.property: the recorded violation of ${p.name} does not reproduce (all ${steps} steps replay, and from the last state the system alone reaches a settled state)`
      : `$.property: the recorded violation of ${p.name} does not reproduce (all ${steps} steps replay, and ${p.name} holds on the last state)`;
  // Only convergence's search from the last state can give up (past a million states).
  if (r.violation === 'not-checked')
    return `$.property: the recorded violation of ${p.name} could not be checked (the search for a settled state from the last state passed its limit)`;
  return null;
}

/**
 * The document as exports show it: its property's message the model's own on the replayed steps, as a
 * file's is not evidence (labels and summaries are derived on parsing already, traces/parse.ts).
 */
export function asReplayed(doc: TraceDocument, r: ReplayResult): TraceDocument {
  if (!r.ok || r.message === null || doc.property === null || r.message === doc.property.message) return doc;
  return { ...doc, property: { ...doc.property, message: r.message } };
}
