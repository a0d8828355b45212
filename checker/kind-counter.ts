/**
 * Transitions counted by action kind, on the explorer's hot path (once per transition). Models have a
 * handful of action kinds, so a linear scan comparing string identity (kinds are usually literals, hence
 * the same string object) beats hashing; an equal string with another identity falls through to the map,
 * which stays the source of truth. Shared by the single-threaded explorer and the parallel workers.
 */
export class KindCounter {
  private readonly counts = new Map<string, { n: number }>();
  private readonly recentKinds: string[] = [];
  private readonly recentCounters: { n: number }[] = [];

  count(kind: string): void {
    const names = this.recentKinds;
    for (let i = 0; i < names.length; i++) {
      if (names[i] === kind) {
        this.recentCounters[i]!.n++;
        return;
      }
    }
    let c = this.counts.get(kind);
    if (c === undefined) {
      c = { n: 0 };
      this.counts.set(kind, c);
    }
    c.n++;
    if (names.length < 16) {
      names.push(kind);
      this.recentCounters.push(c);
    }
  }

  /** Counts by kind, keys sorted (deterministic output). */
  toRecord(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const k of [...this.counts.keys()].sort()) out[k] = this.counts.get(k)!.n;
    return out;
  }
}
