/** Checkers for the two percent helpers behind the partition: `partition` and `scaled-percent` vectors (pkg/util/tools_test.go). */
import { calculatePartitionReplicas, getScaledValueFromIntOrPercent } from '../../../model/controller/index.js';
import { InputError, type Fields } from '../fields.js';
import type { Answer } from './checker.js';

export function checkPartition(input: Fields): Answer {
  // A nil replicas pointer is its own case upstream (treated as 1), so null is passed through, not defaulted here.
  const r = calculatePartitionReplicas(input.intOrString('partition'), input.intOrNull('replicas'));
  return { value: r.value, error: !r.ok };
}

export function checkScaledPercent(input: Fields): Answer {
  const x = input.intOrString('value');
  if (x === null) throw new InputError(input.at('value'), 'expected an integer or a string, got null');
  const r = getScaledValueFromIntOrPercent(x, input.int('total'), input.bool('roundUp'));
  return { value: r.value, error: !r.ok };
}
