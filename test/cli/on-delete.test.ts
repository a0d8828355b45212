/**
 * `--update-strategy-type OnDelete` through the CLI: the Scenario line and the trace files say it, a trace
 * replays under it, and the exports write the CloneSet as v1beta1 (kruise's v1alpha1 webhook refuses OnDelete).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run, tempDir } from './helpers.js';

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

  it('export --format kubectl writes a v1beta1 CloneSet and patches it through the v1beta1 resource', async () => {
    const r = await run(['export', trace, '--format', 'kubectl']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('apiVersion: apps.kruise.io/v1beta1');
    expect(r.stdout).toContain('    type: OnDelete\n    rollingUpdate:\n      partition: "50%"');
    expect(r.stdout).toContain('k patch clonesets.v1beta1.apps.kruise.io "$NAME"');
    expect(r.stdout).toContain('"path":"/spec/updateStrategy/rollingUpdate/partition"');
    expect(r.stdout).not.toContain('apps.kruise.io/v1alpha1');
  });

  it("a script whose CloneSet has maxUnavailable 0 says HEAD's v1beta1 webhook refuses it; others do not", async () => {
    const out = tempDir();
    const c = await run(
      ['check', '--controller', 'upstream', '--property', 'on-delete-respected', '--update-strategy-type', 'OnDelete'].concat([
        '--max-surge',
        '1',
        '--max-unavailable',
        '0',
        '--no-svg',
        '--out',
        out,
      ]),
    );
    expect(c.code).toBe(1);
    const refused = await run(['export', join(out, 'upstream-on-delete-respected.json'), '--format', 'kubectl']);
    const line = "# Upstream HEAD's v1beta1 webhook refuses a maxUnavailable below 1 whatever maxSurge is";
    expect(refused.stdout).toContain(line);
    expect((await run(['export', trace, '--format', 'kubectl'])).stdout).not.toContain(line);
  });

  it('the issue report writes the CloneSet as v1beta1 and attaches the script', async () => {
    const r = await run(['export', trace, '--format', 'issue']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('OnDelete with a rollingUpdate block (v1beta1)');
    expect(r.stdout).toContain('apiVersion: apps.kruise.io/v1beta1');
    expect(r.stdout).toContain('<summary>reproduce.sh</summary>');
  });
});
