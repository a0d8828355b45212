/**
 * Partial-order reduction by ample sets (ExploreOptions.reduction): which of a state's actions the
 * breadth-first search expands. The model offers candidate persistent sets (Model.persistentSets: it
 * guarantees condition C1, persistence); this file checks the rest of the conditions of Clarke, Grumberg
 * and Peled (Model Checking, 1999, ch. 10) before using one, else the state is fully expanded:
 *
 *  - C0: a candidate is non-empty (and a proper subset, or it would reduce nothing);
 *  - C2, visibility: every action of it is invisible to every checked invariant and step property
 *    (Property.visible; a property without it makes every action visible, so it disables the reduction).
 *    A step property is a monitor whose "violated" flag a transition s --b--> t raises when check(s, b, t)
 *    fails. Whether it does depends on the action and on the state it is taken from, so an action a of a
 *    persistent set must be invisible in two ways: the flag is never raised on a transition by a, and a
 *    changes nothing `check` reads, so that a transition by b taken before a on a full path and after it on
 *    the reduced one is judged alike (without the second, a local step of one process that changes what
 *    the check of another's step reads hides that step's violation: test/checker/reduction.test.ts). Its
 *    `kinds` say only the first, so a step property with `kinds` and no `visible` makes every action
 *    visible; its `visible` must say both (checker/types.ts). Then a and b commute in the product of the
 *    model and the monitor too, and its violations are preserved like an invariant's;
 *  - C3, the cycle proviso, in its breadth-first form: every successor by the candidate is a new state
 *    (not yet in the visited set, the state itself included). Every cycle of the reduced graph then has a
 *    fully expanded state: take the state s of the cycle that is expanded last; its successor on the cycle
 *    was inserted before s was expanded, so s was fully expanded. (The condition that makes the reduced
 *    graph of a BFS sound is studied by Bošnački, Leue and Lluch Lafuente, "Partial-order reduction for
 *    general state exploring algorithms", SPIN 2006 / STTT 11(1), 2009; this one is its simplest, most
 *    conservative form.)
 *
 * Deadlocks need only C0 and persistence (Godefroid, Partial-Order Methods for the Verification of
 * Concurrent Systems, LNCS 1032, 1996, Thm. 4.3). Convergence (from every state a settled state is
 * reachable) is a branching property that ample sets do not preserve without stronger conditions, so a
 * run that checks it is never reduced (Explorer); nor is a run with witnesses (sometimes properties),
 * whose shortest lengths a reduced search does not keep. A violation found by a reduced search is reported from
 * an unreduced re-run of the same scope (explore.ts), so every trace stays a shortest one; so is the answer
 * of a reduced search a bound (maxDepth, maxStates, memory) stopped, as its paths may be longer than the
 * unreduced ones and the unreduced search may reach a violation within the bound that it did not.
 */

import { encodeSuccessor } from './encode-successor.js';
import type { Store } from './core/store.js';
import type { Model, Property } from './types.js';

export class Reducer<S, A> {
  /** States expanded through a proper persistent set rather than all their actions. */
  reduced = 0;
  private readonly scratch: Uint32Array;
  private readonly width: number;
  private readonly persistent: (s: S, actions: readonly A[]) => readonly (readonly number[])[];
  private readonly visible: ((a: A) => boolean)[];

  constructor(
    private readonly model: Model<S, A>,
    private readonly store: Store,
    properties: readonly Property<S, A>[],
    /** False only in a test that must catch the unsound reduction without C3. */
    private readonly cycleProviso = true,
  ) {
    this.width = model.encodingWords;
    this.scratch = new Uint32Array(this.width);
    this.persistent = model.persistentSets!.bind(model);
    this.visible = [];
    // A step property's `kinds` are not read here: they say where its check may fail, not what it reads
    // (see the header).
    for (const p of properties) {
      if (p.kind === 'invariant' || p.kind === 'step') this.visible.push(p.visible === undefined ? () => true : p.visible.bind(p));
    }
  }

  /** Whether a model and a set of checked properties allow a reduction at all (see the header). */
  static applies<S, A>(model: Model<S, A>, properties: readonly Property<S, A>[]): boolean {
    // A witness's shortest length (and whether it is reached at all under an ample set that hides its
    // actions) is not preserved either: a run with witnesses is not reduced.
    return model.persistentSets !== undefined && !properties.some((p) => p.kind === 'convergence' || p.kind === 'sometimes');
  }

  /**
   * The indices into `actions` (= model.actions(s), more than one) to expand, or null for all of them.
   * `src[sOff..]` is the encoding of `s`.
   */
  choose(s: S, actions: readonly A[], src: Uint32Array, sOff: number): readonly number[] | null {
    const n = actions.length;
    for (const set of this.persistent(s, actions)) {
      if (set.length === 0 || set.length >= n) continue;
      if (this.acceptable(s, actions, set, src, sOff)) {
        this.reduced++;
        return set;
      }
    }
    return null;
  }

  private acceptable(s: S, actions: readonly A[], set: readonly number[], src: Uint32Array, sOff: number): boolean {
    for (const k of set) {
      const a = actions[k];
      if (a === undefined) throw new RangeError(`${this.model.name}: persistentSets named action ${k} of ${actions.length}`);
      for (const visible of this.visible) if (visible(a)) return false;
    }
    if (!this.cycleProviso) return true;
    const scratch = this.scratch;
    for (const k of set) {
      const t = this.model.next(s, actions[k]!);
      // A self-loop returns to a visited state: C3 fails as for any other.
      if (encodeSuccessor(this.model, t, scratch, this.width, src, sOff)) return false;
      if (this.store.find(scratch, 0) >= 0) return false;
    }
    return true;
  }
}
