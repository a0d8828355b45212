/**
 * docs/findings.md's rows that take minutes each (too slow for `npm test` on a 2-core machine), pinned all
 * the same: `npm run test:slow` builds and runs them (vitest.slow.config.ts; about half an hour on 2 cores). Each
 * row runs the command docs/findings.md gives for it with the built CLI (`dist/cli/main.js ... --json`, a
 * subprocess: compiled code, as users run it, and several times faster than the sources under vitest), and
 * checks the state count of every variant, which properties hold, and the length of each shortest
 * counterexample — all found by the explorer, none scripted.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DIST_MAIN, ROOT, tempDir } from '../../cli/helpers.js';
import { LONG_ROWS, type Verdict } from './long-rows.js';

interface PropertyJson {
  readonly verdict: string;
  readonly steps?: number;
}
interface RunJson {
  readonly controller: string;
  readonly stats: { readonly states: number };
  readonly limit: unknown;
  readonly properties: Readonly<Record<string, PropertyJson>>;
}

const verdictOf = (p: PropertyJson): Verdict =>
  p.verdict === 'holds' ? 'holds' : p.verdict === 'violated' && p.steps !== undefined ? p.steps : -1;

describe('docs/findings.md rows that take minutes (npm run test:slow)', () => {
  for (const row of LONG_ROWS) {
    it(`row ${row.name}`, () => {
      const out = tempDir();
      const r = spawnSync(process.execPath, [DIST_MAIN, 'check', ...row.flags, '--json', '--quiet', '--out', out], {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      });
      expect(r.stderr).toBe('');
      const runs = (JSON.parse(r.stdout) as { runs?: RunJson[] }).runs ?? [JSON.parse(r.stdout) as RunJson];
      const got = Object.fromEntries(
        runs.map((x) => [
          x.controller,
          {
            states: x.stats.states,
            limit: x.limit,
            verdicts: Object.fromEntries(Object.entries(x.properties).map(([k, p]) => [k, verdictOf(p)])),
          },
        ]),
      );
      const want = Object.fromEntries(
        Object.entries(row.variants).map(([c, v]) => [c, { states: v.states, limit: null, verdicts: v.verdicts }]),
      );
      expect(got).toEqual(want);
    });
  }
});
