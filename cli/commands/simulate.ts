/**
 * `cloneset-check simulate`: random walks of a scenario, far beyond the bounds exhaustive search affords,
 * generated and shrunk by fast-check. A violation is written exactly like an explorer counterexample
 * (`<controller>-<property>.sim.{json,dot,svg}`, replayable with `replay`); no violation is never a proof.
 *
 * Everything printed on stdout is a function of the arguments (same seed, same bytes); timings go to
 * stderr.
 */
import { performance } from 'node:perf_hooks';
import { relative, resolve } from 'node:path';
import { z } from 'zod';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { defaultPropertyNames, propertiesWitnessedBy, witnessesOf, witnessSubject } from '../../model/cloneset/properties.js';
import type { Scenario } from '../../model/cloneset/scenario.js';
import type { IntOrString } from '../../model/controller/types.js';
import { simulate, weightedChooser, type SimulationResult } from '../../checker/simulation/index.js';
import type { Action } from '../../model/cloneset/actions.js';
import type { CloneSetState } from '../../model/cloneset/state.js';
import { describeWeights, generatePartitions, weightsFor } from '../../model/simulation/index.js';
import { fromViolation, summarize, type TraceDocument } from '../../traces/document.js';
import { renderText } from '../../traces/text.js';
import { renderTraceFiles } from '../../traces/write.js';
import { viewOf } from '../../model/cloneset/view.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, InputError, type ExitCode } from '../errors.js';
import { SIMULATION_FIELDS } from '../fields.js';
import { command, helpText } from '../help.js';
import { interruptedText, stdoutIsTTY, type CommandIo } from '../io.js';
import {
  CLONESET,
  CONFIG,
  FORCE,
  HELP,
  JSON_OUT,
  NO_SVG,
  OUT,
  option,
  PROPERTY,
  positiveNumber,
  QUIET,
  SECONDS_ALLOWED,
} from '../options.js';
import { OutputDir } from '../output.js';
import { describeScenario } from '../report.js';
import { buildScenario } from '../scenario.js';
import { scenarioFlags } from '../scenario-flags.js';
import { styleFor } from '../style.js';

const DEFAULT_SEED = 42;
const DEFAULT_RUNS = 200;
const DEFAULT_STEPS = 200;

const digits = (max: number, what: string) => z.string().regex(/^\d+$/, 'digits').transform(Number).pipe(z.number().int().max(max, what));

const SEED = option({
  flag: 'seed',
  kind: 'string',
  schema: digits(0x7fffffff, 'below 2^31'),
  allowed: 'an integer from 0 to 2147483647',
  help: 'seed of the random walks: the same seed gives the same walks, violation, shrunk trace and output',
  defaultValue: DEFAULT_SEED,
  example: '7',
});
const RUNS = option({
  flag: 'runs',
  kind: 'string',
  schema: digits(10_000_000, 'at most 10000000').pipe(z.number().min(1)),
  allowed: 'an integer from 1 to 10000000',
  help: 'number of random walks per controller variant',
  defaultValue: DEFAULT_RUNS,
  example: '2000',
});
const STEPS = option({
  flag: 'steps',
  kind: 'string',
  schema: digits(100_000, 'at most 100000').pipe(z.number().min(1)),
  allowed: 'an integer from 1 to 100000',
  help: 'choices per walk (a choice naming a kind with nothing enabled is skipped, so walks take fewer steps)',
  defaultValue: DEFAULT_STEPS,
  example: '500',
});
const RANDOM_PARTITIONS = option({
  flag: 'random-partitions',
  kind: 'string',
  schema: digits(200, 'at most 200'),
  allowed: 'an integer from 0 to 200',
  help: 'add this many generated partition values (percents with and without decimals, integers up to maxReplicas + 1; from --seed) to --partitions; users set them with --partition-changes',
  defaultValue: 0,
  example: '20',
});
const SIM_TIME_LIMIT = option({
  flag: 'time-limit',
  kind: 'string',
  schema: positiveNumber,
  allowed: SECONDS_ALLOWED,
  help: 'stop walking (or shrinking) after this many seconds per controller variant',
  defaultValue: null,
  example: '60',
});
const PATH = option({
  flag: 'path',
  kind: 'string',
  schema: z.string().regex(/^\d+(:\d+)*$/, 'numbers separated by colons'),
  allowed: 'a path printed by an earlier run (numbers separated by colons)',
  help: "with one --controller and the same scenario, --seed, --runs, --steps and --property: replay that run's counterexample directly, and shrink from there (a run prints the whole command: 'this search again')",
  defaultValue: null,
  example: '3:0:12',
});

export const SIMULATE = command({
  name: 'simulate',
  summary: 'random walks far beyond exhaustive bounds, with shrunk counterexamples (finds violations, proves nothing)',
  usage:
    'cloneset-check simulate [--controller pre-fix|upstream|proposed] [--config FILE] [--cloneset FILE] [scenario flags] [--seed N] [--runs N] [--steps N] [--time-limit S] [--property NAME ...] [--out DIR] [--json] [--quiet]',
  fields: SIMULATION_FIELDS,
  options: [
    CONFIG,
    CLONESET,
    PROPERTY,
    SEED,
    RUNS,
    STEPS,
    RANDOM_PARTITIONS,
    SIM_TIME_LIMIT,
    PATH,
    OUT,
    FORCE,
    NO_SVG,
    JSON_OUT,
    QUIET,
    HELP,
  ],
  examples: [
    'cloneset-check simulate --controller pre-fix                # the #1545 scenario: finds and shrinks the violation',
    'cloneset-check simulate --controller proposed --max-replicas 50 --scales 6 --deletes 10 --partition-changes 6 --random-partitions 20 --runs 2000',
    'cloneset-check simulate --controller pre-fix --seed 7 --path 3:0:12   # replay one counterexample of an earlier run',
  ],
});

const HOW_WALKS_ARE_DRAWN = [
  'How walks are drawn:',
  '  Each choice names an action kind with these weights (percent of choices, whatever the state):',
  `    ${describeWeights()}`,
  '  and then one enabled action of that kind; a choice whose kind has nothing enabled is skipped.',
  '  Users thus act in 40% of choices, so two user actions with no reconcile between them are common;',
  '  of the scale choices, a quarter go to the lowest target (0) and a quarter to maxReplicas.',
  '  Options that add steps add kinds: cache and pod-cache syncs, status-write failures, expectations expiring,',
  '  marks, pod failures, in-place completion, minReadySeconds passing, hooks, (--progress-deadline)',
  '  deadlinePasses 5, and (--pod-write-failures) podWriteFails 5, a reconcile whose pod write fails, drawn',
  '  apart from the reconcile kind.',
  'Checked along every walk: every invariant and step property, deadlock, and converges (a system-only',
  '  search from the state before each user action and from the last state).',
  'Reported beside them: in how many walks, and how early, the behaviour each property constrains (its witness)',
  '  was reached; a property whose behaviour no walk reached was not tested by the walks.',
  'Exit: 0 no violation found (not a proof), 1 violation, 2 bad input, 3 stopped by --time-limit before any walk.',
];

interface Outcome {
  readonly controller: string;
  /** The scenario walked, its --random-partitions values included. */
  readonly scenario: Scenario;
  readonly result: SimulationResult<CloneSetState, Action>;
  readonly doc: TraceDocument | null;
  readonly files: readonly string[];
}

/**
 * A path's first number is the walk where fast-check found the counterexample, so a search of `runs` walks
 * only prints paths starting below `runs`; fast-check itself would walk to any index it is given.
 */
function checkPathWalk(path: string, runs: number): void {
  const walk = Number(path.split(':')[0]);
  if (walk >= runs) {
    throw new InputError(
      '--path',
      `${JSON.stringify(path)} starts at walk ${walk}, beyond this search's ${plural(runs, 'walk')}; allowed: a first number from 0 to ${runs - 1} (or the --runs of the run that printed it)`,
    );
  }
}

const rate = (n: number, seconds: number): string => Math.round(n / Math.max(seconds, 1e-3)).toLocaleString('en-US');
const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

function withRandomPartitions(sc: Scenario, count: number, seed: number): Scenario {
  if (count === 0) return sc;
  const extra = generatePartitions(seed, count, sc.maxReplicas);
  const partitions: IntOrString[] = [...sc.partitions];
  for (const p of extra) if (p !== sc.initialPartition && !partitions.includes(p)) partitions.push(p);
  return { ...sc, partitions };
}

export async function simulateCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const args = parseCommandArgs(argv, SIMULATE.fields, SIMULATE.options, 0);
  const o = args.options;
  if (o.help === true) {
    io.stdout(`${helpText(SIMULATE)}\n\n${HOW_WALKS_ARE_DRAWN.join('\n')}\n`);
    return EXIT.holds;
  }
  const seed = o.seed ?? SEED.defaultValue;
  const runs = o.runs ?? RUNS.defaultValue;
  const steps = o.steps ?? STEPS.defaultValue;
  const path = o.path;
  const chosen = buildScenario(args.fields, o.config, SIMULATION_FIELDS, o.cloneset);
  const randomPartitions = o['random-partitions'] ?? RANDOM_PARTITIONS.defaultValue;
  const scenario = withRandomPartitions(chosen.scenario, randomPartitions, seed);
  try {
    cloneSetModel(scenario);
  } catch (e) {
    throw new InputError('scenario', `${e instanceof Error ? e.message : String(e)}; expected smaller bounds`);
  }
  if (path !== undefined && chosen.controllers.length !== 1)
    throw new InputError('--path', 'replays one run of one variant; expected --controller too');
  if (path !== undefined) checkPathWalk(path, runs);
  const json = o.json === true;
  const quiet = o.quiet === true;
  const outDir = resolve(o.out ?? OUT.defaultValue);
  const properties = o.property;
  const chosenProperties = properties ?? defaultPropertyNames(chosen.scenario);
  const out = OutputDir.open({
    dir: outDir,
    group: 'simulate',
    force: o.force === true,
    names: plannedNames(chosen.controllers, chosenProperties),
  });
  const color = styleFor(stdoutIsTTY(io)).color;
  if (!quiet) for (const n of chosen.notes) io.stderr(`${n}\n`);
  if (randomPartitions > 0 && scenario.budgets.partitions === 0 && !quiet) {
    io.stderr('note: --random-partitions has no effect with --partition-changes 0 (users never set a partition)\n');
  }

  if (!json && !quiet) {
    io.stdout(`Scenario: ${describeScenario(scenario)}\n`);
    io.stdout(
      `Simulation: seed ${seed}, ${plural(runs, 'walk')} of up to ${plural(steps, 'choice')} per variant${path === undefined ? '' : `, replaying path ${path}`}\n`,
    );
  }
  const again: SearchFlags = { scenario: chosen.scenario, randomPartitions, seed, runs, steps, properties };
  const outcomes: Outcome[] = [];
  // A failed write stops the walks but not the report of what was found.
  let failure: InputError | null = null;
  for (const controller of chosen.controllers) {
    const sc: Scenario = { ...scenario, controller };
    const start = performance.now();
    const model = cloneSetModel(sc);
    const result = await simulate(model, {
      chooser: weightedChooser(model, weightsFor(sc)),
      seed,
      runs,
      steps,
      path,
      signal: io.signal,
      // The chosen properties and, beside them, their witnesses (as `check` reports them).
      properties: [...chosenProperties, ...witnessesOf(chosenProperties)],
      timeLimitSeconds: o['time-limit'],
    });
    const seconds = (performance.now() - start) / 1000;
    if (path !== undefined && result.finding === null && !result.cancelled && !result.stoppedByTime) {
      throw new InputError(
        '--path',
        `${JSON.stringify(path)} leads to no counterexample of this search; expected a path printed by an earlier run with the same scenario, --seed, --runs, --steps and --property`,
      );
    }
    // Marked as simulate's, so that a report never claims the exhaustive search of `check` for it.
    const doc = result.finding === null ? null : { ...fromViolation(sc, result.finding.violation), foundBy: 'simulate' as const };
    const files: string[] = [];
    if (doc !== null && failure === null) {
      try {
        const rendered = await renderTraceFiles(traceBase(controller, doc.property?.name ?? 'violation'), doc, {
          svg: o['no-svg'] !== true,
        });
        for (const f of rendered) files.push(out.write(f.name, f.content));
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        failure = e;
      }
    }
    const outcome: Outcome = { controller, scenario: sc, result, doc, files };
    outcomes.push(outcome);
    if (!json && !quiet) io.stdout(`\n${describeOutcome(outcome, again, color)}\n`);
    if (!quiet)
      io.stderr(
        `${controller}: ${seconds.toFixed(1)} s, ${rate(result.coverage.runs, seconds)} walks/s, ${rate(result.coverage.steps, seconds)} steps/s\n`,
      );
    if (io.signal.aborted || failure !== null) break;
  }
  try {
    out.finish();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    failure ??= e;
  }

  if (json) {
    const objects = outcomes.map((x) => outcomeJson(x, runs, steps));
    io.stdout(`${JSON.stringify(objects.length === 1 ? objects[0] : { runs: objects }, null, 2)}\n`);
  }
  if (failure !== null) throw failure;
  if (io.signal.aborted) {
    io.stderr(`${interruptedText(io)}: partial results above; files already written are intact\n`);
    return EXIT.interrupted;
  }
  if (outcomes.some((x) => x.result.finding !== null)) return EXIT.violated;
  if (outcomes.some((x) => x.result.stoppedByTime && x.result.coverage.runs === 0)) return EXIT.incomplete;
  return EXIT.holds;
}

const traceBase = (controller: string, property: string): string => `${controller}-${property}.sim`;

/** Every name a simulate run may write in --out, for the clash check before the walks. */
function plannedNames(controllers: readonly string[], properties: readonly string[]): string[] {
  const names: string[] = [];
  for (const c of controllers) {
    for (const p of [...properties, 'violation']) names.push(...['json', 'dot', 'svg'].map((ext) => `${traceBase(c, p)}.${ext}`));
  }
  return names;
}

const shown = (f: string): string => relative(process.cwd(), f) || f;

function coverageLine(r: SimulationResult<CloneSetState, Action>): string {
  const c = r.coverage;
  const open = c.convergenceUnknown > 0 ? `; ${plural(c.convergenceUnknown, 'converges question')} left open (search bound)` : '';
  return `covered: ${plural(c.runs, 'walk')}, ${plural(c.steps, 'step')}, ${plural(c.distinctStates, 'distinct state')}${open}`;
}

/**
 * Whether the walks reached the behaviour each chosen property constrains (its witness, WITNESS_OF): a
 * property whose behaviour no walk reached was not put to the test, so its "no violation" says nothing.
 */
function witnessLines(r: SimulationResult<CloneSetState, Action>): string {
  const lines: string[] = [];
  for (const w of r.coverage.witnesses) {
    const subject = witnessSubject(w.property);
    const of = propertiesWitnessedBy(w.property, r.properties).join(', ');
    lines.push(
      w.earliestStep === null
        ? `  ${subject} (${of}): reached in no walk: the walks did not test ${of.includes(',') ? 'these properties' : 'this property'}`
        : `  ${subject} (${of}): reached in ${w.walks.toLocaleString('en-US')} of ${plural(r.coverage.runs, 'walk')}, earliest at step ${w.earliestStep}`,
    );
  }
  return lines.map((l) => `\n${l}`).join('');
}

/** What a search is a function of (with the controller): the walks, the violation and its shrinking. */
interface SearchFlags {
  /** As given, before --random-partitions adds its values (the command gives the option again). */
  readonly scenario: Scenario;
  readonly randomPartitions: number;
  readonly seed: number;
  readonly runs: number;
  readonly steps: number;
  /** The --property values given; undefined: the scenario's default properties. */
  readonly properties: readonly string[] | undefined;
}

/**
 * The command that makes a search again and replays its counterexample at `path`: the scenario's flags
 * (whether they came from flags, --config or --cloneset), --random-partitions, --seed, --runs, --steps and
 * --property, which the walks are a function of (a path names a walk of that search only: other --steps
 * draw other walks, fewer --runs refuse a later walk). Not --time-limit, which only cuts a search short.
 */
function searchCommand(controller: string, f: SearchFlags, path: string): string {
  return [
    'cloneset-check simulate --controller',
    controller,
    ...scenarioFlags(f.scenario),
    ...(f.randomPartitions > 0 ? ['--random-partitions', String(f.randomPartitions)] : []),
    ...['--seed', String(f.seed), '--runs', String(f.runs), '--steps', String(f.steps)],
    ...(f.properties ?? []).flatMap((p) => ['--property', p]),
    '--path',
    path,
  ].join(' ');
}

function describeOutcome(x: Outcome, again: SearchFlags, color: boolean): string {
  const runs = again.runs;
  const r = x.result;
  const f = r.finding;
  if (f === null || x.doc === null) {
    const cut = r.cancelled
      ? ' (interrupted)'
      : r.stoppedByTime
        ? ` (stopped by the time limit before ${runs.toLocaleString('en-US')})`
        : '';
    const head =
      r.stoppedByTime && r.coverage.runs === 0
        ? `${x.controller}: stopped by the time limit before any walk`
        : `${x.controller}: no violation found in ${plural(r.coverage.runs, 'walk')}${cut}; not a proof`;
    return `${head}\n  ${coverageLine(r)}${witnessLines(r)}`;
  }
  const p = f.violation.property;
  return [
    `${x.controller}: ${p} violated in walk ${r.coverage.runs.toLocaleString('en-US')}: a trace of ${plural(f.originalSteps, 'step')}, shrunk to ` +
      `${f.shrunkSteps.toLocaleString('en-US')} (${plural(f.shrinks, 'shrink')}${f.shrinkInterrupted ? ', shrinking cut short' : ''}):`,
    renderText(x.doc, { color }),
    ...(x.files.length === 0
      ? ['  files: none written']
      : [`  files: ${x.files.map(shown).join(', ')}`, `  replay: cloneset-check replay ${shown(x.files[0]!)}`]),
    `  this search again: ${searchCommand(x.controller, again, f.path)}`,
    `  ${coverageLine(r)} (walks up to the violation)${witnessLines(r)}`,
  ].join('\n');
}

function outcomeJson(x: Outcome, runs: number, steps: number): Record<string, unknown> {
  const r = x.result;
  const f = r.finding;
  const { controller: _c, ...bounds } = x.scenario;
  const v = viewOf(x.scenario);
  return {
    verdict: f !== null ? 'violated' : r.stoppedByTime && r.coverage.runs === 0 ? 'incomplete' : 'no-violation',
    controller: x.controller,
    property: f?.violation.property ?? null,
    seed: r.seed,
    bounds: { ...bounds, runs, steps },
    properties: r.properties,
    coverage: r.coverage,
    stoppedByTime: r.stoppedByTime,
    shrink:
      f === null
        ? null
        : { originalSteps: f.originalSteps, shrunkSteps: f.shrunkSteps, shrinks: f.shrinks, cutShort: f.shrinkInterrupted, path: f.path },
    message: f?.violation.message ?? null,
    trace: (f?.violation.trace ?? []).map((st) => ({ action: st.action, state: st.state, summary: summarize(v, st.state) })),
    files: x.files,
  };
}
