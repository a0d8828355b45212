/**
 * The canonical fixed-width encoding of a CloneSet state for the explorer: one byte per field and per pod
 * (pods sorted by code, so pod identity never matters), four bytes to a Uint32 word. This runs twice per
 * explored transition, so it writes bytes in plain loops and checks ranges once per scenario, not per field.
 * An 'any' budget is a constant byte (0) and decodes from the scenario: states that differ only in how
 * many such edits were made would be one state anyway, as there is no counter to differ in.
 */
import { legacyIntOrPercent } from '../controller/intstr.js';
import { MAX_TIMED_COPIES, progressCode, progressOfCodes } from '../controller/progress.js';
import {
  budgetsOf,
  firstItems,
  NO_PODS,
  observationOf,
  podCode,
  podFromCode,
  specOf,
  stateOf,
  type CloneSetState,
  type ObjectVersion,
  versionOf,
  type Observation,
  type Pod,
  type PodEntry,
  podEntryCode,
  podEntryFromCode,
  type RevId,
  type RevisionNumbers,
  type Spec,
  type Status,
} from './state.js';
import { keepsTimedOutCreations, timedOutWritesStop } from './pod-cache.js';
import {
  hasStrategyEdits,
  hasWidePodCodes,
  MAX_EDITED_PARTITIONS,
  MAX_STRATEGY_VALUES,
  observeOptions,
  observes,
  pausesOf,
  strategiesOf,
  surgeValues,
  type ActionBudgets,
  type Budget,
  type Scenario,
} from './scenario.js';
import type { ScenarioView } from './view.js';

export const STATUS_BYTES = 8;

/**
 * Where each part of a scenario's encoding lies (byte offsets), for code that reads or edits encodings
 * directly (byte-steps.ts). Parts a scenario does not have are where they would be, with no room.
 */
export interface CodecLayout {
  readonly words: number;
  /** Pods a state can hold (see podCapacity). */
  readonly capacity: number;
  readonly historyAt: number;
  readonly statusAt: number;
  /** The pending byte (PENDING when a status waits, and the Observation's flags), then the pending status. */
  readonly pendingAt: number;
  /** The marks and failures budgets' two bytes, when `extraBudgets`. */
  readonly extraAt: number;
  readonly extraBudgets: boolean;
  /** The pause-changes budget's byte, when `pausesCounted` (a number above 0: 'any' keeps no counter). */
  readonly pausesAt: number;
  readonly pausesCounted: boolean;
  /** The strategy-edits budget's byte, when `strategiesCounted` (as for pauses). */
  readonly strategiesAt: number;
  readonly strategiesCounted: boolean;
  /** The pod count, then each pod's code + 1 (its low byte when `wide`), ascending. */
  readonly podsAt: number;
  /** With `wide` (lifecycle hooks) codes: their high bytes, in the pods' order. */
  readonly highAt: number;
  readonly wide: boolean;
  /** Whether the Observation follows the pods (an issue #14 option is on). */
  readonly observing: boolean;
  /** The Observation: failures left, the lag's length, the lagging versions of VERSION_BYTES each. */
  readonly observedAt: number;
  readonly staleReads: number;
  /** The pod-write failures left (one byte, when `podWrites`: the scenario's podWriteFailures > 0). */
  readonly podWritesAt: number;
  readonly podWrites: boolean;
  /**
   * With `staleRevisions`: whether the revision cache lags, then each history entry's number, its cached
   * number (0: not cached) and its place in creation order, in the history's order (state.ts RevisionNumbers).
   */
  readonly revisionsAt: number;
  readonly staleRevisions: boolean;
  /** The entry count, then each pod-cache entry's code in `entryBytes` bytes, ascending. */
  readonly entriesAt: number;
  readonly entryCapacity: number;
  readonly entryBytes: number;
}

export interface StateCodec {
  readonly words: number;
  /** Most pods a state can hold: maxReplicas plus the surge at maxReplicas. */
  readonly podCapacity: number;
  readonly layout: CodecLayout;
  encode(s: CloneSetState, out: Uint32Array, offset: number): void;
  decode(words: Uint32Array, offset: number): CloneSetState;
}

/** A count the encoding holds in a byte: pods, status counts, budgets. */
const BYTE_MAX = 255;

/** How many times maxReplicas plus the surge a state's pods may reach. */
function capacityFactor(sc: Scenario): number {
  // Expired expectations let a reconcile create again what it created before (pod-cache.ts: one expired
  // generation at a time), so the pods may reach twice the bound. With excludePreparingDelete (and a
  // preDelete hook) the controller replaces pods that wait in PreparingDelete, so those come on top of it.
  if (observeOptions(sc).expectations === 'timeout') return 2;
  return sc.excludePreparingDelete === true && sc.lifecycleHooks !== undefined && sc.lifecycleHooks !== 'inPlaceUpdate' ? 3 : 1;
}

export function podCapacity(v: ScenarioView): number {
  const sc = v.scenario;
  return capacityFactor(sc) * (Math.max(sc.maxReplicas, sc.initialReplicas) + Math.max(surgeAtMaxReplicas(sc), 0)) + unawaitedCreations(sc);
}

/**
 * Pods beyond the bound that creations which timed out may add (podWriteTimeouts with a lagging pod cache,
 * where such a write ends its loop unawaited: pod-cache.ts timedOutWritesStop): such a pod is awaited by
 * nothing, so the next reconcile creates it again; a failing reconcile ends its creations at the one that
 * timed out, so each failure adds at most one.
 */
function unawaitedCreations(sc: Scenario): number {
  const o = observeOptions(sc);
  return timedOutWritesStop(sc) && o.expectations !== 'ideal' ? o.podWriteFailures : 0;
}

/** maxSurge as the controller resolves it at maxReplicas: the most pods above spec.replicas a state may hold. */
export const surgeAtMaxReplicas = (sc: Scenario): number =>
  Math.max(...surgeValues(sc).map((x) => legacyIntOrPercent(x, sc.maxReplicas, true)));

/**
 * The largest surgeAtMaxReplicas whose pod capacity the encoding holds (negative when the replicas alone do
 * not fit), so that an input layer can refuse a larger maxSurge by name before createCodec refuses the scenario.
 */
export function surgeRoom(sc: Scenario): number {
  return Math.floor((BYTE_MAX - unawaitedCreations(sc)) / capacityFactor(sc)) - Math.max(sc.maxReplicas, sc.initialReplicas);
}

function writeStatus(b: Uint8Array, at: number, st: Status): void {
  b[at] = st.replicas;
  b[at + 1] = st.readyReplicas;
  b[at + 2] = st.availableReplicas;
  b[at + 3] = st.updatedReplicas;
  b[at + 4] = st.updatedReadyReplicas;
  b[at + 5] = st.expectedUpdatedReplicas;
  // The Progressing condition in the high nibble (revisions are below 16): 0 without one, so scenarios
  // without progressDeadlineSeconds keep their bytes.
  b[at + 6] = st.currentRevision | (progressCode(st.progressing) << 4);
  // Its order (stale reads only: condition-order.ts) in the updateRevision byte's high nibble: 0 elsewhere.
  const order = st.progressing?.order ?? 0;
  if (order >= MAX_TIMED_COPIES) throw new Error(`a Progressing condition of order ${order}: the state's conditions are not ranked`);
  b[at + 7] = st.updateRevision | (order << 4);
}

function readStatus(b: Uint8Array, at: number): Status {
  const current = b[at + 6]!;
  const update = b[at + 7]!;
  // Two literals rather than a spread of the one without a condition: a status with one is made in one go.
  if (current < 0x10)
    return {
      replicas: b[at]!,
      readyReplicas: b[at + 1]!,
      availableReplicas: b[at + 2]!,
      updatedReplicas: b[at + 3]!,
      updatedReadyReplicas: b[at + 4]!,
      expectedUpdatedReplicas: b[at + 5]!,
      currentRevision: current,
      updateRevision: update & 0x0f,
    };
  return {
    replicas: b[at]!,
    readyReplicas: b[at + 1]!,
    availableReplicas: b[at + 2]!,
    updatedReplicas: b[at + 3]!,
    updatedReadyReplicas: b[at + 4]!,
    expectedUpdatedReplicas: b[at + 5]!,
    currentRevision: current & 0x0f,
    updateRevision: update & 0x0f,
    progressing: progressOfCodes(current >> 4, update >> 4)!,
  };
}

/** One lagging CloneSet version: spec (replicas, template, partition), then its status. */
export const VERSION_BYTES = 3 + STATUS_BYTES;

/**
 * A lagging version's generationUnobserved: the high bit of its template byte (templates are below 16), so
 * that it moves with the version and the layout keeps its size.
 */
export const UNOBSERVED = 0x80;
/**
 * spec.paused, in the template byte of the state's spec and of each lagging version: set only while paused,
 * so scenarios that never pause keep their bytes (those paused from the start have it in every state: their
 * counts are as before, their bytes are not).
 */
export const PAUSED = 0x40;
export const TEMPLATE_MASK = 0x3f;

/** A spec's template byte: the template, and PAUSED while paused. */
const templateByte = (sp: Spec): number => (sp.paused ? sp.template | PAUSED : sp.template);

/**
 * A spec's partition byte: the partition index, and with strategy edits the maxSurge index in bits 4–5 and
 * the maxUnavailable index in bits 6–7 (scenario.ts MAX_STRATEGY_VALUES, MAX_EDITED_PARTITIONS). Both are 0
 * without them, so other scenarios keep their bytes.
 */
const partitionByte = (sp: Spec): number => sp.partition | (sp.surge << 4) | (sp.unavailable << 6);

/** The spec of a template byte and its two neighbours; `strategies`: the partition byte holds the strategy indices. */
const specOfBytes = (replicas: number, t: number, p: number, strategies: boolean): Spec =>
  strategies
    ? specOf(replicas, t & TEMPLATE_MASK, p & 15, (t & PAUSED) !== 0, (p >> 4) & 3, p >> 6)
    : specOf(replicas, t & TEMPLATE_MASK, p, (t & PAUSED) !== 0, 0, 0);

/**
 * The pending byte's bits: a status waits (the byte was 0 or 1 before observedGeneration), then the
 * Observation's two flags, which only scenarios with staleReads ever set.
 */
export const PENDING = 1;
export const PENDING_UNOBSERVED = 2;
export const TRUTH_UNOBSERVED = 4;

/** Failures left, the lag's length, then each lagging version (spec, status), zeros after the last up to `end`. */
function writeObservation(b: Uint8Array, at: number, end: number, o: Observation | null, staleReads: number): void {
  if (o === null) throw new Error('a state without an Observation in a scenario with an observation option on');
  if (o.lag.length > staleReads) throw new Error(`a cache lag of ${o.lag.length} versions exceeds staleReads ${staleReads}`);
  b[at] = o.writeFailures;
  b[at + 1] = o.lag.length;
  for (let i = 0; i < o.lag.length; i++) {
    const x = o.lag[i]!;
    const p = at + 2 + i * VERSION_BYTES;
    b[p] = x.spec.replicas;
    b[p + 1] = x.generationUnobserved ? templateByte(x.spec) | UNOBSERVED : templateByte(x.spec);
    b[p + 2] = partitionByte(x.spec);
    writeStatus(b, p + 3, x.status);
  }
  for (let k = at + 2 + o.lag.length * VERSION_BYTES; k < end; k++) b[k] = 0;
}

function readObservation(
  b: Uint8Array,
  at: number,
  pendingAt: number,
  podWrites: number,
  entriesAt: number,
  entryBytes: number,
  strategies: boolean,
  revisions: RevisionNumbers | null,
): Observation {
  const lag: ObjectVersion[] = [];
  for (let i = 0; i < b[at + 1]!; i++) {
    const p = at + 2 + i * VERSION_BYTES;
    const t = b[p + 1]!;
    lag.push(versionOf(specOfBytes(b[p]!, t, b[p + 2]!, strategies), readStatus(b, p + 3), (t & UNOBSERVED) !== 0));
  }
  const pods: PodEntry[] = [];
  for (let i = 0; i < b[entriesAt]!; i++) pods.push(podEntryFromCode(readEntryCode(b, entriesAt + 1 + i * entryBytes, entryBytes)));
  const flags = b[pendingAt]!;
  return observationOf(lag, (flags & TRUTH_UNOBSERVED) !== 0, (flags & PENDING_UNOBSERVED) !== 0, b[at]!, podWrites, pods, revisions);
}

/** Whether the revision cache lags, then each history entry's number, cached number and creation place (RevisionNumbers), zeros after the last. */
function writeRevisionNumbers(b: Uint8Array, at: number, r: RevisionNumbers | null, n: number, templates: number): void {
  if (r === null || r.numbers.length !== n)
    throw new Error('a state without revision numbers for its history in a scenario with staleRevisions');
  b[at] = r.cached === null ? 0 : 1;
  for (let i = 0; i < templates; i++) {
    b[at + 1 + 3 * i] = i < n ? r.numbers[i]! : 0;
    b[at + 2 + 3 * i] = i < n && r.cached !== null ? r.cached[i]! : 0;
    b[at + 3 + 3 * i] = i < n ? r.created[i]! : 0;
  }
}

function readRevisionNumbers(b: Uint8Array, at: number, n: number): RevisionNumbers {
  const numbers: number[] = [];
  const cached: number[] = [];
  const created: number[] = [];
  for (let i = 0; i < n; i++) {
    numbers.push(b[at + 1 + 3 * i]!);
    cached.push(b[at + 2 + 3 * i]!);
    created.push(b[at + 3 + 3 * i]!);
  }
  return { numbers, cached: b[at] === 0 ? null : cached, created };
}

/**
 * The pod cache's entries: their count, then each entry's code in three bytes (four with wide pod codes,
 * for the truth's high bits, state.ts podEntryCode), in ascending code order.
 */
function writeEntries(b: Uint8Array, at: number, entries: readonly PodEntry[], capacity: number, entryBytes: number): void {
  const n = entries.length;
  if (n > capacity) throw new Error(`${n} pod cache entries exceed the encoding capacity ${capacity}`);
  b[at] = n;
  // The model keeps entries in code order (Observation.pods): written as they come, with no list made;
  // a list out of order is written again sorted.
  let prev = -1;
  for (let i = 0; i < n; i++) {
    const c = podEntryCode(entries[i]!);
    if (c < prev) {
      writeSorted(b, at, entries, entryBytes);
      break;
    }
    writeEntryCode(b, at + 1 + i * entryBytes, c, entryBytes);
    prev = c;
  }
  // To the buffer's end: the entries are the last part, and the last word's padding must be zero too.
  for (let k = at + 1 + n * entryBytes; k < b.length; k++) b[k] = 0;
}

function writeSorted(b: Uint8Array, at: number, entries: readonly PodEntry[], entryBytes: number): void {
  const codes = entries.map(podEntryCode).sort((x, y) => x - y);
  for (let i = 0; i < codes.length; i++) writeEntryCode(b, at + 1 + i * entryBytes, codes[i]!, entryBytes);
}

/** The entry code written at `p` (writeEntryCode). */
export function readEntryCode(b: Uint8Array, p: number, entryBytes: number): number {
  const low = (b[p]! << 16) | (b[p + 1]! << 8) | b[p + 2]!;
  return entryBytes === 4 ? low | (b[p + 3]! << 24) : low;
}

/** An entry code in `entryBytes` bytes at `p`: bits 16-23, 8-15, 0-7, then (four bytes) 24 and up. */
export function writeEntryCode(b: Uint8Array, p: number, c: number, entryBytes: number): void {
  b[p] = (c >> 16) & 0xff;
  b[p + 1] = (c >> 8) & 0xff;
  b[p + 2] = c & 0xff;
  if (entryBytes === 4) b[p + 3] = c >>> 24;
}

/**
 * Decoded parts shared by key (createCodec's decode). The last one asked for is kept at hand: states
 * decoded one after another are mostly siblings, which share their spec, history and budgets.
 */
class SharedParts<T> {
  private lastKey = -1;
  private last: T | undefined = undefined;
  private readonly byKey = new Map<number, T>();

  get(key: number): T | undefined {
    if (key === this.lastKey) return this.last;
    const x = this.byKey.get(key);
    if (x !== undefined) {
      this.lastKey = key;
      this.last = x;
    }
    return x;
  }

  set(key: number, x: T): T {
    this.byKey.set(key, x);
    this.lastKey = key;
    this.last = x;
    return x;
  }
}

/** A budget's byte: its count, or 0 for 'any' (a constant, so it adds nothing to the state space). */
const budgetByte = (b: Budget): number => (b === 'any' ? 0 : b);

export function createCodec(v: ScenarioView): StateCodec {
  const sc = v.scenario;
  const capacity = podCapacity(v);
  // Every byte-sized field is bounded by these; checking them here keeps encode free of per-field checks.
  const largest = Math.max(
    capacity,
    sc.templates,
    v.partitions.length,
    budgetByte(sc.budgets.rollouts),
    sc.budgets.deletes,
    observeOptions(sc).statusWriteFailures,
    observeOptions(sc).podWriteFailures,
    budgetByte(sc.budgets.scales),
    budgetByte(sc.budgets.partitions),
    sc.budgets.marks ?? 0,
    sc.budgets.failures ?? 0,
    budgetByte(pausesOf(sc.budgets)),
    budgetByte(strategiesOf(sc.budgets)),
  );
  const anyRollouts = sc.budgets.rollouts === 'any';
  const anyScales = sc.budgets.scales === 'any';
  const anyPartitions = sc.budgets.partitions === 'any';
  if (largest > BYTE_MAX || sc.templates > 15)
    throw new Error(`scenario too large to encode: at most ${BYTE_MAX} pods/values and 15 templates (got ${largest} and ${sc.templates})`);
  // With strategy edits the partition byte holds the strategy indices too (partitionByte).
  const strategies = hasStrategyEdits(sc);
  if (
    strategies &&
    (v.partitions.length > MAX_EDITED_PARTITIONS || v.surges.length > MAX_STRATEGY_VALUES || v.unavailables.length > MAX_STRATEGY_VALUES)
  )
    throw new Error(
      `scenario too large to encode: with strategy edits at most ${MAX_EDITED_PARTITIONS} partitions and ${MAX_STRATEGY_VALUES} values of maxSurge and of maxUnavailable`,
    );
  const templates = sc.templates;
  const historyAt = 9;
  const statusAt = historyAt + templates;
  const pendingAt = statusAt + STATUS_BYTES;
  // The marks and failures budgets take two bytes only in scenarios that have them: with the options off
  // the layout, and so every encoding, is what it was before they existed.
  const extraBudgets = sc.budgets.marks !== undefined || sc.budgets.failures !== undefined;
  const extraAt = pendingAt + 1 + STATUS_BYTES;
  // The pause budget likewise, and only as a count: 'any', 0 and an absent budget are constants.
  const pauses = sc.budgets.pauses;
  const pausesCounted = typeof pauses === 'number' && pauses > 0;
  const pausesAt = extraAt + (extraBudgets ? 2 : 0);
  // The strategy budget likewise.
  const strategyEdits = sc.budgets.strategies;
  const strategiesCounted = typeof strategyEdits === 'number' && strategyEdits > 0;
  const strategiesAt = pausesAt + (pausesCounted ? 1 : 0);
  const podsAt = strategiesAt + (strategiesCounted ? 1 : 0);
  // With lifecycle hooks or minReadySeconds a pod code needs more than a byte: its high byte goes in a second
  // block after the low bytes (pods sorted by full code, so the layout stays canonical). Otherwise one byte.
  const wide = hasWidePodCodes(sc);
  const highAt = podsAt + 1 + capacity;
  // The Observation (issue #14 options) follows the pods, and only when an option is on: with them off
  // the layout, and so every count and figure, is the one before them.
  const observing = observes(sc);
  const staleReads = observeOptions(sc).staleReads;
  const observedAt = highAt + (wide ? capacity : 0);
  // A lagging pod cache: at most one entry per pod and per cached pod (see podCapacity), and one per
  // creation that never landed whose expectation proposed keeps (one per failure).
  const entryCapacity =
    observeOptions(sc).expectations === 'ideal' ? 0 : 2 * capacity + (keepsTimedOutCreations(sc) ? observeOptions(sc).podWriteFailures : 0);
  // The pod-write failures left: a byte after the lagging versions, only in scenarios that have them.
  const podWritesAt = observedAt + 2 + staleReads * VERSION_BYTES;
  const podWrites = observeOptions(sc).podWriteFailures > 0;
  const revisionsAt = podWritesAt + (podWrites ? 1 : 0);
  const staleRevisions = observeOptions(sc).staleRevisions;
  const entriesAt = revisionsAt + (staleRevisions ? 1 + 3 * templates : 0);
  const entryBytes = wide ? 4 : 3;
  const totalBytes = observing ? entriesAt + 1 + entryCapacity * entryBytes : observedAt;
  const words = Math.ceil(totalBytes / 4);
  // Each part of the encoding zeroes what it leaves unused, up to where the next part begins: the pods up
  // to the Observation, or to the end without one (writeEntries zeroes to the end with one).
  const podsEnd = observing ? observedAt : words * 4;
  const bytes = new Uint8Array(words * 4);
  const view = new Uint32Array(bytes.buffer);

  // What decode allocates is most of what the explorer allocates (a state per expanded state), so the parts
  // with few values are shared between decoded states rather than made each time: states are immutable,
  // and no reader tells a shared spec, history or budgets from an equal one (only pod lists and statuses are
  // ever compared by identity, properties.ts). Each is keyed by the part's bytes as one non-negative integer.
  const specs = new SharedParts<Spec>();
  const decodedSpec = (b: Uint8Array): Spec => {
    const key = b[0]! | (b[1]! << 8) | (b[2]! << 16);
    return specs.get(key) ?? specs.set(key, specOfBytes(b[0]!, b[1]!, b[2]!, strategies));
  };
  const readBudgets = (b: Uint8Array): ActionBudgets =>
    budgetsOf(
      anyRollouts ? 'any' : b[4]!,
      b[5]!,
      anyScales ? 'any' : b[6]!,
      anyPartitions ? 'any' : b[7]!,
      extraBudgets ? b[extraAt]! : undefined,
      extraBudgets ? b[extraAt + 1]! : undefined,
      pausesCounted ? b[pausesAt]! : pauses,
      strategiesCounted ? b[strategiesAt]! : strategyEdits,
    );
  // Without the marks and failures budgets (the common layout), budgets are the four bytes 4..7, and the
  // pause budget's byte where it is counted (an 'any' or 0 one is a constant).
  const budgetTable = new SharedParts<ActionBudgets>();
  const decodedBudgets = (b: Uint8Array): ActionBudgets => {
    const key =
      b[4]! +
      b[5]! * 0x100 +
      b[6]! * 0x10000 +
      b[7]! * 0x1000000 +
      (pausesCounted ? b[pausesAt]! * 0x100000000 : 0) +
      (strategiesCounted ? b[strategiesAt]! * 0x10000000000 : 0);
    return budgetTable.get(key) ?? budgetTable.set(key, readBudgets(b));
  };
  // A history is at most `templates` revisions below 16: up to six of them, with the length, make a
  // 28-bit key. Longer ones (scenarios of more than six templates) are made each time.
  const histories = new SharedParts<readonly RevId[]>();
  const decodedHistory = (b: Uint8Array): readonly RevId[] => {
    const n = b[8]!;
    if (n > 6) return readHistory(b, n);
    let key = n;
    for (let i = 0; i < n; i++) key = (key << 4) | b[historyAt + i]!;
    return histories.get(key) ?? histories.set(key, readHistory(b, n));
  };
  const readHistory = (b: Uint8Array, n: number): RevId[] => {
    const history: RevId[] = [];
    for (let i = 0; i < n; i++) history.push(b[historyAt + i]!);
    return history;
  };
  // Decoded pods are gathered here and copied out: a list built by push from empty gets room for 17 pods,
  // firstItems makes one of exactly its length, and both are packed lists of objects (state.ts NO_PODS says
  // why one kind).
  const podScratch: Pod[] = NO_PODS.slice();

  const layout: CodecLayout = {
    words,
    capacity,
    historyAt,
    statusAt,
    pendingAt,
    extraAt,
    extraBudgets,
    pausesAt,
    pausesCounted,
    strategiesAt,
    strategiesCounted,
    podsAt,
    highAt,
    wide,
    observing,
    observedAt,
    staleReads,
    podWritesAt,
    podWrites,
    revisionsAt,
    staleRevisions,
    entriesAt,
    entryCapacity,
    entryBytes,
  };

  return {
    words,
    podCapacity: capacity,
    layout,
    encode(s, out, offset) {
      // Every byte is written (zeros included) rather than clearing the buffer first, and the words are
      // copied in a loop: both builtins (fill, set) cost more than the ~40 bytes they would handle.
      const b = bytes;
      b[0] = s.spec.replicas;
      b[1] = templateByte(s.spec);
      b[2] = partitionByte(s.spec);
      b[3] = s.stable;
      const bu = s.budgets;
      b[4] = budgetByte(bu.rollouts);
      b[5] = bu.deletes;
      b[6] = budgetByte(bu.scales);
      b[7] = budgetByte(bu.partitions);
      const h = s.history;
      b[8] = h.length;
      let i = 0;
      for (; i < h.length; i++) b[historyAt + i] = h[i]!;
      for (; i < templates; i++) b[historyAt + i] = 0;
      writeStatus(b, statusAt, s.status);
      const o = s.observed;
      const flags = o === null ? 0 : (o.generationUnobserved ? TRUTH_UNOBSERVED : 0) | (o.pendingUnobserved ? PENDING_UNOBSERVED : 0);
      if (s.pending !== null) {
        b[pendingAt] = PENDING | flags;
        writeStatus(b, pendingAt + 1, s.pending);
      } else {
        for (let k = 0; k <= STATUS_BYTES; k++) b[pendingAt + k] = 0;
        b[pendingAt] = flags;
      }
      if (extraBudgets) {
        b[extraAt] = bu.marks ?? 0;
        b[extraAt + 1] = bu.failures ?? 0;
      }
      if (pausesCounted) b[pausesAt] = budgetByte(pausesOf(bu));
      if (strategiesCounted) b[strategiesAt] = budgetByte(strategiesOf(bu));
      const pods = s.pods;
      const n = pods.length;
      if (n > capacity) throw new Error(`${n} pods exceed the encoding capacity ${capacity}`);
      b[podsAt] = n;
      // Pod codes are offset by one so that a zero byte never stands for a pod.
      let sorted = true;
      let prev = 0;
      if (wide) {
        // Written in place as in the one-byte case; a list out of code order (never the model's) is
        // written again from its sorted codes.
        for (let k = 0; k < n; k++) {
          const c = podCode(pods[k]!) + 1;
          if (c < prev) sorted = false;
          b[podsAt + 1 + k] = c & 255;
          b[highAt + k] = c >> 8;
          prev = c;
        }
        for (let k = n; k < capacity; k++) {
          b[podsAt + 1 + k] = 0;
          b[highAt + k] = 0;
        }
        for (let k = highAt + capacity; k < podsEnd; k++) b[k] = 0;
        if (!sorted) {
          const codes = pods.map((p) => podCode(p) + 1).sort((x, y) => x - y);
          for (let k = 0; k < n; k++) {
            b[podsAt + 1 + k] = codes[k]! & 255;
            b[highAt + k] = codes[k]! >> 8;
          }
        }
      } else {
        for (let k = 0; k < n; k++) {
          const c = podCode(pods[k]!) + 1;
          if (c < prev) sorted = false;
          b[podsAt + 1 + k] = c;
          prev = c;
        }
        for (let k = podsAt + 1 + n; k < podsEnd; k++) b[k] = 0;
        // The model keeps pods sorted, but the encoding must not depend on it being so: sort if they are not.
        if (!sorted) b.subarray(podsAt + 1, podsAt + 1 + n).sort();
      }
      if (observing) {
        writeObservation(b, observedAt, podWritesAt, s.observed, staleReads);
        if (podWrites) b[podWritesAt] = s.observed!.podWriteFailures;
        if (staleRevisions) writeRevisionNumbers(b, revisionsAt, s.observed!.revisions, s.history.length, templates);
        writeEntries(b, entriesAt, s.observed!.pods, entryCapacity, entryBytes);
      }
      for (let k = 0; k < words; k++) out[offset + k] = view[k]!;
    },
    decode(src, offset) {
      const b = bytes;
      for (let i = 0; i < words; i++) view[i] = src[offset + i]!;
      const podCount = b[podsAt]!;
      let pods: readonly Pod[] = NO_PODS;
      if (podCount > 0) {
        for (let i = 0; i < podCount; i++)
          podScratch[i] = podFromCode((wide ? b[podsAt + 1 + i]! | (b[highAt + i]! << 8) : b[podsAt + 1 + i]!) - 1);
        pods = firstItems(podScratch, podCount);
      }
      return stateOf(
        decodedSpec(b),
        pods,
        readStatus(b, statusAt),
        (b[pendingAt]! & PENDING) !== 0 ? readStatus(b, pendingAt + 1) : null,
        decodedHistory(b),
        b[3]!,
        extraBudgets ? readBudgets(b) : decodedBudgets(b),
        observing
          ? readObservation(
              b,
              observedAt,
              pendingAt,
              podWrites ? b[podWritesAt]! : 0,
              entriesAt,
              entryBytes,
              strategies,
              staleRevisions ? readRevisionNumbers(b, revisionsAt, b[8]!) : null,
            )
          : null,
      );
    },
  };
}
