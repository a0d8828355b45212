/**
 * Writing a trace's files next to each other, each atomically (temporary file in the same directory,
 * then rename), so a reader never sees a half-written trace and an interrupted run leaves the previous
 * files intact. Only plain base names are accepted: the writer never puts anything outside `outDir`.
 * The `.dot` file is always the HTML-label dialect (for any real Graphviz); the SVG is drawn in the
 * richest dialect the in-process engine supports (see svg.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { serializeTraceDocument, type TraceDocument } from './document.js';
import { renderDot } from './dot.js';
import { toItf } from './itf.js';
import { renderTraceSvg } from './svg.js';

export interface WriteOptions {
  readonly svg: boolean;
  /** Also write `<base>.itf.json` (Informal Trace Format). Default false. */
  readonly itf?: boolean;
}

export interface WrittenFiles {
  readonly json: string;
  readonly dot: string;
  readonly svg?: string;
  readonly itf?: string;
}

export type WriteError =
  | { readonly code: 'bad-base-name'; readonly message: string }
  | { readonly code: 'render-failed'; readonly message: string }
  | { readonly code: 'io'; readonly path: string; readonly message: string };

export type WriteResult = { readonly ok: true; readonly files: WrittenFiles } | { readonly ok: false; readonly error: WriteError };

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** A base name that names a file directly inside a directory, on every platform. */
function checkBaseName(base: string): string | null {
  if (base === '' || base === '.' || base === '..') return 'is empty or a directory name';
  if (/[/\\\0]/.test(base)) return 'contains a path separator or NUL';
  if (base.startsWith('.')) return 'starts with a dot (hidden files and temporary names are reserved)';
  if (base !== basename(base)) return 'is not a plain file name';
  return null;
}

class IoFailure {
  constructor(readonly path: string, readonly message: string) {}
}

async function writeAtomic(dir: string, name: string, content: string): Promise<string> {
  const target = join(dir, name);
  // Belt and braces: the base-name check should already make this impossible.
  if (dirname(target) !== dir) throw new IoFailure(target, 'refusing to write outside the output directory');
  const temp = join(dir, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, content, { encoding: 'utf8', flag: 'wx' });
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new IoFailure(target, errorText(e));
  }
  return target;
}

export async function writeTraceFiles(outDir: string, baseName: string, doc: TraceDocument, opts: WriteOptions): Promise<WriteResult> {
  const bad = checkBaseName(baseName);
  if (bad !== null) return { ok: false, error: { code: 'bad-base-name', message: `base name ${JSON.stringify(baseName)} ${bad}` } };
  const dir = resolve(outDir);
  const dot = renderDot(doc);
  let svg: string | undefined;
  if (opts.svg) {
    try {
      svg = await renderTraceSvg(doc);
    } catch (e) {
      return { ok: false, error: { code: 'render-failed', message: `Graphviz could not render the trace: ${errorText(e)}` } };
    }
  }
  try {
    await mkdir(dir, { recursive: true });
    const put = (ext: string, content: string): Promise<string> => writeAtomic(dir, `${baseName}.${ext}`, content);
    const json = await put('json', serializeTraceDocument(doc));
    const dotPath = await put('dot', dot);
    const svgPath = svg === undefined ? undefined : await put('svg', svg);
    const itfPath = opts.itf === true ? await put('itf.json', `${JSON.stringify(toItf(doc), null, 2)}\n`) : undefined;
    return {
      ok: true,
      files: { json, dot: dotPath, ...(svgPath === undefined ? {} : { svg: svgPath }), ...(itfPath === undefined ? {} : { itf: itfPath }) },
    };
  } catch (e) {
    if (e instanceof IoFailure) return { ok: false, error: { code: 'io', path: e.path, message: e.message } };
    return { ok: false, error: { code: 'io', path: dir, message: errorText(e) } };
  }
}
