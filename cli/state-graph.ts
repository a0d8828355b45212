/**
 * The reachable state graph of a scenario as plain nodes and edges, for traces/stateGraphDot and
 * quotientGraph. The explorer stores parent pointers, not edges, so this is a second, plain breadth-first
 * search over the same model and the same canonical encoding (the explorer's state count cross-checks it).
 * States are kept encoded in one typed array and decoded on demand, so a quotient of 10^5 states fits.
 */
import { actorOf, type Action } from '../model/cloneset/actions.js';
import type { CloneSetModel } from '../model/cloneset/instance.js';
import type { CloneSetState } from '../model/cloneset/state.js';
import type { GraphEdge, GraphNode } from '../traces/index.js';

export type GraphBuild =
  | { readonly kind: 'complete'; readonly nodes: readonly GraphNode[]; readonly edges: readonly GraphEdge[]; readonly violating: ReadonlySet<number> }
  /** More than `cap` states are reachable. */
  | { readonly kind: 'too-many'; readonly states: number }
  | { readonly kind: 'cancelled'; readonly states: number };

/** Yield to the event loop this often, so Ctrl-C is seen during a long build. */
const SLICE_MS = 50;

export async function buildStateGraph(
  model: CloneSetModel,
  cap: number,
  signal: { readonly aborted: boolean },
  checkProperties: boolean,
): Promise<GraphBuild> {
  const w = model.encodingWords;
  let buf = new Uint32Array(Math.min(cap, 4096) * w);
  const ids = new Map<string, number>();
  const scratch = new Uint32Array(w);
  let count = 0;
  /** Id of the state, adding it if new; -1 if it is new and the cap is reached. */
  const idOf = (s: CloneSetState): number => {
    scratch.fill(0);
    model.encode(s, scratch, 0);
    const key = scratch.join(',');
    const known = ids.get(key);
    if (known !== undefined) return known;
    if (count >= cap) return -1;
    if ((count + 1) * w > buf.length) {
      const bigger = new Uint32Array(Math.min(cap, count * 2) * w);
      bigger.set(buf);
      buf = bigger;
    }
    buf.set(scratch, count * w);
    ids.set(key, count);
    return count++;
  };
  const decodeAt = (i: number): CloneSetState => model.decode(buf, i * w);

  const invariants = checkProperties ? model.properties.flatMap((p) => (p.kind === 'invariant' ? [p] : [])) : [];
  const steps = checkProperties ? model.properties.flatMap((p) => (p.kind === 'step' ? [p] : [])) : [];
  const violating = new Set<number>();
  const labels = new Map<string, string>();
  const edges: GraphEdge[] = [];
  const initial = new Set(model.initialStates().map(idOf));
  let lastYield = performance.now();
  for (let i = 0; i < count; i++) {
    const s = decodeAt(i);
    if (invariants.some((p) => !p.check(s).ok)) violating.add(i);
    // Two actions with the same label and target are one arrow in the picture.
    const seen = new Set<string>();
    for (const a of model.actions(s)) {
      const t = model.next(s, a);
      const j = idOf(t);
      if (j < 0) return { kind: 'too-many', states: count + 1 };
      if (steps.some((p) => !p.check(s, a, t).ok)) violating.add(j);
      const fresh = model.actionLabel(a);
      const label = labels.get(fresh) ?? (labels.set(fresh, fresh), fresh);
      if (seen.has(`${j} ${label}`)) continue;
      seen.add(`${j} ${label}`);
      edges.push({ from: i, to: j, label, actor: actorOf(a as Action) });
    }
    if ((i & 255) === 0 && performance.now() - lastYield > SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = performance.now();
      if (signal.aborted) return { kind: 'cancelled', states: count };
    }
  }
  const nodes: GraphNode[] = Array.from({ length: count }, (_, id) => ({
    id,
    initial: initial.has(id),
    get state() {
      return decodeAt(id);
    },
  }));
  return { kind: 'complete', nodes, edges, violating };
}
