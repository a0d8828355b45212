/**
 * The default `--memory-limit` of `check`: derived from /proc/meminfo and the cgroup v2 files (fed here as
 * fake contents), and a run stopped by it ends incomplete with a line saying how to raise the limit.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  deriveMemoryLimit,
  MEMINFO_ENV,
  MIN_LIMIT_BYTES,
  RESERVE_BYTES,
  TABLE_SHARE,
  type MemoryReadings,
} from '../../cli/memory-default.js';
import { run, tempDir } from './helpers.js';

const MiB = 1048576;
const GiB = 1024 * MiB;
const meminfo = (availableKiB: number): string =>
  `MemTotal:       24684084 kB\nMemFree:        23676836 kB\nMemAvailable:   ${availableKiB} kB\nBuffers:           18292 kB\n`;
const readings = (over: Partial<MemoryReadings>): MemoryReadings => ({
  meminfo: meminfo(8 * 1024 * 1024),
  freeBytes: 2 * GiB,
  cgroupMax: null,
  cgroupCurrent: null,
  ...over,
});
const share = (available: number): number => Math.floor(((available - RESERVE_BYTES) * TABLE_SHARE) / MiB) * MiB;

describe('deriveMemoryLimit', () => {
  it('takes MemAvailable from /proc/meminfo, less the reserve, times the table share', () => {
    const d = deriveMemoryLimit(readings({}));
    expect(d).toEqual({ bytes: share(8 * GiB), availableBytes: 8 * GiB, source: 'MemAvailable' });
    expect(d.bytes).toBeLessThan(8 * GiB * 0.5);
  });

  it('falls back to os.freemem when /proc/meminfo is missing or has no MemAvailable line', () => {
    expect(deriveMemoryLimit(readings({ meminfo: null }))).toEqual({
      bytes: share(2 * GiB),
      availableBytes: 2 * GiB,
      source: 'os.freemem',
    });
    expect(deriveMemoryLimit(readings({ meminfo: 'MemTotal: 100 kB\n' })).source).toBe('os.freemem');
  });

  it("ignores a cgroup v2 memory.max of 'max' (no limit) and missing cgroup files", () => {
    expect(deriveMemoryLimit(readings({ cgroupMax: 'max\n', cgroupCurrent: '123456\n' })).source).toBe('MemAvailable');
    expect(deriveMemoryLimit(readings({ cgroupMax: null, cgroupCurrent: '123456\n' })).source).toBe('MemAvailable');
  });

  it('uses the room a cgroup limit leaves (memory.max minus memory.current) when it is lower', () => {
    const d = deriveMemoryLimit(readings({ cgroupMax: `${2 * GiB}\n`, cgroupCurrent: `${512 * MiB}\n` }));
    expect(d).toEqual({ bytes: share(1536 * MiB), availableBytes: 1536 * MiB, source: 'cgroup' });
    // A cgroup limit above the host's available memory changes nothing.
    expect(deriveMemoryLimit(readings({ cgroupMax: `${64 * GiB}\n`, cgroupCurrent: '0\n' })).source).toBe('MemAvailable');
  });

  it('never derives less than the minimum, even with nothing available', () => {
    expect(deriveMemoryLimit(readings({ meminfo: meminfo(1000) })).bytes).toBe(MIN_LIMIT_BYTES);
    expect(deriveMemoryLimit(readings({ cgroupMax: `${GiB}`, cgroupCurrent: `${2 * GiB}` }))).toEqual({
      bytes: MIN_LIMIT_BYTES,
      availableBytes: 0,
      source: 'cgroup',
    });
  });
});

describe('check with the derived limit', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const tiny = (): string => {
    const f = join(tempDir(), 'meminfo');
    writeFileSync(f, meminfo(1000));
    return f;
  };

  it('a run whose tables pass the derived limit ends incomplete (exit 3) and says how to raise it', async () => {
    vi.stubEnv(MEMINFO_ENV, tiny());
    const r = await run(['check', '--controller', 'proposed', '--out', tempDir()]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('stopped by memory');
    expect(r.stderr).toContain('derived from available memory at start');
    expect(r.stderr).toContain('--memory-limit MiB');
    const j = await run(['check', '--controller', 'proposed', '--json', '--out', tempDir()]);
    expect(j.code).toBe(3);
    expect(JSON.parse(j.stdout)).toMatchObject({ verdict: 'incomplete', limit: 'memory' });
  });

  it('an explicit --memory-limit wins over the derived one', async () => {
    vi.stubEnv(MEMINFO_ENV, tiny());
    const r = await run(['check', '--controller', 'proposed', '--memory-limit', '4096', '--json', '--out', tempDir()]);
    // The whole search runs (no limit stops it), whatever its verdict on the default scenario.
    expect(r.code).not.toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ limit: null });
    expect(r.stderr).not.toContain('derived from available memory');
  });

  it('check --help names the default', async () => {
    const r = await run(['check', '--help']);
    expect(r.stdout).toContain('default: derived from available memory at start');
  });
});
