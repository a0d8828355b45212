/** Every limit (maxStates, maxDepth, time, memory, cancel) ends in `incomplete`, never `holds`. */

import { describe, expect, it } from 'vitest';
import { explore, exploreAsync } from '../../checker/index.js';
import type { Progress } from '../../checker/index.js';
import { twoPhaseCommit } from '../../examples/models/two-phase-commit.js';
import { chain, counter, graphModel } from './graph-model.js';

describe('limits never yield holds', () => {
  it('maxStates: stops incomplete with exactly that many states', () => {
    const r = explore(chain(100), { maxStates: 10 });
    expect(r.verdict).toBe('incomplete');
    expect(r.limit).toBe('maxStates');
    expect(r.stats.states).toBe(10);
    expect(r.stats.depth).toBe(9);
  });

  it('maxStates equal to the reachable count is not a limit', () => {
    const r = explore(chain(10), { maxStates: 10 });
    expect(r.verdict).toBe('holds');
    expect(r.limit).toBeUndefined();
  });

  it('maxDepth: a cut-off expansion makes the run incomplete', () => {
    const r = explore(chain(10), { maxDepth: 3 });
    expect(r.verdict).toBe('incomplete');
    expect(r.limit).toBe('maxDepth');
    expect(r.stats.states).toBe(4);
    expect(r.stats.depth).toBe(3);
  });

  it('maxDepth: a bound that cuts nothing off still gives holds', () => {
    // Depth-2 states only lead back to visited states: the bound cut nothing.
    const m = graphModel({ edges: [[1, 2], [3], [3], [0]], initial: [0], properties: ['noDeadlock'] });
    const r = explore(m, { maxDepth: 2 });
    expect(r.verdict).toBe('holds');
    expect(r.stats.states).toBe(4);
    expect(explore(m, { maxDepth: 1 }).verdict).toBe('incomplete');
    expect(explore(chain(10), { maxDepth: 9 }).verdict).toBe('holds');
  });

  it('maxDepth: states at the bound are still checked for deadlock and step properties', () => {
    const dead = graphModel({ edges: [[1], [2], []], initial: [0] });
    expect(explore(dead, { maxDepth: 2 }).violation?.kind).toBe('deadlock');
    const back = graphModel({ edges: [[1], [0]], initial: [0], properties: ['noBackEdge'] });
    expect(explore(back, { maxDepth: 1 }).violation?.kind).toBe('step');
  });

  it('time: an unbounded model stops incomplete at the time limit', () => {
    const r = explore(counter(), { timeLimitSeconds: 0.2 });
    expect(r.verdict).toBe('incomplete');
    expect(r.limit).toBe('time');
    expect(r.stats.states).toBeGreaterThan(0);
    expect(r.stats.seconds).toBeGreaterThanOrEqual(0.2);
    expect(r.stats.seconds).toBeLessThan(5);
  });

  it('memory: growing past memoryLimitBytes stops incomplete', () => {
    const r = explore(counter(), { memoryLimitBytes: 4_000_000 });
    expect(r.verdict).toBe('incomplete');
    expect(r.limit).toBe('memory');
    expect(r.stats.peakTableBytes).toBeLessThanOrEqual(4_000_000);
    expect(r.stats.states).toBeGreaterThan(1000);
  });

  it('memory: a big model (TwoPhase N=9, 10M states) under a 16 MB limit stops cleanly with counts', () => {
    const r = explore(twoPhaseCommit(9), { memoryLimitBytes: 16_000_000 });
    expect(r.verdict).toBe('incomplete');
    expect(r.limit).toBe('memory');
    expect(r.stats.peakTableBytes).toBeLessThanOrEqual(16_000_000);
    expect(r.stats.states).toBeGreaterThan(300_000);
    expect(r.stats.states).toBeLessThan(10_340_352);
    expect(r.stats.transitions).toBeGreaterThan(r.stats.states);
  });

  it('cancel: a signal stops the run with partial statistics', () => {
    const signal = { aborted: false };
    const m = counter();
    const next = m.next;
    m.next = (s, a) => {
      if (s === 50_000) signal.aborted = true;
      return next(s, a);
    };
    const r = explore(m, { signal });
    expect(r.verdict).toBe('incomplete');
    expect(r.limit).toBe('cancelled');
    expect(r.stats.states).toBeGreaterThan(50_000);
  });

  it('cancel: exploreAsync yields so an AbortController fired by a timer stops it', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const r = await exploreAsync(counter(), { signal: controller.signal }, 10);
    expect(r.verdict).toBe('incomplete');
    expect(r.limit).toBe('cancelled');
    expect(r.stats.states).toBeGreaterThan(0);
  });

  it('a violation found before a limit is still reported as violated', () => {
    const r = explore(chain(100, { bad: [5], properties: ['notBad'] }), { maxStates: 50, stopAtFirstViolation: false });
    expect(r.verdict).toBe('violated');
    expect(r.limit).toBe('maxStates');
    expect(r.violation?.trace).toHaveLength(6);
  });

  it('onProgress is throttled and reports growing counts', () => {
    const seen: Progress[] = [];
    explore(counter(), { timeLimitSeconds: 0.4, progressIntervalMs: 50, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.length).toBeLessThanOrEqual(9);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.states).toBeGreaterThanOrEqual(seen[i - 1]!.states);
      expect(seen[i]!.elapsedSeconds - seen[i - 1]!.elapsedSeconds).toBeGreaterThanOrEqual(0.049);
    }
    const last = seen[seen.length - 1]!;
    expect(last.transitions).toBeGreaterThan(0);
    expect(last.depth).toBeGreaterThan(0);
    expect(last.queue).toBeGreaterThanOrEqual(0);
    expect(last.statesPerSecond).toBeGreaterThan(0);
  });

  it('rejects nonsensical options', () => {
    expect(() => explore(chain(3), { maxDepth: -1 })).toThrow(RangeError);
    expect(() => explore(chain(3), { maxStates: 1.5 })).toThrow(RangeError);
    expect(() => explore(chain(3), { timeLimitSeconds: 0 })).toThrow(RangeError);
  });

  it('rejects options of the wrong type from JavaScript callers, naming them', () => {
    // These were read as their defaults ('yes' as off, 'no' as on) or failed inside ("names.filter is not a function").
    const js = (o: Record<string, unknown>) => () => explore(chain(3), o as never);
    expect(js({ reduction: 'yes' })).toThrow('reduction must be true or false, got "yes"');
    expect(js({ stopAtFirstViolation: 'no' })).toThrow('stopAtFirstViolation must be true or false, got "no"');
    expect(js({ properties: 'notBad' })).toThrow('properties must be an array of property names, got "notBad"');
    expect(js({ onState: 5 })).toThrow('onState must be a function, got number');
    expect(js({ initialCapacity: 2 ** 40 })).toThrow('initialCapacity must be at most 1073741824');
  });

  it('Infinity is no bound for maxStates and maxDepth, as for the time and memory limits', () => {
    const r = explore(chain(10), { maxStates: Infinity, maxDepth: Infinity, timeLimitSeconds: Infinity });
    expect(r).toMatchObject({ verdict: 'holds', stats: { states: 10 } });
  });
});
