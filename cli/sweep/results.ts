/**
 * Sweep results: a cell's outcome, the shard result file (`sweep --shard`), reading such files back with
 * every check `merge` needs, and the findings table (Markdown and JSON) that an unsharded sweep and a merge
 * both render from the same data, so that they are byte-identical. No timings anywhere in these files: the
 * same grid gives the same bytes on any machine, in any number of shards.
 */
import { z } from 'zod';
import type { Verdict } from '../../checker/index.js';
import { parseJsonStrict } from '../../traces/strict-json.js';
import { InputError, quote } from '../errors.js';
import { readInputText } from '../input-file.js';
import type { PropertyOutcome, RunOutcome } from '../run.js';
import { packageVersion } from '../version.js';
import { cellAt, cellCount, gridHash, gridJson, parseGrid, type Cell, type Grid } from './grid.js';
import { shardIndices, shardName, type Shard } from './shard.js';

/** Bumped when the result files change shape; merge refuses files of another format. */
export const FORMAT = 1;
export const FINDINGS_MD = 'findings.md';
export const FINDINGS_JSON = 'findings.json';
export const shardFileName = (s: Shard): string => `sweep-shard-${s.index}-of-${s.count}.json`;

export interface PropertyResult {
  readonly verdict: Verdict;
  /** Steps of the shortest counterexample; null when violated without a trace. Absent unless violated. */
  readonly steps?: number | null;
  readonly message?: string;
  /** Whether the behaviour the property constrains was reached (check's witness); absent if it has none. */
  readonly witness?: WitnessResult;
}

export interface WitnessResult {
  readonly name: string;
  readonly status: 'reached' | 'unreached' | 'unknown';
  /** Steps to the nearest state where it was reached. */
  readonly steps?: number;
}

export interface CellResult {
  readonly index: number;
  readonly axes: Readonly<Record<string, unknown>>;
  readonly scenario: unknown;
  readonly verdict: Verdict;
  /** Which limit stopped the search (maxDepth, maxStates), or null. */
  readonly limit: string | null;
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly properties: Readonly<Record<string, PropertyResult>>;
}

export function cellResult(cell: Cell, run: RunOutcome): CellResult {
  const r = run.result;
  return {
    index: cell.index,
    axes: cell.axes,
    scenario: run.scenario,
    verdict: run.verdict,
    limit: r.limit ?? null,
    states: r.stats.states,
    transitions: r.stats.transitions,
    depth: r.stats.depth,
    properties: Object.fromEntries(run.properties.map((p) => [p.name, propertyResult(p)])),
  };
}

function propertyResult(p: PropertyOutcome): PropertyResult {
  const w = p.witness;
  const witness: { witness?: WitnessResult } =
    w === undefined ? {} : { witness: { name: w.name, status: w.status, ...(w.steps !== undefined ? { steps: w.steps } : {}) } };
  return p.verdict === 'violated'
    ? { verdict: p.verdict, steps: p.traceLength ?? null, message: p.message ?? '', ...witness }
    : { verdict: p.verdict, ...witness };
}

export function shardFileJson(grid: Grid, shard: Shard, results: readonly CellResult[]): string {
  const doc = {
    'cloneset-check': 'sweep-shard',
    format: FORMAT,
    tool: packageVersion(),
    gridHash: gridHash(grid),
    grid: gridJson(grid),
    cells: cellCount(grid),
    shard,
    results,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

const verdict = z.enum(['holds', 'violated', 'incomplete']);
const count = z.number().int().min(0);
const cellSchema = z.strictObject({
  index: count,
  axes: z.record(z.string(), z.unknown()),
  scenario: z.unknown(),
  verdict,
  limit: z.string().nullable(),
  states: count,
  transitions: count,
  depth: count,
  properties: z.record(
    z.string(),
    z.strictObject({
      verdict,
      steps: count.nullable().optional(),
      message: z.string().optional(),
      witness: z
        .strictObject({ name: z.string(), status: z.enum(['reached', 'unreached', 'unknown']), steps: count.optional() })
        .optional(),
    }),
  ),
});
const shardFileSchema = z.strictObject({
  'cloneset-check': z.literal('sweep-shard'),
  format: z.literal(FORMAT),
  tool: z.string(),
  gridHash: z.string().regex(/^[0-9a-f]{64}$/),
  grid: z.unknown(),
  cells: count,
  shard: z.strictObject({ index: count, count: count.min(1) }),
  results: z.array(cellSchema),
});

export interface ShardFile {
  readonly path: string;
  readonly tool: string;
  readonly hash: string;
  readonly grid: Grid;
  readonly shard: Shard;
  readonly results: readonly CellResult[];
}

const EXPECTED_RESULT = 'a result file written by cloneset-check sweep --shard I/N (sweep-shard-I-of-N.json)';

/** A shard result file, checked in full: its grid against its hash, its cells against the grid. */
export function readShardFile(path: string): ShardFile {
  const where = JSON.stringify(path);
  const read = readInputText(path);
  if (!read.ok) throw new InputError('RESULT', `file ${where} ${read.why}; expected ${EXPECTED_RESULT}`);
  const decoded = parseJsonStrict(read.text);
  if (!decoded.ok)
    throw new InputError(
      'RESULT',
      `${where} is ${decoded.message}${decoded.path === '$' ? '' : ` at ${decoded.path}`}; expected ${EXPECTED_RESULT}`,
    );
  const parsed = shardFileSchema.safeParse(decoded.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.length === 0 ? 'at the top level' : `in field ${issue.path.join('.')}`;
    const kind = (decoded.value as { 'cloneset-check'?: unknown } | null)?.['cloneset-check'];
    const what = kind === 'sweep-shard' ? `is wrong ${at} (${issue.message})` : 'is not a sweep shard result';
    throw new InputError('RESULT', `${where} ${what}; expected ${EXPECTED_RESULT} of format ${FORMAT}`);
  }
  const d = parsed.data;
  const grid = parseGrid(d.grid, `the grid in ${path}`);
  const hash = gridHash(grid);
  if (hash !== d.gridHash)
    throw new InputError('RESULT', `${where}: its grid does not match its gridHash (the file was edited); expected ${EXPECTED_RESULT}`);
  const size = cellCount(grid);
  if (d.cells !== size)
    throw new InputError('RESULT', `${where}: says ${d.cells} cells, its grid has ${size}; expected ${EXPECTED_RESULT}`);
  const shard: Shard = d.shard;
  if (shard.index >= shard.count) throw new InputError('RESULT', `${where}: shard ${shardName(shard)} is not a shard (I must be below N)`);
  const want = shardIndices(size, shard);
  const got = d.results.map((r) => r.index);
  if (JSON.stringify(got) !== JSON.stringify(want))
    throw new InputError('RESULT', `${where}: the cells of shard ${shardName(shard)} should be ${quote(want)}, the file has ${quote(got)}`);
  for (const r of d.results) {
    const cell = cellAt(grid, r.index);
    if (JSON.stringify(r.axes) !== JSON.stringify(cell.axes) || JSON.stringify(r.scenario) !== JSON.stringify(cell.scenario))
      throw new InputError('RESULT', `${where}: cell ${r.index} is not the grid's cell ${r.index} (the file was edited)`);
    const names = Object.keys(r.properties);
    if (JSON.stringify(names) !== JSON.stringify(grid.properties))
      throw new InputError('RESULT', `${where}: cell ${r.index} has properties ${quote(names)}, the grid checks ${quote(grid.properties)}`);
    const problem = inconsistency(r as CellResult);
    if (problem !== null) throw new InputError('RESULT', `${where}: cell ${r.index}: ${problem} (the file was edited)`);
  }
  return { path, tool: d.tool, hash, grid, shard, results: d.results as CellResult[] };
}

/**
 * What in a cell's result contradicts the rest of it, as `check` derives one from another (cli/run.ts): the
 * cell's verdict from its properties', a property's `incomplete` from the limit, and steps and a message on
 * violations only. Null when it is consistent. A merged table would otherwise contradict itself.
 */
function inconsistency(r: CellResult): string | null {
  const props = Object.entries(r.properties);
  const violated = props.filter(([, p]) => p.verdict === 'violated').map(([n]) => n);
  const overall = violated.length > 0 ? 'violated' : props.some(([, p]) => p.verdict === 'incomplete') ? 'incomplete' : 'holds';
  if (r.verdict !== overall)
    return `verdict ${JSON.stringify(r.verdict)}, but its properties make it ${JSON.stringify(overall)}${violated.length > 0 ? ` (${violated.join(', ')} violated)` : ''}`;
  for (const [name, p] of props) {
    const at = `properties.${name}`;
    if (p.verdict === 'violated') {
      if (p.message === undefined || p.steps === undefined) return `${at} is violated without its steps and message`;
      continue;
    }
    if (p.steps !== undefined || p.message !== undefined) return `${at} is ${p.verdict} but has a counterexample's steps or message`;
    if (p.verdict === 'incomplete' && r.limit === null) return `${at} is incomplete, but no limit stopped the cell (limit null)`;
    if (p.verdict === 'holds' && r.limit !== null)
      return `${at} holds, but a limit stopped the cell (${r.limit}): it can only be incomplete`;
  }
  return null;
}

export interface Findings {
  readonly grid: Grid;
  /** By cell index; a missing cell (its shard not given, with --allow-missing) is absent. */
  readonly results: readonly CellResult[];
  readonly missingShards: readonly Shard[];
}

/**
 * Joins shard files into the findings of the whole grid. Refused: files of different grids or tool
 * versions, shard counts that differ, a shard given twice; missing shards unless `allowMissing`.
 */
export function mergeShards(files: readonly ShardFile[], allowMissing: boolean): Findings {
  const first = files[0];
  if (first === undefined) throw new InputError('RESULT', `none given; expected one or more ${EXPECTED_RESULT}`);
  for (const f of files.slice(1)) {
    if (f.hash !== first.hash)
      throw new InputError(
        'RESULT',
        `${JSON.stringify(f.path)} is from another grid than ${JSON.stringify(first.path)} (grid ${f.hash.slice(0, 12)} vs ${first.hash.slice(0, 12)}); give the shards of one sweep`,
      );
    if (f.tool !== first.tool)
      throw new InputError(
        'RESULT',
        `${JSON.stringify(f.path)} was written by cloneset-check ${f.tool}, ${JSON.stringify(first.path)} by ${first.tool}; rerun the shards with one version`,
      );
    if (f.shard.count !== first.shard.count)
      throw new InputError(
        'RESULT',
        `${JSON.stringify(f.path)} is shard ${shardName(f.shard)}, ${JSON.stringify(first.path)} is shard ${shardName(first.shard)}; give the shards of one --shard I/N split (same N)`,
      );
  }
  const byIndex = new Map<number, ShardFile>();
  for (const f of files) {
    const other = byIndex.get(f.shard.index);
    if (other !== undefined)
      throw new InputError(
        'RESULT',
        `shard ${shardName(f.shard)} is given twice (${JSON.stringify(other.path)}, ${JSON.stringify(f.path)}); give each shard once`,
      );
    byIndex.set(f.shard.index, f);
  }
  const n = first.shard.count;
  const missingShards: Shard[] = [];
  for (let i = 0; i < n; i++) if (!byIndex.has(i)) missingShards.push({ index: i, count: n });
  if (missingShards.length > 0 && !allowMissing) {
    const shown = missingShards.slice(0, 10).map(shardName).join(', ') + (missingShards.length > 10 ? ', …' : '');
    throw new InputError('RESULT', `shards missing: ${shown} (of ${n}); give every shard's result, or --allow-missing for a partial table`);
  }
  const results = files.flatMap((f) => f.results).sort((a, b) => a.index - b.index);
  return { grid: first.grid, results, missingShards };
}

// A holds whose witness a complete search never reached is vacuous: check says so beside it, and so does the table.
const cellText = (p: PropertyResult): string =>
  p.verdict === 'holds' && p.witness?.status === 'unreached'
    ? 'holds (vacuous)'
    : p.verdict !== 'violated'
      ? p.verdict
      : p.steps === null || p.steps === undefined
        ? 'violated (no trace)'
        : `violated (${p.steps} steps)`;

const valueText = (v: unknown): string => (Array.isArray(v) ? `[${v.join(', ')}]` : String(v));

function summary(f: Findings): { holds: number; violated: number; incomplete: number; missing: number } {
  const s = { holds: 0, violated: 0, incomplete: 0, missing: cellCount(f.grid) - f.results.length };
  // Sweep cells run exhaustive searches only: never 'no-violation-found' (check --hash-compact).
  for (const r of f.results) if (r.verdict !== 'no-violation-found') s[r.verdict]++;
  return s;
}

export function findingsJson(f: Findings): string {
  const doc = {
    'cloneset-check': 'sweep',
    format: FORMAT,
    tool: packageVersion(),
    gridHash: gridHash(f.grid),
    grid: gridJson(f.grid),
    cells: cellCount(f.grid),
    complete: f.missingShards.length === 0,
    missingShards: f.missingShards,
    summary: summary(f),
    results: f.results,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function findingsMarkdown(f: Findings): string {
  const g = f.grid;
  const size = cellCount(g);
  const out: string[] = ['# cloneset-check sweep', ''];
  const dims = g.axes.map((a) => `${a.key} (${a.values.length})`).join(' × ');
  out.push(
    `Grid \`${gridHash(g).slice(0, 12)}\` (sha256): ${size} cell${size === 1 ? '' : 's'} = ${dims}; cloneset-check ${packageVersion()}.`,
    '',
  );
  const base = Object.entries(g.scenario).map(([k, v]) => `${k} ${valueText(v)}`);
  out.push(`Base scenario: ${base.length === 0 ? 'the defaults' : `${base.join(', ')}; the rest the defaults`}.`);
  out.push(
    `Limits: maxDepth ${g.limits.maxDepth ?? 'none'}, maxStates ${g.limits.maxStates ?? 'none'}. ` +
      'Cells are numbered with the axes in this order, the last varying fastest.',
    '',
  );
  const head = ['cell', ...g.axes.map((a) => a.key), ...g.properties, 'states', 'depth'];
  out.push(`| ${head.join(' | ')} |`, `| ${head.map((_, i) => (i === 0 || i >= head.length - 2 ? '---:' : '---')).join(' | ')} |`);
  const byIndex = new Map(f.results.map((r) => [r.index, r]));
  for (let i = 0; i < size; i++) {
    const r = byIndex.get(i);
    const axes = g.axes.map((a) => valueText(cellAt(g, i).axes[a.key]));
    const row =
      r === undefined
        ? [...g.properties.map(() => 'not run'), '', '']
        : [...g.properties.map((p) => cellText(r.properties[p]!)), r.states.toLocaleString('en-US'), String(r.depth)];
    out.push(`| ${[String(i), ...axes, ...row].join(' | ')} |`);
  }
  out.push('');
  const violations = g.properties.flatMap((p) => {
    const at = f.results.filter((r) => r.properties[p]?.verdict === 'violated').map((r) => r.index);
    return at.length === 0 ? [] : [`- ${p}: violated in cell${at.length === 1 ? '' : 's'} ${at.join(', ')}`];
  });
  const s = summary(f);
  out.push(
    `Findings: ${s.violated} of ${size} cells violate a property, ${s.holds} hold, ${s.incomplete} incomplete${s.missing > 0 ? `, ${s.missing} not run` : ''}.`,
  );
  if (violations.length > 0) out.push('', ...violations);
  const stopped = f.results.filter((r) => r.limit !== null);
  if (stopped.length > 0)
    out.push(
      '',
      `Stopped by a limit (verdicts without a violation there are not proofs): cells ${stopped.map((r) => `${r.index} (${r.limit})`).join(', ')}.`,
    );
  if (f.missingShards.length > 0) out.push('', `Missing shards: ${f.missingShards.map(shardName).join(', ')} — this table is partial.`);
  out.push(
    '',
    "`holds`: no violation in any state reachable within the cell's bounds; `holds (vacuous)`: and the behaviour the property " +
      'constrains was never reached (its witness, as `check` shows it); `violated (n steps)`: the shortest counterexample has n steps ' +
      '(rerun the cell with `cloneset-check check` and its fields to get the trace).',
  );
  return `${out.join('\n')}\n`;
}

/** The exit code a set of findings calls for, as `check`'s: 1 violated, 3 incomplete or partial, else 0. */
export function findingsExit(f: Findings): 0 | 1 | 3 {
  const s = summary(f);
  if (s.violated > 0) return 1;
  if (s.incomplete > 0 || s.missing > 0) return 3;
  return 0;
}
