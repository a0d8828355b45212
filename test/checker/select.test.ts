/**
 * One property selector: the explorer and the simulator choose properties by name with the
 * same function, so an unknown name is the same error, worded once, whichever search was asked.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/index.js';
import { selectProperties } from '../../checker/select.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO } from '../../model/cloneset/scenario.js';
import { weightedChooser } from '../../checker/simulation/choice.js';
import { simulate } from '../../checker/simulation/simulate.js';
import { CLONESET_WEIGHTS } from '../../model/simulation/index.js';

const props = [{ name: 'a' }, { name: 'b' }, { name: 'c' }] as const;

describe('selectProperties', () => {
  it('keeps the model order, whatever order the names come in; all when none are named', () => {
    expect(selectProperties(props, ['c', 'a']).map((p) => p.name)).toEqual(['a', 'c']);
    expect(selectProperties(props, undefined)).toEqual(props);
  });

  it('names every unknown property and the known ones', () => {
    expect(() => selectProperties(props, ['x'])).toThrow('unknown property x (known: a, b, c)');
    expect(() => selectProperties(props, ['x', 'a', 'y'])).toThrow('unknown properties x, y (known: a, b, c)');
  });

  it('explore and simulate refuse an unknown name with the same message', async () => {
    const scenario = { ...DEFAULT_SCENARIO, controller: 'pre-fix' as const };
    let fromExplore = '';
    try {
      explore(cloneSetModel(scenario), { properties: ['nope'] });
    } catch (e) {
      fromExplore = (e as Error).message;
    }
    expect(fromExplore).toMatch(/^unknown property nope \(known: canary-respected, /);
    const model = cloneSetModel(scenario);
    const chooser = weightedChooser(model, CLONESET_WEIGHTS);
    await expect(simulate(model, { chooser, seed: 1, runs: 1, steps: 1, properties: ['nope'] })).rejects.toThrow(fromExplore);
  });
});
