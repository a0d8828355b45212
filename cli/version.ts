/**
 * `cloneset-check --version`: the version in the package's own package.json, found by walking up from this
 * module (dist/cli/ when installed, cli/ when run from the sources), so it can never disagree with npm's.
 */
import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  let dir = new URL('./', import.meta.url);
  for (let i = 0; i < 4; i++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'cloneset-check' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // Not here: look one directory up.
    }
    dir = new URL('../', dir);
  }
  return 'unknown';
}
