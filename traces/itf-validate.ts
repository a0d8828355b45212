/**
 * A schema-level checker for ITF traces (ADR-015, in the strict profile Quint emits: every integer is a
 * `#bigint`). No ITF tool runs in this project's tests, so this is what keeps the export honest: it
 * checks the format's rules, not our own encoding, and would reject a hand-rolled mistake such as a
 * bare JSON number, a missing `#meta`, or a state whose variables differ from `vars`.
 */

export interface ItfIssue {
  /** JSON path, e.g. `$.states[2].status.replicas`. */
  readonly path: string;
  readonly message: string;
}

export type ItfValidation = { readonly ok: true } | { readonly ok: false; readonly issues: readonly ItfIssue[] };

const TOP_LEVEL = ['#meta', 'params', 'vars', 'states', 'loop'];

type Shape = 'bool' | 'str' | 'int' | 'list' | 'tup' | 'set' | 'map' | 'record' | 'variant' | 'unserializable' | 'invalid';

const isObject = (x: unknown): x is Readonly<Record<string, unknown>> => typeof x === 'object' && x !== null && !Array.isArray(x);

const describe = (x: unknown): string =>
  x === null ? 'null' : Array.isArray(x) ? 'an array' : typeof x === 'object' ? 'an object' : `${typeof x} ${JSON.stringify(x)}`;

class Checker {
  readonly issues: ItfIssue[] = [];

  issue(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  /** Checks one ITF value and returns its shape (for the cross-state consistency check). */
  value(x: unknown, path: string): Shape {
    if (typeof x === 'boolean') return 'bool';
    if (typeof x === 'string') return 'str';
    if (typeof x === 'number') {
      this.issue(path, `bare JSON number ${x}: integers must be {"#bigint": "${Number.isInteger(x) ? x : '…'}"}`);
      return 'invalid';
    }
    if (Array.isArray(x)) {
      x.forEach((e, i) => {
        this.value(e, `${path}[${i}]`);
      });
      return 'list';
    }
    if (!isObject(x)) {
      this.issue(path, `${describe(x)} is not an ITF value`);
      return 'invalid';
    }
    const keys = Object.keys(x);
    const only = (k: string): boolean => {
      if (keys.length === 1) return true;
      this.issue(path, `an object with "${k}" must have no other fields, got ${keys.join(', ')}`);
      return false;
    };
    if ('#bigint' in x) {
      if (only('#bigint') && (typeof x['#bigint'] !== 'string' || !/^-?(0|[1-9]\d*)$/.test(x['#bigint']))) {
        this.issue(`${path}["#bigint"]`, `expected a decimal integer string, got ${describe(x['#bigint'])}`);
      }
      return 'int';
    }
    if ('#tup' in x) return this.elements(x['#tup'], `${path}["#tup"]`, only('#tup'), 'tup');
    if ('#set' in x) {
      const shape = this.elements(x['#set'], `${path}["#set"]`, only('#set'), 'set');
      if (Array.isArray(x['#set'])) this.unique(x['#set'], `${path}["#set"]`, 'set element');
      return shape;
    }
    if ('#map' in x) {
      const entries = x['#map'];
      if (!only('#map')) return 'map';
      if (!Array.isArray(entries)) {
        this.issue(`${path}["#map"]`, `expected an array of [key, value] pairs, got ${describe(entries)}`);
        return 'map';
      }
      entries.forEach((e, i) => {
        if (!Array.isArray(e) || e.length !== 2) this.issue(`${path}["#map"][${i}]`, `expected a [key, value] pair, got ${describe(e)}`);
        else {
          this.value(e[0], `${path}["#map"][${i}][0]`);
          this.value(e[1], `${path}["#map"][${i}][1]`);
        }
      });
      this.unique(
        entries.map((e: unknown) => (Array.isArray(e) ? e[0] : e)),
        `${path}["#map"]`,
        'map key',
      );
      return 'map';
    }
    if ('#unserializable' in x) {
      if (only('#unserializable') && typeof x['#unserializable'] !== 'string') this.issue(path, '"#unserializable" must be a string');
      return 'unserializable';
    }
    const reserved = keys.find((k) => k.startsWith('#'));
    if (reserved !== undefined) {
      this.issue(`${path}["${reserved}"]`, `unknown reserved field "${reserved}" (allowed: #bigint, #tup, #set, #map, #unserializable)`);
      return 'invalid';
    }
    if (keys.length === 2 && 'tag' in x && 'value' in x) {
      if (typeof x['tag'] !== 'string') this.issue(`${path}.tag`, `a variant tag must be a string, got ${describe(x['tag'])}`);
      this.value(x['value'], `${path}.value`);
      return 'variant';
    }
    for (const k of keys) this.value(x[k], `${path}.${k}`);
    return 'record';
  }

  private elements(xs: unknown, path: string, ok: boolean, shape: Shape): Shape {
    if (!ok) return shape;
    if (!Array.isArray(xs)) {
      this.issue(path, `expected an array, got ${describe(xs)}`);
      return shape;
    }
    xs.forEach((e, i) => {
      this.value(e, `${path}[${i}]`);
    });
    return shape;
  }

  private unique(xs: readonly unknown[], path: string, what: string): void {
    const seen = new Set<string>();
    xs.forEach((e, i) => {
      const k = canonicalJson(e);
      if (seen.has(k)) this.issue(`${path}[${i}]`, `duplicate ${what}`);
      seen.add(k);
    });
  }
}

/** Key-order-independent JSON, so `{a,b}` and `{b,a}` count as one set element. */
function canonicalJson(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonicalJson).join(',')}]`;
  if (isObject(x))
    return `{${Object.keys(x)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(x[k])}`)
      .join(',')}}`;
  return JSON.stringify(x);
}

function names(c: Checker, x: unknown, path: string): readonly string[] {
  if (!Array.isArray(x)) {
    c.issue(path, `expected an array of variable names, got ${describe(x)}`);
    return [];
  }
  const out: string[] = [];
  x.forEach((n, i) => {
    if (typeof n !== 'string') c.issue(`${path}[${i}]`, `expected a variable name, got ${describe(n)}`);
    else if (out.includes(n)) c.issue(`${path}[${i}]`, `duplicate variable "${n}"`);
    else out.push(n);
  });
  return out;
}

export function validateItf(json: unknown): ItfValidation {
  const c = new Checker();
  if (!isObject(json)) return { ok: false, issues: [{ path: '$', message: `expected an ITF trace (an object), got ${describe(json)}` }] };
  for (const k of Object.keys(json))
    if (!TOP_LEVEL.includes(k)) c.issue(`$.${k}`, `not an ITF trace field (allowed: ${TOP_LEVEL.join(', ')})`);
  const meta = json['#meta'];
  if (!isObject(meta)) c.issue('$["#meta"]', `expected an object, got ${meta === undefined ? 'nothing' : describe(meta)}`);
  else if ('format' in meta && meta['format'] !== 'ITF') c.issue('$["#meta"].format', `expected "ITF", got ${describe(meta['format'])}`);
  const vars = names(c, json['vars'], '$.vars');
  const params = 'params' in json ? names(c, json['params'], '$.params') : [];
  for (const p of params) if (vars.includes(p)) c.issue('$.params', `"${p}" is both a parameter and a variable`);
  const expected = [...params, ...vars];
  const states = json['states'];
  if (!Array.isArray(states) || states.length === 0) {
    c.issue('$.states', `expected a non-empty array of states, got ${states === undefined ? 'nothing' : describe(states)}`);
  } else {
    const shapes = new Map<string, Shape>();
    states.forEach((s, i) => {
      const path = `$.states[${i}]`;
      if (!isObject(s)) {
        c.issue(path, `expected a state (an object), got ${describe(s)}`);
        return;
      }
      const m = s['#meta'];
      if (!isObject(m)) c.issue(`${path}["#meta"]`, `expected {"index": ${i}}, got ${m === undefined ? 'nothing' : describe(m)}`);
      else if ('index' in m && m['index'] !== i) c.issue(`${path}["#meta"].index`, `expected ${i}, got ${describe(m['index'])}`);
      const keys = Object.keys(s).filter((k) => k !== '#meta');
      for (const v of expected) if (!keys.includes(v)) c.issue(`${path}.${v}`, `variable "${v}" listed in vars is missing`);
      for (const k of keys) {
        if (!expected.includes(k)) {
          c.issue(`${path}.${k}`, `"${k}" is not listed in vars`);
          continue;
        }
        const shape = c.value(s[k], `${path}.${k}`);
        const before = shapes.get(k);
        if (before === undefined) shapes.set(k, shape);
        else if (before !== shape && shape !== 'invalid' && before !== 'invalid')
          c.issue(`${path}.${k}`, `is a ${shape} here but a ${before} in an earlier state`);
      }
    });
    if ('loop' in json) {
      const loop = json['loop'];
      if (typeof loop !== 'number' || !Number.isInteger(loop) || loop < 0 || loop >= states.length) {
        c.issue('$.loop', `expected a state index in 0..${states.length - 1}, got ${describe(loop)}`);
      }
    }
  }
  return c.issues.length === 0 ? { ok: true } : { ok: false, issues: c.issues };
}
