/** Checker for `diffs` vectors: upstream's TestCalculateDiffsWithExpectation table against `calculateDiffsWithExpectation`. */
import { calculateDiffsWithExpectation } from '../../../model/controller/index.js';
import type { Fields } from '../fields.js';
import { readClassifier, readGates, readPods, readRevisions, readSpec } from '../translate.js';
import type { Answer } from './checker.js';

export function checkDiffs(input: Fields): Answer {
  const spec = readSpec(input);
  const revs = readRevisions(input);
  const pods = readPods(input, { revisions: revs, minReadySeconds: spec.minReadySeconds });
  return { ...calculateDiffsWithExpectation({ spec, pods, ...revs, classifier: readClassifier(input), gates: readGates(input) }) };
}
