/**
 * The walk's checks of the properties the explorer decides globally — deadlock and convergence — on a
 * deliberately broken model (a kubelet that never makes a pod ready), where the answers are known, and
 * their absence on the real one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneSetModel, type CloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO } from '../../model/cloneset/scenario.js';
import { convergenceMessage } from '../../checker/convergence.js';
import { sequenceArbitrary, stateKeyOf, systemConvergence, walk, weightedChooser } from '../../checker/simulation/index.js';
import { CLONESET_WEIGHTS } from '../../model/simulation/index.js';

const real = cloneSetModel({ ...DEFAULT_SCENARIO, controller: 'proposed' });
/** Pods are created but never become ready, so no state after a rollout or scale-up can settle. */
const noKubelet: CloneSetModel = { ...real, actions: (s) => real.actions(s).filter((a) => a.kind !== 'podReady') };
const key = stateKeyOf(real);
const chooser = weightedChooser(real, CLONESET_WEIGHTS);
const seqs = fc.sample(sequenceArbitrary(150), { seed: 11, numRuns: 40 });
const only = (m: CloneSetModel, name: string) => m.properties.filter((p) => p.name === name);

describe('walk', () => {
  it('reports a state from which the system cannot settle, with what the system does from there', () => {
    const found = seqs
      .map((cs) => walk(noKubelet, cs, { chooser, properties: only(noKubelet, 'converges'), key }).violation)
      .filter((v) => v !== null);
    expect(found.length).toBeGreaterThan(0);
    for (const v of found) {
      expect(v.kind).toBe('convergence');
      const stuck = v.trace[v.trace.length - 1]!.state;
      expect(systemConvergence(noKubelet, stuck, key, 10_000)).toBe('stuck');
      expect(v.continuation?.end).toMatch(/^(deadEnd|cycle)$/);
      // Worded as the explorer words it (one continuation builder, one message).
      expect(v.message).toBe(convergenceMessage(noKubelet, v.continuation!));
      expect(v.message).toMatch(/^no settled state is reachable from the last state using only system actions; /);
      expect(v.message).toMatch(/; (no system action is enabled there|taking the first enabled system action each time)/);
    }
  });

  it('reports a deadlock where nothing is enabled and the state is not settled', () => {
    const found = seqs
      .map((cs) => walk(noKubelet, cs, { chooser, properties: only(noKubelet, 'no-deadlock'), key }).violation)
      .filter((v) => v !== null);
    expect(found.length).toBeGreaterThan(0);
    for (const v of found) {
      const last = v.trace[v.trace.length - 1]!.state;
      expect(noKubelet.actions(last)).toEqual([]);
      expect(noKubelet.isSettled(last)).toBe(false);
    }
  });

  it('finds neither in the real model', () => {
    for (const cs of seqs) {
      expect(walk(real, cs, { chooser, properties: [...only(real, 'converges'), ...only(real, 'no-deadlock')], key }).violation).toBeNull();
    }
  });
});
