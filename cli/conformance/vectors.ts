/**
 * Loading vector files and deciding which checker each vector needs. Files carry no kind marker of their own,
 * so the kind is read off each vector (explicit `kind`, upstream test name in `source`, `id` prefix, then the
 * shape of `input`/`expected`), which lets new files of the same schema run without code changes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isRecord } from './fields.js';

const KINDS = [
  'diffs',
  'partition',
  'scaled-percent',
  'update-limit',
  'update-sort',
  'update-step',
  'scale',
  'createPods',
  'sync',
  'revisions',
  'pod-sort',
] as const;
export type Kind = (typeof KINDS)[number];

export interface Vector {
  readonly file: string;
  readonly kind: Kind;
  /** `id` if it is a string, else a position-based stand-in so a broken vector can still be reported. */
  readonly id: string;
  readonly name: string;
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface VectorFile {
  readonly path: string;
  readonly vectors: readonly Vector[];
}

/** A file-level problem: the file cannot be run at all (CLI exit 2), as opposed to a failing vector. */
export class LoadError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = 'LoadError';
  }
}

const BY_EXPLICIT_KIND: Readonly<Record<string, Kind>> = { Scale: 'scale', createPods: 'createPods' };

const BY_TEST: Readonly<Record<string, Kind>> = {
  TestCalculateDiffsWithExpectation: 'diffs',
  TestCalculatePartitionReplicas: 'partition',
  TestGetScaledValueFromIntOrPercent: 'scaled-percent',
  TestCalculateUpdateCount: 'update-limit',
  TestSortUpdateIndexes: 'update-sort',
  TestUpdate: 'update-step',
  TestScale: 'scale',
  TestCreatePods: 'createPods',
  TestSyncCloneSet: 'sync',
  TestGetActiveRevisions: 'revisions',
  TestSortingActivePods: 'pod-sort',
};

// Longest prefixes first: "scale-createPods-" must win over "scale-", "update-limit-" over nothing shorter.
const BY_ID_PREFIX: readonly (readonly [string, Kind])[] = [
  ['scale-createPods-', 'createPods'],
  ['update-limit-', 'update-limit'],
  ['update-sort-', 'update-sort'],
  ['update-step-', 'update-step'],
  ['scaled-percent-', 'scaled-percent'],
  ['scaled-', 'scaled-percent'],
  ['partition-', 'partition'],
  ['revisions-', 'revisions'],
  ['pod-sort-', 'pod-sort'],
  ['diffs-', 'diffs'],
  ['scale-', 'scale'],
  ['sync-', 'sync'],
];

/** Last resort: a field only one kind has. */
function kindByShape(input: Readonly<Record<string, unknown>>, expected: Readonly<Record<string, unknown>>): Kind | null {
  if ('podsAfter' in expected) return 'update-step';
  if ('podsNotMarkedForDeletionByRevision' in expected) return 'sync';
  if ('activePodsAfter' in expected || 'modified' in expected) return 'scale';
  if ('expectedCreations' in input) return 'createPods';
  if ('oldRevisionIndexes' in input) return 'update-limit';
  if ('waitUpdateIndexes' in input) return 'update-sort';
  if ('history' in input) return 'revisions';
  if ('a' in input && 'b' in input) return 'pod-sort';
  if ('updateNum' in expected || 'scaleUpNum' in expected) return 'diffs';
  if ('total' in input && 'roundUp' in input) return 'scaled-percent';
  if ('partition' in input && !('pods' in input)) return 'partition';
  return null;
}

function detectKind(v: Readonly<Record<string, unknown>>): Kind | null {
  if (typeof v['kind'] === 'string') return BY_EXPLICIT_KIND[v['kind']] ?? null;
  if (typeof v['source'] === 'string') {
    const test = v['source'].slice(v['source'].lastIndexOf(':') + 1);
    const k = BY_TEST[test];
    if (k !== undefined) return k;
  }
  if (typeof v['id'] === 'string') {
    const id = v['id'];
    const hit = BY_ID_PREFIX.find(([prefix]) => id.startsWith(prefix));
    if (hit !== undefined) return hit[1];
  }
  const input = v['input'];
  const expected = v['expected'];
  return isRecord(input) && isRecord(expected) ? kindByShape(input, expected) : null;
}

/** Parses one file; throws LoadError for anything that prevents running it. */
export function loadVectorFile(path: string): VectorFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = isRecord(e) && typeof e['code'] === 'string' ? e['code'] : 'unreadable';
    throw new LoadError(path, code === 'ENOENT' ? 'no such file' : `cannot read (${code})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new LoadError(path, `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!Array.isArray(data)) throw new LoadError(path, 'not a vector file (expected a JSON array of vectors)');
  if (data.length === 0) throw new LoadError(path, 'no vectors in file, so its kind cannot be recognised');
  const vectors = data.map((v, i): Vector => {
    if (!isRecord(v)) throw new LoadError(path, `vector #${i} is not an object`);
    const kind = detectKind(v);
    const id = typeof v['id'] === 'string' ? v['id'] : `#${i}`;
    if (kind === null)
      throw new LoadError(path, `kind of vector ${id} cannot be recognised (no known kind, source test, id prefix or field shape)`);
    const name = typeof v['name'] === 'string' ? v['name'] : '';
    return { file: path, kind, id, name, raw: v };
  });
  return { path, vectors };
}

/** A directory argument stands for its *.json files, in name order. */
export function expandPaths(paths: readonly string[]): string[] {
  return paths.flatMap((p) => {
    let dir = false;
    try {
      dir = statSync(p).isDirectory();
    } catch {
      // Missing paths are reported by loadVectorFile, with the file-level error the CLI expects.
    }
    if (!dir) return [p];
    const files = readdirSync(p)
      .filter((f) => f.endsWith('.json'))
      .sort();
    if (files.length === 0) throw new LoadError(p, 'directory holds no *.json vector files');
    return files.map((f) => join(p, f));
  });
}
