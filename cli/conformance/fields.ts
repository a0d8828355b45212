/**
 * Typed, path-aware reading of a vector's JSON. Every failure names the exact field (`input.pods[2].lifecycle`),
 * because a vector the model cannot express must fail loudly rather than be skipped or half-read.
 */

/** A vector the runner cannot turn into model input; `field` is the JSON path of the offending value. */
export class InputError extends Error {
  constructor(
    readonly field: string,
    readonly detail: string,
  ) {
    super(`${field}: ${detail}`);
    this.name = 'InputError';
  }
}

export const show = (v: unknown): string => (v === undefined ? 'absent' : JSON.stringify(v));

export function isRecord(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * One JSON object being read. Keys are marked as they are read so that `done()` can reject fields nobody
 * looked at: an unread field is a fact of the upstream test the model would silently ignore.
 */
export class Fields {
  private readonly seen = new Set<string>();

  constructor(
    readonly path: string,
    private readonly data: Readonly<Record<string, unknown>>,
  ) {}

  static of(path: string, value: unknown): Fields {
    if (!isRecord(value)) throw new InputError(path, `expected an object, got ${show(value)}`);
    return new Fields(path, value);
  }

  at(key: string): string {
    return `${this.path}.${key}`;
  }

  has(key: string): boolean {
    return this.data[key] !== undefined;
  }

  raw(key: string): unknown {
    this.seen.add(key);
    return this.data[key];
  }

  /** Reads fields that carry no input for the model (names, comments, values already folded into others). */
  ignore(...keys: string[]): void {
    for (const k of keys) this.seen.add(k);
  }

  private fail(key: string, want: string, got: unknown): never {
    throw new InputError(this.at(key), `expected ${want}, got ${show(got)}`);
  }

  bool(key: string, dflt?: boolean): boolean {
    const v = this.raw(key);
    if (v === undefined && dflt !== undefined) return dflt;
    return typeof v === 'boolean' ? v : this.fail(key, 'a boolean', v);
  }

  int(key: string, min = Number.MIN_SAFE_INTEGER, dflt?: number): number {
    const v = this.raw(key);
    if (v === undefined && dflt !== undefined) return dflt;
    if (typeof v !== 'number' || !Number.isInteger(v)) return this.fail(key, 'an integer', v);
    return v >= min ? v : this.fail(key, `an integer >= ${min}`, v);
  }

  intOrNull(key: string, min = Number.MIN_SAFE_INTEGER): number | null {
    return this.raw(key) === null ? null : this.int(key, min);
  }

  string(key: string, dflt?: string): string {
    const v = this.raw(key);
    if (v === undefined && dflt !== undefined) return dflt;
    return typeof v === 'string' ? v : this.fail(key, 'a string', v);
  }

  /** `intstr.IntOrString`; absent and null both mean the pointer is nil. */
  intOrString(key: string): number | string | null {
    const v = this.raw(key);
    if (v === undefined || v === null || typeof v === 'string') return v ?? null;
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    return this.fail(key, 'an integer, a string or null', v);
  }

  /** A closed set of values the model has; anything else is a value the model cannot express. */
  oneOf<T extends string>(key: string, values: readonly T[], dflt?: T): T {
    const v = this.raw(key);
    if (v === undefined && dflt !== undefined) return dflt;
    if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
    throw new InputError(
      this.at(key),
      `${show(v)} cannot be expressed by the model (known: ${values.map((x) => JSON.stringify(x)).join(', ')})`,
    );
  }

  /** A field the model has no counterpart for: only "not configured" (null/absent) is accepted. */
  mustBeNull(key: string, what: string): void {
    const v = this.raw(key);
    if (v !== undefined && v !== null) throw new InputError(this.at(key), `${show(v)} cannot be expressed: the model has no ${what}`);
  }

  object(key: string): Fields {
    return Fields.of(this.at(key), this.raw(key));
  }

  list(key: string): unknown[] {
    const v = this.raw(key);
    return Array.isArray(v) ? v : this.fail(key, 'an array', v);
  }

  intList(key: string, min = Number.MIN_SAFE_INTEGER): number[] {
    return this.list(key).map((x, i) => {
      if (typeof x !== 'number' || !Number.isInteger(x) || x < min)
        throw new InputError(`${this.at(key)}[${i}]`, `expected an integer >= ${min}, got ${show(x)}`);
      return x;
    });
  }

  /** Rejects every field that was not read: the vector says something the runner would otherwise drop. */
  done(): void {
    for (const key of Object.keys(this.data)) {
      if (!this.seen.has(key))
        throw new InputError(this.at(key), 'field not understood by the conformance runner (the model may not express it)');
    }
  }
}
