/**
 * The canonical fixed-width encoding of a CloneSet state for the explorer: one byte per field and per pod
 * (pods sorted by code, so pod identity never matters), four bytes to a Uint32 word.
 */
import { legacyIntOrPercent } from '../controller/intstr.js';
import { podCode, podFromCode, type CloneSetState, type Status } from './state.js';
import type { ScenarioView } from './view.js';

const STATUS_BYTES = 8;

export interface StateCodec {
  readonly words: number;
  /** Most pods a state can hold: maxReplicas plus the surge at maxReplicas. */
  readonly podCapacity: number;
  encode(s: CloneSetState, out: Uint32Array, offset: number): void;
  decode(words: Uint32Array, offset: number): CloneSetState;
}

export function podCapacity(v: ScenarioView): number {
  const sc = v.scenario;
  return Math.max(sc.maxReplicas, sc.initialReplicas) + Math.max(legacyIntOrPercent(sc.maxSurge, sc.maxReplicas, true), 0);
}

function statusBytes(st: Status): number[] {
  return [st.replicas, st.readyReplicas, st.availableReplicas, st.updatedReplicas, st.updatedReadyReplicas,
    st.expectedUpdatedReplicas, st.currentRevision, st.updateRevision];
}

function statusFrom(b: Uint8Array, at: number): Status {
  return {
    replicas: b[at]!, readyReplicas: b[at + 1]!, availableReplicas: b[at + 2]!, updatedReplicas: b[at + 3]!,
    updatedReadyReplicas: b[at + 4]!, expectedUpdatedReplicas: b[at + 5]!, currentRevision: b[at + 6]!, updateRevision: b[at + 7]!,
  };
}

export function createCodec(v: ScenarioView): StateCodec {
  const templates = v.scenario.templates;
  const capacity = podCapacity(v);
  const historyAt = 9;
  const statusAt = historyAt + templates;
  const pendingAt = statusAt + STATUS_BYTES;
  const podsAt = pendingAt + 1 + STATUS_BYTES;
  const totalBytes = podsAt + 1 + capacity;
  const words = Math.ceil(totalBytes / 4);
  const bytes = new Uint8Array(words * 4);
  const view = new Uint32Array(bytes.buffer);

  const put = (at: number, value: number, what: string): void => {
    if (!Number.isInteger(value) || value < 0 || value > 255) throw new Error(`cannot encode ${what} = ${value} (0..255)`);
    bytes[at] = value;
  };

  return {
    words,
    podCapacity: capacity,
    encode(s, out, offset) {
      bytes.fill(0);
      put(0, s.spec.replicas, 'spec.replicas');
      put(1, s.spec.template, 'spec.template');
      put(2, s.spec.partition, 'spec.partition');
      put(3, s.stable, 'stable');
      put(4, s.budgets.rollouts, 'budget');
      put(5, s.budgets.deletes, 'budget');
      put(6, s.budgets.scales, 'budget');
      put(7, s.budgets.partitions, 'budget');
      put(8, s.history.length, 'history length');
      s.history.forEach((r, i) => put(historyAt + i, r, 'history'));
      statusBytes(s.status).forEach((x, i) => put(statusAt + i, x, 'status'));
      if (s.pending !== null) {
        bytes[pendingAt] = 1;
        statusBytes(s.pending).forEach((x, i) => put(pendingAt + 1 + i, x, 'pending status'));
      }
      if (s.pods.length > capacity) throw new Error(`${s.pods.length} pods exceed the encoding capacity ${capacity}`);
      put(podsAt, s.pods.length, 'pod count');
      // Pod codes are offset by one so that a zero byte never stands for a pod.
      s.pods.forEach((p, i) => put(podsAt + 1 + i, podCode(p) + 1, 'pod'));
      out.set(view, offset);
    },
    decode(src, offset) {
      view.set(src.subarray(offset, offset + words));
      const history = Array.from(bytes.subarray(historyAt, historyAt + bytes[8]!));
      const podCount = bytes[podsAt]!;
      const pods = Array.from(bytes.subarray(podsAt + 1, podsAt + 1 + podCount), (c) => podFromCode(c - 1));
      return {
        spec: { replicas: bytes[0]!, template: bytes[1]!, partition: bytes[2]! },
        pods,
        status: statusFrom(bytes, statusAt),
        pending: bytes[pendingAt] === 1 ? statusFrom(bytes, pendingAt + 1) : null,
        history,
        stable: bytes[3]!,
        budgets: { rollouts: bytes[4]!, deletes: bytes[5]!, scales: bytes[6]!, partitions: bytes[7]! },
      };
    },
  };
}
