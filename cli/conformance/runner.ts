/**
 * Running vectors: one VectorResult (pass, or a failure line) per vector. Shared by the CLI and the vitest suite so that both judge a vector
 * identically; a vector the model cannot express is a failure with the field named, never a skip.
 */
import { basename } from 'node:path';
import { CHECKERS } from './checks/index.js';
import { compareExpected, formatMismatch } from './compare.js';
import { Fields, InputError, isRecord, show } from './fields.js';
import type { Vector } from './vectors.js';

/** One vector's outcome; not a property verdict (checker/result.ts `Verdict`). */
export type VectorResult =
  | { readonly vector: Vector; readonly ok: true }
  | { readonly vector: Vector; readonly ok: false; readonly message: string };

function failureLine(v: Vector, detail: string): string {
  return `FAIL ${v.id} ${JSON.stringify(v.name)} [${basename(v.file)}, ${v.kind}]: ${detail}`;
}

/** The model's answer vs `expected`; every problem becomes a one-line message naming id, name and field. */
export function runVector(v: Vector): VectorResult {
  const fail = (detail: string): VectorResult => ({ vector: v, ok: false, message: failureLine(v, detail) });
  if (typeof v.raw['id'] !== 'string') return fail(`id: expected a string, got ${show(v.raw['id'])}`);
  const expected = v.raw['expected'];
  if (!isRecord(expected) || Object.keys(expected).length === 0)
    return fail(`expected: expected a non-empty object, got ${show(expected)}`);
  let answer: unknown;
  try {
    const input = Fields.of('input', v.raw['input']);
    answer = CHECKERS[v.kind](input);
    input.done();
  } catch (e) {
    if (e instanceof InputError) return fail(`input rejected: ${e.message}`);
    // A model exception is a failing vector too, but must not hide which vector raised it.
    return fail(`model raised ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  const mismatches = compareExpected(expected, answer, 'expected');
  return mismatches.length === 0 ? { vector: v, ok: true } : fail(mismatches.map(formatMismatch).join('; '));
}

export interface Summary {
  readonly passed: number;
  readonly failed: number;
  readonly failures: readonly string[];
}

export function runVectors(vectors: readonly Vector[]): Summary {
  const results = vectors.map(runVector);
  const failures = results.flatMap((r) => (r.ok ? [] : [r.message]));
  return { passed: results.length - failures.length, failed: failures.length, failures };
}

export const summaryLine = (s: Summary): string => `${s.passed} passed, ${s.failed} failed`;
