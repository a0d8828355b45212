/**
 * A multi-document YAML file read the way kubectl reads manifests: YAML 1.1 scalars (sigs.k8s.io/yaml is
 * go-yaml v2, where `on` is true and `010` is 8 — reading 1.2 instead would change such values without a
 * word), timestamps kept as strings (JSON has no dates), a repeated key refused, as go-yaml does.
 */
import { type Document, isCollection, parseAllDocuments, visit } from 'yaml';

/** `number`: the document's place in the file, from 1 (empty documents count). */
export interface YamlDocument {
  readonly number: number;
  readonly value: unknown;
}

export type DecodedDocuments =
  | { readonly ok: true; readonly documents: readonly YamlDocument[] }
  | { readonly ok: false; readonly why: string; readonly document: number };

// The YAML library recurses per nesting level; a hostile file ends its stack (as an error or a thrown one).
export const yamlProblem = (message: string): string => (/call stack/i.test(message) ? 'nested too deeply' : message.split('\n')[0]!);

/**
 * A parsed document's first problem, or null: an error or a warning (the library would print a warning as a
 * second stderr line), or a list or mapping used as a key (toJS would stringify it, with a process warning).
 * Scenario files (cli/config.ts) and manifests share these rules.
 */
export function documentProblem(doc: Document.Parsed): string | null {
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem !== undefined) return yamlProblem(problem.message);
  let collectionKey = false;
  visit(doc, {
    Pair: (_, pair) => {
      if (!isCollection(pair.key)) return undefined;
      collectionKey = true;
      return visit.BREAK;
    },
  });
  return collectionKey ? 'a list or mapping where a field name should be' : null;
}

/** Every document's value (an empty document, e.g. after a trailing `---`, is left out); or the first problem. */
export function decodeYamlDocuments(text: string): DecodedDocuments {
  try {
    const docs = parseAllDocuments(text, {
      prettyErrors: false,
      uniqueKeys: true,
      version: '1.1',
      customTags: (tags) => tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
    });
    if (!Array.isArray(docs)) return { ok: true, documents: [] };
    const out: YamlDocument[] = [];
    for (const [i, doc] of docs.entries()) {
      const problem = documentProblem(doc);
      if (problem !== null) return { ok: false, why: problem, document: i + 1 };
      const value: unknown = doc.toJS();
      if (value !== null && value !== undefined) out.push({ number: i + 1, value });
    }
    return { ok: true, documents: out };
  } catch (e) {
    return { ok: false, why: yamlProblem(e instanceof Error ? e.message : String(e)), document: 0 };
  }
}
