/**
 * Options are typed from their zod schemas all the way to the commands (issue #13): the parsed options of a
 * command are an object whose fields have the schemas' output types, so commands read them without casts.
 * The type assertions are checked by `npm run typecheck`; the source scan keeps casts from coming back.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { parseCommandArgs } from '../../cli/args.js';
import { CHECK } from '../../cli/commands/check.js';
import { EXPORT } from '../../cli/commands/export.js';
import { SIMULATE } from '../../cli/commands/simulate.js';
import type { ScenarioFieldValues } from '../../cli/fields.js';
import type { ExportFormat } from '../../cli/options.js';
import type { PropertyName } from '../../model/cloneset/properties.js';
import type { ControllerVariant } from '../../model/controller/promotion.js';
import type { IntOrString } from '../../model/controller/types.js';
import { ROOT } from './helpers.js';

describe('parsed options are typed from the schemas', () => {
  it('check: numbers, switches, a list of property names', () => {
    const { options: o, fields } = parseCommandArgs(
      ['--workers', '2', '--property', 'well-formed', '--exact', '--max-replicas', '3'],
      CHECK.fields,
      CHECK.options,
      0,
    );
    expectTypeOf(o.workers).toEqualTypeOf<number | undefined>();
    expectTypeOf(o.exact).toEqualTypeOf<true | undefined>();
    expectTypeOf(o.property).toEqualTypeOf<readonly PropertyName[] | undefined>();
    expectTypeOf(o.config).toEqualTypeOf<string | undefined>();
    expectTypeOf(fields).toEqualTypeOf<ScenarioFieldValues>();
    expect(o).toEqual({ workers: 2, property: ['well-formed'], exact: true });
    expect(fields).toEqual({ maxReplicas: 3 });
  });

  it('export and simulate: an enum and command-local options', () => {
    const e = parseCommandArgs(['-f', 'itf'], EXPORT.fields, EXPORT.options, 1).options;
    expectTypeOf(e.format).toEqualTypeOf<ExportFormat | undefined>();
    const s = parseCommandArgs(['--seed', '7', '--path', '1:2'], SIMULATE.fields, SIMULATE.options, 0).options;
    expectTypeOf(s.seed).toEqualTypeOf<number | undefined>();
    expectTypeOf(s.path).toEqualTypeOf<string | undefined>();
    expect(s).toEqual({ seed: 7, path: '1:2' });
  });

  it('scenario fields have the Scenario types', () => {
    expectTypeOf<ScenarioFieldValues['controller']>().toEqualTypeOf<ControllerVariant | undefined>();
    expectTypeOf<ScenarioFieldValues['maxSurge']>().toEqualTypeOf<IntOrString | undefined>();
    expectTypeOf<ScenarioFieldValues['partitions']>().toEqualTypeOf<IntOrString[] | undefined>();
  });
});

describe('commands read options without casts', () => {
  const dir = join(ROOT, 'cli/commands');
  it.each(readdirSync(dir).filter((f) => f.endsWith('.ts')))('%s', (file) => {
    // Code only: comment lines and the contents of string and template literals removed.
    const code = readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter((l) => !/^\s*(\/\/|\*|\/\*\*)/.test(l))
      .join('\n')
      .replace(/'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, "''");
    expect(code).not.toMatch(/\bas (?!const\b)[A-Za-z{[(]/);
  });
});
