/**
 * `export --format issue`: the Markdown bug report for upstream. On the hand-driven #1545 trace and on
 * counterexamples the explorer finds by itself in small scenarios, the report has every section, its numbers
 * are the trace's own (checked against the final state and the recorded violation message, not against
 * copies of the report), and it is byte-stable. The CLI side: it runs, writes where asked, and refuses what
 * replay refuses.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { explore } from '../../checker/index.js';
import { SCENARIO_FIELDS } from '../../cli/fields.js';
import { loadManifest } from '../../cli/manifest.js';
import { checkAccepts, scenarioFlags } from '../../cli/scenario-flags.js';
import { packageVersion } from '../../cli/version.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { cloneSetProperties } from '../../model/cloneset/properties.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/cloneset/scenario.js';
import { revName, unmarkedAt, type CloneSetState } from '../../model/cloneset/state.js';
import { expectedUpdated, viewOf } from '../../model/cloneset/view.js';
import { CONTROLLER_VARIANTS, VARIANTS } from '../../model/controller/promotion.js';
import {
  fromViolation,
  parseTraceDocument,
  renderIssueReport,
  serializeTraceDocument,
  toTraceDocument,
  type TraceDocument,
} from '../../traces/index.js';
import { toKubectlScript } from '../../traces/kubectl.js';
import { run, tempDir } from '../cli/helpers.js';
import { continuationDoc, issue1545Doc, issue1545Trace, mutable } from './fixtures.js';

const SECTIONS = [
  '## Controller version',
  '## Steps to reproduce',
  '## Expected',
  '## Actual',
  '## Rule at fault',
  '## Proposed rule and bounds',
] as const;

const optionsFor = (doc: TraceDocument, traceName = 'trace.json') => ({
  toolVersion: packageVersion(),
  traceName,
  scenarioFlags: scenarioFlags(doc.scenario),
  checkAccepts: checkAccepts(doc.scenario),
});

const report = (doc: TraceDocument): string => renderIssueReport(doc, optionsFor(doc));
const finalState = (doc: TraceDocument): CloneSetState => doc.steps[doc.steps.length - 1]!.state;
const availableIn = (s: CloneSetState): number => s.pods.filter((p) => p.ready && p.lifecycle === 'Normal').length;

/** The sections in order, each once, the title first, one user step per numbered item. */
function expectStructure(doc: TraceDocument, md: string): void {
  expect(md.startsWith('# CloneSet: ')).toBe(true);
  expect(md.split('\n').filter((l) => l.startsWith('# '))).toHaveLength(1);
  const at = SECTIONS.map((s) => md.indexOf(`\n${s}\n`));
  for (const i of at) expect(i).toBeGreaterThan(0);
  expect([...at].sort((a, b) => a - b)).toEqual(at);
  expect(md).toContain(`**${doc.property!.name}**`);
  expect(md).toContain(`Variant: \`${doc.controller}\`: ${VARIANTS[doc.controller].summary}`);
  expect(md).toContain('--format kubectl');
  expect(md).toContain('docs/findings.md');
  expect(md).toContain('cloneset-check check --controller ');
  // One numbered item for creating the CloneSet, then one per user step of the trace (and one for a continuation).
  const users = doc.steps.filter((s) => s.actor === 'user').length;
  const items = md.split('\n').filter((l) => /^\d+\. /.test(l));
  expect(items).toHaveLength(1 + users + (doc.continuation === undefined ? 0 : 1));
  // Every step of the trace is accounted for by its index.
  const mentioned = [...md.matchAll(/step (\d+)\)?:? /g)].map((m) => Number(m[1]));
  for (const st of doc.steps.slice(1)) expect(mentioned, `step ${st.index}`).toContain(st.index);
  // The bounds table states the trace's own scenario.
  const sc = doc.scenario;
  expect(md).toContain(`| starting CloneSet | spec.replicas ${sc.initialReplicas}, partition ${sc.initialPartition},`);
  expect(md).toContain(`| pod deletions | ${sc.budgets.deletes} |`);
  expect(md).toContain(`| scales | ${sc.budgets.scales}, to any spec.replicas in 0…${sc.maxReplicas} |`);
  expect(md.endsWith('\n') && !md.endsWith('\n\n')).toBe(true);
}

/** The numbers the report states for the violated property, against the final state and the violation message. */
function expectNumbers(doc: TraceDocument, md: string): void {
  const final = finalState(doc);
  const message = doc.property!.message;
  const v = viewOf(doc.scenario);
  switch (doc.property!.name) {
    case 'canary-respected': {
      const m = /raised pods at (v\d+) from (\d+) to (\d+), above spec\.replicas − partition = (\d+) − (\d+) = (\d+)/.exec(message);
      expect(m).not.toBeNull();
      const [, rev, from, to, replicas, p, e] = m!;
      expect(Number(to)).toBe(unmarkedAt(final, final.spec.template));
      expect(Number(e)).toBe(expectedUpdated(v, final));
      expect(rev).toBe(revName(final.spec.template));
      const title = md.split('\n')[0]!;
      expect(title).toContain(
        `${to} pod${to === '1' ? '' : 's'} at the update revision ${rev} where spec.replicas − partition allows ${e}`,
      );
      expect(title).toContain(`spec.replicas ${final.spec.replicas})`);
      expect(md).toContain(`spec.replicas − partition = ${replicas} − ${p} = **${e}**`);
      expect(md).toContain(`raised the pods at ${rev} from ${from} to **${to}**`);
      return;
    }
    case 'promotion-sound': {
      const m =
        /promoted currentRevision (v\d+) → (v\d+) after observing (\d+) pods \((\d+) at v\d+\), spec\.replicas (\d+), partition (\d+)/.exec(
          message,
        );
      expect(m).not.toBeNull();
      const [, from, to, pods, atUpd, replicas, p] = m!;
      const computed = final.pending ?? final.status;
      expect(revName(computed.currentRevision)).toBe(to);
      expect(md.split('\n')[0]).toContain(`currentRevision promoted to ${to} while`);
      expect(md).toContain(`observed **${pods}** pods (**${atUpd}** at ${to}), spec.replicas **${replicas}**`);
      expect(md).toContain(`= **${p}** pods kept back, and promoted \`currentRevision\` ${from} → ${to}`);
      expect(md).toContain('`calculateStatus` (`pkg/controller/cloneset/cloneset_status.go`)');
      return;
    }
    case 'availability-floor': {
      const m = /available pods fell from (\d+) to (\d+), below spec\.replicas − maxUnavailable = (\d+) − (\d+) = (\d+)/.exec(message);
      expect(m).not.toBeNull();
      const [, from, to, replicas, mu, floor] = m!;
      expect(Number(to)).toBe(availableIn(final));
      expect(Number(replicas)).toBe(final.spec.replicas);
      expect(md.split('\n')[0]).toContain(`available pods drop to ${to}, below spec.replicas − maxUnavailable = ${floor}`);
      expect(md).toContain(`${replicas} − ${mu} = **${floor}** available`);
      expect(md).toContain(`from ${from} to **${to}**`);
      return;
    }
    default:
      throw new Error(`no numbers check for ${doc.property!.name}`);
  }
}

/** The #1545 fixture's steps cut at their first canary-respected violation (the fixture itself stops at promotion-sound). */
function issue1545CanaryDoc(): TraceDocument {
  const t = issue1545Trace('pre-fix');
  const canary = cloneSetProperties(viewOf(t.scenario)).find((p) => p.name === 'canary-respected');
  if (canary?.kind !== 'step') throw new Error('canary-respected is a step property');
  for (let i = 1; i < t.steps.length; i++) {
    const a = t.steps[i]!.action;
    const r = a === null ? { ok: true as const } : canary.check(t.steps[i - 1]!.state, a, t.steps[i]!.state);
    if (!r.ok)
      return toTraceDocument({
        scenario: t.scenario,
        steps: t.steps.slice(0, i + 1),
        property: { name: 'canary-respected', kind: 'step', message: r.message },
      });
  }
  throw new Error('the pre-fix #1545 trace no longer breaks canary-respected');
}

describe('the #1545 fixture trace (pre-fix)', () => {
  const doc = issue1545Doc();
  const md = report(doc);
  const canaryDoc = issue1545CanaryDoc();
  const canaryMd = report(canaryDoc);

  it('cut at its first violation (promotion-sound): every section, the numbers, calculateStatus at fault', () => {
    expect(doc.property!.name).toBe('promotion-sound');
    expectStructure(doc, md);
    expectNumbers(doc, md);
    expect(md).toContain('Promotion rule in `calculateStatus`: `updatedReplicas == replicas`');
    expect(md).toContain('912de49a6');
    // The proposed rule is evaluated on that reconcile's inputs, not asserted.
    expect(md).toMatch(/At step \d+ of this trace it is \*\*false\*\*/);
  });

  it('cut at the canary violation (more updated pods than the partition allows): the numbers of its final state', () => {
    expectStructure(canaryDoc, canaryMd);
    expectNumbers(canaryDoc, canaryMd);
    const last = canaryDoc.steps[canaryDoc.steps.length - 1]!;
    expect(last.summary.updated).toBeGreaterThan(last.summary.expectedUpdated);
    expect(canaryMd.split('\n')[0]).toContain(
      `${last.summary.updated} pods at the update revision ${last.summary.updateRevision} where spec.replicas − partition allows ${last.summary.expectedUpdated}`,
    );
    expect(canaryMd).toContain('promoted `status.currentRevision` v1 → v2');
    expect(canaryMd).toContain('the promotion condition in `calculateStatus` is at fault');
  });

  it('is byte-stable: the same document, and the document read back from its JSON, give the same bytes', () => {
    for (const [d, text] of [
      [doc, md],
      [canaryDoc, canaryMd],
    ] as const) {
      expect(report(d)).toBe(text);
      const back = parseTraceDocument(serializeTraceDocument(d));
      expect(back.ok && report(back.doc)).toBe(text);
    }
  });

  it('names the trace file and the tool version it is given', () => {
    const other = renderIssueReport(doc, { ...optionsFor(doc, 'mine.json'), toolVersion: '9.9.9-test' });
    expect(other).toContain('cloneset-check export mine.json --format kubectl');
    expect(other).toContain('cloneset-check 9.9.9-test');
    expect(other).not.toContain(`cloneset-check ${packageVersion()}`);
  });
});

/** Every counterexample the explorer finds in `scenario`, under each variant, as documents. */
function counterexamples(scenario: Scenario): TraceDocument[] {
  return CONTROLLER_VARIANTS.flatMap((controller) => {
    const sc = { ...scenario, controller };
    const r = explore(cloneSetModel(sc), { stopAtFirstViolation: false });
    expect(r.limit).toBeUndefined();
    return (r.violations ?? []).map((v) => fromViolation(sc, v));
  });
}

describe('counterexamples the explorer finds in small scenarios', () => {
  const small: Scenario = { ...DEFAULT_SCENARIO };
  // docs/findings.md row H in small: proposed breaks canary-respected without any unsound promotion.
  const rollback: Scenario = {
    ...DEFAULT_SCENARIO,
    initialReplicas: 1,
    maxReplicas: 1,
    partitions: ['0%', '50%'],
    budgets: { ...DEFAULT_SCENARIO.budgets, rollouts: 2, partitions: 2, deletes: 1 },
  };
  const inline: Scenario = { ...DEFAULT_SCENARIO, statusWrite: 'inline' };
  const docs = [...counterexamples(small), ...counterexamples(rollback), ...counterexamples(inline)];
  const found = new Set(docs.map((d) => d.property!.name));

  it('cover every property the explorer can violate, under every variant', () => {
    // The others hold in every scenario docs/findings.md reports; they are checked below on hand-made traces.
    expect([...found].sort()).toEqual(['availability-floor', 'canary-respected', 'promotion-sound']);
    expect(new Set(docs.map((d) => d.controller))).toEqual(new Set(CONTROLLER_VARIANTS));
  });

  it.each(docs.map((d) => [`${d.controller} ${d.property!.name} (${d.scenario.statusWrite}, ${d.steps.length - 1} steps)`, d] as const))(
    '%s: every section, the trace’s numbers, byte-stable',
    (_name, doc) => {
      const md = report(doc);
      expectStructure(doc, md);
      expectNumbers(doc, md);
      expect(report(doc)).toBe(md);
      expect(doc.scenario.statusWrite === 'separate').toBe(md.includes('a user step may land between them'));
    },
  );

  it('proposes the proposed rule exactly when a reconcile of the trace promoted unsoundly (and the trace is not under it)', () => {
    for (const doc of docs) {
      const sound = cloneSetProperties(viewOf(doc.scenario)).find((p) => p.name === 'promotion-sound');
      if (sound?.kind !== 'step') throw new Error('promotion-sound is a step property');
      const unsound = doc.steps.some(
        (st, i) => i > 0 && st.action !== null && !sound.check(doc.steps[i - 1]!.state, st.action, st.state).ok,
      );
      const md = report(doc);
      const name = `${doc.controller} ${doc.property!.name}`;
      expect(md.includes('Promote `currentRevision` in `calculateStatus` only when'), name).toBe(unsound && doc.controller !== 'proposed');
      const limitFix = md.includes("cloneset-check proposes a change to `Scale`'s delete limit instead");
      expect(md.includes('cloneset-check proposes no rule for it'), name).toBe(!unsound && !limitFix);
      // The delete-limit fix goes with availability-floor traces only, never with one found under proposed.
      expect(limitFix, name).toBe(!unsound && doc.property!.name === 'availability-floor' && doc.controller !== 'proposed');
      if (doc.property!.name === 'canary-respected') expect(md.includes('so the promotion rule is not at fault'), name).toBe(!unsound);
    }
  });

  it('availability-floor with a preDelete hook (pods go to PreparingDelete, none is deleted): Scale is blamed and the limit fix proposed', () => {
    const sc: Scenario = { ...DEFAULT_SCENARIO, controller: 'upstream', lifecycleHooks: 'preDelete' };
    const v = explore(cloneSetModel(sc), { properties: ['availability-floor'] }).violations![0]!;
    const doc = fromViolation(sc, v);
    const md = report(doc);
    expect(finalState(doc).pods.length).toBe(doc.steps[doc.steps.length - 2]!.state.pods.length);
    expect(md).toContain('with a preDelete hook, moves them to PreparingDelete');
    expect(md).toMatch(/At step \d+ of this trace the limit is \*\*1\*\* as upstream computes it and \*\*0\*\*/);
    expect(md).toContain('cloneset-check check --controller proposed');
    expect(md).not.toContain('`limitUpdateIndexes` lets more pods');
  });

  it('a trace of random walks in bounds check does not take is walked again with the fix, not checked', () => {
    const doc = docs.find((d) => d.property!.name === 'availability-floor' && d.controller === 'upstream')!;
    const walked: TraceDocument = { ...doc, foundBy: 'simulate' };
    const md = renderIssueReport(walked, { ...optionsFor(walked), checkAccepts: false });
    expect(md).toContain('Walk the same bounds with the fix:');
    expect(md).toContain('cloneset-check simulate --controller proposed');
    expect(md).not.toContain('cloneset-check check --controller proposed');
  });

  it("availability-floor: the report's two delete limits, and under proposed the same last reconcile keeps the floor", () => {
    const floorDocs = docs.filter((d) => d.property!.name === 'availability-floor');
    expect(floorDocs.length).toBeGreaterThan(0);
    for (const doc of floorDocs) {
      const name = `${doc.controller} ${doc.scenario.statusWrite}`;
      const m = /At step (\d+) of this trace the limit is \*\*(\d+)\*\* as upstream computes it and \*\*(\d+)\*\*/.exec(report(doc));
      expect(m, name).not.toBeNull();
      expect(Number(m![1]), name).toBe(doc.steps.length - 1);
      expect(Number(m![3]), name).toBeLessThan(Number(m![2]));
      // From the state before the violating reconcile, the same reconcile under proposed.
      const sc = { ...doc.scenario, controller: 'proposed' as const };
      const model = cloneSetModel(sc);
      const before = doc.steps[doc.steps.length - 2]!.state;
      const label = cloneSetModel(doc.scenario).actionLabel(doc.steps[doc.steps.length - 1]!.action!);
      const a = model.actions(before).find((x) => model.actionLabel(x) === label);
      expect(a, name).toBeDefined();
      const floor = cloneSetProperties(viewOf(sc)).find((p) => p.name === 'availability-floor');
      if (floor?.kind !== 'step') throw new Error('availability-floor is a step property');
      expect(floor.check(before, a!, model.next(before, a!)).ok, name).toBe(true);
    }
  });

  it('the proposed variant’s canary violation is reported as not the promotion rule’s', () => {
    const doc = docs.find((d) => d.controller === 'proposed' && d.property!.name === 'canary-respected');
    expect(doc).toBeDefined();
    const md = report(doc!);
    expect(md).toContain('Models: not an upstream version');
    expect(md).toContain('cloneset-check proposes no rule for it');
    expect(md).toContain('`getActiveRevisions` (`pkg/controller/cloneset/cloneset_controller.go`)');
  });
});

describe('stale reads: the report measures the violating step against the spec it read, as the property does', () => {
  const docs = [
    ...counterexamples({ ...DEFAULT_SCENARIO, staleReads: 1 }),
    ...counterexamples({ ...DEFAULT_SCENARIO, staleReads: 2, budgets: { ...DEFAULT_SCENARIO.budgets, pauses: 1 } }),
  ].filter((d) => d.property!.name === 'canary-respected' || d.property!.name === 'availability-floor');

  it.each(docs.map((d) => [`${d.controller} ${d.property!.name} (staleReads ${d.scenario.staleReads})`, d] as const))(
    '%s: the bound in Expected is the one in the property message',
    (_name, doc) => {
      const m = /spec\.replicas − (partition|maxUnavailable) = (\d+) − (\d+) = (\d+)/.exec(doc.property!.message);
      expect(m).not.toBeNull();
      expect(report(doc)).toContain(`spec.replicas − ${m![1]} = ${m![2]} − ${m![3]} = **${m![4]}**`);
    },
  );
});

describe('properties the explorer does not violate (hand-made documents)', () => {
  it('converges: the continuation is a last numbered item ending in the dead end', () => {
    const doc = continuationDoc();
    const md = report(doc);
    expectStructure(doc, md);
    expect(md).toContain('Then let only the controller and the kubelet act:');
    expect(md).toContain('neither the controller nor the kubelet has anything to do');
    for (const st of doc.continuation!.steps) expect(md).toContain(`step ${st.index}: `);
    expect(md).toContain('`syncCloneSet`');
  });

  it.each([
    ['surge-bound', 'step', '`Scale` (`pkg/controller/cloneset/sync/cloneset_scale.go`)'],
    ['well-formed', 'invariant', '`calculateStatus` (`pkg/controller/cloneset/cloneset_status.go`)'],
    ['no-deadlock', 'deadlock', '`syncCloneSet` (`pkg/controller/cloneset/cloneset_controller.go`)'],
  ] as const)('%s: every section and the upstream code the property constrains', (name, kind, code) => {
    const doc: TraceDocument = { ...issue1545Doc(), property: { name, kind, message: 'as recorded' } };
    const md = report(doc);
    expectStructure(doc, md);
    expect(md).toContain(code);
    if (name === 'surge-bound')
      expect(md.split('\n')[0]).toContain(`${finalState(doc).pods.length} pods where spec.replicas + maxSurge allows`);
  });
});

describe('cloneset-check export --format issue', () => {
  const dir = tempDir();
  const doc = issue1545Doc();
  const trace = join(dir, 'pre-fix.json');
  writeFileSync(trace, serializeTraceDocument(doc));

  it('prints the report for the trace, naming the file by its base name', async () => {
    const r = await run(['export', trace, '--format', 'issue']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(renderIssueReport(doc, { ...optionsFor(doc, 'pre-fix.json'), kubectlScript: toKubectlScript(doc) }));
    // The script is attached, collapsed, under the steps to reproduce.
    expect(r.stdout).toContain(`<details><summary>reproduce.sh</summary>\n\n\`\`\`bash\n${toKubectlScript(doc).trimEnd()}\n\`\`\``);
    expect(r.stdout).not.toContain(dir);
    expect((await run(['export', trace, '-f', 'issue'], { tty: true })).stdout).toBe(r.stdout);
  });

  it('writes it to --output', async () => {
    const out = join(tempDir(), 'issue.md');
    const r = await run(['export', trace, '-f', 'issue', '-o', out]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(out, 'utf8')).toBe(
      renderIssueReport(doc, { ...optionsFor(doc, 'pre-fix.json'), kubectlScript: toKubectlScript(doc) }),
    );
  });

  it('refuses what replay refuses, with the same line and exit 2', async () => {
    const bad = mutable(doc);
    bad.steps[bad.steps.length - 1].state.spec.replicas += 1;
    const file = join(dir, 'tampered.json');
    writeFileSync(file, JSON.stringify(bad));
    const replay = await run(['replay', file]);
    const r = await run(['export', file, '--format', 'issue']);
    expect(replay.code).toBe(2);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    // The same message after the command's name.
    expect(r.stderr.replace(/^cloneset-check export: /, '')).toBe(replay.stderr.replace(/^cloneset-check replay: /, ''));
    expect(r.stderr).toMatch(/^cloneset-check export: .*tampered\.json: step \d+: /);
  });

  it('refuses a trace without a violated property: there is nothing to report', async () => {
    const none = mutable(doc);
    none.property = null;
    const file = join(dir, 'no-property.json');
    writeFileSync(file, JSON.stringify(none));
    expect((await run(['replay', file])).code).toBe(0);
    const r = await run(['export', file, '--format', 'issue']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('$.property');
    expect(r.stderr).toContain('--format issue');
  });
});

describe('lifecycle-hook findings: the report names the proposed variant’s hook fixes', () => {
  const hooks: Scenario = { ...DEFAULT_SCENARIO, podUpdatePolicy: 'InPlaceIfPossible', lifecycleHooks: 'inPlaceUpdate' };
  const first = (scenario: Scenario, property: string): TraceDocument => {
    const r = explore(cloneSetModel(scenario), { properties: [property] });
    return fromViolation(scenario, r.violations![0]!);
  };
  const pointer = "With lifecycle hooks, cloneset-check's `proposed` variant also changes upstream's hook handling";

  it('an upstream trace with hooks and no unsound promotion (L2: a stranded PreparingUpdate pod) points to proposed', () => {
    const md = report(first({ ...hooks, controller: 'upstream' }, 'converges'));
    expect(md).toContain('cloneset-check proposes no rule for it');
    expect(md).toContain(`${pointer} (${VARIANTS.proposed.hookSummary!})`);
    expect(md).toContain('cloneset-check check --controller proposed');
  });

  it('not without hooks, nor for a promotion the rule addresses', () => {
    expect(report(first({ ...DEFAULT_SCENARIO, controller: 'upstream' }, 'availability-floor'))).not.toContain(pointer);
    expect(report(first({ ...hooks, controller: 'upstream' }, 'promotion-sound'))).not.toContain(pointer);
  });
});

describe('lifecycle hooks in the report: the CloneSet of step 1 and the bounds', () => {
  const both: Scenario = {
    ...DEFAULT_SCENARIO,
    controller: 'upstream',
    podUpdatePolicy: 'InPlaceIfPossible',
    lifecycleHooks: 'both',
    initialPartition: 0,
    budgets: { ...DEFAULT_SCENARIO.budgets, deletes: 1, scales: 1 },
  };
  const doc = fromViolation(both, explore(cloneSetModel(both), { properties: ['promotion-sound'] }).violations![0]!);
  const md = report(doc);
  /** The YAML of step 1, as a reader copies it out of the report. */
  const stepOneYaml = (): Record<string, any> => {
    const block = /```yaml\n([\s\S]*?)\n\s*```/.exec(md)![1]!;
    return parseYaml(block.replace(/^ {3}/gm, '')) as Record<string, any>;
  };

  it('is a trace that depends on its hooks (PreparingDelete, a hook released)', () => {
    const steps = [...doc.steps.map((s) => s.action?.kind), ...doc.steps.flatMap((s) => s.state.pods.map((p) => p.lifecycle))];
    expect(steps).toContain('releaseHook');
    expect(steps).toContain('PreparingDelete');
  });

  it('writes spec.lifecycle as kruise has it, with the hooks’ labels on the pod template', () => {
    const spec = stepOneYaml()['spec'];
    expect(spec.lifecycle).toEqual({
      preDelete: { labelsHandler: { 'example.com/pre-delete-hook': 'true' }, markPodNotReady: false },
      inPlaceUpdate: { labelsHandler: { 'example.com/in-place-update-hook': 'true' }, markPodNotReady: false },
    });
    expect(spec.template.metadata.labels).toEqual({ 'example.com/pre-delete-hook': 'true', 'example.com/in-place-update-hook': 'true' });
  });

  it('writes the same spec.lifecycle and scaleStrategy as the kubectl script, which --cloneset reads back as the same hooks', () => {
    const sc: Scenario = { ...both, scaleMaxUnavailable: 1 };
    const d = { ...doc, scenario: sc };
    const script = toKubectlScript(d);
    const manifest = /<<EOF\n([\s\S]*?)\nEOF/
      .exec(script)![1]!
      .replaceAll('$NAME', 'demo')
      .replaceAll('$NAMESPACE', 'ns')
      .replaceAll('$IMAGE_V1', 'nginx:1');
    const fromScript = parseYaml(manifest) as Record<string, any>;
    const block = /```yaml\n([\s\S]*?)\n\s*```/.exec(report(d))![1]!;
    const fromReport = parseYaml(block.replace(/^ {3}/gm, '')) as Record<string, any>;
    expect(fromReport['spec'].lifecycle).toEqual(fromScript['spec'].lifecycle);
    expect(fromReport['spec'].scaleStrategy).toEqual(fromScript['spec'].scaleStrategy);
    for (const [k, val] of Object.entries(fromReport['spec'].template.metadata.labels))
      expect(fromScript['spec'].template.metadata.labels[k]).toBe(val);
    const file = join(tempDir(), 'cloneset.yaml');
    writeFileSync(file, manifest);
    expect(loadManifest(file, SCENARIO_FIELDS).fields.lifecycleHooks).toBe('both');
  });

  it('writes excludePreparingDelete as v1alpha1 has it, a label on the CloneSet, which --cloneset reads back', () => {
    // v1alpha1's schema has no spec.scaleStrategy.excludePreparingDelete (v1beta1's field): kruise reads the label.
    const d = { ...doc, scenario: { ...both, excludePreparingDelete: true } };
    const manifest = /<<EOF\n([\s\S]*?)\nEOF/
      .exec(toKubectlScript(d))![1]!
      .replaceAll('$NAME', 'demo')
      .replaceAll('$NAMESPACE', 'ns')
      .replaceAll('$IMAGE_V1', 'nginx:1');
    const fromScript = parseYaml(manifest) as Record<string, any>;
    const label = { 'apps.kruise.io/cloneset-scaling-exclude-preparing-delete': 'true' };
    expect(fromScript['metadata'].labels).toEqual(label);
    expect(fromScript['spec'].scaleStrategy).toBeUndefined();
    const block = /```yaml\n([\s\S]*?)\n\s*```/.exec(report(d))![1]!;
    expect((parseYaml(block.replace(/^ {3}/gm, '')) as Record<string, any>)['metadata'].labels).toEqual(label);
    const file = join(tempDir(), 'cloneset.yaml');
    writeFileSync(file, manifest);
    expect(loadManifest(file, SCENARIO_FIELDS).fields.excludePreparingDelete).toBe(true);
    writeFileSync(file, manifest.replace(/^ {2}labels:\n.*\n/m, ''));
    expect(loadManifest(file, SCENARIO_FIELDS).fields.excludePreparingDelete).toBe(false);
  });

  it('has a lifecycle hooks row in the bounds table', () => {
    expect(md).toMatch(
      /^\| lifecycle hooks \| preDelete and inPlaceUpdate \(labelsHandler `example\.com\/pre-delete-hook`, `example\.com\/in-place-update-hook` on every pod, markPodNotReady false\), released by their owner at any time; PreparingUpdateAsUpdate gate off, excludePreparingDelete false \(the CloneSet label `apps\.kruise\.io\/cloneset-scaling-exclude-preparing-delete`\) \|$/m,
    );
    expect(report(issue1545Doc())).not.toContain('| lifecycle hooks |');
  });
});

describe('a trace from simulate: the report says random walks, and gives commands that take its bounds', () => {
  /** simulate's trace of pre-fix's promotion-sound in these bounds, and its issue report. */
  async function simulated(bounds: readonly string[]): Promise<{ file: string; md: string }> {
    const out = tempDir();
    const sim = await run(['simulate', '--controller', 'pre-fix', '--property', 'promotion-sound', ...bounds, '--out', out, '--quiet']);
    expect(sim.code).toBe(1);
    const file = join(out, 'pre-fix-promotion-sound.sim.json');
    const r = await run(['export', file, '--format', 'issue']);
    expect(r.code).toBe(0);
    return { file, md: r.stdout };
  }
  const commands = (md: string): string[][] =>
    [...md.matchAll(/^cloneset-check (check|simulate) .*$/gm)].map((m) => m[0].split(' ').slice(1));

  it('records in the trace file that simulate found it, which replay and export read back', async () => {
    const { file } = await simulated([]);
    const doc = parseTraceDocument(readFileSync(file, 'utf8'));
    expect(doc.ok && doc.doc.foundBy).toBe('simulate');
    expect(serializeTraceDocument(doc.ok ? doc.doc : issue1545Doc())).toBe(readFileSync(file, 'utf8'));
  });

  it('beyond check’s caps: random walks, a simulate command that simulate accepts, and no check command', async () => {
    const { md } = await simulated(['--max-replicas', '20', '--scales', '6']);
    expect(md).not.toContain('every interleaving within them is explored');
    expect(md).toContain('Bounds this trace was found in, by random walks (`cloneset-check simulate`');
    expect(md).toContain("These bounds are beyond `cloneset-check check`'s limits");
    const cmds = commands(md);
    expect(cmds).toEqual([
      ['simulate', '--controller', 'proposed', '--max-replicas', '20', '--scales', '6', '--property', 'promotion-sound'],
    ]);
    expect((await run([...cmds[0]!, '--runs', '5', '--quiet'])).code).not.toBe(2);
  });

  it('within check’s caps: the simulate command, and the check command, which check accepts', async () => {
    const { md } = await simulated(['--max-replicas', '5']);
    const cmds = commands(md);
    expect(cmds.map((c) => c[0])).toEqual(['simulate', 'check']);
    const check = await run([...cmds[1]!, '--quiet']);
    expect(check.stderr).toBe('');
    expect(check.code).not.toBe(2);
  });

  it('a check trace keeps its exhaustive wording and check command', () => {
    const md = report(issue1545Doc());
    expect(md).toContain('every interleaving within them is explored');
    expect(commands(md).map((c) => c[0])).toEqual(['check']);
  });
});

describe('the bounds table names the observation options that are on (an audit: it left them out)', () => {
  it('stale reads, a lagging pod cache, failing and timed-out writes', () => {
    const sc: Scenario = {
      ...DEFAULT_SCENARIO,
      controller: 'upstream',
      staleReads: 1,
      expectations: 'timeout',
      statusWriteFailures: 1,
      podWriteFailures: 1,
      podWriteTimeouts: true,
      maxReplicas: 2,
      budgets: { ...DEFAULT_SCENARIO.budgets, deletes: 0, scales: 1 },
    };
    const v = explore(cloneSetModel(sc), { properties: ['promotion-sound'] }).violations?.[0];
    expect(v).toBeDefined();
    const report = renderIssueReport(fromViolation(sc, v!), {
      toolVersion: 'test',
      scenarioFlags: [],
      checkAccepts: true,
      traceName: 't.json',
    });
    expect(report).toContain("| stale reads | the controller's CloneSet cache may lag the API server by up to 1 version(s) |");
    expect(report).toContain('| pod cache (expectations) | timeout: ');
    expect(report).toContain('| status write failures | up to 1 |');
    expect(report).toContain('| pod write failures | up to 1 (each may also time out after it landed) |');
    const plain = renderIssueReport(issue1545Doc(), { toolVersion: 'test', scenarioFlags: [], checkAccepts: true, traceName: 't.json' });
    expect(plain).not.toContain('| stale reads |');
  });
});
