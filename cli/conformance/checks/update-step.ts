/**
 * Checker for `update-step` vectors (TestUpdate subset): one `Update()` call, answered as the pods' labels and
 * InPlaceUpdateReady condition afterwards.
 */
import { applyEffects, update } from '../../../model/controller/index.js';
import type { Fields } from '../fields.js';
import { readGates, readPods, readRevisions, readSpec, readSyncContext } from '../translate.js';
import type { Answer } from './checker.js';

export function checkUpdateStep(input: Fields): Answer {
  const spec = readSpec(input);
  const revs = readRevisions(input);
  const pods = readPods(input, { revisions: revs, minReadySeconds: spec.minReadySeconds });
  const after = applyEffects(pods, update(spec, pods, readSyncContext(input, revs, readGates(input))).effects);
  return {
    podsAfter: after.map((p) => ({
      hash: p.revision,
      lifecycle: p.lifecycle,
      specifiedDelete: p.specifiedDelete,
      inPlaceUpdateReady: p.inPlaceUpdateReady,
    })),
  };
}
