/** Output files: written atomically next to each other inside the output directory, and nowhere else. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serializeTraceDocument } from '../../traces/document.js';
import { validateItf } from '../../traces/itf-validate.js';
import { parseTraceDocument } from '../../traces/parse.js';
import { writeTraceFiles } from '../../traces/write.js';
import { issue1545Doc, svgText } from './fixtures.js';

describe('writeTraceFiles', () => {
  let root = '';
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'cloneset-traces-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates the directory and writes json, dot and svg there, leaving no temporary files', async () => {
    const doc = issue1545Doc();
    const out = join(root, 'nested', 'out');
    const r = await writeTraceFiles(out, 'issue-1545', doc, { svg: true, itf: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.files).toEqual({
      json: join(out, 'issue-1545.json'),
      dot: join(out, 'issue-1545.dot'),
      svg: join(out, 'issue-1545.svg'),
      itf: join(out, 'issue-1545.itf.json'),
    });
    expect((await readdir(out)).sort()).toEqual(['issue-1545.dot', 'issue-1545.itf.json', 'issue-1545.json', 'issue-1545.svg']);
    const json = await readFile(r.files.json, 'utf8');
    expect(json).toBe(serializeTraceDocument(doc));
    expect(parseTraceDocument(json).ok).toBe(true);
    expect(await readFile(r.files.dot, 'utf8')).toMatch(/^digraph trace \{/);
    expect(svgText(await readFile(r.files.svg!, 'utf8'))).toContain('promotion-sound');
    expect(validateItf(JSON.parse(await readFile(r.files.itf!, 'utf8')))).toEqual({ ok: true });
  });

  it('skips the svg when not asked and replaces existing files', async () => {
    const doc = issue1545Doc();
    await writeTraceFiles(root, 't', { ...doc, property: null }, { svg: false });
    const r = await writeTraceFiles(root, 't', doc, { svg: false });
    expect(r.ok && r.files.svg).toBeUndefined();
    expect((await readdir(root)).sort()).toEqual(['t.dot', 't.json']);
    expect(await readFile(join(root, 't.json'), 'utf8')).toContain('promotion-sound');
  });

  it.each(['../escape', 'a/b', 'a\\b', '', '.', '..', '.hidden', 'nul\0byte'])('refuses base name %j and writes nothing', async (base) => {
    const r = await writeTraceFiles(join(root, 'out'), base, issue1545Doc(), { svg: false });
    expect(r.ok ? null : r.error.code).toBe('bad-base-name');
    expect(await readdir(root)).toEqual([]);
    expect(await readdir(dirname(root))).not.toContain('escape.json');
  });

  it('reports an unwritable directory as an io error instead of throwing', async () => {
    const file = join(root, 'plain-file');
    await writeTraceFiles(root, 'plain-file', issue1545Doc(), { svg: false });
    const r = await writeTraceFiles(join(`${file}.json`, 'sub'), 'x', issue1545Doc(), { svg: false });
    expect(r.ok ? null : r.error.code).toBe('io');
  });
});
