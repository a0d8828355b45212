/**
 * `--shard I/N`: shard I of N (0-based I, 1 ≤ N) runs exactly the cells whose index i has i mod N = I.
 * Round-robin rather than contiguous blocks, so that neighbouring cells (often the expensive ones, e.g.
 * the larger bounds of the last axis) are spread over the shards; any N partitions any grid, with shards
 * past the grid's size simply empty.
 */
import { InputError, quote } from '../errors.js';

export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Far more shards than any cluster runs pods for one sweep; keeps the numbers exact. */
export const MAX_SHARDS = 100000;

export const WHOLE: Shard = { index: 0, count: 1 };

export function parseShard(text: string, flag = '--shard'): Shard {
  // No leading zeros: `00/3` or `1/04` is a typo more often than a shard, and names its file differently.
  const m = /^(0|[1-9]\d{0,5})\/(0|[1-9]\d{0,5})$/.exec(text);
  const allowed = `I/N with 1 ≤ N ≤ ${MAX_SHARDS} and 0 ≤ I < N (0-based), e.g. 0/4`;
  if (m === null) throw new InputError(flag, `expected ${allowed}, got ${quote(text)}`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS)
    throw new InputError(flag, `N must be from 1 to ${MAX_SHARDS}: expected ${allowed}, got ${quote(text)}`);
  if (index >= count) throw new InputError(flag, `I must be below N (shards are numbered from 0): expected ${allowed}, got ${quote(text)}`);
  return { index, count };
}

export const inShard = (cellIndex: number, shard: Shard): boolean => cellIndex % shard.count === shard.index;

/** The indices of a grid of `size` cells that a shard runs, ascending. */
export function shardIndices(size: number, shard: Shard): number[] {
  const out: number[] = [];
  for (let i = shard.index; i < size; i += shard.count) out.push(i);
  return out;
}

export const shardName = (s: Shard): string => `${s.index}/${s.count}`;
