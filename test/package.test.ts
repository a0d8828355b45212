/**
 * What the published package holds: `files` keeps tests, sources and the bench out; every `exports` entry
 * names a module the build emits, including the compiled CloneSet model that exploreParallel's worker
 * threads load (checked here through the TypeScript source each one is compiled from).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './cli/helpers.js';

interface Pkg {
  readonly files: readonly string[];
  readonly exports: Readonly<Record<string, string | { readonly types: string; readonly import: string }>>;
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Pkg;

describe('package.json', () => {
  it('ships the build, the README, the licence and the examples, not tests or sources', () => {
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'README.md', 'LICENSE', 'examples']));
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    for (const f of pkg.files) expect(f).not.toMatch(/^(test|cli|model|checker|traces)\b/);
  });

  it('exports the compiled CloneSet model for exploreParallel', async () => {
    const entry = pkg.exports['./model/cloneset/instance'];
    expect(entry).toEqual({ types: './dist/model/cloneset/instance.d.ts', import: './dist/model/cloneset/instance.js' });
    const source = await import('../model/cloneset/instance.js');
    expect(typeof source.cloneSetModel).toBe('function');
  });

  it('every export is emitted by the build from a source file that exists', () => {
    for (const [name, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') {
        expect(existsSync(join(ROOT, target)), name).toBe(true);
        continue;
      }
      expect(target.import).toMatch(/^\.\/dist\/.+\.js$/);
      expect(target.types).toBe(target.import.replace(/\.js$/, '.d.ts'));
      expect(existsSync(join(ROOT, target.import.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts'))), name).toBe(true);
    }
  });
});
