/**
 * `cloneset-check graph`: the whole reachable state graph of a small scenario as DOT and SVG, or, with
 * `--quotient`, the states grouped into the phases of a rollout so larger scenarios stay legible. A graph
 * of 10^4 boxes documents nothing, so past the node cap a plain `graph` draws the quotient instead (with a
 * note), and so past SVG_MAX_EDGES transitions unless only the DOT file is wanted; asked for the full graph
 * with an explicit `--max-nodes`, or for a quotient past its own cap, it
 * refuses (exit 3) before drawing anything.
 */
import { relative, resolve } from 'node:path';
import { viewOf } from '../../model/cloneset/view.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { CONTROLLER_VARIANTS } from '../../model/controller/promotion.js';
import { quotientGraph, quotientGraphDot, renderSvg, revisionProjection, stateGraphDot, strategyText } from '../../traces/index.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, type ExitCode } from '../errors.js';
import { SCENARIO_FIELDS, type FieldSpec } from '../fields.js';
import { command, helpText } from '../help.js';
import { interruptedText, type CommandIo } from '../io.js';
import { CONFIG, FORCE, HELP, JSON_OUT, MAX_NODES, MAX_NODES_CAP, NO_SVG, OUT, QUIET, QUOTIENT, QUOTIENT_MAX_STATES } from '../options.js';
import { OutputDir } from '../output.js';
import { progressLine } from '../progress.js';
import { describeScenario } from '../report.js';
import { hasPauseChanges, hasStrategyEdits } from '../../model/cloneset/scenario.js';
import { buildScenario } from '../scenario.js';
import { buildStateGraph } from '../state-graph.js';

/** The most transitions a full graph is laid out as SVG with (see graphCommand). */
export const SVG_MAX_EDGES = 3000;

// One graph is one controller: without --controller, the first variant (buildScenario's choice).
const GRAPH_FIELDS: readonly FieldSpec[] = SCENARIO_FIELDS.map((f) =>
  f.key === 'controller'
    ? {
        ...f,
        help: 'controller variant (promotion rule and, with lifecycle hooks, hook handling) whose graph is drawn',
        defaultValue: CONTROLLER_VARIANTS[0],
      }
    : f,
);

export const GRAPH = command({
  name: 'graph',
  summary: 'draw the reachable state graph of a small scenario (or its quotient) as DOT and SVG',
  usage: 'cloneset-check graph [--config FILE] [scenario flags] [--max-nodes N] [--quotient] [--out DIR]',
  fields: GRAPH_FIELDS,
  options: [
    CONFIG,
    MAX_NODES,
    QUOTIENT,
    QUOTIENT_MAX_STATES,
    { ...OUT, help: 'directory for graph.dot and graph.svg (graph-quotient.* for a quotient)' },
    FORCE,
    { ...NO_SVG, help: 'write the DOT file only (Graphviz needs ~20 s to lay out 1500 states)' },
    JSON_OUT,
    QUIET,
    HELP,
  ],
  examples: [
    'cloneset-check graph --max-replicas 2 --deletes 1 --scales 1          # a 2-replica scenario, every state',
    'cloneset-check graph                                                 # the #1545 scenario: too big, so its quotient',
    'cloneset-check graph --controller upstream --quotient                # the #1545 scenario, grouped',
    'cloneset-check graph --config examples/scale-to-zero.yaml --quotient --out out/graphs',
  ],
});

export async function graphCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const args = parseCommandArgs(argv, GRAPH.fields, GRAPH.options, 0);
  const o = args.options;
  if (o.help === true) {
    io.stdout(`${helpText(GRAPH)}\n`);
    return EXIT.holds;
  }
  const { scenario } = buildScenario(args.fields, o.config);
  const quotient = o.quotient === true;
  const quotientCap = o['max-states'] ?? QUOTIENT_MAX_STATES.defaultValue;
  const cap = quotient ? quotientCap : (o['max-nodes'] ?? MAX_NODES.defaultValue);
  const capFlag = quotient ? '--max-states' : '--max-nodes';
  const outDir = resolve(o.out ?? OUT.defaultValue);
  const json = o.json === true;
  const quiet = o.quiet === true;
  // Without --quotient and without an explicit --max-nodes, a scenario past the node cap gets its quotient.
  const fallback = !quotient && o['max-nodes'] === undefined;
  const open = (group: 'graph' | 'graph-quotient'): OutputDir =>
    OutputDir.open({ dir: outDir, group, force: o.force === true, names: [`${group}.dot`, `${group}.svg`] });
  // Both checked before the search: whichever is drawn, --out was known to be writable for it.
  const outFull = quotient ? null : open('graph');
  const outQuotient = quotient || fallback ? open('graph-quotient') : null;
  if (!json && !quiet) io.stdout(`Scenario: ${describeScenario(scenario)}\n`);

  // One search (exact mode, capped): an oversized scenario is refused before anything is drawn.
  const model = cloneSetModel(scenario);
  const progress = progressLine(`exploring ${scenario.controller}`, !json && !quiet, io);
  let built = await buildStateGraph(model, cap, io.signal, !quotient, progress.onProgress);
  let grouped = quotient;
  // Graphviz lays out in one synchronous WASM call (no Ctrl-C meanwhile) that grows steeply with edges:
  // 1,452 states and 2,887 transitions took 42 s here, 1,800 and 6,074 more than 10 minutes.
  const svg = o['no-svg'] !== true;
  const edges = built.kind === 'complete' ? built.edges.length : 0;
  const tooManyEdges = svg && !quotient && edges > SVG_MAX_EDGES;
  if (tooManyEdges && !fallback) {
    progress.done();
    io.stderr(
      `cloneset-check graph: svg: the graph has ${edges.toLocaleString('en-US')} transitions, more than the ` +
        `${SVG_MAX_EDGES.toLocaleString('en-US')} Graphviz lays out in reasonable time; use --no-svg for its DOT file, --quotient, or smaller bounds\n`,
    );
    return EXIT.incomplete;
  }
  // Past either cap, a plain graph draws the quotient instead, saying why.
  const why = !fallback
    ? null
    : tooManyEdges
      ? `the graph has ${edges.toLocaleString('en-US')} transitions, too many to lay out as one SVG in reasonable time; ` +
        'drawing its quotient (the full graph: --no-svg writes its DOT file)'
      : built.kind === 'too-many'
        ? `the scenario has more than ${cap.toLocaleString('en-US')} states, too many to draw one by one; drawing its quotient ` +
          `(the full graph: smaller bounds, or --max-nodes up to ${MAX_NODES_CAP.toLocaleString('en-US')})`
        : null;
  if (why !== null) {
    if (!quiet) io.stderr(`note: ${why}\n`);
    built = await buildStateGraph(model, quotientCap, io.signal, false, progress.onProgress);
    grouped = true;
  }
  progress.done();
  if (built.kind === 'cancelled') return interrupted(io, built.states);
  if (built.kind === 'too-many') {
    const flag = grouped ? '--max-states' : capFlag;
    const limit = grouped ? quotientCap : cap;
    io.stderr(
      `cloneset-check graph: ${flag}: the scenario has more than ${limit.toLocaleString('en-US')} states; ` +
        `try smaller bounds (--max-replicas, --deletes, --scales, --rollouts)${grouped ? ` or a larger ${flag}` : ' or --quotient'}\n`,
    );
    return EXIT.incomplete;
  }
  const base = grouped ? 'graph-quotient' : 'graph';
  const out = (grouped ? outQuotient : outFull)!;
  let dot: string;
  let groups: number | null = null;
  if (grouped) {
    // Where users pause, paused and unpaused states are groups of their own: a held rollout shows. Where
    // they edit maxSurge / maxUnavailable, each strategy likewise.
    const groupView = hasPauseChanges(scenario) || hasStrategyEdits(scenario) ? viewOf(scenario) : null;
    const q = quotientGraph(
      built.nodes,
      built.edges,
      groupView === null
        ? revisionProjection
        : (s) => `${revisionProjection(s)}${s.spec.paused ? ' · paused' : ''}${strategyText(groupView, s, ' · ')}`,
    );
    groups = q.nodes.length;
    dot = quotientGraphDot(q, {
      scenario,
      title: `cloneset-check quotient graph · controller ${scenario.controller} · ${built.nodes.length.toLocaleString('en-US')} states in ${groups} groups`,
    });
  } else {
    dot = stateGraphDot(built.nodes, built.edges, { scenario, highlight: built.violating });
  }

  const image = svg ? await renderSvg(dot) : undefined;
  const files: string[] = [];
  try {
    files.push(out.write(`${base}.dot`, dot));
    if (image !== undefined) files.push(out.write(`${base}.svg`, image));
  } finally {
    // Also after a failed write: an SVG of an earlier run never stays beside a new DOT file.
    out.finish();
  }

  const shown = files.map((f) => relative(process.cwd(), f) || f);
  if (json) {
    io.stdout(
      `${JSON.stringify({ controller: scenario.controller, states: built.nodes.length, transitions: built.edges.length, groups, violatingStates: grouped ? null : built.violating.size, files }, null, 2)}\n`,
    );
  } else if (!quiet) {
    const what = grouped
      ? `${built.nodes.length.toLocaleString('en-US')} states in ${groups} groups`
      : `${built.nodes.length.toLocaleString('en-US')} states, ${built.edges.length.toLocaleString('en-US')} transitions`;
    const marked = grouped || built.violating.size === 0 ? '' : `; ${built.violating.size} state(s) where a property breaks drawn in red`;
    // The controller named: without --controller the graph is pre-fix's, which the line would not say.
    io.stdout(`graph (controller ${scenario.controller}): ${what}${marked}\n${shown.join('\n')}\n`);
  }
  return EXIT.holds;
}

function interrupted(io: CommandIo, states: number): ExitCode {
  io.stderr(`${interruptedText(io)} after ${states.toLocaleString('en-US')} states; nothing written\n`);
  return EXIT.interrupted;
}
