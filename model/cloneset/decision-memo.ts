/**
 * A cache of reconcile decisions keyed by short integer sequences (reconcile.ts: the spec, currentRevision,
 * history and pod codes a decision reads). Asked about every explored state whose controller may act, so
 * a key is never built as an object: the caller writes it into `key` (a scratch array) and the lookup hashes
 * it to a small integer for a Map with integer keys, comparing the stored key on a hit. A string key built
 * per lookup (String.fromCharCode over the codes) and hashed by the Map cost more than the rest of a
 * remembered reconcile (docs/performance.md, "Session 6").
 */

interface Entry<T> {
  readonly key: readonly number[];
  readonly value: T;
  readonly next: Entry<T> | undefined;
}

/** Entries kept before the memo starts over, as the string-keyed Map it replaced did. */
const MEMO_LIMIT = 1 << 20;

export class DecisionMemo<T> {
  /** The key of the next lookup: its first `length` entries. */
  key: number[] = [];
  length = 0;
  private readonly table = new Map<number, Entry<T>>();
  private count = 0;

  /** Starts a key. */
  begin(): void {
    this.length = 0;
  }

  push(x: number): void {
    this.key[this.length++] = x;
  }

  /** The value remembered for the current key, or what `compute` gives (then remembered). */
  get(compute: () => T): T {
    const key = this.key;
    const n = this.length;
    // FNV-1a over the integers, folded to 30 bits so the Map key stays a small integer.
    let h = 0x811c9dc5 ^ n;
    for (let i = 0; i < n; i++) h = Math.imul(h ^ key[i]!, 0x01000193);
    h = (h ^ (h >>> 15)) & 0x3fffffff;
    const first = this.table.get(h);
    for (let e = first; e !== undefined; e = e.next) if (sameKey(e.key, key, n)) return e.value;
    const value = compute();
    if (this.count >= MEMO_LIMIT) {
      this.table.clear();
      this.count = 0;
    }
    this.table.set(h, { key: key.slice(0, n), value, next: this.count === 0 ? undefined : this.table.get(h) });
    this.count++;
    return value;
  }

  /** Forgets every decision (a bench measures the decisions themselves so). */
  clear(): void {
    this.table.clear();
    this.count = 0;
  }

  get size(): number {
    return this.count;
  }
}

function sameKey(stored: readonly number[], key: readonly number[], n: number): boolean {
  if (stored.length !== n) return false;
  for (let i = 0; i < n; i++) if (stored[i] !== key[i]) return false;
  return true;
}
