/**
 * The `conformance` command as a function (argv and output in, exit code out), so tests can drive exactly
 * what `node dist/cli/conformance.js` does without spawning a process.
 * Exit codes: 0 all passed, 1 some vector failed, 2 a file could not be run at all.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runVectors, summaryLine } from './runner.js';
import { expandPaths, LoadError, loadVectorFile, type Vector } from './vectors.js';

export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** Found from this module's location, so it works from both the sources (vitest) and dist/ and any cwd. */
export function defaultVectorDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new LoadError('test/conformance/vectors', 'cannot locate the project root');
    dir = up;
  }
  return join(dir, 'test', 'conformance', 'vectors');
}

const USAGE = 'usage: conformance [FILE|DIR]...   (default: test/conformance/vectors)';

export function runCli(args: readonly string[], io: Io): number {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  const unknownFlag = args.find((a) => a.startsWith('-'));
  if (unknownFlag !== undefined) {
    io.err(`conformance: unknown option ${unknownFlag}; ${USAGE}`);
    return 2;
  }
  let vectors: Vector[];
  try {
    const paths = expandPaths(args.length > 0 ? args.map((a) => resolve(a)) : [defaultVectorDir()]);
    vectors = paths.flatMap((p) => loadVectorFile(p).vectors);
  } catch (e) {
    if (!(e instanceof LoadError)) throw e;
    io.err(`conformance: ${e.message}`);
    return 2;
  }
  const summary = runVectors(vectors);
  for (const line of summary.failures) io.out(line);
  io.out(summaryLine(summary));
  return summary.failed > 0 ? 1 : 0;
}
