/**
 * `any` as a budget on the command line and in config files (rollouts, scales, partition changes), its
 * refusals (one line, exit 2), and traces that record it: written by check, replayed, parsed back equal,
 * exported to ITF without the counters that do not exist.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIMULATION_FIELDS } from '../../cli/fields.js';
import { buildScenario } from '../../cli/scenario.js';
import { parseTraceDocument, serializeTraceDocument } from '../../traces/index.js';
import { toItf } from '../../traces/itf.js';
import { validateItf } from '../../traces/itf-validate.js';
import { run, STACK_LINE, tempDir } from './helpers.js';

const dir = tempDir();
const SMALL = [
  '--initial-replicas',
  '1',
  '--max-replicas',
  '2',
  '--partitions',
  '0,50%,100%',
  '--status-write',
  'inline',
  '--deletes',
  '1',
];

describe('any budgets: flags and config', () => {
  it('flags accept any for rollouts, scales and partition changes', async () => {
    const r = await run([
      'check',
      ...SMALL,
      '--controller',
      'proposed',
      '--rollouts',
      'any',
      '--scales',
      'any',
      '--partition-changes',
      'any',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout) as { runs: { bounds: { budgets: unknown } }[] } | { bounds: { budgets: unknown } };
    expect(JSON.stringify(json)).toContain('"budgets":{"rollouts":"any","deletes":1,"scales":"any","partitions":"any"}');
  });

  it('the text report says "any number of"', async () => {
    const r = await run([
      'check',
      ...SMALL,
      '--controller',
      'proposed',
      '--partition-changes',
      'any',
      '--scales',
      'any',
      '--out',
      join(dir, 'text'),
    ]);
    expect(r.stdout).toContain('any number of scales in 0..2, any number of partition changes among [0,"50%","100%"]');
    expect(r.stdout).toContain('1 rollout(s) over 2 templates');
  });

  it('config files accept "any" (JSON and YAML), for check and simulate', () => {
    writeFileSync(join(dir, 'any.json'), '{ "partitionChanges": "any", "scales": "any", "rollouts": 2 }');
    writeFileSync(join(dir, 'any.yaml'), 'partitionChanges: any\nrollouts: any\n');
    expect(buildScenario({}, join(dir, 'any.json')).scenario.budgets).toMatchObject({ partitions: 'any', scales: 'any', rollouts: 2 });
    expect(buildScenario({}, join(dir, 'any.yaml')).scenario.budgets).toMatchObject({ partitions: 'any', rollouts: 'any', scales: 2 });
    expect(buildScenario({}, join(dir, 'any.yaml'), SIMULATION_FIELDS).scenario.budgets).toMatchObject({ partitions: 'any' });
  });

  it.each([
    ['--partition-changes', 'anyy', 'an integer from 0 to 10, or any'],
    ['--partition-changes', '-1', 'an integer from 0 to 10, or any'],
    ['--scales', 'ANY', 'an integer from 0 to 10, or any'],
    ['--rollouts', '11', 'an integer from 0 to 10, or any'],
    ['--deletes', 'any', 'an integer from 0 to 10'],
    ['--pause-changes', 'always', 'an integer from 0 to 10, or any'],
  ])('%s %s is refused: one line, exit 2', async (flag, value, allowed) => {
    const r = await run(['check', flag, value]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(flag);
    expect(r.stderr).toContain(value);
    expect(r.stderr).toContain(allowed);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stdout).toBe('');
  });

  it('pause changes: any on the flag and in a config, 0 the scenario without them; the report line names them', async () => {
    const r = await run(['check', ...SMALL, '--controller', 'proposed', '--pause-changes', 'any', '--json']);
    expect(r.stderr).toBe('');
    expect(JSON.stringify(JSON.parse(r.stdout))).toContain('"budgets":{"rollouts":1,"deletes":1,"scales":2,"partitions":0,"pauses":"any"}');
    writeFileSync(join(dir, 'pauses.yaml'), 'pauseChanges: any\npaused: true\n');
    writeFileSync(join(dir, 'no-pauses.yaml'), 'pauseChanges: 0\n');
    expect(buildScenario({}, join(dir, 'pauses.yaml')).scenario).toMatchObject({ paused: true, budgets: { pauses: 'any' } });
    expect(buildScenario({}, join(dir, 'no-pauses.yaml')).scenario.budgets).not.toHaveProperty('pauses');
    const text = await run([
      'check',
      ...SMALL,
      '--controller',
      'proposed',
      '--paused',
      'true',
      '--pause-changes',
      '2',
      '--out',
      join(dir, 'p'),
    ]);
    expect(text.stdout).toContain('2 pause(s) or resume(s)');
    expect(text.stdout).toContain('paused at the start');
  });

  it('a config with deletes: any is refused naming the field', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'deletes: any\n');
    const r = await run(['check', '--config', join(dir, 'bad.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('deletes');
    expect(r.stderr).toContain('an integer from 0 to 10');
  });
});

describe('any budgets: traces', () => {
  const out = join(dir, 'traces');
  const traceFile = join(out, 'pre-fix-promotion-sound.json');

  it('check writes a trace that records "any", and replay reproduces it', async () => {
    const r = await run([
      'check',
      ...SMALL,
      '--controller',
      'pre-fix',
      '--property',
      'promotion-sound',
      '--partition-changes',
      'any',
      '--scales',
      'any',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(1);
    const text = readFileSync(traceFile, 'utf8');
    const parsed = parseTraceDocument(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.doc.scenario.budgets).toEqual({ rollouts: 1, deletes: 1, scales: 'any', partitions: 'any' });
    expect(parsed.doc.steps.every((s) => s.state.budgets.partitions === 'any' && s.state.budgets.scales === 'any')).toBe(true);
    expect(serializeTraceDocument(parsed.doc)).toBe(text);
    const replayed = await run(['replay', traceFile, '-q']);
    expect(replayed).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('ITF leaves out the counters an any budget does not have', () => {
    const parsed = parseTraceDocument(readFileSync(traceFile, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const itf = toItf(parsed.doc);
    expect(validateItf(itf)).toEqual({ ok: true });
    expect(Object.keys(itf.states[0]!['budgets'] as object)).toEqual(['rollouts', 'deletes']);
  });

  it('a state whose budget is not "any" where its scenario is (or the other way round) is refused', () => {
    const doc = JSON.parse(readFileSync(traceFile, 'utf8')) as { steps: { state: { budgets: Record<string, unknown> } }[] };
    doc.steps[1]!.state.budgets['partitions'] = 3;
    const r = parseTraceDocument(JSON.stringify(doc));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'inconsistent', field: '$.steps[1].state.budgets.partitions' });
    doc.steps[1]!.state.budgets['partitions'] = 'any';
    doc.steps[1]!.state.budgets['rollouts'] = 'any';
    const r2 = parseTraceDocument(JSON.stringify(doc));
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.error.message).toContain("the scenario's rollouts budget is 1");
    doc.steps[1]!.state.budgets['rollouts'] = 'some';
    const r3 = parseTraceDocument(JSON.stringify(doc));
    expect(r3.ok).toBe(false);
    if (!r3.ok) expect(r3.error.message).toContain('expected an integer in 0..255 or "any"');
  });
});
