/**
 * The scenario fields a user can set, once: each with its flag, config key, schema, default and help text.
 * Flags, config files (JSON or YAML, same keys in camelCase — the CloneSet's own spelling, e.g. maxSurge),
 * `--help` and the docs are all generated from this table, so they cannot drift apart.
 */
import { z } from 'zod';
import { legacyPercentParses } from '../model/controller/intstr.js';
import { CONTROLLER_VARIANTS } from '../model/controller/promotion.js';
import { MAX_INT32 } from '../model/controller/types.js';
import { DEFAULT_SCENARIO, EXPECTATIONS_MODES, LIFECYCLE_HOOK_CHOICES, MAX_STRATEGY_VALUES } from '../model/cloneset/scenario.js';

/** Largest maxReplicas accepted: the state space grows steeply, and beyond this exhaustive search is hopeless. */
export const MAX_REPLICAS_CAP = 10;
export const MAX_TEMPLATES = 6;
export const MAX_BUDGET = 10;
/** Most CloneSet versions the controller's cache may lag: each one is a spec and status more per state. */
export const MAX_STALE_READS = 3;
/** Most pod-write failures: the count left is one byte of a state's encoding (model/cloneset/codec.ts). */
export const MAX_POD_WRITE_FAILURES = 255;

const percent = z
  .string()
  .regex(/^(\d+(\.\d+)?)%$/, 'a percentage like "50%"')
  .refine((s) => Number.parseFloat(s) <= 100, 'at most 100%');
/**
 * The integer of an int-or-string field: intstr.IntOrString's IntVal is a Go int32, so the API server holds
 * no wider value (the `--cloneset` manifest path refuses one too: cli/crd/validate.ts).
 */
const INT32_MAX = 2147483647;
const intOrStringInt = z.number().int().min(0).max(INT32_MAX);
const intOrPercentDesc = `an integer from 0 to ${INT32_MAX} (int32) or a percentage from "0%" to "100%"`;
/** Partitions: kruise parses them with strconv.ParseFloat, so "50.5%" is a partition like any other. */
export const intOrPercent = z.union([intOrStringInt, percent]);
/**
 * maxSurge, maxUnavailable, scaleMaxUnavailable: the controller reads them with apimachinery's legacy
 * parser (strconv.Atoi after removing '%'), which fails on a decimal and leaves 0. Such a value is refused
 * here rather than explored as 0 while the report echoes "50.5%".
 */
const wholePercent = percent.refine(legacyPercentParses, 'no decimals');
const intOrWholePercentDesc = `an integer from 0 to ${INT32_MAX} (int32) or a whole percentage from "0%" to "100%" (no decimals: the controller would read "50.5%" as 0)`;
export const intOrWholePercent = z.union([intOrStringInt, wholePercent]);

const count = (min: number, max: number) => z.number().int().min(min).max(max);
/** A budget for an action whose value bounds the state already: a count, or "any" (no bound, no counter). */
const countOrAny = (max: number) => z.union([count(0, max), z.literal('any')]);
const countOrAnyDesc = (max: number): string => `an integer from 0 to ${max}, or any (no limit)`;

export interface FieldSpec<S extends z.ZodType = z.ZodType> {
  /** Config key (camelCase). */
  readonly key: string;
  /** Long flag without dashes (kebab-case). */
  readonly flag: string;
  readonly schema: S;
  /** Allowed values, in words, for error messages and help. */
  readonly allowed: string;
  readonly help: string;
  readonly type: 'integer' | 'count-or-any' | 'int-or-percent' | 'int-or-percent-list' | 'choice' | 'boolean';
  readonly defaultValue: unknown;
  readonly example: string;
}

const d = DEFAULT_SCENARIO;

/**
 * The values users may set a rolling-update field to mid-rollout (`--strategy-changes`): one spec per field,
 * `flag` being the field's own flag (the value at the start), which the list's flag extends with `-values`.
 */
const strategyValuesField = <const K extends string>(key: K, flag: string, field: string, example: string) =>
  ({
    key,
    flag: `${flag}-values`,
    schema: z.array(intOrWholePercent).min(1).max(MAX_STRATEGY_VALUES),
    allowed: `a comma-separated list of 1 to ${MAX_STRATEGY_VALUES} values, each ${intOrWholePercentDesc}; with --${flag} at most ${MAX_STRATEGY_VALUES} distinct`,
    type: 'int-or-percent-list',
    help: `${field} values users may set mid-rollout (with --strategy-changes > 0); --${flag} is the value at the start`,
    defaultValue: null,
    example,
  }) as const;

/** Keeps each field's key and schema as literal types, for `ScenarioFieldValues`. */
const fieldTable = <const Fs extends readonly FieldSpec[]>(fields: Fs): Fs => fields;

export const SCENARIO_FIELDS = fieldTable([
  {
    key: 'controller',
    flag: 'controller',
    schema: z.enum(CONTROLLER_VARIANTS),
    allowed: CONTROLLER_VARIANTS.join(', '),
    type: 'choice',
    help: 'controller variant (its promotion rule; with lifecycle hooks, proposed also has three hook fixes); without it every variant is run',
    defaultValue: null,
    example: 'pre-fix',
  },
  {
    key: 'initialReplicas',
    flag: 'initial-replicas',
    schema: count(0, MAX_REPLICAS_CAP),
    allowed: `an integer from 0 to ${MAX_REPLICAS_CAP}`,
    type: 'integer',
    help: 'spec.replicas of the settled starting CloneSet (all pods at v1, ready)',
    defaultValue: d.initialReplicas,
    example: '3',
  },
  {
    key: 'initialPartition',
    flag: 'initial-partition',
    schema: intOrPercent,
    allowed: intOrPercentDesc,
    type: 'int-or-percent',
    help: 'partition of the starting CloneSet',
    defaultValue: d.initialPartition,
    example: '1',
  },
  {
    key: 'maxReplicas',
    flag: 'max-replicas',
    schema: count(0, MAX_REPLICAS_CAP),
    allowed: `an integer from 0 to ${MAX_REPLICAS_CAP}`,
    type: 'integer',
    help: 'users may scale spec.replicas to any value in 0..N',
    defaultValue: d.maxReplicas,
    example: '5',
  },
  {
    key: 'partitions',
    flag: 'partitions',
    schema: z.array(intOrPercent).min(1).max(8),
    allowed: `a comma-separated list of 1 to 8 values, each ${intOrPercentDesc}`,
    type: 'int-or-percent-list',
    help: 'partition values users may set (with --partition-changes > 0)',
    defaultValue: d.partitions,
    example: '0,1,50%,100%',
  },
  {
    key: 'maxSurge',
    flag: 'max-surge',
    schema: intOrWholePercent,
    allowed: intOrWholePercentDesc,
    type: 'int-or-percent',
    help: 'rollingUpdate.maxSurge (maxReplicas plus the surge may be at most the 255 pods a state holds)',
    defaultValue: d.maxSurge,
    example: '1',
  },
  {
    key: 'maxUnavailable',
    flag: 'max-unavailable',
    schema: intOrWholePercent,
    allowed: intOrWholePercentDesc,
    type: 'int-or-percent',
    help: 'rollingUpdate.maxUnavailable',
    defaultValue: d.maxUnavailable,
    example: '1',
  },
  strategyValuesField('maxSurgeValues', 'max-surge', 'maxSurge', '0,1,50%'),
  strategyValuesField('maxUnavailableValues', 'max-unavailable', 'maxUnavailable', '0,1'),
  {
    key: 'podUpdatePolicy',
    flag: 'update-policy',
    schema: z.enum(['ReCreate', 'InPlaceIfPossible']),
    allowed: 'ReCreate, InPlaceIfPossible',
    type: 'choice',
    help: 'rollingUpdate.podUpdatePolicy',
    defaultValue: d.podUpdatePolicy,
    example: 'InPlaceIfPossible',
  },
  {
    key: 'updateStrategyType',
    flag: 'update-strategy-type',
    schema: z.enum(['RollingUpdate', 'OnDelete']),
    allowed: 'RollingUpdate, OnDelete',
    type: 'choice',
    help: 'spec.updateStrategy.type (v1beta1, upstream HEAD): OnDelete updates no pod; a deleted pod comes back at the revision the partition calls for',
    defaultValue: 'RollingUpdate',
    example: 'OnDelete',
  },
  {
    key: 'rollingUpdate',
    flag: 'rolling-update',
    schema: z.boolean(),
    allowed: 'true or false',
    type: 'boolean',
    help: 'false: OnDelete without a rollingUpdate block: the controller takes partition 0, maxSurge 0, maxUnavailable 20% rounded down (partition defaults to 0)',
    defaultValue: true,
    example: 'false',
  },
  {
    key: 'rollbackGate',
    flag: 'rollback-gate',
    schema: z.boolean(),
    allowed: 'true or false',
    type: 'boolean',
    help: 'the CloneSetPartitionRollback feature gate',
    defaultValue: d.rollbackGate,
    example: 'true',
  },
  {
    key: 'paused',
    flag: 'paused',
    schema: z.boolean(),
    allowed: 'true or false',
    type: 'boolean',
    help: 'rollingUpdate.paused at the start (Update does nothing, maxSurge counts as 0; Scale still runs); users pause and resume with --pause-changes',
    defaultValue: d.paused,
    example: 'true',
  },
  {
    key: 'scaleMaxUnavailable',
    flag: 'scale-max-unavailable',
    schema: intOrWholePercent,
    allowed: intOrWholePercentDesc,
    type: 'int-or-percent',
    help: 'scaleStrategy.maxUnavailable (unset: no limit)',
    defaultValue: d.scaleMaxUnavailable,
    example: '1',
  },
  {
    key: 'templates',
    flag: 'templates',
    schema: count(1, MAX_TEMPLATES),
    allowed: `an integer from 1 to ${MAX_TEMPLATES}`,
    type: 'integer',
    help: 'number of pod templates v1..vN users may roll out (v1 is the starting one)',
    defaultValue: d.templates,
    example: '3',
  },
  {
    key: 'rollouts',
    flag: 'rollouts',
    schema: countOrAny(MAX_BUDGET),
    allowed: countOrAnyDesc(MAX_BUDGET),
    type: 'count-or-any',
    help: 'how many template changes users may make (any: no limit, and no counter in the state)',
    defaultValue: d.budgets.rollouts,
    example: '2',
  },
  {
    key: 'deletes',
    flag: 'deletes',
    schema: count(0, MAX_BUDGET),
    allowed: `an integer from 0 to ${MAX_BUDGET}`,
    type: 'integer',
    help: 'how many pods users may delete',
    defaultValue: d.budgets.deletes,
    example: '1',
  },
  {
    key: 'scales',
    flag: 'scales',
    schema: countOrAny(MAX_BUDGET),
    allowed: countOrAnyDesc(MAX_BUDGET),
    type: 'count-or-any',
    help: 'how many times users may change spec.replicas (any: no limit, and no counter in the state)',
    defaultValue: d.budgets.scales,
    example: '1',
  },
  {
    key: 'partitionChanges',
    flag: 'partition-changes',
    schema: countOrAny(MAX_BUDGET),
    allowed: countOrAnyDesc(MAX_BUDGET),
    type: 'count-or-any',
    help: 'how many times users may change the partition (any: no limit, and no counter in the state)',
    defaultValue: d.budgets.partitions,
    example: '1',
  },
  {
    key: 'pauseChanges',
    flag: 'pause-changes',
    schema: countOrAny(MAX_BUDGET),
    allowed: countOrAnyDesc(MAX_BUDGET),
    type: 'count-or-any',
    help: 'how many times users may pause or resume the rollout, spec.updateStrategy.paused (any: no limit, and no counter in the state)',
    defaultValue: 0,
    example: 'any',
  },
  {
    key: 'strategyChanges',
    flag: 'strategy-changes',
    schema: countOrAny(MAX_BUDGET),
    allowed: countOrAnyDesc(MAX_BUDGET),
    type: 'count-or-any',
    help: 'how many times users may set maxSurge or maxUnavailable to another of --max-surge-values / --max-unavailable-values mid-rollout (one field an edit; any: no limit, and no counter in the state)',
    defaultValue: 0,
    example: 'any',
  },
  {
    key: 'statusWrite',
    flag: 'status-write',
    schema: z.enum(['inline', 'separate']),
    allowed: 'inline, separate',
    type: 'choice',
    help: 'separate: user actions may fall between a reconcile and its status write',
    defaultValue: d.statusWrite,
    example: 'inline',
  },
  {
    key: 'freeChoices',
    flag: 'free-choices',
    schema: z.boolean(),
    allowed: 'true or false',
    type: 'boolean',
    help: "branch over every outcome of the choices upstream leaves open (ties in its unstable sorts, the pod list's order, the same-node ranker) instead of one canonical pick",
    defaultValue: d.freeChoices ?? false,
    example: 'true',
  },
  // Issue #14: what the controller sees. Off by default (absent from DEFAULT_SCENARIO): the ideal observer.
  {
    key: 'staleReads',
    flag: 'stale-reads',
    schema: count(0, MAX_STALE_READS),
    allowed: `an integer from 0 to ${MAX_STALE_READS}`,
    type: 'integer',
    help: "the controller's CloneSet cache may lag the API server by up to N versions (0: never; a cache-sync step catches up)",
    defaultValue: 0,
    example: '1',
  },
  {
    key: 'staleRevisions',
    flag: 'stale-revisions',
    schema: z.boolean(),
    allowed: 'true or false',
    type: 'boolean',
    help: "the controller's ControllerRevision cache may lack the last revision a reconcile created or renumbered (a revision-cache-sync step delivers it)",
    defaultValue: false,
    example: 'true',
  },
  {
    key: 'statusWriteFailures',
    flag: 'status-write-failures',
    schema: count(0, MAX_BUDGET),
    allowed: `an integer from 0 to ${MAX_BUDGET}`,
    type: 'integer',
    help: 'how many status writes may fail (the reconcile is retried later; separate status-write mode)',
    defaultValue: 0,
    example: '1',
  },
  {
    key: 'podWriteFailures',
    flag: 'pod-write-failures',
    schema: count(0, MAX_POD_WRITE_FAILURES),
    allowed: `an integer from 0 to ${MAX_POD_WRITE_FAILURES}`,
    type: 'integer',
    help: 'reconciles that may have a pod write fail (create, delete or patch refused by the API server): the writes before it land, the status is still written',
    defaultValue: 0,
    example: '1',
  },
  {
    key: 'podWriteTimeouts',
    flag: 'pod-write-timeouts',
    schema: z.boolean(),
    allowed: 'true or false',
    type: 'boolean',
    help: 'a failing pod write (--pod-write-failures) may instead time out: it lands, the controller sees an error and (upstream) awaits nothing of it; proposed re-issues it until the answer says whether it landed, and with --expectations timeout keeps the expectation of a timed-out creation that never landed',
    defaultValue: false,
    example: 'true',
  },
  {
    key: 'expectations',
    flag: 'expectations',
    schema: z.enum(EXPECTATIONS_MODES),
    allowed: EXPECTATIONS_MODES.join(', '),
    type: 'choice',
    help: "ideal: pod changes reach the controller's cache at once; upstream: by a step, and scale/resourceVersion expectations make a reconcile wait for its own writes; timeout: and scale expectations may expire (ForceDeleteTimeoutExpectationGate)",
    defaultValue: 'ideal',
    example: 'upstream',
  },
  // Users and kubelet (issue #14, item 5): each off by default.
  {
    key: 'userMarks',
    flag: 'user-marks',
    schema: count(0, MAX_BUDGET),
    allowed: `an integer from 0 to ${MAX_BUDGET}`,
    type: 'integer',
    help: 'how many pods users may mark for deletion (specified-delete label / scaleStrategy.podsToDelete)',
    defaultValue: 0,
    example: '1',
  },
  {
    key: 'podFailures',
    flag: 'pod-failures',
    schema: count(0, MAX_BUDGET),
    allowed: `an integer from 0 to ${MAX_BUDGET}`,
    type: 'integer',
    help: 'how many times the kubelet may take a pod down (a ready pod becomes unready, or a pod fails)',
    defaultValue: 0,
    example: '1',
  },
  {
    key: 'preparingReady',
    flag: 'preparing-ready',
    schema: z.boolean(),
    allowed: 'true or false',
    type: 'boolean',
    help: 'the kubelet may report a PreparingNormal pod ready before the controller moves it to Normal',
    defaultValue: false,
    example: 'true',
  },
  {
    key: 'inPlaceKubelet',
    flag: 'in-place-kubelet',
    schema: z.boolean(),
    allowed: 'true or false',
    type: 'boolean',
    help: 'in-place update completion is a kubelet step (otherwise the next refresh completes it)',
    defaultValue: false,
    example: 'true',
  },
  {
    key: 'minReadySeconds',
    flag: 'min-ready-seconds',
    schema: count(0, MAX_INT32),
    allowed: `an integer from 0 to ${MAX_INT32}`,
    type: 'integer',
    help: 'spec.minReadySeconds: above 0 a pod the kubelet reports ready becomes available by a later step of its own, and counts as unavailable until then (every value above 0 explores the same window)',
    defaultValue: 0,
    example: '10',
  },
  {
    key: 'progressDeadline',
    flag: 'progress-deadline',
    schema: z.boolean(),
    allowed: 'true or false',
    type: 'boolean',
    help: 'spec.progressDeadlineSeconds is set: the controller keeps the Progressing condition in the status, and a step of time passes the deadline (every value explores the same deadline); checks deadline-from-progress by default',
    defaultValue: false,
    example: 'true',
  },
  // Lifecycle hooks (issue #14, item 3): each off by default.
  {
    key: 'lifecycleHooks',
    flag: 'lifecycle-hooks',
    schema: z.enum(LIFECYCLE_HOOK_CHOICES),
    allowed: LIFECYCLE_HOOK_CHOICES.join(', '),
    type: 'choice',
    help: "spec.lifecycle hooks (labelsHandler) on every pod, released by the hook's owner: preDelete holds deleted pods in PreparingDelete, inPlaceUpdate holds pods in PreparingUpdate / Updated",
    defaultValue: 'none',
    example: 'both',
  },
  {
    key: 'preparingUpdateAsUpdate',
    flag: 'preparing-update-as-update',
    schema: z.boolean(),
    allowed: 'true or false',
    type: 'boolean',
    help: 'the PreparingUpdateAsUpdate feature gate (Scale counts PreparingUpdate pods as updated)',
    defaultValue: false,
    example: 'true',
  },
  {
    key: 'excludePreparingDelete',
    flag: 'exclude-preparing-delete',
    schema: z.boolean(),
    allowed: 'true or false',
    type: 'boolean',
    help: 'the CloneSet label apps.kruise.io/cloneset-scaling-exclude-preparing-delete (v1beta1: scaleStrategy.excludePreparingDelete): PreparingDelete pods do not count toward replicas',
    defaultValue: false,
    example: 'true',
  },
]);

/** Scenario fields by config key, typed from their schemas; absent when neither a flag nor the config sets one. */
export type ScenarioFieldValues = { readonly [F in (typeof SCENARIO_FIELDS)[number] as F['key']]?: z.output<F['schema']> };

/**
 * `simulate` walks one path at a time, so its bounds are not limited by the state space: the same fields
 * (same keys, flags and help) with larger caps on replicas and action budgets.
 */
export const SIMULATION_MAX_REPLICAS_CAP = 200;
/** A budget is one byte of a state's encoding (model/cloneset/codec.ts), which simulate's coverage counts by. */
export const SIMULATION_MAX_BUDGET = 255;

const REPLICA_KEYS: readonly string[] = ['initialReplicas', 'maxReplicas'];
/** Budgets that may be "any" (see countOrAny), and the one that is always a count. */
const ANY_BUDGET_KEYS: readonly string[] = ['rollouts', 'scales', 'partitionChanges', 'pauseChanges', 'strategyChanges'];
const COUNT_BUDGET_KEYS: readonly string[] = ['deletes', 'userMarks', 'podFailures'];

export function fieldsWithCaps(fields: readonly FieldSpec[], maxReplicas: number, maxBudget: number): readonly FieldSpec[] {
  return fields.map((f) => {
    if (REPLICA_KEYS.includes(f.key)) return { ...f, schema: count(0, maxReplicas), allowed: `an integer from 0 to ${maxReplicas}` };
    if (ANY_BUDGET_KEYS.includes(f.key)) return { ...f, schema: countOrAny(maxBudget), allowed: countOrAnyDesc(maxBudget) };
    if (COUNT_BUDGET_KEYS.includes(f.key)) return { ...f, schema: count(0, maxBudget), allowed: `an integer from 0 to ${maxBudget}` };
    return f;
  });
}

export const SIMULATION_FIELDS: readonly FieldSpec[] = fieldsWithCaps(SCENARIO_FIELDS, SIMULATION_MAX_REPLICAS_CAP, SIMULATION_MAX_BUDGET);
