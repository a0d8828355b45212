/**
 * The built CLI as a real process: exit codes and streams as a shell sees them, and Ctrl-C during a long
 * check (partial statistics, exit 130, files already written left intact).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTraceDocument, serializeTraceDocument } from '../../traces/index.js';
import { issue1545Doc } from '../traces/fixtures.js';
import { ANSI, ensureDist, EXAMPLES, runNode, STACK_LINE, tempDir } from './helpers.js';

beforeAll(ensureDist, 120_000);

describe('the cloneset-check process', () => {
  it('bad input: one line on stderr, exit 2, no stack trace', async () => {
    const r = await runNode(['check', '--initial-partition', '150%']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'cloneset-check check: --initial-partition: expected an integer from 0 to 2147483647 (int32) or a percentage from "0%" to "100%", got "150%"\n',
    );
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('a missing config file: one line, exit 2', async () => {
    const r = await runNode(['graph', '--config', 'no/such/file.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringContaining('--config: file "no/such/file.yaml" does not exist')]);
  });

  it('a violation through a pipe: exit 1, plain text, no progress line', async () => {
    const out = tempDir();
    const r = await runNode(
      ['check', '--config', join(EXAMPLES, 'scale-to-zero.yaml'), '--controller', 'upstream', '--no-svg', '--out', out],
      { cwd: out },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('upstream violates canary-respected');
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stderr).toBe('');
  });
});

describe('check --workers 2', () => {
  it('reports the counts and counterexamples of one thread, and writes the same files', async () => {
    const runs = [];
    for (const workers of ['1', '2']) {
      const out = tempDir();
      const r = await runNode(['check', '--config', join(EXAMPLES, 'issue-1545.yaml'), '--json', '--workers', workers, '--out', out], {
        cwd: out,
      });
      expect(r.code, r.stderr).toBe(1);
      const files = readdirSync(out).sort();
      runs.push({
        json: JSON.parse(r.stdout.split(out).join('OUT')) as { runs: { stats: Record<string, unknown> }[] },
        files,
        read: (f: string) => readFileSync(join(out, f), 'utf8'),
      });
    }
    const [one, two] = runs;
    // Timing differs, and a parallel run says how many threads it used; nothing else may.
    const strip = (j: { runs: { stats: Record<string, unknown> }[] }) =>
      j.runs.map((x) => ({ ...x, stats: { ...x.stats, seconds: 0, statesPerSecond: 0, workers: 0 } }));
    expect(two!.json.runs.map((x) => x.stats['workers'])).toEqual([2, 2, 2]);
    expect(one!.json.runs.map((x) => x.stats['workers'])).toEqual([undefined, undefined, undefined]);
    expect(strip(two!.json)).toEqual(strip(one!.json));
    expect(two!.files).toEqual(one!.files);
    // Every file, the report and the manifest included: output files hold no timings.
    for (const f of one!.files) expect(two!.read(f), f).toBe(one!.read(f));
  }, 120_000);
});

describe('Ctrl-C', () => {
  it('during a long check prints partial statistics, exits 130 and leaves written files intact', async () => {
    const out = tempDir();
    // A trace from an earlier run in the same --out: it must survive the interrupted run untouched.
    const earlier = join(out, 'earlier.json');
    const before = serializeTraceDocument(issue1545Doc());
    writeFileSync(earlier, before);
    const r = await runNode(['check', '--config', join(EXAMPLES, 'wide.json'), '--controller', 'pre-fix', '--no-svg', '--out', out], {
      interruptAfterMs: 1500,
    });
    expect(r.code).toBe(130);
    expect(r.stdout).toMatch(/^states\s+[\d,]+$/m);
    expect(r.stdout).toMatch(/pre-fix: interrupted \(SIGINT\) after [\d,]+ states/);
    expect(r.stderr).toContain('interrupted (SIGINT): partial results above');
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(readFileSync(earlier, 'utf8')).toBe(before);
    const files = readdirSync(out);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    for (const f of files.filter((x) => x.endsWith('.json'))) expect(parseTraceDocument(readFileSync(join(out, f), 'utf8')).ok).toBe(true);
    expect(files).toContain('report.md');
  }, 30_000);
});
