/**
 * Strategy edits on the command line and in config files (--strategy-changes, --max-surge-values,
 * --max-unavailable-values): what they build, the report line that names them, and their refusals (one
 * line naming the field and what is allowed, exit 2, no stack trace).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildScenario } from '../../cli/scenario.js';
import { scenarioFlags } from '../../cli/scenario-flags.js';
import { run, STACK_LINE, tempDir } from './helpers.js';

const dir = tempDir();
const SMALL = ['--initial-replicas', '1', '--max-replicas', '2', '--status-write', 'inline', '--deletes', '1'];

describe('strategy edits: flags and config', () => {
  it('build the scenario the flags say, and the report line and --json bounds name them', async () => {
    const flags = ['--max-surge-values', '1,50%', '--max-unavailable-values', '0', '--strategy-changes', 'any'];
    const r = await run(['check', ...SMALL, '--controller', 'proposed', ...flags, '--json']);
    expect(r.stderr).toBe('');
    const bounds = JSON.stringify(JSON.parse(r.stdout).bounds);
    expect(bounds).toContain('"maxSurges":[1,"50%"]');
    expect(bounds).toContain('"maxUnavailables":[0]');
    expect(bounds).toContain('"strategies":"any"');
    const text = await run(['check', ...SMALL, '--controller', 'proposed', ...flags, '--out', join(dir, 'text')]);
    expect(text.stdout).toContain('any number of strategy edits among maxSurge [0,1,"50%"] and maxUnavailable ["20%",0]');
    expect(text.stdout).toContain('maxUnavailable "20%" at the start');
  });

  it('a config takes the same keys; strategyChanges 0 is the scenario without them, and the flags that rebuild a scenario name them', () => {
    writeFileSync(join(dir, 'edits.yaml'), 'strategyChanges: 2\nmaxSurgeValues: [1, 2]\nmaxUnavailableValues: ["50%"]\n');
    writeFileSync(join(dir, 'off.yaml'), 'strategyChanges: 0\nmaxSurgeValues: [1]\n');
    const on = buildScenario({}, join(dir, 'edits.yaml')).scenario;
    expect(on).toMatchObject({ maxSurges: [1, 2], maxUnavailables: ['50%'], budgets: { strategies: 2 } });
    expect(scenarioFlags(on)).toEqual(
      expect.arrayContaining(['--max-surge-values', '1,2', '--max-unavailable-values', '50%', '--strategy-changes', '2']),
    );
    const off = buildScenario({}, join(dir, 'off.yaml')).scenario;
    expect(off.budgets).not.toHaveProperty('strategies');
    expect(scenarioFlags(buildScenario({}, undefined).scenario)).not.toContain('--max-surge-values');
  });

  it.each([
    [['--strategy-changes', 'always'], '--strategy-changes', 'an integer from 0 to 10, or any'],
    [['--max-surge-values', '1,2,3,4,5'], '--max-surge-values', 'a comma-separated list of 1 to 4 values'],
    [['--max-unavailable-values', '50.5%'], '--max-unavailable-values', 'a whole percentage'],
    // Five distinct values with --max-surge's 0: past the two bits an index takes.
    [['--max-surge-values', '1,2,3,4', '--strategy-changes', '1'], '--max-surge-values', 'at most 4'],
  ])('%j is refused: one line naming %s, exit 2', async (args, field, allowed) => {
    const r = await run(['check', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(field);
    expect(r.stderr).toContain(allowed);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stdout).toBe('');
  });

  it('a maxSurge value past what a state holds is refused by the values field, not by --max-surge', async () => {
    const r = await run(['check', '--max-surge-values', '300', '--strategy-changes', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--max-surge-values: 300 is more surge than the model can encode/);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });
});
