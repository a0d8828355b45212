/**
 * Where sweep and merge write. The findings table goes through OutputDir (group `sweep`) like any run's
 * report. A shard result file does not: the shards of an Indexed Job run at once on one shared volume, and
 * a shared manifest would be rewritten by each of them (and OutputDir's tidying would delete the other
 * shards' files). So each shard writes only its own name, atomically, and replaces a file of that name
 * only if it is a sweep shard result (cloneset-check's own), or with --force.
 */
import { randomBytes } from 'node:crypto';
import { lstatSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { errnoText, makeDirectories, replaceRefusal, WriteFailure, writeFileAtomic } from '../../traces/write.js';
import { InputError } from '../errors.js';
import { readInputText } from '../input-file.js';
import { parseJsonStrict } from '../../traces/strict-json.js';

function isShardResult(path: string): boolean {
  const read = readInputText(path);
  if (!read.ok) return false;
  const d = parseJsonStrict(read.text);
  return (
    d.ok && d.value !== null && typeof d.value === 'object' && (d.value as Record<string, unknown>)['cloneset-check'] === 'sweep-shard'
  );
}

/** Throws InputError when `name` in `dir` may not be (re)written; checked before the run and again at the write. */
export function checkShardTarget(dir: string, name: string, force: boolean): void {
  const path = join(resolve(dir), name);
  try {
    lstatSync(path);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    // No file (or no directory yet): nothing to lose; the write reports a directory it cannot make.
    if (code === 'ENOENT' || code === 'ENOTDIR') return;
    throw new InputError('--out', `cannot use ${JSON.stringify(path)} (${errnoText(e)}); expected a writable directory`);
  }
  const refusal = replaceRefusal(path);
  if (refusal !== null)
    throw new InputError('--out', `${JSON.stringify(path)} ${refusal}; expected a regular file cloneset-check may replace, or no file`);
  if (!force && !isShardResult(path))
    throw new InputError(
      '--out',
      `${JSON.stringify(path)} is not a sweep shard result cloneset-check wrote; expected another --out, the file moved away, or --force to replace it`,
    );
}

/**
 * Before a long run: can the directory be made and written? The probe has a random name, not the pid's
 * (OutputDir's probe): in containers every shard is pid 1, and they share the volume.
 */
export function probeShardDir(dir: string): void {
  const probe = join(resolve(dir), `.cloneset-check-probe.${randomBytes(6).toString('hex')}.tmp`);
  try {
    makeDirectories(dir);
    writeFileAtomic(probe, '');
    unlinkSync(probe);
  } catch (e) {
    const why = e instanceof WriteFailure ? e.reason : errnoText(e);
    throw new InputError('--out', `cannot write in ${JSON.stringify(dir)} (${why}); expected a writable directory path`);
  }
}

export function writeShardFile(dir: string, name: string, content: string, force: boolean): string {
  checkShardTarget(dir, name, force);
  try {
    makeDirectories(dir);
    return writeFileAtomic(join(resolve(dir), name), content);
  } catch (e) {
    if (e instanceof WriteFailure)
      throw new InputError('--out', `cannot write ${JSON.stringify(e.path)} (${e.reason}); expected a writable directory`);
    throw e;
  }
}
