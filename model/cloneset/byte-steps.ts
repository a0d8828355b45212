/**
 * Successor encodings edited from the parent's encoding, for the steps that change a few bytes of it: the
 * status write and its failure, the CloneSet and pod caches' syncs, and the pod steps that keep their pod
 * (readiness, marks, hooks). The explorer asks here first (Model.successorInto) and falls back to `next`
 * and `encode` where this declines; most such successors are states already seen, so no state object is
 * made for them at all. On the realistic scopes these steps are nine in ten (docs/performance.md,
 * "Session 14").
 *
 * Each edit restates, on bytes, what actions.ts does on objects: the result must be exactly
 * encode(applyAction(s, a)). test/model/byte-steps.test.ts checks that on every transition of the reachable
 * states of many scopes. Steps whose effect reaches further (a reconcile, user edits of the spec, a pod
 * leaving, which may complete a rollout: withStableRevision) are declined.
 */
import { podStepSpends, podStepTarget, type Action, type PodStep } from './actions.js';
import {
  PENDING,
  PENDING_UNOBSERVED,
  readEntryCode,
  STATUS_BYTES,
  TRUTH_UNOBSERVED,
  UNOBSERVED,
  VERSION_BYTES,
  writeEntryCode,
  type CodecLayout,
} from './codec.js';
import { ranksConditions, settledUntimed } from './condition-order.js';
import { conditionAtCodes, MAX_TIMED_COPIES, waitsForDeadline } from '../controller/progress.js';
import { podCacheLags, readyAgainAfter } from './pod-cache.js';
import {
  awaitedCode,
  entryCodeAwaited,
  entryCodeCached,
  entryCodeFailed,
  entryCodeOfCodes,
  entryCodeReadyAgain,
  entryCodeTruth,
  madeAvailable,
  podCode,
  podEntryCode,
  type CloneSetState,
} from './state.js';
import { hasAvailabilityWindow } from './scenario.js';
import type { ScenarioView } from './view.js';

/** An entry code's Awaited index for nothing awaited (a user's or the kubelet's change). */
const NONE = awaitedCode('none');

/** Writes the encoding of s's successor by `a` to out[0..words) from s's encoding at src[sOff..), or declines (false). */
export type SuccessorInto = (s: CloneSetState, a: Action, src: Uint32Array, sOff: number, out: Uint32Array) => boolean;

export function byteSteps(v: ScenarioView, layout: CodecLayout): SuccessorInto {
  const L = layout;
  const words = L.words;
  const podCache = L.observing && podCacheLags(v);
  const window = hasAvailabilityWindow(v.scenario);
  // Steps that drop a version or a pending status may leave the conditions' ranks with a gap: rerank
  // closes it (condition-order.ts rankConditions, on bytes).
  const ranked = ranksConditions(v);
  const untimed = settledUntimed(v);
  // By the condition's code (a code no condition has, 0 included, never waits).
  const waitsByCode = Array.from({ length: 16 }, (_, code) => waitsForDeadline(conditionAtCodes(code, 0), untimed));
  const orderSeen = new Uint8Array(MAX_TIMED_COPIES);
  const rankOf = new Uint8Array(MAX_TIMED_COPIES);

  /** The byte offsets of every status the state holds: the lagging versions', the server's, a pending one. */
  const statusOffsets = (): number[] => {
    const at: number[] = [];
    const lag = b[L.observedAt + 1]!;
    for (let i = 0; i < lag; i++) at.push(L.observedAt + 2 + i * VERSION_BYTES + 3);
    at.push(L.statusAt);
    if ((b[L.pendingAt]! & PENDING) !== 0) at.push(L.pendingAt + 1);
    return at;
  };

  /** The conditions' orders made dense again among those still to time out (the byte form of rankConditions). */
  const rerank = (): void => {
    const at = statusOffsets();
    orderSeen.fill(0);
    for (const p of at) if (waitsByCode[b[p + 6]! >> 4]) orderSeen[b[p + 7]! >> 4] = 1;
    let rank = 0;
    for (let o = 0; o < MAX_TIMED_COPIES; o++) if (orderSeen[o] === 1) rankOf[o] = rank++;
    for (const p of at) if (waitsByCode[b[p + 6]! >> 4]) b[p + 7] = (b[p + 7]! & 0x0f) | (rankOf[b[p + 7]! >> 4]! << 4);
  };
  // The bytes being edited: a view of the caller's `out` (made again only when it is another array), into
  // which the parent's words are copied first.
  let target: Uint32Array | null = null;
  let b: Uint8Array = new Uint8Array(0);
  // Codes of the list being edited (pods or entries), `count` of them: short lists, edited by moving one
  // item to its place.
  const codes = new Int32Array(Math.max(L.capacity, L.entryCapacity) + 1);
  let count = 0;

  const loaded = (src: Uint32Array, sOff: number, out: Uint32Array): true => {
    if (out !== target) {
      target = out;
      b = new Uint8Array(out.buffer, out.byteOffset, words * 4);
    }
    for (let k = 0; k < words; k++) out[k] = src[sOff + k]!;
    return true;
  };

  /** The pending status becomes the status (UpdateCloneSetStatus); the write is a new object version (observe.ts afterStatusWrite). */
  const writeStatus = (): boolean => {
    const flags = b[L.pendingAt]!;
    if ((flags & PENDING) === 0) return false;
    // The new version's generationUnobserved is the pending status's (observe.ts afterPendingWrite); both
    // flags are only ever set with stale reads.
    let after = 0;
    // The cache had caught up with the version the write replaces, which it now lags by alone (observe.ts
    // afterStatusWrite).
    if (L.observing && L.staleReads > 0) {
      const p = L.observedAt + 2;
      moveBytes(0, p, 3);
      if ((flags & TRUTH_UNOBSERVED) !== 0) b[p + 1]! |= UNOBSERVED;
      moveBytes(L.statusAt, p + 3, STATUS_BYTES);
      b[L.observedAt + 1] = 1;
      for (let k = p + VERSION_BYTES; k < p + L.staleReads * VERSION_BYTES; k++) b[k] = 0;
      if ((flags & PENDING_UNOBSERVED) !== 0) after |= TRUTH_UNOBSERVED;
    }
    moveBytes(L.pendingAt + 1, L.statusAt, STATUS_BYTES);
    for (let k = 0; k <= STATUS_BYTES; k++) b[L.pendingAt + k] = 0;
    b[L.pendingAt] = after;
    if (ranked) rerank();
    return true;
  };

  /** observe.ts failStatusWrite: the pending status is dropped, one failure spent. */
  const failStatusWrite = (): boolean => {
    const flags = b[L.pendingAt]!;
    if ((flags & PENDING) === 0 || !L.observing || b[L.observedAt] === 0) return false;
    for (let k = 0; k <= STATUS_BYTES; k++) b[L.pendingAt + k] = 0;
    b[L.pendingAt] = flags & TRUTH_UNOBSERVED;
    b[L.observedAt]!--;
    if (ranked) rerank();
    return true;
  };

  /** observe.ts syncCache: the oldest lagging version is delivered. */
  const syncCache = (): boolean => {
    if (!L.observing) return false;
    const len = b[L.observedAt + 1]!;
    if (len === 0) return false;
    const first = L.observedAt + 2;
    moveBytes(first + VERSION_BYTES, first, (len - 1) * VERSION_BYTES);
    for (let k = first + (len - 1) * VERSION_BYTES; k < first + len * VERSION_BYTES; k++) b[k] = 0;
    b[L.observedAt + 1] = len - 1;
    if (ranked) rerank();
    return true;
  };

  /** pod-cache.ts syncPod: the entry of that code leaves the list. */
  const syncPod = (entry: number): boolean => {
    if (!podCache) return false;
    const m = readEntries();
    const i = indexOfCode(entry);
    if (i < 0) return false;
    removeCode(i);
    writeEntries(m);
    return true;
  };

  /** actions.ts podChanged for a step that keeps its pod: the truth's pod changes, and with a pod cache an entry records it. */
  const podStep = (a: PodStep): boolean => {
    const to = podStepTarget(a, window);
    if (to === null) return false;
    const from = podCode(a.pod) + 1;
    const toCode = podCode(to) + 1;
    if (!changePodCode(from, toCode)) return false;
    const spends = podStepSpends(a.kind);
    if (spends !== null) {
      if (spends === 'deletes' || !L.extraBudgets) return false;
      b[spends === 'marks' ? L.extraAt : L.extraAt + 1]!--;
    }
    if (!podCache) return true;
    // pod-cache.ts changePod: a new entry (cached as it was) for a pod held as it is, else `via`'s entry
    // with the new truth; an entry whose cached pod is the truth and awaits nothing is dropped.
    const m = readEntries();
    let code: number;
    if (a.via === undefined) {
      if (m === L.entryCapacity) return false;
      code = entryCodeOfCodes(from, toCode, NONE);
      codes[count++] = code;
    } else {
      const via = podEntryCode(a.via);
      const i = indexOfCode(via);
      if (i < 0) return false;
      code = entryCodeOfCodes(entryCodeCached(via), toCode, entryCodeAwaited(via), false, readyAgainAfter(a.via, to));
      codes[i] = code;
    }
    if (entryCodeAwaited(code) === NONE && !entryCodeReadyAgain(code) && entryCodeCached(code) === entryCodeTruth(code))
      removeCode(indexOfCode(code));
    else sortCodes();
    writeEntries(m);
    return true;
  };

  /**
   * pod-cache.ts passTime: a pod held as it is changes with no entry; behind an entry the truth changes
   * (with its cached copy when that waits too), or the cached copy alone.
   */
  const timePasses = (a: Extract<Action, { kind: 'podAvailable' }>): boolean => {
    const to = podCode(madeAvailable(a.pod)) + 1;
    if (a.via === undefined) return changePodCode(podCode(a.pod) + 1, to);
    const via = podEntryCode(a.via);
    let cached = entryCodeCached(via);
    let truth = entryCodeTruth(via);
    if (a.cachedOnly === true) cached = to;
    else {
      // Before the entries are read: the pods' edit uses the same scratch list.
      if (!changePodCode(truth, to)) return false;
      truth = to;
      const c = a.via.cached;
      if (c !== null && c.notYetAvailable === true) cached = podCode(madeAvailable(c)) + 1;
    }
    const m = readEntries();
    const i = indexOfCode(via);
    if (i < 0) return false;
    const code = entryCodeOfCodes(cached, truth, entryCodeAwaited(via), entryCodeFailed(via));
    codes[i] = code;
    if (entryCodeAwaited(code) === NONE && cached === truth) removeCode(i);
    else sortCodes();
    writeEntries(m);
    return true;
  };

  /** One pod of code `from` (+1, as encoded) becomes one of code `to`, kept in ascending order. */
  const changePodCode = (from: number, to: number): boolean => {
    const n = b[L.podsAt]!;
    let i = -1;
    for (let k = 0; k < n; k++) {
      const c = L.wide ? b[L.podsAt + 1 + k]! | (b[L.highAt + k]! << 8) : b[L.podsAt + 1 + k]!;
      codes[k] = c;
      if (i < 0 && c === from) i = k;
    }
    if (i < 0) return false;
    codes[i] = to;
    for (; i + 1 < n && codes[i + 1]! < to; i++) {
      codes[i] = codes[i + 1]!;
      codes[i + 1] = to;
    }
    for (; i > 0 && codes[i - 1]! > to; i--) {
      codes[i] = codes[i - 1]!;
      codes[i - 1] = to;
    }
    for (let k = 0; k < n; k++) {
      b[L.podsAt + 1 + k] = codes[k]! & 255;
      if (L.wide) b[L.highAt + k] = codes[k]! >> 8;
    }
    return true;
  };

  /** The entries' codes into `codes` (`count` of them); returns how many the encoding held. */
  const readEntries = (): number => {
    const m = b[L.entriesAt]!;
    count = m;
    for (let i = 0; i < m; i++) codes[i] = readEntryCode(b, L.entriesAt + 1 + i * L.entryBytes, L.entryBytes);
    return m;
  };

  /** `codes` (ascending) as the entries, zeros after them up to the `before` entries written before. */
  const writeEntries = (before: number): void => {
    const n = count;
    b[L.entriesAt] = n;
    for (let i = 0; i < n; i++) writeEntryCode(b, L.entriesAt + 1 + i * L.entryBytes, codes[i]!, L.entryBytes);
    for (let k = L.entriesAt + 1 + n * L.entryBytes; k < L.entriesAt + 1 + before * L.entryBytes; k++) b[k] = 0;
  };

  const indexOfCode = (c: number): number => {
    for (let i = 0; i < count; i++) if (codes[i] === c) return i;
    return -1;
  };

  const removeCode = (i: number): void => {
    for (let k = i; k + 1 < count; k++) codes[k] = codes[k + 1]!;
    count--;
  };

  const sortCodes = (): void => {
    for (let i = 1; i < count; i++) {
      const x = codes[i]!;
      let j = i;
      for (; j > 0 && codes[j - 1]! > x; j--) codes[j] = codes[j - 1]!;
      codes[j] = x;
    }
  };

  // As memmove, the regions may overlap (versions shift down by one place); a loop, as copyWithin is a
  // builtin call that costs more than the few bytes it would move.
  const moveBytes = (from: number, to: number, n: number): void => {
    if (to < from) for (let k = 0; k < n; k++) b[to + k] = b[from + k]!;
    else for (let k = n - 1; k >= 0; k--) b[to + k] = b[from + k]!;
  };

  return (_s, a, src, sOff, out) => {
    // Every kind named (the `never` default: a new action kind does not compile until it is placed here).
    // Pod steps that remove their pod are not edited: the pod count enters the ghost `stable`.
    switch (a.kind) {
      case 'rollout':
      case 'scale':
      case 'setPartition':
      case 'setPaused':
      case 'setStrategy':
      case 'reconcile':
      case 'expectationsExpire':
      // Rewrites conditions in the status objects: the object route (it is rare, once per condition).
      case 'deadlinePasses':
      case 'deletePod':
      case 'podFail':
      // Re-ranks the revision numbers: the object route (it follows a revision write, which is rare).
      case 'revisionCacheSync':
        return false;
      // `loaded` copies the parent's words to `out` (and is true): the edits work on them there.
      case 'writeStatus':
        return loaded(src, sOff, out) && writeStatus();
      case 'statusWriteFails':
        return loaded(src, sOff, out) && failStatusWrite();
      case 'cacheSync':
        return loaded(src, sOff, out) && syncCache();
      case 'podCacheSync':
        return loaded(src, sOff, out) && syncPod(podEntryCode(a.entry));
      case 'podAvailable':
        return loaded(src, sOff, out) && (podCache ? timePasses(a) : podStep(a));
      case 'podReady':
      case 'markPod':
      case 'podUnready':
      case 'inPlaceDone':
      case 'releaseHook':
      case 'restoreHook':
        return loaded(src, sOff, out) && podStep(a);
      default:
        return unplaced(a);
    }
  };
}

function unplaced(a: never): never {
  throw new Error(`byte-steps: action ${JSON.stringify(a)} is neither edited nor declined`);
}
