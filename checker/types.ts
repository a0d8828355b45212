/**
 * The contract between a model and the generic explorer.
 *
 * The explorer knows nothing of CloneSet: it sees states only through `encode`/`decode` (a fixed-width,
 * canonical word encoding, so symmetric states — e.g. the same pods in another order — are one state) and
 * actions only through `actions`/`next` and a few labelling hooks. Keeping states as fixed-width Uint32
 * words lets the visited set and the frontier live in typed arrays instead of JS objects in a `Set`.
 */

/** A 64-bit fingerprint of a canonical encoding, as a 16-hex-digit string where it leaves the hot path. */
export type Fingerprint = string & { readonly __brand: 'Fingerprint' };

/** How an action is classified for statistics, convergence and rendering. */
export type ActionClass = 'user' | 'system';

export type PropertyResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

export const OK: PropertyResult = Object.freeze({ ok: true });

/**
 * What every property has. `optIn`: left out of the default selection (ExploreOptions.properties
 * undefined); checked only when named, so adding one to a model changes no default run.
 */
interface PropertyBase {
  readonly name: string;
  readonly description: string;
  readonly optIn?: boolean;
}

/** A property the explorer checks; `kind` selects how. */
export type Property<S, A> =
  /** Must hold in every reachable state. */
  | (PropertyBase & {
      readonly kind: 'invariant';
      check(s: S): PropertyResult;
      /**
       * Whether `a` may change what `check` sees (absent: every action may). Partial-order reduction
       * (reduction.ts) takes these as visible; and a new state made by Model.successorInto through an
       * action no invariant sees is not checked (nor made): it holds what the state it left held.
       */
      visible?(a: A): boolean;
    })
  /** Must hold on every reachable transition s --a--> t. */
  | (PropertyBase & {
      readonly kind: 'step';
      check(s: S, a: A, t: S): PropertyResult;
      /**
       * Partial-order reduction (reduction.ts): whether `check` may fail on a transition by `a`, or `a` may
       * change anything `check` reads (of the state a transition leaves or the one it reaches), like an
       * invariant's `visible`. Both: the reduction may move an invisible action ahead of another action's
       * transition, which is then judged from another state. Absent: every action (`kinds` do not say the
       * second).
       */
      visible?(a: A): boolean;
      /**
       * The action kinds (`Model.actionKind`) of the transitions on which `check` may fail: the explorer
       * calls it on those only. Absent: every transition. A promise: a violation by an action of another
       * kind would go unreported. Not its visible actions for the reduction: see `visible`.
       */
      readonly kinds?: readonly string[];
    })
  /** No reachable state without an enabled action, unless the model calls it terminal. */
  | (PropertyBase & { readonly kind: 'deadlock' })
  /**
   * From every reachable state some settled state is reachable using only system actions.
   * A violation is a path to a state from which no settled state can be reached by system actions,
   * plus the system-only continuation from it (a dead end or a cycle).
   */
  | (PropertyBase & { readonly kind: 'convergence' })
  /**
   * A witness (Stateright's `sometimes`): some reachable state (`on: 'state'`) or transition
   * (`on: 'step'`) satisfies `reached`. It is never violated and never stops the search; the result says
   * whether it was reached, with a shortest trace to its first witness (ExploreResult.witnesses). Its use:
   * showing that the behaviour another property constrains happens at all, so that a "holds" is not vacuous.
   */
  | SometimesProperty<S, A>;

export type SometimesProperty<S, A> =
  | (PropertyBase & { readonly kind: 'sometimes'; readonly on: 'state'; reached(s: S): boolean })
  | (PropertyBase & {
      readonly kind: 'sometimes';
      readonly on: 'step';
      reached(s: S, a: A, t: S): boolean;
      /** The action kinds of the transitions that may reach it (as a step property's `kinds`). Absent: every one. */
      readonly kinds?: readonly string[];
    });

/** The kinds of property that can be violated (every kind but `sometimes`). */
export type ViolableKind = Exclude<Property<unknown, unknown>['kind'], 'sometimes'>;

export interface Model<S, A> {
  readonly name: string;
  initialStates(): readonly S[];
  /** Enabled actions of `s`, in a deterministic order (the order is part of the determinism contract). */
  actions(s: S): readonly A[];
  /**
   * The successor of `s` under an enabled action `a`. Pure. A step that changes nothing may return `s`
   * itself: the explorer then knows it is a self-loop without encoding it.
   */
  next(s: S, a: A): S;
  /** Number of 32-bit words of every encoding (fixed width; pad with zeros). */
  readonly encodingWords: number;
  /** Canonical encoding: equal iff the states are the same up to the model's symmetry. */
  encode(s: S, out: Uint32Array, offset: number): void;
  /** Inverse of encode (returns a canonical representative). */
  decode(words: Uint32Array, offset: number): S;
  /**
   * Optional, for speed: writes the encoding of next(s, a) to out[0..encodingWords) from s's own encoding
   * at src[sOff..), or returns false (out then holds anything) and the explorer calls `next` and `encode`.
   * What it writes must be exactly encode(next(s, a)). The explorer asks only where it needs no successor
   * object: for kinds no step property or step witness watches, and with no edges reported (`graph`).
   */
  successorInto?(s: S, a: A, src: Uint32Array, sOff: number, out: Uint32Array): boolean;
  /** Short, stable label of an action for traces, e.g. `scale(4)`. */
  actionLabel(a: A): string;
  /** Action kind for per-kind statistics, e.g. `scale`. */
  actionKind(a: A): string;
  /**
   * Optional, both or neither, for speed: every action kind, and an action's index in that list, with
   * `actionKinds[actionKindIndex(a)] === actionKind(a)`. The explorer then counts transitions by kind with an
   * array index instead of a search by name (an index outside the list ends the run with an error).
   */
  readonly actionKinds?: readonly string[];
  actionKindIndex?(a: A): number;
  actionClass(a: A): ActionClass;
  /** States with no enabled action that are fine (not deadlocks). */
  isTerminal?(s: S): boolean;
  /** Settled states for convergence. */
  isSettled?(s: S): boolean;
  readonly properties: readonly Property<S, A>[];
  /**
   * Partial-order reduction (ExploreOptions.reduction; reduction.ts): candidate persistent sets of `s`,
   * best first, each as indices into `actions` (= actions(s)). The model guarantees persistence for each:
   * on every path from `s` in the full graph, no action dependent on one of the set (one that does not
   * commute with it, or that disables or is disabled by it) is taken before some action of the set. The
   * checker checks the other conditions. Absent: no reduction.
   */
  persistentSets?(s: S, actions: readonly A[]): readonly (readonly number[])[];
}
