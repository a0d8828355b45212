/**
 * Upstream conformance vectors as unit tests: one test per vector, through the same runner the
 * `conformance` CLI uses, plus tests that the runner really fails (and says why) when it should.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { defaultVectorDir, runCli } from '../../cli/conformance/cli.js';
import { runVector } from '../../cli/conformance/runner.js';
import { loadVectorFile, type Kind } from '../../cli/conformance/vectors.js';

const VECTOR_DIR = defaultVectorDir();
const FILES = readdirSync(VECTOR_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

// Which kinds each shipped file must be detected as: a mis-detection would run the wrong checker.
const FILE_KINDS: Readonly<Record<string, readonly Kind[]>> = {
  'diffs.json': ['diffs'],
  'partition.json': ['partition'],
  'pod-sort.json': ['pod-sort'],
  'revisions.json': ['revisions'],
  'scale.json': ['createPods', 'scale'],
  'scaled-percent.json': ['scaled-percent'],
  'sync.json': ['sync'],
  'update-limit.json': ['update-limit'],
  'update-sort.json': ['update-sort'],
  'update-step.json': ['update-step'],
  'update-step-lifecycle.json': ['update-step'],
};

test('every vector file is present and detected as its kind', () => {
  expect(FILES).toEqual(Object.keys(FILE_KINDS).sort());
  for (const f of FILES) {
    const kinds = [...new Set(loadVectorFile(join(VECTOR_DIR, f)).vectors.map((v) => v.kind))].sort();
    expect(kinds, f).toEqual(FILE_KINDS[f]);
  }
});

for (const file of FILES) {
  describe(file, () => {
    for (const v of loadVectorFile(join(VECTOR_DIR, file)).vectors) {
      test(`${v.id} ${v.name}`, () => {
        const result = runVector(v);
        if (!result.ok) expect.fail(result.message);
      });
    }
  });
}

// ---- the runner as the CLI sees it ----

const scratch = mkdtempSync(join(tmpdir(), 'conformance-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Json = Record<string, unknown>;
const readVectors = (file: string): Json[] => JSON.parse(readFileSync(join(VECTOR_DIR, file), 'utf8')) as Json[];

function writeVectors(name: string, vectors: unknown): string {
  const path = join(scratch, name);
  writeFileSync(path, typeof vectors === 'string' ? vectors : JSON.stringify(vectors));
  return path;
}

function cli(...args: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

/** A copy of one shipped vector, changed by `edit`. */
function variant(file: string, id: string, edit: (v: Json) => void): Json {
  const v = structuredClone(readVectors(file).find((x) => x['id'] === id));
  if (v === undefined) throw new Error(`no vector ${id} in ${file}`);
  edit(v);
  return v;
}

const input = (v: Json): Json => v['input'] as Json;
const pods = (v: Json): Json[] => input(v)['pods'] as Json[];

describe('conformance CLI', () => {
  test('runs every shipped vector by default and passes', () => {
    const total = FILES.reduce((n, f) => n + readVectors(f).length, 0);
    const r = cli();
    expect(r.out).toEqual([`${total} passed, 0 failed`]);
    expect(r.code).toBe(0);
  });

  test('a corrupted expectation fails with id, name, field, expected and actual', () => {
    const vectors = readVectors('diffs.json');
    const bad = vectors.map((v) =>
      v['id'] === 'diffs-01' ? variant('diffs.json', 'diffs-01', (x) => ((x['expected'] as Json)['scaleUpNum'] = 4)) : v,
    );
    const r = cli(writeVectors('corrupt.json', bad));
    expect(r.code).toBe(1);
    expect(r.out).toHaveLength(2);
    expect(r.out[0]).toContain('diffs-01');
    expect(r.out[0]).toContain('"increase replicas to 5 (step 1/2)"');
    expect(r.out[0]).toContain('expected.scaleUpNum: expected 4, actual 5');
    expect(r.out[1]).toBe(`${vectors.length - 1} passed, 1 failed`);
  });

  test('`derived` values are never compared', () => {
    const v = variant('update-limit.json', 'update-limit-01', (x) => ((x['derived'] as Json)['updateNum'] = 999));
    expect(cli(writeVectors('derived.json', [v])).out).toEqual(['1 passed, 0 failed']);
  });

  test.each([
    [
      'an unknown lifecycle',
      'diffs.json',
      'diffs-02',
      (v: Json) => (pods(v)[0]!['lifecycle'] = 'PreparingReboot'),
      'input.pods[0].lifecycle',
    ],
    [
      'an unknown pod update policy',
      'sync.json',
      'sync-4',
      (v: Json) => (input(v)['podUpdatePolicy'] = 'InPlaceSometimes'),
      'input.podUpdatePolicy',
    ],
    ['a ranker', 'pod-sort.json', 'pod-sort-lt-0', (v: Json) => (input(v)['ranker'] = 'SameNodeRanker'), 'input.ranker'],
    [
      'a priority strategy',
      'update-sort.json',
      'update-sort-0',
      (v: Json) => (input(v)['priorityStrategy'] = { weightPriority: [] }),
      'input.priorityStrategy',
    ],
    [
      'a feature gate the model lacks',
      'diffs.json',
      'diffs-00',
      (v: Json) => ((input(v)['featureGates'] as Json)['CloneSetShortHash'] = true),
      'input.featureGates.CloneSetShortHash',
    ],
    ['an input field nobody reads', 'scale.json', 'scale-1', (v: Json) => (input(v)['podsToDelete'] = ['sample-3']), 'input.podsToDelete'],
    [
      'a pod role contradicting its hash',
      'diffs.json',
      'diffs-02',
      (v: Json) => (pods(v)[0]!['revision'] = 'current'),
      'input.pods[0].revision',
    ],
    [
      'an expected field no checker computes',
      'partition.json',
      'partition-01',
      (v: Json) => ((v['expected'] as Json)['warning'] = false),
      'expected.warning',
    ],
  ])('%s fails, naming the field', (_what, file, id, edit, field) => {
    const r = cli(writeVectors('unexpressible.json', [variant(file, id, edit)]));
    expect(r.code).toBe(1);
    expect(r.out[0]).toContain(id);
    expect(r.out[0]).toContain(field);
    expect(r.out.at(-1)).toBe('0 passed, 1 failed');
  });

  test.each([
    ['a missing file', () => join(scratch, 'nope.json'), 'no such file'],
    ['a non-JSON file', () => writeVectors('broken.json', '[{"id": '), 'not valid JSON'],
    [
      'a file of unrecognisable kind',
      () => writeVectors('alien.json', [{ id: 'alien-0', input: { x: 1 }, expected: { y: 2 } }]),
      'cannot be recognised',
    ],
    ['an empty vector list', () => writeVectors('empty.json', []), 'cannot be recognised'],
  ])('%s exits 2 with a one-line error', (_what, makePath, reason) => {
    const r = cli(makePath());
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toContain(reason);
    expect(r.err[0]).not.toMatch(/\n|\s+at\s/);
  });
});
