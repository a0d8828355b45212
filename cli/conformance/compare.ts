/**
 * Comparing a checker's answer with a vector's `expected`. Only what `expected` states is compared, so
 * fields upstream never asserted (and the `derived` block) cannot make a vector fail; an expected field the
 * checker does not compute is a failure, so an assertion is never dropped silently.
 */
import { isRecord, show } from './fields.js';

export interface Mismatch {
  readonly field: string;
  readonly expected: unknown;
  readonly actual: unknown;
  /** Set when the field could not be compared at all (no such computed value). */
  readonly note?: string;
}

export function compareExpected(expected: unknown, actual: unknown, path: string): Mismatch[] {
  if (isRecord(expected)) {
    if (!isRecord(actual)) return [{ field: path, expected, actual }];
    return Object.entries(expected).flatMap(([k, e]) => {
      const field = `${path}.${k}`;
      if (!(k in actual)) return [{ field, expected: e, actual: undefined, note: 'not a value this checker computes' }];
      return compareExpected(e, actual[k], field);
    });
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [{ field: path, expected, actual }];
    return expected.flatMap((e, i) => compareExpected(e, actual[i], `${path}[${i}]`));
  }
  // `===`, not Object.is: the model's integers may be -0 (e.g. `-x` of 0), which is 0 to Go and to JSON.
  return expected === actual ? [] : [{ field: path, expected, actual }];
}

export function formatMismatch(m: Mismatch): string {
  const head = `${m.field}: expected ${show(m.expected)}`;
  return m.note === undefined ? `${head}, actual ${show(m.actual)}` : `${head} (${m.note})`;
}
