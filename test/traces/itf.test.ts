/** ITF export, checked by the schema-level validator, and the validator checked against broken traces. */
import { describe, expect, it } from 'vitest';
import type { TraceDocument } from '../../traces/document.js';
import { ITF_VARS, toItf } from '../../traces/itf.js';
import { validateItf } from '../../traces/itf-validate.js';
import { continuationDoc, issue1545Doc } from './fixtures.js';

/** Every bare JSON number outside `#meta` objects (there must be none). */
function bareNumbers(x: unknown, path = '$'): string[] {
  if (typeof x === 'number') return [path];
  if (Array.isArray(x)) return x.flatMap((e, i) => bareNumbers(e, `${path}[${i}]`));
  if (typeof x === 'object' && x !== null) {
    return Object.entries(x).flatMap(([k, v]) => (k === '#meta' ? [] : bareNumbers(v, `${path}.${k}`)));
  }
  return [];
}

const json = (x: unknown): Record<string, any> => JSON.parse(JSON.stringify(x)) as Record<string, any>;

describe('toItf', () => {
  const doc = issue1545Doc();
  const itf = json(toItf(doc));

  it('produces a valid ITF trace with one state per step', () => {
    expect(validateItf(itf)).toEqual({ ok: true });
    expect(itf['#meta'].format).toBe('ITF');
    expect(itf.vars).toEqual([...ITF_VARS]);
    expect(itf.states).toHaveLength(doc.steps.length);
    expect(itf.states.map((s: any) => s['#meta'].index)).toEqual(doc.steps.map((s) => s.index));
  });

  it('lists pods in canonical order, as the JSON export does, whatever order the document holds', () => {
    // Pods compare as a multiset, so a trace with its pods reordered replays; its ITF was once different.
    const k = doc.steps.findIndex((st) => st.state.pods.length > 1 && st.state.pods.some((p) => p.rev !== st.state.pods[0]!.rev));
    expect(k).toBeGreaterThanOrEqual(0);
    const reordered: TraceDocument = {
      ...doc,
      steps: doc.steps.map((st, i) => (i === k ? { ...st, state: { ...st.state, pods: [...st.state.pods].reverse() } } : st)),
    };
    expect(JSON.stringify(toItf(reordered))).toBe(JSON.stringify(toItf(doc)));
  });

  it('encodes every integer as #bigint', () => {
    expect(bareNumbers(itf)).toEqual([]);
    expect(itf.states[0].spec.replicas).toEqual({ '#bigint': '2' });
    expect(itf.states[0].status.currentRevision).toEqual({ '#bigint': '0' });
    expect(itf.states[0].spec.partition).toEqual({ tag: 'Str', value: '50%' });
  });

  it('records actions and options the way Quint does', () => {
    expect(itf.states[0]['mbt::actionTaken']).toBe('init');
    expect(itf.states[0].action).toEqual({ tag: 'init', value: { '#tup': [] } });
    expect(itf.states[1]['mbt::actionTaken']).toBe('rollout');
    expect(itf.states[1].action).toEqual({ tag: 'rollout', value: { template: { '#bigint': '1' } } });
    expect(itf.states[0].pending).toEqual({ tag: 'None', value: { '#tup': [] } });
    expect(itf.states[2].pending.tag).toBe('Some');
  });

  it('turns a convergence cycle into a lasso', () => {
    const c = continuationDoc();
    const deadEnd = json(toItf(c));
    expect(validateItf(deadEnd)).toEqual({ ok: true });
    expect(deadEnd.states).toHaveLength(c.steps.length + c.continuation!.steps.length);
    expect(deadEnd.loop).toBeUndefined();
    const cycle: TraceDocument = { ...c, continuation: { steps: c.continuation!.steps, cycleTo: c.steps.length } };
    const lasso = json(toItf(cycle));
    expect(validateItf(lasso)).toEqual({ ok: true });
    expect(lasso.states).toHaveLength(c.steps.length + c.continuation!.steps.length - 1);
    expect(lasso.loop).toBe(c.steps.length);
  });
});

describe('validateItf', () => {
  const good = (): Record<string, any> => json(toItf(issue1545Doc()));
  const issues = (t: unknown): string[] => {
    const r = validateItf(t);
    return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
  };

  it.each([
    [
      'a bare number',
      (t: any) => {
        t.states[1].stable = 0;
      },
      '$.states[1].stable: bare JSON number 0',
    ],
    [
      'a malformed #bigint',
      (t: any) => {
        t.states[0].spec.replicas = { '#bigint': '2.5' };
      },
      '$.states[0].spec.replicas["#bigint"]: expected a decimal integer string',
    ],
    [
      'a missing #meta',
      (t: any) => {
        delete t['#meta'];
      },
      '$["#meta"]: expected an object',
    ],
    [
      'a state without #meta',
      (t: any) => {
        delete t.states[3]['#meta'];
      },
      '$.states[3]["#meta"]',
    ],
    [
      'a wrong state index',
      (t: any) => {
        t.states[3]['#meta'].index = 7;
      },
      '$.states[3]["#meta"].index: expected 3',
    ],
    [
      'a variable missing from a state',
      (t: any) => {
        delete t.states[2].pods;
      },
      '$.states[2].pods: variable "pods" listed in vars is missing',
    ],
    [
      'an unlisted variable',
      (t: any) => {
        t.states[2].extra = true;
      },
      '$.states[2].extra: "extra" is not listed in vars',
    ],
    [
      'a null',
      (t: any) => {
        t.states[2].pending = null;
      },
      '$.states[2].pending: null is not an ITF value',
    ],
    [
      'a duplicate set element',
      (t: any) => {
        t.states[0].history = { '#set': [{ '#bigint': '0' }, { '#bigint': '0' }] };
      },
      'duplicate set element',
    ],
    [
      'a loop out of range',
      (t: any) => {
        t.loop = 99;
      },
      '$.loop: expected a state index',
    ],
    [
      'an unknown top-level field',
      (t: any) => {
        t.extra = 1;
      },
      '$.extra: not an ITF trace field',
    ],
    [
      'a variable that changes type',
      (t: any) => {
        t.states[4].stable = 'v1';
      },
      '$.states[4].stable: is a str here but a int in an earlier state',
    ],
  ])('rejects %s', (_name, corrupt, expected) => {
    const t = good();
    corrupt(t);
    expect(issues(t).join('\n')).toContain(expected);
  });

  it('accepts maps, sets, tuples and variants', () => {
    const t = {
      '#meta': { format: 'ITF' },
      vars: ['m'],
      states: [
        {
          '#meta': { index: 0 },
          m: { a: { '#map': [[{ '#bigint': '1' }, { '#set': ['a', 'b'] }]] }, t: { '#tup': [true, { tag: 'A', value: 'x' }] } },
        },
      ],
    };
    expect(validateItf(t)).toEqual({ ok: true });
    // A reserved field must stand alone.
    expect(issues({ ...t, states: [{ '#meta': { index: 0 }, m: { '#map': [], x: true } }] }).join('\n')).toContain(
      'must have no other fields',
    );
  });
});
