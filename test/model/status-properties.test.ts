/**
 * well-formed, status-monotonic and surge-bound hold in every pinned row, so no exploration shows them failing: here each
 * is handed a state that breaks it (an audit found that making either always pass failed no test).
 */
import { describe, expect, it } from 'vitest';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO } from '../../model/cloneset/scenario.js';
import type { CloneSetState, RevId, Status } from '../../model/cloneset/state.js';

const m = cloneSetModel({ ...DEFAULT_SCENARIO, controller: 'upstream' });
const s0 = m.initialStates()[0]!;
const property = (name: string) => {
  const p = m.properties.find((x) => x.name === name);
  if (p === undefined) throw new Error(`no ${name}`);
  return p;
};

describe('well-formed', () => {
  const wf = property('well-formed');
  if (wf.kind !== 'invariant') throw new Error('well-formed is an invariant');
  const withStatus = (st: Partial<Status>): CloneSetState => ({ ...s0, status: { ...s0.status, ...st } });

  it('holds on the initial state', () => {
    expect(wf.check(s0).ok).toBe(true);
  });

  it.each([
    ['updatedReadyReplicas above updatedReplicas', { updatedReadyReplicas: s0.status.updatedReplicas + 1 }],
    ['readyReplicas above replicas', { readyReplicas: s0.status.replicas + 1 }],
    ['updatedReplicas above replicas', { updatedReplicas: s0.status.replicas + 1 }],
    ['a currentRevision never minted', { currentRevision: 5 as RevId }],
    ['an updateRevision never minted', { updateRevision: 5 as RevId }],
  ])('fails on %s', (_, st) => {
    expect(wf.check(withStatus(st)).ok).toBe(false);
  });

  it('fails on a pending status that is not well-formed either', () => {
    expect(wf.check({ ...s0, pending: { ...s0.status, readyReplicas: s0.status.replicas + 1 } }).ok).toBe(false);
  });
});

describe('status-monotonic', () => {
  const sm = property('status-monotonic');
  if (sm.kind !== 'step') throw new Error('status-monotonic is a step property');
  const write = { kind: 'writeStatus' } as const;
  const at = (current: RevId, history: readonly RevId[]): CloneSetState => ({
    ...s0,
    history,
    status: { ...s0.status, currentRevision: current },
  });

  it('fails when currentRevision moves back to an older revision of the history', () => {
    expect(sm.check(at(1, [0, 1]), write, at(0, [0, 1])).ok).toBe(false);
  });

  it('holds when it moves forward, or to a revision a rollback renumbered as newest', () => {
    expect(sm.check(at(0, [0, 1]), write, at(1, [0, 1])).ok).toBe(true);
    expect(sm.check(at(1, [1, 0]), write, at(0, [1, 0])).ok).toBe(true);
  });
});

describe('surge-bound (an audit: allowing one pod more was caught only by a slow pinned row)', () => {
  const sb = property('surge-bound');
  if (sb.kind !== 'step') throw new Error('surge-bound is a step property');
  const reconcile = { kind: 'reconcile' } as const;
  // spec.replicas 2, maxSurge 0 (the #1545 scenario), and a third and fourth pod alike.
  const more = (n: number): CloneSetState => ({ ...s0, pods: [...s0.pods, ...Array.from({ length: n }, () => s0.pods[0]!)] });

  it('holds at spec.replicas + maxSurge pods and fails one above', () => {
    expect(sb.check(more(0), reconcile, more(0)).ok).toBe(true);
    expect(sb.check({ ...s0, pods: s0.pods.slice(1) }, reconcile, s0).ok).toBe(true);
    expect(sb.check(s0, reconcile, more(1)).ok).toBe(false);
    const surged = cloneSetModel({ ...DEFAULT_SCENARIO, controller: 'upstream', maxSurge: 1 });
    const p = surged.properties.find((x) => x.name === 'surge-bound');
    if (p?.kind !== 'step') throw new Error('surge-bound is a step property');
    const t0 = surged.initialStates()[0]!;
    const plus = (n: number): CloneSetState => ({ ...t0, pods: [...t0.pods, ...Array.from({ length: n }, () => t0.pods[0]!)] });
    expect(p.check(t0, reconcile, plus(1)).ok).toBe(true);
    expect(p.check(t0, reconcile, plus(2)).ok).toBe(false);
  });
});
