/**
 * The one atomic file writer of the project, and writing a trace's files next to each other with it.
 *
 * Each file goes to a temporary file in the target's own directory, then is renamed over the target, so a
 * reader never sees a half-written file and a failure leaves the previous file intact. The rename only ever
 * replaces a regular, writable file or nothing: a symlink, directory, FIFO, device or socket at the target,
 * or a read-only file, is refused (renaming over them would silently replace the link, the device node or
 * the permissions the user chose). The temporary file is written and renamed synchronously, so no signal
 * handler can run while it exists; it is also registered until renamed, and `removeTempFiles` (called on
 * every process exit by the CLI) deletes whatever an exception left behind.
 *
 * Only plain base names are accepted for traces: the writer never puts anything outside `outDir`. The `.dot`
 * file is always the HTML-label dialect (for any real Graphviz); the SVG is drawn in the richest dialect the
 * in-process engine supports (see svg.ts).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, lstatSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
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

/** A file could not be written: `path` says which, `reason` why, in a few words (an errno code, or "is a FIFO"). */
export class WriteFailure extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot write ${JSON.stringify(path)}: ${reason}`);
    this.name = 'WriteFailure';
  }
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** An errno failure in a few words: "EROFS: read-only file system", not the syscall and path again. */
export function errnoText(e: unknown): string {
  const err = e as { code?: unknown; message?: unknown };
  if (typeof err.code !== 'string') return errorText(e).split('\n')[0]!;
  const detail = typeof err.message === 'string' ? /^[A-Z]+: ([^,]+)/.exec(err.message)?.[1] : undefined;
  return detail === undefined ? err.code : `${err.code}: ${detail}`;
}

const isMissing = (e: unknown): boolean => (e as { code?: unknown }).code === 'ENOENT';

/** What a non-regular file is, in words; null for a regular file. */
export function fileKind(s: Stats): string | null {
  if (s.isFile()) return null;
  if (s.isSymbolicLink()) return 'a symbolic link';
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a FIFO';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Why `target` must not be replaced, or null when it may (missing, or a regular file someone may write).
 * The mode bits are checked rather than access(2): the superuser passes access() for a 444 file.
 */
export function replaceRefusal(target: string): string | null {
  let s: Stats;
  try {
    s = lstatSync(target);
  } catch (e) {
    return isMissing(e) ? null : errnoText(e);
  }
  const kind = fileKind(s);
  if (kind !== null) return `is ${kind} (only regular files are replaced)`;
  if ((s.mode & 0o222) === 0) return 'is read-only (not writable)';
  return null;
}

const pendingTemps = new Set<string>();

/** Deletes every temporary file a write has not yet renamed. Synchronous: safe in `process.on('exit')`. */
export function removeTempFiles(): void {
  for (const t of pendingTemps) {
    try {
      unlinkSync(t);
    } catch {
      // Already gone, or the directory is unwritable: nothing more can be done at exit.
    }
  }
  pendingTemps.clear();
}

/** The temporary files that exist right now (for tests). */
export const tempFilesInFlight = (): readonly string[] => [...pendingTemps];

/**
 * Writes `content` to `target` atomically. The new file keeps the permission bits of the file it replaces
 * (a new file gets 0666 less the umask). Throws WriteFailure.
 */
export function writeFileAtomic(target: string, content: string | Uint8Array): string {
  const path = resolve(target);
  const refusal = replaceRefusal(path);
  if (refusal !== null) throw new WriteFailure(path, refusal);
  let mode = 0o666;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch {
    // No file yet: the default mode.
  }
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  pendingTemps.add(temp);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', mode);
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
    pendingTemps.delete(temp);
  } catch (e) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // The write error is the one worth reporting.
      }
    }
    try {
      unlinkSync(temp);
    } catch {
      // Never created, or already renamed.
    }
    pendingTemps.delete(temp);
    throw new WriteFailure(path, errnoText(e));
  }
  return path;
}

/**
 * Creates `dir` and its missing parents one level at a time. `mkdir -p` through Node's recursive mkdir spins
 * forever under /proc (mkdir answers ENOENT there, and the parent exists), so this walks up by hand and
 * gives up with the first error. Throws WriteFailure naming the directory and why.
 */
export function makeDirectories(dir: string): void {
  const path = resolve(dir);
  const missing: string[] = [];
  for (let p = path; ; p = dirname(p)) {
    let s: Stats;
    try {
      s = statSync(p);
    } catch (e) {
      if (!isMissing(e)) throw new WriteFailure(path, `${p}: ${errnoText(e)}`);
      if (dirname(p) === p) throw new WriteFailure(path, errnoText(e));
      missing.push(p);
      continue;
    }
    if (!s.isDirectory()) throw new WriteFailure(path, `${p} is ${fileKind(s) ?? 'a file'}, not a directory`);
    break;
  }
  for (const p of missing.reverse()) {
    try {
      mkdirSync(p);
    } catch (e) {
      if ((e as { code?: unknown }).code === 'EEXIST' && statSync(p).isDirectory()) continue;
      throw new WriteFailure(path, p === path ? errnoText(e) : `${p}: ${errnoText(e)}`);
    }
  }
}

/** A base name that names a file directly inside a directory, on every platform. */
export function checkBaseName(base: string): string | null {
  if (base === '' || base === '.' || base === '..') return 'is empty or a directory name';
  if (/[/\\\0]/.test(base)) return 'contains a path separator or NUL';
  if (base.startsWith('.')) return 'starts with a dot (hidden files and temporary names are reserved)';
  if (base !== basename(base)) return 'is not a plain file name';
  return null;
}

export type TraceFileKind = keyof WrittenFiles;

/** The files of one trace, in writing order: name (inside the output directory), kind, content. */
export type TraceFile = { readonly name: string; readonly kind: TraceFileKind; readonly content: string };

/** Renders a trace's files without writing them. The JSON comes first: it is the trace itself. */
export async function renderTraceFiles(baseName: string, doc: TraceDocument, opts: WriteOptions): Promise<readonly TraceFile[]> {
  const files: TraceFile[] = [
    { name: `${baseName}.json`, kind: 'json', content: serializeTraceDocument(doc) },
    { name: `${baseName}.dot`, kind: 'dot', content: renderDot(doc) },
  ];
  if (opts.svg) files.push({ name: `${baseName}.svg`, kind: 'svg', content: await renderTraceSvg(doc) });
  if (opts.itf === true) files.push({ name: `${baseName}.itf.json`, kind: 'itf', content: `${JSON.stringify(toItf(doc), null, 2)}\n` });
  return files;
}

export async function writeTraceFiles(outDir: string, baseName: string, doc: TraceDocument, opts: WriteOptions): Promise<WriteResult> {
  const bad = checkBaseName(baseName);
  if (bad !== null) return { ok: false, error: { code: 'bad-base-name', message: `base name ${JSON.stringify(baseName)} ${bad}` } };
  const dir = resolve(outDir);
  let rendered: readonly TraceFile[];
  try {
    rendered = await renderTraceFiles(baseName, doc, opts);
  } catch (e) {
    return { ok: false, error: { code: 'render-failed', message: `Graphviz could not render the trace: ${errorText(e)}` } };
  }
  try {
    makeDirectories(dir);
    const files: Partial<Record<TraceFileKind, string>> = {};
    for (const f of rendered) {
      const target = join(dir, f.name);
      // Belt and braces: the base-name check should already make this impossible.
      if (dirname(target) !== dir) throw new WriteFailure(target, 'refusing to write outside the output directory');
      files[f.kind] = writeFileAtomic(target, f.content);
    }
    return { ok: true, files: files as WrittenFiles };
  } catch (e) {
    if (e instanceof WriteFailure) return { ok: false, error: { code: 'io', path: e.path, message: e.message } };
    return { ok: false, error: { code: 'io', path: dir, message: errorText(e) } };
  }
}
