/**
 * What the expansion core (expand.ts) reports, and to whom: the single-threaded explorer's LocalSink
 * (state indices, traces, visitor hooks) or a parallel worker's WorkerSink (fingerprints, property names).
 *
 * A source state is named three ways, so that each side can use what it has: its decoded object's
 * encoding (`src[sOff..]`) and `sIdx`, the caller's id for it (the explorer's state index; a worker's
 * running expansion number, from 1, as its store's ids are all 0). Every method returning boolean
 * returns false when the search must stop; the sink has then recorded why.
 */

import type { Property, SometimesProperty } from '../types.js';

export interface Sink<S, A> {
  /** The state being expanded is settled (asked only when convergence is checked). */
  settled(src: Uint32Array, sOff: number, sIdx: number): boolean;
  /**
   * A transition (`tIdx`: the store's id of the target, or `sIdx` itself for a self-loop: a store's id
   * never equals the caller's id of another state; `t`: the successor as `next` returned it, or null when
   * the model wrote its encoding directly, never with ExpanderConfig.edgeStates), in action order; called
   * only when the Expander is configured for edges. One method, not one per case: each call
   * site here is inlined into the hot loop separately, at the expense of the model's own functions.
   */
  edge(src: Uint32Array, sOff: number, sIdx: number, a: A, tIdx: number, t: S | null): boolean;
  /**
   * Property `p` fails: at state `index` (actionIndex -1: invariant, deadlock) or on the transition by
   * the `actionIndex`-th action of state `index` (step). PropertyChecks decides what it means for the search.
   */
  violation(p: Exclude<Property<S, A>, SometimesProperty<S, A>>, message: string, index: number, actionIndex: number): void;
  /**
   * The `sometimes` property `p` is reached, for the first time: at state `index` (actionIndex -1) or on
   * the transition by the `actionIndex`-th action of state `index`.
   */
  witness(p: SometimesProperty<S, A>, index: number, actionIndex: number): void;
  /** A state just added is one of RerunOptions.stuckStates; true when expansion must stop. */
  stuck(index: number): boolean;
  /** The store returned STORE_FULL. */
  refused(): void;
  /** The frontier refused to grow. */
  outOfMemory(): void;
}
