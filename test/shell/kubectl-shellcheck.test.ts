/**
 * The kubectl export's scripts are shellcheck-clean. Kept out of `npm test` (vitest.config.ts excludes this
 * folder) because it needs shellcheck, a system package a fresh machine lacks: `npm run test:shell` runs it,
 * and .ci/run installs shellcheck and runs it after `npm test`. A missing shellcheck fails here, loudly.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toKubectlScript } from '../../traces/kubectl.js';
import { kubectlTestDocs } from '../traces/kubectl-docs.js';

const dir = mkdtempSync(join(tmpdir(), 'kubectl-shellcheck-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('export --format kubectl: shellcheck', () => {
  it('shellcheck is installed (Debian/Ubuntu: apt-get install shellcheck)', () => {
    const v = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
    expect(v.error, 'shellcheck not found on PATH').toBeUndefined();
    expect(v.status).toBe(0);
  });

  const { fixtures, explored } = kubectlTestDocs();
  it.each([...fixtures, ...explored])('%s: no finding at style severity', (name, doc) => {
    const file = join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.sh`);
    writeFileSync(file, toKubectlScript(doc));
    const r = spawnSync('shellcheck', ['--shell=bash', '--severity=style', file], { encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });
});
