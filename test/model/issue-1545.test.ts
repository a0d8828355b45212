/**
 * Upstream issue #1545 replayed by hand against the model (the explorer finds it on its own elsewhere):
 * replicas 2, partition 50%, roll out v2, delete the v1 pod, then delete the v2 pod and immediately scale to 4.
 */
import { describe, expect, it } from 'vitest';
import { actionLabel, applyAction, enabledActions, type Action } from '../../model/cloneset/actions.js';
import { initialState } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO } from '../../model/cloneset/scenario.js';
import { describePod, type CloneSetState } from '../../model/cloneset/state.js';
import { viewOf, type ScenarioView } from '../../model/cloneset/view.js';
import type { ControllerVariant } from '../../model/controller/promotion.js';

function show(s: CloneSetState): string {
  return `replicas=${s.spec.replicas} pods=[${s.pods.map(describePod).join(', ')}] current=v${s.status.currentRevision + 1}`;
}

function replay(controller: ControllerVariant) {
  const v = viewOf({ ...DEFAULT_SCENARIO, controller });
  let s = initialState(v);
  const log: string[] = [`init: ${show(s)}`];
  const step = (a: Action): void => {
    expect(enabledActions(v, s).map(actionLabel), `${actionLabel(a)} enabled\n${log.join('\n')}`).toContain(actionLabel(a));
    s = applyAction(v, s, a);
    log.push(`${actionLabel(a)}: ${show(s)}`);
  };
  /** Let the controller and kubelet run until nothing is left for them to do. */
  const settle = (view: ScenarioView): void => {
    for (let i = 0; i < 100; i++) {
      const system = enabledActions(view, s).find((a) => a.kind === 'writeStatus' || a.kind === 'reconcile' || a.kind === 'podReady');
      if (system === undefined) return;
      step(system);
    }
    throw new Error(`controller did not settle\n${log.join('\n')}`);
  };
  step({ kind: 'rollout', template: 1 });
  settle(v);
  const v1Pod = s.pods.find((p) => p.rev === 0);
  expect(v1Pod, log.join('\n')).toBeDefined();
  step({ kind: 'deletePod', pod: v1Pod! });
  settle(v);
  const v2Pod = s.pods.find((p) => p.rev === 1 && p.ready);
  expect(v2Pod, log.join('\n')).toBeDefined();
  step({ kind: 'deletePod', pod: v2Pod! });
  step({ kind: 'scale', replicas: 4 });
  settle(v);
  return { s, log: log.join('\n') };
}

describe('upstream issue #1545 by hand', () => {
  it('pre-fix ends with 3 updated pods and 1 old', () => {
    const { s, log } = replay('pre-fix');
    expect(s.pods.filter((p) => p.rev === 1).length, log).toBe(3);
    expect(s.pods.filter((p) => p.rev === 0).length, log).toBe(1);
  });

  it('upstream ends with 2 updated pods and 2 old', () => {
    const { s, log } = replay('upstream');
    expect(s.pods.filter((p) => p.rev === 1).length, log).toBe(2);
    expect(s.pods.filter((p) => p.rev === 0).length, log).toBe(2);
  });
});
