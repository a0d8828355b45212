/**
 * `--cloneset` on random CloneSets (fast-check): any mix of the update- and scale-strategy fields, in either API
 * version, with values of the right and of wrong types, gives a scenario or one InputError — never another
 * exception — and the same file gives the same answer twice; with random flags over it, a scenario holds the
 * flags' values, or the line names a flag or a field; a RollingUpdate CloneSet the v1beta1 reader takes gives
 * the scenario of the same CloneSet written in v1alpha1. (The OnDelete rules and nulls are pinned case by case
 * in manifest-v1beta1.test.ts.)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { InputError } from '../../cli/errors.js';
import type { ScenarioFieldValues } from '../../cli/fields.js';
import { buildScenario } from '../../cli/scenario.js';
import type { Scenario } from '../../model/cloneset/scenario.js';
import { tempDir } from './helpers.js';

const dir = tempDir();
let n = 0;
const file = (doc: unknown): string => {
  const p = join(dir, `f${n++}.yaml`);
  writeFileSync(p, stringify(doc));
  return p;
};

/** An int-or-string as users write them, with a few the schema or the webhook refuses. */
const intOrString = fc.oneof(
  fc.integer({ min: 0, max: 3 }),
  fc.constantFrom('0%', '20%', '50%', '100%'),
  fc.constantFrom(-1, '5', '150%', true, null),
);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });

const rolling = fc.record(
  {
    partition: intOrString,
    maxSurge: intOrString,
    maxUnavailable: intOrString,
    paused: fc.oneof(fc.boolean(), fc.constant('yes')),
  },
  { requiredKeys: [] },
);
const scaleStrategy = fc.record(
  { maxUnavailable: intOrString, excludePreparingDelete: fc.oneof(fc.boolean(), fc.constant(1)) },
  { requiredKeys: [] },
);

function cloneSet(apiVersion: string, replicas: unknown, updateStrategy: unknown, scale: unknown) {
  return {
    apiVersion,
    kind: 'CloneSet',
    metadata: { name: 'fuzz' },
    spec: {
      ...(replicas === undefined ? {} : { replicas }),
      selector: { matchLabels: { app: 'fuzz' } },
      template: { metadata: { labels: { app: 'fuzz' } } },
      ...(updateStrategy === undefined ? {} : { updateStrategy }),
      ...(scale === undefined ? {} : { scaleStrategy: scale }),
    },
  };
}

const v1alpha1 = fc
  .tuple(
    optional(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant('2'))),
    optional(fc.constantFrom('ReCreate', 'InPlaceIfPossible', 'InPlaceOnly', 'OnDelete', '', 'Rolling')),
    optional(rolling),
    optional(fc.record({ maxUnavailable: intOrString }, { requiredKeys: [] })),
  )
  .map(([replicas, type, r, scale]) =>
    cloneSet(
      'apps.kruise.io/v1alpha1',
      replicas,
      type === undefined && r === undefined ? undefined : { ...r, ...(type === undefined ? {} : { type }) },
      scale,
    ),
  );

const v1beta1 = fc
  .tuple(
    optional(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant('2'))),
    optional(fc.constantFrom('RollingUpdate', 'OnDelete', '', 'ReCreate')),
    optional(
      fc.tuple(rolling, optional(fc.constantFrom('ReCreate', 'InPlaceIfPossible', 'InPlaceOnly', '', 'Foo'))).map(([r, policy]) => ({
        ...r,
        ...(policy === undefined ? {} : { podUpdatePolicy: policy }),
      })),
    ),
    optional(scaleStrategy),
  )
  .map(([replicas, type, block, scale]) =>
    cloneSet(
      'apps.kruise.io/v1beta1',
      replicas,
      type === undefined && block === undefined
        ? undefined
        : { ...(type === undefined ? {} : { type }), ...(block === undefined ? {} : { rollingUpdate: block }) },
      scale,
    ),
  );

type Outcome = { readonly kind: 'scenario'; readonly value: Scenario } | { readonly kind: 'refused'; readonly line: string };
function outcome(path: string, flags: ScenarioFieldValues = {}): Outcome {
  try {
    return { kind: 'scenario', value: buildScenario(flags, undefined, undefined, path).scenario };
  } catch (e) {
    if (e instanceof InputError) return { kind: 'refused', line: e.message };
    throw e;
  }
}

/** Flags over the CloneSet fields admissionRules reads (values the flag parser accepts). */
const flagsArb: fc.Arbitrary<ScenarioFieldValues> = fc.record(
  {
    initialReplicas: fc.integer({ min: 0, max: 4 }),
    maxSurge: fc.oneof(fc.integer({ min: 0, max: 2 }), fc.constantFrom('0%', '50%')),
    maxUnavailable: fc.oneof(fc.integer({ min: 0, max: 2 }), fc.constantFrom('0%', '20%')),
    podUpdatePolicy: fc.constantFrom('ReCreate' as const, 'InPlaceIfPossible' as const),
    updateStrategyType: fc.constantFrom('RollingUpdate' as const, 'OnDelete' as const),
    rollingUpdate: fc.boolean(),
    initialPartition: fc.constantFrom(0, 1, '50%'),
  },
  { requiredKeys: [] },
);

describe('random CloneSets', () => {
  it('give a scenario or one InputError naming a field, the same twice', () => {
    fc.assert(
      fc.property(fc.oneof(v1alpha1, v1beta1), (doc) => {
        const path = file(doc);
        const first = outcome(path);
        expect(outcome(path)).toEqual(first);
        if (first.kind === 'refused') {
          expect(first.line).not.toContain('\n');
          expect(first.line).toMatch(/^(spec|metadata|apiVersion|kind)[\w.[\]"/-]* in /);
        }
      }),
      { seed: 28_001, numRuns: 300 },
    );
  });

  it('with random flags over them: a scenario whose flagged fields are the flags, or one InputError naming a field or flag', () => {
    let taken = 0;
    const refusedLines = new Set<string>();
    fc.assert(
      fc.property(fc.oneof(v1alpha1, v1beta1), flagsArb, (doc, flags) => {
        const r = outcome(file(doc), flags);
        if (r.kind === 'refused') {
          expect(r.line).not.toContain('\n');
          refusedLines.add(r.line.replace(/ in \S+\.yaml/, ' in F'));
          expect(r.line).toMatch(/^(--[a-z-]+|(spec|metadata|apiVersion|kind)[\w.[\]"/-]* in \S+\.yaml|[a-zA-Z]+): /);
          return;
        }
        taken++;
        // Flags win over the manifest: each field a flag set is the scenario's (rollingUpdate and
        // updateStrategyType only show when not their defaults).
        for (const k of ['initialReplicas', 'maxSurge', 'maxUnavailable', 'podUpdatePolicy', 'initialPartition'] as const)
          if (flags[k] !== undefined) expect(r.value[k], k).toEqual(flags[k]);
        if (flags.updateStrategyType !== undefined) expect(r.value.updateStrategyType ?? 'RollingUpdate').toBe(flags.updateStrategyType);
        if (flags.rollingUpdate !== undefined) expect(r.value.rollingUpdate ?? true).toBe(flags.rollingUpdate);
      }),
      { seed: 28_003, numRuns: 400 },
    );
    expect(taken).toBeGreaterThan(20);
    // Refusals of several kinds were reached: the schema's, the webhook's (from a flag), rollingUpdateProblem's.
    const kinds = [...refusedLines];
    expect(kinds.some((l) => l.startsWith('spec.'))).toBe(true);
    expect(kinds.some((l) => /^--max-unavailable: maxUnavailable and maxSurge/.test(l))).toBe(true);
    expect(kinds.some((l) => l.includes('does not fit rollingUpdate false'))).toBe(true);
  });

  it('a RollingUpdate CloneSet in v1beta1 gives the scenario of the same CloneSet in v1alpha1', () => {
    let compared = 0;
    fc.assert(
      fc.property(v1beta1, (doc) => {
        const beta = outcome(file(doc));
        const spec = doc.spec as unknown as Record<string, any>;
        const us = spec['updateStrategy'] as { type?: string; rollingUpdate?: Record<string, unknown> } | undefined;
        if (beta.kind !== 'scenario' || us?.type === 'OnDelete') return;
        const { podUpdatePolicy, ...fields } = us?.rollingUpdate ?? {};
        const alphaStrategy = { ...fields, type: podUpdatePolicy === '' || podUpdatePolicy === undefined ? 'ReCreate' : podUpdatePolicy };
        const scale = spec['scaleStrategy'] as Record<string, unknown> | undefined;
        const { excludePreparingDelete, ...alphaScale } = scale ?? {};
        const alphaDoc = cloneSet('apps.kruise.io/v1alpha1', spec['replicas'], alphaStrategy, scale === undefined ? undefined : alphaScale);
        // v1alpha1 has the label where v1beta1 has the field.
        if (excludePreparingDelete === true)
          alphaDoc.metadata = {
            ...alphaDoc.metadata,
            labels: { 'apps.kruise.io/cloneset-scaling-exclude-preparing-delete': 'true' },
          } as typeof alphaDoc.metadata;
        const alpha = outcome(file(alphaDoc));
        // HEAD's v1beta1 webhook refuses more (its pair check): what it takes, v1alpha1 takes alike.
        expect(alpha).toEqual(beta);
        compared++;
      }),
      { seed: 28_002, numRuns: 300 },
    );
    expect(compared).toBeGreaterThan(20);
  });
});
