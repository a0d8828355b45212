/**
 * Writing output files atomically: a temporary file in the target's own directory, then a rename, so a
 * reader (or an interrupted run) never sees a half-written file and a failure leaves the old file intact.
 * Failures become InputErrors naming the flag that chose the path.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from './errors.js';

const errorText = (e: unknown): string => {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : e instanceof Error ? e.message.split('\n')[0]! : String(e);
};

export async function writeFileAtomic(target: string, content: string, flag: string): Promise<string> {
  const path = resolve(target);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, content, { encoding: 'utf8', flag: 'wx' });
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new InputError(flag, `cannot write ${JSON.stringify(target)} (${errorText(e)}); expected a writable path`);
  }
  return path;
}

/**
 * Checked before any long run: an `--out` that is an existing file would otherwise only fail after the
 * search, throwing away minutes of work.
 */
export async function checkOutDir(dir: string, flag = '--out'): Promise<void> {
  const s = await stat(dir).catch((e: unknown) => ((e as { code?: unknown }).code === 'ENOENT' ? null : Promise.reject(e)));
  if (s !== null && !s.isDirectory()) throw new InputError(flag, `${JSON.stringify(dir)} exists and is not a directory; expected a directory path`);
}

export async function ensureOutDir(dir: string, flag = '--out'): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new InputError(flag, `cannot create directory ${JSON.stringify(dir)} (${errorText(e)}); expected a writable directory path`);
  }
}
