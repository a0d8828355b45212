/**
 * The bad-input contract: each bad input gives exactly one line on stderr that names the
 * field, the value and what is allowed; exit code 2; no stack trace; nothing written.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { serializeTraceDocument } from '../../traces/index.js';
import { issue1545Doc, mutable } from '../traces/fixtures.js';
import { run, STACK_LINE, tempDir } from './helpers.js';

const dir = tempDir();
const f = (name: string): string => join(dir, name);
const trace = f('trace.json');

beforeAll(() => {
  writeFileSync(f('invalid.json'), '{ "maxReplicas": 3, }');
  writeFileSync(f('invalid.yaml'), 'maxReplicas: [3\ndeletes: 1\n');
  writeFileSync(f('unknown-field.yaml'), 'maxReplicas: 3\nreplicas: 2\n');
  writeFileSync(f('wrong-type.json'), '{ "maxReplicas": "three" }');
  writeFileSync(f('pod-write-failures.yaml'), 'podWriteFailures: many\n');
  writeFileSync(f('list.yaml'), '- maxReplicas: 3\n');
  writeFileSync(f('collection-key.yaml'), '? [maxReplicas]\n: 3\n');
  writeFileSync(f('empty.json'), '');
  writeFileSync(f('two-documents.yaml'), 'maxReplicas: 3\n---\ndeletes: 1\n');
  writeFileSync(trace, serializeTraceDocument(issue1545Doc()));
  const corrupted = mutable(issue1545Doc());
  corrupted['steps'][1]['state']['pods'][0]['lifecycle'] = 'Zombie';
  writeFileSync(f('corrupted.json'), JSON.stringify(corrupted));
  const diverging = mutable(issue1545Doc());
  diverging['steps'][2]['state']['spec']['replicas'] = 3;
  writeFileSync(f('diverging.json'), JSON.stringify(diverging));
  writeFileSync(f('truncated.json'), serializeTraceDocument(issue1545Doc()).slice(0, 300));
  const holds = mutable(issue1545Doc());
  holds['property']['name'] = 'well-formed';
  holds['property']['kind'] = 'invariant';
  writeFileSync(f('not-reproduced.json'), JSON.stringify(holds));
  // Pod-write failures left in a scenario whose only observation option is statusWriteFailures.
  const podWrites = mutable(issue1545Doc());
  podWrites['scenario']['statusWriteFailures'] = 1;
  for (const st of podWrites['steps']) st['state']['observed'] = { lag: [], writeFailures: 1, podWriteFailures: 1 };
  writeFileSync(f('pod-write-failures.json'), JSON.stringify(podWrites));
  // OnDelete without a rollingUpdate block, yet the #1545 partition of 50%, which no such CloneSet has.
  const noBlock = mutable(issue1545Doc());
  noBlock['scenario']['updateStrategyType'] = 'OnDelete';
  noBlock['scenario']['rollingUpdate'] = false;
  writeFileSync(f('no-block.json'), JSON.stringify(noBlock));
});

/** argv, then fragments the one line must contain: the field, the value given, and the allowed values. */
const CASES: readonly (readonly [string, () => readonly string[], readonly string[]])[] = [
  ['no command', () => [], ['command', 'allowed: check']],
  ['unknown command', () => ['frobnicate'], ['command', '"frobnicate"', 'allowed: check', 'graph', 'replay', 'export', 'variants']],
  ['unknown flag', () => ['check', '--replicas', '3'], ['--replicas', 'unknown option', 'allowed:', '--max-replicas']],
  ['unknown variant', () => ['check', '--controller', 'fixed'], ['--controller', '"fixed"', 'pre-fix, upstream, proposed']],
  ['negative count', () => ['check', '--deletes', '-1'], ['--deletes', '-1', 'an integer from 0 to 10']],
  ['non-integer count', () => ['check', '--scales', '1.5'], ['--scales', '1.5', 'an integer from 0 to 10']],
  ['partition 150%', () => ['check', '--initial-partition', '150%'], ['--initial-partition', '150%', '"0%" to "100%"']],
  ['partition abc', () => ['check', '--partitions', '0,abc'], ['--partitions', 'abc', 'comma-separated list']],
  // Int-or-string integers are Go int32s (the --cloneset path refuses wider ones too).
  [
    'partition past int32',
    () => ['check', '--initial-partition', '2147483648'],
    ['--initial-partition', '2147483648', 'from 0 to 2147483647 (int32)'],
  ],
  [
    'listed partition past int32',
    () => ['check', '--partitions', '0,3000000000'],
    ['--partitions', '3000000000', 'from 0 to 2147483647 (int32)'],
  ],
  [
    'maxUnavailable past int32',
    () => ['check', '--max-unavailable', '2147483648'],
    ['--max-unavailable', '2147483648', 'from 0 to 2147483647 (int32)'],
  ],
  ['maxReplicas above the cap', () => ['check', '--max-replicas', '11'], ['--max-replicas', '11', 'an integer from 0 to 10']],
  ['staleReads above the cap', () => ['check', '--stale-reads', '4'], ['--stale-reads', '4', 'an integer from 0 to 3']],
  [
    'pod-write failures above a byte',
    () => ['check', '--pod-write-failures', '256'],
    ['--pod-write-failures', '256', 'an integer from 0 to 255'],
  ],
  [
    'negative pod-write failures',
    () => ['check', '--pod-write-failures', '-1'],
    ['--pod-write-failures', '-1', 'an integer from 0 to 255'],
  ],
  [
    'pod-write failures not a number',
    () => ['simulate', '--pod-write-failures', 'x'],
    ['--pod-write-failures', 'x', 'an integer from 0 to 255'],
  ],
  [
    'config: pod-write failures not a number',
    () => ['check', '--config', f('pod-write-failures.yaml')],
    ['podWriteFailures in', '"many"', 'an integer from 0 to 255'],
  ],
  [
    'pod-write timeouts without pod-write failures',
    () => ['check', '--pod-write-timeouts', 'true'],
    ['podWriteTimeouts', 'podWriteFailures above 0', 'allowed: false with podWriteFailures 0'],
  ],
  [
    'pod-write timeouts not a boolean',
    () => ['check', '--pod-write-failures', '1', '--pod-write-timeouts', 'sometimes'],
    ['--pod-write-timeouts', 'sometimes', 'true or false'],
  ],
  [
    'an unknown update strategy type',
    () => ['check', '--update-strategy-type', 'Recreate'],
    ['--update-strategy-type', 'Recreate', 'RollingUpdate, OnDelete'],
  ],
  [
    'maxSurge and maxUnavailable both 0 at 2 replicas (the webhook refuses the CloneSet)',
    () => ['check', '--max-unavailable', '0'],
    ['--max-unavailable: maxUnavailable and maxSurge should not both be less than 1', 'maxSurge 0 of 2 replicas', 'or initialReplicas 0'],
  ],
  [
    'no rollingUpdate block with RollingUpdate',
    () => ['check', '--rolling-update', 'false'],
    ['--rolling-update: false needs updateStrategyType OnDelete', 'allowed: true, or false with updateStrategyType OnDelete'],
  ],
  [
    'a partition OnDelete without the block never reads',
    () => ['check', '--update-strategy-type', 'OnDelete', '--rolling-update', 'false', '--partitions', '0,1'],
    ['--partitions: 0,1 does not fit', 'allowed: 0 only (without a rollingUpdate block the controller takes partition 0)'],
  ],
  [
    'a maxUnavailable OnDelete without the block never reads',
    () => ['check', '--update-strategy-type', 'OnDelete', '--rolling-update', 'false', '--max-unavailable', '1'],
    ['--max-unavailable: 1', 'allowed: "20%" (without a rollingUpdate block the controller takes 20%, rounded down)'],
  ],
  [
    'status-write failures with an inline write',
    () => ['check', '--status-write', 'inline', '--status-write-failures', '1'],
    ['statusWriteFailures', '1', 'statusWrite separate', 'allowed: 0'],
  ],
  [
    'initialReplicas above maxReplicas',
    () => ['check', '--initial-replicas', '4', '--max-replicas', '3'],
    ['initialReplicas', '4', 'allowed: 0..maxReplicas'],
  ],
  // Was exit 70 ("internal error: scenario too large to encode"): the pods of a state are counted in a byte.
  [
    'a maxSurge whose pods a state cannot hold',
    () => ['check', '--max-surge', '252'],
    ['--max-surge', '252', 'maxReplicas 4 plus 252 surge pods is 256', 'allowed with maxReplicas 4: an integer from 0 to 251'],
  ],
  [
    'the same in simulate, whose percentages can overflow too',
    () => ['simulate', '--max-replicas', '200', '--max-surge', '30%'],
    ['--max-surge', '"30%"', 'an integer from 0 to 55', 'a whole percentage up to 27%'],
  ],
  ['boolean that is not', () => ['check', '--rollback-gate', 'yes'], ['--rollback-gate', '"yes"', 'true or false']],
  ['free choices that is not a boolean', () => ['check', '--free-choices', 'maybe'], ['--free-choices', '"maybe"', 'true or false']],
  ['flag without its value', () => ['check', '--max-replicas'], ['--max-replicas', 'needs a value']],
  // Node's message names it '-f, --format <value>'; the line once read "-f,: needs a value".
  ['short flag without its value', () => ['export', 'trace.json', '-f'], ['--format: needs a value (write --format=VALUE']],
  ['long flag with a short alias, without its value', () => ['export', 'trace.json', '--output'], ['--output: needs a value']],
  ['value for a switch', () => ['check', '--json=yes'], ['--json', 'takes no value']],
  ['--max-states 0', () => ['check', '--max-states', '0'], ['--max-states', '"0"', 'a positive integer']],
  // Beyond 2^53 the number was rounded and then quoted: "got 100000000000000000000".
  [
    'an integer past 2^53',
    () => ['check', '--deletes', '99999999999999999999'],
    ['--deletes', 'got "99999999999999999999"', 'from 0 to 10'],
  ],
  ['--time-limit 1e-3', () => ['check', '--time-limit', '1e-3'], ['--time-limit', '"1e-3"', 'in digits, such as 60 or 0.5']],
  [
    'config: two YAML documents',
    () => ['check', '--config', f('two-documents.yaml')],
    ['--config', 'two-documents.yaml', 'a second YAML document', 'one is expected'],
  ],
  ['--time-limit abc', () => ['check', '--time-limit', 'abc'], ['--time-limit', '"abc"', 'a positive number of seconds']],
  ['--workers 0', () => ['check', '--workers', '0'], ['--workers', '"0"', 'an integer from 1 to 64']],
  ['--workers 65', () => ['check', '--workers', '65'], ['--workers', '"65"', 'an integer from 1 to 64']],
  [
    '--workers with --reduction',
    () => ['check', '--workers', '2', '--reduction'],
    ['--workers', '--reduction runs on one thread only', 'use --workers 1'],
  ],
  [
    '--workers with --exact',
    () => ['check', '--workers', '2', '--exact'],
    ['--workers', '--exact runs on one thread only', 'use --workers 1'],
  ],
  ['unknown property', () => ['check', '--property', 'liveness'], ['--property', '"liveness"', 'canary-respected']],
  [
    'config file that does not exist',
    () => ['check', '--config', f('missing.yaml')],
    ['--config', 'missing.yaml', 'does not exist', 'expected a JSON'],
  ],
  [
    'config: invalid JSON',
    () => ['check', '--config', f('invalid.json')],
    ['--config', 'invalid.json', 'not valid JSON', 'expected a JSON'],
  ],
  [
    'config: invalid YAML',
    () => ['check', '--config', f('invalid.yaml')],
    ['--config', 'invalid.yaml', 'not valid YAML', 'expected a JSON'],
  ],
  ['config: not a mapping', () => ['check', '--config', f('list.yaml')], ['--config', 'list.yaml', 'expected a JSON']],
  [
    'config: a list as a key',
    () => ['check', '--config', f('collection-key.yaml')],
    ['--config', 'collection-key.yaml', 'a list or mapping where a field name should be'],
  ],
  [
    'config: empty JSON, said once',
    () => ['check', '--config', f('empty.json')],
    ['--config', 'empty.json', 'is not valid JSON (Unexpected end of JSON input)'],
  ],
  ['partitions with an empty item', () => ['check', '--partitions', '1,,2'], ['--partitions', '1,"",2', 'comma-separated list']],
  [
    'config: unknown field',
    () => ['check', '--config', f('unknown-field.yaml')],
    ['replicas in', 'unknown field', 'allowed: controller', 'maxReplicas'],
  ],
  ['config: wrong type', () => ['check', '--config', f('wrong-type.json')], ['maxReplicas in', '"three"', 'an integer from 0 to 10']],
  ['replay without a file', () => ['replay'], ['TRACE', 'missing', 'trace JSON']],
  ['replay of a missing file', () => ['replay', f('nope.json')], ['nope.json', 'does not exist', 'trace JSON']],
  [
    'replay of a corrupted trace',
    () => ['replay', f('corrupted.json')],
    ['corrupted.json', '$.steps[1].state.pods[0].lifecycle', '"Zombie"', 'expected one of "PreparingNormal", "Normal"'],
  ],
  ['replay of a truncated trace', () => ['replay', f('truncated.json')], ['truncated.json', 'not valid JSON']],
  [
    'replay of a trace without a rollingUpdate block but with a partition',
    () => ['replay', f('no-block.json')],
    [
      'no-block.json',
      '$.scenario.initialPartition',
      'expected 0 (without a rollingUpdate block the controller takes partition 0)',
      '"50%"',
    ],
  ],
  [
    'replay of pod-write failures left in a scenario without them',
    () => ['replay', f('pod-write-failures.json')],
    ['pod-write-failures.json', '$.steps[0].state.observed.podWriteFailures', 'expected none', 'no podWriteFailures', 'got 1'],
  ],
  [
    'replay of a trace the model does not produce',
    () => ['replay', f('diverging.json')],
    ['diverging.json', 'step 2', 'spec.replicas model 2, recorded 3'],
  ],
  [
    'replay of a violation that no longer reproduces',
    () => ['replay', f('not-reproduced.json')],
    ['not-reproduced.json', '$.property', 'well-formed does not reproduce', 'holds on the last state'],
  ],
  ['export without --format', () => ['export', trace], ['--format', 'missing', 'itf, dot, svg, text, json, issue, kubectl']],
  [
    'export to an unknown format',
    () => ['export', trace, '--format', 'png'],
    ['--format', '"png"', 'itf, dot, svg, text, json, issue, kubectl'],
  ],
  [
    'export over its input',
    () => ['export', trace, '--format', 'itf', '--output', trace],
    ['--output', 'trace.json', 'is the input trace', 'another file'],
  ],
  ['graph --max-nodes 0', () => ['graph', '--max-nodes', '0'], ['--max-nodes', '"0"', 'an integer from 1 to 20000']],
  ['variants with an argument', () => ['variants', 'pre-fix'], ['arguments', '"pre-fix"', 'no arguments']],
];

describe('bad input: one line, exit 2, no stack trace', () => {
  it('covers at least 15 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(15));

  it.each(CASES)('%s', async (_name, argv, fragments) => {
    const r = await run(argv());
    expect(r.code).toBe(2);
    expect(r.stderr.endsWith('\n')).toBe(true);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^cloneset-check( \w+)?: /);
    for (const frag of fragments) expect(r.stderr).toContain(frag);
    expect(r.stderr).not.toMatch(STACK_LINE);
    if (!argv().includes('--json')) expect(r.stdout).toBe('');
  });
});

describe('YAML configs', () => {
  it('one document followed by a "---" line is one document', async () => {
    const path = f('trailing-separator.yaml');
    writeFileSync(path, 'maxReplicas: 3\ncontroller: proposed\n---\n');
    const r = await run(['check', '--config', path, '--property', 'well-formed', '--json', '--out', tempDir()]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"maxReplicas": 3');
  });
});

describe('bad input writes nothing', () => {
  it('a rejected check does not create its --out directory', async () => {
    const out = join(tempDir(), 'new-out');
    expect((await run(['check', '--max-replicas', '99', '--out', out])).code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('export refuses to replace its input, even spelled another way', async () => {
    const before = readFileSync(trace, 'utf8');
    const other = join(dir, '.', '..', dir.split('/').pop()!, 'trace.json');
    expect((await run(['export', trace, '--format', 'text', '--output', other])).code).toBe(2);
    expect(readFileSync(trace, 'utf8')).toBe(before);
  });

  it('an --out that is a file is refused before the search starts', async () => {
    const r = await run(['check', '--controller', 'pre-fix', '--out', trace]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out');
    expect(r.stderr).toContain('not a directory');
  });
});
