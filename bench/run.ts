/**
 * `npm run bench`: explorer throughput on TwoPhase commit (examples/models/two-phase-commit.ts;
 * distinct-state counts known from TLC) and on the CloneSet scenarios of bench/cloneset-scenarios.ts (the
 * minutes-long ones only with --long).
 *
 *   node dist/bench/run.js [--n 9] [--only] [--workers 2] [--no-parallel] [--no-cloneset] [--long] [--no-baseline] [--json]
 *                          [--mode exact|compact] [--no-thp] [--repeat 3] [--tlc PATH/tla2tools.jar]
 *   node dist/bench/run.js --model wide [--model-states 300000] [--json]
 *   node dist/bench/run.js --model realistic --in-explorer [--json]
 *
 * Rows: TwoPhase N=7, 8 and 9 (`--n K`, repeatable or comma-separated, adds sizes; `--only` runs just
 * those), the naive JavaScript baseline on N=8 (bench/naive-bfs.ts; `--no-baseline` drops it; with
 * `--only`, `--baseline` adds it on N=8 if given, else on the smallest size) right after the explorer's row
 * of that size, with how much faster the explorer is, a parallel row (`--workers`, default 2) for the largest TwoPhase size, run right after its
 * single-threaded row, with the speed-up over it, then the CloneSet rows. Each row runs in a fresh child
 * process so its peak RSS is its own. A count that differs from the known one is printed as MISMATCH and makes the exit code 1.
 * A single-threaded CloneSet row that takes under 2 s is explored three times more in its process, its
 * reconcile decisions forgotten before each; the line adds the best of those warm rates (bench/measure.ts
 * `warmStatesPerSecond`), as the first run is mostly V8's warm-up.
 * `--model NAME` prints only what the CloneSet model costs per state on that scenario, step by step and
 * without the visited table (bench/model-cost.ts): the figure to compare when changing the model.
 * `--model NAME --in-explorer` runs that row's whole search instead, with the model's calls timed by part
 * (bench/model-share.ts): how much of a real run the model takes, and which part of it, in a child with
 * the rows' huge-page setting.
 * `--repeat K` runs all rows K times, round after round (fresh processes), and reports each row's fastest
 * run with the range of all: on the 2-vCPU VMs this runs on, one run can be a third slower than the next
 * (docs/performance.md). A speed-up is then the median of K paired ratios, each a parallel run over the
 * single-threaded run just before it in the same round, so a slow minute of the machine weighs on both.
 *
 * `--tlc JAR` adds TLC on the TwoPhase size the naive baseline takes (N=8 if the run has it), once per
 * round right after the explorer's row of that size, and prints its rate and the explorer's over it
 * (bench/tlc.ts). Nothing else needs Java or TLC.
 *
 * Children run with GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (unless --no-thp or GLIBC_TUNABLES is set):
 * the tables are large typed arrays allocated through malloc, and with transparent huge pages their
 * random probes miss the TLB far less and first-touch page faults (very slow on VMs) are 512 times fewer.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { VisitedMode } from '../checker/index.js';
import { CLONESET_BENCHES, cloneSetRows } from './cloneset-scenarios.js';
import { measure, specName } from './measure.js';
import { MODEL_STEPS, measureModelCost, type ModelCost } from './model-cost.js';
import { MODEL_PARTS, measureModelShare, type ModelShare } from './model-share.js';
import type { BenchSpec, Measurement } from './measure.js';
import { checkJava, javaCommand, runTlc, TlcError, type TlcRun } from './tlc.js';
import { TWO_PHASE_EXPECTED_STATES } from '../examples/models/two-phase-commit.js';

/** A bad command line: reported as one line and exit code 2, like the CLI's bad input. */
class UsageError extends Error {}

interface Args {
  readonly specs: BenchSpec[];
  readonly json: boolean;
  readonly child: BenchSpec | null;
  readonly thp: boolean;
  readonly repeat: number;
  readonly model: { readonly scenario: string; readonly states: number; readonly inExplorer: boolean } | null;
  /** `--tlc`: TLC's jar and the TwoPhase size it checks, paired with the explorer's row of that size. */
  readonly tlc: { readonly jar: string; readonly n: number } | null;
}

function parseArgs(argv: readonly string[]): Args {
  const extra: number[] = [];
  let json = false;
  let only = false;
  let child: BenchSpec | null = null;
  let mode: VisitedMode = 'fingerprint';
  let thp = true;
  let workers = 2;
  let parallel = true;
  let cloneset = true;
  let long = false;
  let baseline: boolean | null = null;
  let repeat = 1;
  let model: string | null = null;
  let modelStates = 300_000;
  let inExplorer = false;
  let tlcJar: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--json') json = true;
    else if (a === '--only') only = true;
    else if (a === '--no-thp') thp = false;
    else if (a === '--no-parallel') parallel = false;
    else if (a === '--no-cloneset') cloneset = false;
    else if (a === '--long') long = true;
    else if (a === '--no-baseline') baseline = false;
    else if (a === '--baseline') baseline = true;
    else if (a === '--n') extra.push(...value().split(',').map(Number));
    else if (a === '--workers') workers = Number(value());
    else if (a === '--repeat') repeat = Number(value());
    else if (a === '--model') model = value();
    else if (a === '--model-states') modelStates = Number(value());
    else if (a === '--in-explorer') inExplorer = true;
    else if (a === '--tlc') tlcJar = value();
    else if (a === '--child') child = JSON.parse(value()) as BenchSpec;
    else if (a === '--mode') {
      const m = value();
      if (m !== 'fingerprint' && m !== 'exact' && m !== 'compact')
        throw new UsageError(`--mode must be fingerprint, exact or compact, got ${m}`);
      mode = m;
    } else throw new UsageError(`unknown argument ${a}`);
  }
  for (const n of extra) if (!Number.isInteger(n) || n < 1 || n > 12) throw new UsageError('--n must be in 1..12');
  if (!Number.isInteger(workers) || workers < 2) throw new UsageError('--workers must be an integer >= 2');
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 20) throw new UsageError('--repeat must be an integer from 1 to 20');
  const names = CLONESET_BENCHES.map((b) => b.name);
  if (model !== null && !names.includes(model)) throw new UsageError(`--model must be one of ${names.join(', ')}, got ${model}`);
  if (!Number.isInteger(modelStates) || modelStates < 1) throw new UsageError('--model-states must be a positive integer');
  if (inExplorer && model === null) throw new UsageError('--in-explorer needs --model NAME (the row to run)');
  const sizes = [...new Set(only ? extra : [7, 8, 9, ...extra])].sort((x, y) => x - y);
  baseline ??= !only;
  const specs: BenchSpec[] = sizes.map((n) => ({ kind: 'twophase', n, workers: 1, mode }));
  // The naive baseline and TLC at N=8 (the single-thread target's size; else the smallest size), right after
  // the explorer's row of that size so that the runs of a round are paired.
  const pairedAt = sizes.includes(8) ? sizes.indexOf(8) : 0;
  if (baseline && sizes.length > 0) specs.splice(pairedAt + 1, 0, { kind: 'naive', n: sizes[pairedAt]!, workers: 1, mode });
  if (tlcJar !== null) {
    if (!existsSync(tlcJar) || !statSync(tlcJar).isFile())
      throw new UsageError(`--tlc: no file ${tlcJar}; expected the path of TLC's tla2tools.jar`);
    if (sizes.length === 0) throw new UsageError('--tlc needs a TwoPhase row to pair TLC with (--only without --n has none)');
    if (mode !== 'fingerprint') throw new UsageError(`--tlc compares with the fingerprint mode (the default), not --mode ${mode}`);
  }
  // exploreParallel has no exact or compact mode.
  if (parallel && mode === 'fingerprint' && sizes.length > 0) specs.push({ kind: 'twophase', n: sizes[sizes.length - 1]!, workers, mode });
  if (cloneset && !only) {
    for (const b of cloneSetRows(long)) specs.push({ kind: 'cloneset', name: b.name, workers: 1, mode });
  }
  return {
    specs,
    json,
    child,
    thp,
    repeat,
    model: model === null ? null : { scenario: model, states: modelStates, inExplorer },
    tlc: tlcJar === null ? null : { jar: tlcJar, n: sizes[pairedAt]! },
  };
}

/** A measuring child's environment: the tables on huge pages, unless --no-thp or GLIBC_TUNABLES is set. */
function childEnv(thp: boolean): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (thp && env['GLIBC_TUNABLES'] === undefined) env['GLIBC_TUNABLES'] = 'glibc.malloc.hugetlb=1';
  return env;
}

function inChild(spec: BenchSpec, thp: boolean): Measurement {
  const env = childEnv(thp);
  const script = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [...process.execArgv, script, '--child', JSON.stringify(spec)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    env,
  });
  if (r.status !== 0) throw new Error(`benchmark ${specName(spec)} failed (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Measurement;
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const int = (n: number): string => n.toLocaleString('en-US');

/** Index of the single-threaded explorer row a parallel or naive row is compared with, or -1. */
function singleOf(spec: BenchSpec, specs: readonly BenchSpec[]): number {
  if (spec.kind !== 'naive' && spec.workers <= 1) return -1;
  const key = JSON.stringify({ ...spec, kind: spec.kind === 'naive' ? 'twophase' : spec.kind, workers: 1 });
  return specs.findIndex((x) => JSON.stringify(x) === key);
}

/** A row as printed: its fastest run, with the rate of every run and, for a parallel row, its speed-up. */
type Row = Measurement & {
  readonly runs: readonly number[];
  /**
   * Median of `speedups`, or null when there is no single-threaded row to compare with. For a parallel
   * row its rate over the single-threaded explorer's; for the naive baseline, the explorer's rate over it.
   */
  readonly speedup: number | null;
  /** Per round: that ratio between the two rows' runs of the round. */
  readonly speedups: readonly number[];
  /** The fastest warm re-run of the row's runs, or null when it has none. */
  readonly warm: number | null;
};

const round2 = (x: number): number => Math.round(x * 100) / 100;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Row `i` of `rounds` (every round ran every spec): its fastest run; identical counts are checked, not assumed. */
function rowOf(i: number, specs: readonly BenchSpec[], rounds: readonly (readonly Measurement[])[]): Row {
  const all = rounds.map((r) => r[i]!);
  for (const m of all) {
    if (m.states !== all[0]!.states || m.transitions !== all[0]!.transitions) throw new Error(`${m.name}: runs disagree on the counts`);
  }
  const best = all.reduce((x, y) => (y.statesPerSecond > x.statesPerSecond ? y : x));
  const j = singleOf(specs[i]!, specs);
  const [num, den] = specs[i]!.kind === 'naive' ? [j, i] : [i, j];
  const speedups =
    j < 0 ? [] : rounds.filter((r) => r[den]!.statesPerSecond > 0).map((r) => round2(r[num]!.statesPerSecond / r[den]!.statesPerSecond));
  const warms = all.flatMap((m) => (m.warmStatesPerSecond === null ? [] : [m.warmStatesPerSecond]));
  const warm = warms.length === 0 ? null : Math.max(...warms);
  return {
    ...best,
    runs: all.map((m) => m.statesPerSecond),
    speedup: speedups.length === 0 ? null : round2(median(speedups)),
    speedups,
    warm,
  };
}

function speedupText(m: Row): string {
  if (m.speedup === null) return '';
  const n = m.speedups.length;
  const spread = n > 1 ? `, median of ${n} paired runs, ${Math.min(...m.speedups).toFixed(2)}–${Math.max(...m.speedups).toFixed(2)}` : '';
  if (m.spec.kind === 'naive') return ` (the explorer: ${m.speedup.toFixed(2)}x this rate${spread})`;
  return ` (${m.speedup.toFixed(2)}x single-threaded${spread})`;
}

/** A short row's warm re-run (Measurement.warmStatesPerSecond), best of the runs. */
function warmText(m: Row): string {
  return m.warm === null ? '' : ` (warm re-runs in the same process, decisions made afresh: ${int(m.warm)} states/s)`;
}

/**
 * Transitions a second of the same run. Rows differ in steps per state (TwoPhase ~10, the wide CloneSet
 * rows ~2.7, realistic ~4), and each step costs a successor, its encoding and a table lookup: two rows'
 * states/s compare only with their steps per state beside them.
 */
function transitionsText(m: Row): string {
  return m.seconds > 0 ? `${int(Math.round(m.transitions / m.seconds))} transitions/s, ` : '';
}

function line(m: Row): string {
  const known = m.expectedStates === null ? '' : m.match ? ' (as expected)' : ' (MISMATCH)';
  return (
    `${m.name}: ${int(m.states)} states${known}, ${int(m.transitions)} transitions, depth ${m.depth}, ` +
    `${m.seconds.toFixed(2)} s, ${int(m.statesPerSecond)} states/s${speedupText(m)}${warmText(m)}, ${transitionsText(m)}` +
    `CPU ${m.cpuSeconds.toFixed(2)} s, ${m.bytesPerState} B/state (tables ${mib(m.peakTableBytes)}), peak RSS ${mib(m.peakRssBytes)}` +
    (m.hugePageBytes === null ? '' : `, huge pages ${mib(m.hugePageBytes)}`) +
    (m.limit === null ? '' : `, stopped: ${m.limit}`) +
    (m.runs.length > 1 ? `; best of ${m.runs.length} runs (${int(Math.min(...m.runs))}–${int(Math.max(...m.runs))} states/s)` : '')
  );
}

/** TLC's runs (one a round) against the explorer's row of the same size in the same rounds. */
interface TlcRow {
  /** The fastest run. */
  readonly best: TlcRun;
  /** Every run's rate. */
  readonly runs: readonly number[];
  /** Per round: the explorer's rate over TLC's. */
  readonly ratios: readonly number[];
  /** Median of `ratios`. */
  readonly ratio: number;
  readonly expectedStates: number | null;
  /** Every run found the known states and the explorer's transitions of its round. */
  readonly match: boolean;
}

function tlcRowOf(tlcRuns: readonly TlcRun[], explorerAt: number, rounds: readonly (readonly Measurement[])[]): TlcRow {
  const best = tlcRuns.reduce((x, y) => (y.statesPerSecond > x.statesPerSecond ? y : x));
  const expectedStates = TWO_PHASE_EXPECTED_STATES[best.n] ?? null;
  const ratios = tlcRuns.map((t, r) => round2(t.statesPerSecond > 0 ? rounds[r]![explorerAt]!.statesPerSecond / t.statesPerSecond : 0));
  const match = tlcRuns.every(
    (t, r) => (expectedStates === null || t.states === expectedStates) && t.transitions === rounds[r]![explorerAt]!.transitions,
  );
  return { best, runs: tlcRuns.map((t) => t.statesPerSecond), ratios, ratio: round2(median(ratios)), expectedStates, match };
}

function tlcLine(t: TlcRow): string {
  const b = t.best;
  const known = t.match ? ' (as expected)' : ' (MISMATCH)';
  const n = t.ratios.length;
  const spread = n > 1 ? `, median of ${n} paired runs, ${Math.min(...t.ratios).toFixed(2)}–${Math.max(...t.ratios).toFixed(2)}` : '';
  return (
    `TLC TwoPhase N=${b.n} (tla2tools.jar, 1 worker; ${b.version}): ${int(b.states)} states${known}, ` +
    `${int(b.transitions)} transitions, depth ${b.depth}, ${b.seconds.toFixed(2)} s (the java process ${b.wallSeconds.toFixed(2)} s), ` +
    `${int(b.statesPerSecond)} states/s (the explorer: ${t.ratio.toFixed(2)}x this rate${spread})` +
    (n > 1 ? `; best of ${n} runs (${int(Math.min(...t.runs))}–${int(Math.max(...t.runs))} states/s)` : '')
  );
}

function modelLine(c: ModelCost): string {
  const steps = MODEL_STEPS.map((k) => `${k} ${int(c.nsPerState[k])}`).join(', ');
  return (
    `CloneSet ${c.scenario} model cost (${int(c.states)} states, ${c.transitionsPerState} transitions/state, best of ${c.passes}): ` +
    `${steps}; total ${int(c.totalNsPerState)} ns/state`
  );
}

const seconds = (x: number): string => `${x.toFixed(2)} s`;
const share = (x: number, of: number): string => `${Math.round((100 * x) / of)}%`;

function shareLine(c: ModelShare): string {
  const parts = MODEL_PARTS.map((p) => `${p} ${seconds(c.parts[p])} (${share(c.parts[p], c.seconds)})`).join(', ');
  const kinds = Object.entries(c.nextByKind)
    .sort(([, x], [, y]) => y - x)
    .map(([k, x]) => `${k} ${x.toFixed(2)}`)
    .join(', ');
  return (
    `CloneSet ${c.scenario} in the explorer (${int(c.states)} states, ${int(c.transitions)} transitions, ` +
    `${seconds(c.seconds)} without the clock's ${c.clockNs.whole.toFixed(0)} ns a call): ${parts}; ` +
    `the model ${seconds(c.modelSeconds)} (${share(c.modelSeconds, c.seconds)}), the explorer and GC ${seconds(c.restSeconds)} ` +
    `(${share(c.restSeconds, c.seconds)}); next by kind: ${kinds}`
  );
}

/** A row whose counts are not the known ones: loud on stderr, a line on stdout (text output), exit code 1. */
function mismatch(what: string, json: boolean): void {
  const msg = `MISMATCH: ${what}`;
  console.error(`\n!!!!!!!! ${msg} !!!!!!!!\n`);
  if (!json) console.log(msg);
  process.exitCode = 1;
}

async function main(): Promise<void> {
  const { specs, json, child, thp, repeat, model, tlc } = parseArgs(process.argv.slice(2));
  if (child !== null) {
    process.stdout.write(`${JSON.stringify(await measure(child))}\n`);
    return;
  }
  if (model?.inExplorer === true) {
    const env = childEnv(thp);
    if (env['GLIBC_TUNABLES'] !== process.env['GLIBC_TUNABLES']) {
      // As a row runs: in a process with the rows' environment (the setting takes effect at start).
      const script = fileURLToPath(import.meta.url);
      const r = spawnSync(process.execPath, [...process.execArgv, script, ...process.argv.slice(2)], { stdio: 'inherit', env });
      process.exitCode = r.status ?? 1;
      return;
    }
    const c = measureModelShare(model.scenario);
    console.log(json ? JSON.stringify({ modelShare: c }, null, 2) : shareLine(c));
    return;
  }
  if (model !== null) {
    const c = measureModelCost(model.scenario, model.states);
    console.log(json ? JSON.stringify({ modelCost: c }, null, 2) : modelLine(c));
    return;
  }
  const java = javaCommand();
  if (tlc !== null) checkJava(java);
  // The explorer's row TLC is paired with, and TLC's runs, one a round.
  const tlcAt = tlc === null ? -1 : specs.findIndex((x) => x.kind === 'twophase' && x.workers === 1 && x.n === tlc.n);
  const tlcRuns: TlcRun[] = [];
  const rounds: Measurement[][] = [];
  for (let r = 0; r < repeat; r++) {
    const round: Measurement[] = [];
    for (const spec of specs) {
      round.push(inChild(spec, thp));
      // One round: each line as soon as its row is done (its speed-up needs only this round).
      if (repeat === 1 && !json) console.log(line(rowOf(round.length - 1, specs, [round])));
      if (tlc !== null && round.length - 1 === tlcAt) {
        tlcRuns.push(runTlc(tlc.jar, tlc.n, java));
        if (repeat === 1 && !json) console.log(tlcLine(tlcRowOf(tlcRuns, tlcAt, [round])));
      }
    }
    rounds.push(round);
    if (repeat > 1 && !json) console.error(`round ${r + 1} of ${repeat} done`);
  }
  const results = specs.map((_, i) => rowOf(i, specs, rounds));
  const tlcRow = tlcRuns.length === 0 ? null : tlcRowOf(tlcRuns, tlcAt, rounds);
  if (repeat > 1 && !json) {
    for (const [i, m] of results.entries()) {
      console.log(line(m));
      if (i === tlcAt && tlcRow !== null) console.log(tlcLine(tlcRow));
    }
  }
  for (const m of results) {
    if (!m.match)
      mismatch(
        `${m.name} found ${m.states} states / ${m.transitions} transitions, expected ${m.expectedStates}${m.expectedTransitions === null ? '' : ` / ${m.expectedTransitions}`}`,
        json,
      );
  }
  if (tlcRow !== null && !tlcRow.match) {
    const b = tlcRow.best;
    mismatch(
      `TLC TwoPhase N=${b.n} found ${b.states} states / ${b.transitions} transitions, expected ${tlcRow.expectedStates} states and the explorer's transitions`,
      json,
    );
  }
  if (json) console.log(JSON.stringify(tlcRow === null ? { results } : { results, tlc: tlcRow }, null, 2));
}

try {
  await main();
} catch (e) {
  if (e instanceof TlcError) {
    // TLC could not be run or did not finish cleanly: one line, as for a bad option.
    console.error(`bench: --tlc: ${e.message}`);
  } else if (e instanceof UsageError) {
    console.error(
      `bench: ${e.message} (options: --n K[,K…] --only --workers N --repeat K --no-parallel --no-cloneset --long --baseline --no-baseline --json --mode fingerprint|exact|compact --no-thp --model NAME --model-states K --in-explorer --tlc JAR)`,
    );
  } else {
    throw e;
  }
  process.exitCode = 2;
}
