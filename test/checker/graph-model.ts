/**
 * Tiny hand-made models for the explorer tests: a state is a node number of an explicit graph, an action
 * is a labelled edge. Edge order in `edges[node]` is the model's action order.
 */

import { OK } from '../../checker/types.js';
import type { ActionClass, Model, Property } from '../../checker/types.js';

export interface Edge {
  readonly to: number;
  readonly label: string;
  readonly kind: string;
  readonly cls: ActionClass;
}

export interface GraphSpec {
  /** Outgoing edges per node, as a bare target (system edge labelled `a->b`) or a full edge description. */
  readonly edges: readonly (readonly (number | { to: number; label?: string; kind?: string; cls?: ActionClass })[])[];
  readonly initial: readonly number[];
  /** Nodes violating the invariant `notBad`. */
  readonly bad?: readonly number[];
  readonly terminal?: readonly number[];
  readonly settled?: readonly number[];
  /** Nodes that witness the state `sometimes` property `reachesGoal`. */
  readonly goal?: readonly number[];
  /** Edge kind that witnesses the step `sometimes` property `takesGoalEdge`. */
  readonly goalKind?: string;
  /** Which properties to include; default all of invariant + deadlock. */
  readonly properties?: readonly ('notBad' | 'noDeadlock' | 'converges' | 'noBackEdge' | 'reachesGoal' | 'takesGoalEdge')[];
}

export type GraphModel = Model<number, Edge>;

/**
 * The witnesses' example graph: 0 → 1 → 2 → 3 (goal) and 0 → 4 → 3; the edge 2 → 0 is of kind `back` (the
 * goal kind), 3 is terminal, and 5 is unreachable.
 */
export const DIAMOND: GraphSpec = {
  edges: [[1, 4], [2], [3, { to: 0, kind: 'back' }], [], [3], [3]],
  initial: [0],
  terminal: [3],
  goal: [3],
  goalKind: 'back',
  properties: ['reachesGoal', 'takesGoalEdge', 'noDeadlock'],
};

export function graphModel(spec: GraphSpec): GraphModel {
  const edges: Edge[][] = spec.edges.map((out, from) =>
    out.map((e) => {
      const d = typeof e === 'number' ? { to: e } : e;
      return {
        to: d.to,
        label: d.label ?? `${from}->${d.to}`,
        kind: d.kind ?? (d.cls === 'user' ? 'user' : 'sys'),
        cls: d.cls ?? 'system',
      };
    }),
  );
  const bad = new Set(spec.bad ?? []);
  const terminal = new Set(spec.terminal ?? []);
  const settled = new Set(spec.settled ?? []);
  const goal = new Set(spec.goal ?? []);
  const all: Record<string, Property<number, Edge>> = {
    notBad: {
      kind: 'invariant',
      name: 'notBad',
      description: 'no bad node is reachable',
      check: (s) => (bad.has(s) ? { ok: false, message: `node ${s} is bad` } : OK),
    },
    noDeadlock: { kind: 'deadlock', name: 'noDeadlock', description: 'no stuck node' },
    converges: { kind: 'convergence', name: 'converges', description: 'system actions reach a settled node' },
    noBackEdge: {
      kind: 'step',
      name: 'noBackEdge',
      description: 'no edge to a smaller node',
      check: (s, _a, t) => (t < s ? { ok: false, message: `edge ${s}->${t} goes back` } : OK),
    },
    reachesGoal: {
      kind: 'sometimes',
      on: 'state',
      name: 'reachesGoal',
      description: 'a goal node is reachable',
      reached: (s) => goal.has(s),
    },
    takesGoalEdge: {
      kind: 'sometimes',
      on: 'step',
      name: 'takesGoalEdge',
      description: 'an edge of the goal kind is taken',
      reached: (_s, a) => a.kind === spec.goalKind,
    },
  };
  const names = spec.properties ?? ['notBad', 'noDeadlock'];
  return {
    name: 'graph',
    encodingWords: 1,
    initialStates: () => spec.initial,
    actions: (s) => edges[s] ?? [],
    next: (_s, a) => a.to,
    encode: (s, out, off) => {
      out[off] = s;
    },
    decode: (w, off) => w[off]!,
    actionLabel: (a) => a.label,
    actionKind: (a) => a.kind,
    actionClass: (a) => a.cls,
    isTerminal: (s) => terminal.has(s),
    isSettled: (s) => settled.has(s),
    properties: names.map((n) => all[n]!),
  };
}

/** A chain 0 -> 1 -> ... -> length-1 (the last node has no action and is terminal). */
export function chain(length: number, extra: Partial<GraphSpec> = {}): GraphModel {
  return graphModel({
    edges: Array.from({ length }, (_, i) => (i + 1 < length ? [i + 1] : [])),
    initial: [0],
    terminal: [length - 1],
    ...extra,
  });
}

/** An unbounded counter (0, 1, 2, ...): only a limit can stop it. */
export function counter(): Model<number, 'inc'> {
  return {
    name: 'counter',
    encodingWords: 1,
    initialStates: () => [0],
    actions: () => ['inc'],
    next: (s) => s + 1,
    encode: (s, out, off) => {
      out[off] = s;
    },
    decode: (w, off) => w[off]!,
    actionLabel: () => 'inc',
    actionKind: () => 'inc',
    actionClass: () => 'system',
    properties: [],
  };
}

/** Labels of a trace's actions (the initial step has none). */
export function labels(trace: readonly { action: Edge | null }[]): string[] {
  return trace.slice(1).map((s) => s.action!.label);
}

export function nodes(trace: readonly { state: number }[]): number[] {
  return trace.map((s) => s.state);
}

/** A counter whose `next` throws at `at`: a model bug must surface as an error, not as a verdict. */
export function failingCounter(at: number): Model<number, 'inc'> {
  const m = counter();
  return {
    ...m,
    next: (s) => {
      if (s === at) throw new Error(`model bug at ${at}`);
      return s + 1;
    },
  };
}

/**
 * Distances by a plain BFS over adjacency lists (node → successors; a missing entry has none), from the
 * `initial` nodes, for `count` nodes (by default as many as lists): the reference the explorer's depths and
 * shortest paths are tested against. -1 = unreachable.
 */
export function bfsDistances(
  adj: readonly (readonly number[] | undefined)[],
  initial: readonly number[],
  count: number = adj.length,
): number[] {
  const dist = new Array<number>(count).fill(-1);
  const queue: number[] = [];
  const visit = (v: number, d: number): void => {
    if (dist[v] !== -1) return;
    dist[v] = d;
    queue.push(v);
  };
  for (const i of initial) visit(i, 0);
  for (let h = 0; h < queue.length; h++) {
    const v = queue[h]!;
    for (const w of adj[v] ?? []) visit(w, dist[v]! + 1);
  }
  return dist;
}
