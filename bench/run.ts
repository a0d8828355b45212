/**
 * Throughput benchmark: TwoPhase commit (bench/two-phase-commit.ts) at sizes whose TLC state counts are
 * known, checking that the explorer finds exactly those counts.
 *
 *   node dist/bench/run.js [--n 9] [--only] [--json] [--mode exact] [--no-thp]
 *
 * Sizes 7 and 8 always run; `--n K` (repeatable or comma-separated) adds sizes, `--only` runs just those.
 * Each size runs in a fresh child process so its peak RSS is its own. A count that differs from TLC's is
 * printed as MISMATCH and makes the exit code 1.
 *
 * Children run with GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (unless --no-thp or GLIBC_TUNABLES is already
 * set): the explorer's tables are large typed arrays allocated through malloc, and with transparent huge
 * pages their random probes miss the TLB far less and first-touch page faults (very slow on VMs) are
 * 512 times fewer. It is the Node analogue of running TLC's JVM with huge pages.
 */

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { explore } from '../checker/index.js';
import { TWO_PHASE_EXPECTED_STATES, twoPhaseCommit } from './two-phase-commit.js';

interface Measurement {
  readonly n: number;
  readonly mode: 'fingerprint' | 'exact';
  readonly verdict: string;
  readonly states: number;
  readonly expectedStates: number | null;
  readonly match: boolean;
  readonly transitions: number;
  readonly depth: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  /** CPU time of the whole process (user + system); on a shared machine this is steadier than wall time. */
  readonly cpuSeconds: number;
  readonly bytesPerState: number;
  readonly peakTableBytes: number;
  readonly peakRssBytes: number;
  /** Anonymous memory backed by transparent huge pages at the end of the run (Linux), null if unknown. */
  readonly hugePageBytes: number | null;
}

function hugePageBytes(): number | null {
  try {
    const m = /AnonHugePages:\s+(\d+) kB/.exec(readFileSync('/proc/self/smaps_rollup', 'utf8'));
    return m === null ? null : Number(m[1]) * 1024;
  } catch {
    return null;
  }
}

function measure(n: number, mode: 'fingerprint' | 'exact'): Measurement {
  const cpu0 = process.cpuUsage();
  const r = explore(twoPhaseCommit(n), { mode });
  const cpu = process.cpuUsage(cpu0);
  const expected = TWO_PHASE_EXPECTED_STATES[n] ?? null;
  return {
    n,
    mode,
    verdict: r.verdict,
    states: r.stats.states,
    expectedStates: expected,
    match: expected === null || expected === r.stats.states,
    transitions: r.stats.transitions,
    depth: r.stats.depth,
    seconds: Math.round(r.stats.seconds * 1000) / 1000,
    statesPerSecond: r.stats.statesPerSecond,
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1000) / 1000,
    bytesPerState: r.stats.bytesPerState ?? 0,
    peakTableBytes: r.stats.peakTableBytes ?? 0,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    hugePageBytes: hugePageBytes(),
  };
}

function parseArgs(argv: readonly string[]) {
  const extra: number[] = [];
  let json = false;
  let only = false;
  let single: number | null = null;
  let mode: 'fingerprint' | 'exact' = 'fingerprint';
  let thp = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--json') json = true;
    else if (a === '--only') only = true;
    else if (a === '--no-thp') thp = false;
    else if (a === '--n') extra.push(...value().split(',').map(Number));
    else if (a === '--single') single = Number(value());
    else if (a === '--mode') {
      const m = value();
      if (m !== 'fingerprint' && m !== 'exact') throw new Error(`--mode must be fingerprint or exact, got ${m}`);
      mode = m;
    } else throw new Error(`unknown argument ${a}`);
  }
  for (const n of extra) if (!Number.isInteger(n) || n < 1 || n > 12) throw new Error(`--n must be in 1..12`);
  const sizes = [...new Set(only ? extra : [7, 8, ...extra])].sort((x, y) => x - y);
  return { sizes, json, single, mode, thp };
}

function inChild(n: number, mode: string, thp: boolean): Measurement {
  const script = fileURLToPath(import.meta.url);
  const env = { ...process.env };
  if (thp && env['GLIBC_TUNABLES'] === undefined) env['GLIBC_TUNABLES'] = 'glibc.malloc.hugetlb=1';
  const r = spawnSync(process.execPath, [...process.execArgv, script, '--single', String(n), '--mode', mode], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    env,
  });
  if (r.status !== 0) throw new Error(`benchmark for N=${n} failed (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Measurement;
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function main(): void {
  const { sizes, json, single, mode, thp } = parseArgs(process.argv.slice(2));
  if (single !== null) {
    process.stdout.write(JSON.stringify(measure(single, mode)) + '\n');
    return;
  }
  const results: Measurement[] = [];
  for (const n of sizes) {
    const m = inChild(n, mode, thp);
    results.push(m);
    if (!json) {
      console.log(
        `TwoPhase N=${m.n} (${m.mode}): ${m.states.toLocaleString('en-US')} distinct states` +
          `${m.expectedStates === null ? '' : m.match ? ' (matches TLC)' : ''}, ` +
          `${m.transitions.toLocaleString('en-US')} transitions, depth ${m.depth}, ${m.seconds.toFixed(2)} s, ` +
          `${m.statesPerSecond.toLocaleString('en-US')} states/s (CPU ${m.cpuSeconds.toFixed(2)} s), ${m.bytesPerState} B/state ` +
          `(tables ${mb(m.peakTableBytes)}), peak RSS ${mb(m.peakRssBytes)}` +
          (m.hugePageBytes === null ? '' : `, huge pages ${mb(m.hugePageBytes)}`),
      );
    }
    if (!m.match) {
      const msg = `MISMATCH: TwoPhase N=${m.n} found ${m.states} distinct states, TLC finds ${m.expectedStates}`;
      console.error(`\n!!!!!!!! ${msg} !!!!!!!!\n`);
      if (!json) console.log(msg);
      process.exitCode = 1;
    }
  }
  if (json) console.log(JSON.stringify({ benchmark: 'TwoPhase', results }, null, 2));
}

main();
