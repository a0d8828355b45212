/**
 * Pod cache entries are values (state.ts entryOf): one shared frozen entry per code, made once, as pods are.
 * The model makes every entry through entryOf and the decoder through podEntryFromCode; an entry built as a
 * plain object (a trace file, a test) must still mean the same and have the same code.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_LIFECYCLES, entryOf, podEntryCode, podEntryFromCode, type Pod, type PodEntry } from '../../model/cloneset/state.js';
import { entryArbitrary } from '../crosscheck/arbitraries.js';

// Every revision and flag a pod code holds, so entry codes take their widest fields (state.ts entryCodeOfCodes).
const pod: fc.Arbitrary<Pod> = fc
  .record({
    rev: fc.nat(15),
    lifecycle: fc.constantFrom(...ALL_LIFECYCLES),
    ready: fc.boolean(),
    marked: fc.boolean(),
    preDeleteHook: fc.boolean(),
    inPlaceHook: fc.boolean(),
    notYetAvailable: fc.boolean(),
  })
  .map(({ preDeleteHook, inPlaceHook, notYetAvailable, ...p }) => ({
    ...p,
    ...(preDeleteHook ? { preDeleteHook: true as const } : {}),
    ...(inPlaceHook ? { inPlaceHook: true as const } : {}),
    ...(notYetAvailable && p.ready && p.lifecycle !== 'Updating' ? { notYetAvailable: true as const } : {}),
  }));

const entry: fc.Arbitrary<PodEntry> = entryArbitrary(pod);

describe('pod entries as values', () => {
  it('entryOf gives the entry of its parts, with the code a plain entry has, shared and frozen', () => {
    fc.assert(
      fc.property(entry, (e) => {
        const shared = entryOf(e.cached, e.truth, e.awaited, e.failed === true, e.readyAgain === true);
        expect(shared).toEqual(e);
        expect(JSON.stringify(shared)).toBe(JSON.stringify(e));
        expect(podEntryCode(shared)).toBe(podEntryCode(e));
        expect(entryOf({ ...e }.cached, e.truth, e.awaited, e.failed === true, e.readyAgain === true)).toBe(shared);
        expect(podEntryFromCode(podEntryCode(e))).toBe(shared);
        expect(Object.isFrozen(shared)).toBe(true);
      }),
      { seed: 15_002, numRuns: 500 },
    );
  });

  it('different entries get different codes and different shared entries', () => {
    fc.assert(
      fc.property(entry, entry, (a, b) => {
        const same = JSON.stringify(a) === JSON.stringify(b);
        expect(podEntryCode(a) === podEntryCode(b)).toBe(same);
        expect(
          entryOf(a.cached, a.truth, a.awaited, a.failed === true, a.readyAgain === true) ===
            entryOf(b.cached, b.truth, b.awaited, b.failed === true, b.readyAgain === true),
        ).toBe(same);
      }),
      { seed: 15_003, numRuns: 500 },
    );
  });

  it('a code decodes to the entry that has it, and a code no entry has is refused', () => {
    fc.assert(
      fc.property(entry, (e) => {
        expect(podEntryFromCode(podEntryCode(e))).toEqual(e);
      }),
      { seed: 15_004, numRuns: 200 },
    );
    // Awaited code 3 is an unlanded creation: valid with no pod, refused with one.
    expect(podEntryFromCode(3)).toEqual({ cached: null, truth: null, awaited: 'unlanded' });
    expect(() => podEntryFromCode(3 | (1 << 11))).toThrow(`invalid pod entry code ${3 | (1 << 11)}`);
    expect(() => podEntryFromCode(1 << 30)).toThrow(`invalid pod entry code ${1 << 30}`);
    // failed (bit 2) with a truth (code + 1 in bits 3..10): no entry has it.
    expect(() => podEntryFromCode(4 | (1 << 3))).toThrow('invalid pod entry code 12');
  });
});
