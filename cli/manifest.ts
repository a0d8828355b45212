/**
 * `--cloneset FILE`: a CloneSet as users write it or `kubectl get -o yaml` prints it, apps.kruise.io/v1alpha1 or
 * v1beta1 (YAML, several documents or a List allowed with exactly one CloneSet among them, or JSON) → the scenario fields it determines. The manifest is
 * held to upstream's CRD schema for its version (cli/crd/: v1alpha1 from kruise's latest release, v1beta1 from
 * upstream HEAD, the only tree that serves it) and to the rules of kruise's admission webhook for the fields
 * the model reads; each field the model does not cover is either named on stderr as ignored, or refused where
 * taking the CloneSet without it would check a different controller behaviour than the cluster runs
 * (cli/manifest-rules.ts; the tables in docs/model.md). Any problem is one InputError naming the field path.
 *
 * Precedence: flags > --cloneset > --config > built-in defaults (buildScenario). User-action budgets,
 * templates, the partitions users may set, maxReplicas, the controller variant, the feature gate and the
 * status-write mode are not in a CloneSet: they come from flags or --config.
 */
import { getScaledValueFromIntOrPercent } from '../model/controller/intstr.js';
import { MAX_INT32, type IntOrString } from '../model/controller/types.js';
import { surgeValues, type Scenario } from '../model/cloneset/scenario.js';
import { EXCLUDE_PREPARING_DELETE_LABEL } from '../traces/cloneset-spec.js';
import { CLONESET_SCHEMA, CLONESET_V1BETA1_SCHEMA, CRD_SOURCE, CRD_SOURCE_V1BETA1 } from './crd/cloneset-schema.js';
import { crdValidator, formatPath, pruneNulls, type SchemaValidator } from './crd/validate.js';
import { decodeJson } from './config.js';
import { InputError, quote } from './errors.js';
import type { FieldSpec, ScenarioFieldValues } from './fields.js';
import { readInputText } from './input-file.js';
import {
  hasHandler,
  isObject,
  MANIFEST_RULES,
  MANIFEST_RULES_V1BETA1,
  type ManifestRule,
  nonEmpty,
  type Obj,
  obj,
} from './manifest-rules.js';
import { decodeYamlDocuments, type YamlDocument } from './yaml-documents.js';

export const MANIFEST_API_VERSION = CRD_SOURCE.apiVersion;
export const MANIFEST_API_VERSION_V1BETA1 = CRD_SOURCE_V1BETA1.apiVersion;
export type ManifestApiVersion = typeof MANIFEST_API_VERSION | typeof MANIFEST_API_VERSION_V1BETA1;
const EXPECTED = `a YAML or JSON file holding one ${MANIFEST_API_VERSION} or ${MANIFEST_API_VERSION_V1BETA1} CloneSet, e.g. examples/cloneset.yaml`;

/** What reading a manifest gives buildScenario. */
export interface LoadedManifest {
  readonly path: string;
  readonly apiVersion: ManifestApiVersion;
  /** Scenario fields the manifest sets, validated with the command's field table (replicas aside). */
  readonly fields: ScenarioFieldValues;
  /** spec.replicas as written (kruise's default 1 when absent); buildScenario fits it to the command's cap. */
  readonly replicas: number;
  /** One line each: fields ignored, documents skipped, InPlaceOnly read as InPlaceIfPossible. */
  readonly notes: readonly string[];
  /** The manifest's pod update policy is InPlaceOnly, which the webhook forbids with a surge. */
  readonly inPlaceOnly: boolean;
  /**
   * v1beta1 fields of the rollingUpdate block the manifest leaves out, which kruise fills in only for
   * RollingUpdate: under OnDelete the webhook refuses a missing partition and counts a missing
   * maxUnavailable as 0 (admissionRules). The model takes the controller's reading (0, 20%).
   */
  readonly blockMissing: readonly ('partition' | 'maxUnavailable')[];
  /** Where maxSurge, maxUnavailable and partition are written in this version, for lines that name them. */
  readonly strategyPath: 'spec.updateStrategy' | 'spec.updateStrategy.rollingUpdate';
  /** Where in the file the CloneSet is (`in PATH`, with its document when there are several). */
  readonly where: string;
  /** spec.progressDeadlineSeconds as written (null when absent): kruise's webhook bounds it (admissionRules). */
  readonly progressDeadlineSeconds: number | null;
}

const nonEmptyString = (v: unknown): boolean => typeof v === 'string' && v !== '';

function lookup(root: Obj, path: string): unknown {
  let v: unknown = root;
  for (const step of path.split('.')) v = isObject(v) ? v[step] : undefined;
  return v;
}

/** What differs between the two API versions, apart from the mapping (readV1alpha1, readV1beta1). */
interface VersionInfo {
  readonly schema: unknown;
  /** The kruise tree the schema comes from, for schema errors. */
  readonly source: string;
  readonly rules: readonly ManifestRule[];
  validator?: SchemaValidator;
}
const VERSIONS: Readonly<Record<ManifestApiVersion, VersionInfo>> = {
  [MANIFEST_API_VERSION]: { schema: CLONESET_SCHEMA, source: `kruise ${CRD_SOURCE.version}`, rules: MANIFEST_RULES },
  [MANIFEST_API_VERSION_V1BETA1]: {
    schema: CLONESET_V1BETA1_SCHEMA,
    source: `upstream ${CRD_SOURCE_V1BETA1.version}`,
    rules: MANIFEST_RULES_V1BETA1,
  },
};
const isApiVersion = (v: unknown): v is ManifestApiVersion => v === MANIFEST_API_VERSION || v === MANIFEST_API_VERSION_V1BETA1;
/** Built on first use: converting a schema costs a few milliseconds that runs without --cloneset never pay. */
const schemaValidator = (info: VersionInfo): SchemaValidator => (info.validator ??= crdValidator(info.schema));

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

/** One object of the file: a document, or an item of a List document (what `kubectl get -o yaml` prints for several). */
interface FileObject {
  /** `document 2`, `items[0]`, `document 2, items[0]`: as lines name it. */
  readonly label: string;
  readonly value: unknown;
}

/** A List (kubectl's v1 List, or a CloneSetList) holds its objects under items. */
const isList = (v: unknown): boolean => {
  const kind = obj(v)['kind'];
  return (kind === 'List' || kind === 'CloneSetList') && Array.isArray(obj(v)['items']);
};

function objectsOf(docs: readonly YamlDocument[]): readonly FileObject[] {
  const multi = docs.length > 1;
  return docs.flatMap((d) => {
    const doc = multi ? `document ${d.number}` : '';
    if (!isList(d.value)) return [{ label: doc || `document ${d.number}`, value: d.value }];
    return (obj(d.value)['items'] as readonly unknown[]).map((value, i) => ({ label: doc ? `${doc}, items[${i}]` : `items[${i}]`, value }));
  });
}

/** The one CloneSet among the file's objects; every other object is named in a note. */
function pickCloneSet(path: string, docs: readonly YamlDocument[], notes: string[]): { doc: FileObject; where: string } {
  const objects = objectsOf(docs);
  const cloneSets = objects.filter((d) => obj(d.value)['kind'] === 'CloneSet');
  if (cloneSets.length === 0) {
    const seen =
      objects.length === 0
        ? `it holds no ${docs.length === 0 ? 'document' : 'object'}`
        : `it holds ${objects.map((d) => `${kindOf(d.value)} (${d.label})`).join(', ')}`;
    throw new InputError(`kind in ${path}`, `no CloneSet: ${seen}; expected ${EXPECTED}`);
  }
  if (cloneSets.length > 1) {
    throw new InputError(
      `kind in ${path}`,
      `${cloneSets.length} CloneSets (${cloneSets.map((d) => d.label).join(', ')}); expected exactly one — put the one to check in its own file`,
    );
  }
  const doc = cloneSets[0]!;
  for (const d of objects) if (d !== doc) notes.push(`ignored: ${d.label} of ${path} (${kindOf(d.value)}): only the CloneSet is read`);
  // A lone document needs no label; an item always does (errors name paths inside it).
  return { doc, where: objects.length > 1 || doc.label.includes('items[') ? `in ${path} (${doc.label})` : `in ${path}` };
}

/** An int-or-string value of the manifest, held to the scenario field's own schema (same rules as the flag). */
function intOrString(fields: readonly FieldSpec[], key: string, fieldPath: string, where: string, value: unknown): IntOrString {
  const f = fields.find((x) => x.key === key)!;
  const r = f.schema.safeParse(value);
  if (!r.success) throw new InputError(`${fieldPath} ${where}`, `expected ${f.allowed}, got ${quote(value)}`);
  return r.data as IntOrString;
}

const UPDATE_TYPES = ['ReCreate', 'InPlaceIfPossible', 'InPlaceOnly'] as const;
/** v1beta1's updateStrategy.type values; the three above are its rollingUpdate.podUpdatePolicy values. */
const STRATEGY_TYPES = ['RollingUpdate', 'OnDelete'] as const;

/** The CloneSet's parts every version's mapping reads. */
interface Parts {
  readonly fields: readonly FieldSpec[];
  readonly spec: Obj;
  readonly meta: Obj;
  readonly where: string;
  readonly notes: string[];
}

/** What a version's mapping gives: the update-strategy fields and what admissionRules needs of them. */
type StrategyRead = Pick<LoadedManifest, 'fields' | 'inPlaceOnly' | 'blockMissing' | 'strategyPath'>;

const IN_PLACE_ONLY_NOTE = (path: string): string =>
  `note: ${path} InPlaceOnly is checked as InPlaceIfPossible: every template change in the model can be made in place, where the two act alike`;

/** The pod update policy as written ('' and absent are kruise's default, ReCreate), held to the webhook's values. */
function podUpdatePolicy(p: Parts, path: string, written: unknown): (typeof UPDATE_TYPES)[number] {
  const policy = written === undefined || written === '' ? 'ReCreate' : written;
  if (!(UPDATE_TYPES as readonly unknown[]).includes(policy))
    throw new InputError(`${path} ${p.where}`, `expected ${UPDATE_TYPES.join(', ')}, got ${quote(policy)}`);
  if (policy === 'InPlaceOnly') p.notes.push(IN_PLACE_ONLY_NOTE(path));
  return policy as (typeof UPDATE_TYPES)[number];
}

/** The rolling-update fields in `block`, at `at`, with kruise's defaults for those left out. */
function rollingFields(p: Parts, at: string, block: Obj, policy: (typeof UPDATE_TYPES)[number]): ScenarioFieldValues {
  return {
    initialPartition: intOrString(p.fields, 'initialPartition', `${at}.partition`, p.where, block['partition'] ?? 0),
    maxSurge: intOrString(p.fields, 'maxSurge', `${at}.maxSurge`, p.where, block['maxSurge'] ?? 0),
    maxUnavailable: intOrString(p.fields, 'maxUnavailable', `${at}.maxUnavailable`, p.where, block['maxUnavailable'] ?? '20%'),
    podUpdatePolicy: policy === 'ReCreate' ? 'ReCreate' : 'InPlaceIfPossible',
    paused: (block['paused'] as boolean | undefined) ?? false,
  };
}

/** v1alpha1 (kruise v1.9.0): the pod update policy is the type, the rolling-update fields sit beside it. */
function readV1alpha1(p: Parts): StrategyRead {
  const us = obj(p.spec['updateStrategy']);
  const at = 'spec.updateStrategy';
  if (us['type'] === 'OnDelete') {
    // The v1alpha1 type has the value and HEAD converts it (cloneset_conversion.go), but the v1alpha1 webhook
    // refuses it (v1.9.0's too); HEAD takes OnDelete in v1beta1.
    throw new InputError(
      `${at}.type ${p.where}`,
      `expected ${UPDATE_TYPES.join(', ')} in ${MANIFEST_API_VERSION}, got "OnDelete": kruise's webhook refuses it in v1alpha1; upstream HEAD takes it in ${MANIFEST_API_VERSION_V1BETA1}, which --cloneset reads too (the fields under updateStrategy.rollingUpdate), or check it without --cloneset: --update-strategy-type OnDelete, with --rolling-update false for a CloneSet without a rollingUpdate block`,
    );
  }
  // SetDefaultsCloneSet sets ReCreate for an empty type as well as a missing one, before the webhook sees it.
  const policy = podUpdatePolicy(p, `${at}.type`, us['type']);
  // v1alpha1 has no scaleStrategy.excludePreparingDelete: the CloneSet's label turns it on (kruise converts
  // it to v1beta1's field only for the value "true").
  const exclude = obj(p.meta['labels'])[EXCLUDE_PREPARING_DELETE_LABEL] === 'true';
  return {
    fields: {
      ...rollingFields(p, at, us, policy),
      updateStrategyType: 'RollingUpdate',
      rollingUpdate: true,
      excludePreparingDelete: exclude,
    },
    inPlaceOnly: policy === 'InPlaceOnly',
    blockMissing: [],
    strategyPath: at,
  };
}

/**
 * v1beta1 (upstream HEAD): updateStrategy.type is RollingUpdate or OnDelete, the rolling-update fields and the
 * pod update policy sit in a rollingUpdate block, which SetDefaultsCloneSetV1beta1 makes and fills only for
 * RollingUpdate. An OnDelete CloneSet without the block is read as calculateDiffsWithExpectation's nil branch
 * reads it (partition 0, maxSurge 0, maxUnavailable 20%: the scenario's rollingUpdate false).
 */
function readV1beta1(p: Parts): StrategyRead {
  const us = obj(p.spec['updateStrategy']);
  const written = us['type'];
  const type = written === undefined || written === '' ? 'RollingUpdate' : written;
  if (type !== 'RollingUpdate' && type !== 'OnDelete') {
    const moved = (UPDATE_TYPES as readonly unknown[]).includes(type)
      ? ` (in ${MANIFEST_API_VERSION_V1BETA1} ${String(type)} is a spec.updateStrategy.rollingUpdate.podUpdatePolicy value)`
      : '';
    throw new InputError(`spec.updateStrategy.type ${p.where}`, `expected ${STRATEGY_TYPES.join(', ')}, got ${quote(type)}${moved}`);
  }
  const ss = obj(p.spec['scaleStrategy']);
  if (obj(p.meta['labels'])[EXCLUDE_PREPARING_DELETE_LABEL] !== undefined)
    p.notes.push(
      `ignored: metadata.labels["${EXCLUDE_PREPARING_DELETE_LABEL}"] (the ${MANIFEST_API_VERSION_V1BETA1} controller reads spec.scaleStrategy.excludePreparingDelete; kruise turns the label into that field only when it converts a v1alpha1 CloneSet)`,
    );
  const common = { updateStrategyType: type, excludePreparingDelete: ss['excludePreparingDelete'] === true } as const;
  const at = 'spec.updateStrategy.rollingUpdate';
  if (type === 'OnDelete' && us['rollingUpdate'] === undefined) {
    // calculateDiffsWithExpectation's nil branch: every field it reads is set, so nothing else can slip in.
    const bare: ScenarioFieldValues = {
      initialPartition: 0,
      maxSurge: 0,
      maxUnavailable: '20%',
      podUpdatePolicy: 'ReCreate',
      paused: false,
    };
    return { fields: { ...bare, ...common, rollingUpdate: false }, inPlaceOnly: false, blockMissing: [], strategyPath: at };
  }
  const block = obj(us['rollingUpdate']);
  const policy = podUpdatePolicy(p, `${at}.podUpdatePolicy`, block['podUpdatePolicy']);
  return {
    // Missing fields read as the controller reads them (partition 0, maxSurge 0, maxUnavailable 20%): for
    // RollingUpdate they are what kruise fills in; for OnDelete admissionRules holds the webhook's view.
    fields: { ...rollingFields(p, at, block, policy), ...common, rollingUpdate: true },
    inPlaceOnly: policy === 'InPlaceOnly',
    // Only an OnDelete manifest leaves them out on the cluster: a RollingUpdate one has them filled in, and a
    // flag that makes it OnDelete edits that filled-in CloneSet.
    blockMissing: type === 'OnDelete' ? (['partition', 'maxUnavailable'] as const).filter((k) => block[k] === undefined) : [],
    strategyPath: at,
  };
}

/**
 * Reads, validates and maps the manifest at `path`. `fields`: the command's table (check and simulate
 * differ only in bounds). Throws an InputError for what the CRD schema refuses, for what kruise's webhook
 * refuses among the fields the model reads (here and in admissionRules), and for refused fields. Fields the
 * model ignores are held to the schema only: the webhook's own checks of them (the pod template, image
 * pre-download values, priority and scatter terms) are not repeated.
 */
export function loadManifest(path: string, fields: readonly FieldSpec[]): LoadedManifest {
  const read = readInputText(path);
  if (!read.ok) throw new InputError('--cloneset', `file ${JSON.stringify(path)} ${read.why}; expected ${EXPECTED}`);
  const notes: string[] = [];
  const { doc, where } = pickCloneSet(path, documentsOf(path, read.text), notes);
  const written = obj(doc.value);
  const apiVersion = written['apiVersion'];
  if (!isApiVersion(apiVersion)) {
    throw new InputError(
      `apiVersion ${where}`,
      `expected ${MANIFEST_API_VERSION} (schema from kruise ${CRD_SOURCE.version}) or ${MANIFEST_API_VERSION_V1BETA1} (schema from upstream ${CRD_SOURCE_V1BETA1.version}), got ${quote(apiVersion)}`,
    );
  }
  const info = VERSIONS[apiVersion];
  const cs = obj(pruneNulls(info.schema, written));
  // The CRD does not require spec, but kruise's CloneSetSpec is a struct, not a pointer: a CloneSet without
  // one reaches the webhook as the zero spec, whose missing selector it refuses (validateCloneSetSpec). So a
  // missing spec is held to the schema as `spec: {}`, and refused the same way, at its first missing field.
  const issue = schemaValidator(info).validate(cs['spec'] === undefined ? { ...cs, spec: {} } : cs);
  if (issue !== null)
    throw new InputError(`${formatPath(issue.path)} ${where}`, `${issue.message} (CloneSet CRD schema, ${apiVersion}, ${info.source})`);

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

  for (const rule of info.rules) {
    const value = lookup(cs, rule.path);
    if (value === undefined) continue;
    const verdict = rule.decide(value, cs);
    if (verdict?.kind === 'refused')
      throw new InputError(`${rule.path} ${where}`, `not supported: ${verdict.why}; ${verdict.remedy} to check the rest`);
    if (verdict?.kind === 'ignored') notes.push(`ignored: ${rule.path} (${verdict.why})`);
  }

  const spec = obj(cs['spec']);
  const ss = obj(spec['scaleStrategy']);
  // kruise's defaults (SetDefaultsCloneSet, SetDefaultsCloneSetV1beta1), so a manifest that leaves a field out
  // means what the cluster makes of it.
  const replicas = (spec['replicas'] as number | undefined) ?? 1;
  if (replicas < 0) throw new InputError(`spec.replicas ${where}`, `expected an integer ≥ 0, got ${replicas}`);
  const parts: Parts = { fields, spec, meta, where, notes };
  const strategy = apiVersion === MANIFEST_API_VERSION ? readV1alpha1(parts) : readV1beta1(parts);
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
  const progressDeadlineSeconds = typeof spec['progressDeadlineSeconds'] === 'number' ? spec['progressDeadlineSeconds'] : null;
  // Every CloneSet field is set, at kruise's default where the manifest leaves it out, so that a --config
  // cannot fill a gap (buildScenario drops the config's MANIFEST_KEYS; scaleMaxUnavailable has no "unset" value).
  const fromManifest: ScenarioFieldValues = {
    ...strategy.fields,
    ...(scaleMaxUnavailable === undefined ? {} : { scaleMaxUnavailable }),
    minReadySeconds: typeof spec['minReadySeconds'] === 'number' ? spec['minReadySeconds'] : 0,
    lifecycleHooks: lifecycleHooks ?? 'none',
    // HasProgressDeadline: set, and not MaxInt32 (kruise's way of writing "no deadline").
    progressDeadline: progressDeadlineSeconds !== null && progressDeadlineSeconds !== MAX_INT32,
  };
  return {
    path,
    apiVersion,
    fields: fromManifest,
    replicas,
    notes,
    inPlaceOnly: strategy.inPlaceOnly,
    blockMissing: strategy.blockMissing,
    strategyPath: strategy.strategyPath,
    where,
    progressDeadlineSeconds,
  };
}

/**
 * The scenario fields a CloneSet determines (spec.replicas aside, fitted by fitReplicas). With --cloneset a
 * --config value for one of them is dropped: the manifest's value stands, kruise's default where it leaves the
 * field out. Flags still outrank it.
 */
export const MANIFEST_KEYS = [
  'initialPartition',
  'maxSurge',
  'maxUnavailable',
  'podUpdatePolicy',
  'paused',
  'updateStrategyType',
  'rollingUpdate',
  'scaleMaxUnavailable',
  'minReadySeconds',
  'lifecycleHooks',
  'excludePreparingDelete',
  'progressDeadline',
] as const satisfies readonly (keyof ScenarioFieldValues)[];
export type ManifestKey = (typeof MANIFEST_KEYS)[number];

/** Where the manifest writes the field of `key`, and where the CloneSet is: what a line about its value names. */
export function manifestPathOf(m: LoadedManifest, key: ManifestKey): string {
  const v1beta1 = m.apiVersion === MANIFEST_API_VERSION_V1BETA1;
  const path = {
    initialPartition: `${m.strategyPath}.partition`,
    maxSurge: `${m.strategyPath}.maxSurge`,
    maxUnavailable: `${m.strategyPath}.maxUnavailable`,
    podUpdatePolicy: v1beta1 ? `${m.strategyPath}.podUpdatePolicy` : 'spec.updateStrategy.type',
    paused: `${m.strategyPath}.paused`,
    updateStrategyType: 'spec.updateStrategy.type',
    rollingUpdate: 'spec.updateStrategy.rollingUpdate',
    scaleMaxUnavailable: 'spec.scaleStrategy.maxUnavailable',
    minReadySeconds: 'spec.minReadySeconds',
    lifecycleHooks: 'spec.lifecycle',
    progressDeadline: 'spec.progressDeadlineSeconds',
    excludePreparingDelete: v1beta1 ? 'spec.scaleStrategy.excludePreparingDelete' : `metadata.labels["${EXCLUDE_PREPARING_DELETE_LABEL}"]`,
  }[key];
  return `${path} ${m.where}`;
}

/**
 * The manifest's fields as the CloneSet checked has them once `flags` are over it: a flag that makes an
 * OnDelete CloneSet without a rollingUpdate block RollingUpdate gets the block kruise fills in for that type
 * (SetDefaultsCloneSetV1beta1), with the values the manifest already gives (partition 0, maxSurge 0, 20%).
 */
export function fieldsUnder(m: LoadedManifest, flags: ScenarioFieldValues): ScenarioFieldValues {
  if (m.fields.rollingUpdate === false && flags.updateStrategyType === 'RollingUpdate' && flags.rollingUpdate === undefined)
    return { ...m.fields, rollingUpdate: true };
  return m.fields;
}

const replicasText = (n: number): string => `${n} replica${n === 1 ? '' : 's'}`;

/**
 * v1alpha1's pair check (validateUpdateStrategy) on the CloneSet checked, the line it refuses with, or null:
 * maxSurge and maxUnavailable both below 1 at spec.replicas above 0 (the webhook skips it at 0). Shared by
 * admissionRules and by buildScenario for a CloneSet made from flags and --config alone.
 */
export function bothBelowOne(sc: Scenario): string | null {
  const r = sc.initialReplicas;
  const below = (x: IntOrString): boolean => getScaledValueFromIntOrPercent(x, r, true).value < 1;
  if (r === 0 || !below(sc.maxSurge) || !below(sc.maxUnavailable)) return null;
  return `maxUnavailable and maxSurge should not both be less than 1 (kruise's webhook refuses it); got maxUnavailable ${quote(sc.maxUnavailable)}, maxSurge ${quote(sc.maxSurge)} of ${replicasText(r)}`;
}

/**
 * The field a pair refusal names: a flag that set a value the rule reads (maxUnavailable, then maxSurge where
 * the rule reads it, then the replicas) before `fallback`, where maxUnavailable came from otherwise.
 */
export function pairField(
  flags: ScenarioFieldValues,
  fieldOf: Admitted['fieldOf'],
  readsSurge: boolean,
  fallback: string = fieldOf('maxUnavailable'),
): string {
  if (flags.maxUnavailable !== undefined) return fieldOf('maxUnavailable');
  if (readsSurge && flags.maxSurge !== undefined) return fieldOf('maxSurge');
  if (flags.initialReplicas !== undefined) return fieldOf('initialReplicas');
  return fallback;
}

/** The parts of the CloneSet checked that kruise's webhook looks at, and where each value came from. */
export interface Admitted {
  readonly sc: Scenario;
  readonly flags: ScenarioFieldValues;
  /** The line's field for a value: the flag, or the manifest's path (a --config cannot set these). */
  readonly fieldOf: (key: 'maxSurge' | 'maxUnavailable' | 'maxSurgeValues' | 'updateStrategyType' | 'initialReplicas') => string;
}

/**
 * kruise's validateUpdateStrategy (v1alpha1) or validateUpdateStrategyV1beta1 (HEAD), for the values the
 * model reads: a CloneSet the webhook refuses never runs. Applied to the CloneSet that is checked — the
 * manifest with the flags over it — so a flag can mend a manifest's value, or change its type or pod update
 * policy, and cannot make a refused CloneSet. At spec.replicas 0 the pair rule does not apply (the webhook
 * skips it there; a later scale goes through the scale subresource, which the webhook does not see).
 *
 * Upstream HEAD's v1beta1 check declares maxSurge a second time inside the block that reads it
 * (`maxSurge, maxSurgeErr := …`), so the pair check after it sees the outer maxSurge, always 0, and refuses
 * maxUnavailable below 1 even beside a maxSurge of 1 or more, which v1alpha1 takes. A cluster on HEAD does
 * that, so it is what is checked here; the line says so (docs/findings.md, "v1beta1 manifests"). Users'
 * maxUnavailable edits keep v1alpha1's rule in the model (a superset of HEAD's).
 */
export function admissionRules(m: LoadedManifest, a: Admitted): void {
  const { sc, flags } = a;
  const v1beta1 = m.apiVersion === MANIFEST_API_VERSION_V1BETA1;
  const onDelete = sc.updateStrategyType === 'OnDelete';
  if (!v1beta1 && onDelete)
    throw new InputError(
      a.fieldOf('updateStrategyType'),
      `OnDelete with an ${MANIFEST_API_VERSION} manifest: kruise's webhook refuses it in v1alpha1; write the CloneSet as ${MANIFEST_API_VERSION_V1BETA1} (upstream HEAD), or check it without --cloneset`,
    );
  const hasBlock = !v1beta1 || sc.rollingUpdate !== false;
  // Fields an OnDelete block leaves out that no flag gives (kruise fills them in only for RollingUpdate).
  const missing =
    v1beta1 && onDelete && hasBlock ? m.blockMissing.filter((k) => flags[k === 'partition' ? 'initialPartition' : k] === undefined) : [];
  if (missing.includes('partition'))
    throw new InputError(
      `${m.strategyPath}.partition ${m.where}`,
      `required in an OnDelete CloneSet's rollingUpdate block: kruise fills the block in only for RollingUpdate, and its ${MANIFEST_API_VERSION_V1BETA1} webhook refuses a missing partition (validateUpdateStrategyV1beta1: "nil value for IntOrString"); set it, or leave the rollingUpdate block out`,
    );
  // validateCloneSetSpec (both versions): non-negative, and above minReadySeconds unless MaxInt32 (no deadline).
  // Not when a flag sets whether there is a deadline: the CloneSet checked is then the flag's.
  const deadline = m.progressDeadlineSeconds;
  const minReady = sc.minReadySeconds ?? 0;
  if (flags.progressDeadline === undefined && deadline !== null && (deadline < 0 || (deadline !== MAX_INT32 && deadline <= minReady))) {
    // A --min-ready-seconds that the manifest's deadline is not above is the flag's conflict, named as such.
    if (deadline >= 0 && flags.minReadySeconds !== undefined)
      throw new InputError(
        '--min-ready-seconds',
        `${minReady}: not below the manifest's spec.progressDeadlineSeconds (${deadline}, ${m.where}), which kruise's webhook requires (validateCloneSetSpec: progressDeadlineSeconds greater than minReadySeconds); allowed: 0..${deadline - 1}`,
      );
    throw new InputError(
      `spec.progressDeadlineSeconds ${m.where}`,
      `${deadline}: kruise's webhook refuses it (validateCloneSetSpec: non-negative, and greater than minReadySeconds, ${minReady}); allowed: an integer above minReadySeconds, or ${MAX_INT32} (no deadline)`,
    );
  }
  const replicas = sc.initialReplicas;
  const surgeOf = (x: IntOrString): number => getScaledValueFromIntOrPercent(x, replicas, true).value;
  if (m.inPlaceOnly && flags.podUpdatePolicy === undefined) {
    // Every value users may set too: the webhook sees each edit (at spec.replicas ≥ 1, where a percentage is ≥ 1).
    const at = Math.max(replicas, 1);
    const surged = surgeValues(sc).find((x) => getScaledValueFromIntOrPercent(x, x === sc.maxSurge ? replicas : at, true).value > 0);
    if (surged !== undefined)
      throw new InputError(
        a.fieldOf(surged === sc.maxSurge ? 'maxSurge' : 'maxSurgeValues'),
        `can not use maxSurge with ${v1beta1 ? 'podUpdatePolicy' : 'strategy type'} InPlaceOnly (kruise's webhook refuses it), got ${quote(surged)}; allowed: 0`,
      );
  }
  if (replicas === 0 || !hasBlock) return;
  if (!v1beta1) {
    const line = bothBelowOne(sc);
    if (line !== null) throw new InputError(pairField(flags, a.fieldOf, true), line);
    return;
  }
  const unavailableMissing = missing.includes('maxUnavailable');
  const unavailable = unavailableMissing ? 0 : getScaledValueFromIntOrPercent(sc.maxUnavailable, replicas, true).value;
  if (unavailable >= 1) return;
  const got = unavailableMissing
    ? 'a missing maxUnavailable, which it counts as 0 (kruise fills it in only for RollingUpdate)'
    : `maxUnavailable ${quote(sc.maxUnavailable)}`;
  // HEAD's v1beta1 rule reads no maxSurge.
  const field = pairField(flags, a.fieldOf, false, unavailableMissing ? `${m.strategyPath}.maxUnavailable ${m.where}` : undefined);
  const surged =
    surgeOf(sc.maxSurge) >= 1
      ? ` even beside maxSurge ${quote(sc.maxSurge)} (an upstream defect: validateUpdateStrategyV1beta1 declares maxSurge again inside the block that reads it, \`maxSurge, maxSurgeErr := …\`, so its pair check always sees 0; ${MANIFEST_API_VERSION}'s check takes the pair)`
      : '';
  throw new InputError(
    field,
    `maxUnavailable and maxSurge should not both be less than 1: kruise HEAD's ${MANIFEST_API_VERSION_V1BETA1} webhook refuses ${got} at ${replicasText(replicas)}${surged}; allowed: a maxUnavailable of at least 1${unavailableMissing ? ', or no rollingUpdate block' : ''}`,
  );
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
