/**
 * The default `--memory-limit` of `check`: a share of the memory available when the run starts, so that a
 * scope too large for the machine ends `incomplete` (limit 'memory') instead of being killed by the OS.
 *
 * The explorer's tables are not all of the process: in the bench's CloneSet wide row (docs/performance.md,
 * "Memory per state"), peak RSS is about 70 MiB of Node, ~150 MiB of V8 heap for the model (which does not
 * grow with the state count), plus 1.2-1.3x the tables (a doubling's old buffer exists next to the new one
 * while it is copied). So the tables get half of what is left after a fixed reserve: RSS then peaks below
 * 0.8 of the available memory, leaving room for the page cache and other processes.
 *
 * The reading of the OS is kept apart from the arithmetic (`deriveMemoryLimit` is pure) so tests can feed
 * fake /proc/meminfo and cgroup files.
 */
import { readFileSync } from 'node:fs';
import { freemem } from 'node:os';

const MiB = 1048576;
/** Node, the model and the V8 heap before any table (a small run's peak RSS is ~70-77 MiB). */
export const RESERVE_BYTES = 128 * MiB;
/** Share of the memory after the reserve that the tables may take. */
export const TABLE_SHARE = 0.5;
/** Never derive less than this: the explorer then stops at its first allocation, with a message, rather than refuse to start. */
export const MIN_LIMIT_BYTES = MiB;

/** What the OS says, as file contents (null when the file is missing or unreadable). */
export interface MemoryReadings {
  readonly meminfo: string | null;
  /** os.freemem(), the fallback when /proc/meminfo has no MemAvailable line. */
  readonly freeBytes: number;
  /** cgroup v2 memory.max: a byte count or 'max' (no limit). */
  readonly cgroupMax: string | null;
  /** cgroup v2 memory.current: bytes the cgroup uses now. */
  readonly cgroupCurrent: string | null;
}

export interface DerivedMemoryLimit {
  /** The table limit, whole MiB, at least MIN_LIMIT_BYTES. */
  readonly bytes: number;
  /** The memory it was derived from. */
  readonly availableBytes: number;
  readonly source: 'MemAvailable' | 'os.freemem' | 'cgroup';
}

function memAvailable(meminfo: string | null): number | null {
  const m = meminfo === null ? null : /^MemAvailable:\s+(\d+)\s*kB\s*$/m.exec(meminfo);
  return m === null || m[1] === undefined ? null : Number(m[1]) * 1024;
}

function byteCount(text: string | null): number | null {
  const t = text?.trim();
  return t !== undefined && /^\d+$/.test(t) ? Number(t) : null;
}

/** The room a cgroup v2 limit leaves (limit minus current usage), or null when there is no limit. */
function cgroupRoom(r: MemoryReadings): number | null {
  const max = byteCount(r.cgroupMax);
  if (max === null) return null;
  return Math.max(0, max - (byteCount(r.cgroupCurrent) ?? 0));
}

export function deriveMemoryLimit(r: MemoryReadings): DerivedMemoryLimit {
  const host = memAvailable(r.meminfo);
  let availableBytes = host ?? Math.max(0, r.freeBytes);
  let source: DerivedMemoryLimit['source'] = host === null ? 'os.freemem' : 'MemAvailable';
  const room = cgroupRoom(r);
  if (room !== null && room < availableBytes) {
    availableBytes = room;
    source = 'cgroup';
  }
  const share = Math.floor(((availableBytes - RESERVE_BYTES) * TABLE_SHARE) / MiB) * MiB;
  return { bytes: Math.max(MIN_LIMIT_BYTES, share), availableBytes, source };
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Test-only: CLONESET_CHECK_MEMINFO names a file read in place of /proc/meminfo, and the cgroup files are
 * then not read, so a test can make the derived limit tiny on any machine. Not for users: `--memory-limit`
 * is the way to set the limit.
 */
export const MEMINFO_ENV = 'CLONESET_CHECK_MEMINFO';

export function readMemoryReadings(env: NodeJS.ProcessEnv = process.env): MemoryReadings {
  const fake = env[MEMINFO_ENV];
  if (fake !== undefined && fake !== '') return { meminfo: readOrNull(fake), freeBytes: freemem(), cgroupMax: null, cgroupCurrent: null };
  return {
    meminfo: readOrNull('/proc/meminfo'),
    freeBytes: freemem(),
    cgroupMax: readOrNull('/sys/fs/cgroup/memory.max'),
    cgroupCurrent: readOrNull('/sys/fs/cgroup/memory.current'),
  };
}

/** The line a run stopped by a derived limit prints, saying where the limit came from and how to raise it. */
export function derivedLimitNote(d: DerivedMemoryLimit): string {
  const mib = (b: number): string => `${Math.floor(b / MiB).toLocaleString('en-US')} MiB`;
  const from = d.source === 'cgroup' ? 'the cgroup memory limit' : d.source === 'MemAvailable' ? 'MemAvailable' : 'free memory';
  return (
    `the memory limit was derived from available memory at start: tables ≤ ${mib(d.bytes)} of ${mib(d.availableBytes)} available (${from}); ` +
    `raise it with --memory-limit MiB if the machine has room`
  );
}
