/** The package's public entry point exposes what the README's library example uses. */
import { describe, expect, it } from 'vitest';
import * as lib from '../index.js';

describe('library entry point', () => {
  it('checks the default scenario through the public API', () => {
    const r = lib.explore(lib.cloneSetModel({ ...lib.DEFAULT_SCENARIO, controller: 'proposed' }), { properties: ['canary-respected'] });
    expect(r.verdict).toBe('holds');
    expect(r.stats.states).toBe(98_097);
    expect(typeof lib.traces.renderText).toBe('function');
  });
});
