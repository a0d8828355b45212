// The findings rows that take minutes each (test/verdicts/slow/): `npm run test:slow`, about half an hour on 2
// cores, so not part of `npm test`. One file, its rows one after another: in parallel they would only
// share the same two cores.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['test/setup/fast-check-seed.ts'],
    include: ['test/verdicts/slow/**/*.test.ts'],
    testTimeout: 3_600_000,
    hookTimeout: 120_000,
  },
});
