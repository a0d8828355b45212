/**
 * The CloneSet schema the manifest reader validates against, taken from upstream's CRD file: the
 * v1alpha1 version's openAPIV3Schema without its `description`s (prose, a third of the file, never
 * consulted by validation). Used by the generator of cloneset-schema.ts and by the test that keeps that
 * file equal to what the kept CRD fixture yields.
 */
import { parse } from 'yaml';

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

function withoutDescriptions(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(withoutDescriptions);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, x] of Object.entries(v as { readonly [key: string]: JsonValue })) {
      // `description` is a keyword only where the object is a schema; a property named "description" (none in
      // this CRD) would sit under `properties`, whose values are schemas, so it is kept there.
      if (k === 'description' && typeof x === 'string') continue;
      out[k] = withoutDescriptions(x);
    }
    return out;
  }
  return v;
}

/** The openAPIV3Schema of `version` in a CustomResourceDefinition's YAML text. */
export function extractSchema(crdYaml: string, version: string): JsonValue {
  const crd = parse(crdYaml) as { spec?: { versions?: { name?: string; schema?: { openAPIV3Schema?: JsonValue } }[] } };
  const v = crd.spec?.versions?.find((x) => x.name === version);
  const schema = v?.schema?.openAPIV3Schema;
  if (schema === undefined) throw new Error(`the CRD has no openAPIV3Schema for version ${version}`);
  return withoutDescriptions(schema);
}
