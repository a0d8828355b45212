/**
 * `sweep` and `merge`: the shards of any grid partition its cells exactly; merging the shard results gives
 * the unsharded sweep's findings byte for byte; every refusal is one line and exit 2 with nothing lost; and
 * examples/k8s/job.yaml is a valid batch/v1 Job (against a trimmed copy of the Kubernetes JSON schema,
 * test/cli/fixtures/k8s-job-batch-v1.schema.json, whose source is noted in it) that runs what it claims.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { cellAt, cellCount, gridHash, loadGrid, parseGrid } from '../../cli/sweep/grid.js';
import { inShard, parseShard, shardIndices } from '../../cli/sweep/shard.js';
import { EXAMPLES, run, STACK_LINE, tempDir } from './helpers.js';

const GRID = join(EXAMPLES, 'sweep.yaml');
const K8S = join(EXAMPLES, 'k8s');

/** A grid of cheap cells (a few hundred states each) with `sizes` values on up to three axes. */
function tinyGrid(dir: string, name = 'grid.yaml', extra = ''): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    [
      'scenario: { initialReplicas: 1, rollouts: 1, deletes: 0, scales: 0, partitionChanges: 0 }',
      'axes:',
      '  controller: [pre-fix, proposed]',
      '  maxReplicas: [1, 2]',
      '  initialPartition: [0, 1]',
      'properties: [canary-respected, well-formed]',
      extra,
    ].join('\n'),
  );
  return path;
}

const read = (dir: string, name: string): string => readFileSync(join(dir, name), 'utf8');

function expectOneLineRefusal(r: { code: number; stdout: string; stderr: string }, ...parts: string[]): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
  expect(r.stderr).not.toMatch(STACK_LINE);
  for (const p of parts) expect(r.stderr).toContain(p);
}

describe('shards partition the grid', () => {
  it('for any grid size and N, every cell is in exactly one shard, and each shard takes the cells ≡ I mod N', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 60 }), (size, n) => {
        const owner = new Array<number>(size).fill(-1);
        for (let i = 0; i < n; i++) {
          const shard = { index: i, count: n };
          const got = shardIndices(size, shard);
          expect([...got].sort((a, b) => a - b)).toEqual(got);
          for (const c of got) {
            expect(owner[c]).toBe(-1);
            expect(inShard(c, shard)).toBe(true);
            owner[c] = i;
          }
        }
        expect(owner.every((o, c) => o === c % n)).toBe(true);
      }),
    );
  });

  it('on real grids: the cells are every combination of the axis values once, and the shards cover them exactly', () => {
    const values = { maxReplicas: [1, 2, 3, 4], initialPartition: [0, 1, 2, '50%'], maxSurge: [0, 1, 2], rollbackGate: [false, true] };
    fc.assert(
      fc.property(
        fc.subarray(Object.keys(values) as (keyof typeof values)[], { minLength: 1 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 1, max: 20 }),
        (keys, takes, n) => {
          const axes = Object.fromEntries(keys.map((k, i) => [k, values[k].slice(0, Math.min(takes[i]!, values[k].length))]));
          const grid = parseGrid({ scenario: { controller: 'upstream', initialReplicas: 1 }, axes }, 'test');
          const size = cellCount(grid);
          expect(size).toBe(Object.values(axes).reduce((p, v) => p * v.length, 1));
          const seen = new Set(Array.from({ length: size }, (_, i) => JSON.stringify(cellAt(grid, i).axes)));
          expect(seen.size).toBe(size);
          const all = Array.from({ length: n }, (_, i) => shardIndices(size, { index: i, count: n })).flat();
          expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: size }, (_, i) => i));
        },
      ),
    );
  });

  it('the cell order does not depend on how the file orders its axes; the last axis varies fastest', () => {
    const a = parseGrid({ axes: { controller: ['pre-fix', 'proposed'], maxReplicas: [2, 3] } }, 'a');
    const b = parseGrid({ axes: { maxReplicas: [2, 3], controller: ['pre-fix', 'proposed'] } }, 'b');
    expect(gridHash(a)).toBe(gridHash(b));
    expect([0, 1, 2, 3].map((i) => cellAt(b, i).axes)).toEqual([
      { controller: 'pre-fix', maxReplicas: 2 },
      { controller: 'pre-fix', maxReplicas: 3 },
      { controller: 'proposed', maxReplicas: 2 },
      { controller: 'proposed', maxReplicas: 3 },
    ]);
  });

  it("without properties, check's defaults: on-delete-respected too where a cell is OnDelete", () => {
    const rolling = parseGrid({ axes: { maxReplicas: [2] } }, 'g').properties;
    expect(rolling).not.toContain('on-delete-respected');
    for (const g of [
      { scenario: { updateStrategyType: 'OnDelete' }, axes: { maxReplicas: [2] } },
      { axes: { updateStrategyType: ['RollingUpdate', 'OnDelete'] } },
    ])
      expect(parseGrid(g, 'g').properties).toEqual([...rolling.slice(0, 4), 'on-delete-respected', ...rolling.slice(4)]);
  });

  it("without properties, check's defaults: deadline-from-progress too where a cell has progressDeadlineSeconds", () => {
    const rolling = parseGrid({ axes: { maxReplicas: [2] } }, 'g').properties;
    expect(rolling).not.toContain('deadline-from-progress');
    for (const g of [{ scenario: { progressDeadline: true }, axes: { maxReplicas: [2] } }, { axes: { progressDeadline: [false, true] } }])
      expect(parseGrid(g, 'g').properties).toEqual([...rolling.slice(0, 4), 'deadline-from-progress', ...rolling.slice(4)]);
  });

  it('without a controller, every variant is an axis (as check runs every variant)', () => {
    const g = parseGrid({ axes: { maxReplicas: [2] } }, 'g');
    expect(g.axes.map((a) => a.key)).toEqual(['controller', 'maxReplicas']);
    expect(cellCount(g)).toBe(3);
  });
});

describe('merge equals the unsharded sweep, byte for byte', () => {
  it('examples/sweep.yaml in 3 shards (the Job of examples/k8s), merged in any order', async () => {
    const whole = tempDir();
    const all = await run(['sweep', GRID, '--out', whole, '--quiet']);
    expect(all.stderr).toBe('');
    expect(all.code).toBe(1); // the grid has violations
    const shards = tempDir();
    for (const i of [2, 0, 1]) {
      const r = await run(['sweep', GRID, '--shard', `${i}/3`, '--out', shards, '--quiet']);
      expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    }
    expect(readdirSync(shards).sort()).toEqual(['sweep-shard-0-of-3.json', 'sweep-shard-1-of-3.json', 'sweep-shard-2-of-3.json']);
    const merged = tempDir();
    const files = [1, 2, 0].map((i) => join(shards, `sweep-shard-${i}-of-3.json`));
    const m = await run(['merge', ...files, '--out', merged, '--quiet']);
    expect(m.stderr).toBe('');
    expect(m.code).toBe(all.code);
    expect(read(merged, 'findings.md')).toBe(read(whole, 'findings.md'));
    expect(read(merged, 'findings.json')).toBe(read(whole, 'findings.json'));
    // And the table says something: 12 cells, each with its verdicts.
    const table = read(whole, 'findings.md');
    expect(table.split('\n').filter((l) => /^\| \d+ \|/.test(l))).toHaveLength(12);
    expect(table).toMatch(/\| violated \(\d+ steps\) \|/);
    expect(table).not.toMatch(/seconds|\d+\.\d+ s\b/);
  });

  it('for several N, including more shards than cells (empty shards), the merge is the same bytes', async () => {
    const dir = tempDir();
    const grid = tinyGrid(dir);
    const whole = join(dir, 'whole');
    expect((await run(['sweep', grid, '--out', whole, '--quiet'])).stderr).toBe('');
    for (const n of [1, 2, 3, 8, 11]) {
      const shards = join(dir, `shards-${n}`);
      for (let i = 0; i < n; i++) expect((await run(['sweep', grid, '--shard', `${i}/${n}`, '--out', shards, '-q'])).code).toBe(0);
      const merged = join(dir, `merged-${n}`);
      const files = readdirSync(shards).map((f) => join(shards, f));
      expect(files).toHaveLength(n);
      const m = await run(['merge', ...files.reverse(), '--out', merged, '-q']);
      expect(m.stderr).toBe('');
      expect(read(merged, 'findings.md')).toBe(read(whole, 'findings.md'));
      expect(read(merged, 'findings.json')).toBe(read(whole, 'findings.json'));
    }
  });

  it('a shard run twice writes the same bytes (no timings in result files)', async () => {
    const dir = tempDir();
    const grid = tinyGrid(dir);
    await run(['sweep', grid, '--shard', '1/3', '--out', join(dir, 'a'), '-q']);
    await run(['sweep', grid, '--shard', '1/3', '--out', join(dir, 'b'), '-q']);
    expect(read(join(dir, 'a'), 'sweep-shard-1-of-3.json')).toBe(read(join(dir, 'b'), 'sweep-shard-1-of-3.json'));
  });

  it('--json prints the findings (whole grid) or the shard result (shard) as written', async () => {
    const dir = tempDir();
    const grid = tinyGrid(dir);
    const r = await run(['sweep', grid, '--out', join(dir, 'w'), '--json']);
    expect(r.stdout).toBe(read(join(dir, 'w'), 'findings.json'));
    const j = JSON.parse(r.stdout) as { cells: number; results: { index: number; properties: Record<string, { verdict: string }> }[] };
    expect(j.cells).toBe(8);
    expect(j.results.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Object.keys(j.results[0]!.properties)).toEqual(['canary-respected', 'well-formed']);
    const s = await run(['sweep', grid, '--shard', '0/2', '--out', join(dir, 's'), '--json']);
    expect(s.stdout).toBe(read(join(dir, 's'), 'sweep-shard-0-of-2.json'));
  });
});

describe('what goes where: the report on stdout, a line per cell as it finishes on stderr', () => {
  // tinyGrid's cells in index order: the axes in the scenario fields' order, the last varying fastest; every cell holds.
  const cellLine = (i: number): string =>
    `cell ${i} (controller "${i < 4 ? 'pre-fix' : 'proposed'}", initialPartition ${(i >> 1) % 2}, maxReplicas ${(i % 2) + 1}): holds`;
  const shown = (path: string): string => relative(process.cwd(), path);

  it('the whole grid: stdout is the findings table and where it was written, stderr one line per cell', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const r = await run(['sweep', tinyGrid(dir), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${read(out, 'findings.md')}\nWritten: ${shown(join(out, 'findings.md'))}, findings.json beside it\n`);
    expect(r.stderr).toBe([0, 1, 2, 3, 4, 5, 6, 7].map((i) => `${cellLine(i)}\n`).join(''));
    // The lines say what the table says of each cell.
    const json = JSON.parse(read(out, 'findings.json')) as { results: { verdict: string }[] };
    expect(json.results.map((c) => c.verdict)).toEqual(new Array(8).fill('holds'));
  });

  it('a shard: stdout names its file, stderr has its cells; with --json or --quiet no cell line at all', async () => {
    const dir = tempDir();
    const grid = tinyGrid(dir);
    const r = await run(['sweep', grid, '--shard', '1/3', '--out', join(dir, 's')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`Shard 1/3: 3 of 8 cells; ${shown(join(dir, 's', 'sweep-shard-1-of-3.json'))}\n`);
    expect(r.stderr).toBe([1, 4, 7].map((i) => `${cellLine(i)}\n`).join(''));
    for (const flag of ['--json', '--quiet']) {
      const q = await run(['sweep', grid, '--shard', '1/3', '--out', join(dir, flag), flag]);
      expect(q.code).toBe(0);
      expect(q.stderr, flag).toBe('');
      expect(q.stdout, flag).not.toContain('cell 1 (');
    }
  });
});

describe('witnesses in the table', () => {
  it('a holds whose witness was never reached reads "holds (vacuous)", in the table and the JSON', async () => {
    // The #1545 scenario with the partition fixed at 50%: proposed never promotes (docs/findings.md, "Witnesses").
    const dir = tempDir();
    const path = join(dir, 'grid.yaml');
    writeFileSync(path, ['axes:', '  controller: [upstream, proposed]', 'properties: [promotion-sound, canary-respected]', ''].join('\n'));
    const r = await run(['sweep', path, '--out', join(dir, 'out'), '--json']);
    expect(r.stderr).toBe('');
    type P = { verdict: string; witness?: { name: string; status: string; steps?: number } };
    const j = JSON.parse(r.stdout) as { results: { properties: Record<string, P> }[] };
    const [upstream, proposed] = j.results.map((c) => c.properties);
    expect(upstream!['promotion-sound']).toMatchObject({ verdict: 'violated', witness: { name: 'promotion-happens', status: 'reached' } });
    expect(proposed!['promotion-sound']).toEqual({ verdict: 'holds', witness: { name: 'promotion-happens', status: 'unreached' } });
    expect(proposed!['canary-respected']).toMatchObject({ verdict: 'holds', witness: { status: 'reached' } });
    const rows = read(join(dir, 'out'), 'findings.md')
      .split('\n')
      .filter((l) => /^\| \d+ \|/.test(l));
    expect(rows[1]).toContain('| proposed | holds | holds (vacuous) |'); // canary-respected, promotion-sound
    expect(rows[0]).not.toContain('vacuous');
  });
});

describe('merge refuses what does not make one sweep', () => {
  async function shardsOf(grid: string, n: number, dir: string): Promise<string[]> {
    for (let i = 0; i < n; i++) await run(['sweep', grid, '--shard', `${i}/${n}`, '--out', dir, '-q']);
    return Array.from({ length: n }, (_, i) => join(dir, `sweep-shard-${i}-of-${n}.json`));
  }

  it('missing, repeated and mixed-N shards, another grid, an edited file, not a result file', async () => {
    const dir = tempDir();
    const grid = tinyGrid(dir);
    const two = await shardsOf(grid, 2, join(dir, 'two'));
    const three = await shardsOf(grid, 3, join(dir, 'three'));
    const other = await shardsOf(tinyGrid(dir, 'other.yaml', 'limits: { maxDepth: 5 }'), 2, join(dir, 'other'));
    const out = join(dir, 'out');
    expectOneLineRefusal(await run(['merge', two[0]!, '--out', out]), 'shards missing: 1/2', '--allow-missing');
    expectOneLineRefusal(await run(['merge', two[0]!, two[0]!, two[1]!, '--out', out]), 'shard 0/2 is given twice');
    expectOneLineRefusal(await run(['merge', two[0]!, three[1]!, '--out', out]), 'same N');
    expectOneLineRefusal(await run(['merge', two[0]!, other[1]!, '--out', out]), 'another grid');
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, read(join(dir, 'two'), 'sweep-shard-1-of-2.json').replace('"maxReplicas": 2', '"maxReplicas": 3'));
    expectOneLineRefusal(await run(['merge', two[0]!, edited, '--out', out]), 'edited');
    const extra = join(dir, 'extra.json');
    writeFileSync(extra, JSON.stringify({ ...JSON.parse(read(join(dir, 'two'), 'sweep-shard-1-of-2.json')), extra: 1 }));
    expectOneLineRefusal(await run(['merge', two[0]!, extra, '--out', out]), 'is wrong at the top level (Unrecognized key: "extra")');
    expectOneLineRefusal(await run(['merge', grid, '--out', out]), 'grid.yaml', 'not valid JSON');
    expectOneLineRefusal(await run(['merge', join(dir, 'nope.json'), '--out', out]), 'does not exist');
    expectOneLineRefusal(await run(['merge', '--out', out]), 'RESULT: missing');
    expect(readdirSync(dir)).not.toContain('out');
  });

  it('a shard whose verdicts contradict each other (an audit: merge wrote a table that did)', async () => {
    const dir = tempDir();
    // Cell 0 (pre-fix, the #1545 scenario's partition) violates promotion-sound; well-formed holds there.
    const grid = join(dir, 'grid.yaml');
    writeFileSync(
      grid,
      [
        'scenario: { rollouts: 1, deletes: 1, scales: 1, partitionChanges: 0 }',
        'axes:',
        '  controller: [pre-fix, proposed]',
        'properties: [promotion-sound, well-formed]',
      ].join('\n'),
    );
    const two = await shardsOf(grid, 2, join(dir, 'two'));
    const out = join(dir, 'out');
    const original = JSON.parse(read(join(dir, 'two'), 'sweep-shard-0-of-2.json')) as {
      results: {
        verdict: string;
        limit: string | null;
        properties: Record<string, { verdict: string; steps?: number | null; message?: string }>;
      }[];
    };
    const cell = original.results[0]!;
    const violated = Object.entries(cell.properties).find(([, p]) => p.verdict === 'violated');
    const held = Object.entries(cell.properties).find(([, p]) => p.verdict === 'holds');
    expect(violated, 'a violated property in cell 0').toBeDefined();
    expect(held, 'and one that holds').toBeDefined();
    const edits: readonly [string, (d: typeof original) => void, string][] = [
      ['cell verdict holds beside a violation', (d) => (d.results[0]!.verdict = 'holds'), 'but its properties make it "violated"'],
      [
        'a violation without its steps',
        (d) => delete d.results[0]!.properties[violated![0]]!.steps,
        `properties.${violated![0]} is violated without its steps and message`,
      ],
      [
        'incomplete with no limit',
        (d) => (d.results[0]!.properties[held![0]]!.verdict = 'incomplete'),
        `properties.${held![0]} is incomplete, but no limit stopped the cell`,
      ],
      ['holds under a limit', (d) => (d.results[0]!.limit = 'maxStates'), 'holds, but a limit stopped the cell (maxStates)'],
    ];
    for (const [name, edit, message] of edits) {
      const d = structuredClone(original);
      edit(d);
      const file = join(dir, `${name.replaceAll(' ', '-')}.json`);
      writeFileSync(file, JSON.stringify(d, null, 2));
      expectOneLineRefusal(await run(['merge', file, two[1]!, '--out', out]), 'cell 0', message);
    }
    expect(readdirSync(dir)).not.toContain('out');
  });

  it('--allow-missing: a partial table that says so, exit 3 unless a violation makes it 1', async () => {
    const dir = tempDir();
    const [first] = await shardsOf(tinyGrid(dir), 2, join(dir, 's'));
    const r = await run(['merge', first!, '--allow-missing', '--out', join(dir, 'out'), '-q']);
    const table = read(join(dir, 'out'), 'findings.md');
    expect(table).toContain('not run');
    expect(table).toContain('Missing shards: 1/2');
    const j = JSON.parse(read(join(dir, 'out'), 'findings.json')) as { complete: boolean; summary: { missing: number; violated: number } };
    expect(j).toMatchObject({ complete: false, summary: { missing: 4 } });
    expect(r.code).toBe(j.summary.violated > 0 ? 1 : 3);
  });
});

describe('bad input: one line, exit 2, nothing written', () => {
  it.each([
    ['3/2', 'I must be below N'],
    ['0/0', 'N must be from 1'],
    ['a/b', 'expected I/N'],
    ['1', 'expected I/N'],
    ['-1/2', 'expected I/N'],
    ['1/2/3', 'expected I/N'],
  ])('--shard %s', async (spec, says) => {
    const out = join(tempDir(), 'out');
    expectOneLineRefusal(await run(['sweep', GRID, '--shard', spec, '--out', out]), '--shard', says);
    expect(() => readdirSync(out)).toThrow();
  });

  it('parseShard reads I/N', () => {
    expect(parseShard('0/1')).toEqual({ index: 0, count: 1 });
    expect(parseShard('4/5')).toEqual({ index: 4, count: 5 });
  });

  it.each(['00/3', '1/04', '0/0', '3/3', '-1/2', '1 /2'])('parseShard refuses %j with the allowed form', (text) => {
    expect(() => parseShard(text)).toThrow(/--shard.*I\/N with 1 ≤ N/);
  });

  it.each([
    ['an unknown top-level field', 'axes: { maxReplicas: [2] }\nbogus: 1', 'bogus in', 'allowed: scenario, axes, properties, limits'],
    ['no axes', 'scenario: { maxReplicas: 2 }', 'axes in', 'lists of values'],
    ['an unknown scenario field', 'axes: { replicas: [2] }', 'replicas in', 'unknown scenario field'],
    ['a bad axis value', 'axes: { maxReplicas: [2, 99] }', 'axes.maxReplicas[1]', 'an integer from 0 to 10'],
    ['an axis that is not a list', 'axes: { maxReplicas: 2 }', 'axes.maxReplicas', 'a list of 1 to'],
    ['a repeated axis value', 'axes: { maxReplicas: [2, 2] }', 'axes.maxReplicas[1]', 'listed twice'],
    ['a field both base and axis', 'scenario: { maxReplicas: 2 }\naxes: { maxReplicas: [3] }', 'axes.maxReplicas', 'not both'],
    ['a bad base value', 'scenario: { podUpdatePolicy: Rolling }\naxes: { maxReplicas: [2] }', 'scenario.podUpdatePolicy', 'ReCreate'],
    ['a time limit', 'axes: { maxReplicas: [2] }\nlimits: { timeLimit: 60 }', 'limits.timeLimit', 'no time or memory limit'],
    ['a bad limit', 'axes: { maxReplicas: [2] }\nlimits: { maxStates: 0 }', 'limits.maxStates', 'positive integer'],
    ['an unknown property', 'axes: { maxReplicas: [2] }\nproperties: [fast]', 'properties[0]', 'canary-respected'],
    [
      'a cell that cannot be',
      'scenario: { initialReplicas: 3 }\naxes: { maxReplicas: [2, 3] }',
      'cell 0 (controller "pre-fix", maxReplicas 2)',
      'initialReplicas',
    ],
    [
      'too many cells',
      `axes: { maxReplicas: [0,1,2,3,4,5,6,7,8,9,10], initialPartition: [${Array.from({ length: 60 }, (_, i) => i).join(',')}], maxSurge: [0,1,2,3,4,5] }`,
      'cells',
      'at most 10,000',
    ],
    ['a repeated key', 'axes: { maxReplicas: [2] }\naxes: { maxReplicas: [3] }', 'not valid YAML', 'expected a YAML'],
    ['not a mapping', '- 1\n- 2', 'does not hold a mapping', 'scenario'],
  ])('a grid with %s', async (_what, text, ...says) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'g.yaml'), text);
    expectOneLineRefusal(await run(['sweep', join(dir, 'g.yaml'), '--out', join(dir, 'out')]), ...says);
    expect(readdirSync(dir)).toEqual(['g.yaml']);
  });

  it('no grid, two grids, a missing grid file', async () => {
    expectOneLineRefusal(await run(['sweep']), 'GRID: missing');
    expectOneLineRefusal(await run(['sweep', GRID, GRID]), 'arguments', 'at most 1');
    expectOneLineRefusal(await run(['sweep', '/nonexistent/grid.yaml']), 'does not exist');
  });

  it('a shard never replaces a file it did not write (unless --force), and replaces its own', async () => {
    const dir = tempDir();
    const grid = tinyGrid(dir);
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'sweep-shard-0-of-2.json'), 'my notes\n');
    expectOneLineRefusal(await run(['sweep', grid, '--shard', '0/2', '--out', out]), 'not a sweep shard result', '--force');
    expect(read(out, 'sweep-shard-0-of-2.json')).toBe('my notes\n');
    expect((await run(['sweep', grid, '--shard', '0/2', '--out', out, '--force', '-q'])).code).toBe(0);
    const first = read(out, 'sweep-shard-0-of-2.json');
    expect(first).toContain('"sweep-shard"');
    expect((await run(['sweep', grid, '--shard', '0/2', '--out', out, '-q'])).code).toBe(0);
    expect(read(out, 'sweep-shard-0-of-2.json')).toBe(first);
  });

  it('the findings table never replaces a file cloneset-check did not write', async () => {
    const dir = tempDir();
    const grid = tinyGrid(dir);
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'findings.md'), 'mine\n');
    expectOneLineRefusal(await run(['sweep', grid, '--out', out]), 'findings.md', 'was not written by cloneset-check');
    expect(read(out, 'findings.md')).toBe('mine\n');
  });
});

describe('interrupted', () => {
  it.each([[[]], [['--shard', '0/2']]])('a sweep %j writes no result and exits 130 with one line', async (extra) => {
    const dir = tempDir();
    const grid = tinyGrid(dir);
    const out = join(dir, 'out');
    let stderr = '';
    const code = await main(['sweep', grid, '--out', out, '-q', ...extra], {
      stdout: () => undefined,
      stderr: (s) => (stderr += s),
      signal: { aborted: true, reason: 'SIGTERM' },
    });
    expect(code).toBe(130);
    expect(stderr).toBe("interrupted (SIGTERM): no result file written (a sweep's results are written whole or not at all)\n");
    expect(readdirSync(dir).includes('out') ? readdirSync(out) : []).toEqual([]);
  });
});

describe('examples/k8s', () => {
  const docs = parseAllDocuments(read(K8S, 'job.yaml')).map((d) => d.toJS() as Record<string, unknown>);
  const find = (kind: string): Record<string, any> => {
    const d = docs.find((x) => x.kind === kind);
    if (d === undefined) throw new Error(`no ${kind} in job.yaml`);
    return d;
  };
  const schema = JSON.parse(read(join(import.meta.dirname, 'fixtures'), 'k8s-job-batch-v1.schema.json')) as object;
  const validate = new Ajv({ strict: false, validateFormats: false, allErrors: true }).compile(schema);

  it('the Job validates against the Kubernetes batch/v1 Job schema', () => {
    const job = find('Job');
    const ok = validate(job);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema is not vacuous: it refuses a wrong type, an unknown field and a missing required one', () => {
    const job = find('Job');
    const bad = (edit: (j: Record<string, any>) => void): boolean => {
      const j = structuredClone(job);
      edit(j);
      return validate(j);
    };
    expect(bad((j) => (j.spec.completions = 'three'))).toBe(false);
    expect(bad((j) => (j.spec.completionMod = 'Indexed'))).toBe(false);
    expect(bad((j) => delete j.spec.template.spec.containers[0].name)).toBe(false);
    expect(bad((j) => (j.apiVersion = 'batch/v2'))).toBe(false);
    expect(bad((j) => delete j.spec.template)).toBe(false);
  });

  it('is an Indexed Job whose pod I runs sweep --shard I/N with N = completions, on the grid of the ConfigMap', () => {
    const job = find('Job');
    const spec = job.spec;
    expect(spec.completionMode).toBe('Indexed');
    const [container] = spec.template.spec.containers;
    const args: string[] = container.args;
    const n = spec.completions as number;
    expect(args).toEqual(['sweep', '/grid/grid.yaml', '--shard', `$(JOB_COMPLETION_INDEX)/${n}`, '--out', '/results']);
    expect(spec.parallelism).toBeLessThanOrEqual(n);
    expect(container.env).toContainEqual({
      name: 'JOB_COMPLETION_INDEX',
      valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } },
    });
    // Bad input (exit 2) fails the Job instead of being retried.
    expect(spec.template.spec.restartPolicy).toBe('Never');
    expect(spec.podFailurePolicy.rules[0]).toMatchObject({ action: 'FailJob', onExitCodes: { operator: 'In', values: [2] } });
    // Mounts: the ConfigMap's grid at /grid, the PVC at /results.
    const volumes: { name: string; configMap?: { name: string }; persistentVolumeClaim?: { claimName: string } }[] =
      spec.template.spec.volumes;
    const mountOf = (path: string) => volumes.find((v) => v.name === container.volumeMounts.find((m: any) => m.mountPath === path)?.name);
    expect(mountOf('/grid')?.configMap?.name).toBe(find('ConfigMap').metadata.name);
    expect(mountOf('/results')?.persistentVolumeClaim?.claimName).toBe(find('PersistentVolumeClaim').metadata.name);
    expect(find('PersistentVolumeClaim').spec.accessModes).toEqual(['ReadWriteMany']);
  });

  it("the ConfigMap's grid is examples/sweep.yaml's, and the collect pod mounts the same claim", () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'grid.yaml'), find('ConfigMap').data['grid.yaml']);
    expect(gridHash(loadGrid(join(dir, 'grid.yaml')))).toBe(gridHash(loadGrid(GRID)));
    const collect = parseAllDocuments(read(K8S, 'collect.yaml'))[0]!.toJS() as Record<string, any>;
    expect(collect.spec.volumes[0].persistentVolumeClaim.claimName).toBe(find('PersistentVolumeClaim').metadata.name);
  });

  it('runs as the Job would: three shards of the ConfigMap grid in one results directory merge into the whole sweep', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'grid'));
    writeFileSync(join(dir, 'grid', 'grid.yaml'), find('ConfigMap').data['grid.yaml']);
    const args: string[] = find('Job').spec.template.spec.containers[0].args;
    const results = join(dir, 'results');
    const n = find('Job').spec.completions as number;
    const runs = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        run(
          args
            .map((a) =>
              a
                .replace('$(JOB_COMPLETION_INDEX)', String(i))
                .replace(/^\/grid/, join(dir, 'grid'))
                .replace(/^\/results$/, results),
            )
            .concat('-q'),
        ),
      ),
    );
    for (const r of runs) expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    const m = await run(['merge', ...readdirSync(results).map((f) => join(results, f)), '--out', join(dir, 'findings'), '-q']);
    expect(m.stderr).toBe('');
    const whole = join(dir, 'whole');
    await run(['sweep', GRID, '--out', whole, '-q']);
    expect(read(join(dir, 'findings'), 'findings.json')).toBe(read(whole, 'findings.json'));
  });

  it('the Dockerfile builds the tool on node:20-slim with npm ci and npm run build, entrypoint cloneset-check', () => {
    const text = read(K8S, 'Dockerfile');
    expect(text).toMatch(/^FROM node:20-slim$/m);
    expect(text).toMatch(/^RUN npm ci\b/m);
    expect(text).toMatch(/^RUN npm run build\b/m);
    expect(text).toMatch(/^ENTRYPOINT \["cloneset-check"\]$/m);
    // Every source directory the build (tsconfig.build.json) includes is copied in.
    const include = (JSON.parse(read(join(EXAMPLES, '..'), 'tsconfig.build.json')) as { include: string[] }).include;
    for (const d of include) expect(text).toMatch(new RegExp(`^COPY .*\\b${d.replace('.', '\\.')}\\b`, 'm'));
  });
});
