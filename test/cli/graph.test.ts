/**
 * `graph`: the full state graph of a 2-replica scenario, the quotient view, and the polite refusal
 * (exit 3, one line, nothing written) when the scenario is over the node cap.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO } from '../../model/cloneset/scenario.js';
import { buildStateGraph } from '../../cli/state-graph.js';
import { run, tempDir } from './helpers.js';
import { MANIFEST } from '../../cli/output.js';

const SMALL = ['--max-replicas', '2', '--deletes', '1', '--scales', '1'];

describe('graph', () => {
  it('draws every state of a 2-replica scenario', async () => {
    const out = tempDir();
    const r = await run(['graph', ...SMALL, '--no-svg', '--json', '--out', out]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { states: number; transitions: number; violatingStates: number; files: string[] };
    expect(j.states).toBeGreaterThan(100);
    expect(j.violatingStates).toBeGreaterThan(0);
    expect(readdirSync(out).sort()).toEqual([MANIFEST, 'graph.dot']);
    const dot = readFileSync(join(out, 'graph.dot'), 'utf8');
    expect(dot.match(/^ {2}n\d+ \[label=/gm)).toHaveLength(j.states);
    expect(dot.match(/^ {2}n\d+ -> n\d+ /gm)).toHaveLength(j.transitions);
  });

  it('the graph has exactly the states the explorer counts, and every edge is a model step', async () => {
    const sc = {
      ...DEFAULT_SCENARIO,
      controller: 'upstream' as const,
      maxReplicas: 2,
      budgets: { ...DEFAULT_SCENARIO.budgets, deletes: 1, scales: 1 },
    };
    const m = cloneSetModel(sc);
    const g = await buildStateGraph(m, 10_000, { aborted: false }, false);
    if (g.kind !== 'complete') throw new Error(g.kind);
    expect(g.nodes.length).toBe(explore(m, { properties: [], mode: 'exact' }).stats.states);
    for (const e of g.edges.slice(0, 200)) {
      const from = g.nodes[e.from]!.state;
      expect(m.actions(from).map((a) => m.actionLabel(a))).toContain(e.label);
    }
  });

  it('draws the quotient of a #1545-like scenario (maxReplicas 3) with an SVG', async () => {
    const out = tempDir();
    const r = await run(['graph', '--controller', 'upstream', '--max-replicas', '3', '--quotient', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/graph \(controller upstream\): [\d,]+ states in \d+ groups/);
    expect(readdirSync(out).sort()).toEqual([MANIFEST, 'graph-quotient.dot', 'graph-quotient.svg']);
    expect(readFileSync(join(out, 'graph-quotient.svg'), 'utf8')).toContain('</svg>');
  });

  it('the quotient of a scenario whose users pause has paused groups of their own, and one without none', async () => {
    const dot = async (more: string[]): Promise<string> => {
      const out = tempDir();
      const r = await run(['graph', '--controller', 'upstream', '--max-replicas', '3', '--quotient', '--no-svg', '--out', out, ...more]);
      expect(r.code, r.stderr).toBe(0);
      return readFileSync(join(out, 'graph-quotient.dot'), 'utf8');
    };
    expect(await dot(['--pause-changes', '1'])).toContain('· paused');
    expect(await dot([])).not.toContain('paused');
  });

  it('plain graph on the default scenario draws its quotient, with a note saying why', async () => {
    const out = join(tempDir(), 'graphs');
    const r = await run(['graph', '--no-svg', '--json', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      'note: the scenario has more than 2,000 states, too many to draw one by one; drawing its quotient ' +
        '(the full graph: smaller bounds, or --max-nodes up to 20,000)\n',
    );
    const j = JSON.parse(r.stdout) as { states: number; groups: number | null; files: string[] };
    expect(j.states).toBe(121_126);
    expect(j.groups).toBeGreaterThan(1);
    expect(readdirSync(out).sort()).toEqual([MANIFEST, 'graph-quotient.dot'].sort());
  });

  it('with an explicit --max-nodes, refuses a scenario over it: exit 3, one line suggesting smaller bounds or --quotient, no files', async () => {
    const out = join(tempDir(), 'graphs');
    const r = await run(['graph', '--max-nodes', '2000', '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--max-nodes: the scenario has more than 2,000 states');
    expect(r.stderr).toContain('--quotient');
    expect(existsSync(out)).toBe(false);
  });

  it('a graph with too many transitions for Graphviz gets its quotient too (the SVG would take minutes, uninterruptibly)', async () => {
    const out = join(tempDir(), 'graphs');
    const scope = ['--controller', 'proposed', '--scales', 'any', '--max-replicas', '2', '--deletes', '0'];
    const r = await run(['graph', ...scope, '--json', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('note: the graph has 6,056 transitions, too many to lay out as one SVG');
    expect(readdirSync(out).sort()).toEqual([MANIFEST, 'graph-quotient.dot', 'graph-quotient.svg'].sort());
    // Asked for the full graph: refused with the way out; with --no-svg its DOT file is written.
    const refused = await run(['graph', ...scope, '--max-nodes', '2000', '--out', join(tempDir(), 'g')]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('svg: the graph has 6,056 transitions, more than the 3,000');
    const dotOnly = await run(['graph', ...scope, '--no-svg', '--json', '--out', join(tempDir(), 'g')]);
    expect(dotOnly.code).toBe(0);
    expect((JSON.parse(dotOnly.stdout) as { transitions: number }).transitions).toBe(6_056);
  });

  it('past both caps, the fallback quotient is refused by its own cap', async () => {
    const r = await run(['graph', '--max-states', '500', '--out', tempDir()]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('--max-states: the scenario has more than 500 states');
  });

  it('the quotient has its own cap', async () => {
    const r = await run(['graph', '--quotient', '--max-states', '500', '--out', tempDir()]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('--max-states: the scenario has more than 500 states');
  });
});
