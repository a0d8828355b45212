/**
 * Checkers for scale.json: one `Scale()` call (`kind: "Scale"`, TestScale) and the creation split of
 * `createPods` (`kind: "createPods"`, TestCreatePods). Effects are applied to the listed pods so that the
 * answer is stated the way the upstream test observes it (pods listed afterwards).
 */
import { applyEffects, scale, splitCreations, type PodEffect } from '../../../model/controller/index.js';
import type { Fields } from '../fields.js';
import { readGates, readPods, readRevisions, readSpec, readSyncContext } from '../translate.js';
import type { Answer } from './checker.js';

export function checkScale(input: Fields): Answer {
  const spec = readSpec(input);
  const revs = readRevisions(input);
  const pods = readPods(input, { revisions: revs, minReadySeconds: spec.minReadySeconds });
  const result = scale(spec, pods, readSyncContext(input, revs, readGates(input)));
  // Deleted pods leave the list (they get a deletionTimestamp), created ones join it.
  return { modified: result.modified, activePodsAfter: applyEffects(pods, result.effects).length };
}

// The upstream test's own names; the vector does not carry them and only counts are asserted.
const CURRENT = 'revision_abc';
const UPDATE = 'revision_xyz';

export function checkCreatePods(input: Fields): Answer {
  const total = input.int('expectedCreations', 0);
  const split = splitCreations(total, input.int('expectedCurrentCreations', 0));
  const effects: PodEffect[] = [
    ...Array.from({ length: split.current }, (): PodEffect => ({ kind: 'create', revision: CURRENT })),
    ...Array.from({ length: split.update }, (): PodEffect => ({ kind: 'create', revision: UPDATE })),
  ];
  const created = applyEffects([], effects);
  const lifecycles = [...new Set(created.map((p) => p.lifecycle))];
  return {
    currentRevisionPods: created.filter((p) => p.revision === CURRENT).length,
    updateRevisionPods: created.filter((p) => p.revision === UPDATE).length,
    // One value when all created pods agree (what upstream asserts); the list otherwise, so it cannot match.
    lifecycleOfCreatedPods: lifecycles.length === 1 ? lifecycles[0] : lifecycles,
    // One Create expectation per created pod name (PVC names, also registered upstream, are not modelled).
    scaleExpectationsCreate: created.length,
  };
}
