/**
 * `--cloneset FILE`: a CloneSet manifest → scenario fields (mapping and kruise's defaults), the precedence
 * flags > --cloneset > --config > defaults, fields ignored (one stderr line each) or refused (exit 2),
 * CRD schema violations and wrong kinds (one line naming the field path, exit 2), multi-document files,
 * replicas above the command's cap, and the shipped example giving the default scenario's verdicts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CLONESET_SCHEMA, CRD_SOURCE } from '../../cli/crd/cloneset-schema.js';
import { extractSchema } from '../../cli/crd/extract.js';
import { kubernetesRules } from '../../cli/crd/validate.js';
import { SIMULATION_FIELDS } from '../../cli/fields.js';
import { MANIFEST_RULES } from '../../cli/manifest-rules.js';
import { buildScenario } from '../../cli/scenario.js';
import { DEFAULT_SCENARIO } from '../../model/cloneset/scenario.js';
import { EXAMPLES, ROOT, run, STACK_LINE, tempDir } from './helpers.js';

const dir = tempDir();
let n = 0;

/** A minimal valid CloneSet with `spec` merged in (a key set to undefined is removed). */
function cloneSet(spec: Record<string, unknown> = {}, top: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apps.kruise.io/v1alpha1',
    kind: 'CloneSet',
    metadata: { name: 'sample' },
    spec: {
      selector: { matchLabels: { app: 'sample' } },
      template: { metadata: { labels: { app: 'sample' } }, spec: { containers: [{ name: 'main', image: 'nginx' }] } },
      ...spec,
    },
    ...top,
  };
}

const write = (text: string, ext = 'yaml'): string => {
  const p = join(dir, `m${n++}.${ext}`);
  writeFileSync(p, text);
  return p;
};
const yamlFile = (...docs: unknown[]): string => write(docs.map((d) => stringify(d)).join('---\n'));
const build = (path: string, flags = {}, config?: string) => buildScenario(flags, config, undefined, path);

/** check on a manifest, stopped at once: only the input handling matters here. */
const check = (path: string, ...more: string[]) =>
  run(['check', '--cloneset', path, '--controller', 'pre-fix', '--max-states', '5', '--no-svg', '--out', tempDir(), ...more]);

async function refusedInOneLine(path: string, ...fragments: string[]): Promise<string> {
  const r = await check(path);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(r.stderr).not.toMatch(STACK_LINE);
  for (const f of fragments) expect(lines[0]).toContain(f);
  return lines[0]!;
}

describe('field mapping', () => {
  it('takes replicas and the update and scale strategies', () => {
    const p = yamlFile(
      cloneSet({
        replicas: 3,
        updateStrategy: { type: 'InPlaceIfPossible', partition: 1, maxSurge: '50%', maxUnavailable: 0, paused: true },
        scaleStrategy: { maxUnavailable: 1 },
      }),
    );
    expect(build(p).scenario).toMatchObject({
      initialReplicas: 3,
      initialPartition: 1,
      maxSurge: '50%',
      maxUnavailable: 0,
      podUpdatePolicy: 'InPlaceIfPossible',
      paused: true,
      scaleMaxUnavailable: 1,
      maxReplicas: 4,
    });
  });

  it("leaves out fields at kruise's defaults: 1 replica, partition 0, maxSurge 0, maxUnavailable 20%, ReCreate", () => {
    const p = yamlFile(cloneSet());
    expect(build(p).scenario).toMatchObject({
      initialReplicas: 1,
      initialPartition: 0,
      maxSurge: 0,
      maxUnavailable: '20%',
      podUpdatePolicy: 'ReCreate',
      paused: false,
      scaleMaxUnavailable: null,
    });
  });

  it('an empty updateStrategy.type is ReCreate: kruise defaults "" as it does a missing type', async () => {
    const p = yamlFile(cloneSet({ updateStrategy: { type: '', maxSurge: 1 } }));
    expect(build(p).scenario.podUpdatePolicy).toBe('ReCreate');
    expect(build(p).notes).toEqual([expect.stringContaining('ignored: spec.template')]);
    expect((await check(p)).code).not.toBe(2);
  });

  it('checks InPlaceOnly as InPlaceIfPossible, and says so', () => {
    const p = yamlFile(cloneSet({ updateStrategy: { type: 'InPlaceOnly', maxUnavailable: 1 } }));
    const c = build(p);
    expect(c.scenario.podUpdatePolicy).toBe('InPlaceIfPossible');
    expect(c.notes.filter((x) => x.includes('InPlaceOnly'))).toHaveLength(1);
  });

  it('reads JSON manifests too', () => {
    const p = write(JSON.stringify(cloneSet({ replicas: 3, updateStrategy: { partition: '50%' } })), 'json');
    expect(build(p).scenario).toMatchObject({ initialReplicas: 3, initialPartition: '50%' });
  });

  it('reads YAML as kubectl does (YAML 1.1): `on` is true', () => {
    const p = write(`${stringify(cloneSet())}`.replace('spec:\n', 'spec:\n  updateStrategy:\n    paused: on\n'));
    expect(build(p).scenario.paused).toBe(true);
  });

  it('a maxReplicas below spec.replicas is one line naming spec.replicas', async () => {
    const p = yamlFile(cloneSet({ replicas: 6 }));
    const r = await check(p, '--max-replicas', '4');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('spec.replicas in');
    expect(r.stderr).toContain('6 is above maxReplicas 4');
  });

  it("above check's cap too, the line quotes the file's spec.replicas, not the value fitted to the cap", async () => {
    const p = yamlFile(cloneSet({ replicas: 20 }));
    const r = await check(p, '--max-replicas', '5');
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringContaining('spec.replicas in')]);
    expect(r.stderr).toContain(': 20 is above maxReplicas 5');
    const s = await run(['simulate', '--cloneset', p, '--max-replicas', '5', '--runs', '1', '--out', tempDir()]);
    expect(s.stderr).toContain(': 20 is above maxReplicas 5');
  });
});

describe('precedence: flags > --cloneset > --config > defaults', () => {
  const config = write('initialReplicas: 3\nmaxSurge: 1\nmaxReplicas: 5\ndeletes: 1\nscales: 0\n');
  const manifest = yamlFile(cloneSet({ replicas: 2, updateStrategy: { maxSurge: 0, maxUnavailable: 1 } }));

  it('the manifest outranks the config for the CloneSet fields; budgets and bounds still come from the config', () => {
    expect(build(manifest, {}, config).scenario).toMatchObject({
      initialReplicas: 2,
      maxSurge: 0,
      maxReplicas: 5,
      budgets: { deletes: 1, scales: 0, rollouts: DEFAULT_SCENARIO.budgets.rollouts },
    });
  });

  it('flags outrank both', () => {
    expect(build(manifest, { maxSurge: 2, initialReplicas: 4, deletes: 0 }, config).scenario).toMatchObject({
      initialReplicas: 4,
      maxSurge: 2,
      budgets: { deletes: 0 },
    });
  });

  it('help says the precedence', async () => {
    for (const cmd of ['check', 'simulate']) {
      const r = await run([cmd, '--help']);
      expect(r.stdout).toContain('--cloneset');
      expect(r.stdout).toContain('flags > --cloneset > --config > defaults');
    }
  });
});

describe('fields the model does not cover', () => {
  it('names each ignored field in one stderr line and runs', async () => {
    const p = yamlFile(
      cloneSet(
        { revisionHistoryLimit: 3, scaleStrategy: { disablePVCReuse: true }, updateStrategy: { maxUnavailable: 1 } },
        { status: { replicas: 2, readyReplicas: 2, availableReplicas: 2, updatedReplicas: 2, updatedReadyReplicas: 2 } },
      ),
    );
    const r = await check(p);
    expect(r.code).not.toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    for (const path of ['spec.template', 'spec.revisionHistoryLimit', 'spec.scaleStrategy.disablePVCReuse', 'status'])
      expect(lines.filter((l) => l.startsWith(`ignored: ${path} (`))).toHaveLength(1);
    expect(r.stdout).toContain('Scenario:');
  });

  it('--quiet keeps them off stderr', async () => {
    const r = await check(yamlFile(cloneSet({ revisionHistoryLimit: 3 })), '-q');
    expect(r.stderr).toBe('');
  });

  it('minReadySeconds 0 is not mentioned', () => {
    expect(build(yamlFile(cloneSet({ minReadySeconds: 0 }))).notes.join('\n')).not.toContain('minReadySeconds');
  });
  it.each([
    [
      'spec.updateStrategy.priorityStrategy',
      { updateStrategy: { priorityStrategy: { weightPriority: [{ weight: 5, matchSelector: { matchLabels: { a: 'b' } } }] } } },
    ],
    ['spec.updateStrategy.scatterStrategy', { updateStrategy: { scatterStrategy: [{ key: 'zone', value: 'a' }] } }],
    ['spec.scaleStrategy.podsToDelete', { scaleStrategy: { podsToDelete: ['sample-abcde'] } }],
    ['spec.lifecycle.preNormal', { lifecycle: { preNormal: { labelsHandler: { hold: 'true' } } } }],
    ['spec.lifecycle.preDelete', { lifecycle: { preDelete: { labelsHandler: { hold: 'true' }, markPodNotReady: true } } }],
  ])('refuses %s in one line (exit 2)', async (path, spec) => {
    await refusedInOneLine(yamlFile(cloneSet(spec)), `${path} in`, 'not supported');
  });

  it('markPodNotReady: the line says once what to drop (the hook itself is checked)', async () => {
    const p = yamlFile(cloneSet({ lifecycle: { inPlaceUpdate: { labelsHandler: { hold: 'true' }, markPodNotReady: true } } }));
    const line = await refusedInOneLine(p, 'spec.lifecycle.inPlaceUpdate in', 'not supported: markPodNotReady');
    expect(line).toMatch(/; drop markPodNotReady to check the rest$/);
    expect(line.match(/to check the rest/g)).toHaveLength(1);
  });

  it.each([
    [{ preDelete: { labelsHandler: { hold: 'true' } } }, 'preDelete'],
    [{ inPlaceUpdate: { finalizersHandler: ['example.com/hold'] } }, 'inPlaceUpdate'],
    [{ preDelete: { labelsHandler: { hold: 'true' } }, inPlaceUpdate: { labelsHandler: { hold: 'true' } } }, 'both'],
  ])('a hook with a handler becomes lifecycleHooks (%j → %s)', (lifecycle, hooks) => {
    const b = build(yamlFile(cloneSet({ lifecycle })));
    expect(b.scenario.lifecycleHooks).toBe(hooks);
    expect(b.notes.some((n) => n.includes('finalizersHandler is checked as a labels handler'))).toBe(
      JSON.stringify(lifecycle).includes('finalizersHandler'),
    );
  });

  it('--lifecycle-hooks on the command line wins over the manifest', () => {
    const p = yamlFile(cloneSet({ lifecycle: { preDelete: { labelsHandler: { hold: 'true' } } } }));
    expect(build(p, { lifecycleHooks: 'inPlaceUpdate' }).scenario.lifecycleHooks).toBe('inPlaceUpdate');
  });

  it('an empty priorityStrategy, scatterStrategy or podsToDelete, or a hook without handlers, is accepted', () => {
    const p = yamlFile(
      cloneSet({
        updateStrategy: { priorityStrategy: {}, scatterStrategy: [] },
        scaleStrategy: { podsToDelete: [] },
        lifecycle: { preNormal: { markPodNotReady: true } },
      }),
    );
    expect(build(p).notes.some((x) => x.startsWith('ignored: spec.lifecycle.preNormal'))).toBe(true);
  });

  it('every spec field of the kept CRD has a rule, and docs/model.md lists every rule', () => {
    const spec = (CLONESET_SCHEMA as any).properties.spec.properties as Record<string, any>;
    const paths = MANIFEST_RULES.map((r) => r.path);
    for (const key of Object.keys(spec)) expect(paths.some((p) => p === `spec.${key}` || p.startsWith(`spec.${key}.`))).toBe(true);
    for (const key of Object.keys(spec.updateStrategy.properties))
      expect(paths.some((p) => p.startsWith(`spec.updateStrategy.${key}`))).toBe(true);
    for (const key of Object.keys(spec.scaleStrategy.properties)) expect(paths).toContain(`spec.scaleStrategy.${key}`);
    for (const key of Object.keys(spec.lifecycle.properties)) expect(paths).toContain(`spec.lifecycle.${key}`);
    const doc = readFileSync(join(ROOT, 'docs/model.md'), 'utf8');
    for (const p of paths) expect(doc).toContain(`\`${p}\``);
  });
});

describe('bad manifests: one line naming the field path, exit 2', () => {
  it.each([
    ['a string where the CRD has an integer', { replicas: '3' }, 'spec.replicas in', 'expected an integer, got string'],
    [
      'a boolean in an int-or-string',
      { updateStrategy: { partition: true } },
      'spec.updateStrategy.partition in',
      'expected an integer or a string',
    ],
    ['a typo (unknown field)', { updateStrategy: { maxsurge: 1 } }, 'spec.updateStrategy.maxsurge in', 'unknown field'],
    ['a missing required field', { template: undefined }, 'spec.template in', 'required field missing'],
    ['an int32 overflow', { minReadySeconds: 2 ** 31 }, 'spec.minReadySeconds in', 'int32'],
    // An int-or-string's integer is an int32 (intstr.IntOrString.IntVal), so these never reach the cluster either.
    ['a partition above int32', { updateStrategy: { partition: 2 ** 31 } }, 'spec.updateStrategy.partition in', 'does not fit in an int32'],
    [
      'a partition of 2^32 + 1',
      { updateStrategy: { partition: 2 ** 32 + 1 } },
      'spec.updateStrategy.partition in',
      'does not fit in an int32',
    ],
    ['a maxSurge above int32', { updateStrategy: { maxSurge: 2 ** 31 } }, 'spec.updateStrategy.maxSurge in', 'does not fit in an int32'],
    [
      'a maxUnavailable above int32',
      { updateStrategy: { maxUnavailable: 2 ** 32 + 1 } },
      'spec.updateStrategy.maxUnavailable in',
      'does not fit in an int32',
    ],
    [
      'a scaleStrategy.maxUnavailable above int32',
      { scaleStrategy: { maxUnavailable: 2 ** 31 } },
      'spec.scaleStrategy.maxUnavailable in',
      'does not fit in an int32',
    ],
    ['a negative replica count', { replicas: -1 }, 'spec.replicas in', '≥ 0'],
    [
      'an unknown update type',
      { updateStrategy: { type: 'RollingUpdate' } },
      'spec.updateStrategy.type in',
      'ReCreate, InPlaceIfPossible, InPlaceOnly',
    ],
    [
      // kruise converts a v1alpha1 OnDelete to v1beta1, but its v1alpha1 webhook refuses one: the line says which flags check it.
      'an OnDelete update type (v1beta1 only)',
      { updateStrategy: { type: 'OnDelete' } },
      'spec.updateStrategy.type in',
      'refuses it in v1alpha1; upstream HEAD takes it in apps.kruise.io/v1beta1, which --cloneset reads too',
    ],
    [
      'a decimal maxSurge (the controller reads it as 0)',
      { updateStrategy: { maxSurge: '50.5%' } },
      'spec.updateStrategy.maxSurge in',
      'no decimals',
    ],
    ['a percent partition above 100%', { updateStrategy: { partition: '150%' } }, 'spec.updateStrategy.partition in', 'got "150%"'],
    [
      'maxSurge and maxUnavailable both 0 (the webhook refuses it)',
      { replicas: 2, updateStrategy: { maxSurge: 0, maxUnavailable: 0 } },
      'spec.updateStrategy.maxUnavailable in',
      'should not both be less than 1',
    ],
    [
      'a maxSurge whose pods a state cannot hold (was exit 70)',
      { updateStrategy: { maxSurge: 1000 } },
      'spec.updateStrategy.maxSurge in',
      'allowed with maxReplicas 4: an integer from 0 to 251',
    ],
    [
      'maxSurge with InPlaceOnly (the webhook refuses it)',
      { updateStrategy: { type: 'InPlaceOnly', maxSurge: 1 } },
      'spec.updateStrategy.maxSurge in',
      'InPlaceOnly',
    ],
  ] as [string, Record<string, unknown>, string, string][])('%s', async (_, spec, path, problem) => {
    const doc = cloneSet(spec);
    for (const [k, v] of Object.entries(spec)) if (v === undefined) delete (doc['spec'] as Record<string, unknown>)[k];
    await refusedInOneLine(yamlFile(doc), path, problem);
  });

  it('a CloneSet without spec is refused as `spec: {}` is (the webhook gets the zero spec: no selector)', async () => {
    const head = 'apiVersion: apps.kruise.io/v1alpha1\nkind: CloneSet\nmetadata:\n  name: sample\n';
    const without = await refusedInOneLine(write(head), 'spec.selector in', 'required field missing');
    const empty = await refusedInOneLine(write(`${head}spec: {}\n`), 'spec.selector in', 'required field missing');
    expect(without.replace(/m\d+\.yaml/, 'F')).toBe(empty.replace(/m\d+\.yaml/, 'F'));
  });

  it('metadata needs a name (or generateName), as the API server does', async () => {
    const { metadata: _, ...nameless } = cloneSet();
    await refusedInOneLine(yamlFile(nameless), 'metadata.name in', 'required field missing');
    await refusedInOneLine(yamlFile({ ...nameless, metadata: { name: '' } }), 'metadata.name in', 'expected a non-empty string', 'got ""');
    expect(build(yamlFile({ ...nameless, metadata: { generateName: 'sample-' } })).scenario.initialReplicas).toBe(1);
  });

  it('a wrong apiVersion of a CloneSet is named', async () => {
    await refusedInOneLine(
      yamlFile({ ...cloneSet(), apiVersion: 'apps.kruise.io/v1' }),
      'apiVersion in',
      'expected apps.kruise.io/v1alpha1 (schema from kruise v1.9.0) or apps.kruise.io/v1beta1',
      'got "apps.kruise.io/v1"',
    );
  });

  it('a file with no CloneSet names what it holds', async () => {
    const p = yamlFile({ ...cloneSet(), apiVersion: 'apps/v1', kind: 'Deployment' });
    await refusedInOneLine(p, 'kind in', 'no CloneSet', 'apps/v1 Deployment');
    await refusedInOneLine(write(''), 'kind in', 'no CloneSet');
  });

  it('repeated keys, bad syntax and a missing file are one line', async () => {
    await refusedInOneLine(write('apiVersion: apps.kruise.io/v1alpha1\nkind: CloneSet\nkind: CloneSet\n'), '--cloneset', 'not valid YAML');
    await refusedInOneLine(write('{"kind": "CloneSet", "kind": "CloneSet"}', 'json'), '--cloneset', 'not valid JSON', 'duplicate key');
    await refusedInOneLine(write('spec: [\n'), '--cloneset', 'not valid YAML');
    await refusedInOneLine(join(dir, 'absent.yaml'), '--cloneset', 'does not exist');
  });

  it('a path under the document: a list index is shown as kubectl does', async () => {
    const p = yamlFile(cloneSet({ scaleStrategy: { podsToDelete: [1] } }));
    await refusedInOneLine(p, 'spec.scaleStrategy.podsToDelete[0] in', 'expected a string');
  });
});

describe("the webhook's rules apply to the CloneSet checked: the manifest with the flags over it", () => {
  it('a flag can mend a pair the webhook refuses', () => {
    const p = yamlFile(cloneSet({ replicas: 2, updateStrategy: { maxSurge: 0, maxUnavailable: 0 } }));
    expect(build(p, { maxUnavailable: 1 }).scenario).toMatchObject({ maxSurge: 0, maxUnavailable: 1 });
  });

  it('a flag cannot make one, and the line names the flag', async () => {
    // The manifest's own pair (maxUnavailable 1) passed, and --max-unavailable 0 then ran a 0/0 CloneSet.
    const p = yamlFile(cloneSet({ replicas: 2, updateStrategy: { maxSurge: 0, maxUnavailable: 1 } }));
    const r = await check(p, '--max-unavailable', '0');
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringContaining('--max-unavailable: maxUnavailable and maxSurge should not both be less than 1'),
    ]);
    const inPlaceOnly = yamlFile(cloneSet({ updateStrategy: { type: 'InPlaceOnly' } }));
    expect(() => build(inPlaceOnly, { maxSurge: 1 })).toThrow(/InPlaceOnly/);
  });
});

describe('multi-document files', () => {
  const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'sample' }, spec: { ports: [{ port: 80 }] } };

  it('reads the one CloneSet and names the documents skipped', () => {
    const c = build(yamlFile(service, cloneSet({ replicas: 3 })));
    expect(c.scenario.initialReplicas).toBe(3);
    expect(c.notes).toContainEqual(expect.stringMatching(/^ignored: document 1 of .* \(v1 Service\)/));
  });

  it('names the document in a schema error', async () => {
    await refusedInOneLine(yamlFile(service, cloneSet({ replicas: 'x' })), 'spec.replicas in', '(document 2)');
  });

  it('refuses two CloneSets', async () => {
    await refusedInOneLine(yamlFile(cloneSet(), service, cloneSet()), 'kind in', '2 CloneSets (document 1, document 3)');
  });

  it('reads a List as `kubectl get -o yaml` prints it: its one CloneSet, the other items named, errors naming the item', async () => {
    const list = (...items: unknown[]) => ({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items });
    const c = build(yamlFile(list(service, cloneSet({ replicas: 3 }))));
    expect(c.scenario.initialReplicas).toBe(3);
    expect(c.notes).toContainEqual(expect.stringMatching(/^ignored: items\[0\] of .* \(v1 Service\): only the CloneSet is read$/));
    await refusedInOneLine(yamlFile(list(cloneSet({ replicas: 'x' }))), 'spec.replicas in', '(items[0])');
    await refusedInOneLine(yamlFile(service, list(cloneSet({ replicas: 'x' }))), 'spec.replicas in', '(document 2, items[0])');
    await refusedInOneLine(yamlFile(list(cloneSet(), cloneSet())), 'kind in', '2 CloneSets (items[0], items[1])');
    await refusedInOneLine(yamlFile(list()), 'kind in', 'no CloneSet: it holds no object');
  });
});

describe('replicas beyond the cap', () => {
  const big = yamlFile(cloneSet({ replicas: 20, updateStrategy: { partition: '50%' } }));

  it('check runs the capped bounds, says which, and points to simulate', async () => {
    expect(build(big).scenario).toMatchObject({ initialReplicas: 10, maxReplicas: 10, initialPartition: '50%' });
    const r = await check(big);
    expect(r.code).not.toBe(2);
    const note = r.stderr.split('\n').find((l) => l.startsWith('note: spec.replicas 20'));
    expect(note).toContain('checking 10 replicas, users scaling in 0..10');
    expect(note).toContain('simulate --cloneset');
  });

  it('an integer partition the cap makes vacuous is pointed out', () => {
    const notes = build(yamlFile(cloneSet({ replicas: 20, updateStrategy: { partition: 15 } }))).notes;
    expect(notes.find((x) => x.startsWith('note: spec.replicas'))).toContain('partition 15 keeps all 10 pods');
  });

  it('simulate takes the 20 replicas as written, with no note', () => {
    const c = buildScenario({}, undefined, SIMULATION_FIELDS, big);
    expect(c.scenario).toMatchObject({ initialReplicas: 20, maxReplicas: 20 });
    expect(c.notes.some((x) => x.startsWith('note: spec.replicas'))).toBe(false);
  });

  it('simulate runs a manifest', async () => {
    const r = await run([
      'simulate',
      '--cloneset',
      big,
      '--controller',
      'proposed',
      '--runs',
      '2',
      '--steps',
      '20',
      '--out',
      tempDir(),
      '--no-svg',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('20 replicas at v1');
  });
});

describe('the kept CRD and the shipped example', () => {
  it('cloneset-schema.ts is the fixture’s v1alpha1 schema, and names its source', () => {
    const yaml = readFileSync(join(ROOT, 'cli/crd/apps.kruise.io_clonesets.yaml'), 'utf8');
    expect(CLONESET_SCHEMA).toEqual(extractSchema(yaml, 'v1alpha1'));
    expect(CRD_SOURCE.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(readFileSync(join(ROOT, 'cli/crd/README.md'), 'utf8')).toContain(CRD_SOURCE.commit);
  });

  it('the Kubernetes rules accept what they should: preserved-unknown fields under template, any metadata', () => {
    expect(
      kubernetesRules(CLONESET_SCHEMA, cloneSet({ template: { anything: { goes: [1] } } }, { metadata: { labels: { a: 'b' }, x: 1 } })),
    ).toBeNull();
    const edge = { partition: 2 ** 31 - 1, maxSurge: 2 ** 31 - 1, maxUnavailable: '100%' };
    expect(kubernetesRules(CLONESET_SCHEMA, cloneSet({ updateStrategy: edge }))).toBeNull();
  });

  it('examples/cloneset.yaml gives the built-in default scenario', () => {
    const c = build(join(EXAMPLES, 'cloneset.yaml'));
    expect(c.scenario).toEqual(buildScenario({}, undefined).scenario);
    expect(c.notes).toEqual([expect.stringMatching(/^ignored: spec\.template \(/)]);
  });

  it('check --cloneset examples/cloneset.yaml gives the default scenario’s verdicts', async () => {
    const verdicts = async (...args: string[]) => {
      const r = await run(['check', '--json', '--no-svg', '--out', tempDir(), ...args]);
      const runs = (JSON.parse(r.stdout) as { runs: { controller: string; properties: Record<string, { verdict: string }> }[] }).runs;
      return { code: r.code, verdicts: runs.map((x) => [x.controller, Object.entries(x.properties).map(([p, v]) => [p, v.verdict])]) };
    };
    const fromManifest = await verdicts('--cloneset', join(EXAMPLES, 'cloneset.yaml'));
    expect(fromManifest).toEqual(await verdicts());
    expect(fromManifest.code).toBe(1);
  });
});

describe('spec.minReadySeconds', () => {
  it('is mapped: the window is explored, with no note', () => {
    const b = build(yamlFile(cloneSet({ minReadySeconds: 10 })));
    expect(b.scenario.minReadySeconds).toBe(10);
    expect(b.notes.join('\n')).not.toContain('minReadySeconds');
  });

  it('a flag outranks it (0 turns the window off)', () => {
    expect(build(yamlFile(cloneSet({ minReadySeconds: 10 })), { minReadySeconds: 0 }).scenario.minReadySeconds).toBeUndefined();
    expect(build(yamlFile(cloneSet({ minReadySeconds: 10 })), { minReadySeconds: 30 }).scenario.minReadySeconds).toBe(30);
  });

  it('with a lagging pod cache too', () => {
    const b = build(yamlFile(cloneSet({ minReadySeconds: 10 })), { expectations: 'upstream' });
    expect(b.scenario.minReadySeconds).toBe(10);
    expect(b.scenario.expectations).toBe('upstream');
  });
});
