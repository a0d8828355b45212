/**
 * Running the built CLI under faults: a reader that closes stdout early, stdout on a full device, signals
 * at chosen moments, and a read-only directory (a private read-only tmpfs mount where the kernel allows it).
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { constants } from 'node:os';
import { DIST_MAIN, ROOT, type Child } from './helpers.js';

export interface FaultOptions {
  readonly cwd?: string;
  /** Close our end of stdout after the first chunk, as `| head -1` does. */
  readonly closeStdoutAfterFirstChunk?: boolean;
  /** Send stdout to this file (e.g. /dev/full) instead of a pipe. */
  readonly stdoutFile?: string;
  /** Signals to send, in order, `afterMs` after the first output; with `gapMs` between them (0: back to back). */
  readonly signals?: { readonly afterMs: number; readonly send: readonly NodeJS.Signals[]; readonly gapMs?: number };
  readonly timeoutMs?: number;
}

export interface FaultRun extends Child {
  readonly ms: number;
}

export function runFault(argv: readonly string[], opts: FaultOptions = {}): Promise<FaultRun> {
  const fd = opts.stdoutFile === undefined ? undefined : openSync(opts.stdoutFile, 'w');
  const start = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [DIST_MAIN, ...argv], { cwd: opts.cwd ?? ROOT, stdio: ['ignore', fd ?? 'pipe', 'pipe'] });
    if (fd !== undefined) closeSync(fd);
    let stdout = '';
    let stderr = '';
    let started = false;
    const timers: NodeJS.Timeout[] = [];
    const kill = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    const onFirstOutput = (): void => {
      if (started) return;
      started = true;
      const s = opts.signals;
      if (s === undefined) return;
      timers.push(
        setTimeout(() => {
          const gap = s.gapMs ?? 0;
          if (gap === 0) for (const sig of s.send) child.kill(sig);
          else
            s.send.forEach((sig, i) => {
              timers.push(setTimeout(() => child.kill(sig), i * gap));
            });
        }, s.afterMs),
      );
    };
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      onFirstOutput();
      if (opts.closeStdoutAfterFirstChunk === true) child.stdout?.destroy();
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      onFirstOutput();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(kill);
      for (const t of timers) clearTimeout(t);
      resolvePromise({ code: code ?? -1, signal, stdout, stderr, ms: Date.now() - start });
    });
    // With stdout on a file, the first output may only ever come on stderr: start the clock now.
    if (fd !== undefined) onFirstOutput();
  });
}

/**
 * The exit status as a shell reports it ($?): the exit code, or 128 + the signal number when a signal ended
 * the process. A signal that arrives while Node is already exiting (its handlers are gone by then) ends the
 * process by that signal's default action; a caller sees the same 130 either way.
 */
export function shellStatus(r: Child): number {
  if (r.signal === null) return r.code;
  return 128 + constants.signals[r.signal];
}

/** Whether this process may mount a read-only tmpfs in a private mount namespace (root with CAP_SYS_ADMIN). */
export function canMountReadOnly(): boolean {
  const r = spawnSync(
    'unshare',
    ['-m', 'sh', '-c', 'd=$(mktemp -d) && mount -t tmpfs -o ro,size=64k tmpfs "$d" && umount "$d"; s=$?; rmdir "$d"; exit $s'],
    { stdio: 'ignore' },
  );
  return r.status === 0;
}

/**
 * Runs the CLI with `dir` replaced by a read-only tmpfs inside a private mount namespace: nothing leaks to
 * the host's mounts, and the mount disappears with the process.
 */
export function runOnReadOnlyMount(dir: string, argv: readonly string[]): Promise<FaultRun> {
  const start = Date.now();
  const quoted = [process.execPath, DIST_MAIN, ...argv].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolvePromise, reject) => {
    const child = spawn('unshare', ['-m', 'sh', '-c', `mount -t tmpfs -o ro,size=64k tmpfs '${dir}' && exec ${quoted}`], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code: code ?? -1, signal, stdout, stderr, ms: Date.now() - start }));
  });
}
