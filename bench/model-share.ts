/**
 * Where a CloneSet bench row's time goes, measured inside the explorer: `npm run bench -- --model NAME
 * --in-explorer` (bench/run.ts). The row's whole search runs in this process with a model whose `actions`,
 * `next`, `encode`, `decode`, byte edits (`successorInto`), settled check (`isSettled`, `isTerminal`) and properties' checks each read the
 * clock around the real one; the rest of the run is the explorer's own (visited table, expansion loop,
 * convergence's records and sweeps, frontier) and GC.
 *
 * Why not a profile: V8 inlines the model's calls into the expansion loop and the property checks into
 * theirs, and a sampling profile then puts their time on the wrong lines (docs/performance.md, "Session
 * 13"). Why not `--model` (model-cost.ts): it times the model out of the explorer, where its code and data
 * stay in the caches; here they compete with the table, as in a real run. The price: the wrapper keeps the
 * model's calls from being inlined, and the clock costs ~100 ns a read pair on the VMs this runs on. That
 * cost is measured in the same process (an empty timed region, many times) and taken off: each region's
 * share from its part, every region's whole cost from the run's time.
 */

import { explore } from '../checker/index.js';
import { cloneSetModel, type CloneSetModel } from '../model/cloneset/instance.js';
import { statusCountsDead, type CloneSetProperty } from '../model/cloneset/properties.js';
import { cloneSetBench } from './cloneset-scenarios.js';

export const MODEL_PARTS = ['actions', 'next', 'encode', 'decode', 'edits', 'settled', 'properties'] as const;
export type ModelPart = (typeof MODEL_PARTS)[number];

export interface ModelShare {
  readonly scenario: string;
  readonly states: number;
  readonly transitions: number;
  /** The search's time with the clock's cost taken off. */
  readonly seconds: number;
  /** Seconds in each of the model's calls, the clock's cost taken off. */
  readonly parts: Readonly<Record<ModelPart, number>>;
  /** `next`'s seconds by action kind (the kind of the action it was given). */
  readonly nextByKind: Readonly<Record<string, number>>;
  /** The parts together, and what is left of `seconds`: the explorer's own work and GC. */
  readonly modelSeconds: number;
  readonly restSeconds: number;
  /**
   * What one timed region costs, in ns: inside it (taken off each part), and in all (taken off `seconds`;
   * a `next` region's with its by-kind bookkeeping).
   */
  readonly clockNs: { readonly inside: number; readonly whole: number; readonly wholeNext: number };
}

const now = (): number => performance.now();

/** Time by action kind: a `next` region's bookkeeping after the clock is read. */
type KindTimes = Map<string, { ms: number; calls: number }>;

function addTo(byKind: KindTimes, kind: string, dt: number): void {
  const k = byKind.get(kind);
  if (k === undefined) byKind.set(kind, { ms: dt, calls: 1 });
  else {
    k.ms += dt;
    k.calls++;
  }
}

/**
 * The clock's cost per timed region, in ms: what an empty region reports, and what it costs the run; a
 * `next` region's whole cost also has its by-kind bookkeeping (over a few kinds, as in a run).
 */
function clockCost(regions = 1_000_000): { inside: number; whole: number; wholeNext: number } {
  let inside = 0;
  let sink = 0;
  const start = now();
  for (let i = 0; i < regions; i++) {
    const t0 = now();
    sink += i;
    inside += now() - t0;
  }
  const whole = now() - start;
  const kinds = ['podCacheSync', 'cacheSync', 'writeStatus', 'podReady', 'reconcile'];
  const byKind: KindTimes = new Map();
  const startNext = now();
  for (let i = 0; i < regions; i++) {
    const t0 = now();
    sink += i;
    addTo(byKind, kinds[i % kinds.length]!, now() - t0);
  }
  const wholeNext = now() - startNext;
  if (sink < 0) throw new Error('unreachable');
  return { inside: inside / regions, whole: whole / regions, wholeNext: wholeNext / regions };
}

/** The bench row `scenarioName` explored as the bench explores it (its properties, none stopping it), timed by part. */
export function measureModelShare(scenarioName: string): ModelShare {
  const bench = cloneSetBench(scenarioName);
  const m = cloneSetModel(bench.scenario, { projectStatusCounts: statusCountsDead(bench.properties, bench.scenario) });
  const ms: Record<ModelPart, number> = { actions: 0, next: 0, encode: 0, decode: 0, edits: 0, settled: 0, properties: 0 };
  const calls: Record<ModelPart, number> = { actions: 0, next: 0, encode: 0, decode: 0, edits: 0, settled: 0, properties: 0 };
  // The settled check and the properties run far less often than the steps (below, written out): one
  // generic wrapper for them.
  const timedIn =
    <A extends unknown[], R>(part: ModelPart, f: (...args: A) => R) =>
    (...args: A): R => {
      const t0 = now();
      const r = f(...args);
      ms[part] += now() - t0;
      calls[part]++;
      return r;
    };
  const timedCheck = <A extends unknown[], R>(f: (...args: A) => R): ((...args: A) => R) => timedIn('properties', f);
  // One case per signature of check or reached, though the code reads alike: the wrapper's parameters are
  // inferred from one function type, not from a union of them.
  const timedProperty = (p: CloneSetProperty): CloneSetProperty => {
    switch (p.kind) {
      case 'invariant':
        return { ...p, check: timedCheck(p.check) };
      case 'step':
        return { ...p, check: timedCheck(p.check) };
      case 'sometimes':
        return p.on === 'state' ? { ...p, reached: timedCheck(p.reached) } : { ...p, reached: timedCheck(p.reached) };
      case 'deadlock':
      case 'convergence':
        return p;
    }
  };
  const byKind: KindTimes = new Map();
  const timed: CloneSetModel = {
    ...m,
    actions(s) {
      const t0 = now();
      const r = m.actions(s);
      ms.actions += now() - t0;
      calls.actions++;
      return r;
    },
    next(s, a) {
      const t0 = now();
      const r = m.next(s, a);
      const dt = now() - t0;
      ms.next += dt;
      calls.next++;
      addTo(byKind, a.kind, dt);
      return r;
    },
    encode(s, out, offset) {
      const t0 = now();
      m.encode(s, out, offset);
      ms.encode += now() - t0;
      calls.encode++;
    },
    decode(words, offset) {
      const t0 = now();
      const r = m.decode(words, offset);
      ms.decode += now() - t0;
      calls.decode++;
      return r;
    },
    successorInto: timedIn('edits', m.successorInto),
    isSettled: timedIn('settled', m.isSettled),
    isTerminal: timedIn('settled', m.isTerminal),
    properties: m.properties.map(timedProperty),
  };
  const clock = clockCost();
  const start = now();
  const r = explore(timed, { mode: 'fingerprint', stopAtFirstViolation: false, properties: bench.properties });
  const runMs = now() - start;
  const regions = calls.actions + calls.encode + calls.decode + calls.edits + calls.settled + calls.properties;
  const seconds = Math.max(0, runMs - regions * clock.whole - calls.next * clock.wholeNext) / 1000;
  const part = (t: number, n: number): number => Math.max(0, t - n * clock.inside) / 1000;
  const parts = Object.fromEntries(MODEL_PARTS.map((p) => [p, part(ms[p], calls[p])])) as Record<ModelPart, number>;
  const nextByKind = Object.fromEntries(
    [...byKind.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, part(v.ms, v.calls)]),
  );
  const modelSeconds = MODEL_PARTS.reduce((sum, p) => sum + parts[p], 0);
  return {
    scenario: scenarioName,
    states: r.stats.states,
    transitions: r.stats.transitions,
    seconds,
    parts,
    nextByKind,
    modelSeconds,
    restSeconds: Math.max(0, seconds - modelSeconds),
    clockNs: { inside: clock.inside * 1e6, whole: clock.whole * 1e6, wholeNext: clock.wholeNext * 1e6 },
  };
}
