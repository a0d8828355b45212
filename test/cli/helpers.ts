/**
 * Running the CLI in tests: in-process through `main(argv, io)` (fast, no build needed), and as a real
 * subprocess of the built `dist/cli/main.js` for what only a process shows (exit codes, signals).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { main } from '../../cli/main.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const EXAMPLES = join(ROOT, 'examples');
export const DIST_MAIN = join(ROOT, 'dist/cli/main.js');

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Pretend stdout (and stderr) are terminals. */
  readonly tty?: boolean;
}

export async function run(argv: readonly string[], opts: RunOptions = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    signal: { aborted: false },
    stdoutIsTTY: opts.tty === true,
    stderrIsTTY: opts.tty === true,
  });
  return { code, stdout, stderr };
}

const temps: string[] = [];
export const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'cloneset-cli-'));
  temps.push(d);
  return d;
};
// Registered by each test file that imports this module (vitest isolates modules per file).
afterAll(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A line of a stack trace, as Node prints them. */
export const STACK_LINE = /^\s{4}at /m;

// eslint-disable-next-line no-control-regex
// biome-ignore lint/suspicious/noControlCharactersInRegex: an ANSI colour sequence starts with ESC
export const ANSI = /\x1b\[/;

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * `npm ci` builds dist/ (prepare script); during development dist/ may be missing or older than the
 * sources, so rebuild then. tsc still emits when someone else's file has a type error, which is enough here.
 */
export function ensureDist(): void {
  const built = existsSync(DIST_MAIN) ? statSync(DIST_MAIN).mtimeMs : 0;
  const sources = Math.max(...['cli', 'traces', 'model', 'checker'].map((d) => newestSource(join(ROOT, d))));
  if (built >= sources) return;
  spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
  if (!existsSync(DIST_MAIN)) throw new Error('could not build dist/cli/main.js');
}

export interface Child extends Run {
  readonly signal: NodeJS.Signals | null;
}

/**
 * Run the built CLI; `interruptAfterMs` sends SIGINT that long after its first output (by then its SIGINT
 * handler is installed, however slow the machine is to start Node).
 */
export function runNode(
  argv: readonly string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; interruptAfterMs?: number } = {},
): Promise<Child> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [DIST_MAIN, ...argv], {
      cwd: opts.cwd ?? ROOT,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (opts.interruptAfterMs !== undefined && timer === undefined) timer = setTimeout(() => child.kill('SIGINT'), opts.interruptAfterMs);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      resolvePromise({ code: code ?? -1, signal, stdout, stderr });
    });
  });
}
