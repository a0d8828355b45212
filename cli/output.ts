/**
 * Output files of the CLI: the `--out` directory of check, simulate and graph, and export's `--output`.
 *
 * An output directory keeps a manifest, `.cloneset-check` (JSON), of the files cloneset-check wrote there: for
 * each name, the command group that wrote it and the SHA-256 of what it wrote. With it a run can tell its own
 * files from the user's:
 * - a file this run would write whose name is taken by a file the manifest does not list (or whose content
 *   changed since) is the user's: the run refuses before the search starts, unless `--force`;
 * - files an earlier run of the same group wrote and this run did not are deleted when the run finishes
 *   (the report never sits beside traces it does not list; an SVG does not survive a `--no-svg` run);
 *   any other file is never touched.
 * Every problem is an InputError naming the flag: exit 2, one line.
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, rmdirSync, statSync, unlinkSync, type Stats } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { errnoText, fileKind, makeDirectories, replaceRefusal, WriteFailure, writeFileAtomic } from '../traces/write.js';
import { InputError } from './errors.js';

export const MANIFEST = '.cloneset-check';
const MANIFEST_VERSION = 1;

/** Which command wrote a file; a run only ever deletes stale files of its own group. */
export type OutputGroup = 'check' | 'simulate' | 'graph' | 'graph-quotient' | 'sweep';

interface Entry {
  readonly by: OutputGroup;
  /** Missing while the write is under way (a run killed then leaves the file ours). */
  readonly sha256?: string;
}

const GROUPS: readonly OutputGroup[] = ['check', 'simulate', 'graph', 'graph-quotient', 'sweep'];
const sha256 = (content: string | Uint8Array): string => createHash('sha256').update(content).digest('hex');
const shown = (p: string): string => JSON.stringify(p);

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return null;
    throw e;
  }
}

/**
 * Can `dir` be written (or created)? Checked before a long run, so that a bad `--out` is one line at once
 * instead of a lost search. Leaves nothing behind: an existing directory gets a probe file, removed at once;
 * a missing one has its first missing level created and removed again.
 */
export function checkOutDir(dir: string, flag = '--out'): void {
  const path = resolve(dir);
  let existing = path;
  let s: Stats | null = null;
  for (;;) {
    try {
      s = statSync(existing);
      break;
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code === 'ENOTDIR') {
        // A file somewhere above: find it for the message.
        existing = resolve(existing, '..');
        continue;
      }
      if (code !== 'ENOENT') throw new InputError(flag, `cannot use ${shown(dir)} (${errnoText(e)}); expected a writable directory path`);
      const up = resolve(existing, '..');
      if (up === existing) throw new InputError(flag, `cannot use ${shown(dir)} (no existing parent); expected a writable directory path`);
      existing = up;
    }
  }
  if (!s.isDirectory()) {
    const what =
      existing === path
        ? `${shown(dir)} exists and is ${fileKind(s) ?? 'a file'}, not a directory`
        : `${shown(existing)} is ${fileKind(s) ?? 'a file'}, not a directory, so ${shown(dir)} cannot be created`;
    throw new InputError(flag, `${what}; expected a directory path`);
  }
  try {
    if (existing === path) {
      const probe = join(path, `.cloneset-check-probe.${process.pid}.tmp`);
      writeFileAtomic(probe, '');
      unlinkSync(probe);
    } else {
      const first = join(existing, relative(existing, path).split(sep)[0]!);
      mkdirSync(first);
      rmdirSync(first);
    }
  } catch (e) {
    const why = e instanceof WriteFailure ? e.reason : errnoText(e);
    throw new InputError(
      flag,
      `cannot ${existing === path ? 'write in' : 'create'} ${shown(dir)} (${why}); expected a writable directory path`,
    );
  }
}

function readManifest(dir: string, flag: string, force: boolean): Map<string, Entry> {
  const path = join(dir, MANIFEST);
  const files = new Map<string, Entry>();
  const s = lstatOrNull(path);
  if (s === null) return files;
  const foreign = (why: string): Map<string, Entry> => {
    if (force) return files;
    throw new InputError(
      flag,
      `${shown(path)} ${why}, so cloneset-check cannot tell its own files from others there; expected a directory cloneset-check wrote, a new one, or --force`,
    );
  };
  if (!s.isFile()) return foreign(`is ${fileKind(s) ?? 'not a regular file'}`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return foreign('is not a cloneset-check manifest');
  }
  const d = data as { 'cloneset-check'?: unknown; files?: unknown };
  if (d['cloneset-check'] !== MANIFEST_VERSION || typeof d.files !== 'object' || d.files === null)
    return foreign('is not a cloneset-check manifest');
  for (const [name, v] of Object.entries(d.files as Record<string, unknown>)) {
    const e = v as { by?: unknown; sha256?: unknown };
    if (name.includes('/') || name === MANIFEST || !GROUPS.includes(e.by as OutputGroup))
      return foreign('is not a cloneset-check manifest');
    files.set(name, { by: e.by as OutputGroup, ...(typeof e.sha256 === 'string' ? { sha256: e.sha256 } : {}) });
  }
  return files;
}

export interface OutputPlan {
  readonly dir: string;
  readonly group: OutputGroup;
  /** `--force`: replace files this run writes even if cloneset-check did not write them. */
  readonly force: boolean;
  /** Every name this run may write (checked for clashes before the run). */
  readonly names: readonly string[];
  readonly flag?: string;
}

/** One run's output directory: checked when opened, written file by file, tidied by `finish`. */
export class OutputDir {
  private readonly written = new Map<string, string>();
  private created = false;

  private constructor(
    readonly dir: string,
    private readonly group: OutputGroup,
    private readonly force: boolean,
    private readonly flag: string,
    private readonly manifest: Map<string, Entry>,
  ) {}

  /** Checks the directory and every name the run may write; throws InputError before any work is done. */
  static open(plan: OutputPlan): OutputDir {
    const flag = plan.flag ?? '--out';
    const dir = resolve(plan.dir);
    checkOutDir(plan.dir, flag);
    const manifest = readManifest(dir, flag, plan.force);
    const out = new OutputDir(dir, plan.group, plan.force, flag, manifest);
    for (const name of plan.names) out.checkName(name);
    return out;
  }

  /** A file this directory holds that cloneset-check wrote, with the content it wrote. */
  private ours(name: string): boolean {
    const e = this.manifest.get(name);
    if (e === undefined) return false;
    if (e.sha256 === undefined) return true;
    try {
      return sha256(readFileSync(join(this.dir, name))) === e.sha256;
    } catch {
      return false;
    }
  }

  private checkName(name: string): void {
    const path = join(this.dir, name);
    const s = lstatOrNull(path);
    if (s === null) return;
    const refusal = replaceRefusal(path);
    if (refusal !== null)
      throw new InputError(this.flag, `${shown(path)} ${refusal}; expected a regular file cloneset-check may replace, or no file`);
    if (!this.force && !this.ours(name)) {
      throw new InputError(
        this.flag,
        `${shown(path)} was not written by cloneset-check (or was changed since); expected another --out, the file moved away, or --force to replace it`,
      );
    }
  }

  /** Writes one file atomically; returns its absolute path. */
  write(name: string, content: string): string {
    const path = join(this.dir, name);
    try {
      if (!this.created) {
        makeDirectories(this.dir);
        this.created = true;
      }
      if (!this.written.has(name)) {
        // Checked again: the file may have appeared during the run.
        this.checkName(name);
        if (this.manifest.get(name)?.by !== this.group || this.manifest.get(name)?.sha256 !== undefined) {
          // Claimed before it is written, so that a run killed mid-way leaves it recognisably ours.
          this.manifest.set(name, { by: this.group });
          this.saveManifest();
        }
      }
      writeFileAtomic(path, content);
    } catch (e) {
      if (e instanceof WriteFailure)
        throw new InputError(this.flag, `cannot write ${shown(e.path)} (${e.reason}); expected a writable directory`);
      throw e;
    }
    this.written.set(name, path);
    this.manifest.set(name, { by: this.group, sha256: sha256(content) });
    return path;
  }

  /**
   * Deletes the files an earlier run of this group wrote that this run did not (only while they still hold
   * what was written), forgets entries whose files are gone or changed, and saves the manifest. Called after
   * a failed write too, so the directory never mixes this run's report with an earlier run's traces.
   */
  finish(): void {
    for (const [name, e] of [...this.manifest]) {
      if (this.written.has(name)) continue;
      const path = join(this.dir, name);
      const mine = this.ours(name);
      if (!mine) {
        this.manifest.delete(name);
        continue;
      }
      if (e.by !== this.group) continue;
      try {
        if (lstatOrNull(path)?.isFile() === true) unlinkSync(path);
        this.manifest.delete(name);
      } catch {
        // Left listed: the next run tries again.
      }
    }
    if (this.written.size === 0 && lstatOrNull(join(this.dir, MANIFEST)) === null && this.manifest.size === 0) return;
    try {
      if (lstatOrNull(this.dir) === null) return;
      this.saveManifest();
    } catch (e) {
      if (e instanceof WriteFailure)
        throw new InputError(this.flag, `cannot write ${shown(e.path)} (${e.reason}); the files above were written`);
      throw e;
    }
  }

  private saveManifest(): void {
    const files = Object.fromEntries([...this.manifest].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    writeFileAtomic(join(this.dir, MANIFEST), `${JSON.stringify({ 'cloneset-check': MANIFEST_VERSION, files }, null, 2)}\n`);
  }
}

/** Export's `--output FILE`: refused before rendering if it may not be replaced. */
export function checkOutputFile(target: string, flag: string): void {
  const refusal = replaceRefusal(resolve(target));
  if (refusal !== null) throw new InputError(flag, `${shown(target)} ${refusal}; expected a regular file or a new path`);
}

/** Writes one file atomically; failures become an InputError naming the flag that chose the path. */
export function writeOutputFile(target: string, content: string, flag: string): string {
  try {
    return writeFileAtomic(target, content);
  } catch (e) {
    if (e instanceof WriteFailure) throw new InputError(flag, `cannot write ${shown(target)} (${e.reason}); expected a writable path`);
    throw e;
  }
}
