/**
 * A JavaScript copy of the sources for tests that start worker threads: vitest runs TypeScript, but a
 * worker (and the model module it imports) must be plain JS. Transpiling here, file by file without type
 * checking, tests the code under test rather than whatever `dist/` was last built from.
 *
 * The copy lives under node_modules/.cache so that bare imports (fast-check, ts-pattern) resolve.
 */

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function* tsFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* tsFiles(p);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.endsWith('.test.ts')) yield p;
  }
}

export interface Transpiled {
  /** Root of the JS copy (same layout as the repository). */
  readonly dir: string;
  /** file: URL of the JS copy of a repository path, e.g. `url('checker/index.js')`. */
  url(path: string): string;
  /** Deletes the copy. */
  remove(): void;
}

/** Transpiles every .ts file under the given repository folders. */
export function transpile(folders: readonly string[]): Transpiled {
  const cache = join(ROOT, 'node_modules', '.cache', 'cloneset-check-tests');
  mkdirSync(cache, { recursive: true });
  // Test files may run concurrently in one process: each gets its own copy.
  const dir = mkdtempSync(join(cache, 'js-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const folder of folders) {
    for (const file of tsFiles(join(ROOT, folder))) {
      const out = ts.transpileModule(readFileSync(file, 'utf8'), {
        fileName: file,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      });
      const target = join(dir, relative(ROOT, file)).replace(/\.ts$/, '.js');
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, out.outputText);
    }
  }
  return {
    dir,
    url: (path) => pathToFileURL(join(dir, path)).href,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
