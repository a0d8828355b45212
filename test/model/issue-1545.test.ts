/**
 * Upstream issue #1545 replayed by hand against the model (the explorer finds it on its own elsewhere):
 * replicas 2, partition 50%, roll out v2, delete the v1 pod, then delete the v2 pod and immediately scale to 4.
 * The walk is the rendering tests' fixture (test/traces/fixtures.ts, issue1545Trace); here its end is judged.
 */
import { describe, expect, it } from 'vitest';
import { describePod, type CloneSetState } from '../../model/cloneset/state.js';
import type { ControllerVariant } from '../../model/controller/promotion.js';
import { issue1545Trace } from '../traces/fixtures.js';

function show(s: CloneSetState): string {
  return `replicas=${s.spec.replicas} pods=[${s.pods.map(describePod).join(', ')}] current=v${s.status.currentRevision + 1}`;
}

function replay(controller: ControllerVariant): { s: CloneSetState; log: string } {
  const steps = issue1545Trace(controller).steps;
  return { s: steps[steps.length - 1]!.state, log: steps.map((st) => show(st.state)).join('\n') };
}

describe('upstream issue #1545 by hand', () => {
  it('pre-fix ends with 3 updated pods and 1 old', () => {
    const { s, log } = replay('pre-fix');
    expect(s.spec.replicas, log).toBe(4);
    expect(s.pods.filter((p) => p.rev === 1).length, log).toBe(3);
    expect(s.pods.filter((p) => p.rev === 0).length, log).toBe(1);
  });

  it('upstream ends with 2 updated pods and 2 old', () => {
    const { s, log } = replay('upstream');
    expect(s.spec.replicas, log).toBe(4);
    expect(s.pods.filter((p) => p.rev === 1).length, log).toBe(2);
    expect(s.pods.filter((p) => p.rev === 0).length, log).toBe(2);
  });
});
