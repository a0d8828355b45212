/** The controller layer: upstream's sync, status and revision logic over upstream-shaped pods. */
export * from './types.js';
export * from './intstr.js';
export * from './predicates.js';
export * from './diffs.js';
export * from './pod-order.js';
export * from './update-limit.js';
export * from './effects.js';
export * from './scale.js';
export * from './update.js';
export * from './sync.js';
export * from './status.js';
export * from './revisions.js';
export * from './promotion.js';
