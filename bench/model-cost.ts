/**
 * What the CloneSet model alone costs per explored state, without the visited table: `npm run bench --
 * --model` (bench/run.ts). On a shared VM a whole-exploration figure moves by ±30% with the machine; this
 * one runs on a few hundred thousand states kept in a small buffer, takes the best of several passes, and
 * splits the cost into the steps the explorer makes per state, so a model change can be judged on its own.
 *
 * Steps are timed cumulatively (each pass does all steps up to one more) and reported as differences:
 * decode → enabled actions (with the reconcile decision) → settled check → successors → encode →
 * properties (as the explorer checks them: the invariants once per state, each state being new once; the
 * step properties on the transitions of the kinds they name). Every successor is made by `next` and
 * `encode`, the object model's path: the explorer edits most of them from the parent's bytes instead
 * (Model.successorInto, model/cloneset/byte-steps.ts), which `--in-explorer` (model-share.ts) times.
 */

import { cloneSetModel } from '../model/cloneset/instance.js';
import { cloneSetBench } from './cloneset-scenarios.js';

export const MODEL_STEPS = ['decode', 'actions', 'settled', 'successors', 'encode', 'properties'] as const;

export interface ModelCost {
  readonly scenario: string;
  readonly states: number;
  readonly transitionsPerState: number;
  /** Nanoseconds per state for each step (best of `passes`); may be slightly negative for a step in the noise. */
  readonly nsPerState: Readonly<Record<(typeof MODEL_STEPS)[number], number>>;
  readonly totalNsPerState: number;
  readonly passes: number;
}

/** Encodings of the first `limit` states in BFS order (a plain BFS: the sample only needs to be fixed). */
function sample(model: ReturnType<typeof cloneSetModel>, limit: number): { words: Uint32Array; count: number } {
  const w = model.encodingWords;
  const words = new Uint32Array(limit * w);
  const seen = new Set<string>();
  const scratch = new Uint32Array(w);
  let queue = [...model.initialStates()];
  let count = 0;
  for (let head = 0; head < queue.length && count < limit; head++) {
    const s = queue[head]!;
    scratch.fill(0);
    model.encode(s, scratch, 0);
    const key = scratch.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    words.set(scratch, count * w);
    count++;
    for (const a of model.actions(s)) queue.push(model.next(s, a));
    if (queue.length > 1 << 21) {
      queue = queue.slice(head + 1);
      head = -1;
    }
  }
  return { words, count };
}

export function measureModelCost(scenarioName: string, limit = 300_000, passes = 7): ModelCost {
  const model = cloneSetModel(cloneSetBench(scenarioName).scenario);
  const w = model.encodingWords;
  const { words, count } = sample(model, limit);
  const invariants = model.properties.flatMap((p) => (p.kind === 'invariant' ? [p] : []));
  const steps = model.properties.flatMap((p) => (p.kind === 'step' ? [p] : []));
  const out = new Uint32Array(w);
  let transitions = 0;

  // Runs the first `upTo` + 1 steps on every sampled state; returns a value so no step is optimised away.
  const run = (upTo: number): number => {
    let sink = 0;
    transitions = 0;
    for (let i = 0; i < count; i++) {
      const s = model.decode(words, i * w);
      if (upTo === 0) {
        sink += s.pods.length;
        continue;
      }
      const acts = model.actions(s);
      if (upTo === 1) {
        sink += acts.length;
        continue;
      }
      if (model.isSettled(s)) sink++;
      if (upTo === 2) continue;
      for (const a of acts) {
        const t = model.next(s, a);
        transitions++;
        if (upTo === 3) {
          sink += t.pods.length;
          continue;
        }
        for (let k = 0; k < w; k++) out[k] = 0;
        model.encode(t, out, 0);
        if (upTo === 4) continue;
        for (const p of steps) if (p.kinds.includes(a.kind) && !p.check(s, a, t).ok) sink++;
      }
      if (upTo === 5) for (const p of invariants) if (!p.check(s).ok) sink++;
    }
    return sink;
  };

  const best = MODEL_STEPS.map(() => Infinity);
  let sink = 0;
  for (let pass = 0; pass < passes; pass++) {
    for (let step = 0; step < MODEL_STEPS.length; step++) {
      const t0 = performance.now();
      sink += run(step);
      best[step] = Math.min(best[step]!, ((performance.now() - t0) * 1e6) / count);
    }
  }
  if (sink < 0) throw new Error('unreachable');
  const nsPerState = Object.fromEntries(
    MODEL_STEPS.map((name, i) => [name, Math.round(best[i]! - (i === 0 ? 0 : best[i - 1]!))]),
  ) as Record<(typeof MODEL_STEPS)[number], number>;
  return {
    scenario: scenarioName,
    states: count,
    transitionsPerState: Math.round((transitions / count) * 100) / 100,
    nsPerState,
    totalNsPerState: Math.round(best[best.length - 1]!),
    passes,
  };
}
