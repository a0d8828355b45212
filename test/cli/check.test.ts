/**
 * `check` as scripts see it: the --json object, the exit-code contract (0 holds, 1 violated, 3 incomplete),
 * and clean stdout — no progress line or colour codes with --json/--quiet, and none at all under NO_COLOR.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ANSI, run, tempDir } from './helpers.js';
import { MANIFEST } from '../../cli/output.js';

interface CheckJson {
  verdict: string;
  controller: string;
  property: string | null;
  stats: {
    states: number;
    transitions: number;
    depth: number;
    seconds: number;
    statesPerSecond: number;
    perActionKind: Record<string, number>;
  };
  limit: string | null;
  properties: Record<string, { verdict: string; steps?: number; witness?: { name: string; status: string; steps?: number } | null }>;
  trace: { action: unknown; summary: { updated: number; expectedUpdated: number } }[];
  files: string[];
}

afterEach(() => vi.unstubAllEnvs());

describe('check --json finds #1545 on its own', () => {
  it('pre-fix violates canary-respected on the default scenario, with a trace that shows it', async () => {
    const out = tempDir();
    const r = await run(['check', '--controller', 'pre-fix', '--property', 'canary-respected', '--json', '--no-svg', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout) as CheckJson;
    expect(j.verdict).toBe('violated');
    expect(j.controller).toBe('pre-fix');
    expect(j.property).toBe('canary-respected');
    expect(j.limit).toBeNull();
    expect(j.stats.states).toBeGreaterThan(1000);
    expect(j.stats.transitions).toBeGreaterThan(j.stats.states);
    for (const k of ['depth', 'seconds', 'statesPerSecond'] as const) expect(typeof j.stats[k]).toBe('number');
    expect(Object.keys(j.stats.perActionKind)).toContain('reconcile');
    expect(Object.keys(j.properties)).toEqual(['canary-respected']);
    expect(j.trace[0]!.action).toBeNull();
    const last = j.trace[j.trace.length - 1]!.summary;
    expect(last.updated).toBeGreaterThan(last.expectedUpdated);
    expect(j.files.map((f) => f.split('/').pop())).toEqual(['pre-fix-canary-respected.json', 'pre-fix-canary-respected.dot']);
    expect(readdirSync(out).sort()).toEqual([MANIFEST, 'pre-fix-canary-respected.dot', 'pre-fix-canary-respected.json', 'report.md']);
  });
});

describe('check --pod-write-failures', () => {
  it('reaches the scenario: the bounds, the scenario line and the trace file carry it, and the trace has the failing write', async () => {
    const base = ['check', '--controller', 'pre-fix', '--pod-write-failures', '1', '--property', 'canary-respected', '--no-svg'];
    const out = tempDir();
    const r = await run([...base, '--json', '--out', out]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as CheckJson & { bounds: Record<string, unknown> };
    expect(j.bounds['podWriteFailures']).toBe(1);
    const failing = (j.trace as { action: { kind: string; picks?: string } | null }[]).filter((t) =>
      t.action?.picks?.startsWith('write fails:'),
    );
    expect(failing).toHaveLength(1);
    const trace = JSON.parse(readFileSync(join(out, 'pre-fix-canary-respected.json'), 'utf8'));
    expect(trace.scenario.podWriteFailures).toBe(1);
    const text = await run([...base, '--out', tempDir()]);
    expect(text.stdout).toMatch(/^Scenario: .*, 1 pod write failure\(s\)$/m);
  });

  it('0 is the scenario without the option: the same --json, but for the run time', async () => {
    const base = ['check', '--controller', 'pre-fix', '--property', 'canary-respected', '--no-svg', '--json'];
    const strip = (s: string): unknown => {
      const j = JSON.parse(s) as Record<string, unknown> & { stats: Record<string, unknown>; files: string[] };
      const { seconds: _s, statesPerSecond: _r, ...stats } = j.stats;
      return { ...j, stats, files: j.files.map((f) => f.split('/').pop()) };
    };
    const without = await run([...base, '--out', tempDir()]);
    const zero = await run([...base, '--pod-write-failures', '0', '--out', tempDir()]);
    expect(strip(zero.stdout)).toEqual(strip(without.stdout));
  });
});

describe('check --reduction', () => {
  it('prints the same verdicts and trace as without it, and fewer states where the property holds', async () => {
    // Two properties that read no status, so a waiting status write is invisible to them (promotion-sound
    // reads it, and with it nothing is reduced).
    const args = ['check', '--property', 'canary-respected', '--property', 'surge-bound', '--json', '--no-svg'];
    const outcome = async (controller: string, extra: readonly string[]): Promise<CheckJson> => {
      const r = await run([...args, '--controller', controller, '--out', tempDir(), ...extra]);
      expect(r.stderr).toBe(
        extra.includes('--reduction')
          ? 'note: --reduction checks no witnesses: a "holds" is not marked vacuous or not (run without it to see)\n'
          : '',
      );
      return JSON.parse(r.stdout) as CheckJson;
    };
    // The verdicts without the witness column, which --reduction leaves out.
    const verdicts = (j: CheckJson) =>
      Object.fromEntries(Object.entries(j.properties).map(([k, v]) => [k, { ...(v as object), witness: undefined }]));
    const full = await outcome('pre-fix', []);
    const reduced = await outcome('pre-fix', ['--reduction']);
    expect(reduced.verdict).toBe('violated');
    expect(reduced.trace).toEqual(full.trace);
    expect(verdicts(reduced)).toEqual(verdicts(full));
    const holds = await outcome('proposed', []);
    const holdsReduced = await outcome('proposed', ['--reduction']);
    expect(holdsReduced.verdict).toBe('holds');
    expect(holdsReduced.stats.states).toBeLessThan(holds.stats.states);
  });
});

describe('exit codes', () => {
  it('0 when every checked property holds', async () => {
    const r = await run(['check', '--controller', 'proposed', '--property', 'canary-respected', '--quiet', '--out', tempDir()]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('1 when a property is violated (upstream scaling through zero)', async () => {
    const r = await run([
      'check',
      '--controller',
      'upstream',
      '--max-replicas',
      '2',
      '--deletes',
      '0',
      '--property',
      'canary-respected',
      '--quiet',
      '--no-svg',
      '--out',
      tempDir(),
    ]);
    expect(r.code).toBe(1);
  });

  it('3 when a limit stops the run before any violation', async () => {
    const r = await run(['check', '--controller', 'proposed', '--max-states', '100', '--json', '--out', tempDir()]);
    expect(r.code).toBe(3);
    const j = JSON.parse(r.stdout) as CheckJson;
    expect(j.verdict).toBe('incomplete');
    expect(j.limit).toBe('maxStates');
  });

  it('a limited run that found a violation reports the other properties incomplete, not holding', async () => {
    const r = await run(['check', '--controller', 'pre-fix', '--max-states', '3000', '--json', '--no-svg', '--out', tempDir()]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as CheckJson;
    expect(j.limit).toBe('maxStates');
    expect(j.properties['promotion-sound']!.verdict).toBe('violated');
    expect(j.properties['converges']!.verdict).toBe('incomplete');
    expect(Object.values(j.properties).map((p) => p.verdict)).not.toContain('holds');
  });

  it('says a limited run is not a proof', async () => {
    const r = await run(['check', '--controller', 'proposed', '--max-states', '100', '--out', tempDir()]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('stopped by maxStates after 100 states');
  });
});

describe('clean output', () => {
  const small = ['check', '--controller', 'upstream', '--max-replicas', '2', '--deletes', '0', '--no-svg'];

  it('--json prints exactly one JSON document and no escape codes, even on a terminal', async () => {
    const r = await run([...small, '--json', '--out', tempDir()], { tty: true });
    expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stderr).toBe('');
  });

  it('--quiet prints nothing, even on a terminal', async () => {
    const r = await run([...small, '--quiet', '--out', tempDir()], { tty: true });
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
  });

  it('colours only on a terminal, and never with NO_COLOR', async () => {
    vi.stubEnv('NO_COLOR', '');
    expect((await run([...small, '--out', tempDir()], { tty: true })).stdout).toMatch(ANSI);
    expect((await run([...small, '--out', tempDir()], { tty: false })).stdout).not.toMatch(ANSI);
    vi.stubEnv('NO_COLOR', '1');
    const r = await run([...small, '--out', tempDir()], { tty: true });
    expect(r.stdout).toContain('violated');
    expect(r.stdout).not.toMatch(ANSI);
  });

  it('variants follows the same rule', async () => {
    vi.stubEnv('NO_COLOR', '1');
    expect((await run(['variants'], { tty: true })).stdout).not.toMatch(ANSI);
    vi.stubEnv('NO_COLOR', '');
    expect((await run(['variants'], { tty: true })).stdout).toMatch(ANSI);
    expect((await run(['variants'], { tty: false })).stdout).not.toMatch(ANSI);
  });
});

describe('witnesses beside the verdicts', () => {
  it('proposed on the default scenario: promotion-sound holds vacuously (the partition stays at 50%, so nothing promotes), canary-respected does not', async () => {
    const out = tempDir();
    const argv = [
      'check',
      '--controller',
      'proposed',
      '--property',
      'canary-respected',
      '--property',
      'promotion-sound',
      '--no-svg',
      '--out',
      out,
    ];
    const text = await run(argv);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/canary-respected\s+holds — canary growth reached in 3 steps/);
    expect(text.stdout).toMatch(/promotion-sound\s+holds \(vacuous: no promotion was reached\)/);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain('| promotion-sound | holds (vacuous: no promotion was reached) |');
    const j = JSON.parse((await run([...argv, '--json'])).stdout) as CheckJson;
    expect(j.properties).toEqual({
      'canary-respected': { verdict: 'holds', witness: { name: 'canary-grows', status: 'reached', steps: 3 } },
      'promotion-sound': { verdict: 'holds', witness: { name: 'promotion-happens', status: 'unreached' } },
    });
  });

  it('a property without a witness has witness null; a violated one keeps its witness', async () => {
    const argv = ['check', '--controller', 'upstream', '--property', 'surge-bound', '--property', 'promotion-sound', '--json', '--no-svg'];
    const j = JSON.parse((await run([...argv, '--out', tempDir()])).stdout) as CheckJson;
    expect(j.properties['surge-bound']).toEqual({ verdict: 'holds', witness: null });
    expect(j.properties['promotion-sound']).toMatchObject({ verdict: 'violated', steps: 5, witness: { status: 'reached', steps: 5 } });
  });

  it('the opt-in properties are checked when named, with their witnesses', async () => {
    const argv = [
      'check',
      '--controller',
      'proposed',
      '--property',
      'no-resurrection',
      '--property',
      'status-monotonic',
      '--json',
      '--no-svg',
    ];
    const j = JSON.parse((await run([...argv, '--out', tempDir()])).stdout) as CheckJson;
    expect(j.properties).toEqual({
      'status-monotonic': { verdict: 'holds', witness: { name: 'promotion-happens', status: 'unreached' } },
      'no-resurrection': { verdict: 'holds', witness: { name: 'revision-replaced', status: 'unreached' } },
    });
  });
});
