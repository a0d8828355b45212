/**
 * Command options that are not scenario fields (output, limits, property selection), declared once per
 * command so that parsing and `--help` come from the same table. Each option keeps its flag and zod schema
 * in its type, so a command's parsed options are typed from the schemas (`OptionValues`), never cast.
 */
import { z } from 'zod';
import { PROPERTY_NAMES } from '../model/cloneset/properties.js';

export interface OptionSpec<S extends z.ZodType = z.ZodType> {
  readonly flag: string;
  readonly short?: string;
  readonly kind: 'string' | 'boolean';
  readonly multiple?: boolean;
  /** Validates the raw string (or true) of one occurrence; its output is the option's value. */
  readonly schema: S;
  readonly allowed: string;
  readonly help: string;
  readonly defaultValue: unknown;
  /** The command refuses to run without it (help says "required" instead of a default). */
  readonly required?: boolean;
  readonly example: string;
}

/** Declares an option, keeping its flag, `multiple` and schema as literal types for `OptionValues`. */
export const option = <const O extends OptionSpec>(o: O): O => o;

/** The parsed value of one option: its schema's output, or a list of them for a repeatable option. */
export type OptionValue<O extends OptionSpec> = O extends { readonly multiple: true }
  ? readonly z.output<O['schema']>[]
  : z.output<O['schema']>;

/** The parsed options of a command, by flag; absent when not given. */
export type OptionValues<Os extends readonly OptionSpec[]> = { readonly [O in Os[number] as O['flag']]?: OptionValue<O> };

const positiveInt = z.string().regex(/^\d+$/, 'digits').transform(Number).pipe(z.number().int().min(1));
/** Seconds as digits with an optional fraction: what `allowed` says, so 1e-3 is refused as it describes. */
export const positiveNumber = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'a number')
  .transform(Number)
  .pipe(z.number().positive());

export const SECONDS_ALLOWED = 'a positive number of seconds in digits, such as 60 or 0.5';

export const OUT = option({
  flag: 'out',
  kind: 'string',
  schema: z.string().min(1),
  allowed: 'a directory path',
  help: 'directory for traces, pictures and reports',
  defaultValue: 'out',
  example: 'out/run1',
});
export const JSON_OUT = option({
  flag: 'json',
  kind: 'boolean',
  schema: z.literal(true),
  allowed: 'no value',
  help: 'print one JSON object on stdout instead of text',
  defaultValue: false,
  example: '',
});
export const QUIET = option({
  flag: 'quiet',
  short: 'q',
  kind: 'boolean',
  schema: z.literal(true),
  allowed: 'no value',
  help: 'print nothing but errors and, with --json, the JSON document (exit code tells)',
  defaultValue: false,
  example: '',
});
export const CONFIG = option({
  flag: 'config',
  kind: 'string',
  schema: z.string().min(1),
  allowed: 'a JSON or YAML file',
  help: 'scenario file (flags override its fields)',
  defaultValue: null,
  example: 'examples/issue-1545.yaml',
});
export const CLONESET = option({
  flag: 'cloneset',
  kind: 'string',
  schema: z.string().min(1),
  allowed:
    'an apps.kruise.io/v1alpha1 CloneSet manifest, or a v1beta1 one as upstream HEAD serves it (YAML, one CloneSet among its documents or a List’s items, or JSON)',
  help: 'take replicas, updateStrategy (type, partition, maxSurge, maxUnavailable, paused; v1beta1: the rollingUpdate block, OnDelete), scaleStrategy (maxUnavailable; v1beta1: excludePreparingDelete) and lifecycle hooks from a CloneSet; user-action budgets still come from flags or --config. Precedence: flags > --cloneset > --config > defaults',
  defaultValue: null,
  example: 'examples/cloneset.yaml',
});
export const PROPERTY = option({
  flag: 'property',
  kind: 'string',
  multiple: true,
  schema: z.enum(PROPERTY_NAMES),
  allowed: PROPERTY_NAMES.join(', '),
  help: 'check only this property (repeatable). Without it: every property but the opt-in settled-canary, status-monotonic and no-resurrection. Beside each verdict the run also says whether the behaviour the property constrains was reached (its witness; docs/findings.md)',
  defaultValue: 'all but the opt-in ones',
  example: 'canary-respected',
});
export const MAX_DEPTH = option({
  flag: 'max-depth',
  kind: 'string',
  schema: positiveInt,
  allowed: 'a positive integer',
  help: 'do not explore beyond this many steps',
  defaultValue: null,
  example: '30',
});
export const MAX_STATES = option({
  flag: 'max-states',
  kind: 'string',
  schema: positiveInt,
  allowed: 'a positive integer',
  help: 'stop after this many distinct states',
  defaultValue: null,
  example: '1000000',
});
export const TIME_LIMIT = option({
  flag: 'time-limit',
  kind: 'string',
  schema: positiveNumber,
  allowed: SECONDS_ALLOWED,
  help: 'stop after this many seconds per run',
  defaultValue: null,
  example: '60',
});
export const MEMORY_LIMIT = option({
  flag: 'memory-limit',
  kind: 'string',
  schema: positiveInt,
  allowed: 'a positive integer (MiB)',
  help: "stop before the explorer's tables pass this many MiB (the run ends incomplete)",
  defaultValue: 'derived from available memory at start (half of MemAvailable or the cgroup room, less 128 MiB)',
  example: '4096',
});
export const EXACT = option({
  flag: 'exact',
  kind: 'boolean',
  schema: z.literal(true),
  allowed: 'no value',
  help: 'store full states (no fingerprint collisions possible)',
  defaultValue: false,
  example: '',
});
export const REDUCTION = option({
  flag: 'reduction',
  kind: 'boolean',
  schema: z.literal(true),
  allowed: 'no value',
  help: 'partial-order reduction: skip interleavings of a waiting status write (--status-write separate); same verdicts and traces, fewer states; no witnesses',
  defaultValue: false,
  example: '',
});
export const HASH_COMPACT = option({
  flag: 'hash-compact',
  kind: 'boolean',
  schema: z.literal(true),
  allowed: 'no value',
  help:
    'probabilistic search for scopes beyond memory: hash compaction, 40 bits of each state in 4 bytes (about half the memory); ' +
    "may miss states, so a run without a violation says 'no violation found (probabilistic)', never holds; skips converges; one thread",
  defaultValue: false,
  example: '',
});
export const WORKERS = option({
  flag: 'workers',
  kind: 'string',
  schema: positiveInt.pipe(z.number().max(64)),
  allowed: 'an integer from 1 to 64',
  help: 'explore with this many threads; the counts and counterexamples are those of one thread (a run that --max-states or the memory limit stops is re-run on one thread)',
  defaultValue: 1,
  example: '2',
});
export const NO_SVG = option({
  flag: 'no-svg',
  kind: 'boolean',
  schema: z.literal(true),
  allowed: 'no value',
  help: 'write DOT and JSON traces but no SVG',
  defaultValue: false,
  example: '',
});
export const HELP = option({
  flag: 'help',
  short: 'h',
  kind: 'boolean',
  schema: z.literal(true),
  allowed: 'no value',
  help: 'show this help',
  defaultValue: false,
  example: '',
});

// Options of replay, export and graph.

export const EXPORT_FORMATS = ['itf', 'dot', 'svg', 'text', 'json', 'issue', 'kubectl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const FORMAT = option({
  flag: 'format',
  short: 'f',
  kind: 'string',
  schema: z.enum(EXPORT_FORMATS),
  allowed: EXPORT_FORMATS.join(', '),
  help: 'itf: Informal Trace Format (Apalache, Quint); dot/svg: the trace diagram; text: the terminal rendering; json: the normalised trace; issue: a Markdown bug report for upstream (openkruise/kruise); kubectl: a bash reproduction for a cluster with OpenKruise (prints REPRODUCED or NOT REPRODUCED)',
  defaultValue: null,
  required: true,
  example: 'itf',
});
export const OUTPUT = option({
  flag: 'output',
  short: 'o',
  kind: 'string',
  schema: z.string().min(1),
  allowed: 'a file path other than the input trace',
  help: 'write to this file (atomically) instead of stdout',
  defaultValue: 'stdout',
  example: 'trace.itf.json',
});
/** The largest --max-nodes: Graphviz needs minutes past it. */
export const MAX_NODES_CAP = 20000;
export const MAX_NODES = option({
  flag: 'max-nodes',
  kind: 'string',
  schema: positiveInt.pipe(z.number().max(MAX_NODES_CAP)),
  allowed: `an integer from 1 to ${MAX_NODES_CAP}`,
  help: 'draw every state of a scenario with at most this many; past it the quotient is drawn instead, or, with --max-nodes given, nothing (exit 3)',
  defaultValue: 2000,
  example: '500',
});
export const QUOTIENT = option({
  flag: 'quotient',
  kind: 'boolean',
  schema: z.literal(true),
  allowed: 'no value',
  help: 'draw states grouped by status revisions × pods per revision, edges counted by action kind',
  defaultValue: false,
  example: '',
});
export const QUOTIENT_MAX_STATES = option({
  flag: 'max-states',
  kind: 'string',
  schema: positiveInt.pipe(z.number().max(2000000)),
  allowed: 'an integer from 1 to 2000000',
  help: 'for a quotient: refuse scenarios with more distinct states than this',
  defaultValue: 200000,
  example: '500000',
});

// Output directories (cli/output.ts): files there that cloneset-check did not write are never replaced without it.
export const FORCE = option({
  flag: 'force',
  kind: 'boolean',
  schema: z.literal(true),
  allowed: 'no value',
  help: 'replace files in --out that cloneset-check did not write (or that were changed since) when this run writes the same names',
  defaultValue: false,
  example: '',
});
