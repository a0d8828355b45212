/** docs/state-machine.md is generated from the model; this fails when the actions changed and `npm run docs` was not run. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTION_KINDS } from '../../model/cloneset/actions.js';
import { actionTable } from '../../cli/gen-state-machine.js';

describe('docs/state-machine.md', () => {
  const doc = readFileSync(new URL('../../docs/state-machine.md', import.meta.url), 'utf8');

  it('holds the current action table, one row per action kind', () => {
    expect(doc).toContain(actionTable());
    expect(actionTable().split('\n')).toHaveLength(ACTION_KINDS.length + 2);
  });

  it('embeds the generated picture', () => {
    expect(doc).toContain('(state-machine.svg)');
    expect(readFileSync(new URL('../../docs/state-machine.svg', import.meta.url), 'utf8')).toContain('<svg');
  });
});
