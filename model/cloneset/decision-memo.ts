/**
 * A cache of reconcile decisions keyed by short integer sequences (reconcile.ts: the spec, currentRevision,
 * history and pod codes a decision reads). Asked about every explored state whose controller may act, so
 * a key is never built as an object: the caller writes it into `key` (a scratch array), `find` looks it up
 * and, on a miss, `add` stores the value under that same key.
 *
 * The table is typed arrays rather than a Map of entry objects: the memo grows to ~10^5 entries, far past
 * the caches, so a lookup's time is its cache misses. A Map took about five dependent ones (its bucket, its
 * entry, the entry object, the stored key's array and its elements); here the slot holds the hash and where
 * the key is, and the key lies in one flat pool, so a hit reads the slot, the key and the value
 * (docs/performance.md, "Session 7"). Key elements are 16-bit: every one is a byte-sized field or a pod
 * code (below 2^12), and `add` refuses a larger one rather than store it cut short.
 */

/** Entries kept before the memo starts over (a bound on memory, as before). */
const MEMO_LIMIT = 1 << 20;
/** Slots to start with; doubled whenever more than half are taken. */
const INITIAL_SLOTS = 1 << 12;
const LARGEST_ELEMENT = 0xffff;

export class DecisionMemo<T> {
  /** The key of the next lookup: its first `length` entries. */
  key: number[] = [];
  length = 0;
  /** Per slot: the key's hash, and 1 + where its entry starts in `pool` (0: an empty slot). */
  private slots = new Int32Array(2 * INITIAL_SLOTS);
  private mask = INITIAL_SLOTS - 1;
  /** Per entry: its value's index in `values` (low and high 16 bits), its key's length, then the key. */
  private pool = new Uint16Array(1 << 16);
  private poolUsed = 0;
  private values: T[] = [];
  /** The slot `find` stopped at on a miss, and the hash it looked for: where `add` puts the entry. */
  private missSlot = -1;
  private missHash = 0;

  /** Starts a key. */
  begin(): void {
    this.length = 0;
    this.missSlot = -1;
  }

  push(x: number): void {
    this.key[this.length++] = x;
  }

  /** The value remembered for the current key, or undefined (then `add` may store one for it). */
  find(): T | undefined {
    const key = this.key;
    const n = this.length;
    // FNV-1a over the integers.
    let h = 0x811c9dc5 ^ n;
    for (let i = 0; i < n; i++) h = Math.imul(h ^ key[i]!, 0x01000193);
    h ^= h >>> 15;
    const slots = this.slots;
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const at = slots[2 * i + 1]! - 1;
      if (at < 0) {
        this.missSlot = i;
        this.missHash = h;
        return undefined;
      }
      if (slots[2 * i] === h && this.sameKey(at + 2, n)) return this.values[this.pool[at]! | (this.pool[at + 1]! << 16)];
    }
  }

  /** Remembers `value` for the key `find` just missed, and returns it. */
  add<V extends T>(value: V): V {
    if (this.missSlot < 0) throw new Error('DecisionMemo.add without a missed find for the current key');
    const n = this.length;
    if (this.values.length >= MEMO_LIMIT) {
      this.clear();
      // The key is still in `key`: look again to find its slot in the empty table.
      this.find();
    }
    const values = this.values;
    const at = this.poolUsed;
    this.reservePool(at + n + 3);
    const pool = this.pool;
    pool[at] = values.length & 0xffff;
    pool[at + 1] = values.length >>> 16;
    pool[at + 2] = n;
    for (let i = 0; i < n; i++) {
      const x = this.key[i]!;
      if (!(x >= 0 && x <= LARGEST_ELEMENT)) throw new Error(`DecisionMemo: key element ${x} is not 16-bit`);
      pool[at + 3 + i] = x;
    }
    this.poolUsed = at + n + 3;
    values.push(value);
    this.slots[2 * this.missSlot] = this.missHash;
    this.slots[2 * this.missSlot + 1] = at + 1;
    this.missSlot = -1;
    if (2 * values.length > this.mask + 1) this.grow();
    return value;
  }

  /** Forgets every decision (a bench measures the decisions themselves so). */
  clear(): void {
    this.slots = new Int32Array(2 * INITIAL_SLOTS);
    this.mask = INITIAL_SLOTS - 1;
    this.poolUsed = 0;
    this.values = [];
    this.missSlot = -1;
  }

  get size(): number {
    return this.values.length;
  }

  /** Whether the key stored at `pool[at..]` (its length, then its elements) is the current one. */
  private sameKey(at: number, n: number): boolean {
    const pool = this.pool;
    if (pool[at] !== n) return false;
    const key = this.key;
    for (let i = 0; i < n; i++) if (pool[at + 1 + i] !== key[i]) return false;
    return true;
  }

  private reservePool(size: number): void {
    if (size <= this.pool.length) return;
    const bigger = new Uint16Array(Math.max(size, 2 * this.pool.length));
    bigger.set(this.pool.subarray(0, this.poolUsed));
    this.pool = bigger;
  }

  /** Twice the slots, every entry put back by its stored hash. */
  private grow(): void {
    const old = this.slots;
    const size = 2 * (this.mask + 1);
    const slots = new Int32Array(2 * size);
    const mask = size - 1;
    for (let j = 0; j < old.length; j += 2) {
      if (old[j + 1] === 0) continue;
      let i = old[j]! & mask;
      while (slots[2 * i + 1] !== 0) i = (i + 1) & mask;
      slots[2 * i] = old[j]!;
      slots[2 * i + 1] = old[j + 1]!;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
