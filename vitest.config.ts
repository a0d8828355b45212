// Test configuration. Several tests explore state spaces of 10^5–10^6 states; on a loaded 2-core machine
// that can pass vitest's 5 s default, which would fail a test for being slow, not wrong. Speed is measured
// by `npm run bench`, never by a test's timeout.
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['test/setup/fast-check-seed.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // test/shell/ needs shellcheck, which a fresh machine lacks: `npm run test:shell` (vitest.shell.config.ts).
    // test/verdicts/slow/ takes about half an hour on 2 cores: `npm run test:slow` (vitest.slow.config.ts).
    exclude: [...configDefaults.exclude, 'test/shell/**', 'test/verdicts/slow/**'],
  },
});
