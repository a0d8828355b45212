/**
 * `npm run bench` end to end on small sizes: rows, counts checked against the known ones, the parallel row
 * with its speed-up, and --json. Runs the transpiled JS copy (the runner starts child processes and
 * workers, which cannot load TypeScript). Figures are printed, never asserted: timing is not a unit test.
 */

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneSetRows } from '../../bench/cloneset-scenarios.js';
import { measure } from '../../bench/measure.js';
import { transpile } from '../checker/transpiled.js';
import type { Transpiled } from '../checker/transpiled.js';

let js: Transpiled;

beforeAll(() => {
  js = transpile(['checker', 'bench', 'examples', 'model']);
}, 60_000);

afterAll(() => js?.remove());

describe('bench rows', () => {
  it('the minutes-long #15 scope runs only with --long; the others always', () => {
    expect(cloneSetRows(false).map((b) => b.name)).toEqual(['default', 'wide', 'wide-surge0', 'realistic']);
    expect(cloneSetRows(true).map((b) => b.name)).toEqual(['default', 'wide', 'wide-surge0', 'realistic', 'partition-changes-any']);
  });
});

describe('bench', () => {
  it('measures a TwoPhase row and checks its count', async () => {
    const m = await measure({ kind: 'twophase', n: 5, workers: 1, mode: 'fingerprint' });
    expect(m).toMatchObject({ name: 'TwoPhase N=5', states: 8832, expectedStates: 8832, match: true, verdict: 'holds', workers: 1 });
    expect(m.bytesPerState).toBeGreaterThan(0);
    expect(m.peakRssBytes).toBeGreaterThan(0);
    expect(m.warmStatesPerSecond).toBeNull();
  });

  it('measures the CloneSet default scenario: 99,321 states, 259,194 transitions', async () => {
    const m = await measure({ kind: 'cloneset', name: 'default', workers: 1, mode: 'fingerprint' });
    expect(m).toMatchObject({ states: 99_321, transitions: 259_194, match: true, verdict: 'violated' });
    // A short single-threaded CloneSet row is explored again, warm; a TwoPhase row never is.
    expect(m.warmStatesPerSecond).toBeGreaterThan(0);
  }, 60_000);

  it('prints one line per row, a parallel row with its speed-up, and JSON with --json', () => {
    const script = fileURLToPath(js.url('bench/run.js'));
    const text = spawnSync(process.execPath, [script, '--only', '--n', '3,5'], { encoding: 'utf8' });
    expect(text.status, text.stderr).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^TwoPhase N=3: 288 states \(as expected\), [\d,]+ transitions, .* states\/s, [\d,]+ transitions\/s, CPU .* B\/state .* peak RSS/,
    );
    expect(lines[2]).toMatch(/^TwoPhase N=5, 2 workers: 8,832 states \(as expected\).*x single-threaded\)/);
    const json = spawnSync(process.execPath, [script, '--only', '--n', '5', '--json', '--no-parallel'], { encoding: 'utf8' });
    expect(json.status, json.stderr).toBe(0);
    const rows = (JSON.parse(json.stdout) as { results: { name: string; states: number; match: boolean; statesPerSecond: number }[] })
      .results;
    expect(rows).toEqual([expect.objectContaining({ name: 'TwoPhase N=5', states: 8832, match: true })]);
  }, 60_000);

  it('--baseline adds the naive JSON.stringify BFS on the same model, with the explorer rate over it', () => {
    const r = spawnSync(
      process.execPath,
      [fileURLToPath(js.url('bench/run.js')), '--only', '--n', '5', '--baseline', '--no-parallel', '--repeat', '2', '--json'],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    type JsonRow = {
      name: string;
      states: number;
      transitions: number;
      match: boolean;
      runs: number[];
      speedup: number | null;
      speedups: number[];
    };
    const [explorer, naive] = (JSON.parse(r.stdout) as { results: JsonRow[] }).results;
    expect(explorer).toMatchObject({ name: 'TwoPhase N=5', states: 8832, speedup: null });
    expect(naive).toMatchObject({
      name: 'TwoPhase N=5, naive JS BFS (JSON.stringify keys in a Set)',
      states: 8832,
      match: true,
      transitions: explorer!.transitions,
    });
    // Paired per round: the explorer's rate over the baseline's.
    expect(naive!.speedups).toEqual(explorer!.runs.map((e, i) => Math.round((e / naive!.runs[i]!) * 100) / 100));
    const text = spawnSync(process.execPath, [fileURLToPath(js.url('bench/run.js')), '--only', '--n', '4', '--baseline', '--no-parallel'], {
      encoding: 'utf8',
    });
    expect(text.stdout).toMatch(
      /^TwoPhase N=4, naive JS BFS \(JSON\.stringify keys in a Set\): 1,568 states, .*\(the explorer: [\d.]+x this rate\)/m,
    );
  }, 60_000);

  it('rejects unknown arguments', () => {
    for (const [args, message] of [
      [['--frobnicate'], 'unknown argument --frobnicate'],
      [['--repeat', '0'], '--repeat must be an integer from 1 to 20'],
    ] as const) {
      const r = spawnSync(process.execPath, [fileURLToPath(js.url('bench/run.js')), ...args], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(message);
    }
  });

  it('--model NAME prints the model cost per state, step by step, on a sample of that scenario', () => {
    const script = fileURLToPath(js.url('bench/run.js'));
    const r = spawnSync(process.execPath, [script, '--model', 'default', '--model-states', '2000', '--json'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const c = (
      JSON.parse(r.stdout) as {
        modelCost: {
          scenario: string;
          states: number;
          transitionsPerState: number;
          nsPerState: Record<string, number>;
          totalNsPerState: number;
        };
      }
    ).modelCost;
    expect(c).toMatchObject({ scenario: 'default', states: 2000 });
    expect(Object.keys(c.nsPerState)).toEqual(['decode', 'actions', 'settled', 'successors', 'encode', 'properties']);
    expect(c.transitionsPerState).toBeGreaterThan(1);
    expect(c.totalNsPerState).toBeGreaterThan(0);
    const text = spawnSync(process.execPath, [script, '--model', 'default', '--model-states', '500'], { encoding: 'utf8' });
    expect(text.stdout).toMatch(/^CloneSet default model cost \(500 states, .* total [\d,]+ ns\/state\n$/);
    const bad = spawnSync(process.execPath, [script, '--model', 'nope'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--model must be one of default, wide, wide-surge0, realistic, partition-changes-any, got nope');
  }, 60_000);

  it('--model NAME --in-explorer runs the row with its model timed by part: the row’s counts, parts that add up', () => {
    const script = fileURLToPath(js.url('bench/run.js'));
    const r = spawnSync(process.execPath, [script, '--model', 'default', '--in-explorer', '--json'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    type Share = {
      states: number;
      transitions: number;
      seconds: number;
      parts: Record<string, number>;
      nextByKind: Record<string, number>;
      modelSeconds: number;
      restSeconds: number;
    };
    const c = (JSON.parse(r.stdout) as { modelShare: Share }).modelShare;
    // The bench's default row, explored whole through the timing wrapper.
    expect(c).toMatchObject({ states: 99_321, transitions: 259_194 });
    expect(Object.keys(c.parts)).toEqual(['actions', 'next', 'encode', 'decode', 'edits', 'settled', 'properties']);
    for (const x of Object.values(c.parts)) expect(x).toBeGreaterThanOrEqual(0);
    // The status writes and readiness steps to states seen before are byte edits (model/cloneset/byte-steps.ts).
    expect(c.parts['edits']).toBeGreaterThan(0);
    const sum = (xs: Record<string, number>): number => Object.values(xs).reduce((a, b) => a + b, 0);
    expect(c.modelSeconds).toBeCloseTo(sum(c.parts), 9);
    // `next` split by the kinds the default scenario steps by; their times are next's.
    expect(Object.keys(c.nextByKind).sort()).toEqual(['deletePod', 'podReady', 'reconcile', 'rollout', 'scale', 'writeStatus']);
    expect(sum(c.nextByKind)).toBeCloseTo(c.parts['next']!, 6);
    expect(c.restSeconds).toBeCloseTo(Math.max(0, c.seconds - c.modelSeconds), 9);
    const text = spawnSync(process.execPath, [script, '--model', 'default', '--in-explorer'], { encoding: 'utf8' });
    expect(text.stdout).toMatch(
      /^CloneSet default in the explorer \(99,321 states, 259,194 transitions, .*\): actions .*, next .*, encode .*, decode .*, edits .*, settled .*, properties .*; the model .* the explorer and GC .*; next by kind: .*\n$/,
    );
    const bad = spawnSync(process.execPath, [script, '--in-explorer'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^bench: --in-explorer needs --model NAME \(the row to run\)/);
  }, 60_000);

  it('--repeat K runs every row K times, round after round: the fastest run, the range, and a median of paired speed-ups', () => {
    const r = spawnSync(process.execPath, [fileURLToPath(js.url('bench/run.js')), '--only', '--n', '4', '--repeat', '3', '--json'], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    type JsonRow = { name: string; states: number; statesPerSecond: number; runs: number[]; speedup: number | null; speedups: number[] };
    const [single, parallel] = (JSON.parse(r.stdout) as { results: JsonRow[] }).results;
    expect(single).toMatchObject({ name: 'TwoPhase N=4', states: 1568, speedup: null, speedups: [] });
    expect(single!.runs).toHaveLength(3);
    expect(single!.statesPerSecond).toBe(Math.max(...single!.runs));
    expect(parallel).toMatchObject({ name: 'TwoPhase N=4, 2 workers', states: 1568 });
    // Each ratio pairs the runs of one round; the speed-up is their median.
    const ratios = parallel!.runs.map((p, i) => Math.round((p / single!.runs[i]!) * 100) / 100);
    expect(parallel!.speedups).toEqual(ratios);
    expect(parallel!.speedup).toBe([...ratios].sort((a, b) => a - b)[1]);
    const text = spawnSync(process.execPath, [fileURLToPath(js.url('bench/run.js')), '--only', '--n', '3', '--repeat', '2'], {
      encoding: 'utf8',
    });
    expect(text.status, text.stderr).toBe(0);
    expect(text.stderr).toContain('round 2 of 2 done');
    expect(text.stdout).toMatch(/TwoPhase N=3, 2 workers: .*x single-threaded, median of 2 paired runs, [\d.]+–[\d.]+\).*best of 2 runs/);
  }, 60_000);
});
