/**
 * `npm run bench -- --tlc JAR` (bench/tlc.ts): TLC's output read into the explorer's terms, the spec and
 * configuration TLC is given, and the bench's pairing of TLC with the explorer's row, end to end with a
 * stand-in `java` that checks what it is asked and prints output a real TLC printed (TLC 2.20 built from
 * tlaplus/tlaplus, on this project's development VM; test/bench/fixtures). Real TLC is not needed for the
 * tests, as the bench does not need it; docs/performance.md ("Session 10") has the runs against it.
 */

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { parseTlcDuration, parseTlcOutput, runTlc, TlcError, TWO_PHASE_TLA, twoPhaseConfig } from '../../bench/tlc.js';
import { TP_ACTION_KINDS, twoPhaseCommit } from '../../examples/models/two-phase-commit.js';
import { transpile, type Transpiled } from '../checker/transpiled.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const N3 = join(FIXTURES, 'tlc-2.20-twophase-n3.txt');
const N8 = join(FIXTURES, 'tlc-2.20-twophase-n8.txt');
const DEADLOCK = join(FIXTURES, 'tlc-2.20-deadlock.txt');

/**
 * A stand-in for `java`: answers -version; otherwise checks that it was asked to run TLC on TwoPhase.tla
 * with one worker, records its working directory and the files it found there (FAKE_TLC_SEEN), and prints
 * FAKE_TLC_OUTPUT, exiting with FAKE_TLC_STATUS.
 */
const FAKE_JAVA = `const fs = require('node:fs');
const args = process.argv.slice(2);
if (args[0] === '-version') { console.error('openjdk version "fake"'); process.exit(0); }
const at = (flag) => args[args.indexOf(flag) + 1];
const ok = args.includes('tlc2.TLC') && at('-workers') === '1' && at('-config') === 'TwoPhase.cfg' && args.at(-1) === 'TwoPhase.tla' && fs.existsSync(at('-cp'));
if (!ok) { console.error('fake java: unexpected arguments ' + args.join(' ')); process.exit(99); }
fs.writeFileSync(process.env.FAKE_TLC_SEEN, JSON.stringify({ cwd: process.cwd(), cfg: fs.readFileSync('TwoPhase.cfg', 'utf8'), tla: fs.readFileSync('TwoPhase.tla', 'utf8') }));
process.stdout.write(fs.readFileSync(process.env.FAKE_TLC_OUTPUT, 'utf8'));
process.exit(Number(process.env.FAKE_TLC_STATUS ?? 0));
`;

let dir: string;
let java: string;
let jar: string;
let js: Transpiled;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tlc-test-'));
  java = join(dir, 'java');
  // A .cjs file, which node runs as CommonJS whatever package.json a directory above the temporary one holds
  // (an extensionless script takes its module type from the nearest one), behind a shell script named java.
  writeFileSync(join(dir, 'fake-java.cjs'), FAKE_JAVA);
  writeFileSync(java, `#!/bin/sh\nexec node "$(dirname "$0")/fake-java.cjs" "$@"\n`);
  chmodSync(java, 0o755);
  jar = join(dir, 'tla2tools.jar');
  writeFileSync(jar, 'not read by the stand-in');
  js = transpile(['checker', 'bench', 'examples', 'model']);
}, 60_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  js?.remove();
});

/** Runs the stand-in through runTlc with `output` (a fixture) and exit `status`; returns what it saw too. */
function fakeRun(
  n: number,
  output: string,
  status = 0,
): { run: () => ReturnType<typeof runTlc>; seen: () => { cwd: string; cfg: string; tla: string } } {
  const seenFile = join(dir, `seen-${n}-${status}.json`);
  return {
    run: () => {
      const env = { ...process.env };
      process.env['FAKE_TLC_OUTPUT'] = output;
      process.env['FAKE_TLC_STATUS'] = String(status);
      process.env['FAKE_TLC_SEEN'] = seenFile;
      try {
        return runTlc(jar, n, java);
      } finally {
        process.env = env;
      }
    },
    seen: () => JSON.parse(readFileSync(seenFile, 'utf8')) as { cwd: string; cfg: string; tla: string },
  };
}

describe("TLC's output", () => {
  it('reads a run of N=3 timed in milliseconds: the states, transitions and depth in the explorer’s terms', () => {
    const run = parseTlcOutput(readFileSync(N3, 'utf8'), 3, 0.9);
    expect(run).toEqual({
      n: 3,
      version: 'TLC2 Version 2.20 of Day Month 20??',
      states: 288,
      // 1,146 states generated, less the one initial state; depth 11 counted from 1.
      transitions: 1145,
      depth: 10,
      seconds: 0.631,
      wallSeconds: 0.9,
      statesPerSecond: Math.round(288 / 0.631),
    });
    // The explorer's own figures for the same model.
    const stats = explore(twoPhaseCommit(3), {}).stats;
    expect([stats.states, stats.transitions, stats.depth]).toEqual([run.states, run.transitions, run.depth]);
  });

  it('reads a run of N=8 timed in human-readable form (01min 08s)', () => {
    expect(parseTlcOutput(readFileSync(N8, 'utf8'), 8, 69.5)).toMatchObject({
      states: 1_745_408,
      transitions: 18_507_777,
      depth: 25,
      seconds: 68,
      statesPerSecond: Math.round(1_745_408 / 68),
    });
  });

  it('reads every run-time form TLC prints (TLC.convertRuntimeToHumanReadable, or milliseconds)', () => {
    expect(parseTlcDuration('66123ms')).toBe(66.123);
    expect(parseTlcDuration('00s')).toBe(0);
    expect(parseTlcDuration('42s')).toBe(42);
    expect(parseTlcDuration('11min 43s')).toBe(703);
    expect(parseTlcDuration('02h 05min')).toBe(7500);
    expect(parseTlcDuration('1d 03h')).toBe(97_200);
    expect(() => parseTlcDuration('about a minute')).toThrow(TlcError);
  });

  it("reports TLC's own error line, or the line it cannot find", () => {
    expect(() => parseTlcOutput(readFileSync(DEADLOCK, 'utf8'), 2, 1)).toThrow('TLC: Error: Deadlock reached.');
    const cut = readFileSync(N3, 'utf8').replace(/^Finished in .*$/m, '');
    expect(() => parseTlcOutput(cut, 3, 1)).toThrow(/no "Finished in" line; its last lines: .*depth of the complete state graph/);
    const unfinished = readFileSync(N3, 'utf8').replace('Model checking completed. No error has been found.', '');
    expect(() => parseTlcOutput(unfinished, 3, 1)).toThrow('no "Model checking completed. No error has been found." line');
  });
});

describe('the spec and configuration TLC checks', () => {
  it('defines every action of the explorer’s model, all of them in TPNext, and the two invariants', () => {
    const next = TWO_PHASE_TLA.slice(TWO_PHASE_TLA.indexOf('TPNext =='), TWO_PHASE_TLA.indexOf('TCConsistent =='));
    for (const kind of TP_ACTION_KINDS) {
      expect(TWO_PHASE_TLA).toMatch(new RegExp(`^${kind}(\\(rm\\))? ==`, 'm'));
      expect(next).toContain(kind);
    }
    expect(TWO_PHASE_TLA).toMatch(/^TPTypeOK ==/m);
    expect(TWO_PHASE_TLA).toMatch(/^TCConsistent ==/m);
    expect(twoPhaseCommit(3).properties.map((p) => p.name)).toEqual(['TPTypeOK', 'TCConsistent', 'NoDeadlock']);
  });

  it('names N resource managers, as model values', () => {
    expect(twoPhaseConfig(3)).toBe('CONSTANT RM = {r1, r2, r3}\nINIT TPInit\nNEXT TPNext\nINVARIANT TPTypeOK TCConsistent\n');
    expect(twoPhaseConfig(8)).toContain('{r1, r2, r3, r4, r5, r6, r7, r8}');
  });
});

describe('runTlc', () => {
  it('runs java on the spec and configuration in a directory of its own, and removes it', () => {
    const fake = fakeRun(3, N3);
    expect(fake.run()).toMatchObject({ n: 3, states: 288, transitions: 1145 });
    const seen = fake.seen();
    expect(seen.cfg).toBe(twoPhaseConfig(3));
    expect(seen.tla).toBe(TWO_PHASE_TLA);
    expect(existsSync(seen.cwd)).toBe(false);
  });

  it("fails with TLC's error line when TLC exits with an error, and still cleans up", () => {
    const fake = fakeRun(2, DEADLOCK, 11);
    expect(() => fake.run()).toThrow('TLC exited 11: Error: Deadlock reached.');
    expect(existsSync(fake.seen().cwd)).toBe(false);
    expect(() => runTlc(jar, 3, join(dir, 'no-such-java'))).toThrow(/cannot run .*no-such-java/);
  });
});

describe('npm run bench -- --tlc', () => {
  const bench = (args: readonly string[], output: string, status = 0) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${dir}${delimiter}${process.env['PATH'] ?? ''}`,
      FAKE_TLC_OUTPUT: output,
      FAKE_TLC_STATUS: String(status),
      FAKE_TLC_SEEN: join(dir, 'seen-bench.json'),
    };
    delete env['JAVA_HOME'];
    return spawnSync(process.execPath, [fileURLToPath(js.url('bench/run.js')), ...args], { encoding: 'utf8', env });
  };

  it("pairs TLC with the explorer's row of the same size, round by round", () => {
    const r = bench(['--only', '--n', '3', '--no-parallel', '--repeat', '2', '--json', '--tlc', jar], N3);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      results: { name: string; runs: number[]; transitions: number }[];
      tlc: { best: { states: number; transitions: number }; runs: number[]; ratios: number[]; ratio: number; match: boolean };
    };
    const explorer = out.results[0]!;
    expect(out.tlc).toMatchObject({ best: { states: 288, transitions: explorer.transitions }, match: true });
    expect(out.tlc.ratios).toEqual(explorer.runs.map((e, i) => Math.round((e / out.tlc.runs[i]!) * 100) / 100));
    const text = bench(['--only', '--n', '3', '--no-parallel', '--tlc', jar], N3);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout.trim().split('\n')[1]).toMatch(
      /^TLC TwoPhase N=3 \(tla2tools\.jar, 1 worker; TLC2 Version 2\.20 of Day Month 20\?\?\): 288 states \(as expected\), 1,145 transitions, depth 10, 0\.63 s \(the java process [\d.]+ s\), 456 states\/s \(the explorer: [\d.]+x this rate\)$/,
    );
  }, 60_000);

  it('says MISMATCH when TLC counts other states than the explorer', () => {
    const r = bench(['--only', '--n', '5', '--no-parallel', '--tlc', jar], N3);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('MISMATCH: TLC TwoPhase N=5 found 288 states / 1145 transitions, expected 8832 states');
  }, 60_000);

  it('refuses a missing jar, a run without a TwoPhase row, and a TLC that fails, each in one line (exit 2)', () => {
    for (const [args, output, status, message] of [
      [['--only', '--n', '3', '--tlc', join(dir, 'none.jar')], N3, 0, '--tlc: no file'],
      [['--only', '--tlc', jar], N3, 0, '--tlc needs a TwoPhase row'],
      [['--only', '--n', '3', '--no-parallel', '--tlc', jar], DEADLOCK, 11, 'bench: --tlc: TLC exited 11: Error: Deadlock reached.'],
    ] as const) {
      const r = bench(args, output, status);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(message);
    }
  }, 60_000);
});
