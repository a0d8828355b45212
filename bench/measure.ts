/**
 * One benchmark, measured in the process that runs it (bench/run.ts starts a fresh child per benchmark so
 * that peak RSS is that benchmark's own).
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { explore, exploreParallel } from '../checker/index.js';
import type { ExploreResult, ExploreStats, VisitedMode } from '../checker/index.js';
import { cloneSetModel, type ModelOptions } from '../model/cloneset/instance.js';
import { statusCountsDead } from '../model/cloneset/properties.js';
import { cloneSetBench } from './cloneset-scenarios.js';
import { naiveBfs } from './naive-bfs.js';
import { TWO_PHASE_EXPECTED_STATES, twoPhaseCommit } from '../examples/models/two-phase-commit.js';

export type BenchSpec =
  | { readonly kind: 'twophase'; readonly n: number; readonly workers: number; readonly mode: VisitedMode }
  /** TwoPhase N=n through naive-bfs.ts, the JSON.stringify-keyed baseline (workers 1, mode unused). */
  | { readonly kind: 'naive'; readonly n: number; readonly workers: number; readonly mode: VisitedMode }
  | { readonly kind: 'cloneset'; readonly name: string; readonly workers: number; readonly mode: VisitedMode };

export interface Measurement {
  readonly name: string;
  readonly spec: BenchSpec;
  readonly verdict: string;
  readonly limit: string | null;
  readonly states: number;
  readonly expectedStates: number | null;
  readonly transitions: number;
  readonly expectedTransitions: number | null;
  /** Counts equal the expected ones (true when none are known). */
  readonly match: boolean;
  readonly depth: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  /** CPU time of the whole process (user + system), all threads. */
  readonly cpuSeconds: number;
  /** Explorer's typed arrays at their peak, per state. */
  readonly bytesPerState: number;
  readonly peakTableBytes: number;
  readonly peakRssBytes: number;
  /** Anonymous memory in transparent huge pages at the end of the run (Linux), null if unknown. */
  readonly hugePageBytes: number | null;
  readonly workers: number;
  /**
   * A single-threaded CloneSet row that took under WARM_RERUN_BELOW_S: its best rate when explored again
   * WARM_RERUNS times in the same process, with the code compiled and the model's reconcile decisions
   * forgotten before each (counts checked equal); else null. On such a short run the first figure is
   * mostly V8 warming up (docs/performance.md, "Session 8"), so this is the model's and the explorer's
   * steady rate on that scenario. The row's own figure stays the cold run's.
   */
  readonly warmStatesPerSecond: number | null;
}

/** Runs shorter than this (seconds) get warm re-runs (Measurement.warmStatesPerSecond). */
const WARM_RERUN_BELOW_S = 2;
const WARM_RERUNS = 3;

function hugePageBytes(): number | null {
  try {
    const m = /AnonHugePages:\s+(\d+) kB/.exec(readFileSync('/proc/self/smaps_rollup', 'utf8'));
    return m === null ? null : Number(m[1]) * 1024;
  } catch {
    return null;
  }
}

export function specName(s: BenchSpec): string {
  if (s.kind === 'naive') return `TwoPhase N=${s.n}, naive JS BFS (JSON.stringify keys in a Set)`;
  const base = s.kind === 'twophase' ? `TwoPhase N=${s.n}` : `CloneSet ${s.name}`;
  return `${base}${s.mode === 'fingerprint' ? '' : ` ${s.mode}`}${s.workers > 1 ? `, ${s.workers} workers` : ''}`;
}

async function run(spec: BenchSpec): Promise<{
  r: ExploreResult<unknown, unknown>;
  expected: { states: number; transitions: number | null } | null;
  /** Explores the same model again, in this process (CloneSet, one thread), else null. */
  again: (() => ExploreStats) | null;
}> {
  const options = { mode: spec.mode } as const;
  if (spec.kind === 'naive' || spec.kind === 'twophase') {
    const expected = TWO_PHASE_EXPECTED_STATES[spec.n];
    const r =
      spec.kind === 'naive'
        ? naiveBfs(twoPhaseCommit(spec.n))
        : spec.workers > 1
          ? await exploreParallel(
              {
                module: fileURLToPath(new URL('../examples/models/two-phase-commit.js', import.meta.url)),
                export: 'twoPhaseCommit',
                args: [spec.n],
              },
              options,
              spec.workers,
            )
          : explore(twoPhaseCommit(spec.n), options);
    return {
      r: r as ExploreResult<unknown, unknown>,
      expected: expected === undefined ? null : { states: expected, transitions: null },
      again: null,
    };
  }
  const bench = cloneSetBench(spec.name);
  // The bench's properties (default every one), none stopping the search: the whole state space is
  // explored, as the verdict tests do.
  // Built as `check` builds it: without the status counts when no checked property reads them.
  const modelOptions: ModelOptions = { projectStatusCounts: statusCountsDead(bench.properties, bench.scenario) };
  // Mode 'compact' cannot check convergence: the other properties, over the same states.
  const model = cloneSetModel(bench.scenario, modelOptions);
  const properties =
    spec.mode === 'compact'
      ? (bench.properties ?? model.properties.map((p) => p.name)).filter(
          (n) => model.properties.find((p) => p.name === n)?.kind !== 'convergence',
        )
      : bench.properties;
  const all = { ...options, stopAtFirstViolation: false, properties };
  const r =
    spec.workers > 1
      ? await exploreParallel(
          {
            module: fileURLToPath(new URL('../model/cloneset/instance.js', import.meta.url)),
            export: 'cloneSetModel',
            args: [bench.scenario, modelOptions],
          },
          all,
          spec.workers,
        )
      : explore(model, all);
  // The warm re-run explores the same model object: a new one has new closures and tables, on which V8's
  // code compiled for the first deoptimizes ("wrong call target", "wrong map"), and warms up again. Its
  // reconcile decisions are forgotten first: kept, they made the re-run ~20% faster than a run that must
  // make them (docs/performance.md, "Session 9"), which is not the warm-up this figure is about.
  const again =
    spec.workers > 1
      ? null
      : () => {
          model.view.reconcileMemo.clear();
          return explore(model, all).stats;
        };
  return { r: r as ExploreResult<unknown, unknown>, expected: bench.expected, again };
}

export async function measure(spec: BenchSpec): Promise<Measurement> {
  const cpu0 = process.cpuUsage();
  const { r, expected, again } = await run(spec);
  const cpu = process.cpuUsage(cpu0);
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  const huge = hugePageBytes();
  let warmStatesPerSecond: number | null = null;
  if (again !== null && r.stats.seconds < WARM_RERUN_BELOW_S) {
    // The second run still compiles (it is 1.5-2x the third's time on the default row): the best of three.
    for (let i = 0; i < WARM_RERUNS; i++) {
      const warm = again();
      if (warm.states !== r.stats.states || warm.transitions !== r.stats.transitions)
        throw new Error(`${specName(spec)}: the warm re-run found other counts`);
      warmStatesPerSecond = Math.max(warmStatesPerSecond ?? 0, warm.statesPerSecond);
    }
  }
  const s = r.stats;
  const expectedTransitions = expected?.transitions ?? null;
  return {
    name: specName(spec),
    spec,
    verdict: r.verdict,
    limit: r.limit ?? null,
    states: s.states,
    expectedStates: expected?.states ?? null,
    transitions: s.transitions,
    expectedTransitions,
    // Hash compaction may merge states away: at most the known counts.
    match:
      expected === null ||
      (spec.mode === 'compact'
        ? s.states <= expected.states && (expectedTransitions === null || s.transitions <= expectedTransitions)
        : expected.states === s.states && (expectedTransitions === null || expectedTransitions === s.transitions)),
    depth: s.depth,
    seconds: Math.round(s.seconds * 1000) / 1000,
    statesPerSecond: s.statesPerSecond,
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1000) / 1000,
    bytesPerState: s.bytesPerState ?? 0,
    peakTableBytes: s.peakTableBytes ?? 0,
    peakRssBytes,
    hugePageBytes: huge,
    workers: s.workers ?? 1,
    warmStatesPerSecond,
  };
}
