/**
 * Hostile and odd input files (issue #17): non-regular, oversized or deeply nested files, repeated keys,
 * byte-order marks, YAML tags, decimal percents the controller would read as 0, empty lists, repeated
 * flags, traces naming an unknown property. Each is one stderr line naming the field, exit 2; a BOM is
 * accepted alike in JSON and YAML.
 */
import { spawnSync } from 'node:child_process';
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES } from '../../cli/input-file.js';
import { parseJsonStrict } from '../../traces/strict-json.js';
import { serializeTraceDocument } from '../../traces/index.js';
import { issue1545Doc, mutable } from '../traces/fixtures.js';
import { run, STACK_LINE, tempDir } from './helpers.js';

const dir = tempDir();
const f = (name: string): string => join(dir, name);
const BOM = '\ufeff';

beforeAll(() => {
  writeFileSync(f('deep.json'), `{"maxReplicas": ${'['.repeat(5000)}${']'.repeat(5000)}}`);
  writeFileSync(f('deep.yaml'), `maxReplicas: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
  writeFileSync(f('deep-100.yaml'), `maxReplicas: ${'['.repeat(100)}${']'.repeat(100)}\n`);
  writeFileSync(f('dup.json'), '{"maxReplicas": 3, "deletes": 1, "maxReplicas": 2}');
  writeFileSync(f('dup.yaml'), 'maxReplicas: 3\nmaxReplicas: 2\n');
  writeFileSync(f('bom.json'), `${BOM}{"maxReplicas": 3, "controller": "pre-fix"}`);
  writeFileSync(f('bom.yaml'), `${BOM}maxReplicas: 3\ncontroller: pre-fix\n`);
  writeFileSync(f('plain.yaml'), 'maxReplicas: 3\ncontroller: pre-fix\n');
  writeFileSync(f('function.yaml'), 'maxReplicas: !!js/function "function () { return 3 }"\n');
  writeFileSync(f('surge.yaml'), 'maxSurge: "50.5%"\n');
  writeFileSync(f('empty-list.yaml'), 'partitions: []\n');
  writeFileSync(f('latin1.yaml'), Buffer.from([0x6d, 0x61, 0x78, 0x52, 0x3a, 0x20, 0xe9, 0x0a]));
  writeFileSync(f('big.yaml'), '');
  truncateSync(f('big.yaml'), MAX_INPUT_BYTES + 1);
  spawnSync('mkfifo', [f('fifo.yaml')]);
  const trace = (name: string, edit: (d: Record<string, any>) => void): void => {
    const d = mutable(issue1545Doc());
    edit(d);
    writeFileSync(f(name), JSON.stringify(d));
  };
  trace('nope-property.json', (d) => (d['property']['name'] = 'nope'));
  trace('wrong-kind.json', (d) => (d['property']['kind'] = 'invariant'));
  trace('diverging.json', (d) => (d['steps'][2]['state']['spec']['replicas'] = 3));
  writeFileSync(f('dup-trace.json'), serializeTraceDocument(issue1545Doc()).replace('"format":', '"version": 1, "format":'));
  writeFileSync(f('bom-trace.json'), `${BOM}${serializeTraceDocument(issue1545Doc())}`);
});

const CONFIG = (name: string): string[] => [
  'check',
  '--controller',
  'pre-fix',
  '--max-states',
  '10',
  '-q',
  '--config',
  name.startsWith('/') ? name : f(name),
];

/** argv, then fragments the one line must contain. */
const CASES: readonly (readonly [string, () => readonly string[], readonly string[]])[] = [
  [
    'config nested 5,000 levels (JSON)',
    () => CONFIG('deep.json'),
    ['--config', 'deep.json', '$.maxReplicas[0][0]', 'nested more than 64 levels'],
  ],
  ['config nested 5,000 levels (YAML)', () => CONFIG('deep.yaml'), ['--config', 'deep.yaml', 'nested too deeply']],
  [
    'config nested 100 levels (YAML): parsed, then refused by the field type',
    () => CONFIG('deep-100.yaml'),
    ['maxReplicas in', 'an integer from 0 to 10'],
  ],
  ['config: duplicate key (JSON)', () => CONFIG('dup.json'), ['--config', 'dup.json', '$.maxReplicas', 'duplicate key']],
  ['config: duplicate key (YAML)', () => CONFIG('dup.yaml'), ['--config', 'dup.yaml', 'not valid YAML', 'unique']],
  ['config: a !!js/function tag', () => CONFIG('function.yaml'), ['--config', 'function.yaml', 'js/function']],
  ['config: a directory', () => CONFIG(dir), ['--config', 'is a directory, not a regular file']],
  ['config: a device', () => CONFIG('/dev/zero'), ['--config', '/dev/zero', 'is a character device, not a regular file']],
  ['config: a FIFO', () => CONFIG('fifo.yaml'), ['--config', 'fifo.yaml', 'FIFO', 'not a regular file']],
  ['config: over the size limit', () => CONFIG('big.yaml'), ['--config', 'big.yaml', 'above the 16 MiB limit']],
  ['config: not UTF-8', () => CONFIG('latin1.yaml'), ['--config', 'latin1.yaml', 'not UTF-8']],
  ['config: a parent that is a file', () => CONFIG('dup.json/x.yaml'), ['--config', 'does not exist', 'not a directory']],
  ['config: decimal maxSurge', () => CONFIG('surge.yaml'), ['maxSurge in', '"50.5%"', 'whole percentage', 'no decimals']],
  ['config: empty partitions', () => CONFIG('empty-list.yaml'), ['partitions in', 'an empty list', '1 to 8 values']],
  ['--max-surge 50.5%', () => ['check', '--max-surge', '50.5%'], ['--max-surge', '"50.5%"', 'whole percentage']],
  ['--max-surge 100.0%', () => ['check', '--max-surge', '100.0%'], ['--max-surge', '"100.0%"', 'whole percentage']],
  ['--max-unavailable 0.5%', () => ['check', '--max-unavailable', '0.5%'], ['--max-unavailable', '"0.5%"', 'whole percentage']],
  [
    '--scale-max-unavailable 10.0%',
    () => ['check', '--scale-max-unavailable', '10.0%'],
    ['--scale-max-unavailable', '"10.0%"', 'whole percentage'],
  ],
  ['--partitions empty', () => ['check', '--partitions', ''], ['--partitions', 'an empty list', '1 to 8 values']],
  ['--partitions of commas only', () => ['check', '--partitions', ' , '], ['--partitions', 'got "",""', 'comma-separated list']],
  [
    '--config twice',
    () => ['check', '--config', f('plain.yaml'), '--config', f('bom.yaml')],
    ['--config', 'given twice', 'plain.yaml', 'bom.yaml', 'give it once'],
  ],
  ['a scenario flag twice', () => ['check', '--max-replicas', '3', '--max-replicas=4'], ['--max-replicas', 'given twice', '"3", then "4"']],
  [
    'replay: unknown property name',
    () => ['replay', f('nope-property.json')],
    ['nope-property.json', '$.property.name', '"nope"', 'canary-respected'],
  ],
  [
    'replay: property of the wrong kind',
    () => ['replay', f('wrong-kind.json')],
    ['wrong-kind.json', '$.property.kind', 'the kind of', '"invariant"'],
  ],
  ['replay: duplicate key in a trace', () => ['replay', f('dup-trace.json')], ['dup-trace.json', '$.version', 'duplicate key']],
  ['replay: a FIFO', () => ['replay', f('fifo.yaml')], ['fifo.yaml', 'FIFO', 'trace JSON']],
  ['replay: a directory', () => ['replay', dir], ['is a directory', 'trace JSON']],
  [
    'export: unknown property name',
    () => ['export', f('nope-property.json'), '-f', 'itf'],
    ['nope-property.json', '$.property.name', '"nope"'],
  ],
  [
    'export: a trace the model does not produce',
    () => ['export', f('diverging.json'), '-f', 'itf'],
    ['diverging.json', 'step 2', 'spec.replicas model 2, recorded 3'],
  ],
];

describe('bad input files and values: one line, exit 2, no stack trace', () => {
  it.each(CASES)('%s', async (_name, argv, fragments) => {
    const r = await run(argv());
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^cloneset-check \w+: /);
    for (const frag of fragments) expect(r.stderr).toContain(frag);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stdout).toBe('');
  });
});

describe('a byte-order mark is ignored alike in JSON and YAML', () => {
  it('the same scenario with and without a BOM, in either format', async () => {
    const args = ['check', '--max-states', '50', '--json', '--out', tempDir()];
    const plain = await run([...args, '--config', f('plain.yaml')]);
    const json = await run([...args, '--config', f('bom.json')]);
    const yaml = await run([...args, '--config', f('bom.yaml')]);
    expect(plain.stderr).toBe('');
    expect(json.stderr).toBe('');
    expect(yaml.stderr).toBe('');
    const bounds = (s: string): unknown => (JSON.parse(s) as { scenario: unknown }).scenario;
    expect(bounds(json.stdout)).toEqual(bounds(plain.stdout));
    expect(bounds(yaml.stdout)).toEqual(bounds(plain.stdout));
  });

  it('in a trace too', async () => {
    expect((await run(['replay', f('bom-trace.json'), '-q'])).code).toBe(0);
  });
});

describe('still accepted', () => {
  it('decimal partitions (kruise parses partitions with ParseFloat)', async () => {
    const r = await run([
      'check',
      '--controller',
      'pre-fix',
      '--initial-partition',
      '50.5%',
      '--partitions',
      '0,12.5%',
      '--max-states',
      '10',
      '-q',
      '--out',
      tempDir(),
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(3);
  });

  it('a repeated switch or a repeated --property loses nothing', async () => {
    const r = await run([
      'check',
      '--controller',
      'pre-fix',
      '--property',
      'well-formed',
      '--property',
      'surge-bound',
      '-q',
      '-q',
      '--max-states',
      '10',
      '--out',
      tempDir(),
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(3);
  });
});

describe('parseJsonStrict', () => {
  it('names the first repeated key by its JSON path, in nested objects and arrays', () => {
    expect(parseJsonStrict('{"a": [{"b": 1}, {"b": 1, "c": {"d": 0, "d": 1}}]}')).toMatchObject({ ok: false, path: '$.a[1].c.d' });
    expect(parseJsonStrict('{"a b": 1, "a b": 2}')).toMatchObject({ ok: false, path: '$["a b"]' });
  });

  it('tells keys from values and escaped quotes from closing ones', () => {
    expect(parseJsonStrict('{"a": "a", "b": ["a", "a"], "c\\"": {"a": "\\"a"}}')).toEqual({
      ok: true,
      value: { a: 'a', b: ['a', 'a'], 'c"': { a: '"a' } },
    });
  });

  it('equal keys in different objects are fine', () => {
    expect(parseJsonStrict('[{"a": 1}, {"a": 2}]').ok).toBe(true);
  });
});

describe('simulate --path must be a path of this search', () => {
  const sim = (path: string): Promise<{ code: number; stdout: string; stderr: string }> =>
    run(['simulate', '--controller', 'pre-fix', '--runs', '200', '--path', path, '--json', '--out', tempDir()]);

  it('a first number beyond --runs names the allowed range', async () => {
    const r = await sim('99999:0');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringContaining('--path: "99999:0" starts at walk 99999')]);
    expect(r.stderr).toContain('allowed: a first number from 0 to 199');
  });

  it('a path that leads nowhere is refused, not reported as "no violation found"', async () => {
    const r = await sim('0:99999');
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringContaining('--path: "0:99999" leads to no counterexample of this search'),
    ]);
  });

  it('a path an earlier run printed still replays its counterexample', async () => {
    const first = JSON.parse(
      (await run(['simulate', '--controller', 'pre-fix', '--runs', '200', '--json', '--out', tempDir()])).stdout,
    ) as { shrink: { path: string; shrunkSteps: number } };
    const again = await sim(first.shrink.path);
    expect(again.code).toBe(1);
    expect((JSON.parse(again.stdout) as { shrink: { shrunkSteps: number } }).shrink.shrunkSteps).toBe(first.shrink.shrunkSteps);
  });

  it('a path printed by a run with another seed is refused like any path that leads nowhere', async () => {
    // fast-check throws on a path its walks do not make; that was an internal error (exit 70).
    const first = JSON.parse(
      (await run(['simulate', '--controller', 'pre-fix', '--seed', '42', '--runs', '200', '--json', '--out', tempDir()])).stdout,
    ) as { shrink: { path: string } };
    const r = await run([
      'simulate',
      '--controller',
      'pre-fix',
      '--seed',
      '7',
      '--runs',
      '200',
      '--path',
      first.shrink.path,
      '--out',
      tempDir(),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringContaining(`--path: "${first.shrink.path}" leads to no counterexample`)]);
  });
});
