/**
 * `replay` and `export` on saved traces: a good trace replays (exit 0) and converts to every format; the
 * output file is written atomically and only where asked. Bad traces are covered in bad-input.test.ts.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTraceDocument, serializeTraceDocument, validateItf } from '../../traces/index.js';
import { issue1545Doc } from '../traces/fixtures.js';
import { ANSI, run, tempDir } from './helpers.js';

const dir = tempDir();
const trace = join(dir, 'pre-fix.json');
const doc = issue1545Doc();

beforeAll(() => writeFileSync(trace, serializeTraceDocument(doc)));

describe('replay', () => {
  it('replays a good trace: text rendering, step count, the violation reproduces', async () => {
    const r = await run(['replay', trace]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('cloneset-check trace · controller pre-fix');
    const steps = doc.steps.length - 1;
    expect(r.stdout).toContain(`replay: ${steps} steps reproduced; the recorded violation of ${doc.property!.name} reproduces`);
  });

  it('--json reports the same for scripts', async () => {
    const r = await run(['replay', trace, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: true,
      file: trace,
      controller: 'pre-fix',
      property: doc.property!.name,
      steps: doc.steps.length - 1,
      violation: 'reproduced',
    });
  });

  it('--quiet prints nothing on success', async () => {
    expect(await run(['replay', trace, '-q'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('export', () => {
  it('itf: a valid Informal Trace Format document on stdout', async () => {
    const r = await run(['export', trace, '--format', 'itf']);
    expect(r.code).toBe(0);
    const itf = JSON.parse(r.stdout) as { states: unknown[] };
    expect(validateItf(itf)).toEqual({ ok: true });
    expect(itf.states).toHaveLength(doc.steps.length);
  });

  it('json: the normalised document, which parses back to the same trace', async () => {
    const r = await run(['export', trace, '-f', 'json']);
    const back = parseTraceDocument(r.stdout);
    expect(back.ok && serializeTraceDocument(back.doc)).toBe(serializeTraceDocument(doc));
  });

  it('dot and text', async () => {
    expect((await run(['export', trace, '-f', 'dot'])).stdout).toMatch(/^digraph trace \{/);
    const text = await run(['export', trace, '-f', 'text'], { tty: false });
    expect(text.stdout).toContain('initial state');
    expect(text.stdout).not.toMatch(ANSI);
  });

  it('svg to --output, atomically, touching nothing else', async () => {
    const outDir = tempDir();
    const target = join(outDir, 'trace.svg');
    writeFileSync(target, 'old');
    const r = await run(['export', trace, '--format', 'svg', '--output', target]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(target, 'utf8')).toMatch(/<svg[\s\S]*<\/svg>\s*$/);
    expect(readdirSync(outDir)).toEqual(['trace.svg']);
  });

  it('refuses an --output directory that does not exist', async () => {
    const r = await run(['export', trace, '-f', 'itf', '-o', join(dir, 'no', 'such', 'x.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('does not exist');
  });
});

describe('what a file says of itself is not evidence (an audit: edited labels, summaries and messages reached every export)', () => {
  const edited = join(dir, 'edited.json');
  const text = serializeTraceDocument(doc);
  beforeAll(() => {
    const d = JSON.parse(text) as { property: { message: string }; steps: { label: string; actor: string; summary: { pods: string } }[] };
    d.steps[2]!.label = 'scale(3)';
    d.steps[2]!.actor = 'kubelet';
    d.steps[1]!.summary.pods = 'lies';
    d.property.message = 'nonsense';
    writeFileSync(edited, JSON.stringify(d, null, 2));
  });

  it("json: labels, actors and summaries are derived again, the message is the model's on the replayed steps", async () => {
    const r = await run(['export', edited, '-f', 'json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(text);
  });

  it('every text format shows what the model says, none what the file said', async () => {
    for (const format of ['text', 'kubectl', 'issue', 'dot']) {
      const r = await run(['export', edited, '-f', format]);
      expect(r.code, format).toBe(0);
      expect(r.stdout, format).not.toContain('nonsense');
      expect(r.stdout, format).not.toContain('scale(3)');
      expect(r.stdout, format).toContain(doc.property!.message.slice(0, 40));
    }
  });
});

describe("a trace's scenario beyond the command that found it (an audit: reports printed commands that fail)", () => {
  const cases: readonly [string, (d: Record<string, any>) => void, RegExp][] = [
    [
      'a decimal maxSurge',
      (d) => (d.scenario.maxSurge = '50.5%'),
      /^\$\.scenario\.maxSurge: "50\.5%" is not a value `check` takes \(--max-surge\); allowed: /,
    ],
    [
      'nine templates',
      (d) => (d.scenario.templates = 9),
      /^\$\.scenario\.templates: 9 is not a value `check` takes \(--templates\); allowed: an integer from 1 to 6$/,
    ],
    ['no partitions', (d) => (d.scenario.partitions = []), /^\$\.scenario\.partitions: \[\] is not a value `check` takes \(--partitions\)/],
    [
      'maxReplicas past check but within simulate, from check',
      (d) => (d.scenario.maxReplicas = 20),
      /^\$\.scenario\.maxReplicas: 20 is not a value `check` takes/,
    ],
    [
      'a decimal scaleMaxUnavailable',
      (d) => (d.scenario.scaleMaxUnavailable = '10.5%'),
      /^\$\.scenario\.scaleMaxUnavailable: "10\.5%" is not a value `check` takes \(--scale-max-unavailable\); allowed: /,
    ],
  ];
  for (const [name, edit, message] of cases) {
    it(`${name}: replay and export refuse it in one line naming the field (exit 2)`, async () => {
      const d = JSON.parse(serializeTraceDocument(doc)) as Record<string, any>;
      edit(d);
      const file = join(dir, `beyond-${name.replaceAll(' ', '-')}.json`);
      writeFileSync(file, JSON.stringify(d, null, 2));
      for (const argv of [
        ['replay', file],
        ['export', file, '-f', 'issue'],
      ]) {
        const r = await run(argv);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        const line = r.stderr.trimEnd().split('\n');
        expect(line).toHaveLength(1);
        expect(line[0]!.replace(/^cloneset-check \w+: [^:]+: /, '')).toMatch(message);
      }
    });
  }

  it('simulate takes larger bounds: its trace with maxReplicas 20 is not refused for them', async () => {
    const d = JSON.parse(serializeTraceDocument(doc)) as Record<string, any>;
    d.foundBy = 'simulate';
    d.scenario.maxReplicas = 20;
    const file = join(dir, 'simulate-20.json');
    writeFileSync(file, JSON.stringify(d, null, 2));
    const r = await run(['replay', file, '-q']);
    expect(r.stderr).not.toContain('$.scenario.maxReplicas');
  });
});
