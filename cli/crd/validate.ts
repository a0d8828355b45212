/**
 * Validating a manifest against a CRD's openAPIV3Schema, the way the API server would before kruise sees
 * it: the JSON-Schema keywords (types, required fields, int-or-string unions, enums) through a
 * `SchemaValidator`, then the two Kubernetes rules JSON Schema lacks — a field the schema does not declare
 * is refused (as `kubectl apply`'s default strict field validation does; a typo such as `maxsurge` would
 * otherwise be dropped without a word and the default used), and `format: int32` bounds integers.
 *
 * The keywords engine sits behind `SchemaValidator` so that it can be swapped: today zod's
 * `fromJSONSchema` (zod is already a dependency); ajv is the drop-in alternative (see cli/crd/README.md).
 */
import { z } from 'zod';

export type SchemaPath = readonly (string | number)[];

/** The first problem found, or null. */
export interface SchemaIssue {
  readonly path: SchemaPath;
  readonly message: string;
}

export interface SchemaValidator {
  validate(value: unknown): SchemaIssue | null;
}

/** Upstream's int32 fields (replicas, minReadySeconds, …) are Go int32s: the API server refuses wider values. */
const INT32 = { min: -2147483648, max: 2147483647 } as const;

type Schema = {
  readonly type?: string;
  readonly format?: string;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: Schema | boolean;
  readonly items?: Schema;
  readonly anyOf?: readonly Schema[];
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
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

/** zod's issue, in words that name the CRD's types rather than zod's. */
function describeIssue(issue: z.core.$ZodIssue, root: unknown): string {
  const got = valueAt(root, issue.path as SchemaPath);
  switch (issue.code) {
    case 'invalid_type':
      if (got === undefined) return 'required field missing';
      return `expected ${issue.expected === 'number' ? 'a number' : issue.expected === 'int' ? 'an integer' : issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}, got ${typeName(got)}`;
    case 'invalid_union':
      // The CRD's only unions are int-or-string fields (partition, maxSurge, maxUnavailable, …).
      return `expected an integer or a string, got ${typeName(got)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((x) => JSON.stringify(x)).join(', ')}`;
    default:
      return issue.message;
  }
}

/** The JSON-Schema keywords, by zod's converter (target OpenAPI 3.0, the CRD's dialect). */
export function zodSchemaValidator(schema: unknown): SchemaValidator {
  // Its own registry: the converter files every unknown keyword (x-kubernetes-*) as metadata there.
  const converted = z.fromJSONSchema(schema as z.core.JSONSchema.JSONSchema, { defaultTarget: 'openapi-3.0', registry: z.registry() });
  return {
    validate(value) {
      const r = converted.safeParse(value);
      if (r.success) return null;
      const issue = r.error.issues[0]!;
      return { path: issue.path as SchemaPath, message: describeIssue(issue, value) };
    },
  };
}

/** Undeclared fields and int32 bounds: the first problem in document order, or null. */
export function kubernetesRules(schema: unknown, value: unknown, path: SchemaPath = []): SchemaIssue | null {
  const s = schema as Schema;
  if (s['x-kubernetes-preserve-unknown-fields'] === true) return null;
  if (typeof value === 'number' && s.format === 'int32' && (value < INT32.min || value > INT32.max)) {
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

/** The JSON-Schema keywords first (a wrong type says more than an unknown field beside it), then Kubernetes' rules. */
export function crdValidator(schema: unknown, keywords: SchemaValidator = zodSchemaValidator(schema)): SchemaValidator {
  return { validate: (value) => keywords.validate(value) ?? kubernetesRules(schema, value) };
}

/** `spec.scaleStrategy.podsToDelete[0]`: a path as kubectl prints one. */
export const formatPath = (path: SchemaPath): string =>
  path
    .map((p, i) =>
      typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][\w-]*$/.test(p) ? `${i === 0 ? '' : '.'}${p}` : `[${JSON.stringify(p)}]`,
    )
    .join('');
