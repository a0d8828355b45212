/** Parent links on their own: parent and action indices read back across chunks, wide action indices included. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHUNK, ParentLinks } from '../../checker/parent-links.js';

describe('ParentLinks', () => {
  it('reads back every parent and action index, including actions past one byte', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: -1, max: 2 ** 31 - 1 }),
            fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 2 ** 20 })),
          ),
          // size 'max': the default size draws at most a dozen links, all in the first chunk.
          { minLength: CHUNK + 1, maxLength: 3 * CHUNK, size: 'max' },
        ),
        (links) => {
          const t = new ParentLinks();
          links.forEach(([parent, action], i) => {
            if (i % CHUNK === 0) t.addChunk();
            t.set(i, parent, action);
          });
          expect(t.chunks).toBe(Math.ceil(links.length / CHUNK));
          expect(t.chunks).toBeGreaterThan(1);
          links.forEach(([parent, action], i) => {
            expect(t.parentOf(i)).toBe(parent);
            expect(t.actionOf(i)).toBe(action);
          });
        },
      ),
      { numRuns: 20 },
    );
  });
});
