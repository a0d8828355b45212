/**
 * Sweep grids: a base scenario, axes (lists of values for scenario fields), the properties and the
 * deterministic limits; and the cells of their cartesian product, in one fixed order that every shard and
 * every machine computes alike.
 *
 * Cell order: the axes are taken in the order of the scenario field table (cli/fields.ts: controller,
 * initialReplicas, initialPartition, maxReplicas, partitions, …), whatever order the file lists them in;
 * within an axis, values keep the file's order; the last axis varies fastest (like nested loops, the
 * first axis outermost). Cell i has, for axis k, value index ⌊i / (product of the later axes' sizes)⌋ mod
 * its own size. Without a controller in the base or the axes, controller is an axis over every variant
 * (as `check` runs every variant).
 */
import { createHash } from 'node:crypto';
import { defaultPropertyNames, PROPERTY_NAMES, type PropertyName } from '../../model/cloneset/properties.js';
import { CONTROLLER_VARIANTS } from '../../model/controller/promotion.js';
import type { Scenario } from '../../model/cloneset/scenario.js';
import { checkFields } from '../args.js';
import { readDataFile } from '../config.js';
import { InputError, quote } from '../errors.js';
import { SCENARIO_FIELDS, type ScenarioFieldValues } from '../fields.js';
import { buildScenario } from '../scenario.js';

/** A grid larger than this is a typo, not a sweep (each cell is a full exhaustive check). */
export const MAX_CELLS = 10000;
/** Values per axis. */
export const MAX_AXIS_VALUES = 64;

const EXPECTED_GRID =
  'a YAML or JSON mapping with scenario (base scenario fields), axes (scenario field → list of values), optional properties and limits (maxDepth, maxStates), e.g. examples/sweep.yaml';
const TOP_KEYS = ['scenario', 'axes', 'properties', 'limits'] as const;
const LIMIT_KEYS = ['maxDepth', 'maxStates'] as const;

export interface GridLimits {
  readonly maxDepth: number | null;
  readonly maxStates: number | null;
}

export interface Axis {
  /** A scenario field's config key. */
  readonly key: string;
  readonly values: readonly unknown[];
}

/** A grid in its normal form: the same grid always has the same normal form (and so the same hash). */
export interface Grid {
  /** Base scenario fields, in field-table order; never a field that is also an axis. */
  readonly scenario: ScenarioFieldValues;
  /** In field-table order (the cell order depends on it). */
  readonly axes: readonly Axis[];
  readonly properties: readonly PropertyName[];
  readonly limits: GridLimits;
}

export interface Cell {
  readonly index: number;
  /** The cell's value of each axis, by key, in axis order. */
  readonly axes: Readonly<Record<string, unknown>>;
  readonly scenario: Scenario;
}

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `where` names the file (or result file) the grid came from, for messages. */
export function parseGrid(data: unknown, where: string): Grid {
  if (!isMapping(data)) throw new InputError(where, `does not hold a mapping; expected ${EXPECTED_GRID}`);
  for (const k of Object.keys(data))
    if (!(TOP_KEYS as readonly string[]).includes(k))
      throw new InputError(`${k} in ${where}`, `unknown field; allowed: ${TOP_KEYS.join(', ')}`);
  const rawBase = data.scenario ?? {};
  if (!isMapping(rawBase)) throw new InputError(`scenario in ${where}`, `expected a mapping of scenario fields, got ${quote(rawBase)}`);
  const rawAxes = data.axes;
  if (!isMapping(rawAxes) || Object.keys(rawAxes).length === 0)
    throw new InputError(`axes in ${where}`, `expected a mapping of scenario fields to lists of values, got ${quote(rawAxes)}`);

  const allowed = SCENARIO_FIELDS.map((f) => f.key).join(', ');
  for (const k of [...Object.keys(rawBase), ...Object.keys(rawAxes)])
    if (SCENARIO_FIELDS.every((f) => f.key !== k)) throw new InputError(`${k} in ${where}`, `unknown scenario field; allowed: ${allowed}`);
  const base = checkFields(
    SCENARIO_FIELDS.filter((f) => f.key in rawBase).map((field) => ({
      field,
      value: rawBase[field.key],
      where: `scenario.${field.key} in ${where}`,
    })),
  );

  const axes: Axis[] = [];
  for (const field of SCENARIO_FIELDS) {
    if (!(field.key in rawAxes)) continue;
    const at = `axes.${field.key} in ${where}`;
    if (field.key in rawBase) throw new InputError(at, 'also set in scenario; give a field either a base value or an axis, not both');
    const values = rawAxes[field.key];
    if (!Array.isArray(values) || values.length === 0 || values.length > MAX_AXIS_VALUES)
      throw new InputError(at, `expected a list of 1 to ${MAX_AXIS_VALUES} values, each ${field.allowed}; got ${quote(values)}`);
    const checked = values.map((v, i) => {
      const one: Readonly<Record<string, unknown>> = checkFields([{ field, value: v, where: `axes.${field.key}[${i}] in ${where}` }]);
      return one[field.key];
    });
    const seen = new Set<string>();
    checked.forEach((v, i) => {
      const k = JSON.stringify(v);
      if (seen.has(k)) throw new InputError(`axes.${field.key}[${i}] in ${where}`, `${quote(v)} is listed twice; give each value once`);
      seen.add(k);
    });
    axes.push({ key: field.key, values: checked });
  }
  // As `check` without --controller: every variant. An axis, so the table shows it.
  if (base.controller === undefined && axes.every((a) => a.key !== 'controller'))
    axes.unshift({ key: 'controller', values: CONTROLLER_VARIANTS });

  // Without a list, check's defaults: on-delete-respected too where some cell is OnDelete, deadline-from-progress
  // where some cell has progressDeadlineSeconds (in the others each holds).
  const onDelete =
    base.updateStrategyType === 'OnDelete' || axes.some((a) => a.key === 'updateStrategyType' && a.values.includes('OnDelete'));
  const progress = base.progressDeadline === true || axes.some((a) => a.key === 'progressDeadline' && a.values.includes(true));
  const properties = parseProperties(data.properties, where, onDelete, progress);
  const limits = parseLimits(data.limits, where);
  const grid: Grid = { scenario: base, axes, properties, limits };
  const size = cellCount(grid);
  if (size > MAX_CELLS)
    throw new InputError(
      `axes in ${where}`,
      `the grid has ${size.toLocaleString('en-US')} cells; allowed: at most ${MAX_CELLS.toLocaleString('en-US')}`,
    );
  // Every cell is built once here, so that a bad combination is refused before any cell runs, in every shard.
  for (let i = 0; i < size; i++) cellAt(grid, i, where);
  return grid;
}

function parseProperties(raw: unknown, where: string, onDelete: boolean, progress: boolean): readonly PropertyName[] {
  if (raw === undefined)
    return defaultPropertyNames({
      ...(onDelete ? { updateStrategyType: 'OnDelete' } : {}),
      ...(progress ? { progressDeadline: true } : {}),
    });
  const at = `properties in ${where}`;
  if (!Array.isArray(raw) || raw.length === 0)
    throw new InputError(at, `expected a non-empty list of ${PROPERTY_NAMES.join(', ')}; got ${quote(raw)}`);
  for (const [i, p] of raw.entries()) {
    if (!(PROPERTY_NAMES as readonly unknown[]).includes(p))
      throw new InputError(`properties[${i}] in ${where}`, `expected one of ${PROPERTY_NAMES.join(', ')}; got ${quote(p)}`);
  }
  // Property order is the checker's, so the table's columns do not depend on how the file lists them.
  return PROPERTY_NAMES.filter((p) => raw.includes(p));
}

function parseLimits(raw: unknown, where: string): GridLimits {
  if (raw === undefined) return { maxDepth: null, maxStates: null };
  if (!isMapping(raw)) throw new InputError(`limits in ${where}`, `expected a mapping with ${LIMIT_KEYS.join(', ')}; got ${quote(raw)}`);
  const out: Record<string, number | null> = { maxDepth: null, maxStates: null };
  for (const [k, v] of Object.entries(raw)) {
    if (!(LIMIT_KEYS as readonly string[]).includes(k)) {
      // A time or memory limit would make a cell's verdict depend on the machine it ran on.
      throw new InputError(
        `limits.${k} in ${where}`,
        `unknown limit; allowed: ${LIMIT_KEYS.join(', ')} (no time or memory limit: shards must give the same results on any machine)`,
      );
    }
    if (v === null) continue;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1)
      throw new InputError(`limits.${k} in ${where}`, `expected a positive integer or null, got ${quote(v)}`);
    out[k] = v;
  }
  return { maxDepth: out.maxDepth ?? null, maxStates: out.maxStates ?? null };
}

export function cellCount(grid: Grid): number {
  return grid.axes.reduce((n, a) => n * a.values.length, 1);
}

/** Cell `index` (0 ≤ index < cellCount) of the grid, in the order described at the top of this file. */
export function cellAt(grid: Grid, index: number, where = 'grid'): Cell {
  const values: Record<string, unknown> = {};
  let rest = index;
  for (let k = grid.axes.length - 1; k >= 0; k--) {
    const axis = grid.axes[k]!;
    values[axis.key] = axis.values[rest % axis.values.length];
    rest = Math.floor(rest / axis.values.length);
  }
  const axes = Object.fromEntries(grid.axes.map((a) => [a.key, values[a.key]]));
  try {
    const { scenario } = buildScenario({ ...grid.scenario, ...axes } as ScenarioFieldValues, undefined);
    return { index, axes, scenario };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const shown = grid.axes.map((a) => `${a.key} ${quote(axes[a.key])}`).join(', ');
    throw new InputError(`cell ${index} (${shown}) of ${where}`, `${e.field}: ${e.problem}`);
  }
}

export function cells(grid: Grid): Cell[] {
  return Array.from({ length: cellCount(grid) }, (_, i) => cellAt(grid, i));
}

/** The grid as written into result files; parseGrid reads it back to the same Grid. */
export function gridJson(grid: Grid): Record<string, unknown> {
  return {
    scenario: grid.scenario,
    axes: Object.fromEntries(grid.axes.map((a) => [a.key, a.values])),
    properties: grid.properties,
    limits: grid.limits,
  };
}

/** SHA-256 of the normal form: equal for the same grid, however its file was written. */
export function gridHash(grid: Grid): string {
  return createHash('sha256')
    .update(JSON.stringify(gridJson(grid)))
    .digest('hex');
}

/** Reads and checks a grid file; any problem is one InputError naming the file and the field. */
export function loadGrid(path: string): Grid {
  return parseGrid(readDataFile(path, 'GRID', EXPECTED_GRID), path);
}
