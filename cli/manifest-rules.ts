/**
 * What `--cloneset` does with each field of a CloneSet manifest, per API version: mapped to a scenario field,
 * named on stderr as ignored, or refused where taking the CloneSet without it would check a different
 * controller behaviour than the cluster runs. One table per served version (v1alpha1 as kruise v1.9.0 has it,
 * v1beta1 as upstream HEAD has it); docs/model.md prints both, and a test keeps each in step with its CRD's
 * spec fields, so a newer CRD with a new field cannot slip through unjudged. The mapping itself is in
 * cli/manifest.ts.
 */
import { MAX_TEMPLATES } from './fields.js';

export type Obj = Readonly<Record<string, unknown>>;
export const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
export const obj = (v: unknown): Obj => (isObject(v) ? v : {});
export const nonEmpty = (v: unknown): boolean =>
  Array.isArray(v) ? v.length > 0 : isObject(v) ? Object.keys(v).length > 0 : v !== undefined;

/** A field the model does not take from the manifest: named on stderr, or refused (exit 2). */
export type Verdict =
  | { readonly kind: 'ignored'; readonly why: string }
  /** `remedy`: what to change to check the rest (the refusal line ends `; REMEDY to check the rest`). */
  | { readonly kind: 'refused'; readonly why: string; readonly remedy: string };

export interface ManifestRule {
  /** Field path under the CloneSet, as kubectl spells it. */
  readonly path: string;
  /** What the model does with it, for docs/model.md's tables. */
  readonly summary: string;
  /** null: mapped (or irrelevant as written); otherwise the line to print or the refusal. */
  readonly decide: (value: unknown, cloneSet: Obj) => Verdict | null;
}

const ignored = (why: string): Verdict => ({ kind: 'ignored', why });
const refused = (why: string, remedy = 'remove it'): Verdict => ({ kind: 'refused', why, remedy });
const mapped = (): null => null;

export const hasHandler = (h: Obj): boolean => nonEmpty(h['labelsHandler']) || nonEmpty(h['finalizersHandler']);

/** preNormal: a hook that holds pods in PreparingNormal is not explored (lifecycleHooks has preDelete and inPlaceUpdate). */
const preNormalHook = (v: unknown): Verdict => {
  if (hasHandler(obj(v)))
    return refused(
      'a preNormal hook with a labelsHandler or finalizersHandler holds new pods in PreparingNormal until something outside the controller releases them; the model explores preDelete and inPlaceUpdate hooks only',
    );
  return ignored('no labelsHandler or finalizersHandler, so the preNormal hook never holds a pod');
};

/**
 * preDelete and inPlaceUpdate: with a handler, the hook is checked (scenario lifecycleHooks, read in
 * loadManifest); markPodNotReady is not modelled, so a hook that sets it is refused.
 */
const heldHook =
  (name: string) =>
  (v: unknown): Verdict | null => {
    const h = obj(v);
    if (!hasHandler(h)) return ignored(`no labelsHandler or finalizersHandler, so the ${name} hook never holds a pod`);
    if (h['markPodNotReady'] === true)
      // Only markPodNotReady is unmodelled: the hook itself is checked, so the remedy is to drop that one key.
      return refused(`markPodNotReady: the model's ${name} hook leaves the pod's readiness alone`, 'drop markPodNotReady');
    return null;
  };

const specOf = (cs: Obj): Obj => obj(cs['spec']);
/** v1beta1's updateStrategy.type is OnDelete: Update returns after its refresh, so no update order or in-place update matters. */
const onDelete = (cs: Obj): boolean => obj(specOf(cs)['updateStrategy'])['type'] === 'OnDelete';
const NO_UPDATE = 'with type OnDelete the controller updates no pod (Update returns after its refresh), so the update order never matters';

/** priorityStrategy and scatterStrategy: they reorder Update's pods, which the model keeps in the controller's default order. */
const updateOrder =
  (set: (v: unknown) => boolean) =>
  (v: unknown, cs: Obj): Verdict | null => {
    if (!set(v)) return null;
    if (onDelete(cs)) return ignored(NO_UPDATE);
    return refused('it changes which pods are updated first; the model updates in the controller’s default order');
  };
const prioritySet = (v: unknown): boolean => nonEmpty(obj(v)['weightPriority']) || nonEmpty(obj(v)['orderPriority']);

/** inPlaceUpdateStrategy.gracePeriodSeconds; `policy`: where the pod update policy is written in this version. */
const gracePeriod =
  (policy: (cs: Obj) => unknown) =>
  (v: unknown, cs: Obj): Verdict | null => {
    if (v === 0) return null;
    if (onDelete(cs)) return ignored('with type OnDelete the controller makes no in-place update, so its grace period never applies');
    const p = policy(cs);
    return ignored(
      p === 'InPlaceIfPossible' || p === 'InPlaceOnly'
        ? `${String(v)}: the model completes an in-place update at the next reconcile; the grace period before it is not explored`
        : 'it applies to in-place updates only, and this CloneSet recreates pods',
    );
  };

const imagePreDownload = (): Verdict =>
  ignored('image pre-download only pulls the new image onto nodes ahead of an update; it never acts on a pod');

/** The fields both versions spell alike, before the update strategy. */
const COMMON_HEAD: readonly ManifestRule[] = [
  { path: 'spec.replicas', summary: 'initialReplicas (kruise default 1)', decide: mapped },
  { path: 'spec.selector', summary: 'required; not used (every pod is the CloneSet’s)', decide: mapped },
  {
    path: 'spec.template',
    summary: 'ignored: abstracted to revisions v1..vN',
    decide: () => ignored('the model abstracts pod templates to revisions v1..vN; users roll out new ones with --rollouts and --templates'),
  },
  { path: 'spec.volumeClaimTemplates', summary: 'ignored: PVCs are not modelled', decide: () => ignored('PVCs are not modelled') },
  {
    path: 'spec.revisionHistoryLimit',
    summary: 'ignored: history truncation does not matter with few templates',
    decide: () => ignored(`revision history truncation never matters with at most ${MAX_TEMPLATES} templates`),
  },
  { path: 'spec.minReadySeconds', summary: 'minReadySeconds (default 0)', decide: mapped },
  {
    path: 'spec.progressDeadlineSeconds',
    summary: 'progressDeadline: on when set and not 2147483647 (HasProgressDeadline); default unset',
    decide: mapped,
  },
  { path: 'spec.lifecycle.preNormal', summary: 'refused with handlers', decide: preNormalHook },
  { path: 'spec.lifecycle.preDelete', summary: 'lifecycleHooks with handlers (markPodNotReady refused)', decide: heldHook('preDelete') },
  {
    path: 'spec.lifecycle.inPlaceUpdate',
    summary: 'lifecycleHooks with handlers (markPodNotReady refused)',
    decide: heldHook('inPlaceUpdate'),
  },
];

const SCALE_COMMON: readonly ManifestRule[] = [
  { path: 'spec.scaleStrategy.maxUnavailable', summary: 'scaleMaxUnavailable (default unset)', decide: mapped },
  {
    path: 'spec.scaleStrategy.podsToDelete',
    summary: 'refused when non-empty: names pods (use --deletes)',
    decide: (v) =>
      nonEmpty(v) ? refused('it names pods, and the model’s pods have no names; let users delete pods with --deletes instead') : null,
  },
];

const STATUS: ManifestRule = {
  path: 'status',
  summary: 'ignored: the check starts from a settled CloneSet',
  decide: () => ignored('the check starts from a settled CloneSet: every pod at v1 and ready'),
};

/** apps.kruise.io/v1alpha1 (kruise v1.9.0's CRD), in schema order. */
export const MANIFEST_RULES: readonly ManifestRule[] = [
  ...COMMON_HEAD,
  { path: 'spec.updateStrategy.type', summary: 'podUpdatePolicy (InPlaceOnly → InPlaceIfPossible)', decide: mapped },
  { path: 'spec.updateStrategy.partition', summary: 'initialPartition (kruise default 0)', decide: mapped },
  { path: 'spec.updateStrategy.maxSurge', summary: 'maxSurge (kruise default 0)', decide: mapped },
  { path: 'spec.updateStrategy.maxUnavailable', summary: 'maxUnavailable (kruise default "20%")', decide: mapped },
  { path: 'spec.updateStrategy.paused', summary: 'paused (default false)', decide: mapped },
  {
    path: 'spec.updateStrategy.priorityStrategy',
    summary: 'refused when set: changes which pods update first',
    decide: updateOrder(prioritySet),
  },
  {
    path: 'spec.updateStrategy.scatterStrategy',
    summary: 'refused when set: changes which pods update first',
    decide: updateOrder(nonEmpty),
  },
  {
    path: 'spec.updateStrategy.inPlaceUpdateStrategy.gracePeriodSeconds',
    summary: 'ignored when > 0: an in-place update completes at the next reconcile',
    decide: gracePeriod((cs) => obj(specOf(cs)['updateStrategy'])['type']),
  },
  ...SCALE_COMMON,
  { path: 'spec.scaleStrategy.disablePVCReuse', summary: 'ignored: PVCs are not modelled', decide: () => ignored('PVCs are not modelled') },
  STATUS,
];

const ROLLING = 'spec.updateStrategy.rollingUpdate';
const policyV1beta1 = (cs: Obj): unknown => obj(obj(specOf(cs)['updateStrategy'])['rollingUpdate'])['podUpdatePolicy'];

/** apps.kruise.io/v1beta1 (upstream HEAD's CRD), in schema order. */
export const MANIFEST_RULES_V1BETA1: readonly ManifestRule[] = [
  ...COMMON_HEAD,
  {
    path: 'spec.updateStrategy.type',
    summary: 'updateStrategyType (RollingUpdate by default, or OnDelete)',
    decide: mapped,
  },
  {
    path: `${ROLLING}.partition`,
    summary: 'initialPartition (default 0 for RollingUpdate; required in an OnDelete block)',
    decide: mapped,
  },
  { path: `${ROLLING}.maxSurge`, summary: 'maxSurge (default 0)', decide: mapped },
  {
    path: `${ROLLING}.maxUnavailable`,
    summary: 'maxUnavailable (default "20%"; the webhook counts a missing one as 0 in an OnDelete block)',
    decide: mapped,
  },
  { path: `${ROLLING}.paused`, summary: 'paused (default false)', decide: mapped },
  {
    path: `${ROLLING}.podUpdatePolicy`,
    summary: 'podUpdatePolicy (default ReCreate; InPlaceOnly → InPlaceIfPossible)',
    decide: mapped,
  },
  {
    path: `${ROLLING}.priorityStrategy`,
    summary: 'refused when set (ignored under OnDelete): changes which pods update first',
    decide: updateOrder(prioritySet),
  },
  {
    path: `${ROLLING}.scatterStrategy`,
    summary: 'refused when set (ignored under OnDelete): changes which pods update first',
    decide: updateOrder(nonEmpty),
  },
  {
    path: `${ROLLING}.inPlaceUpdateStrategy.gracePeriodSeconds`,
    summary: 'ignored when > 0: an in-place update completes at the next reconcile',
    decide: gracePeriod(policyV1beta1),
  },
  {
    path: `${ROLLING}.inPlaceUpdateStrategy.imagePreDownloadParallelism`,
    summary: 'ignored: image pre-download never acts on a pod',
    decide: imagePreDownload,
  },
  {
    path: `${ROLLING}.inPlaceUpdateStrategy.imagePreDownloadTimeoutSeconds`,
    summary: 'ignored: image pre-download never acts on a pod',
    decide: imagePreDownload,
  },
  {
    path: `${ROLLING}.inPlaceUpdateStrategy.imagePreDownloadMinUpdatedReadyPods`,
    summary: 'ignored: image pre-download never acts on a pod',
    decide: imagePreDownload,
  },
  ...SCALE_COMMON,
  { path: 'spec.scaleStrategy.enablePVCReuse', summary: 'ignored: PVCs are not modelled', decide: () => ignored('PVCs are not modelled') },
  { path: 'spec.scaleStrategy.excludePreparingDelete', summary: 'excludePreparingDelete (default false)', decide: mapped },
  STATUS,
];
