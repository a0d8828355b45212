/** Which checker answers which vector kind. A kind without an entry here would be a compile error. */
import type { Kind } from '../vectors.js';
import type { Checker } from './checker.js';
import { checkDiffs } from './diffs.js';
import { checkPodSort, checkUpdateSort } from './order.js';
import { checkPartition, checkScaledPercent } from './partition.js';
import { checkRevisions } from './revisions.js';
import { checkCreatePods, checkScale } from './scale.js';
import { checkSync } from './sync.js';
import { checkUpdateLimit } from './update-limit.js';
import { checkUpdateStep } from './update-step.js';

export const CHECKERS: Readonly<Record<Kind, Checker>> = {
  diffs: checkDiffs,
  partition: checkPartition,
  'scaled-percent': checkScaledPercent,
  'update-limit': checkUpdateLimit,
  'update-sort': checkUpdateSort,
  'update-step': checkUpdateStep,
  scale: checkScale,
  createPods: checkCreatePods,
  sync: checkSync,
  revisions: checkRevisions,
  'pod-sort': checkPodSort,
};

export type { Answer, Checker } from './checker.js';
