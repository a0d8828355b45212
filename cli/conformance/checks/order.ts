/**
 * Checkers for the two pod orders: `update-sort` (SortUpdateIndexes) and `pod-sort` (ActivePodsWithRanks.Less).
 * Priority/scatter strategies, rankers and availability functions are not in the model, so any of them set
 * makes the vector fail rather than be compared against an order the model does not implement.
 */
import { activePodsWithRanksLess, sortUpdateIndexes } from '../../../model/controller/index.js';
import { InputError, type Fields } from '../fields.js';
import { readPod, readPods } from '../translate.js';
import type { Answer } from './checker.js';

const ORDER_ONLY = { revisions: null, minReadySeconds: 0 } as const;

export function checkUpdateSort(input: Fields): Answer {
  input.mustBeNull('priorityStrategy', 'update priority strategy');
  input.mustBeNull('scatterStrategy', 'update scatter strategy');
  const pods = readPods(input, ORDER_ONLY);
  const wait = input.intList('waitUpdateIndexes', 0);
  wait.forEach((i, k) => {
    if (i >= pods.length) throw new InputError(`${input.at('waitUpdateIndexes')}[${k}]`, `index ${i} is past the ${pods.length} pods`);
  });
  return { order: sortUpdateIndexes(pods, wait) };
}

export function checkPodSort(input: Fields): Answer {
  input.mustBeNull('availableFn', 'availability function for the sort (only the no-function variant is modelled here)');
  input.mustBeNull('ranker', 'same-node / spread ranker');
  const a = readPod(input.at('a'), input.raw('a'), ORDER_ONLY);
  const b = readPod(input.at('b'), input.raw('b'), ORDER_ONLY);
  const opts = { available: null, rank: null };
  return { aLessB: activePodsWithRanksLess(a, b, opts), bLessA: activePodsWithRanksLess(b, a, opts) };
}
