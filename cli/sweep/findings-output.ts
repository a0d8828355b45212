/**
 * How `sweep` and `merge` hand over a findings table: printed first (the table, or the JSON document with
 * --json), then written to --out as findings.md and findings.json. Printed first so that a write that fails
 * (a full disk) loses no result; and the directory is tidied after a failed write too (OutputDir.finish), so
 * it never holds a new findings.md beside an earlier run's findings.json.
 */
import { relative, resolve } from 'node:path';
import type { CommandIo } from '../io.js';
import type { OutputDir } from '../output.js';
import { FINDINGS_JSON, FINDINGS_MD, findingsExit, findingsJson, findingsMarkdown, type Findings } from './results.js';

export function reportFindings(
  io: CommandIo,
  out: OutputDir,
  findings: Findings,
  show: { readonly json: boolean; readonly quiet: boolean },
): 0 | 1 | 3 {
  const md = findingsMarkdown(findings);
  const js = findingsJson(findings);
  if (show.json) io.stdout(js);
  else if (!show.quiet) io.stdout(md);
  try {
    out.write(FINDINGS_MD, md);
    out.write(FINDINGS_JSON, js);
  } finally {
    out.finish();
  }
  if (!show.json && !show.quiet) {
    const shownDir = relative(process.cwd(), resolve(out.dir, FINDINGS_MD)) || FINDINGS_MD;
    io.stdout(`\nWritten: ${shownDir}, ${FINDINGS_JSON} beside it\n`);
  }
  return findingsExit(findings);
}
