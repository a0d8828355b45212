/**
 * The reachable state graph of a scenario as plain nodes and edges, for traces/stateGraphDot and
 * quotientGraph, gathered by the explorer's visitor hooks (ExploreOptions.onState/onEdge) during its one
 * search: node ids are the explorer's state indices (BFS order), and exact mode keeps two states with
 * one fingerprint apart. States are kept encoded in one typed array and decoded on demand, so a quotient
 * of 10^5 states fits.
 */
import { exploreAsync, type CancelSignal, type Progress } from '../checker/index.js';
import { actorOf, type Action } from '../model/cloneset/actions.js';
import type { CloneSetModel } from '../model/cloneset/instance.js';
import type { CloneSetState } from '../model/cloneset/state.js';
import type { GraphEdge, GraphNode } from '../traces/index.js';

export type GraphBuild =
  | {
      readonly kind: 'complete';
      readonly nodes: readonly GraphNode[];
      readonly edges: readonly GraphEdge[];
      readonly violating: ReadonlySet<number>;
    }
  /** More than `cap` states are reachable. */
  | { readonly kind: 'too-many'; readonly states: number }
  | { readonly kind: 'cancelled'; readonly states: number };

export async function buildStateGraph(
  model: CloneSetModel,
  cap: number,
  signal: CancelSignal,
  checkProperties: boolean,
  onProgress?: (p: Progress) => void,
): Promise<GraphBuild> {
  const w = model.encodingWords;
  let buf = new Uint32Array(Math.min(cap, 4096) * w);
  let initialStates = 0;
  const invariants = checkProperties ? model.properties.flatMap((p) => (p.kind === 'invariant' ? [p] : [])) : [];
  const steps = checkProperties ? model.properties.flatMap((p) => (p.kind === 'step' ? [p] : [])) : [];
  const violating = new Set<number>();
  const labels = new Map<string, string>();
  const edges: GraphEdge[] = [];
  /** The state being expanded (its edges come right after it) and the arrows drawn from it so far. */
  let source: CloneSetState | null = null;
  let drawn = new Set<string>();
  const onState = (s: CloneSetState, i: number, depth: number): void => {
    if ((i + 1) * w > buf.length) {
      const bigger = new Uint32Array(Math.min(cap, i * 2) * w);
      bigger.set(buf);
      buf = bigger;
    }
    buf.fill(0, i * w, (i + 1) * w);
    model.encode(s, buf, i * w);
    if (depth === 0) initialStates++;
    if (invariants.some((p) => !p.check(s).ok)) violating.add(i);
    source = s;
    drawn = new Set();
  };
  const onEdge = (from: number, a: Action, to: number, t: CloneSetState): void => {
    if (steps.some((p) => !p.check(source!, a, t).ok)) violating.add(to);
    const fresh = model.actionLabel(a);
    let label = labels.get(fresh);
    if (label === undefined) {
      labels.set(fresh, fresh);
      label = fresh;
    }
    // Two actions with the same label and target are one arrow in the picture.
    const key = `${to} ${label}`;
    if (drawn.has(key)) return;
    drawn.add(key);
    edges.push({ from, to, label, actor: actorOf(a) });
  };
  const r = await exploreAsync(model, { properties: [], mode: 'exact', maxStates: cap, signal, onProgress, onState, onEdge });
  if (r.limit === 'cancelled') return { kind: 'cancelled', states: r.stats.states };
  if (r.limit === 'maxStates') return { kind: 'too-many', states: r.stats.states };
  if (r.limit !== undefined) throw new Error(`internal: the state graph search stopped early (${r.limit})`);
  const count = r.stats.states;
  const nodes: GraphNode[] = Array.from({ length: count }, (_, id) => ({
    id,
    initial: id < initialStates,
    get state() {
      return model.decode(buf, id * w);
    },
  }));
  return { kind: 'complete', nodes, edges, violating };
}
