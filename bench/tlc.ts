/**
 * TLC side by side (`npm run bench -- --tlc PATH/tla2tools.jar`): TLC checks TwoPhase.tla — the spec that
 * examples/models/two-phase-commit.ts encodes, with the same two invariants and TLC's own deadlock check —
 * on one worker, once per round right after the explorer's TwoPhase row of the same size, so that issue
 * #15's "N=8 ≥ 25× TLC" is a ratio of two runs on one machine in one round rather than a ratio to a figure
 * from another day. The bench never needs TLC: without --tlc nothing here runs.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Lamport's TwoPhase commit (TwoPhase.tla of the TLA+ examples) in our own words: the same variables,
 * initial state and actions, the invariants TPTypeOK and TCConsistent; without the refinement of TCommit,
 * which the explorer's model does not check either.
 */
export const TWO_PHASE_TLA = `------------------------------- MODULE TwoPhase -------------------------------
\\* Two-phase commit as cloneset-check's example model encodes it
\\* (examples/models/two-phase-commit.ts), written for \`npm run bench -- --tlc\`.
CONSTANT RM

VARIABLES rmState, tmState, tmPrepared, msgs

Messages == [type : {"Prepared"}, rm : RM] \\cup [type : {"Commit", "Abort"}]

TPTypeOK ==
  /\\ rmState \\in [RM -> {"working", "prepared", "committed", "aborted"}]
  /\\ tmState \\in {"init", "committed", "aborted"}
  /\\ tmPrepared \\subseteq RM
  /\\ msgs \\subseteq Messages

TPInit ==
  /\\ rmState = [rm \\in RM |-> "working"]
  /\\ tmState = "init"
  /\\ tmPrepared = {}
  /\\ msgs = {}

TMRcvPrepared(rm) ==
  /\\ tmState = "init"
  /\\ [type |-> "Prepared", rm |-> rm] \\in msgs
  /\\ tmPrepared' = tmPrepared \\cup {rm}
  /\\ UNCHANGED <<rmState, tmState, msgs>>

TMCommit ==
  /\\ tmState = "init"
  /\\ tmPrepared = RM
  /\\ tmState' = "committed"
  /\\ msgs' = msgs \\cup {[type |-> "Commit"]}
  /\\ UNCHANGED <<rmState, tmPrepared>>

TMAbort ==
  /\\ tmState = "init"
  /\\ tmState' = "aborted"
  /\\ msgs' = msgs \\cup {[type |-> "Abort"]}
  /\\ UNCHANGED <<rmState, tmPrepared>>

RMPrepare(rm) ==
  /\\ rmState[rm] = "working"
  /\\ rmState' = [rmState EXCEPT ![rm] = "prepared"]
  /\\ msgs' = msgs \\cup {[type |-> "Prepared", rm |-> rm]}
  /\\ UNCHANGED <<tmState, tmPrepared>>

RMChooseToAbort(rm) ==
  /\\ rmState[rm] = "working"
  /\\ rmState' = [rmState EXCEPT ![rm] = "aborted"]
  /\\ UNCHANGED <<tmState, tmPrepared, msgs>>

RMRcvCommitMsg(rm) ==
  /\\ [type |-> "Commit"] \\in msgs
  /\\ rmState' = [rmState EXCEPT ![rm] = "committed"]
  /\\ UNCHANGED <<tmState, tmPrepared, msgs>>

RMRcvAbortMsg(rm) ==
  /\\ [type |-> "Abort"] \\in msgs
  /\\ rmState' = [rmState EXCEPT ![rm] = "aborted"]
  /\\ UNCHANGED <<tmState, tmPrepared, msgs>>

TPNext ==
  \\/ TMCommit \\/ TMAbort
  \\/ \\E rm \\in RM :
       TMRcvPrepared(rm) \\/ RMPrepare(rm) \\/ RMChooseToAbort(rm)
         \\/ RMRcvCommitMsg(rm) \\/ RMRcvAbortMsg(rm)

TCConsistent ==
  \\A rm1, rm2 \\in RM : ~ /\\ rmState[rm1] = "aborted"
                         /\\ rmState[rm2] = "committed"
===============================================================================
`;

/** The model's configuration for N resource managers r1..rN (model values, no symmetry: as the explorer). */
export function twoPhaseConfig(n: number): string {
  const rms = Array.from({ length: n }, (_, i) => `r${i + 1}`).join(', ');
  return `CONSTANT RM = {${rms}}\nINIT TPInit\nNEXT TPNext\nINVARIANT TPTypeOK TCConsistent\n`;
}

/** One finished TLC run, in the explorer's terms. */
export interface TlcRun {
  readonly n: number;
  /** TLC's first line, e.g. "TLC2 Version 2.20 of Day Month 20??". */
  readonly version: string;
  readonly states: number;
  /** States TLC generated less its initial states: the explorer's transitions. */
  readonly transitions: number;
  /** TLC's depth less one: TLC counts the initial states as depth 1, the explorer as 0. */
  readonly depth: number;
  /** TLC's own run time ("Finished in …"), as the explorer's figure is its own: the JVM's start is not in it. */
  readonly seconds: number;
  /** The java process, start to exit. */
  readonly wallSeconds: number;
  readonly statesPerSecond: number;
}

/** TLC could not be run, failed, or printed something this parser does not know. */
export class TlcError extends Error {}

const UNITS: Readonly<Record<string, number>> = { d: 86_400, h: 3600, min: 60, s: 1 };

/**
 * TLC's "Finished in" duration in seconds: milliseconds with -Dtlc2.TLC.asMilliSeconds=true ("66123ms"),
 * else its human-readable form ("08s", "01min 08s", "02h 05min", "1d 03h"), whole units.
 */
export function parseTlcDuration(text: string): number {
  const ms = /^(\d+)ms$/.exec(text);
  if (ms !== null) return Number(ms[1]) / 1000;
  const parts = text.split(' ');
  let seconds = 0;
  for (const part of parts) {
    const m = /^(\d+)(d|h|min|s)$/.exec(part);
    if (m === null) throw new TlcError(`TLC's run time "${text}" is not in a form this bench reads (e.g. 66123ms or 01min 06s)`);
    seconds += Number(m[1]) * UNITS[m[2]!]!;
  }
  return seconds;
}

const count = (s: string): number => Number(s.replaceAll(',', ''));

const COMPLETED = 'Model checking completed. No error has been found.';

/** TLC's first "Error:" line (a violation, a deadlock, a parse error), if it printed one. */
function errorLine(lines: readonly string[]): string | undefined {
  return lines.find((l) => l.startsWith('Error:'));
}

const lastLines = (lines: readonly string[]): string =>
  lines
    .filter((l) => l !== '')
    .slice(-3)
    .join(' | ');

/**
 * TLC's report of a complete, error-free run of TwoPhase with `n` RMs. Throws TlcError with TLC's own error
 * line when it found one, or naming the line that is missing.
 */
export function parseTlcOutput(text: string, n: number, wallSeconds: number): TlcRun {
  const lines = text.split('\n').map((l) => l.trimEnd());
  const error = errorLine(lines);
  if (error !== undefined) throw new TlcError(`TLC: ${error}`);
  const missing = (what: string): TlcError => new TlcError(`TLC's output has no ${what} line; its last lines: ${lastLines(lines)}`);
  const find = (re: RegExp, what: string): RegExpExecArray => {
    for (const l of lines) {
      const m = re.exec(l);
      if (m !== null) return m;
    }
    throw missing(what);
  };
  if (!lines.includes(COMPLETED)) throw missing(`"${COMPLETED}"`);
  const init = find(/^Finished computing initial states: ([\d,]+) distinct states? generated/, 'initial states');
  const stats = find(/^([\d,]+) states generated, ([\d,]+) distinct states found, 0 states left on queue\.$/, 'final counts');
  const depth = find(/^The depth of the complete state graph search is (\d+)\.$/, 'depth');
  const seconds = parseTlcDuration(find(/^Finished in (.+) at \(/, '"Finished in"')[1]!);
  const states = count(stats[2]!);
  return {
    n,
    version: lines.find((l) => l.startsWith('TLC2 Version')) ?? 'TLC (version not printed)',
    states,
    transitions: count(stats[1]!) - count(init[1]!),
    depth: Number(depth[1]) - 1,
    seconds,
    wallSeconds: Math.round(wallSeconds * 1000) / 1000,
    statesPerSecond: seconds > 0 ? Math.round(states / seconds) : 0,
  };
}

/** The java to run: $JAVA_HOME/bin/java when JAVA_HOME is set, else java on the PATH. */
export function javaCommand(env: NodeJS.ProcessEnv = process.env): string {
  const home = env['JAVA_HOME'];
  return home === undefined || home === '' ? 'java' : join(home, 'bin', 'java');
}

/** Throws TlcError unless `java -version` runs. */
export function checkJava(java: string): void {
  const r = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (r.error !== undefined || r.status !== 0)
    throw new TlcError(`cannot run ${java} (${r.error?.message ?? `exit ${r.status}`}): set JAVA_HOME or put java on the PATH`);
}

/**
 * TLC on TwoPhase with `n` RMs: one worker, the throughput collector TLC asks for, its run time in
 * milliseconds; the spec, its configuration and TLC's state queue in a temporary directory, removed after.
 */
export function runTlc(jar: string, n: number, java: string = javaCommand()): TlcRun {
  const dir = mkdtempSync(join(tmpdir(), 'cloneset-check-tlc-'));
  try {
    writeFileSync(join(dir, 'TwoPhase.tla'), TWO_PHASE_TLA);
    writeFileSync(join(dir, 'TwoPhase.cfg'), twoPhaseConfig(n));
    const args = ['-XX:+UseParallelGC', '-Dtlc2.TLC.asMilliSeconds=true', '-cp', jar, 'tlc2.TLC'];
    args.push('-workers', '1', '-metadir', join(dir, 'states'), '-config', 'TwoPhase.cfg', 'TwoPhase.tla');
    const t0 = performance.now();
    const r = spawnSync(java, args, { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
    const wall = (performance.now() - t0) / 1000;
    if (r.error !== undefined) throw new TlcError(`cannot run ${java}: ${r.error.message}`);
    if (r.status !== 0) {
      // A violation or a deadlock: TLC's "Error:" line; anything else (not TLC, a JVM error): the last lines.
      const out = r.stdout.split('\n');
      throw new TlcError(`TLC exited ${r.status}: ${errorLine(out) ?? lastLines([...out, ...r.stderr.split('\n')])}`);
    }
    return parseTlcOutput(r.stdout, n, wall);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
