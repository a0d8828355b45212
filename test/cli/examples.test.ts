/**
 * The shipped example configs: each loads through buildScenario with the table of the command it is for,
 * and the small ones run under `check` (bounded by --max-states where a full run would be slow).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIMULATION_FIELDS } from '../../cli/fields.js';
import { buildScenario } from '../../cli/scenario.js';
import { DEFAULT_SCENARIO } from '../../model/cloneset/scenario.js';
import { EXAMPLES, run, tempDir } from './helpers.js';

const ex = (name: string): string => join(EXAMPLES, name);

/** A `check --json` violation as [its property, the kinds of its trace's steps] (null for the initial state). */
function violation(stdout: string): [string, (string | null)[]] {
  const out = JSON.parse(stdout) as { property: string; trace: { action: { kind: string } | null }[] };
  return [out.property, out.trace.map((st) => st.action?.kind ?? null)];
}

describe('example configs', () => {
  it('are the ones documented', () => {
    expect(readdirSync(EXAMPLES).sort()).toEqual([
      'cloneset-on-delete.yaml',
      'cloneset-progress-deadline.yaml',
      'cloneset.yaml',
      'issue-1545.yaml',
      'k8s',
      'large-simulation.yaml',
      'max-surge.yaml',
      'models',
      'on-delete.yaml',
      'pause-hooks.yaml',
      'realistic.yaml',
      'scale-to-zero.yaml',
      'strategy-edits.yaml',
      'sweep.yaml',
      'wide.json',
      'write-timeouts.yaml',
    ]);
  });

  // cloneset.yaml is a CloneSet manifest (--cloneset), not a config: test/cli/manifest.test.ts.
  it.each([
    'issue-1545.yaml',
    'max-surge.yaml',
    'on-delete.yaml',
    'pause-hooks.yaml',
    'scale-to-zero.yaml',
    'strategy-edits.yaml',
    'wide.json',
    'write-timeouts.yaml',
  ])('%s loads for check', (name) => {
    const { scenario, controllers } = buildScenario({}, ex(name));
    expect(controllers).toHaveLength(3);
    expect(scenario.maxReplicas).toBeGreaterThan(0);
  });

  it('issue-1545.yaml is the built-in default scenario', () => {
    expect(buildScenario({}, ex('issue-1545.yaml')).scenario).toEqual(buildScenario({}, undefined).scenario);
    expect(buildScenario({}, ex('issue-1545.yaml')).scenario).toEqual({ ...DEFAULT_SCENARIO, controller: 'pre-fix' });
  });

  it('on-delete.yaml: upstream surges under OnDelete (on-delete-respected, 2 steps); proposed holds it and availability-floor beside the mark', async () => {
    expect(buildScenario({}, ex('on-delete.yaml')).scenario).toMatchObject({
      updateStrategyType: 'OnDelete',
      maxSurge: 1,
      budgets: { marks: 1 },
    });
    const args = [
      'check',
      '--config',
      ex('on-delete.yaml'),
      '--property',
      'on-delete-respected',
      '--property',
      'availability-floor',
      '--json',
    ];
    const proposed = await run([...args, '--controller', 'proposed', '--out', tempDir()]);
    expect(proposed.code, proposed.stderr).toBe(0);
    const upstream = await run([...args, '--controller', 'upstream', '--out', tempDir()]);
    expect(upstream.code, upstream.stderr).toBe(1);
    expect(violation(upstream.stdout)).toEqual(['on-delete-respected', [null, 'rollout', 'reconcile']]);
  });

  it('cloneset-on-delete.yaml (v1beta1) is row ODS: upstream surges in 2 steps, proposed holds on-delete-respected', async () => {
    const manifest = buildScenario({}, undefined, undefined, ex('cloneset-on-delete.yaml'));
    expect(manifest.scenario).toEqual(buildScenario({ updateStrategyType: 'OnDelete', maxSurge: 1 }, undefined).scenario);
    const args = ['check', '--cloneset', ex('cloneset-on-delete.yaml'), '--property', 'on-delete-respected', '--json', '--quiet'];
    const upstream = await run([...args, '--controller', 'upstream', '--out', tempDir()]);
    expect(upstream.code, upstream.stderr).toBe(1);
    expect(violation(upstream.stdout)).toEqual(['on-delete-respected', [null, 'rollout', 'reconcile']]);
    const proposed = await run([...args, '--controller', 'proposed', '--out', tempDir()]);
    expect(proposed.code, proposed.stderr).toBe(0);
    expect(JSON.parse(proposed.stdout)).toMatchObject({ stats: { states: 47_650 } });
  });

  it('cloneset-progress-deadline.yaml is row PD: upstream reports the deadline in 4 steps, straight from CloneSetAvailable; proposed holds', async () => {
    const manifest = buildScenario({}, undefined, undefined, ex('cloneset-progress-deadline.yaml'));
    expect(manifest.scenario).toEqual(buildScenario({ progressDeadline: true }, undefined).scenario);
    const args = [
      'check',
      '--cloneset',
      ex('cloneset-progress-deadline.yaml'),
      '--property',
      'deadline-from-progress',
      '--json',
      '--quiet',
    ];
    const upstream = await run([...args, '--controller', 'upstream', '--out', tempDir()]);
    expect(upstream.code, upstream.stderr).toBe(1);
    expect(violation(upstream.stdout)).toEqual(['deadline-from-progress', [null, 'deadlinePasses', 'rollout', 'reconcile', 'writeStatus']]);
    const proposed = await run([...args, '--controller', 'proposed', '--out', tempDir()]);
    expect(proposed.code, proposed.stderr).toBe(0);
  });

  it('a manifest with progressDeadlineSeconds 2147483647 has no deadline (HasProgressDeadline), and one the webhook refuses names the field', async () => {
    const dir = tempDir();
    const text = readFileSync(ex('cloneset-progress-deadline.yaml'), 'utf8');
    const max = join(dir, 'max.yaml');
    writeFileSync(max, text.replace('progressDeadlineSeconds: 600', 'progressDeadlineSeconds: 2147483647'));
    expect(buildScenario({}, undefined, undefined, max).scenario.progressDeadline).toBeUndefined();
    // With stale reads too (the conditions' times ranked: condition-order.ts).
    expect(buildScenario({ staleReads: 1 }, undefined, undefined, ex('cloneset-progress-deadline.yaml')).scenario).toMatchObject({
      progressDeadline: true,
      staleReads: 1,
    });
    for (const [value, extra] of [
      ['-5', ''],
      ['0', ''],
      ['10', '  minReadySeconds: 10\n'],
    ] as const) {
      const bad = join(dir, `bad${value}.yaml`);
      writeFileSync(bad, text.replace('progressDeadlineSeconds: 600', `progressDeadlineSeconds: ${value}\n${extra}`.trimEnd()));
      const r2 = await run(['check', '--cloneset', bad, '--out', dir]);
      expect(r2.code, value).toBe(2);
      expect(r2.stderr).toMatch(
        new RegExp(
          `^cloneset-check check: spec\\.progressDeadlineSeconds in \\S+: ${value}: kruise's webhook refuses it .*; allowed: an integer above minReadySeconds, or 2147483647 \\(no deadline\\)\n$`,
        ),
      );
    }
    // A --min-ready-seconds the manifest's deadline is not above: the flag is named (an audit: the manifest was).
    const flag = await run(['check', '--cloneset', ex('cloneset-progress-deadline.yaml'), '--min-ready-seconds', '700', '--out', dir]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(
      /^cloneset-check check: --min-ready-seconds: 700: not below the manifest's spec\.progressDeadlineSeconds \(600, in \S+\), .*; allowed: 0\.\.599\n$/,
    );
  });

  it('pause-hooks.yaml: users pause at any time; proposed holds converges, upstream fails it with its stranded pod (no pause in it)', async () => {
    expect(buildScenario({}, ex('pause-hooks.yaml')).scenario).toMatchObject({
      lifecycleHooks: 'inPlaceUpdate',
      budgets: { pauses: 'any' },
    });
    const args = ['check', '--config', ex('pause-hooks.yaml'), '--property', 'converges', '--json'];
    const proposed = await run([...args, '--controller', 'proposed', '--out', tempDir()]);
    expect(proposed.code, proposed.stderr).toBe(0);
    const upstream = await run([...args, '--controller', 'upstream', '--out', tempDir()]);
    expect(upstream.code, upstream.stderr).toBe(1);
    const trace = JSON.parse(upstream.stdout).trace as { action: { kind: string } | null }[];
    expect(trace.map((st) => st.action?.kind ?? null)).toEqual([null, 'rollout', 'reconcile', 'deletePod']);
  });

  it('strategy-edits.yaml: every variant keeps availability-floor without the edit, and loses it in 9 steps through it', async () => {
    expect(buildScenario({}, ex('strategy-edits.yaml')).scenario).toMatchObject({
      maxUnavailable: '50%',
      maxUnavailables: ['20%'],
      budgets: { strategies: 1 },
    });
    const args = ['check', '--config', ex('strategy-edits.yaml'), '--property', 'availability-floor', '--json'];
    const without = await run([...args, '--strategy-changes', '0', '--out', tempDir()]);
    expect(without.code, without.stderr).toBe(0);
    const edited = await run([...args, '--controller', 'upstream', '--out', tempDir()]);
    expect(edited.code, edited.stderr).toBe(1);
    const trace = JSON.parse(edited.stdout).trace as { action: { kind: string } | null }[];
    expect(trace).toHaveLength(10);
    expect(trace.map((st) => st.action?.kind ?? null)).toContain('setStrategy');
  });

  it('write-timeouts.yaml: pre-fix and upstream create a pod twice; proposed holds, with expectations that expire or not', async () => {
    expect(buildScenario({}, ex('write-timeouts.yaml')).scenario).toMatchObject({
      expectations: 'upstream',
      podWriteFailures: 1,
      podWriteTimeouts: true,
    });
    const args = ['check', '--config', ex('write-timeouts.yaml'), '--property', 'surge-bound', '--json'];
    const upstream = await run([...args, '--controller', 'upstream', '--out', tempDir()]);
    expect(upstream.code, upstream.stderr).toBe(1);
    const trace = JSON.parse(upstream.stdout).trace as { action: { kind: string } | null }[];
    expect(trace.map((st) => st.action?.kind ?? null)).toEqual([null, 'scale', 'reconcile', 'reconcile']);
    for (const expectations of ['upstream', 'timeout']) {
      const proposed = await run([
        ...args,
        '--property',
        'canary-respected',
        '--controller',
        'proposed',
        '--expectations',
        expectations,
        '--out',
        tempDir(),
      ]);
      expect(proposed.code, proposed.stderr).toBe(0);
    }
  });

  it('max-surge.yaml rolls out with maxSurge 1; scale-to-zero.yaml can scale to 0; wide.json has the wide bounds', () => {
    expect(buildScenario({}, ex('max-surge.yaml')).scenario).toMatchObject({ maxSurge: 1, budgets: { rollouts: 1 } });
    expect(buildScenario({}, ex('scale-to-zero.yaml')).scenario.budgets.scales).toBeGreaterThan(0);
    expect(buildScenario({}, ex('wide.json')).scenario).toMatchObject({
      maxReplicas: 5,
      partitions: [0, 1, '50%', '100%'],
      budgets: { partitions: 1 },
    });
  });

  it('realistic.yaml turns on every issue #14 option (expectations upstream, the faithful one of the three), but not failing pod writes (session 18)', () => {
    const { scenario, controllers } = buildScenario({}, ex('realistic.yaml'));
    expect(controllers).toHaveLength(3);
    expect(scenario).toMatchObject({
      maxReplicas: 3,
      staleReads: 1,
      statusWriteFailures: 1,
      freeChoices: true,
      preparingReady: true,
      lifecycleHooks: 'preDelete',
      budgets: { deletes: 1, scales: 1, marks: 1, failures: 1 },
    });
    expect(scenario.expectations).toBe('upstream');
    expect(scenario.podWriteFailures).toBeUndefined();
  });

  it('flags override the file', () => {
    expect(buildScenario({ maxReplicas: 3 }, ex('wide.json')).scenario.maxReplicas).toBe(3);
  });

  it('large-simulation.yaml loads with the simulation bounds, and check refuses it in one line', async () => {
    expect(buildScenario({}, ex('large-simulation.yaml'), SIMULATION_FIELDS).scenario.maxReplicas).toBe(50);
    const r = await run(['check', '--config', ex('large-simulation.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('maxReplicas in');
    expect(r.stderr).toContain('an integer from 0 to 10, got 50');
  });
});

describe('example configs run under check', () => {
  const check = (name: string, ...more: string[]) =>
    run(['check', '--config', ex(name), '--no-svg', '--json', '--out', tempDir(), ...more]);

  it('scale-to-zero.yaml: upstream breaks the canary through zero; proposed holds', async () => {
    const r = await check('scale-to-zero.yaml');
    expect(r.code).toBe(1);
    const runs = (JSON.parse(r.stdout) as { runs: { controller: string; properties: Record<string, { verdict: string }> }[] }).runs;
    const canary = Object.fromEntries(runs.map((x) => [x.controller, x.properties['canary-respected']!.verdict]));
    expect(canary).toEqual({ 'pre-fix': 'violated', upstream: 'violated', proposed: 'holds' });
  });

  it('max-surge.yaml: surge-bound and canary-respected hold under every variant', async () => {
    const r = await check('max-surge.yaml', '--property', 'surge-bound', '--property', 'canary-respected');
    expect(r.code).toBe(0);
  });

  it.each(['issue-1545.yaml', 'wide.json'])('%s starts (bounded by --max-states)', async (name) => {
    const r = await check(name, '--controller', 'proposed', '--max-states', '2000');
    expect([1, 3]).toContain(r.code);
    expect((JSON.parse(r.stdout) as { stats: { states: number } }).stats.states).toBeLessThanOrEqual(2000);
  });
});
