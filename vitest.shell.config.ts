// The suites that need a system tool beyond Node (shellcheck): `npm run test:shell`; .ci/run installs the
// tool and runs them after `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['test/setup/fast-check-seed.ts'],
    include: ['test/shell/**/*.test.ts'],
    testTimeout: 120_000,
  },
});
