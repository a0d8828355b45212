/**
 * Entry point: `node dist/cli/conformance.js [FILE|DIR]...` runs upstream-derived conformance vectors
 * against the controller model (see test/conformance/README.md). The logic lives in ./conformance/ so the
 * test suite can run it in-process.
 */
import { runCli } from './conformance/cli.js';

try {
  process.exitCode = runCli(process.argv.slice(2), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
} catch (e) {
  // Exit 2 is reserved for "could not run"; an unexpected crash is reported the same way, without a stack.
  console.error(`conformance: internal error: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
}
