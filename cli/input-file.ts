/**
 * Reading a user's file (a --config scenario, a trace): only a regular file of at most MAX_INPUT_BYTES of
 * UTF-8 text. Reading first and asking later would hang on a FIFO, exhaust memory on /dev/zero and take a
 * directory's error code for an answer, so the file is examined before a byte is read.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { fileKind } from '../traces/write.js';

/** 16 MiB: a trace of the longest counterexample is a few MiB; a scenario file is a few hundred bytes. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

export type InputText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly why: string };

function refusal(st: Stats): string | null {
  const kind = fileKind(st);
  if (kind !== null) return kind === 'not a regular file' ? 'is not a regular file' : `is ${kind}, not a regular file`;
  if (st.size > MAX_INPUT_BYTES) return `is ${(st.size / 1048576).toFixed(1)} MiB, above the ${MAX_INPUT_BYTES / 1048576} MiB limit`;
  return null;
}

function errorText(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'ENOTDIR') return 'does not exist (a parent in the path is not a directory)';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  if (code === 'ELOOP') return 'cannot be read (too many symbolic links)';
  return `cannot be read (${code ?? (e instanceof Error ? e.message : String(e))})`;
}

/** The file's text without a leading byte-order mark, or why it was refused ("is a directory, …"). */
export function readInputText(path: string): InputText {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    return { ok: false, why: errorText(e) };
  }
  const before = refusal(st);
  if (before !== null) return { ok: false, why: before };
  let fd: number;
  try {
    // Non-blocking: if the path became a FIFO since the stat, opening it must not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { ok: false, why: errorText(e) };
  }
  try {
    const now = refusal(fstatSync(fd));
    if (now !== null) return { ok: false, why: now };
    // Read to the end, not to the stat's size: files under /proc report 0 and still have content.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, MAX_INPUT_BYTES + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > MAX_INPUT_BYTES) return { ok: false, why: `is larger than the ${MAX_INPUT_BYTES / 1048576} MiB limit` };
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
    } catch {
      return { ok: false, why: 'is not UTF-8 text' };
    }
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch (e) {
    return { ok: false, why: errorText(e) };
  } finally {
    closeSync(fd);
  }
}
