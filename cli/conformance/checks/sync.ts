/**
 * Checker for `sync` vectors (TestSyncCloneSet): one `syncCloneSet` call, answered as upstream counts it —
 * pods per revision afterwards, leaving out pods carrying the specified-delete label.
 */
import { applyEffects, equalToRevisionHash, syncCloneSet } from '../../../model/controller/index.js';
import type { Fields } from '../fields.js';
import { readGates, readPods, readRevisions, readSpec, readSyncContext } from '../translate.js';
import type { Answer } from './checker.js';

export function checkSync(input: Fields): Answer {
  const spec = readSpec(input);
  const revs = readRevisions(input);
  const pods = readPods(input, { revisions: revs, minReadySeconds: spec.minReadySeconds });
  const after = applyEffects(pods, syncCloneSet(spec, pods, readSyncContext(input, revs, readGates(input))).effects);
  const kept = after.filter((p) => !p.specifiedDelete);
  const isUpdate = (rev: string): boolean => equalToRevisionHash(rev, revs.updateRevision);
  return {
    podsNotMarkedForDeletionByRevision: {
      current: kept.filter((p) => !isUpdate(p.revision) && equalToRevisionHash(p.revision, revs.currentRevision)).length,
      update: kept.filter((p) => isUpdate(p.revision)).length,
    },
  };
}
