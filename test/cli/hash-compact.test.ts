/**
 * `check --hash-compact`: the probabilistic verdict as a reader and a script see it (never "holds"; the
 * estimated coverage in the table, the JSON and the report; exit 0 as for `simulate`), real
 * counterexamples, and the flags it cannot be combined with (one line, exit 2).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, tempDir } from './helpers.js';

describe('check --hash-compact', () => {
  it('says no violation found (probabilistic) with an estimated coverage, never holds, and exits 0', async () => {
    const out = tempDir();
    const r = await run([
      'check',
      '--hash-compact',
      '--controller',
      'proposed',
      '--property',
      'canary-respected',
      '--no-svg',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no violation found (probabilistic)');
    expect(r.stdout).toMatch(/coverage +estimated coverage 99\.\d{6}% \(~[\d.e-]+ states merged away\)/);
    expect(r.stdout).not.toMatch(/\bholds\b/);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain('| canary-respected | no violation found (probabilistic) — canary growth reached in 3 steps |');
    expect(report).toContain('| coverage | estimated coverage 99.');

    const j = JSON.parse(
      (
        await run([
          'check',
          '--hash-compact',
          '--controller',
          'proposed',
          '--property',
          'canary-respected',
          '--json',
          '--no-svg',
          '--out',
          tempDir(),
        ])
      ).stdout,
    ) as { verdict: string; properties: Record<string, { verdict: string }>; stats: Record<string, unknown> };
    expect(j.verdict).toBe('no-violation-found');
    expect(j.properties['canary-respected']!.verdict).toBe('no-violation-found');
    expect(j.stats['probabilistic']).toBe('hash-compact');
    expect(j.stats['estimatedCoverage']).toBeGreaterThan(0.999999);
    expect(j.stats['estimatedCoverage']).toBeLessThan(1);
  });

  it('finds the #1545 violation with the same shortest counterexample as the exact search, and skips converges with a note', async () => {
    const plain = await run(['check', '--controller', 'pre-fix', '--json', '--no-svg', '--out', tempDir()]);
    const r = await run(['check', '--hash-compact', '--controller', 'pre-fix', '--json', '--no-svg', '--out', tempDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('note: --hash-compact does not check converges');
    const a = JSON.parse(plain.stdout) as { properties: Record<string, unknown>; trace: unknown[]; stats: { states: number } };
    const b = JSON.parse(r.stdout) as typeof a & { verdict: string };
    expect(b.verdict).toBe('violated');
    expect(Object.keys(b.properties)).not.toContain('converges');
    const { converges: _c, ...rest } = a.properties;
    expect(b.properties).toEqual(
      Object.fromEntries(
        Object.entries(rest).map(([k, v]) => [
          k,
          (v as { verdict: string }).verdict === 'holds' ? { ...(v as object), verdict: 'no-violation-found' } : v,
        ]),
      ),
    );
    expect(b.trace).toEqual(a.trace);
    expect(b.stats.states).toBeLessThanOrEqual(a.stats.states);
  });

  it('refuses --exact, --workers 2 and --property converges with one line and exit 2', async () => {
    for (const [args, flag] of [
      [['--exact'], '--hash-compact'],
      [['--workers', '2'], '--workers'],
      [['--property', 'converges'], '--property'],
    ] as const) {
      const r = await run(['check', '--hash-compact', ...args, '--out', tempDir()]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(flag);
    }
  });
});
