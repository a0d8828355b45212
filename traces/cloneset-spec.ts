/**
 * The CloneSet spec fields of a scenario that a trace's reproductions write as YAML: the kubectl script's
 * manifest (traces/kubectl.ts) and the issue report's step-1 CloneSet (traces/issue-report.ts). Written once,
 * so the two cannot disagree: the lifecycle hooks as kruise's spec.lifecycle has them (a labelsHandler per
 * hook, markPodNotReady false) with the hooks' labels on the pod template, which is how cli/manifest.ts
 * reads them back (`--cloneset`), spec.scaleStrategy, and the CloneSet's own labels.
 */
import type { Scenario } from '../model/cloneset/scenario.js';
import { lifecycleOf } from '../model/cloneset/view.js';
import type { IntOrString, LifecycleHooks } from '../model/controller/types.js';

/** The hook labels (labelsHandler) of a lifecycleHooks scenario: on the template, so on every pod. */
export const PRE_DELETE_LABEL = 'example.com/pre-delete-hook';
export const IN_PLACE_LABEL = 'example.com/in-place-update-hook';

/**
 * excludePreparingDelete in apps.kruise.io/v1alpha1, the version the reproductions write: a label on the
 * CloneSet (v1alpha1 CloneSetScalingExcludePreparingDeleteKey, converted to v1beta1's
 * spec.scaleStrategy.excludePreparingDelete); v1alpha1's schema has no such field.
 */
export const EXCLUDE_PREPARING_DELETE_LABEL = 'apps.kruise.io/cloneset-scaling-exclude-preparing-delete';

/** `metadata.labels` of the CloneSet (indented under metadata), or nothing when the scenario needs none. */
export const cloneSetLabelLines = (sc: Scenario): readonly string[] =>
  sc.excludePreparingDelete === true && !isV1beta1(sc) ? ['  labels:', `    ${EXCLUDE_PREPARING_DELETE_LABEL}: "true"`] : [];

/**
 * Whether the CloneSet is written as apps.kruise.io/v1beta1: with updateStrategy.type OnDelete, which kruise's
 * v1alpha1 webhook refuses. There excludePreparingDelete is a scaleStrategy field, not a label.
 */
export const isV1beta1 = (sc: Scenario): boolean => sc.updateStrategyType === 'OnDelete';

/** The apiVersion the CloneSet is written in (isV1beta1). */
export const apiVersionOf = (sc: Scenario): string => `apps.kruise.io/${isV1beta1(sc) ? 'v1beta1' : 'v1alpha1'}`;

/** A percentage quoted, a number bare: the value as kubectl and the CRD take it. */
export const yamlValue = (x: IntOrString): string => JSON.stringify(x);

const NO_HOOKS: LifecycleHooks = { preDelete: false, inPlaceUpdate: false };
const hooksOf = (sc: Scenario): LifecycleHooks => lifecycleOf(sc) ?? NO_HOOKS;

/** The hooks' labels as `[key, value]`, in spec.lifecycle's order; none without hooks. */
export function hookLabels(sc: Scenario): readonly (readonly [string, string])[] {
  const h = hooksOf(sc);
  return [...(h.preDelete ? [[PRE_DELETE_LABEL, 'true'] as const] : []), ...(h.inPlaceUpdate ? [[IN_PLACE_LABEL, 'true'] as const] : [])];
}

/** The hooks' labels as lines of `spec.template.metadata.labels` (indented for it). */
export const hookLabelLines = (sc: Scenario): readonly string[] => hookLabels(sc).map(([k, v]) => `        ${k}: "${v}"`);

/**
 * `spec.lifecycle` (indented under spec), or nothing without hooks. markPodNotReady is written out: the
 * model's hooks leave a pod's readiness alone, and cli/manifest.ts refuses a hook that sets it.
 */
export function lifecycleLines(sc: Scenario): readonly string[] {
  const h = hooksOf(sc);
  if (!h.preDelete && !h.inPlaceUpdate) return [];
  const hook = (name: string, label: string): string[] => [
    `    ${name}:`,
    '      labelsHandler:',
    `        ${label}: "true"`,
    '      markPodNotReady: false',
  ];
  return [
    '  lifecycle:',
    ...(h.preDelete ? hook('preDelete', PRE_DELETE_LABEL) : []),
    ...(h.inPlaceUpdate ? hook('inPlaceUpdate', IN_PLACE_LABEL) : []),
  ];
}

/** `spec.scaleStrategy` (indented under spec), or nothing when the scenario leaves it at kruise's defaults. */
export function scaleStrategyLines(sc: Scenario): readonly string[] {
  const lines = [
    ...(sc.scaleMaxUnavailable === null ? [] : [`    maxUnavailable: ${yamlValue(sc.scaleMaxUnavailable)}`]),
    ...(sc.excludePreparingDelete === true && isV1beta1(sc) ? ['    excludePreparingDelete: true'] : []),
  ];
  return lines.length === 0 ? [] : ['  scaleStrategy:', ...lines];
}

/** The rolling-update values a CloneSet is written with: those of the state it starts from. */
export interface RollingValues {
  readonly partition: IntOrString;
  readonly maxSurge: IntOrString;
  readonly maxUnavailable: IntOrString;
}

/**
 * `spec.updateStrategy`'s lines: v1alpha1's, the pod update policy as its type and the rolling-update fields
 * beside it; or v1beta1's OnDelete (isV1beta1), with those fields in a rollingUpdate block unless the scenario
 * has none.
 */
export function updateStrategyLines(sc: Scenario, at: RollingValues): readonly string[] {
  const fields = (indent: string): string[] => [
    `${indent}partition: ${yamlValue(at.partition)}`,
    `${indent}maxSurge: ${yamlValue(at.maxSurge)}`,
    `${indent}maxUnavailable: ${yamlValue(at.maxUnavailable)}`,
    `${indent}paused: ${sc.paused}`,
  ];
  if (!isV1beta1(sc)) return ['  updateStrategy:', `    type: ${sc.podUpdatePolicy}`, ...fields('    ')];
  return sc.rollingUpdate === false
    ? ['  updateStrategy:', '    type: OnDelete']
    : ['  updateStrategy:', '    type: OnDelete', '    rollingUpdate:', ...fields('      ')];
}
