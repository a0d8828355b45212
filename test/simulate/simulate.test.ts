/**
 * `cloneset-check simulate` end to end (in-process): finds and shrinks the #1545 violations under
 * pre-fix, finds nothing under proposed at 50 replicas, writes traces that replay, is byte-for-byte
 * reproducible from its seed, and keeps the exit-code contract.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO } from '../../model/cloneset/scenario.js';
import { parseTraceDocument, replayTrace } from '../../traces/index.js';
import { run, tempDir } from '../cli/helpers.js';

const shortestByExplorer = (property: string): number => {
  const v = explore(cloneSetModel({ ...DEFAULT_SCENARIO, controller: 'pre-fix' }), { properties: [property] }).violation;
  if (v === undefined) throw new Error(`the explorer finds no ${property} violation under pre-fix`);
  return v.trace.length - 1;
};

const WIDE = ['--max-replicas', '50', '--scales', '6', '--deletes', '10', '--partition-changes', '6', '--random-partitions', '20'];

describe('simulate', () => {
  it.each([[[]], [['--property', 'canary-respected']], [['--property', 'promotion-sound']]])(
    'pre-fix %j: finds a #1545 violation and shrinks it to at most twice the explorer’s shortest trace',
    async (extra) => {
      const out = tempDir();
      const r = await run(['simulate', '--controller', 'pre-fix', '--seed', '42', '--json', '--no-svg', '--out', out, ...extra]);
      expect(r.code, r.stderr).toBe(1);
      const j = JSON.parse(r.stdout) as {
        property: string;
        shrink: { originalSteps: number; shrunkSteps: number };
        trace: unknown[];
        files: string[];
      };
      expect(['canary-respected', 'promotion-sound']).toContain(j.property);
      expect(j.shrink.shrunkSteps).toBeLessThanOrEqual(j.shrink.originalSteps);
      expect(j.shrink.shrunkSteps).toBeLessThanOrEqual(2 * shortestByExplorer(j.property));
      expect(j.trace).toHaveLength(j.shrink.shrunkSteps + 1);
      const file = join(out, `pre-fix-${j.property}.sim.json`);
      expect(j.files).toEqual([file, join(out, `pre-fix-${j.property}.sim.dot`)]);
      const doc = parseTraceDocument(readFileSync(file, 'utf8'));
      if (!doc.ok) throw new Error(doc.error.message);
      expect(replayTrace(doc.doc)).toMatchObject({ ok: true, violation: 'reproduced' });
    },
  );

  it('writes the SVG too unless --no-svg, and prints the shrunk trace', async () => {
    const out = tempDir();
    const r = await run(['simulate', '--controller', 'pre-fix', '--property', 'canary-respected', '--out', out]);
    expect(r.code).toBe(1);
    expect(existsSync(join(out, 'pre-fix-canary-respected.sim.svg'))).toBe(true);
    expect(r.stdout).toMatch(/pre-fix: canary-respected violated in walk \d+: a trace of \d+ steps, shrunk to \d+/);
    expect(r.stdout).toContain('✗ canary-respected violated at step');
    expect(r.stdout).toContain('replay: cloneset-check replay');
  });

  it('proposed at 50 replicas: 300 walks find no canary or promotion violation, and say it is no proof', async () => {
    const r = await run([
      'simulate',
      '--controller',
      'proposed',
      ...WIDE,
      '--runs',
      '300',
      '--property',
      'canary-respected',
      '--property',
      'promotion-sound',
      '--out',
      tempDir(),
    ]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('proposed: no violation found in 300 walks; not a proof');
    expect(r.stdout).toMatch(/covered: 300 walks, [\d,]+ steps, [\d,]+ distinct states/);
    // Beside each property, whether the walks reached the behaviour it constrains.
    expect(r.stdout).toMatch(/promotion \(promotion-sound\): reached in [\d,]+ of 300 walks, earliest at step \d+/);
    expect(r.stdout).toMatch(/canary growth \(canary-respected\): reached in [\d,]+ of 300 walks, earliest at step \d+/);
  });

  it('says when no walk reached the behaviour a property constrains (the default scenario never promotes under proposed)', async () => {
    const r = await run(['simulate', '--controller', 'proposed', '--runs', '50', '--json', '--out', tempDir()]);
    expect(r.code, r.stdout).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      properties: string[];
      coverage: { witnesses: { property: string; walks: number; earliestStep: number | null }[] };
    };
    expect(doc.properties).not.toContain('promotion-happens');
    expect(doc.coverage.witnesses.find((w) => w.property === 'promotion-happens')).toEqual({
      property: 'promotion-happens',
      walks: 0,
      earliestStep: null,
    });
    const text = await run(['simulate', '--controller', 'proposed', '--runs', '50', '--out', tempDir()]);
    expect(text.stdout).toContain('promotion (promotion-sound): reached in no walk: the walks did not test this property');
  });

  it('gives the same bytes for the same seed, and different walks for another', async () => {
    const out = tempDir();
    const args = [
      'simulate',
      '--controller',
      'pre-fix',
      '--max-replicas',
      '8',
      '--deletes',
      '4',
      '--random-partitions',
      '5',
      '--partition-changes',
      '2',
      '--no-svg',
      '--out',
      out,
    ];
    const a = await run([...args, '--seed', '9']);
    const traceA = readFileSync(join(out, 'pre-fix-promotion-sound.sim.json'), 'utf8');
    const b = await run([...args, '--seed', '9']);
    const traceB = readFileSync(join(out, 'pre-fix-promotion-sound.sim.json'), 'utf8');
    expect(a.code).toBe(1);
    expect(b.stdout).toBe(a.stdout);
    expect(traceB).toBe(traceA);
    const c = await run([...args, '--seed', '10']);
    expect(c.stdout).not.toBe(a.stdout);
  });

  it('replays a counterexample from its seed and path', async () => {
    const out = tempDir();
    const first = await run([
      'simulate',
      '--controller',
      'pre-fix',
      '--property',
      'canary-respected',
      '--seed',
      '5',
      '--json',
      '--no-svg',
      '--out',
      out,
    ]);
    const j = JSON.parse(first.stdout) as { shrink: { path: string }; trace: unknown[] };
    const again = await run([
      'simulate',
      '--controller',
      'pre-fix',
      '--property',
      'canary-respected',
      '--seed',
      '5',
      '--path',
      j.shrink.path,
      '--json',
      '--no-svg',
      '--out',
      out,
    ]);
    expect(again.code).toBe(1);
    expect((JSON.parse(again.stdout) as { trace: unknown[] }).trace).toEqual(j.trace);
  });

  it('prints the command that makes the search again, with every flag the walks depend on; run as printed, it writes the same trace', async () => {
    const out = tempDir();
    const config = join(tempDir(), 'scenario.json');
    writeFileSync(config, JSON.stringify({ maxReplicas: 5, partitionChanges: 1 }));
    const search = ['--random-partitions', '3', '--seed', '5', '--runs', '1000', '--steps', '60', '--property', 'canary-respected'];
    const first = await run([
      'simulate',
      '--controller',
      'pre-fix',
      '--config',
      config,
      ...search,
      '--time-limit',
      '600',
      '--no-svg',
      '--out',
      out,
    ]);
    expect(first.code, first.stderr).toBe(1);
    const printed = /^ {2}this search again: cloneset-check (simulate .* --path (\d+(?::\d+)*))$/m.exec(first.stdout);
    expect(printed, first.stdout).not.toBeNull();
    const [, command, path] = printed!;
    // The scenario as flags (from the --config file here), then the search's own; no --time-limit, which only cuts a search short.
    expect(command).toBe(
      `simulate --controller pre-fix --max-replicas 5 --partition-changes 1 --random-partitions 3 --seed 5 --runs 1000 --steps 60 --property canary-respected --path ${path}`,
    );
    const again = tempDir();
    const second = await run([...command!.split(' '), '--no-svg', '--out', again]);
    expect(second.code, second.stderr).toBe(1);
    const trace = 'pre-fix-canary-respected.sim.json';
    expect(readFileSync(join(again, trace), 'utf8')).toBe(readFileSync(join(out, trace), 'utf8'));
    // The contrast: the same path with the default --steps names a walk this search does not make.
    const defaultSteps = command!.replace(' --steps 60', '');
    expect(defaultSteps).not.toBe(command);
    const other = await run([...defaultSteps.split(' '), '--no-svg', '--out', tempDir()]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('leads to no counterexample of this search');
  });

  it('exits 3 when the time limit stops it before any walk', async () => {
    const r = await run(['simulate', '--controller', 'proposed', '--time-limit', '0.000001', '--out', tempDir()]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('proposed: stopped by the time limit before any walk');
  });

  it('accepts bounds beyond check’s, within its own caps', async () => {
    expect((await run(['check', '--max-replicas', '50'])).code).toBe(2);
    const tooMany = await run(['simulate', '--max-replicas', '201']);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toContain('an integer from 0 to 200');
    const surge = await run(['simulate', '--max-replicas', '200', '--max-surge', '100%']);
    expect(surge.code).toBe(2);
    // Named by its flag, with the surge allowed (it was the codec's "scenario: … too large to encode").
    expect(surge.stderr).toMatch(/^cloneset-check simulate: --max-surge: "100%" .*255.*an integer from 0 to 55/);
    expect((await run(['simulate', '--runs', '0'])).code).toBe(2);
    expect((await run(['simulate', '--path', '1:2'])).stderr).toContain('--path');
  });

  it('caps action budgets where the encoding does (a byte each), naming the flag', async () => {
    // The help once said 0 to 1000, and 256 failed as "scenario too large to encode".
    for (const flag of ['--deletes', '--scales', '--rollouts', '--partition-changes', '--user-marks', '--pod-failures']) {
      const r = await run(['simulate', flag, '256']);
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(new RegExp(`${flag}: expected .*0 to 255.*, got 256$`))]);
    }
    const most = await run(['simulate', '--controller', 'proposed', '--deletes', '255', '--runs', '2', '--steps', '5', '--out', tempDir()]);
    expect(most.code).toBe(0);
  });

  it('documents the action weights in its help', async () => {
    const r = await run(['simulate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('reconcile 30, writeStatus 15, podReady 15, deletePod 10, scale 10, rollout 10, setPartition 10');
    expect(r.stdout).toContain('--max-replicas VALUE');
    expect(r.stdout).toContain('an integer from 0 to 200');
  });
});
