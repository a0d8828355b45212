/**
 * `--cloneset` with an apps.kruise.io/v1beta1 CloneSet (upstream HEAD's CRD and webhook): the mapping of
 * updateStrategy.type and the rollingUpdate block (OnDelete with and without it), kruise's v1beta1 defaults,
 * scaleStrategy.excludePreparingDelete, the refusals (one line naming the field, exit 2) including HEAD's
 * webhook defect on maxUnavailable, the rule table against the CRD, and the round trip: the CloneSet a
 * kubectl script writes reads back as the scenario it came from, in both versions.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CLONESET_V1BETA1_SCHEMA, CRD_SOURCE_V1BETA1 } from '../../cli/crd/cloneset-schema.js';
import { extractSchema } from '../../cli/crd/extract.js';
import { MANIFEST_RULES_V1BETA1 } from '../../cli/manifest-rules.js';
import { MANIFEST_KEYS } from '../../cli/manifest.js';
import { buildScenario } from '../../cli/scenario.js';
import type { Scenario } from '../../model/cloneset/scenario.js';
import { EXAMPLES, ROOT, run, STACK_LINE, tempDir } from './helpers.js';

const dir = tempDir();
let n = 0;

function cloneSet(spec: Record<string, unknown> = {}, apiVersion = 'apps.kruise.io/v1beta1', labels?: Record<string, string>) {
  return {
    apiVersion,
    kind: 'CloneSet',
    metadata: { name: 'sample', ...(labels === undefined ? {} : { labels }) },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'sample' } },
      template: { metadata: { labels: { app: 'sample' } }, spec: { containers: [{ name: 'main', image: 'nginx' }] } },
      ...spec,
    },
  };
}
const file = (text: string): string => {
  const p = join(dir, `b${n++}.yaml`);
  writeFileSync(p, text);
  return p;
};
const yamlFile = (doc: unknown): string => file(stringify(doc));
const build = (path: string, flags = {}) => buildScenario(flags, undefined, undefined, path);
const fromFlags = (flags: Record<string, unknown>): Scenario => buildScenario(flags, undefined).scenario;

async function refused(path: string, ...more: string[]): Promise<string> {
  const r = await run(['check', '--cloneset', path, '--max-states', '5', '--no-svg', '--out', tempDir(), ...more]);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(STACK_LINE);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('v1beta1 mapping', () => {
  it('OnDelete without a rollingUpdate block is the scenario of --update-strategy-type OnDelete --rolling-update false', () => {
    const b = build(yamlFile(cloneSet({ updateStrategy: { type: 'OnDelete' } })));
    expect(b.scenario).toEqual(fromFlags({ initialReplicas: 3, updateStrategyType: 'OnDelete', rollingUpdate: false }));
    expect(b.scenario).toMatchObject({ updateStrategyType: 'OnDelete', rollingUpdate: false, initialPartition: 0, partitions: [0] });
  });

  it('OnDelete with a block takes its fields', () => {
    const block = { partition: 1, maxUnavailable: 1, maxSurge: 1 };
    const b = build(yamlFile(cloneSet({ updateStrategy: { type: 'OnDelete', rollingUpdate: block } })));
    expect(b.scenario).toEqual(
      fromFlags({ initialReplicas: 3, updateStrategyType: 'OnDelete', initialPartition: 1, maxSurge: 1, maxUnavailable: 1 }),
    );
    expect(b.scenario).not.toHaveProperty('rollingUpdate');
  });

  it("a missing type is RollingUpdate, and the block's missing fields kruise's defaults: examples/cloneset.yaml in v1beta1", () => {
    const v1beta1 = build(yamlFile(cloneSet({ replicas: 2, updateStrategy: { rollingUpdate: { partition: '50%' } } })));
    expect(v1beta1.scenario).toEqual(build(join(EXAMPLES, 'cloneset.yaml')).scenario);
    expect(v1beta1.notes).toEqual([expect.stringMatching(/^ignored: spec\.template \(/)]);
  });

  it('one CloneSet written in either version gives one scenario', () => {
    const rolling = { partition: '50%', maxSurge: 1, maxUnavailable: 1, paused: true };
    const alpha = build(yamlFile(cloneSet({ updateStrategy: { type: 'InPlaceIfPossible', ...rolling } }, 'apps.kruise.io/v1alpha1')));
    const beta = build(
      yamlFile(
        cloneSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { podUpdatePolicy: 'InPlaceIfPossible', ...rolling } } }),
      ),
    );
    expect(beta.scenario).toEqual(alpha.scenario);
    expect(beta.scenario).toMatchObject({ podUpdatePolicy: 'InPlaceIfPossible', initialPartition: '50%', paused: true, maxSurge: 1 });
  });

  it('InPlaceOnly is checked as InPlaceIfPossible, with a note naming the v1beta1 field', () => {
    const b = build(yamlFile(cloneSet({ updateStrategy: { rollingUpdate: { podUpdatePolicy: 'InPlaceOnly' } } })));
    expect(b.scenario.podUpdatePolicy).toBe('InPlaceIfPossible');
    expect(b.notes).toContainEqual(expect.stringMatching(/^note: spec\.updateStrategy\.rollingUpdate\.podUpdatePolicy InPlaceOnly/));
  });

  it('scaleStrategy.excludePreparingDelete is read; the v1alpha1 label is named as ignored and changes nothing', () => {
    expect(build(yamlFile(cloneSet({ scaleStrategy: { excludePreparingDelete: true } }))).scenario.excludePreparingDelete).toBe(true);
    const label = build(yamlFile(cloneSet({}, undefined, { 'apps.kruise.io/cloneset-scaling-exclude-preparing-delete': 'true' })));
    expect(label.scenario).not.toHaveProperty('excludePreparingDelete');
    expect(label.notes).toContainEqual(
      expect.stringContaining('ignored: metadata.labels["apps.kruise.io/cloneset-scaling-exclude-preparing-delete"]'),
    );
  });

  it('the update order and the in-place grace period are ignored under OnDelete, which updates no pod', () => {
    const order = { priorityStrategy: { weightPriority: [{ weight: 1, matchSelector: { matchLabels: { a: 'b' } } }] } };
    const onDelete = build(
      yamlFile(cloneSet({ updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 0, maxUnavailable: 1, ...order } } })),
    );
    expect(onDelete.notes).toContainEqual(
      expect.stringMatching(/^ignored: spec\.updateStrategy\.rollingUpdate\.priorityStrategy \(with type OnDelete/),
    );
    const grace = build(
      yamlFile(
        cloneSet({
          updateStrategy: {
            type: 'OnDelete',
            rollingUpdate: { partition: 0, maxUnavailable: 1, inPlaceUpdateStrategy: { gracePeriodSeconds: 5 } },
          },
        }),
      ),
    );
    expect(grace.notes).toContainEqual(expect.stringContaining('OnDelete the controller makes no in-place update'));
  });

  it('image pre-download fields and enablePVCReuse are named as ignored', () => {
    const b = build(
      yamlFile(
        cloneSet({
          updateStrategy: { rollingUpdate: { inPlaceUpdateStrategy: { imagePreDownloadParallelism: 2 } } },
          scaleStrategy: { enablePVCReuse: true },
        }),
      ),
    );
    expect(b.notes).toContainEqual(
      expect.stringMatching(/^ignored: spec\.updateStrategy\.rollingUpdate\.inPlaceUpdateStrategy\.imagePreDownloadParallelism/),
    );
    expect(b.notes).toContainEqual(expect.stringMatching(/^ignored: spec\.scaleStrategy\.enablePVCReuse/));
  });
});

describe('nulls, as the API server prunes them', () => {
  it('a null field without nullable is dropped before validation: rollingUpdate: null is no block', () => {
    const viaNull = build(
      file(
        'apiVersion: apps.kruise.io/v1beta1\nkind: CloneSet\nmetadata: {name: s}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: s}}\n  template: {metadata: {labels: {app: s}, creationTimestamp: null}}\n  updateStrategy: {type: OnDelete, rollingUpdate: null}\n',
      ),
    );
    expect(viaNull.scenario).toEqual(build(yamlFile(cloneSet({ updateStrategy: { type: 'OnDelete' } }))).scenario);
    const alpha = build(yamlFile(cloneSet({ updateStrategy: { partition: null, maxSurge: null } }, 'apps.kruise.io/v1alpha1')));
    expect(alpha.scenario).toMatchObject({ initialPartition: 0, maxSurge: 0 });
  });
});

describe('v1beta1 refusals: one line naming the field, exit 2', () => {
  it('a v1alpha1 type names where v1beta1 keeps the value', async () => {
    const line = await refused(yamlFile(cloneSet({ updateStrategy: { type: 'InPlaceIfPossible' } })));
    expect(line).toContain('spec.updateStrategy.type in');
    expect(line).toContain('expected RollingUpdate, OnDelete, got "InPlaceIfPossible"');
    expect(line).toContain('spec.updateStrategy.rollingUpdate.podUpdatePolicy value');
  });

  it('a v1alpha1 field at the v1alpha1 place is unknown to the v1beta1 schema', async () => {
    const line = await refused(yamlFile(cloneSet({ updateStrategy: { partition: 1 } })));
    expect(line).toContain('spec.updateStrategy.partition in');
    expect(line).toContain('unknown field');
    expect(line).toContain('apps.kruise.io/v1beta1');
  });

  it('an unknown pod update policy', async () => {
    const line = await refused(yamlFile(cloneSet({ updateStrategy: { rollingUpdate: { podUpdatePolicy: 'Rolling' } } })));
    expect(line).toContain('spec.updateStrategy.rollingUpdate.podUpdatePolicy in');
    expect(line).toContain('expected ReCreate, InPlaceIfPossible, InPlaceOnly, got "Rolling"');
  });

  it('an OnDelete block without partition (HEAD refuses it: kruise fills the block in only for RollingUpdate)', async () => {
    const line = await refused(yamlFile(cloneSet({ updateStrategy: { type: 'OnDelete', rollingUpdate: { maxUnavailable: 1 } } })));
    expect(line).toContain('spec.updateStrategy.rollingUpdate.partition in');
    expect(line).toContain('nil value for IntOrString');
    // A RollingUpdate block gets kruise's partition 0.
    expect(build(yamlFile(cloneSet({ updateStrategy: { rollingUpdate: { maxUnavailable: 1 } } }))).scenario.initialPartition).toBe(0);
  });

  it('an OnDelete block without maxUnavailable: counted as 0 at replicas above 0, taken at 0 replicas', async () => {
    const block = { type: 'OnDelete', rollingUpdate: { partition: 0, maxSurge: 1 } };
    const line = await refused(yamlFile(cloneSet({ updateStrategy: block })));
    expect(line).toContain('spec.updateStrategy.rollingUpdate.maxUnavailable in');
    expect(line).toContain('a missing maxUnavailable, which it counts as 0');
    expect(line).toContain('allowed: a maxUnavailable of at least 1, or no rollingUpdate block');
    // The controller reads a missing one as 20% (intstrutil.ValueOrDefault).
    expect(build(yamlFile(cloneSet({ replicas: 0, updateStrategy: block }))).scenario).toMatchObject({
      maxUnavailable: '20%',
      initialReplicas: 0,
    });
  });

  it("maxUnavailable 0 beside maxSurge 1: HEAD's v1beta1 webhook refuses it (the defect is named), v1alpha1's takes it", async () => {
    const pair = { maxUnavailable: 0, maxSurge: 1 };
    const line = await refused(yamlFile(cloneSet({ updateStrategy: { rollingUpdate: pair } })));
    expect(line).toContain('spec.updateStrategy.rollingUpdate.maxUnavailable in');
    expect(line).toContain('maxSurge, maxSurgeErr :=');
    expect(line).toContain('allowed: a maxUnavailable of at least 1');
    expect(build(yamlFile(cloneSet({ updateStrategy: pair }, 'apps.kruise.io/v1alpha1'))).scenario).toMatchObject(pair);
    // At 0 replicas the webhook skips the pair, and a later scale goes through the scale subresource.
    expect(build(yamlFile(cloneSet({ replicas: 0, updateStrategy: { rollingUpdate: pair } }))).scenario).toMatchObject(pair);
  });

  it('a flag mends the pair, and a flag cannot make one; value lists keep the model’s rule', async () => {
    const path = yamlFile(cloneSet({ updateStrategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } }));
    expect(build(path, { maxUnavailable: 1 }).scenario).toMatchObject({ maxUnavailable: 1, maxSurge: 1 });
    const ok = yamlFile(cloneSet({ updateStrategy: { rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } } }));
    expect(await refused(ok, '--max-unavailable', '0')).toMatch(/^cloneset-check check: --max-unavailable: /);
    // Users' edits keep v1alpha1's rule (not both below 1): a superset of HEAD's, documented.
    expect(build(ok, { maxUnavailableValues: [0, 2], strategyChanges: 1 }).scenario.maxUnavailables).toEqual([0, 2]);
  });

  it('flags over the manifest are held to the webhook as the CloneSet checked', async () => {
    const bare = yamlFile(cloneSet({ updateStrategy: { type: 'OnDelete' } }));
    // RollingUpdate over an OnDelete CloneSet without the block: kruise fills the block in (the default scenario's values).
    expect(build(bare, { updateStrategyType: 'RollingUpdate' }).scenario).toEqual(fromFlags({ initialReplicas: 3, initialPartition: 0 }));
    // A block made by a flag is held to HEAD's pair rule.
    expect(await refused(bare, '--rolling-update', 'true', '--max-unavailable', '0', '--max-surge', '1')).toMatch(
      /^cloneset-check check: --max-unavailable: .*even beside maxSurge 1/,
    );
    // A flag that adds a block field to a bare OnDelete CloneSet is named as the flag.
    expect(await refused(bare, '--max-surge', '1')).toMatch(/^cloneset-check check: --max-surge: 1 does not fit rollingUpdate false/);
    // OnDelete over a v1alpha1 manifest: its webhook refuses the type.
    const alpha = yamlFile(cloneSet({}, 'apps.kruise.io/v1alpha1'));
    expect(await refused(alpha, '--update-strategy-type', 'OnDelete')).toMatch(
      /^cloneset-check check: --update-strategy-type: OnDelete with an apps\.kruise\.io\/v1alpha1 manifest/,
    );
    // OnDelete over a RollingUpdate manifest edits the CloneSet kruise filled in: its block has every field.
    const rolling = yamlFile(cloneSet({}));
    expect(build(rolling, { updateStrategyType: 'OnDelete' }).scenario).toEqual(
      fromFlags({ initialReplicas: 3, updateStrategyType: 'OnDelete', initialPartition: 0 }),
    );
    // The refusal names the flag that made the pair, not the manifest's field.
    const surged = yamlFile(cloneSet({ updateStrategy: { maxSurge: 1, maxUnavailable: 0 } }, 'apps.kruise.io/v1alpha1'));
    expect(await refused(surged, '--max-surge', '0')).toMatch(/^cloneset-check check: --max-surge: .*maxSurge 0 of 3 replicas$/);
    // HEAD's v1beta1 rule reads no maxSurge: a maxSurge flag is not what it refuses.
    const beta = yamlFile(cloneSet({ updateStrategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }));
    expect(await refused(beta, '--max-surge', '2')).toMatch(
      /^cloneset-check check: spec\.updateStrategy\.rollingUpdate\.maxUnavailable in /,
    );
    const empty = yamlFile(cloneSet({ replicas: 0, updateStrategy: { maxSurge: 0, maxUnavailable: 0 } }, 'apps.kruise.io/v1alpha1'));
    expect(await refused(empty, '--initial-replicas', '1')).toMatch(/^cloneset-check check: --initial-replicas: .* of 1 replica$/);
    // A flag that changes the pod update policy mends an InPlaceOnly surge.
    const inPlaceOnly = yamlFile(cloneSet({ updateStrategy: { rollingUpdate: { podUpdatePolicy: 'InPlaceOnly', maxUnavailable: 1 } } }));
    expect(build(inPlaceOnly, { podUpdatePolicy: 'ReCreate', maxSurge: 1 }).scenario).toMatchObject({
      podUpdatePolicy: 'ReCreate',
      maxSurge: 1,
    });
    expect(await refused(inPlaceOnly, '--max-surge', '1')).toContain('--max-surge: can not use maxSurge with podUpdatePolicy InPlaceOnly');
  });

  it('a --config cannot set what the manifest leaves at kruise’s default; budgets still come from it', () => {
    const config = file(
      stringify({
        updateStrategyType: 'OnDelete',
        rollingUpdate: false,
        excludePreparingDelete: true,
        lifecycleHooks: 'preDelete',
        scaleMaxUnavailable: 1,
        minReadySeconds: 5,
        deletes: 1,
      }),
    );
    for (const manifest of [
      cloneSet({ updateStrategy: { rollingUpdate: { maxUnavailable: 1 } } }),
      cloneSet({}, 'apps.kruise.io/v1alpha1'),
    ]) {
      const b = buildScenario({}, config, undefined, yamlFile(manifest));
      expect(b.scenario).toEqual({
        ...build(yamlFile(manifest)).scenario,
        budgets: { ...build(yamlFile(manifest)).scenario.budgets, deletes: 1 },
      });
    }
    const noted = buildScenario({}, config, undefined, yamlFile(cloneSet({}, 'apps.kruise.io/v1alpha1')));
    expect(noted.notes).toContainEqual(
      expect.stringMatching(
        /^note: updateStrategyType, rollingUpdate, excludePreparingDelete, lifecycleHooks, scaleMaxUnavailable, minReadySeconds in .* not used: --cloneset sets the CloneSet's fields/,
      ),
    );
    const onDelete = buildScenario(
      {},
      file(stringify({ rollingUpdate: false })),
      undefined,
      yamlFile(cloneSet({ updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 0, maxUnavailable: 1 } } })),
    );
    expect(onDelete.scenario).not.toHaveProperty('rollingUpdate');
  });

  it('no maxSurge with InPlaceOnly, named as v1beta1 spells it', async () => {
    const line = await refused(
      yamlFile(cloneSet({ updateStrategy: { rollingUpdate: { podUpdatePolicy: 'InPlaceOnly', maxUnavailable: 1, maxSurge: 1 } } })),
    );
    expect(line).toContain('spec.updateStrategy.rollingUpdate.maxSurge in');
    expect(line).toContain('can not use maxSurge with podUpdatePolicy InPlaceOnly');
  });

  it('the update order is refused under RollingUpdate, as in v1alpha1', async () => {
    const line = await refused(yamlFile(cloneSet({ updateStrategy: { rollingUpdate: { scatterStrategy: [{ key: 'a', value: 'b' }] } } })));
    expect(line).toContain('spec.updateStrategy.rollingUpdate.scatterStrategy in');
  });

  it('another apiVersion names both that are read', async () => {
    const line = await refused(yamlFile(cloneSet({}, 'apps.kruise.io/v1')));
    expect(line).toContain(
      'expected apps.kruise.io/v1alpha1 (schema from kruise v1.9.0) or apps.kruise.io/v1beta1 (schema from upstream HEAD',
    );
  });
});

describe('the v1beta1 rules and the kept CRD', () => {
  it('cloneset-schema.ts has the HEAD fixture’s v1beta1 schema, and names its source', () => {
    const yaml = readFileSync(join(ROOT, 'cli/crd', CRD_SOURCE_V1BETA1.fixture), 'utf8');
    expect(CLONESET_V1BETA1_SCHEMA).toEqual(extractSchema(yaml, 'v1beta1'));
    expect(readFileSync(join(ROOT, 'cli/crd/README.md'), 'utf8')).toContain(CRD_SOURCE_V1BETA1.commit);
  });

  it('every spec field of the v1beta1 schema has a rule, and docs/model.md lists every rule', () => {
    const spec = (CLONESET_V1BETA1_SCHEMA as any).properties.spec.properties as Record<string, any>;
    const paths = MANIFEST_RULES_V1BETA1.map((r) => r.path);
    for (const key of Object.keys(spec)) expect(paths.some((p) => p === `spec.${key}` || p.startsWith(`spec.${key}.`))).toBe(true);
    const rolling = spec.updateStrategy.properties.rollingUpdate.properties;
    expect(paths).toContain('spec.updateStrategy.type');
    for (const key of Object.keys(rolling).filter((k) => k !== 'inPlaceUpdateStrategy'))
      expect(paths).toContain(`spec.updateStrategy.rollingUpdate.${key}`);
    for (const key of Object.keys(rolling.inPlaceUpdateStrategy.properties))
      expect(paths).toContain(`spec.updateStrategy.rollingUpdate.inPlaceUpdateStrategy.${key}`);
    for (const key of Object.keys(spec.scaleStrategy.properties)) expect(paths).toContain(`spec.scaleStrategy.${key}`);
    for (const key of Object.keys(spec.lifecycle.properties)) expect(paths).toContain(`spec.lifecycle.${key}`);
    const doc = readFileSync(join(ROOT, 'docs/model.md'), 'utf8');
    for (const p of paths) expect(doc).toContain(`\`${p}\``);
  });
});

/** The CloneSet a kubectl script creates at step 0, with its shell variables filled in as a user's shell would. */
function scriptCloneSet(script: string): string {
  const lines = script.split('\n');
  const from = lines.indexOf('k create -f - <<EOF');
  const to = lines.indexOf('EOF', from);
  expect(from).toBeGreaterThan(0);
  return lines
    .slice(from + 1, to)
    .join('\n')
    .replaceAll('$NAMESPACE', 'default')
    .replaceAll('$NAME', 'repro')
    .replaceAll('$MIN_READY_SECONDS', '120')
    .replaceAll(/\$IMAGE_V\d/g, 'nginx:1');
}

/** The scenario fields a CloneSet determines. */
const CLONESET_FIELDS = ['initialReplicas', ...MANIFEST_KEYS] as const;
const cloneSetFields = (sc: Scenario) => Object.fromEntries(CLONESET_FIELDS.map((k) => [k, sc[k]]));

describe('round trip: the CloneSet an exported script writes reads back as its scenario', () => {
  it.each([
    [
      'OnDelete without a block (v1beta1)',
      ['--update-strategy-type', 'OnDelete', '--rolling-update', 'false', '--exclude-preparing-delete', 'true'],
    ],
    [
      'OnDelete with a block and a surge (v1beta1)',
      ['--update-strategy-type', 'OnDelete', '--max-surge', '1', '--lifecycle-hooks', 'preDelete'],
    ],
    [
      'RollingUpdate (v1alpha1)',
      ['--exclude-preparing-delete', 'true', '--min-ready-seconds', '5', '--update-policy', 'InPlaceIfPossible'],
    ],
  ])('%s', async (_name, flags) => {
    const out = tempDir();
    const c = await run(['check', '--controller', 'upstream', '--property', 'promotion-sound', '--no-svg', '--out', out, ...flags]);
    expect(c.code).toBe(1);
    const trace = join(out, 'upstream-promotion-sound.json');
    const e = await run(['export', trace, '--format', 'kubectl']);
    expect([e.code, e.stderr]).toEqual([0, '']);
    const built = build(file(scriptCloneSet(e.stdout)));
    const original = JSON.parse(readFileSync(trace, 'utf8')).scenario as Scenario;
    const expected = cloneSetFields(original);
    // Any window above 0 is the same to the model; the script gives its pods a long one.
    if (original.minReadySeconds !== undefined) expected['minReadySeconds'] = 120;
    expect(cloneSetFields(built.scenario)).toEqual(expected);
  });
});
