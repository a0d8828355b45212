/**
 * A trace as a Markdown bug report for upstream (openkruise/kruise): title, the controller variant and the
 * upstream code it models, steps to reproduce in user terms, expected vs actual with the numbers, the rule
 * at fault with its upstream file and function, and the proposed rule with the bounds it can be checked in.
 *
 * Maintainers read this without knowing the model, so everything is in CloneSet and kubectl terms, and every
 * number is computed from the trace's own states (never copied from docs/findings.md, whose tables are prose:
 * the report points there instead). Pure and deterministic: same document and options, same bytes.
 */
import { ranksConditions } from '../model/cloneset/condition-order.js';
import { REASON_TEXT } from '../model/controller/progress.js';
import { match } from 'ts-pattern';
import {
  hasAvailabilityWindow,
  hasPauseChanges,
  hasStrategyEdits,
  observeOptions,
  pausesOf,
  strategiesOf,
  type Scenario,
} from '../model/cloneset/scenario.js';
import { actorOf, type Action } from '../model/cloneset/actions.js';
import { failedWriteOf } from '../model/cloneset/reconcile.js';
import { keptPodCount, PROPERTY_NAMES, type PropertyName } from '../model/cloneset/properties.js';
import { believedPods } from '../model/cloneset/pod-cache.js';
import { cachedObject, describePodEntry, revName, unmarkedAt, type CloneSetState, type Pod } from '../model/cloneset/state.js';
import {
  expectedUpdated,
  parametersOf,
  partitionOf,
  partitionReplicas,
  strategyOf,
  surgeAllowance,
  viewOf,
  type ScenarioView,
} from '../model/cloneset/view.js';
import { VARIANTS, type ControllerVariant } from '../model/controller/promotion.js';
import type { PromotionInput } from '../model/controller/status.js';
import type { IntOrString } from '../model/controller/types.js';
import {
  apiVersionOf,
  cloneSetLabelLines,
  EXCLUDE_PREPARING_DELETE_LABEL,
  hookLabelLines,
  hookLabels,
  isV1beta1,
  lifecycleLines,
  scaleStrategyLines,
  updateStrategyLines,
} from './cloneset-spec.js';
import { deleteLimitsAt, type DeleteLimits } from './delete-limit.js';
import { allSteps, type FoundBy, type TraceDocument, type TraceStepDoc } from './document.js';

export interface IssueReportOptions {
  /** cloneset-check's version, named as the model the report comes from. */
  readonly toolVersion: string;
  /** The trace file's name as the reader will get it (a base name: local directories mean nothing upstream). */
  readonly traceName: string;
  /** Scenario flags of `cloneset-check check` (and `simulate`) that reproduce the trace's bounds, without --controller. */
  readonly scenarioFlags: readonly string[];
  /** Whether `check` takes those bounds (its caps are below simulate's): only then is a check command given. */
  readonly checkAccepts: boolean;
  /** The `--format kubectl` script of the same trace, attached under the steps (collapsed), if given. */
  readonly kubectlScript?: string | undefined;
}

// The promotion condition of each variant, in calculateStatus' terms (docs/findings.md states the same).
// A record over the variants: a new variant without its condition does not compile.
const RULE_TEXT: Readonly<Record<ControllerVariant, string>> = {
  'pre-fix': 'updatedReplicas == replicas',
  upstream: 'updatedReplicas == replicas && replicas == spec.replicas',
  proposed:
    'updatedReplicas == replicas && replicas == spec.replicas && spec.replicas > 0 && CalculatePartitionReplicas(partition, spec.replicas) == 0',
};

// What the repository knows of the upstream code each variant stands for (model/controller/promotion.ts and
// test/conformance/README.md, whose vectors come from upstream's unit tests at HEAD 07169cfac).
const UPSTREAM_BASE: Readonly<Record<ControllerVariant, (version: string) => string>> = {
  'pre-fix': (version) =>
    `openkruise/kruise before the #1545 fix (as at 912de49a6; fixed by 1f7b69165, PR #1549), as modelled by cloneset-check ${version}`,
  upstream: (version) =>
    `upstream HEAD as modelled by cloneset-check ${version} (the #1545 fix, PR #1549, included; the modelled controller functions are checked against upstream's unit tests at 07169cfac)`,
  proposed: (version) =>
    `not an upstream version: cloneset-check's candidate fix of the promotion rule, on upstream HEAD as modelled by cloneset-check ${version}`,
};

interface UpstreamCode {
  readonly file: string;
  readonly func: string;
}

const STATUS_GO: UpstreamCode = { file: 'pkg/controller/cloneset/cloneset_status.go', func: 'calculateStatus' };
const SCALE_GO: UpstreamCode = { file: 'pkg/controller/cloneset/sync/cloneset_scale.go', func: 'Scale' };
const UPDATE_GO: UpstreamCode = { file: 'pkg/controller/cloneset/sync/cloneset_update.go', func: 'Update' };
const LIMIT_GO: UpstreamCode = { file: 'pkg/controller/cloneset/sync/cloneset_update.go', func: 'limitUpdateIndexes' };
const DIFFS_GO: UpstreamCode = { file: 'pkg/controller/cloneset/sync/cloneset_sync_utils.go', func: 'calculateDiffsWithExpectation' };
const REVISIONS_GO: UpstreamCode = { file: 'pkg/controller/cloneset/cloneset_controller.go', func: 'getActiveRevisions' };
const SYNC_GO: UpstreamCode = { file: 'pkg/controller/cloneset/cloneset_controller.go', func: 'syncCloneSet' };
const PROGRESS_GO: UpstreamCode = { file: 'pkg/controller/cloneset/cloneset_status.go', func: 'calculateProgressingStatus' };
const DEADLINE_GO: UpstreamCode = { file: 'pkg/controller/cloneset/utils/cloneset_utils.go', func: 'CloneSetDeadlineExceeded' };

const code = (c: UpstreamCode): string => `\`${c.func}\` (\`${c.file}\`)`;
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const partitionWords = (p: IntOrString): string => (typeof p === 'number' ? String(p) : p);

/** Pods in words, one group per kind: `2 at v1 (ready), 1 at v2 (not ready, PreparingNormal)`. */
export function podsInWords(pods: readonly Pod[]): string {
  if (pods.length === 0) return 'none';
  const groups = new Map<string, { rev: number; text: string; n: number }>();
  for (const p of pods) {
    const qualifiers = [
      p.ready ? (p.notYetAvailable === true ? 'ready, not yet available' : 'ready') : 'not ready',
      ...(p.lifecycle === 'Normal' ? [] : [p.lifecycle]),
      ...(p.marked ? ['marked for deletion'] : []),
    ].join(', ');
    const key = `${p.rev}|${qualifiers}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { rev: p.rev, text: `at ${revName(p.rev)} (${qualifiers})`, n: 1 });
    else g.n++;
  }
  return [...groups.values()]
    .sort((a, b) => a.rev - b.rev || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
    .map((g) => `${g.n} ${g.text}`)
    .join(', ');
}

function userActionText(v: ScenarioView, before: CloneSetState, a: Action): string {
  switch (a.kind) {
    case 'rollout': {
      const back = before.history.includes(a.template);
      return back
        ? `Roll the pod template back to ${revName(a.template)} (\`spec.template\` ${revName(before.spec.template)} → ${revName(a.template)}, a template used before).`
        : `Roll out a new pod template ${revName(a.template)} (e.g. a new image: \`spec.template\` ${revName(before.spec.template)} → ${revName(a.template)}).`;
    }
    case 'deletePod':
      return `Delete one pod ${podsInWords([a.pod]).replace(/^1 /, '')} with \`kubectl delete pod\`, chosen by its \`controller-revision-hash\` label ${revName(a.pod.rev)}.`;
    case 'scale':
      return `Scale the CloneSet: \`spec.replicas\` ${before.spec.replicas} → ${a.replicas}.`;
    case 'setPartition':
      return `Set \`spec.updateStrategy.partition\` ${partitionWords(partitionOf(v, before))} → ${partitionWords(a.value)}.`;
    case 'setPaused':
      return a.paused
        ? 'Pause the rollout: `spec.updateStrategy.paused` false → true (`kubectl-kruise rollout pause`).'
        : 'Resume the rollout: `spec.updateStrategy.paused` true → false (`kubectl-kruise rollout resume`).';
    case 'setStrategy': {
      const was = strategyOf(v, before)[a.field];
      return `Set \`spec.updateStrategy.${a.field}\` ${partitionWords(was)} → ${partitionWords(a.value)}.`;
    }
    case 'markPod':
      return `Mark one pod ${podsInWords([a.pod]).replace(/^1 /, '')} for deletion: label it \`apps.kruise.io/specified-delete=true\` (or list it in \`scaleStrategy.podsToDelete\`).`;
    case 'podReady':
    case 'podAvailable':
    case 'podUnready':
    case 'podFail':
    case 'inPlaceDone':
    case 'releaseHook':
    case 'restoreHook':
    case 'reconcile':
    case 'writeStatus':
    case 'cacheSync':
    case 'revisionCacheSync':
    case 'statusWriteFails':
    case 'podCacheSync':
    case 'expectationsExpire':
    case 'deadlinePasses':
      return '';
  }
}

function statusWords(st: CloneSetState['status']): string {
  return `currentRevision ${revName(st.currentRevision)}, updateRevision ${revName(st.updateRevision)}, replicas ${st.replicas}, updatedReplicas ${st.updatedReplicas}, readyReplicas ${st.readyReplicas}`;
}

/**
 * `computedAt`: the step whose reconcile computed the status a status write writes, when known; `last`: the
 * trace ends with this step (a status it computes is not written within the trace).
 */
function systemStepText(v: ScenarioView, before: CloneSetState, st: TraceStepDoc, computedAt: number | null, last = false): string {
  const after = st.state;
  const a = st.action;
  if (a === null) return '';
  const pods =
    podsInWords(before.pods) === podsInWords(after.pods) ? null : `pods: ${podsInWords(before.pods)} → ${podsInWords(after.pods)}`;
  switch (a.kind) {
    case 'podReady':
      return `the kubelet reports 1 pod ${podsInWords([a.pod]).replace(/^1 /, '')} ready`;
    case 'podAvailable':
      return `minReadySeconds pass for 1 pod ${podsInWords([a.pod]).replace(/^1 /, '')}: it is available`;
    case 'podUnready':
      return `the kubelet reports 1 pod ${podsInWords([a.pod]).replace(/^1 /, '')} not ready (a readiness probe fails)`;
    case 'podFail':
      return `1 pod ${podsInWords([a.pod]).replace(/^1 /, '')} fails (phase Failed): it leaves the controller's active pods`;
    case 'releaseHook':
      return `the hook's owner removes its label from 1 pod ${podsInWords([a.pod]).replace(/^1 /, '')}`;
    case 'restoreHook':
      return `the hook's owner puts its label back on 1 pod ${podsInWords([a.pod]).replace(/^1 /, '')}`;
    case 'inPlaceDone':
      return `the kubelet finishes the in-place update of 1 pod ${podsInWords([a.pod]).replace(/^1 /, '')}: its containers run the new image`;
    case 'writeStatus':
      return `the controller writes the status ${computedAt === null ? 'it computed' : `computed at step ${computedAt}`}: ${statusWords(after.status)}`;
    case 'cacheSync':
      return after.observed !== null && after.observed.lag.length > 0
        ? `the controller's CloneSet cache receives the next version (still ${after.observed.lag.length} behind)`
        : "the controller's CloneSet cache catches up with the API server";
    case 'revisionCacheSync':
      return "the controller's ControllerRevision cache receives the last revision write";
    case 'statusWriteFails':
      return 'the status write fails (the computed status is dropped; the reconcile will be retried)';
    case 'podCacheSync':
      return `the controller's pod cache receives a pod's change (${describePodEntry(a.entry)})`;
    case 'expectationsExpire':
      return "the controller's scale expectations time out and are deleted (ForceDeleteTimeoutExpectationGate): its next reconcile acts on a cache without its own writes";
    case 'deadlinePasses':
      return ranksConditions(v)
        ? "progressDeadlineSeconds pass since the oldest lastUpdateTime among the copies of the Progressing condition (the controller's cached versions, the status, the status computed) still to time out"
        : 'progressDeadlineSeconds pass since the lastUpdateTime of the Progressing condition';
    case 'reconcile': {
      const parts: string[] = [];
      const minted = after.history.filter((r) => !before.history.includes(r));
      if (minted.length > 0) parts.push(`creates ControllerRevision ${minted.map(revName).join(', ')}`);
      parts.push(pods ?? 'changes no pods');
      const computed = after.pending;
      if (v.scenario.statusWrite === 'separate' && computed !== null && before.pending === null)
        parts.push(
          `computes the status ${statusWords(computed)} (${last ? 'the trace ends before it is written' : 'written in a later step'})`,
        );
      else if (v.scenario.statusWrite === 'inline' && statusWords(before.status) !== statusWords(after.status))
        parts.push(`writes the status ${statusWords(after.status)}`);
      const failed = failedWriteOf(a.picks ?? '');
      if (failed === null) return `the controller reconciles: ${parts.join('; ')}`;
      return match(failed.cause)
        .with(
          'refused',
          () =>
            `the controller reconciles, and the API server refuses one of its pod writes (${failed.write}; podWriteFailures), which ends its pod writes (those before it landed): ${parts.join('; ')}`,
        )
        .with(
          'timedOut',
          () =>
            `the controller reconciles, and one of its pod writes times out (${failed.write}; podWriteTimeouts): the API server applied it, but the controller saw an error, so it awaits nothing of it (a creation's or deletion's scale expectation is rolled back; a patch's or in-place update's resourceVersion is expected only on success) and ends its pod writes (those before it landed too): ${parts.join('; ')}`,
        )
        .with(
          'timedOutUnlanded',
          () =>
            `the controller reconciles, and pod creations time out without landing (${failed.write}; podWriteTimeouts): no pod is created for them, and the controller takes them as created and keeps their scale expectations, which no pod event will meet (only their expiry); ${failed.refusedToo === undefined ? 'its other writes land' : `the API server refuses ${failed.refusedToo}, which ends its creations after that batch (the others landed)`}: ${parts.join('; ')}`,
        )
        .with(
          'deleted',
          () =>
            `the controller reconciles, and a write to a pod deleted already, which its cache still lists, fails (${failed.write}: NotFound, or a conflict with the deletion), which ends that loop of pod writes (those before it landed): ${parts.join('; ')}`,
        )
        .with(
          'changed',
          () =>
            `the controller reconciles, and a write to a pod that changed since its cache saw it conflicts (${failed.write}: the cached resourceVersion is stale), which ends that loop of pod writes (those before it landed): ${parts.join('; ')}`,
        )
        .exhaustive();
    }
    default:
      return '';
  }
}

interface Segment {
  /** The user step, or null for the system steps before the first user step. */
  readonly user: TraceStepDoc | null;
  readonly before: CloneSetState;
  readonly system: { readonly step: TraceStepDoc; readonly before: CloneSetState }[];
}

function segments(steps: readonly TraceStepDoc[]): Segment[] {
  const first = steps[0];
  if (first === undefined) return [];
  const out: Segment[] = [{ user: null, before: first.state, system: [] }];
  let prev = first.state;
  for (const st of steps.slice(1)) {
    if (st.action !== null && actorOf(st.action) === 'user') out.push({ user: st, before: prev, system: [] });
    else out[out.length - 1]!.system.push({ step: st, before: prev });
    prev = st.state;
  }
  return out;
}

/**
 * The CloneSet of step 1: the fields the trace depends on, the hooks' (spec.lifecycle and their labels on the
 * template) and spec.scaleStrategy written as the kubectl script writes them (traces/cloneset-spec.ts).
 */
function initialManifest(v: ScenarioView, s: CloneSetState): string[] {
  const sc = v.scenario;
  const labels = hookLabelLines(sc);
  const ownLabels = cloneSetLabelLines(sc);
  return [
    '```yaml',
    `apiVersion: ${apiVersionOf(sc)}`,
    'kind: CloneSet',
    ...(ownLabels.length === 0 ? [] : ['metadata:', ...ownLabels]),
    'spec:',
    `  replicas: ${s.spec.replicas}`,
    ...(hasAvailabilityWindow(sc) ? [`  minReadySeconds: ${sc.minReadySeconds}`] : []),
    // Any value: the model's deadline is the same for all (a long one leaves the steps before it time to land).
    ...(sc.progressDeadline === true ? ['  progressDeadlineSeconds: 600'] : []),
    ...(labels.length === 0 ? [] : ['  template:', '    metadata:', '      labels:', ...labels]),
    ...lifecycleLines(sc),
    ...scaleStrategyLines(sc),
    ...updateStrategyLines(sc, { partition: partitionOf(v, s), ...strategyOf(v, s) }),
    `  # template: ${revName(s.spec.template)} (any pod template; each later template differs from it in the image only)`,
    '```',
  ];
}

/** For each status-write step, the step whose reconcile computed the status it writes. */
function statusSources(steps: readonly TraceStepDoc[]): ReadonlyMap<number, number> {
  const out = new Map<number, number>();
  let from: number | null = null;
  for (const st of steps) {
    if (st.action?.kind === 'reconcile' && st.state.pending !== null) from = st.index;
    if (st.action?.kind === 'writeStatus' && from !== null) {
      out.set(st.index, from);
      from = null;
    }
  }
  return out;
}

/** What the model's controller reads: the truth, or the caches the scenario's issue #14 options turn on. */
function observedLine(doc: TraceDocument): string {
  const o = observeOptions(doc.scenario);
  if (o.staleReads === 0 && !o.staleRevisions && o.expectations === 'ideal')
    return '- The model reads the true cluster state at every reconcile (no informer lag, expectations always satisfied); see `docs/model.md` of cloneset-check for what else is abstracted.';
  const cs =
    o.staleReads > 0
      ? `the CloneSet from a cache that may lag the API server by up to ${o.staleReads} version(s) (\`cache-sync\` steps deliver them)`
      : 'the CloneSet as it is';
  const pods =
    o.expectations === 'ideal'
      ? 'pods as they are (expectations always satisfied)'
      : `pods from a cache that receives each change by a \`pod-cache-sync\` step, with upstream's scale and resourceVersion expectations${o.expectations === 'timeout' ? ', which may expire (ForceDeleteTimeoutExpectationGate)' : ''}`;
  const revisions = o.staleRevisions
    ? ', the ControllerRevisions from a cache that may lack the last one written (`revision-cache-sync` steps deliver it)'
    : '';
  return `- The model's controller reads ${cs}${revisions}, and ${pods}; see \`docs/model.md\` of cloneset-check for what else is abstracted.`;
}

function stepsToReproduce(doc: TraceDocument, v: ScenarioView, opts: IssueReportOptions): string[] {
  const first = doc.steps[0];
  if (first === undefined) return [];
  const sc = v.scenario;
  const sources = statusSources(allSteps(doc));
  const lastIndex = allSteps(doc).at(-1)?.index;
  const systemLine = (before: CloneSetState, st: TraceStepDoc): string =>
    `step ${st.index}: ${systemStepText(v, before, st, sources.get(st.index) ?? null, st.index === lastIndex)}`;
  const out: string[] = [
    '## Steps to reproduce',
    '',
    `A runnable script for a cluster with OpenKruise installed: \`cloneset-check export ${opts.traceName} --format kubectl > reproduce.sh\` (${opts.kubectlScript === undefined ? 'attach it, or run it' : 'attached below'}: it prints \`REPRODUCED\` or \`NOT REPRODUCED\`).`,
    '',
    ...(opts.kubectlScript === undefined
      ? []
      : ['<details><summary>reproduce.sh</summary>', '', '```bash', opts.kubectlScript.trimEnd(), '```', '', '</details>', '']),
    `Feature gate \`CloneSetPartitionRollback\`: ${sc.rollbackGate ? 'enabled' : 'disabled'}.`,
    sc.statusWrite === 'separate'
      ? 'A reconcile and its status write are separate steps here: a user step may land between them (a race with the controller).'
      : 'Each reconcile writes its status at once (no user step lands between a reconcile and its status write).',
    '',
  ];
  const segs = segments(doc.steps);
  segs.forEach((seg, i) => {
    const n = i + 1;
    if (seg.user === null) {
      out.push(
        `${n}. Create the CloneSet and wait until it has settled: pods ${podsInWords(first.state.pods)}, status.currentRevision ${revName(first.state.status.currentRevision)}${first.state.status.progressing === undefined ? '' : `, the Progressing condition's reason ${REASON_TEXT[first.state.status.progressing.reason]}`}.`,
      );
      out.push('', ...initialManifest(v, first.state).map((l) => `   ${l}`), '');
    } else if (seg.user.action !== null) {
      out.push(`${n}. (step ${seg.user.index}) ${userActionText(v, seg.before, seg.user.action)}`);
    }
    if (seg.system.length > 0) {
      out.push(`   - then${i === segs.length - 1 ? '' : ', before the next user step'}:`);
      for (const x of seg.system) out.push(`     - ${systemLine(x.before, x.step)}`);
    } else if (seg.user !== null && i < segs.length - 1) {
      out.push('   - the next user step follows at once: no controller or kubelet step in between.');
    }
  });
  const c = doc.continuation;
  if (c !== undefined) {
    out.push(`${segs.length + 1}. Then let only the controller and the kubelet act:`);
    let prev = doc.steps[doc.steps.length - 1]!.state;
    for (const st of c.steps) {
      out.push(`   - ${systemLine(prev, st)}`);
      prev = st.state;
    }
    const end = c.steps[c.steps.length - 1]?.index ?? doc.steps.length - 1;
    out.push(
      c.cycleTo === null
        ? `   - after step ${end} neither the controller nor the kubelet has anything to do, yet the CloneSet has not settled.`
        : `   - step ${end} returns to the state after step ${c.cycleTo}: the controller cycles forever without settling.`,
    );
  }
  out.push('');
  return out;
}

/** The last step of the trace proper and the state before it (for step properties: the violating step). */
function lastStep(doc: TraceDocument): { readonly step: TraceStepDoc; readonly before: CloneSetState } | null {
  const last = doc.steps[doc.steps.length - 1];
  const before = doc.steps[doc.steps.length - 2];
  return last === undefined || before === undefined ? null : { step: last, before: before.state };
}

interface Promotion {
  readonly index: number;
  readonly input: PromotionInput;
  readonly from: number;
  readonly to: number;
  readonly observed: CloneSetState;
}

/** The reconciles of the trace that promoted currentRevision without meeting promotion-sound's conditions. */
function unsoundPromotions(doc: TraceDocument, v: ScenarioView): Promotion[] {
  const out: Promotion[] = [];
  for (let i = 1; i < doc.steps.length; i++) {
    const s = doc.steps[i - 1]!.state;
    const st = doc.steps[i]!;
    if (st.action?.kind !== 'reconcile') continue;
    const computed = st.state.pending ?? st.state.status;
    const upd = computed.updateRevision;
    if (computed.currentRevision !== upd || s.status.currentRevision === upd) continue;
    const p = partitionReplicas(v, s);
    const atUpd = s.pods.filter((x) => x.rev === upd).length;
    if (s.spec.replicas > 0 && p === 0 && s.pods.length === s.spec.replicas && atUpd === s.pods.length) continue;
    out.push({
      index: st.index,
      input: {
        replicas: computed.replicas,
        updatedReplicas: computed.updatedReplicas,
        specReplicas: s.spec.replicas,
        partitionReplicas: p,
      },
      from: s.status.currentRevision,
      to: upd,
      observed: s,
    });
  }
  return out;
}

/** Why a promotion was unsound, first failed condition first. */
function promotionFault(p: Promotion, v: ScenarioView): string {
  const s = p.observed;
  const upd = revName(p.to);
  if (s.spec.replicas === 0) return 'spec.replicas is 0';
  const part = partitionReplicas(v, s);
  if (part > 0) return `the partition (${partitionWords(partitionOf(v, s))}) still holds back ${plural(part, 'pod')}`;
  if (s.pods.length !== s.spec.replicas) return `only ${s.pods.length} of ${s.spec.replicas} pods exist`;
  return `${s.pods.length - s.pods.filter((x) => x.rev === p.to).length} pods are not at ${upd}`;
}

interface Comparison {
  readonly headline: string;
  readonly expected: readonly string[];
  readonly actual: readonly string[];
  readonly code: readonly UpstreamCode[];
  readonly codeWhy: string;
}

function compare(doc: TraceDocument, v: ScenarioView, promotions: readonly Promotion[], name: PropertyName): Comparison {
  const ls = lastStep(doc);
  const final = doc.steps[doc.steps.length - 1]!.state;
  // The CloneSet the violating step read (with stale reads, the cached one's): the step properties judge it
  // against that spec, and so does the report (canary-respected, surge-bound, availability-floor).
  const seen = ls === null ? final : cachedObject(ls.before);
  const promo = promotions[0];
  const promoCause =
    promo === undefined
      ? null
      : `The reconcile at step ${promo.index} promoted \`status.currentRevision\` ${revName(promo.from)} → ${revName(promo.to)} although ${promotionFault(promo, v)}`;
  switch (name) {
    case 'canary-respected': {
      const r = seen.spec.template;
      const u = unmarkedAt(final, r);
      const e = expectedUpdated(v, seen);
      const p = partitionReplicas(v, seen);
      const before = ls === null ? u : unmarkedAt(ls.before, r);
      const created = ls !== null && final.pods.length > ls.before.pods.length;
      return {
        headline: `${plural(u, 'pod')} at the update revision ${revName(r)} where spec.replicas − partition allows ${e} (partition ${partitionWords(partitionOf(v, seen))}, spec.replicas ${seen.spec.replicas})`,
        expected: [
          `While the rollout to ${revName(r)} is in progress, at most spec.replicas − partition = ${seen.spec.replicas} − ${p} = **${e}** ${e === 1 ? 'pod' : 'pods'} (not marked for deletion) at ${revName(r)}; the partition keeps ${plural(p, 'pod')} at the old revision.`,
        ],
        actual: [
          `The reconcile at step ${ls?.step.index ?? 0} raised the pods at ${revName(r)} from ${before} to **${u}**; pods now: ${podsInWords(final.pods)}.`,
          `\`status.currentRevision\` is ${revName((final.pending ?? final.status).currentRevision)}, \`updateRevision\` ${revName((final.pending ?? final.status).updateRevision)}.`,
        ],
        code: promo !== undefined ? [STATUS_GO, SCALE_GO, DIFFS_GO] : created ? [SCALE_GO, REVISIONS_GO, DIFFS_GO] : [UPDATE_GO, DIFFS_GO],
        codeWhy:
          promoCause !== null
            ? `${promoCause}. Pods the partition keeps at the old revision are created at \`currentRevision\`, which is now ${revName(promo!.to)}: the promotion condition in \`calculateStatus\` is at fault; \`Scale\` then creates the "old" pods at the update revision, with the split from \`calculateDiffsWithExpectation\`.`
            : `No reconcile in this trace promoted \`currentRevision\` unsoundly, so the promotion rule is not at fault. The violating reconcile ${created ? 'created pods (`Scale`) at the revisions `getActiveRevisions` chose' : 'updated pods (`Update`) within the `updateNum` of `calculateDiffsWithExpectation`'}.`,
      };
    }
    case 'promotion-sound': {
      const p = promo ?? null;
      const s = p?.observed ?? ls?.before ?? final;
      const part = partitionReplicas(v, s);
      const upd = p === null ? final.status.updateRevision : p.to;
      const atUpd = s.pods.filter((x) => x.rev === upd).length;
      return {
        headline: `currentRevision promoted to ${revName(upd)} while ${p === null ? 'the rollout is incomplete' : promotionFault(p, v)} (partition ${partitionWords(partitionOf(v, s))})`,
        expected: [
          `\`status.currentRevision\` becomes ${revName(upd)} only after a reconcile observed spec.replicas > 0, a partition of 0, and exactly spec.replicas pods, all at ${revName(upd)}.`,
        ],
        actual: [
          `The reconcile at step ${p?.index ?? ls?.step.index ?? 0} observed **${s.pods.length}** pods (**${atUpd}** at ${revName(upd)}), spec.replicas **${s.spec.replicas}**, partition ${partitionWords(partitionOf(v, s))} = **${part}** pods kept back, and promoted \`currentRevision\` ${revName(p?.from ?? s.status.currentRevision)} → ${revName(upd)}.`,
          ...(p === null
            ? []
            : [
                `The promotion condition saw replicas ${p.input.replicas}, updatedReplicas ${p.input.updatedReplicas}, spec.replicas ${p.input.specReplicas}: \`${RULE_TEXT[doc.controller]}\` is true.`,
              ]),
        ],
        code: [STATUS_GO],
        codeWhy: `The \`currentRevision\` promotion condition in \`calculateStatus\` (\`${RULE_TEXT[doc.controller]}\`) holds although ${p === null ? 'the rollout is not complete' : promotionFault(p, v)}.`,
      };
    }
    case 'surge-bound': {
      // Paused, maxSurge is 0.
      const surge = surgeAllowance(v, seen);
      const allowed = seen.spec.replicas + surge;
      const how = seen.spec.paused
        ? 'taken as 0 while paused'
        : `${partitionWords(strategyOf(v, seen).maxSurge)}, rounded up at spec.replicas`;
      return {
        headline: `${plural(final.pods.length, 'pod')} where spec.replicas + maxSurge allows ${allowed}`,
        expected: [
          `A step that creates pods leaves at most spec.replicas + maxSurge = ${seen.spec.replicas} + ${surge} = **${allowed}** pods (maxSurge ${how}).`,
        ],
        actual: [
          `The reconcile at step ${ls?.step.index ?? 0} created pods up to **${final.pods.length}**; pods now: ${podsInWords(final.pods)}.`,
        ],
        code: [SCALE_GO, DIFFS_GO],
        codeWhy: '`Scale` creates pods beyond the `expTotal = replicas + useSurge` that `calculateDiffsWithExpectation` allows.',
      };
    }
    case 'availability-floor': {
      const avail = (s: CloneSetState): number => s.pods.filter((p) => p.ready && p.lifecycle === 'Normal').length;
      // Paused, maxUnavailable rounds up.
      const maxUnavailable = parametersOf(v, seen).maxUnavailable;
      const floor = seen.spec.replicas - maxUnavailable;
      const deleted = ls !== null && scaleRemoved(ls.before, final);
      return {
        headline: `available pods drop to ${avail(final)}, below spec.replicas − maxUnavailable = ${floor} (maxUnavailable ${partitionWords(strategyOf(v, seen).maxUnavailable)})`,
        expected: [
          `A controller step that reduces the available pods leaves at least spec.replicas − maxUnavailable = ${seen.spec.replicas} − ${maxUnavailable} = **${floor}** available (maxUnavailable ${partitionWords(strategyOf(v, seen).maxUnavailable)} as \`calculateDiffsWithExpectation\` resolves it).`,
        ],
        actual: [
          `The reconcile at step ${ls?.step.index ?? 0} took the available pods from ${ls === null ? avail(final) : avail(ls.before)} to **${avail(final)}**; pods now: ${podsInWords(final.pods)}.`,
        ],
        code: deleted ? [SCALE_GO, DIFFS_GO] : [LIMIT_GO, DIFFS_GO],
        codeWhy: deleted
          ? `\`Scale\` deletes pods (or, with a preDelete hook, moves them to PreparingDelete) within \`deleteReadyLimit\` from \`calculateDiffsWithExpectation\`, which leaves a pod marked for deletion (specified-delete) out of its unavailable count even when it is not available: one that is not ready goes without spending the limit, and a ready one goes beside it.${doc.controller === 'proposed' ? '' : " Counting the marked pods that are not available in the limit keeps the floor (cloneset-check's `proposed` variant)."}`
          : '`limitUpdateIndexes` lets more pods become unavailable than maxUnavailable allows.',
      };
    }
    case 'on-delete-respected': {
      // As the property counts them: the pods the controller believes (its pod cache and its own writes).
      const staying = (st: CloneSetState): number => keptPodCount(believedPods(st));
      return {
        headline: `updateStrategy OnDelete, yet a reconcile surges for an update: pods above spec.replicas ${seen.spec.replicas} (maxSurge ${partitionWords(strategyOf(v, seen).maxSurge)}) that no delete or mark calls for`,
        expected: [
          `With \`updateStrategy.type: OnDelete\` the controller updates no pod, so it has no update to surge for: no reconcile takes the pods not marked for deletion above spec.replicas = **${seen.spec.replicas}**.`,
        ],
        actual: [
          `The reconcile at step ${ls?.step.index ?? 0} created pods up to **${staying(final)}** not marked for deletion; pods now: ${podsInWords(final.pods)}.`,
          'The surge pods stay above spec.replicas until the pods at the update revision meet the partition; then `Scale` deletes old-revision pods as surplus: pods replaced that no one deleted (and a later delete by a user may take two pods).',
        ],
        code: [SCALE_GO, DIFFS_GO],
        codeWhy: `\`calculateDiffsWithExpectation\` computes an update surge (\`updateSurge\`, from \`updateOldDiff\` and \`updateNewDiff\`) whatever \`updateStrategy.type\` is: OnDelete (PR #2224) stops only \`Update\`, so \`Scale\` creates the surge pods at the update revision.${doc.controller === 'proposed' ? '' : " Computing no update surge under OnDelete, and keeping the surge for specified deletes, keeps OnDelete's promise (cloneset-check's `proposed` variant)."}`,
      };
    }
    case 'settled-canary': {
      const r = final.spec.template;
      const u = unmarkedAt(final, r);
      const e = expectedUpdated(v, final);
      const p = partitionReplicas(v, final);
      return {
        headline: `the CloneSet settles with ${plural(u, 'pod')} at the update revision ${revName(r)} where spec.replicas − partition allows ${e}`,
        expected: [
          `Once the controller is idle, the status written and every pod ready and available, while the rollout to ${revName(r)} is in progress, at most spec.replicas − partition = ${final.spec.replicas} − ${p} = **${e}** ${e === 1 ? 'pod' : 'pods'} (not marked for deletion) run ${revName(r)}.`,
        ],
        actual: [
          `After step ${ls?.step.index ?? 0} the CloneSet is settled with **${u}** at ${revName(r)}; pods: ${podsInWords(final.pods)}.`,
          `\`status.currentRevision\` is ${revName(final.status.currentRevision)}, \`updateRevision\` ${revName(final.status.updateRevision)}.`,
        ],
        code: promo !== undefined ? [STATUS_GO, SCALE_GO, DIFFS_GO] : [SCALE_GO, UPDATE_GO, DIFFS_GO],
        codeWhy:
          promoCause !== null
            ? `${promoCause}. From then on, pods the partition keeps at the old revision are created at \`currentRevision\`, and nothing moves them back: the damage lasts.`
            : 'No reconcile in this trace promoted `currentRevision` unsoundly; `Scale` and `Update` settled on more updated pods than the partition allows.',
      };
    }
    case 'status-monotonic': {
      const before = ls?.before.status.currentRevision ?? final.status.currentRevision;
      return {
        headline: `status.currentRevision goes back from ${revName(before)} to ${revName(final.status.currentRevision)}`,
        expected: [
          '`status.currentRevision` moves only forward in the revision history: to the update revision, or to a revision the user rolled the template back to (a rollback renumbers it as newest).',
        ],
        actual: [`The status written at step ${ls?.step.index ?? 0}: ${doc.property?.message ?? ''}.`],
        code: [STATUS_GO, REVISIONS_GO],
        codeWhy:
          '`calculateStatus` sets `currentRevision` from the revisions `getActiveRevisions` chose for the reconcile that computed the status.',
      };
    }
    case 'no-resurrection':
      return {
        headline: `pods created again at a revision a completed rollout had replaced (${doc.property?.message ?? ''})`,
        expected: [
          `After the rollout to ${revName(final.stable)} completed, no pod is created at an older revision unless the user rolls the template back to it.`,
        ],
        actual: [`The reconcile at step ${ls?.step.index ?? 0}: ${doc.property?.message ?? ''}; pods now: ${podsInWords(final.pods)}.`],
        code: [SCALE_GO, REVISIONS_GO],
        codeWhy:
          '`Scale` creates the pods the partition keeps at `currentRevision`, which `getActiveRevisions` takes from the status the reconcile read.',
      };
    case 'deadline-from-progress': {
      const after = (final.pending ?? final.status).progressing;
      // With stale reads the property judges the reconcile, against the copy in the version it read.
      const byReconcile = ls?.step.action?.kind === 'reconcile';
      const stale = byReconcile && (ls?.before.observed?.lag.length ?? 0) > 0;
      const before = ls == null ? undefined : (byReconcile ? cachedObject(ls.before) : ls.before).status.progressing;
      return {
        headline: `the Progressing condition turned ProgressDeadlineExceeded straight from ${before === undefined ? 'a settled reason' : REASON_TEXT[before.reason]}`,
        expected: [
          'A CloneSet that starts to progress (a rollout, a scale, a resume, a partition change) is first reported progressing (reason `CloneSetUpdated`, with the time of that reconcile), and only progressDeadlineSeconds after that, still not available nor paused by its partition, `ProgressDeadlineExceeded`, as Deployment does (DeploymentTimedOut returns false on NewReplicaSetAvailable).',
        ],
        actual: [
          `The ${byReconcile ? 'reconcile' : 'status write'} at step ${ls?.step.index ?? 0} ${byReconcile ? 'computed' : 'set'} the condition ${before === undefined ? '' : `${REASON_TEXT[before.reason]} → `}${after === undefined ? '' : REASON_TEXT[after.reason]}${stale ? ' (from the CloneSet as its cache held it)' : ''}: ${doc.property?.message ?? ''}.`,
        ],
        code: [PROGRESS_GO, DEADLINE_GO],
        codeWhy:
          '`calculateProgressingStatus` carries the conditions over from the CloneSet it read and, when none of Available, Paused and PartitionAvailable holds, asks `CloneSetDeadlineExceeded`, which compares the lastUpdateTime of whatever Progressing condition it finds with now; an Available, Paused or PartitionAvailable condition keeps the lastUpdateTime of when it was set (`SetCloneSetCondition` keeps an unchanged condition).',
      };
    }
    case 'well-formed':
      return {
        headline: `inconsistent status or revisions: ${doc.property?.message ?? ''}`,
        expected: ['Status counts are consistent (updatedReplicas, readyReplicas ≤ replicas) and name only revisions that exist.'],
        actual: [`After step ${ls?.step.index ?? 0}: ${doc.property?.message ?? ''}; status: ${statusWords(final.status)}.`],
        code: [STATUS_GO, REVISIONS_GO],
        codeWhy: '`calculateStatus` computes the counts; `getActiveRevisions` picks the revisions the status names.',
      };
    case 'no-deadlock':
      return {
        headline: `the controller stops before the CloneSet settles (${podsInWords(final.pods)})`,
        expected: [
          'A CloneSet that has not settled (status not written, or pods not ready) still has a controller or kubelet step to take.',
        ],
        actual: [`After step ${ls?.step.index ?? 0} nothing is enabled: ${podsInWords(final.pods)}, spec.replicas ${final.spec.replicas}.`],
        code: [SYNC_GO],
        codeWhy: '`syncCloneSet` (Scale, then Update) finds nothing to do.',
      };
    case 'converges': {
      const c = doc.continuation;
      const stuck = final;
      return {
        headline: `the CloneSet never settles without user action (${podsInWords(stuck.pods)}, spec.replicas ${stuck.spec.replicas})`,
        expected: [
          'From any state, the controller and the kubelet alone reach a settled CloneSet (controller idle, status written, every pod ready and available; paused, a pod waiting in PreparingUpdate for the held-back update counts as at rest).',
        ],
        actual: [
          c === undefined
            ? `${doc.property?.message ?? ''}`
            : c.cycleTo === null
              ? `After step ${c.steps[c.steps.length - 1]?.index ?? doc.steps.length - 1} the controller and the kubelet stop with the CloneSet unsettled.`
              : `The controller and the kubelet cycle back to the state after step ${c.cycleTo} forever.`,
        ],
        code: [SYNC_GO],
        codeWhy: '`syncCloneSet` (Scale, then Update) never reaches a state with nothing left to do.',
      };
    }
  }
}

/** The command that searches the trace's bounds again: `check` or `simulate`, for one variant and the trace's property. */
function searchCommand(doc: TraceDocument, opts: IssueReportOptions, command: FoundBy, controller: ControllerVariant): string {
  const flags = opts.scenarioFlags.length === 0 ? '' : ` ${opts.scenarioFlags.join(' ')}`;
  return `cloneset-check ${command} --controller ${controller}${flags} --property ${doc.property?.name ?? ''}`;
}

/** A command as a fenced shell block, after a blank line. */
const shBlock = (command: string): string[] => ['', '```sh', command, '```'];

/**
 * The bounds and the commands that search them again. A trace of `check` comes from an exhaustive search of
 * its bounds; one of `simulate` from random walks, which explore some interleavings only, in bounds that may
 * be beyond `check`'s caps: it gets the `simulate` command, and the `check` one only where check takes them.
 */
function boundsSection(doc: TraceDocument, v: ScenarioView, opts: IssueReportOptions, proposing: boolean): string[] {
  const controller = proposing ? 'proposed' : doc.controller;
  const table = ['', ...boundsTable(v), ''];
  if (doc.foundBy !== 'simulate') {
    return [
      'Bounds this trace was found in (every interleaving within them is explored; a verdict of "holds" is a proof within these bounds only):',
      ...table,
      proposing
        ? 'Check the proposed rule within the same bounds (a complete exploration that ends in "holds" proves it there):'
        : 'Re-run the check within the same bounds:',
      ...shBlock(searchCommand(doc, opts, 'check', controller)),
    ];
  }
  const exhaustive = opts.checkAccepts
    ? [
        '',
        'These bounds are within `cloneset-check check`\'s limits, so they can also be explored exhaustively (a complete exploration that ends in "holds" proves it there):',
        ...shBlock(searchCommand(doc, opts, 'check', controller)),
      ]
    : ['', "These bounds are beyond `cloneset-check check`'s limits on replicas and budgets: no exhaustive search covers them."];
  return [
    'Bounds this trace was found in, by random walks (`cloneset-check simulate`: some interleavings within them, not all; a run that finds no violation proves nothing):',
    ...table,
    proposing ? 'Walk the same bounds with the proposed rule:' : 'Walk the same bounds again:',
    ...shBlock(searchCommand(doc, opts, 'simulate', controller)),
    ...exhaustive,
  ];
}

/** Whether a step took pods out of service the way Scale does: deleted, or moved to PreparingDelete by a preDelete hook. */
function scaleRemoved(before: CloneSetState, after: CloneSetState): boolean {
  const preparing = (s: CloneSetState): number => s.pods.filter((p) => p.lifecycle === 'PreparingDelete').length;
  return after.pods.length < before.pods.length || preparing(after) > preparing(before);
}

/**
 * An availability-floor trace (not found under proposed) whose last reconcile took pods out of service within a
 * `deleteReadyLimit` that proposed's fix lowers: that step and both limits; null otherwise.
 */
function floorFixOf(doc: TraceDocument, v: ScenarioView): { readonly index: number; readonly limits: DeleteLimits } | null {
  if (doc.property?.name !== 'availability-floor' || doc.controller === 'proposed') return null;
  const ls = lastStep(doc);
  const final = doc.steps[doc.steps.length - 1]!.state;
  if (ls === null || !scaleRemoved(ls.before, final)) return null;
  const limits = deleteLimitsAt(v, ls.before);
  return limits.fixed < limits.upstream ? { index: ls.step.index, limits } : null;
}

function floorFixLines(fix: { readonly index: number; readonly limits: DeleteLimits }, search: string, walks: boolean): string[] {
  const { upstream, fixed, unavailableMarked } = fix.limits;
  return [
    "Count the pods marked for deletion that are not available among the unavailable pods in `deleteReadyLimit` (`calculateDiffsWithExpectation`), as every other pod is counted: `deleteReadyLimit = max(maxUnavailable + (len(pods) − replicas) − totalUnavailable − toDeleteUnavailable, 0)` (cloneset-check's `proposed` variant). `Scale` deletes a marked pod that is not ready without spending the limit; left out of it, such a pod lets a ready marked pod go beside it.",
    '',
    `At step ${fix.index} of this trace the limit is **${upstream}** as upstream computes it and **${fixed}** with the marked pods counted (${plural(unavailableMarked, 'marked pod')} not available), so that reconcile would ${fixed === 0 ? 'delete no ready pod, and the available pods would not fall' : `delete at most ${plural(fixed, 'ready pod')}, leaving at least spec.replicas − maxUnavailable available`}. ${walks ? 'Walk the same bounds with the fix:' : 'Check the fix within the same bounds:'}`,
    ...shBlock(search),
    '',
  ];
}

function proposal(doc: TraceDocument, v: ScenarioView, promotions: readonly Promotion[], opts: IssueReportOptions): string[] {
  const check = (controller: ControllerVariant): string => searchCommand(doc, opts, 'check', controller);
  const promo = promotions[0];
  const proposing = promo !== undefined && doc.controller !== 'proposed';
  const out: string[] = ['## Proposed rule and bounds', ''];
  const floorFix = floorFixOf(doc, v);
  // A trace of random walks in bounds check does not take is walked again, not checked (boundsSection).
  const walks = doc.foundBy === 'simulate' && !opts.checkAccepts;
  const fixSearch = (): string => searchCommand(doc, opts, walks ? 'simulate' : 'check', 'proposed');
  const floorLines = floorFix === null ? [] : floorFixLines(floorFix, fixSearch(), walks);
  const surgeFix = doc.property?.name === 'on-delete-respected' && doc.controller !== 'proposed';
  const deadlineFix = doc.property?.name === 'deadline-from-progress' && doc.controller !== 'proposed';
  // A fix in words, then the command that checks it.
  const fixLines = (text: string): string[] => [
    text,
    '',
    walks ? 'Walk the same bounds with the fix:' : 'Check the fix within the same bounds:',
    ...shBlock(fixSearch()),
    '',
  ];
  const deadlineLines = deadlineFix
    ? fixLines(
        "Return false from `CloneSetDeadlineExceeded` for a condition of a settled reason (`CloneSetAvailable`, `CloneSetPaused`, `ProgressPartitionAvailable`): its lastUpdateTime says when the CloneSet settled, not when it started to progress, so the first reconcile of a progress sets `CloneSetUpdated` with its own time and the deadline runs from there, as Deployment's `DeploymentTimedOut` returns false on `NewReplicaSetAvailable` (cloneset-check's `proposed` variant).",
      )
    : [];
  const surgeLines = surgeFix
    ? fixLines(
        "Compute no update surge in `calculateDiffsWithExpectation` when `updateStrategy.type` is OnDelete: OnDelete updates no pod, so there is no update to surge for. Keep maxSurge for the surge a specified delete calls for (`scaleSurge`: a marked pod's replacement is created before it goes) and maxUnavailable's rounding (cloneset-check's `proposed` variant). Upstream zeroes all of maxSurge while paused (PR #1324), which here would also drop the specified-delete surge and let a marked ready pod go before its replacement.",
      )
    : [];
  if (proposing) {
    const proposedSays = VARIANTS.proposed.rule(promo.input);
    out.push(
      `Promote \`currentRevision\` in \`calculateStatus\` only when \`${RULE_TEXT.proposed}\` (cloneset-check's \`proposed\` variant: ${VARIANTS.proposed.summary}).`,
      '',
      `At step ${promo.index} of this trace it is **${proposedSays}** (spec.replicas ${promo.input.specReplicas}, partition keeps ${plural(promo.input.partitionReplicas ?? 0, 'pod')}), so that reconcile would not have promoted. A completed rollout (partition 0, all pods updated) still promotes as before.`,
      '',
      ...floorLines,
    );
  } else {
    out.push(
      promo !== undefined
        ? `This trace was found with cloneset-check's proposed rule (\`${RULE_TEXT.proposed}\`) itself.`
        : floorFix !== null
          ? "No reconcile in this trace promoted `currentRevision` unsoundly: a change to the promotion rule does not address it. cloneset-check proposes a change to `Scale`'s delete limit instead."
          : surgeFix
            ? 'No reconcile in this trace promoted `currentRevision` unsoundly: a change to the promotion rule does not address it. cloneset-check proposes a change to the surge instead.'
            : deadlineFix
              ? 'No reconcile in this trace promoted `currentRevision` unsoundly: a change to the promotion rule does not address it. cloneset-check proposes a change to the deadline check instead.'
              : 'No reconcile in this trace promoted `currentRevision` unsoundly: a change to the promotion rule does not address it, and cloneset-check proposes no rule for it.',
      '',
      ...(promo === undefined ? [...floorLines, ...surgeLines, ...deadlineLines] : []),
    );
    // Lifecycle-hook findings have fixes in the proposed variant that are not the promotion rule (docs/findings.md, L1, L2).
    const hooks = VARIANTS.proposed.hookSummary;
    if (promo === undefined && doc.controller !== 'proposed' && v.scenario.lifecycleHooks !== undefined && hooks !== undefined) {
      out.push(
        `With lifecycle hooks, cloneset-check's \`proposed\` variant also changes upstream's hook handling (${hooks}); check it with \`${check('proposed')}\`.`,
        '',
      );
    }
  }
  out.push(
    ...boundsSection(doc, v, opts, proposing),
    '',
    'The verdicts in wider bounds, and the bounds each was proven in, are in `docs/findings.md` of cloneset-check.',
    '',
  );
  return out;
}

/** updateStrategy.type OnDelete in the bounds table: with or without the rollingUpdate block. */
const onDeleteWords = (sc: Scenario): string =>
  sc.rollingUpdate === false
    ? 'OnDelete without a rollingUpdate block (partition 0, maxSurge 0, maxUnavailable 20% rounded down)'
    : 'OnDelete with a rollingUpdate block (v1beta1)';

/** The lifecycle hooks row, when the scenario has hooks: which, who releases them, and the options that change them. */
function hooksRow(sc: Scenario): [string, string][] {
  const labels = hookLabels(sc);
  if (labels.length === 0) return [];
  const hooks = sc.lifecycleHooks === 'both' ? 'preDelete and inPlaceUpdate' : (sc.lifecycleHooks ?? '');
  return [
    [
      'lifecycle hooks',
      `${hooks} (labelsHandler ${labels.map(([k]) => `\`${k}\``).join(', ')} on every pod, markPodNotReady false), released by their owner at any time; PreparingUpdateAsUpdate gate ${sc.preparingUpdateAsUpdate === true ? 'on' : 'off'}, excludePreparingDelete ${sc.excludePreparingDelete === true} (${isV1beta1(sc) ? 'v1beta1: scaleStrategy.excludePreparingDelete' : `the CloneSet label \`${EXCLUDE_PREPARING_DELETE_LABEL}\``})`,
    ],
  ];
}

function boundsTable(v: ScenarioView): string[] {
  const sc = v.scenario;
  const b = sc.budgets;
  const rows: [string, string][] = [
    [
      'starting CloneSet',
      `spec.replicas ${sc.initialReplicas}, partition ${partitionWords(sc.initialPartition)}, all pods at v1 and ready`,
    ],
    ['rollouts', `${b.rollouts} over ${plural(sc.templates, 'template')} (v1…v${sc.templates})`],
    ['pod deletions', String(b.deletes)],
    ['scales', `${b.scales}, to any spec.replicas in 0…${sc.maxReplicas}`],
    ['partition changes', `${b.partitions}, among ${v.partitions.map(partitionWords).join(', ')}`],
    [
      `maxSurge, maxUnavailable${hasStrategyEdits(sc) ? ' at the start' : ''}`,
      `${partitionWords(sc.maxSurge)}, ${partitionWords(sc.maxUnavailable)}`,
    ],
    [
      'update type, paused',
      `${sc.updateStrategyType === 'OnDelete' ? onDeleteWords(sc) : sc.podUpdatePolicy}, ${sc.paused}${hasPauseChanges(sc) ? ' at the start' : ''}`,
    ],
    ...(hasPauseChanges(sc) ? [['pauses and resumes', `${pausesOf(b)} (users set updateStrategy.paused)`] as [string, string]] : []),
    ...(hasStrategyEdits(sc)
      ? [
          [
            'maxSurge / maxUnavailable edits',
            `${strategiesOf(b)}, among maxSurge ${v.surges.map(partitionWords).join(', ')} and maxUnavailable ${v.unavailables.map(partitionWords).join(', ')}`,
          ] as [string, string],
        ]
      : []),
    ...(hasAvailabilityWindow(sc)
      ? [['minReadySeconds', `${sc.minReadySeconds}: a ready pod is available only after a step of its own`] as [string, string]]
      : []),
    ...(sc.progressDeadline === true
      ? [
          [
            'progressDeadlineSeconds',
            'set: the status keeps the Progressing condition, and the deadline passes by a step of its own (every value is the same deadline)',
          ] as [string, string],
        ]
      : []),
    ['scaleStrategy.maxUnavailable', sc.scaleMaxUnavailable === null ? 'unset' : partitionWords(sc.scaleMaxUnavailable)],
    ['CloneSetPartitionRollback gate', sc.rollbackGate ? 'on' : 'off'],
    ['status write', sc.statusWrite === 'separate' ? 'a separate step (user steps may land before it)' : 'inside the reconcile'],
    ...(sc.freeChoices === true
      ? [['free choices', 'on: a reconcile may take any order upstream leaves open (tied pods)'] as [string, string]]
      : []),
    ...hooksRow(sc),
    // The controller's view and the API server's failures, where the scenario has them (an audit: the table
    // left them out, though they decide what the trace can do; the check command had them).
    ...observationRows(sc),
  ];
  return ['| bound | value |', '| --- | --- |', ...rows.map(([k, x]) => `| ${k} | ${x} |`)];
}

/** Rows for the observation options that are on: stale reads, a lagging pod cache, failing and timed-out writes. */
function observationRows(sc: Scenario): [string, string][] {
  const o = observeOptions(sc);
  const rows: [string, string][] = [];
  if (o.staleReads > 0)
    rows.push(['stale reads', `the controller's CloneSet cache may lag the API server by up to ${o.staleReads} version(s)`]);
  if (o.staleRevisions) rows.push(['stale revisions', "the controller's ControllerRevision cache may lack the last revision written"]);
  if (o.expectations !== 'ideal')
    rows.push([
      'pod cache (expectations)',
      `${o.expectations}: pod changes reach the controller's cache by a step of their own${o.expectations === 'timeout' ? '; expectations may expire' : ''}`,
    ]);
  if (o.statusWriteFailures > 0) rows.push(['status write failures', `up to ${o.statusWriteFailures}`]);
  if (o.podWriteFailures > 0)
    rows.push([
      'pod write failures',
      `up to ${o.podWriteFailures}${sc.podWriteTimeouts === true ? ' (each may also time out after it landed)' : ''}`,
    ]);
  return rows;
}

/** The Markdown report. The trace must carry a property (a violation); `export` refuses one without. */
export function renderIssueReport(doc: TraceDocument, opts: IssueReportOptions): string {
  const v = viewOf(doc.scenario);
  const property = doc.property;
  if (property === null) throw new Error('internal: an issue report needs a trace with a violated property');
  // traces/parse.ts admits only the properties PROPERTY_NAMES lists; a switch over them is exhaustive.
  const name = PROPERTY_NAMES.find((n) => n === property.name);
  if (name === undefined) throw new Error(`internal: unknown property ${JSON.stringify(property.name)}`);
  const promotions = unsoundPromotions(doc, v);
  const cmp = compare(doc, v, promotions, name);
  const variant = VARIANTS[doc.controller];
  const out: string[] = [
    `# CloneSet: ${cmp.headline}`,
    '',
    `Found by cloneset-check ${opts.toolVersion}, a bounded model checker of the CloneSet controller${doc.foundBy === 'simulate' ? ', in random walks (`simulate`)' : ''}, as a counterexample to the property **${property.name}** (${property.kind}): ${property.message}.`,
    '',
    '## Controller version',
    '',
    `- Variant: \`${variant.name}\`: ${variant.summary}.`,
    `- Promotion rule in \`calculateStatus\`: \`${RULE_TEXT[doc.controller]}\`.`,
    `- Models: ${UPSTREAM_BASE[doc.controller](opts.toolVersion)}.`,
    observedLine(doc),
    '',
    ...stepsToReproduce(doc, v, opts),
    '## Expected',
    '',
    ...cmp.expected.map((l) => `- ${l}`),
    '',
    '## Actual',
    '',
    ...cmp.actual.map((l) => `- ${l}`),
    '',
    '## Rule at fault',
    '',
    ...cmp.code.map((c) => `- ${code(c)}`),
    '',
    cmp.codeWhy,
    '',
    ...proposal(doc, v, promotions, opts),
  ];
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
