/**
 * JSON as user input: `JSON.parse` keeps the last of two equal keys and nests as deep as the text does,
 * so a config or trace with a repeated key would silently lose a value, and a hostile nesting would
 * overflow the stack of whatever walks the value next. This reads JSON the way the YAML reader already
 * reads YAML: a leading byte-order mark is ignored, a repeated key or a nesting deeper than a bound is an
 * error naming the JSON path.
 */

/** Deeper than any file this tool reads (a trace nests about 7 levels) and far below the stack's limit. */
export const MAX_JSON_DEPTH = 64;

export type StrictJsonResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly path: string; readonly message: string };

export const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

const pathStep = (key: string | number): string =>
  typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;

interface Frame {
  readonly object: boolean;
  readonly keys: Set<string>;
  /** The current key (objects) or index (arrays): where the next value sits. */
  at: string | number;
}

/** The first repeated key or over-deep nesting of a text `JSON.parse` accepted, or null. */
function structureProblem(text: string): { readonly path: string; readonly message: string } | null {
  const frames: Frame[] = [];
  // Deep paths are abbreviated: the point is where the trouble starts, not sixty-four "[0]"s.
  const path = (): string => {
    const steps = frames.map((f) => pathStep(f.at));
    return `$${steps.length > 6 ? `${steps.slice(0, 3).join('')}…` : steps.join('')}`;
  };
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') {
      if (frames.length >= MAX_JSON_DEPTH) return { path: path(), message: `nested more than ${MAX_JSON_DEPTH} levels deep` };
      frames.push({ object: c === '{', keys: new Set(), at: c === '{' ? '' : 0 });
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      frames.pop();
      expectKey = false;
    } else if (c === ',') {
      const top = frames[frames.length - 1];
      if (top?.object === true) expectKey = true;
      else if (top !== undefined) top.at = (top.at as number) + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = frames[frames.length - 1];
      if (expectKey && top !== undefined) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        top.at = key;
        if (top.keys.has(key)) return { path: path(), message: 'duplicate key (each key may appear once in an object)' };
        top.keys.add(key);
        expectKey = false;
      }
      i = j;
    }
  }
  return null;
}

export function parseJsonStrict(text: string): StrictJsonResult {
  const body = stripBom(text);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    return { ok: false, path: '$', message: `not valid JSON (${(e instanceof Error ? e.message : String(e)).split('\n')[0]})` };
  }
  const problem = structureProblem(body);
  return problem === null ? { ok: true, value } : { ok: false, ...problem };
}
