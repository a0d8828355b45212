/**
 * Fault injection against the built CLI: closed and full stdout, signals during a long check, odd output
 * targets (devices, FIFOs, symlinks, read-only files and directories, /proc, a file in the path), and output
 * directories holding files cloneset-check did not write. Each case: the documented exit code, at most one
 * stderr line and no stack trace, the user's files untouched, and no temporary file left behind.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST } from '../../cli/output.js';
import { parseTraceDocument, serializeTraceDocument } from '../../traces/index.js';
import { issue1545Doc } from '../traces/fixtures.js';
import { canMountReadOnly, runFault, runOnReadOnlyMount, shellStatus, type FaultRun } from './fault-helpers.js';
import { ensureDist, EXAMPLES, STACK_LINE, tempDir } from './helpers.js';

beforeAll(ensureDist, 120_000);

const SMALL_CHECK = ['check', '--controller', 'pre-fix', '--property', 'canary-respected'];
const LONG_CHECK = ['check', '--config', join(EXAMPLES, 'wide.json'), '--controller', 'pre-fix', '--no-svg'];

/** One stderr line, no stack trace, no unhandled-event report. */
function oneLine(r: FaultRun, ...parts: string[]): void {
  expect(r.stderr).not.toMatch(STACK_LINE);
  expect(r.stderr).not.toContain('Unhandled');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  for (const p of parts) expect(lines[0]).toContain(p);
}

const temps = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.tmp')) : []);

function savedTrace(): string {
  const file = join(tempDir(), 'trace.json');
  writeFileSync(file, serializeTraceDocument(issue1545Doc()));
  return file;
}

describe('a closed stdout (EPIPE, as with | head -1)', () => {
  it('check ends quietly with exit 141 and still writes every file', async () => {
    const out = join(tempDir(), 'out');
    const r = await runFault([...SMALL_CHECK, '--out', out], { closeStdoutAfterFirstChunk: true });
    expect(r.code, r.stderr).toBe(141);
    expect(r.stderr).toBe('');
    expect(readdirSync(out).sort()).toEqual([
      MANIFEST,
      'pre-fix-canary-respected.dot',
      'pre-fix-canary-respected.json',
      'pre-fix-canary-respected.svg',
      'report.md',
    ]);
  }, 60_000);

  it('simulate --out D writes D as it does without the pipe', async () => {
    const out = join(tempDir(), 'sim');
    const r = await runFault(['simulate', '--controller', 'pre-fix', '--no-svg', '--out', out], { closeStdoutAfterFirstChunk: true });
    expect(r.code, r.stderr).toBe(141);
    expect(r.stderr).not.toMatch(STACK_LINE);
    const files = readdirSync(out);
    expect(files.filter((f) => f.endsWith('.sim.json'))).toHaveLength(1);
    expect(parseTraceDocument(readFileSync(join(out, files.find((f) => f.endsWith('.sim.json'))!), 'utf8')).ok).toBe(true);
  }, 60_000);
});

describe('a full stdout (ENOSPC on /dev/full)', () => {
  it.each([['variants'], ['export', '@trace', '--format', 'text']])('%s: one line on stderr, exit 74', async (...argv) => {
    const trace = savedTrace();
    const r = await runFault(
      argv.map((a) => (a === '@trace' ? trace : a)),
      { stdoutFile: '/dev/full' },
    );
    expect(r.code).toBe(74);
    oneLine(r, 'cannot write to stdout', 'ENOSPC');
  });

  it('check still writes its files', async () => {
    const out = join(tempDir(), 'out');
    const r = await runFault([...SMALL_CHECK, '--no-svg', '--out', out], { stdoutFile: '/dev/full' });
    expect(r.code).toBe(74);
    oneLine(r, 'ENOSPC');
    expect(readdirSync(out)).toContain('report.md');
  }, 60_000);
});

describe('signals during a long check', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)(
    '%s behaves like Ctrl-C: partial statistics, report written, exit %i',
    async (sig, code) => {
      const out = tempDir();
      const r = await runFault([...LONG_CHECK, '--out', out], { signals: { afterMs: 1500, send: [sig] } });
      expect(r.code).toBe(code);
      expect(r.stdout).toMatch(/^states\s+[\d,]+$/m);
      expect(r.stdout).toMatch(new RegExp(`pre-fix: interrupted \\(${sig}\\) after [\\d,]+ states`));
      oneLine(r, `interrupted (${sig}): partial results above; files already written are intact`);
      expect(readdirSync(out)).toContain('report.md');
      expect(temps(out)).toEqual([]);
    },
    60_000,
  );

  it("SIGINT with --workers 2: the parallel search's counts, and the violations it found reported as such", async () => {
    const out = tempDir();
    // pre-fix violates promotion-sound within 4 steps; the whole search takes several seconds on two threads.
    const r = await runFault([...LONG_CHECK, '--workers', '2', '--out', out], { signals: { afterMs: 1500, send: ['SIGINT'] } });
    expect(r.code, r.stderr).toBe(130);
    oneLine(r, 'interrupted (SIGINT): partial results above; files already written are intact');
    const states = Number(/^states\s+([\d,]+)$/m.exec(r.stdout)?.[1]?.replace(/,/g, ''));
    // Some states, however fast the machine: a throughput is the bench's to measure, not a test's.
    expect(states, r.stdout).toBeGreaterThan(0);
    expect(r.stdout).toMatch(new RegExp(`pre-fix: interrupted \\(SIGINT\\) after ${states.toLocaleString('en-US')} states`));
    // Interrupted before its counterexample was rebuilt (the usual case) or after: violated either way.
    expect(r.stdout).toMatch(/^promotion-sound\s+violated \((no trace|4 steps)\)$/m);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/\| promotion-sound \| violated \((no trace|4 steps)\) \|/);
    if (/promotion-sound\s+violated \(no trace\)/.test(r.stdout)) {
      expect(r.stdout).toContain(
        'pre-fix promotion-sound: violated (found by the parallel search; interrupted before its shortest counterexample was rebuilt)',
      );
    }
    expect(temps(out)).toEqual([]);
  }, 60_000);

  it('a second signal right after the first stops at once: one message, no temporary file, earlier files intact', async () => {
    const out = tempDir();
    const earlier = join(out, 'notes.txt');
    writeFileSync(earlier, 'mine\n');
    // Two different signals: the kernel merges a second SIGINT still pending with the first.
    const r = await runFault([...LONG_CHECK, '--out', out], { signals: { afterMs: 1500, send: ['SIGINT', 'SIGTERM'] } });
    const second = /second signal \((SIGINT|SIGTERM)\): stopped at once/.exec(r.stderr)?.[1];
    expect(second, r.stderr).toBeDefined();
    expect(r.code).toBe(second === 'SIGINT' ? 130 : 143);
    oneLine(r, 'files already written are intact');
    expect(readFileSync(earlier, 'utf8')).toBe('mine\n');
    expect(temps(out)).toEqual([]);
  }, 60_000);

  it('two signals 50 ms apart: exit 130, no temporary file, every trace written is whole', async () => {
    const out = tempDir();
    const r = await runFault([...LONG_CHECK, '--out', out], { signals: { afterMs: 1500, send: ['SIGINT', 'SIGINT'], gapMs: 50 } });
    // The second SIGINT may land after the first one's graceful stop, while Node exits: then it ends the
    // process by SIGINT, which a shell also reports as 130.
    expect(shellStatus(r), `${r.code} ${r.signal}`).toBe(130);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stderr).toMatch(/interrupted \(SIGINT\)|second signal \(SIGINT\)/);
    expect(temps(out)).toEqual([]);
    const traces = readdirSync(out).filter((x) => x.endsWith('.json'));
    // Not vacuous: the first signal's stop prints "partial results above" only after its writes, and by then it
    // has found pre-fix's promotion-sound counterexample (4 steps, long before the signal); only a second signal
    // handled before those writes may leave no trace.
    if (r.stderr.includes('interrupted (SIGINT): partial results above')) expect(traces).toContain('pre-fix-promotion-sound.json');
    else expect(r.stderr).toContain('second signal (SIGINT): stopped at once');
    for (const f of traces) expect(parseTraceDocument(readFileSync(join(out, f), 'utf8')).ok, f).toBe(true);
  }, 60_000);
});

describe('export --output: only a regular file is replaced', () => {
  const exportTo = (target: string) => runFault(['export', savedTrace(), '--format', 'itf', '--output', target]);

  it('a device is refused, not replaced by a regular file', async () => {
    const r = await exportTo('/dev/full');
    expect(r.code).toBe(2);
    oneLine(r, '--output', '"/dev/full" is a character device');
    expect(lstatSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('a symlink is refused; the link and its target stay as they were', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'target.txt'), 'target\n');
    symlinkSync(join(dir, 'target.txt'), join(dir, 'link'));
    const r = await exportTo(join(dir, 'link'));
    expect(r.code).toBe(2);
    oneLine(r, 'is a symbolic link');
    expect(readlinkSync(join(dir, 'link'))).toBe(join(dir, 'target.txt'));
    expect(readFileSync(join(dir, 'target.txt'), 'utf8')).toBe('target\n');
  });

  it('a FIFO is refused at once (no reader needed), and stays a FIFO', async () => {
    const fifo = join(tempDir(), 'fifo');
    execFileSync('mkfifo', [fifo]);
    const r = await exportTo(fifo);
    expect(r.code).toBe(2);
    oneLine(r, 'is a FIFO');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a read-only file is refused and keeps its content and mode', async () => {
    const file = join(tempDir(), 'ro.json');
    writeFileSync(file, 'keep\n');
    chmodSync(file, 0o444);
    const r = await exportTo(file);
    expect(r.code).toBe(2);
    oneLine(r, 'is read-only (not writable)');
    expect(readFileSync(file, 'utf8')).toBe('keep\n');
    expect(statSync(file).mode & 0o777).toBe(0o444);
  });

  it('a writable file is replaced, keeping its permission bits, with no temporary file left', async () => {
    const dir = tempDir();
    const file = join(dir, 'private.json');
    writeFileSync(file, 'old\n', { mode: 0o600 });
    chmodSync(file, 0o600);
    const r = await exportTo(file);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('states');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['private.json']);
  });
});

describe('--out targets that cannot be written: exit 2 before the search', () => {
  it('/proc/x: at once, not a spin in mkdir', async () => {
    const r = await runFault([...SMALL_CHECK, '--out', '/proc/x'], { timeoutMs: 20_000 });
    expect(r.code).toBe(2);
    oneLine(r, '--out', '"/proc/x"');
    // A spin in mkdir would run into runFault's timeout and end with no exit code 2.
    expect(r.stdout).toBe('');
  });

  it('a path through a file (ENOTDIR)', async () => {
    const file = join(tempDir(), 'file');
    writeFileSync(file, 'x');
    const r = await runFault([...SMALL_CHECK, '--out', join(file, 'sub')]);
    expect(r.code).toBe(2);
    oneLine(r, '--out', 'is a file, not a directory');
    expect(r.stdout).toBe('');
  });

  it('a FIFO', async () => {
    const fifo = join(tempDir(), 'fifo');
    execFileSync('mkfifo', [fifo]);
    const r = await runFault(['graph', '--max-replicas', '1', '--out', fifo]);
    expect(r.code).toBe(2);
    oneLine(r, 'is a FIFO, not a directory');
  });

  it('a read-only directory (a read-only tmpfs where mounts are allowed, else a /proc directory)', async () => {
    const mount = canMountReadOnly();
    const dir = mount ? tempDir() : '/proc/1';
    const argv = [...SMALL_CHECK, '--out', join(dir, 'sub')];
    const r = mount ? await runOnReadOnlyMount(dir, argv) : await runFault(argv);
    expect(r.code).toBe(2);
    oneLine(r, '--out', `cannot create "${join(dir, 'sub')}"`, mount ? 'EROFS' : '');
    expect(r.stdout).toBe('');
    if (mount) {
      const inPlace = await runOnReadOnlyMount(dir, [...SMALL_CHECK, '--out', dir]);
      expect(inPlace.code).toBe(2);
      oneLine(inPlace, `cannot write in "${dir}"`, 'EROFS');
    }
  }, 30_000);

  it('a symlink where report.md goes: refused before the search, the link untouched', async () => {
    const out = tempDir();
    writeFileSync(join(out, 'elsewhere.md'), 'mine\n');
    symlinkSync(join(out, 'elsewhere.md'), join(out, 'report.md'));
    const r = await runFault([...SMALL_CHECK, '--out', out, '--force']);
    expect(r.code).toBe(2);
    oneLine(r, 'report.md" is a symbolic link');
    expect(r.stdout).toBe('');
    expect(lstatSync(join(out, 'report.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(out, 'elsewhere.md'), 'utf8')).toBe('mine\n');
  });
});

describe('an --out directory holding files cloneset-check did not write', () => {
  it("the user's report.md: refused before the search without --force, replaced with it", async () => {
    const out = tempDir();
    writeFileSync(join(out, 'report.md'), '# my notes\n');
    const r = await runFault([...SMALL_CHECK, '--no-svg', '--out', out]);
    expect(r.code).toBe(2);
    oneLine(r, 'report.md" was not written by cloneset-check', '--force');
    expect(r.stdout).toBe('');
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe('# my notes\n');
    const forced = await runFault([...SMALL_CHECK, '--no-svg', '--out', out, '--force']);
    expect(forced.code, forced.stderr).toBe(1);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/^# cloneset-check report/);
  }, 60_000);

  it('other files are never touched, and a trace the user edited is not overwritten', async () => {
    const out = tempDir();
    writeFileSync(join(out, 'notes.txt'), 'mine\n');
    expect((await runFault([...SMALL_CHECK, '--no-svg', '--out', out])).code).toBe(1);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine\n');
    const trace = join(out, 'pre-fix-canary-respected.json');
    writeFileSync(trace, `${readFileSync(trace, 'utf8')} `);
    const r = await runFault([...SMALL_CHECK, '--no-svg', '--out', out]);
    expect(r.code).toBe(2);
    oneLine(r, 'pre-fix-canary-respected.json" was not written by cloneset-check (or was changed since)');
    expect(readFileSync(trace, 'utf8').endsWith(' ')).toBe(true);
  }, 60_000);

  it('a later run removes its own stale files: no SVG survives --no-svg, the report lists exactly the traces beside it', async () => {
    const out = tempDir();
    expect((await runFault(['check', '--max-replicas', '3', '--out', out])).code).toBe(1);
    const first = readdirSync(out);
    expect(first.filter((f) => f.startsWith('upstream-'))).not.toEqual([]);
    expect(first.filter((f) => f.endsWith('.svg'))).not.toEqual([]);
    expect((await runFault(['check', '--max-replicas', '3', '--controller', 'pre-fix', '--no-svg', '--out', out])).code).toBe(1);
    const files = readdirSync(out).filter((f) => f !== MANIFEST);
    expect(files.filter((f) => f.endsWith('.svg'))).toEqual([]);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    const linked = [...report.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]!).sort();
    expect(linked).toEqual(files.filter((f) => f !== 'report.md').sort());
    expect(files.every((f) => f === 'report.md' || f.startsWith('pre-fix-'))).toBe(true);
  }, 120_000);

  it('check, simulate and graph share a directory without removing each other’s files', async () => {
    const out = tempDir();
    expect((await runFault([...SMALL_CHECK, '--no-svg', '--out', out])).code).toBe(1);
    expect((await runFault(['simulate', '--controller', 'pre-fix', '--no-svg', '--out', out])).code).toBe(1);
    expect((await runFault(['graph', '--max-replicas', '1', '--no-svg', '--out', out])).code).toBe(0);
    const files = readdirSync(out);
    expect(files).toEqual(expect.arrayContaining(['report.md', 'pre-fix-canary-respected.json', 'graph.dot']));
    expect(files.some((f) => f.endsWith('.sim.json'))).toBe(true);
  }, 120_000);

  it('a manifest that is not ours is refused without --force', async () => {
    const out = tempDir();
    writeFileSync(join(out, MANIFEST), 'not json');
    const r = await runFault([...SMALL_CHECK, '--out', out]);
    expect(r.code).toBe(2);
    oneLine(r, 'is not a cloneset-check manifest');
    expect(readFileSync(join(out, MANIFEST), 'utf8')).toBe('not json');
  });

  it('a directory that does not exist yet is created only when there is something to write', async () => {
    const parent = tempDir();
    mkdirSync(join(parent, 'a'));
    const out = join(parent, 'a', 'b', 'c');
    expect((await runFault([...SMALL_CHECK, '--no-svg', '--out', out])).code).toBe(1);
    expect(readdirSync(out)).toContain('report.md');
  }, 60_000);
});
