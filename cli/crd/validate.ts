/**
 * Validating a manifest against a CRD's openAPIV3Schema, the way the API server would before kruise sees
 * it: the JSON-Schema keywords (types, required fields, int-or-string unions, enums) through a
 * `SchemaValidator`, then the two Kubernetes rules JSON Schema lacks — a field the schema does not declare
 * is refused (as `kubectl apply`'s default strict field validation does; a typo such as `maxsurge` would
 * otherwise be dropped without a word and the default used), and int32 bounds on integers (`format: int32`,
 * and the integer of an int-or-string).
 *
 * The keywords engine is ajv, the standard JSON-Schema validator, behind `SchemaValidator` (one method) so
 * that tests and other schemas can use the same rules.
 */
import { Ajv, type ErrorObject } from 'ajv';

export type SchemaPath = readonly (string | number)[];

/** The first problem found, or null. */
export interface SchemaIssue {
  readonly path: SchemaPath;
  readonly message: string;
}

export interface SchemaValidator {
  validate(value: unknown): SchemaIssue | null;
}

/**
 * Upstream's int32 fields (replicas, minReadySeconds, …) are Go int32s: the API server refuses wider values.
 * So are int-or-string integers (partition, maxSurge, maxUnavailable): intstr.IntOrString's IntVal is an
 * int32, and kruise cannot decode a wider one, though the CRD's schema gives them no format to say so.
 */
const INT32 = { min: -2147483648, max: 2147483647 } as const;

type Schema = {
  readonly type?: string;
  readonly format?: string;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: Schema | boolean;
  readonly items?: Schema;
  readonly anyOf?: readonly Schema[];
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-int-or-string'?: boolean;
};

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const typeName = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'a list'
      : isObject(v)
        ? 'a mapping'
        : typeof v === 'number' && Number.isInteger(v)
          ? 'an integer'
          : typeof v;

function valueAt(root: unknown, path: SchemaPath): unknown {
  let v = root;
  for (const step of path) v = isObject(v) || Array.isArray(v) ? (v as Record<string | number, unknown>)[step] : undefined;
  return v;
}

/** A JSON pointer (ajv's instancePath) as path steps, list indices as numbers. */
function pathOf(pointer: string, root: unknown): (string | number)[] {
  const path: (string | number)[] = [];
  let v = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    const step = Array.isArray(v) && /^\d+$/.test(key) ? Number(key) : key;
    path.push(step);
    v = valueAt(v, [step]);
  }
  return path;
}

const TYPE_WORDS: Readonly<Record<string, string>> = { integer: 'an integer', number: 'a number', object: 'a mapping', array: 'a list' };

/** ajv's error, in words that name the CRD's types rather than JSON Schema's keywords. */
function describeError(e: ErrorObject, root: unknown): SchemaIssue {
  const path = pathOf(e.instancePath, root);
  const got = valueAt(root, path);
  switch (e.keyword) {
    case 'required':
      return { path: [...path, String(e.params['missingProperty'])], message: 'required field missing' };
    case 'type': {
      const t = String(e.params['type']);
      return { path, message: `expected ${TYPE_WORDS[t] ?? `a ${t}`}, got ${typeName(got)}` };
    }
    case 'anyOf':
      // The CRD's only unions are int-or-string fields (partition, maxSurge, maxUnavailable, …).
      return { path, message: `expected an integer or a string, got ${typeName(got)}` };
    case 'enum':
      return { path, message: `expected one of ${(e.params['allowedValues'] as unknown[]).map((x) => JSON.stringify(x)).join(', ')}` };
    default:
      return { path, message: e.message ?? `fails ${e.keyword}` };
  }
}

/**
 * The JSON-Schema keywords, by ajv (the CRD's OpenAPI 3.0 dialect: `nullable` is ajv's own keyword; the
 * x-kubernetes-* keywords and formats such as int32 are left to kubernetesRules).
 */
export function ajvSchemaValidator(schema: unknown): SchemaValidator {
  const check = new Ajv({ strict: false, validateFormats: false }).compile(schema as object);
  return {
    validate(value) {
      if (check(value)) return null;
      const errors = check.errors ?? [];
      // A failed anyOf comes after its branches' errors: the last error is the one that speaks of the field.
      const e = errors[errors.length - 1];
      return e === undefined ? { path: [], message: 'invalid' } : describeError(e, value);
    },
  };
}

/** Undeclared fields and int32 bounds (int-or-string integers included): the first problem in document order, or null. */
export function kubernetesRules(schema: unknown, value: unknown, path: SchemaPath = []): SchemaIssue | null {
  const s = schema as Schema;
  if (s['x-kubernetes-preserve-unknown-fields'] === true) return null;
  const int32 = s.format === 'int32' || s['x-kubernetes-int-or-string'] === true;
  if (typeof value === 'number' && int32 && (value < INT32.min || value > INT32.max)) {
    return { path, message: `${value} does not fit in an int32 (allowed: ${INT32.min}..${INT32.max})` };
  }
  if (isObject(value) && (s.properties !== undefined || s.additionalProperties !== undefined)) {
    for (const [key, v] of Object.entries(value)) {
      const sub = s.properties?.[key] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
      if (sub === undefined) {
        const known = Object.keys(s.properties ?? {});
        return { path: [...path, key], message: `unknown field (kubectl apply refuses it); allowed here: ${known.join(', ')}` };
      }
      const inner = kubernetesRules(sub, v, [...path, key]);
      if (inner !== null) return inner;
    }
  }
  if (Array.isArray(value) && s.items !== undefined) {
    for (let i = 0; i < value.length; i++) {
      const inner = kubernetesRules(s.items, value[i], [...path, i]);
      if (inner !== null) return inner;
    }
  }
  return null;
}

/**
 * The value as the API server validates it: a field whose value is null is dropped unless its schema says
 * `nullable: true` (CRDs of apiextensions.k8s.io/v1 prune such nulls before defaulting), so `rollingUpdate: null`
 * means no block, as on the cluster. Fields under x-kubernetes-preserve-unknown-fields are left as written.
 */
export function pruneNulls(schema: unknown, value: unknown): unknown {
  const s = schema as Schema & { readonly nullable?: boolean };
  if (s['x-kubernetes-preserve-unknown-fields'] === true) return value;
  if (isObject(value) && (s.properties !== undefined || typeof s.additionalProperties === 'object')) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const sub = (s.properties?.[key] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined)) as
        | (Schema & { readonly nullable?: boolean })
        | undefined;
      if (v === null && sub !== undefined && sub.nullable !== true) continue;
      out[key] = sub === undefined ? v : pruneNulls(sub, v);
    }
    return out;
  }
  if (Array.isArray(value) && s.items !== undefined) return value.map((v) => pruneNulls(s.items, v));
  return value;
}

/** The JSON-Schema keywords first (a wrong type says more than an unknown field beside it), then Kubernetes' rules. */
export function crdValidator(schema: unknown, keywords: SchemaValidator = ajvSchemaValidator(schema)): SchemaValidator {
  return { validate: (value) => keywords.validate(value) ?? kubernetesRules(schema, value) };
}

/** `spec.scaleStrategy.podsToDelete[0]`: a path as kubectl prints one. */
export const formatPath = (path: SchemaPath): string =>
  path
    .map((p, i) =>
      typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][\w-]*$/.test(p) ? `${i === 0 ? '' : '.'}${p}` : `[${JSON.stringify(p)}]`,
    )
    .join('');
