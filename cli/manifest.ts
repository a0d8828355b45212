/**
 * `--cloneset FILE`: an apps.kruise.io/v1alpha1 CloneSet as users write it (YAML, several documents allowed
 * with exactly one CloneSet among them, or JSON) → the scenario fields it determines. The manifest is held
 * to upstream's CRD schema (cli/crd/) and to the rules of kruise's admission webhook for the fields the
 * model reads; each field the model does not cover is either named on stderr as ignored, or refused where
 * taking the CloneSet without it would check a different controller behaviour than the cluster runs
 * (MANIFEST_RULES; the table in docs/model.md). Any problem is one InputError naming the field path.
 *
 * Precedence: flags > --cloneset > --config > built-in defaults (buildScenario). User-action budgets,
 * templates, the partitions users may set, maxReplicas, the controller variant, the feature gate and the
 * status-write mode are not in a CloneSet: they come from flags or --config.
 */
import { getScaledValueFromIntOrPercent } from '../model/controller/intstr.js';
import type { IntOrString } from '../model/controller/types.js';
import { EXCLUDE_PREPARING_DELETE_LABEL } from '../traces/cloneset-spec.js';
import { CLONESET_SCHEMA, CRD_SOURCE } from './crd/cloneset-schema.js';
import { crdValidator, formatPath, type SchemaValidator } from './crd/validate.js';
import { decodeJson } from './config.js';
import { InputError, quote } from './errors.js';
import { MAX_TEMPLATES, type FieldSpec, type ScenarioFieldValues } from './fields.js';
import { readInputText } from './input-file.js';
import { decodeYamlDocuments, type YamlDocument } from './yaml-documents.js';

export const MANIFEST_API_VERSION = CRD_SOURCE.apiVersion;
const EXPECTED = `a YAML or JSON file holding one ${MANIFEST_API_VERSION} CloneSet, e.g. examples/cloneset.yaml`;

/** What reading a manifest gives buildScenario. */
export interface LoadedManifest {
  readonly path: string;
  /** Scenario fields the manifest sets, validated with the command's field table (replicas aside). */
  readonly fields: ScenarioFieldValues;
  /** spec.replicas as written (kruise's default 1 when absent); buildScenario fits it to the command's cap. */
  readonly replicas: number;
  /** One line each: fields ignored, documents skipped, InPlaceOnly read as InPlaceIfPossible. */
  readonly notes: readonly string[];
  /** spec.updateStrategy.type (kruise's default ReCreate when absent), for the webhook's rules. */
  readonly updateType: (typeof UPDATE_TYPES)[number];
  /** Where in the file the CloneSet is (`in PATH`, with its document when there are several). */
  readonly where: string;
}

type Obj = Readonly<Record<string, unknown>>;
const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObject(v) ? v : {});
const nonEmptyString = (v: unknown): boolean => typeof v === 'string' && v !== '';
const nonEmpty = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : isObject(v) ? Object.keys(v).length > 0 : v !== undefined);

/** A field the model does not take from the manifest: named on stderr, or refused (exit 2). */
export type Verdict =
  | { readonly kind: 'ignored'; readonly why: string }
  /** `remedy`: what to change to check the rest (the refusal line ends `; REMEDY to check the rest`). */
  | { readonly kind: 'refused'; readonly why: string; readonly remedy: string };

export interface ManifestRule {
  /** Field path under the CloneSet, as kubectl spells it. */
  readonly path: string;
  /** What the model does with it, for docs/model.md's table. */
  readonly summary: string;
  /** null: mapped (or irrelevant as written); otherwise the line to print or the refusal. */
  readonly decide: (value: unknown, cloneSet: Obj) => Verdict | null;
}

const ignored = (why: string): Verdict => ({ kind: 'ignored', why });
const refused = (why: string, remedy = 'remove it'): Verdict => ({ kind: 'refused', why, remedy });
const mapped = (): null => null;

const hasHandler = (h: Obj): boolean => nonEmpty(h['labelsHandler']) || nonEmpty(h['finalizersHandler']);

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

/**
 * Every field of the CRD's spec (and status), in schema order. A test checks that each spec field of the
 * kept CRD has a rule here, so a newer CRD with a new field cannot slip through unjudged.
 */
export const MANIFEST_RULES: readonly ManifestRule[] = [
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
    summary: 'ignored: it only sets a status condition',
    decide: () => ignored('it only sets a status condition, never a pod action'),
  },
  { path: 'spec.lifecycle.preNormal', summary: 'refused with handlers', decide: preNormalHook },
  { path: 'spec.lifecycle.preDelete', summary: 'lifecycleHooks with handlers (markPodNotReady refused)', decide: heldHook('preDelete') },
  {
    path: 'spec.lifecycle.inPlaceUpdate',
    summary: 'lifecycleHooks with handlers (markPodNotReady refused)',
    decide: heldHook('inPlaceUpdate'),
  },
  { path: 'spec.updateStrategy.type', summary: 'podUpdatePolicy (InPlaceOnly → InPlaceIfPossible)', decide: mapped },
  { path: 'spec.updateStrategy.partition', summary: 'initialPartition (kruise default 0)', decide: mapped },
  { path: 'spec.updateStrategy.maxSurge', summary: 'maxSurge (kruise default 0)', decide: mapped },
  { path: 'spec.updateStrategy.maxUnavailable', summary: 'maxUnavailable (kruise default "20%")', decide: mapped },
  { path: 'spec.updateStrategy.paused', summary: 'paused (default false)', decide: mapped },
  {
    path: 'spec.updateStrategy.priorityStrategy',
    summary: 'refused when set: changes which pods update first',
    decide: (v) =>
      nonEmpty(obj(v)['weightPriority']) || nonEmpty(obj(v)['orderPriority'])
        ? refused('it changes which pods are updated first; the model updates in the controller’s default order')
        : null,
  },
  {
    path: 'spec.updateStrategy.scatterStrategy',
    summary: 'refused when set: changes which pods update first',
    decide: (v) =>
      nonEmpty(v) ? refused('it changes which pods are updated first; the model updates in the controller’s default order') : null,
  },
  {
    path: 'spec.updateStrategy.inPlaceUpdateStrategy.gracePeriodSeconds',
    summary: 'ignored when > 0: an in-place update completes at the next reconcile',
    decide: (v, cs) =>
      v === 0
        ? null
        : ignored(
            obj(obj(cs['spec'])['updateStrategy'])['type'] === 'InPlaceIfPossible' ||
              obj(obj(cs['spec'])['updateStrategy'])['type'] === 'InPlaceOnly'
              ? `${String(v)}: the model completes an in-place update at the next reconcile; the grace period before it is not explored`
              : 'it applies to in-place updates only, and this CloneSet recreates pods',
          ),
  },
  { path: 'spec.scaleStrategy.maxUnavailable', summary: 'scaleMaxUnavailable (default unset)', decide: mapped },
  {
    path: 'spec.scaleStrategy.podsToDelete',
    summary: 'refused when non-empty: names pods (use --deletes)',
    decide: (v) =>
      nonEmpty(v) ? refused('it names pods, and the model’s pods have no names; let users delete pods with --deletes instead') : null,
  },
  { path: 'spec.scaleStrategy.disablePVCReuse', summary: 'ignored: PVCs are not modelled', decide: () => ignored('PVCs are not modelled') },
  {
    path: 'status',
    summary: 'ignored: the check starts from a settled CloneSet',
    decide: () => ignored('the check starts from a settled CloneSet: every pod at v1 and ready'),
  },
];

function lookup(root: Obj, path: string): unknown {
  let v: unknown = root;
  for (const step of path.split('.')) v = isObject(v) ? v[step] : undefined;
  return v;
}

let validator: SchemaValidator | undefined;
/** Built on first use: converting the schema costs a few milliseconds that runs without --cloneset never pay. */
const schemaValidator = (): SchemaValidator => (validator ??= crdValidator(CLONESET_SCHEMA));

function documentsOf(path: string, text: string): readonly YamlDocument[] {
  if (path.endsWith('.json')) {
    const r = decodeJson(text);
    if (r.ok) return [{ number: 1, value: r.value }];
    throw new InputError('--cloneset', `${JSON.stringify(path)} is not valid JSON (${r.why}); expected ${EXPECTED}`);
  }
  const r = decodeYamlDocuments(text);
  if (!r.ok) {
    const where = r.document > 1 ? ` (document ${r.document})` : '';
    throw new InputError('--cloneset', `${JSON.stringify(path)} is not valid YAML${where} (${r.why}); expected ${EXPECTED}`);
  }
  return r.documents;
}

const kindOf = (v: unknown): string => {
  const o = obj(v);
  return typeof o['kind'] === 'string' ? `${typeof o['apiVersion'] === 'string' ? `${o['apiVersion']} ` : ''}${o['kind']}` : 'no kind';
};

/** The one CloneSet among the documents; every other document is named in a note. */
function pickCloneSet(path: string, docs: readonly YamlDocument[], notes: string[]): { doc: YamlDocument; where: string } {
  const cloneSets = docs.filter((d) => obj(d.value)['kind'] === 'CloneSet');
  const multi = docs.length > 1;
  if (cloneSets.length === 0) {
    const seen =
      docs.length === 0 ? 'it holds no document' : `it holds ${docs.map((d) => `${kindOf(d.value)} (document ${d.number})`).join(', ')}`;
    throw new InputError(`kind in ${path}`, `no CloneSet: ${seen}; expected ${EXPECTED}`);
  }
  if (cloneSets.length > 1) {
    throw new InputError(
      `kind in ${path}`,
      `${cloneSets.length} CloneSets (documents ${cloneSets.map((d) => d.number).join(', ')}); expected exactly one — put the one to check in its own file`,
    );
  }
  const doc = cloneSets[0]!;
  for (const d of docs)
    if (d !== doc) notes.push(`ignored: document ${d.number} of ${path} (${kindOf(d.value)}): only the CloneSet is read`);
  return { doc, where: multi ? `in ${path} (document ${doc.number})` : `in ${path}` };
}

/** An int-or-string value of the manifest, held to the scenario field's own schema (same rules as the flag). */
function intOrString(fields: readonly FieldSpec[], key: string, fieldPath: string, where: string, value: unknown): IntOrString {
  const f = fields.find((x) => x.key === key)!;
  const r = f.schema.safeParse(value);
  if (!r.success) throw new InputError(`${fieldPath} ${where}`, `expected ${f.allowed}, got ${quote(value)}`);
  return r.data as IntOrString;
}

const UPDATE_TYPES = ['ReCreate', 'InPlaceIfPossible', 'InPlaceOnly'] as const;

/**
 * Reads, validates and maps the manifest at `path`. `fields`: the command's table (check and simulate
 * differ only in bounds). Throws an InputError for anything the cluster would refuse and for refused fields.
 */
export function loadManifest(path: string, fields: readonly FieldSpec[]): LoadedManifest {
  const read = readInputText(path);
  if (!read.ok) throw new InputError('--cloneset', `file ${JSON.stringify(path)} ${read.why}; expected ${EXPECTED}`);
  const notes: string[] = [];
  const { doc, where } = pickCloneSet(path, documentsOf(path, read.text), notes);
  const cs = obj(doc.value);
  if (cs['apiVersion'] !== MANIFEST_API_VERSION) {
    throw new InputError(
      `apiVersion ${where}`,
      `expected ${MANIFEST_API_VERSION} (the CloneSet schema kept is kruise ${CRD_SOURCE.version}'s), got ${quote(cs['apiVersion'])}`,
    );
  }
  // The CRD does not require spec, but kruise's CloneSetSpec is a struct, not a pointer: a CloneSet without
  // one reaches the webhook as the zero spec, whose missing selector it refuses (validateCloneSetSpec). So a
  // missing spec is held to the schema as `spec: {}`, and refused the same way, at its first missing field.
  const issue = schemaValidator().validate(cs['spec'] === undefined ? { ...cs, spec: {} } : cs);
  if (issue !== null)
    throw new InputError(`${formatPath(issue.path)} ${where}`, `${issue.message} (CloneSet CRD schema, kruise ${CRD_SOURCE.version})`);

  // The model reads nothing in metadata, but the API server refuses an object with neither a name nor a
  // generateName (ValidateObjectMeta), and `kubectl apply` needs the name: such a file never becomes a CloneSet.
  const meta = obj(cs['metadata']);
  if (!nonEmptyString(meta['name']) && !nonEmptyString(meta['generateName'])) {
    const needs = 'the API server needs metadata.name, or metadata.generateName with kubectl create';
    throw new InputError(
      `metadata.name ${where}`,
      meta['name'] === undefined
        ? `required field missing (${needs})`
        : `expected a non-empty string (${needs}), got ${quote(meta['name'])}`,
    );
  }

  for (const rule of MANIFEST_RULES) {
    const value = lookup(cs, rule.path);
    if (value === undefined) continue;
    const verdict = rule.decide(value, cs);
    if (verdict?.kind === 'refused')
      throw new InputError(`${rule.path} ${where}`, `not supported: ${verdict.why}; ${verdict.remedy} to check the rest`);
    if (verdict?.kind === 'ignored') notes.push(`ignored: ${rule.path} (${verdict.why})`);
  }

  const spec = obj(cs['spec']);
  const us = obj(spec['updateStrategy']);
  const ss = obj(spec['scaleStrategy']);
  // kruise's defaults (SetDefaultsCloneSet), so a manifest that leaves a field out means what the cluster makes of it.
  const replicas = (spec['replicas'] as number | undefined) ?? 1;
  if (replicas < 0) throw new InputError(`spec.replicas ${where}`, `expected an integer ≥ 0, got ${replicas}`);
  // SetDefaultsCloneSet sets ReCreate for an empty type as well as a missing one, before the webhook sees it.
  const written = us['type'] as string | undefined;
  const type = written === undefined || written === '' ? 'ReCreate' : written;
  if (type === 'OnDelete') {
    // The v1alpha1 type has the value and HEAD converts it (cloneset_conversion.go), but the v1alpha1 webhook
    // refuses it (v1.9.0's too); HEAD takes OnDelete in v1beta1.
    throw new InputError(
      `spec.updateStrategy.type ${where}`,
      `expected ${UPDATE_TYPES.join(', ')} in ${MANIFEST_API_VERSION}, got "OnDelete": kruise's webhook refuses it in v1alpha1 (upstream HEAD takes it in apps.kruise.io/v1beta1); to check an OnDelete CloneSet, use --update-strategy-type OnDelete (and --rolling-update false if it has no rollingUpdate block)`,
    );
  }
  if (!(UPDATE_TYPES as readonly string[]).includes(type)) {
    throw new InputError(`spec.updateStrategy.type ${where}`, `expected ${UPDATE_TYPES.join(', ')}, got ${quote(type)}`);
  }
  if (type === 'InPlaceOnly') {
    notes.push(
      'note: spec.updateStrategy.type InPlaceOnly is checked as InPlaceIfPossible: every template change in the model can be made in place, where the two act alike',
    );
  }
  const partition = intOrString(fields, 'initialPartition', 'spec.updateStrategy.partition', where, us['partition'] ?? 0);
  const maxSurge = intOrString(fields, 'maxSurge', 'spec.updateStrategy.maxSurge', where, us['maxSurge'] ?? 0);
  const maxUnavailable = intOrString(fields, 'maxUnavailable', 'spec.updateStrategy.maxUnavailable', where, us['maxUnavailable'] ?? '20%');
  const scaleMaxUnavailable =
    ss['maxUnavailable'] === undefined
      ? undefined
      : intOrString(fields, 'scaleMaxUnavailable', 'spec.scaleStrategy.maxUnavailable', where, ss['maxUnavailable']);
  const lifecycle = obj(spec['lifecycle']);
  const preDelete = hasHandler(obj(lifecycle['preDelete']));
  const inPlaceUpdate = hasHandler(obj(lifecycle['inPlaceUpdate']));
  const lifecycleHooks = preDelete && inPlaceUpdate ? 'both' : preDelete ? 'preDelete' : inPlaceUpdate ? 'inPlaceUpdate' : undefined;
  for (const [name, on] of [
    ['preDelete', preDelete],
    ['inPlaceUpdate', inPlaceUpdate],
  ] as const)
    if (on && nonEmpty(obj(lifecycle[name])['finalizersHandler']))
      notes.push(
        `note: spec.lifecycle.${name}.finalizersHandler is checked as a labels handler: either holds the pod until its owner removes it`,
      );
  // v1alpha1 has no scaleStrategy.excludePreparingDelete: the CloneSet's label turns it on (kruise converts
  // it to v1beta1's field only for the value "true").
  const excludePreparingDelete = obj(meta['labels'])[EXCLUDE_PREPARING_DELETE_LABEL] === 'true';
  const fromManifest: ScenarioFieldValues = {
    initialPartition: partition,
    maxSurge,
    maxUnavailable,
    podUpdatePolicy: type === 'ReCreate' ? 'ReCreate' : 'InPlaceIfPossible',
    paused: (us['paused'] as boolean | undefined) ?? false,
    ...(scaleMaxUnavailable === undefined ? {} : { scaleMaxUnavailable }),
    ...(typeof spec['minReadySeconds'] === 'number' && spec['minReadySeconds'] > 0 ? { minReadySeconds: spec['minReadySeconds'] } : {}),
    ...(lifecycleHooks === undefined ? {} : { lifecycleHooks }),
    ...(excludePreparingDelete ? { excludePreparingDelete } : {}),
  };
  return { path, fields: fromManifest, replicas, notes, updateType: type as LoadedManifest['updateType'], where };
}

/**
 * kruise's validateUpdateStrategy, for the values the model reads: a CloneSet the webhook refuses never
 * runs. Applied to the CloneSet that is checked — the manifest with the flags that override it — so a flag
 * can mend a manifest's values and cannot make a refused pair; `fieldOf` names where a value came from.
 */
export function webhookRules(
  m: LoadedManifest,
  replicas: number,
  maxSurge: IntOrString,
  maxUnavailable: IntOrString,
  fieldOf: (key: 'maxSurge' | 'maxUnavailable') => string,
): void {
  const surge = getScaledValueFromIntOrPercent(maxSurge, replicas, true).value;
  const unavailable = getScaledValueFromIntOrPercent(maxUnavailable, replicas, true).value;
  if (m.updateType === 'InPlaceOnly' && surge > 0) {
    throw new InputError(
      fieldOf('maxSurge'),
      `can not use maxSurge with strategy type InPlaceOnly (kruise's webhook refuses it), got ${quote(maxSurge)}`,
    );
  }
  if (replicas > 0 && unavailable < 1 && surge < 1) {
    throw new InputError(
      fieldOf('maxUnavailable'),
      `maxUnavailable and maxSurge should not both be less than 1 (kruise's webhook refuses it); got maxUnavailable ${quote(maxUnavailable)}, maxSurge ${quote(maxSurge)} of ${replicas} replicas`,
    );
  }
}

/** The replica bounds a manifest runs with under a command whose cap is `cap`, and the note saying so. */
export function fitReplicas(
  m: LoadedManifest,
  maxReplicasGiven: number | undefined,
  defaultMax: number,
  cap: number,
  command: 'check' | 'simulate',
): { readonly initialReplicas: number; readonly maxReplicas: number; readonly note: string | null } {
  const initialReplicas = Math.min(m.replicas, cap);
  const maxReplicas = maxReplicasGiven ?? Math.min(cap, Math.max(initialReplicas, defaultMax));
  if (m.replicas <= cap) return { initialReplicas, maxReplicas, note: null };
  const partition = m.fields.initialPartition;
  const vacuous =
    typeof partition === 'number' && partition >= initialReplicas
      ? `; partition ${partition} keeps all ${initialReplicas} pods at the old revision (a percentage keeps the proportion)`
      : '';
  const what =
    command === 'check'
      ? `above check's exhaustive cap of ${cap}: checking ${initialReplicas} replicas, users scaling in 0..${maxReplicas} (the Scenario line lists every bound used)${vacuous}; to walk ${m.replicas} replicas run \`cloneset-check simulate --cloneset ${m.path}\``
      : `above simulate's cap of ${cap}: simulating ${initialReplicas} replicas, users scaling in 0..${maxReplicas}${vacuous}`;
  return { initialReplicas, maxReplicas, note: `note: spec.replicas ${m.replicas} is ${what}` };
}
