/**
 * Checker for `update-limit` vectors (TestCalculateUpdateCount): diffs, then `limitUpdateIndexes` over the
 * candidates exactly as the upstream test picks them — unsorted, which is why the order of
 * `oldRevisionIndexes` matters.
 */
import { calculateDiffsWithExpectation, equalToRevisionHash, limitUpdateIndexes } from '../../../model/controller/index.js';
import { InputError, type Fields } from '../fields.js';
import { readClassifier, readGates, readPods, readRevisions, readSpec } from '../translate.js';
import type { Answer } from './checker.js';

export function checkUpdateLimit(input: Fields): Answer {
  const spec = readSpec(input);
  const revs = readRevisions(input);
  const pods = readPods(input, { revisions: revs, minReadySeconds: spec.minReadySeconds });
  const oldIndexes = input.intList('oldRevisionIndexes', 0);
  // The test derives each pod's label from this list; a vector whose hashes disagree with it is inconsistent.
  pods.forEach((p, i) => {
    const old = oldIndexes.includes(i);
    if (old === equalToRevisionHash(p.revision, revs.updateRevision)) {
      throw new InputError(
        input.at('oldRevisionIndexes'),
        `pod ${i} has hash ${JSON.stringify(p.revision)}, contradicting its ${old ? '' : 'non-'}membership`,
      );
    }
  });
  oldIndexes.forEach((i, k) => {
    if (i >= pods.length) throw new InputError(`${input.at('oldRevisionIndexes')}[${k}]`, `index ${i} is past the ${pods.length} pods`);
  });
  const diffs = calculateDiffsWithExpectation({ spec, pods, ...revs, classifier: readClassifier(input), gates: readGates(input) });
  const newIndexes = pods.flatMap((p, i) => (equalToRevisionHash(p.revision, revs.updateRevision) ? [i] : []));
  const wait = diffs.updateNum > 0 ? oldIndexes : diffs.updateNum < 0 ? newIndexes : [];
  const target = diffs.updateNum > 0 ? revs.updateRevision : revs.currentRevision;
  const limited = limitUpdateIndexes(diffs, wait, pods, target);
  return { count: limited.length };
}
