/**
 * Write failures in the middle of a run, injected into node:fs (a full disk cannot be arranged portably for a
 * subprocess): the verdicts are still printed, the failure is one line with exit 2, no temporary file
 * remains, and the directory never holds a report beside traces it does not list.
 */
import type * as fs from 'node:fs';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { removeTempFiles, tempFilesInFlight, writeFileAtomic, WriteFailure } from '../../traces/write.js';
import { run, STACK_LINE, tempDir } from './helpers.js';

/** Writes into a path containing `failIn` fail with ENOSPC once `allowed` writes there have succeeded. */
const fault = vi.hoisted(() => ({ failIn: null as string | null, allowed: 0 }));

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const paths = new Map<number, string>();
  const openSync = ((path: fs.PathLike, ...rest: unknown[]) => {
    const fd = (real.openSync as (...a: unknown[]) => number)(path, ...rest);
    paths.set(fd, String(path));
    return fd;
  }) as typeof real.openSync;
  const writeSync = ((fd: number, ...rest: unknown[]) => {
    const path = paths.get(fd);
    if (fault.failIn !== null && path?.includes(fault.failIn) === true) {
      if (fault.allowed <= 0) throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC' });
      fault.allowed -= 1;
    }
    return (real.writeSync as (...a: unknown[]) => number)(fd, ...rest);
  }) as typeof real.writeSync;
  return { ...real, openSync, writeSync, default: { ...real, openSync, writeSync } };
});

afterEach(() => {
  fault.failIn = null;
});

const SMALL_CHECK = ['check', '--max-replicas', '3', '--no-svg'];

describe('a disk that fills up while --out is written', () => {
  it('prints the verdicts first, then one line and exit 2; no temporary file, no report beside unlisted traces', async () => {
    const out = tempDir();
    // The probe file and the manifest claims succeed; the third trace file fails.
    fault.failIn = out;
    fault.allowed = 6;
    const r = await run([...SMALL_CHECK, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^canary-respected\s+violated/m);
    expect(r.stdout).not.toContain('Report:');
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        /^cloneset-check check: --out: cannot write ".*" \(ENOSPC: no space left on device\); expected a writable directory$/,
      ),
    ]);
    const files = readdirSync(out);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(files).not.toContain('report.md');
    expect(tempFilesInFlight()).toEqual([]);
  });

  it('--json still prints the run, listing exactly the files that were written', async () => {
    const out = tempDir();
    fault.failIn = out;
    fault.allowed = 6;
    const r = await run([...SMALL_CHECK, '--json', '--out', out]);
    expect(r.code).toBe(2);
    const j = JSON.parse(r.stdout) as { runs: { files: string[] }[] };
    const listed = j.runs.flatMap((x) => x.files);
    for (const f of listed) expect(existsSync(f), f).toBe(true);
    // And every trace file on disk is listed: a trace whose SVG failed once dropped its .json and .dot.
    const traces = readdirSync(out).filter((f) => f !== '.cloneset-check' && f !== 'report.md');
    expect(traces.length).toBeGreaterThan(0);
    expect(listed.map((f) => f.split('/').pop()).sort()).toEqual(traces.sort());
  });

  it('an earlier report is not left beside this run’s traces when the new report cannot be written', async () => {
    const out = tempDir();
    expect((await run([...SMALL_CHECK, '--out', out])).code).toBe(1);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('upstream');
    fault.failIn = join(out, '.report.md');
    fault.allowed = 0;
    const r = await run([...SMALL_CHECK, '--controller', 'pre-fix', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('report.md');
    const files = readdirSync(out);
    expect(files).not.toContain('report.md');
    expect(files.filter((f) => f.startsWith('upstream-'))).toEqual([]);
  });
});

describe('a disk that fills up while a sweep writes its findings', () => {
  it('the table is printed all the same, and findings.md never sits beside an earlier run’s findings.json', async () => {
    const dir = tempDir();
    const grid = join(dir, 'grid.yaml');
    writeFileSync(
      grid,
      ['scenario: { initialReplicas: 1, rollouts: 1, deletes: 0, scales: 0 }', 'axes:', '  controller: [pre-fix, proposed]'].join('\n'),
    );
    const out = join(dir, 'out');
    expect((await run(['sweep', grid, '--out', out, '-q'])).code).toBe(0);
    writeFileSync(
      grid,
      ['scenario: { initialReplicas: 1, rollouts: 1, deletes: 0, scales: 0 }', 'axes:', '  controller: [upstream]'].join('\n'),
    );
    fault.failIn = join(out, '.findings.json');
    fault.allowed = 0;
    const r = await run(['sweep', grid, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('# cloneset-check sweep');
    expect(r.stdout).toMatch(/^\| 0 \| upstream \|/m);
    expect(r.stdout).not.toContain('Written:');
    // The cell's progress line, then the write's one-line refusal.
    expect(r.stderr.trimEnd().split('\n')).toEqual(['cell 0 (controller "upstream"): holds', expect.stringContaining('findings.json')]);
    const files = readdirSync(out);
    // The new findings.md alone (as written), not beside the first grid's findings.json.
    expect(files).not.toContain('findings.json');
    if (files.includes('findings.md')) expect(readFileSync(join(out, 'findings.md'), 'utf8')).not.toContain('pre-fix');
  });
});

describe('writeFileAtomic', () => {
  it('removes its temporary file when the write fails, and keeps the old file', () => {
    const dir = tempDir();
    const target = join(dir, 'f.txt');
    writeFileAtomic(target, 'old');
    fault.failIn = dir;
    fault.allowed = 0;
    expect(() => writeFileAtomic(target, 'new')).toThrow(WriteFailure);
    expect(readdirSync(dir)).toEqual(['f.txt']);
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(tempFilesInFlight()).toEqual([]);
    removeTempFiles();
  });
});
