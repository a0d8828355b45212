/**
 * `--update-strategy-type OnDelete` through the CLI: the Scenario line and the trace files say it, a trace
 * replays under it, and the exports that cannot hold it say so (a kubectl script writes a v1alpha1 CloneSet,
 * whose webhook refuses OnDelete): exit 2 with one line for `--format kubectl`, a sentence in the issue report.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run, STACK_LINE, tempDir } from './helpers.js';

const dir = tempDir();
const trace = join(dir, 'upstream-canary-respected.json');

beforeAll(async () => {
  const r = await run(['check', '--controller', 'upstream', '--update-strategy-type', 'OnDelete', '--no-svg', '--out', dir]);
  expect(r.code).toBe(1);
});

describe('OnDelete through the CLI', () => {
  it('the Scenario line and the trace file name the strategy', async () => {
    const r = await run([
      'check',
      '--controller',
      'proposed',
      '--update-strategy-type',
      'OnDelete',
      '--rolling-update',
      'false',
      '--out',
      tempDir(),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('partition 0;');
    expect(r.stdout).toContain('OnDelete without a rollingUpdate block');
    expect(JSON.parse(readFileSync(trace, 'utf8')).scenario).toMatchObject({ updateStrategyType: 'OnDelete' });
    expect(JSON.parse(readFileSync(trace, 'utf8')).scenario).not.toHaveProperty('rollingUpdate');
  });

  it('its counterexample replays under OnDelete', async () => {
    const r = await run(['replay', trace]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/reproduced/i);
  });

  it('export --format kubectl refuses it in one line, exit 2, and writes nothing', async () => {
    const out = join(dir, 'repro.sh');
    const r = await run(['export', trace, '--format', 'kubectl', '--output', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--format: kubectl: not for this trace');
    expect(r.stderr).toContain('refuses updateStrategy.type OnDelete there (upstream HEAD takes it in v1beta1)');
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(() => readFileSync(out)).toThrow();
  });

  it('the issue report says why there is no script, and names the strategy', async () => {
    const r = await run(['export', trace, '--format', 'issue']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No runnable script');
    expect(r.stdout).not.toContain('--format kubectl > reproduce.sh');
    expect(r.stdout).toContain('OnDelete with a rollingUpdate block (v1beta1)');
    expect(r.stdout).toContain('apiVersion: apps.kruise.io/v1beta1');
  });
});
