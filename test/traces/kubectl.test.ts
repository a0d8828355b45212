/**
 * `export --format kubectl`: the generated bash passes `bash -n` (shellcheck: test/shell/), and, run against a
 * recording kubectl shim that plays the trace's states back (the controller moves one step per status
 * poll; each kubectl write moves past the next user or kubelet step), issues the trace's steps in order
 * and prints REPRODUCED; a shim whose final pods differ, or whose controller never moves, makes it print
 * NOT REPRODUCED and exit 1.
 */
import { REASON_TEXT } from '../../model/controller/progress.js';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { explore } from '../../checker/index.js';
import { actorOf, type Action } from '../../model/cloneset/actions.js';
import { cloneSetModel } from '../../model/cloneset/instance.js';
import { DEFAULT_SCENARIO } from '../../model/cloneset/scenario.js';
import { PROPERTY_NAMES, STATUS_FIELDS_JUDGED } from '../../model/cloneset/properties.js';
import type { CloneSetState } from '../../model/cloneset/state.js';
import { allSteps, fromViolation, serializeTraceDocument, type TraceDocument } from '../../traces/document.js';
import { toKubectlScript } from '../../traces/kubectl.js';
import { podsSummary } from '../../traces/notation.js';
import { replayTrace } from '../../traces/replay.js';
import { run as runCli } from '../cli/helpers.js';
import { issue1545Doc, mutable } from './fixtures.js';
import { kubectlTestDocs, rolloutAndScale, wholeIssue1545 } from './kubectl-docs.js';

const root = mkdtempSync(join(tmpdir(), 'kubectl-export-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let serial = 0;
const freshDir = (): string => {
  const d = join(root, String(serial++));
  mkdirSync(d);
  return d;
};

const NAME = 'demo';
const image = (rev: number): string => `registry.test/app:t${rev + 1}`;
const revisionName = (rev: number): string => `${NAME}-r${rev + 1}`;

/** The shim: answers from $SHIM_DIR/s.<cursor>.*, records every call, and moves the cursor. */
const SHIM = String.raw`#!/usr/bin/env bash
set -euo pipefail
d=$SHIM_DIR
printf '%s\n' "$*" >>"$d/calls"
[[ $1 == --namespace && $2 == "$EXPECT_NAMESPACE" ]] || { echo "shim: no --namespace $EXPECT_NAMESPACE: $*" >&2; exit 3; }
shift 2
cursor=-1
[[ -e $d/cursor ]] && cursor=$(<"$d/cursor")
last=$(<"$d/last")
past_driven() {
  local i
  for ((i = cursor + 1; i <= last; i++)); do
    if [[ -e $d/s.$i.driven ]]; then cursor=$i; echo "$cursor" >"$d/cursor"; return; fi
  done
  echo "shim: no user or kubelet step left after state $cursor for: $*" >&2
  exit 3
}
# A call the test makes fail: once $FAIL_FROM calls were made, any call containing $FAIL_ON.
fail_on=$(printenv FAIL_ON || true)
if [[ -n $fail_on && " $* " == *"$fail_on"* ]] && (($(wc -l <"$d/calls") > $(printenv FAIL_FROM || echo 0))); then
  echo 'Error from server (InternalError): an error on the server ("") has prevented the request from succeeding' >&2
  exit 1
fi
case $1 in
  create)
    cat >"$d/manifest.yaml"
    echo 0 >"$d/cursor"
    ;;
  get)
    if ((cursor < 0)); then
      if [[ $* == *--ignore-not-found* ]]; then exit 0; fi
      echo "Error from server (NotFound)" >&2
      exit 1
    fi
    case $2 in
      controllerrevisions) cat "$d/s.$cursor.revs" ;;
      pods) cat "$d/s.$cursor.pods" ;;
      pod) printf True ;;
      cloneset)
        if [[ $* != *jsonpath* ]]; then echo "cloneset/$3"; exit 0; fi
        if [[ $* == *conditions* ]]; then cat "$d/s.$cursor.cond"; else cat "$d/s.$cursor.cs"; fi
        # The controller takes one step per status poll, up to the next user or kubelet step.
        if [[ ! -e $d/freeze ]] && ((cursor < last)) && [[ ! -e $d/s.$((cursor + 1)).driven ]]; then echo $((cursor + 1)) >"$d/cursor"; fi
        ;;
      *) echo "shim: unexpected get $2" >&2; exit 3 ;;
    esac
    ;;
  patch)
    ops=$(grep -o '"op"' <<<"$*" | wc -l)
    for ((k = 0; k < ops; k++)); do past_driven "$@"; done
    ;;
  scale | delete | exec) past_driven "$@" ;;
  *) echo "shim: unexpected kubectl $1" >&2; exit 3 ;;
esac
`;

interface ShimState {
  readonly state: CloneSetState;
  /** Reached by a script command (a user or kubelet step), not by the controller. */
  readonly driven: boolean;
}

/**
 * The states the shim plays: the initial pods as they start (not ready, made ready one by one by the
 * script), then every step of the trace.
 */
function shimStates(doc: TraceDocument): readonly ShimState[] {
  const steps = allSteps(doc);
  const init = steps[0]!.state;
  const ready = init.pods.filter((p) => p.ready).length;
  const boot = Array.from({ length: ready }, (_, k): ShimState => {
    let left = k;
    const pods = init.pods.map((p) => (p.ready && left-- > 0 ? p : { ...p, ready: false }));
    return { state: { ...init, pods }, driven: k > 0 };
  });
  return [
    ...boot,
    // A pod's window ends, and a deadline passes, on the cluster's own clock, as the controller's steps come:
    // no command drives them.
    ...steps.map(
      (st, i): ShimState => ({
        state: st.state,
        driven:
          i === 0
            ? ready > 0
            : actorOf(st.action!) !== 'controller' && st.action!.kind !== 'podAvailable' && st.action!.kind !== 'deadlinePasses',
      }),
    ),
  ];
}

interface ShimOptions {
  /** The final pods never appear. */
  readonly breakFinal?: boolean;
  /** The final status is the one before the last step, as a fixed controller leaves it (same pods). */
  readonly fixedStatus?: boolean;
  /** No Progressing condition is ProgressDeadlineExceeded: CloneSetUpdated instead, as proposed leaves it (same pods and counts). */
  readonly fixedCondition?: boolean;
}

function writeShim(dir: string, doc: TraceDocument, opts: ShimOptions = {}): void {
  const states = shimStates(doc);
  const written = (s: CloneSetState): CloneSetState['status'] => s.pending ?? s.status;
  states.forEach((sh, i) => {
    const s = sh.state;
    const pods = s.pods.map(
      (p, k) => `p${k}-v${p.rev + 1}|${revisionName(p.rev)}||${p.ready ? 'True' : 'False'}|${p.lifecycle}|${p.marked ? 'true' : ''}\n`,
    );
    const final = i === states.length - 1;
    writeFileSync(join(dir, `s.${i}.pods`), opts.breakFinal === true && final ? '' : pods.join(''));
    writeFileSync(join(dir, `s.${i}.revs`), s.history.map((r) => `${revisionName(r)} ${image(r)}\n`).join(''));
    // A status the trace computed and has yet to write: a cluster's controller writes it in the same reconcile.
    const st = opts.fixedStatus === true && final ? written(states[i - 1]!.state) : written(s);
    writeFileSync(
      join(dir, `s.${i}.cs`),
      [
        revisionName(st.currentRevision),
        revisionName(st.updateRevision),
        st.replicas,
        st.readyReplicas,
        st.updatedReplicas,
        st.updatedReadyReplicas,
      ].join('|'),
    );
    // The Progressing condition's reason, as wait_condition reads it (empty without one).
    const reason = opts.fixedCondition === true && st.progressing?.reason === 'DeadlineExceeded' ? 'Updated' : st.progressing?.reason;
    writeFileSync(join(dir, `s.${i}.cond`), reason === undefined ? '' : REASON_TEXT[reason]);
    if (sh.driven) writeFileSync(join(dir, `s.${i}.driven`), '');
  });
  writeFileSync(join(dir, 'last'), String(states.length - 1));
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin', 'kubectl'), SHIM);
  chmodSync(join(dir, 'bin', 'kubectl'), 0o755);
  // The shim's clock does not need to pass: a deadline (PROGRESS_DEADLINE_SECONDS, above TIMEOUT as the script
  // asks) is waited for in no time.
  writeFileSync(join(dir, 'bin', 'sleep'), '#!/usr/bin/env bash\nprintf "sleep %s\\n" "$*" >>"$SHIM_DIR/sleeps"\n');
  chmodSync(join(dir, 'bin', 'sleep'), 0o755);
}

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly calls: readonly string[];
  readonly dir: string;
}

function runAgainstShim(
  doc: TraceDocument,
  opts: ShimOptions & {
    freeze?: boolean;
    failExec?: boolean;
    timeout?: number;
    failOn?: string;
    failFrom?: number;
    /** Environment over the test's own (a user's choice of a variable the script reads). */
    env?: Readonly<Record<string, string>>;
  } = {},
): Run {
  const dir = freshDir();
  writeShim(dir, doc, opts);
  if (opts.failExec === true) {
    // exec fails, as it does while a pod's container is still being created (image pull).
    const shim = join(dir, 'bin', 'kubectl');
    const body = readFileSync(shim, 'utf8').replace(/^#!.*\n/, '');
    writeFileSync(
      shim,
      `#!/usr/bin/env bash\nfor a in "$@"; do [[ $a == exec ]] && { echo 'error: container not found' >&2; exit 1; }; done\n${body}`,
    );
  }
  // A frozen shim's controller never takes a step.
  if (opts.freeze === true) writeFileSync(join(dir, 'freeze'), '');
  const script = join(dir, 'repro.sh');
  writeFileSync(script, toKubectlScript(doc));
  const images = Object.fromEntries(Array.from({ length: doc.scenario.templates }, (_, r) => [`IMAGE_V${r + 1}`, image(r)]));
  const r = spawnSync('bash', [script], {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`,
      SHIM_DIR: dir,
      EXPECT_NAMESPACE: 'ns-test',
      NAMESPACE: 'ns-test',
      NAME,
      TIMEOUT: String(opts.timeout ?? 20),
      POLL: '0',
      MIN_READY_SECONDS: '0',
      PROGRESS_DEADLINE_SECONDS: String((opts.timeout ?? 20) + 1),
      FAIL_ON: opts.failOn ?? '',
      FAIL_FROM: String(opts.failFrom ?? 0),
      ...images,
      ...opts.env,
    },
  });
  const callsFile = join(dir, 'calls');
  const calls = existsSync(callsFile) ? readFileSync(callsFile, 'utf8').trimEnd().split('\n') : [];
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls, dir };
}

const isSpecEdit = (a: Action): boolean =>
  a.kind === 'rollout' || a.kind === 'scale' || a.kind === 'setPartition' || a.kind === 'setPaused';

/**
 * The verb of each write the script should make: the initial readiness, then the trace's user and kubelet
 * steps in order, where the spec edits of a run with no controller step between them go in one patch after
 * the run's pod steps (a lone scale is `kubectl scale`).
 */
function expectedWrites(doc: TraceDocument): readonly string[] {
  const steps = allSteps(doc);
  const out = ['create', ...steps[0]!.state.pods.filter((p) => p.ready).map(() => 'exec')];
  const runs: Action[][] = [[]];
  for (const st of steps.slice(1)) {
    if (actorOf(st.action!) === 'controller') runs.push([]);
    else runs[runs.length - 1]!.push(st.action!);
  }
  for (const run of runs) {
    const edits = run.filter(isSpecEdit);
    for (const a of run) {
      // A pod's window ends, or a deadline passes, with no write: the script only waits.
      if (a.kind === 'podAvailable' || a.kind === 'deadlinePasses') continue;
      if (!isSpecEdit(a)) out.push(a.kind === 'deletePod' ? 'delete' : 'exec');
    }
    // The run's spec edits in one write, after its pod steps.
    if (edits.length > 0) out.push(edits.length === 1 && edits[0]!.kind === 'scale' ? 'scale' : `patch×${edits.length}`);
  }
  return out;
}

/** The writes the script made, in the same form. */
function writes(calls: readonly string[]): readonly string[] {
  return calls.flatMap((c) => {
    const verb = c.split(' ')[2];
    if (verb === 'patch') return [`patch×${(c.match(/"op"/g) ?? []).length}`];
    return verb === 'create' || verb === 'exec' || verb === 'delete' || verb === 'scale' ? [verb] : [];
  });
}

function checkSyntax(doc: TraceDocument): void {
  const file = join(freshDir(), 'repro.sh');
  writeFileSync(file, toKubectlScript(doc));
  const n = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
  expect(n.stderr).toBe('');
  expect(n.status).toBe(0);
}

/** The ERROR lines a run printed on stderr (the shim's own error messages aside). */
const errorLines = (r: Run): readonly string[] => r.stderr.split('\n').filter((l) => l.startsWith('ERROR'));

/** The index of the last call before `before` that contains `what` (-1: none). */
function lastIndexOf(calls: readonly string[], what: string, before: number): number {
  for (let i = before - 1; i >= 0; i--) if (calls[i]!.includes(what)) return i;
  return -1;
}

function checkReproduces(doc: TraceDocument): void {
  const r = runAgainstShim(doc);
  expect(r.stderr).toBe('');
  expect(r.stdout).not.toContain('NOT REPRODUCED');
  // The verdict is the last line, with what was compared: for a property about the status, the fields it judges.
  const verdict = r.stdout.trimEnd().split('\n').at(-1) ?? '';
  expect(verdict).toMatch(
    doc.property?.name === 'promotion-sound'
      ? /^REPRODUCED: pods [^;]*; status current=v\d+ update=v\d+$/
      : doc.property?.name === 'deadline-from-progress'
        ? /^REPRODUCED: Progressing ProgressDeadlineExceeded$/
        : /^REPRODUCED: pods [^;]*; status current=/,
  );
  expect(r.status).toBe(0);
  expect(writes(r.calls)).toEqual(expectedWrites(doc));
  // The controller's steps were played past the last user or kubelet step, to the trace's final pods.
  const states = shimStates(doc);
  const cursor = Number(readFileSync(join(r.dir, 'cursor'), 'utf8'));
  expect(cursor).toBeGreaterThanOrEqual(states.map((s) => s.driven).lastIndexOf(true));
  expect(podsSummary(states[cursor]!.state.pods)).toBe(podsSummary(states[states.length - 1]!.state.pods));
  const polls = r.calls.filter((c) => c.includes(' get cloneset ') && c.includes('jsonpath')).length;
  const controllerSteps = allSteps(doc).filter((s) => s.action !== null && actorOf(s.action) === 'controller').length;
  // One controller step per poll: reaching the final state took a poll per controller step at least.
  expect(polls).toBeGreaterThanOrEqual(controllerSteps);
}

describe('export --format kubectl', () => {
  const { fixtures, explored } = kubectlTestDocs();

  it('has explorer counterexamples to test with, each accepted by replay', () => {
    expect(explored.length).toBeGreaterThanOrEqual(3);
    for (const [, d] of [...fixtures, ...explored]) expect(replayTrace(d).ok).toBe(true);
  });

  it.each([...fixtures, ...explored])('%s: bash -n passes (shellcheck: test/shell/, npm run test:shell)', (_name, doc) => checkSyntax(doc));

  it.each([...fixtures, ...explored])('%s: against the shim, the steps go in order and it prints REPRODUCED', (_name, doc) =>
    checkReproduces(doc),
  );

  it('states the race where two user steps land with no reconcile between them', () => {
    const script = toKubectlScript(wholeIssue1545());
    expect(script).toMatch(/^# steps \d+–\d+ land with no reconcile between them in the trace: delete\(v2 ready\), scale\(4\)\.$/m);
    expect(script).toMatch(/^# Race: /m);
    expect(script).toMatch(
      /^delete_pod 2 True Normal ''\n# step \d+: scale\(4\) \(user\)\necho "\+ scale 4"\nk scale cloneset "\$NAME" --replicas=4$/m,
    );
  });

  it("takes a burst's pod steps before its spec patch (npm start's upstream promotion-sound trace: rollout, delete, delete, scale(0))", () => {
    // Patched first, replicas 0 would have the controller delete both pods before the script's deletes find them.
    const scenario = { ...DEFAULT_SCENARIO, controller: 'upstream' as const };
    const r = explore(cloneSetModel(scenario), { properties: ['promotion-sound'] });
    const doc = fromViolation(scenario, r.violations![0]!);
    const labels = allSteps(doc).map((st) => st.label);
    expect(labels.slice(1, 5)).toEqual(['rollout(v2)', 'delete(v1 ready)', 'delete(v1 ready)', 'scale(0)']);
    const script = toKubectlScript(doc);
    const patch = script.indexOf('spec_patch "$(op_image 2)" "$(op_replicas 0)"');
    expect(patch).toBeGreaterThan(0);
    expect(script.lastIndexOf('\ndelete_pod ', patch)).toBeGreaterThan(
      script.indexOf('# step 1: rollout(v2) (user)\n# (in the patch below)'),
    );
    expect(script.indexOf('\ndelete_pod ', patch)).toBe(-1);
    expect(script).toMatch(/^# The pod steps go first and the patch after them: /m);
    const r2 = runAgainstShim(doc);
    expect(writes(r2.calls)).toEqual(expectedWrites(doc));
  });

  it('puts spec edits with no reconcile between them in one patch', () => {
    const script = toKubectlScript(rolloutAndScale());
    expect(script).toContain(
      '# step 1: rollout(v2) (user)\n# (in the patch below)\n# step 2: scale(4) (user)\nspec_patch "$(op_image 2)" "$(op_replicas 4)"\n',
    );
  });

  it('patches through the version it wrote (a cluster serving v1beta1 too would otherwise take v1beta1, with other paths)', () => {
    const script = toKubectlScript(rolloutAndScale());
    expect(script).toContain('apiVersion: apps.kruise.io/v1alpha1');
    expect(script).toContain('  k patch clonesets.v1alpha1.apps.kruise.io "$NAME" --type json -p "[$*]"');
    expect(script).not.toContain('k patch cloneset "$NAME"');
  });

  it('is byte-identical for the same trace', () => {
    expect(toKubectlScript(issue1545Doc())).toBe(toKubectlScript(issue1545Doc()));
  });

  it('starts from the CloneSet of the initial state', () => {
    const doc = issue1545Doc();
    const r = runAgainstShim(doc);
    const m = parseYaml(readFileSync(join(r.dir, 'manifest.yaml'), 'utf8')) as Record<string, any>;
    expect(m.apiVersion).toBe('apps.kruise.io/v1alpha1');
    expect(m.kind).toBe('CloneSet');
    expect(m.metadata).toEqual({ name: NAME, namespace: 'ns-test' });
    expect(m.spec.replicas).toBe(doc.scenario.initialReplicas);
    expect(m.spec.updateStrategy).toMatchObject({
      type: doc.scenario.podUpdatePolicy,
      partition: doc.scenario.initialPartition,
      maxSurge: doc.scenario.maxSurge,
      maxUnavailable: doc.scenario.maxUnavailable,
    });
    expect(m.spec.template.spec.containers[0].image).toBe(image(0));
    expect(m.spec.selector.matchLabels).toEqual(m.spec.template.metadata.labels);
  });

  it('prints NOT REPRODUCED and exits 1 when the final pods never appear', () => {
    const r = runAgainstShim(issue1545Doc(), { breakFinal: true, timeout: 1 });
    expect(r.stdout).toMatch(/^NOT REPRODUCED: /m);
    expect(r.stdout).not.toMatch(/^REPRODUCED/m);
    expect(r.status).toBe(1);
  });

  it('prints NOT REPRODUCED and exits 1 when the controller never moves', () => {
    const r = runAgainstShim(issue1545Doc(), { freeze: true, timeout: 1 });
    expect(r.stdout).toMatch(/^NOT REPRODUCED: before step \d+ \(.*\): the cluster did not reach 'pods /m);
    expect(writes(r.calls)).toEqual(['create', 'exec', 'exec', 'patch×1']);
    expect(r.status).toBe(1);
  });

  describe('a trace whose reconcile needs a lagging CloneSet cache (staleReads 1)', () => {
    // scale(0) and rollout(v2) land together; the reconcile reads the version with replicas 0 and template v1.
    const scenario = {
      ...DEFAULT_SCENARIO,
      controller: 'upstream' as const,
      staleReads: 1,
      budgets: { ...DEFAULT_SCENARIO.budgets, deletes: 0, scales: 1 },
    };
    const r = explore(cloneSetModel(scenario), { properties: ['promotion-sound'] });
    const doc = fromViolation(scenario, r.violations![0]!);
    const script = toKubectlScript(doc);
    const first = Number(/^STALE_STEP=(\d+)$/m.exec(script)?.[1]);

    it('names the step, and marks the waits past it', () => {
      expect(first).toBeGreaterThan(0);
      expect(script).toMatch(
        new RegExp(`^# The model's controller reads the CloneSet from a cache up to 1 version\\(s\\) behind .*Steps? ${first}[ ,]`, 'm'),
      );
      expect(allSteps(doc)[first]!.action?.kind).toBe('reconcile');
      checkSyntax(doc);
    });

    it("still reproduces where the cluster reaches the trace's states", () => {
      checkReproduces(doc);
    });

    it('is no verdict (exit 3), not NOT REPRODUCED, where the cluster does not reach a state past that step', () => {
      const run = runAgainstShim(doc, { freeze: true, timeout: 1 });
      expect(run.stdout).not.toContain('NOT REPRODUCED');
      expect(errorLines(run)).toEqual([
        expect.stringMatching(
          new RegExp(`; step ${first}'s reconcile needs a lagging cache, which a cluster cannot be made to have: no verdict$`),
        ),
      ]);
      expect(run.status).toBe(3);
    });
  });

  it('refuses to touch a CloneSet that already exists (exit 2, nothing written)', () => {
    const doc = issue1545Doc();
    const dir = freshDir();
    writeShim(dir, doc);
    writeFileSync(join(dir, 'cursor'), '0');
    const script = join(dir, 'repro.sh');
    writeFileSync(script, toKubectlScript(doc));
    const r = spawnSync('bash', [script], {
      encoding: 'utf8',
      env: { PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`, SHIM_DIR: dir, EXPECT_NAMESPACE: 'default', NAME },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`cloneset ${NAME} already exists`);
    expect(writes(readFileSync(join(dir, 'calls'), 'utf8').trimEnd().split('\n'))).toEqual([]);
  });

  it('a failing kubectl (no OpenKruise, no access) is an error, exit 3, never NOT REPRODUCED', () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'bin'));
    // Every call fails, as against a cluster without the CloneSet CRD.
    writeFileSync(
      join(dir, 'bin', 'kubectl'),
      '#!/usr/bin/env bash\necho "error: the server doesn\'t have a resource type \\"cloneset\\"" >&2\nexit 1\n',
    );
    chmodSync(join(dir, 'bin', 'kubectl'), 0o755);
    const script = join(dir, 'repro.sh');
    writeFileSync(script, toKubectlScript(issue1545Doc()));
    const r = spawnSync('bash', [script], { encoding: 'utf8', env: { PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}` } });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^ERROR: kubectl get cloneset failed \(exit 1\): no verdict$/m);
    expect(r.stdout).not.toContain('REPRODUCED');
  });

  it('a failing existence check (say a timeout, not NotFound) is an error: exit 3, nothing created', () => {
    const r = runAgainstShim(issue1545Doc(), { failOn: ' get cloneset ', failFrom: 0 });
    expect(r.status).toBe(3);
    expect(errorLines(r)).toEqual(['ERROR: kubectl get cloneset failed (exit 1): no verdict']);
    expect(writes(r.calls)).toEqual([]);
  });

  /**
   * kubectl calls that fail from a point of the run where bash used to ignore the failure (a here-string, an
   * `if`/`||` test, an argument of echo): the index of the first failing call in a run where none fails.
   */
  const midRun: readonly [string, string, (calls: readonly string[]) => number][] = [
    ['the status read of the final check', 'jsonpath={.status', (c) => lastIndexOf(c, 'jsonpath={.status', c.length)],
    ['the pod list of the final check', ' get pods ', (c) => lastIndexOf(c, ' get pods ', c.length)],
    ['the status read before the first step', 'jsonpath={.status', (c) => c.findIndex((x) => x.includes('jsonpath={.status'))],
    [
      'the revisions read while a pod to delete is picked',
      ' get controllerrevisions ',
      (c) =>
        lastIndexOf(
          c,
          ' get controllerrevisions ',
          c.findIndex((x) => x.includes(' delete pod ')),
        ),
    ],
    ['the readiness read of a pod made ready', ' get pod ', (c) => c.findIndex((x) => x.includes(' get pod '))],
  ];
  let okCalls: readonly string[] | undefined;
  it.each(midRun)('a kubectl failing in %s ends the script: exit 3, one ERROR line, no verdict', (_name, what, from) => {
    const doc = issue1545Doc();
    okCalls ??= runAgainstShim(doc).calls;
    const failFrom = from(okCalls);
    expect(failFrom).toBeGreaterThan(0);
    const r = runAgainstShim(doc, { failOn: what, failFrom });
    expect(r.status).toBe(3);
    expect(errorLines(r)).toHaveLength(1);
    expect(errorLines(r)[0]).toMatch(/^ERROR: kubectl get \S+ failed \(exit 1\): no verdict$/);
    expect(r.stdout).not.toMatch(/^(NOT )?REPRODUCED/m);
  });

  const statusDocs = [...fixtures, ...explored].filter(([, d]) => d.property?.name === 'promotion-sound');

  it('has traces of a property about the status (promotion-sound) to test the final check with', () => {
    expect(statusDocs.length).toBeGreaterThanOrEqual(2);
  });

  it('for a property about the status, a controller that leaves the same pods but does not promote is NOT REPRODUCED', () => {
    const shortest = [...statusDocs].sort(([, a], [, b]) => a.steps.length - b.steps.length)[0]![1];
    const r = runAgainstShim(shortest, { fixedStatus: true, timeout: 1 });
    expect(r.stdout).toMatch(/^NOT REPRODUCED: the final state: the cluster did not reach 'pods [^']*; status current=v\d+ update=v\d+'/m);
    expect(r.stdout).not.toMatch(/^REPRODUCED/m);
    expect(r.status).toBe(1);
  });

  it('for deadline-from-progress, a controller that leaves the same pods and status but another condition is NOT REPRODUCED', () => {
    const doc = [...fixtures, ...explored].find(([, d]) => d.property?.name === 'deadline-from-progress')![1];
    const script = toKubectlScript(doc);
    expect(script).toContain('  progressDeadlineSeconds: $PROGRESS_DEADLINE_SECONDS');
    expect(script).toMatch(/^wait_deadline$/m);
    // The deadline runs from the condition the trace has before it; the final check reads the condition only.
    expect(script).toMatch(/^wait_condition CloneSetAvailable\nwait_deadline$/m);
    expect(script).toMatch(/^wait_condition ProgressDeadlineExceeded final$/m);
    expect(script).not.toMatch(/^wait_state 'the final state'/m);
    expect(script).toMatch(
      /^# Exit 0 and REPRODUCED \(the last line\) when the CloneSet's Progressing condition, which the property judges, is as in the trace;$/m,
    );
    const r = runAgainstShim(doc, { fixedCondition: true, timeout: 1 });
    expect(r.stdout).toMatch(
      /^NOT REPRODUCED: the Progressing condition did not become ProgressDeadlineExceeded within 1 seconds \(last seen: CloneSetUpdated\)/m,
    );
    expect(r.stdout).not.toMatch(/^REPRODUCED/m);
    expect(r.status).toBe(1);
  });

  it('refuses a deadline no longer than TIMEOUT: no verdict (a fixed controller could report it within a wait)', () => {
    const doc = [...fixtures, ...explored].find(([, d]) => d.property?.name === 'deadline-from-progress')![1];
    const r = runAgainstShim(doc, { env: { PROGRESS_DEADLINE_SECONDS: '20' } });
    expect(r.stderr).toMatch(/^ERROR: PROGRESS_DEADLINE_SECONDS \(20\) must be above TIMEOUT \(20\)/m);
    expect(r.stdout).not.toMatch(/REPRODUCED/);
    expect(r.status).toBe(3);
  });

  it('observes every status field a property judges', () => {
    const doc = issue1545Doc();
    for (const name of PROPERTY_NAMES) {
      const script = toKubectlScript({ ...doc, property: { name, kind: 'step', message: 'm' } });
      // The Progressing condition is checked by wait_condition, not by observe.
      const fields = STATUS_FIELDS_JUDGED[name].filter((f) => f !== 'progressing');
      const last = script.split('\n').find((l) => l.startsWith("wait_state 'the final state'"));
      expect(last, name).toMatch(fields.length === 0 ? / counts$/ : / counts '[a-zA-Z ]+'$/);
    }
  });

  it('a container that never runs cannot be made ready: NOT REPRODUCED after TIMEOUT, not a crash', () => {
    const r = runAgainstShim(issue1545Doc(), { failExec: true, timeout: 1 });
    expect(r.stdout).toMatch(/NOT REPRODUCED: pod \S+: its container did not run within 1s/);
    expect(r.status).toBe(1);
  });

  it('is what `export --format kubectl` writes, for a trace replay accepts', async () => {
    const dir = freshDir();
    const trace = join(dir, 'trace.json');
    writeFileSync(trace, serializeTraceDocument(issue1545Doc()));
    const r = await runCli(['export', trace, '--format', 'kubectl']);
    expect(r).toEqual({ code: 0, stdout: toKubectlScript(issue1545Doc()), stderr: '' });
  });

  it('is refused, like every export, for a trace replay rejects', async () => {
    const dir = freshDir();
    const trace = join(dir, 'edited.json');
    const edited = mutable(issue1545Doc());
    edited.steps[1].state.spec.replicas = 3;
    writeFileSync(trace, `${JSON.stringify(edited, null, 2)}\n`);
    const out = join(dir, 'repro.sh');
    const r = await runCli(['export', trace, '--format', 'kubectl', '--output', out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('step 1');
    expect(existsSync(out)).toBe(false);
  });
});
