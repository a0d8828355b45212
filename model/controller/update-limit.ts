/**
 * Models `limitUpdateIndexes` (pkg/controller/cloneset/sync/cloneset_update.go), called by `Update`:
 * how many of the sorted update candidates may be updated now without passing maxUnavailable.
 */
import type { ExpectationDiffs } from './diffs.js';
import { equalToRevisionHash, isPodAvailable } from './predicates.js';
import type { ControllerPod } from './types.js';

export function limitUpdateIndexes(
  diffs: Pick<ExpectationDiffs, 'updateNum' | 'updateMaxUnavailable'>,
  waitUpdateIndexes: readonly number[],
  pods: readonly ControllerPod[],
  targetRevision: string,
): number[] {
  const candidates = waitUpdateIndexes.slice(0, Math.abs(diffs.updateNum));
  let unavailable = 0;
  let targetUnavailable = 0;
  for (const p of pods) {
    if (!isPodAvailable(p)) {
      unavailable++;
      if (equalToRevisionHash(p.revision, targetRevision)) targetUnavailable++;
    }
  }
  let accepted = 0;
  for (const i of candidates) {
    if (targetUnavailable + accepted >= diffs.updateMaxUnavailable) break;
    // Updating a pod that is already unavailable does not make anything more unavailable.
    if (isPodAvailable(pods[i]!)) {
      if (unavailable >= diffs.updateMaxUnavailable) break;
      unavailable++;
    }
    accepted++;
  }
  return candidates.slice(0, accepted);
}
