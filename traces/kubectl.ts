/**
 * Export of a trace as a runnable bash reproduction for a real cluster with OpenKruise installed
 * (`export --format kubectl`): the CloneSet of the initial state, then the trace's user steps as kubectl
 * commands, with waits between them that let the controller reach the trace's intermediate states, and a
 * final check of the pods that prints REPRODUCED (exit 0) or NOT REPRODUCED (exit 1).
 *
 * The controller cannot be stepped from outside, but the kubelet can: each pod's readiness probe passes
 * only once the script creates /tmp/ready in its container, so the trace's `ready(pod)` steps happen when
 * the script takes them, and a state with unready pods holds still long enough to be observed. A state
 * where the model's controller has nothing left to do is then a stable point to wait for (pods per
 * revision and the status); a state the controller would leave at once is named as a race in a comment.
 *
 * Pods carry `controller-revision-hash` = the revision's name, a hash unknown before the run, so the script
 * maps names to the trace's templates by the image in each ControllerRevision (template vN has image
 * IMAGE_VN). The output is byte-identical for the same trace.
 *
 * The final check compares the pods and, for a property whose violation is in the status
 * (STATUS_FIELDS_JUDGED), the status fields it judges: a fixed controller may leave the same pods. A kubectl
 * call that fails is no verdict (exit 3) wherever it runs, command substitutions included: the script keeps no
 * command substitution in a context where bash ignores a failure (an `if` or `||` test, a here-string, an
 * argument of echo).
 */
import { ranksConditions, someConditionTimed } from '../model/cloneset/condition-order.js';
import { match } from 'ts-pattern';
import { actorOf, enabledActions, isFailingReconcile, type Action } from '../model/cloneset/actions.js';
import { picksTellAWay } from '../model/cloneset/reconcile.js';
import { PROPERTY_NAMES, STATUS_FIELDS_JUDGED } from '../model/cloneset/properties.js';
import {
  hasAvailabilityWindow,
  hasPauseChanges,
  hasStrategyEdits,
  observeOptions,
  type ObserveOptions,
  type Scenario,
} from '../model/cloneset/scenario.js';
import { readyCondition, revName, type CloneSetState, type Pod, type Status } from '../model/cloneset/state.js';
import { holdsZeroPair, partitionOf, viewOf, type ScenarioView } from '../model/cloneset/view.js';
import { REASON_TEXT } from '../model/controller/progress.js';
import { VARIANTS } from '../model/controller/promotion.js';
import {
  apiVersionOf,
  cloneSetLabelLines,
  hookLabelLines,
  IN_PLACE_LABEL,
  isV1beta1,
  lifecycleLines,
  PRE_DELETE_LABEL,
  scaleStrategyLines,
  updateStrategyLines,
  yamlValue,
} from './cloneset-spec.js';
import { allSteps, type TraceDocument, type TraceStepDoc } from './document.js';
import { staleReconciles } from './stale-steps.js';

/** Default image tags for templates v1, v2, … (published nginx tags, so pods actually start). */
export const KUBECTL_IMAGE_TAGS = [
  '1.25.1',
  '1.25.2',
  '1.25.3',
  '1.25.4',
  '1.25.5',
  '1.26.0',
  '1.26.1',
  '1.26.2',
  '1.26.3',
  '1.27.0',
  '1.27.1',
  '1.27.2',
  '1.27.3',
  '1.27.4',
  '1.27.5',
  '1.28.0',
] as const;

/** A bash single-quoted word. */
export const shellQuote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

/** One comment line: newlines in messages must not end the comment. */
const comment = (s: string): string => `# ${s.replace(/\s*\n\s*/g, ' ')}`;

const isDriven = (a: Action | null): a is Action => a !== null && commandOf(a).kind !== 'controller';

const templatesOf = (doc: TraceDocument): number => {
  const revs = allSteps(doc).flatMap((st) => [...st.state.history, ...st.state.pods.map((p) => p.rev), st.state.spec.template]);
  return Math.max(doc.scenario.templates, ...revs.map((r) => r + 1));
};

/**
 * `pods v1=T/R v2=T/R,Updating:1;`: per template, pods (total/ready), then (with `detail`) those in a
 * lifecycle other than Normal and those marked for deletion, when there are any; what `observe` (`observe
 * counts` without the detail) prints first.
 */
export function podsExpectation(s: CloneSetState, templates: number, detail = true): string {
  const parts = Array.from({ length: templates }, (_, r) => {
    const at = s.pods.filter((p) => p.rev === r);
    const extra = [
      ...(['PreparingNormal', 'Updating'] as const).map((l) => [l, at.filter((p) => p.lifecycle === l).length] as const),
      ['marked', at.filter((p) => p.marked).length] as const,
    ]
      .filter(([, n]) => detail && n > 0)
      .map(([k, n]) => `,${k}:${n}`);
    return `${revName(r)}=${at.length}/${at.filter((p) => p.ready).length}${extra.join('')}`;
  });
  return `pods ${parts.join(' ')};`;
}

/** The status fields `observe` reads, each with the name it prints it by, in its order. */
const OBSERVED_STATUS = [
  ['currentRevision', 'current'],
  ['updateRevision', 'update'],
  ['replicas', 'replicas'],
  ['readyReplicas', 'ready'],
  ['updatedReplicas', 'updated'],
  ['updatedReadyReplicas', 'updatedReady'],
] as const satisfies readonly (readonly [keyof Status, string])[];

type ObservedField = (typeof OBSERVED_STATUS)[number][0];
const ALL_OBSERVED: readonly ObservedField[] = OBSERVED_STATUS.map(([f]) => f);

/** `fields` as observe reads them, in its order; a field it does not read cannot be compared, so it is a bug to ask. */
function observedOf(fields: readonly (keyof Status)[]): readonly (readonly [ObservedField, string])[] {
  const missing = fields.find((f) => !OBSERVED_STATUS.some(([o]) => o === f));
  if (missing !== undefined) throw new Error(`internal: observe does not read status.${missing}`);
  return OBSERVED_STATUS.filter(([f]) => fields.includes(f));
}

/** `status current=v1 update=v2 …`: `fields` of `st` as `observe "" FIELDS` prints them. */
function statusWords(st: Status, fields: readonly (keyof Status)[]): string {
  const words = observedOf(fields).map(([f, name]) => {
    const value = f === 'currentRevision' || f === 'updateRevision' ? revName(st[f]) : String(st[f]);
    return `${name}=${value}`;
  });
  return `status ${words.join(' ')}`;
}

/** The written status as `observe` prints it after the pods. */
export function statusExpectation(s: CloneSetState): string {
  return statusWords(s.status, ALL_OBSERVED);
}

/** What the model's controller would still do in this state (empty: it waits for the kubelet or a user). */
function controllerNext(v: ScenarioView, s: CloneSetState): readonly string[] {
  return enabledActions(v, s)
    .filter((a) => actorOf(a) === 'controller')
    .map((a) => (a.kind === 'reconcile' ? 'reconcile' : 'write-status'));
}

/** `NAME="${NAME:-value}"`: a setting from the environment, with its default. */
const envDefault = (name: string, value: string): string => `${name}="\${${name}:-${value}}"`;

function manifest(doc: TraceDocument, v: ScenarioView, s: CloneSetState): readonly string[] {
  const sc = doc.scenario;
  return [
    `apiVersion: ${apiVersionOf(sc)}`,
    'kind: CloneSet',
    'metadata:',
    '  name: $NAME',
    '  namespace: $NAMESPACE',
    ...cloneSetLabelLines(sc),
    'spec:',
    `  replicas: ${s.spec.replicas}`,
    `  minReadySeconds: ${hasAvailabilityWindow(sc) ? '$MIN_READY_SECONDS' : 0}`,
    ...(sc.progressDeadline === true ? ['  progressDeadlineSeconds: $PROGRESS_DEADLINE_SECONDS'] : []),
    '  selector:',
    '    matchLabels:',
    '      app: $NAME',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: $NAME',
    ...hookLabelLines(sc),
    '    spec:',
    '      terminationGracePeriodSeconds: 5',
    '      containers:',
    '        - name: app',
    `          image: $IMAGE_V${s.spec.template + 1}`,
    '          readinessProbe:',
    '            exec:',
    '              command: ["cat", "/tmp/ready"]',
    '            periodSeconds: 1',
    '            failureThreshold: 1',
    ...lifecycleLines(sc),
    ...scaleStrategyLines(sc),
    // The scenario's own maxSurge and maxUnavailable: the initial state's (strategy edits start from them).
    ...updateStrategyLines(sc, { partition: partitionOf(v, s), maxSurge: sc.maxSurge, maxUnavailable: sc.maxUnavailable }),
  ];
}

/**
 * A helper's text for the CloneSet's version: patched through the resource of the version the script wrote,
 * whatever version kubectl prefers — on a cluster that serves v1beta1 too (upstream HEAD), `cloneset` is
 * v1beta1, whose rolling-update fields sit under rollingUpdate and whose webhook validates the patch — and
 * for v1beta1 (OnDelete) with the rolling-update fields under rollingUpdate.
 */
const forVersion = (sc: Scenario, text: string): string =>
  isV1beta1(sc)
    ? text
        .replaceAll('k patch cloneset "$NAME"', 'k patch clonesets.v1beta1.apps.kruise.io "$NAME"')
        .replaceAll('/spec/updateStrategy/', '/spec/updateStrategy/rollingUpdate/')
    : text.replaceAll('k patch cloneset "$NAME"', 'k patch clonesets.v1alpha1.apps.kruise.io "$NAME"');

/**
 * The deadline-passes step: nothing to drive, only time. Every progressDeadlineSeconds is the same deadline to
 * the model. The script's (PROGRESS_DEADLINE_SECONDS) must be longer than TIMEOUT, the longest the script waits
 * for one state: a controller with the fix also reports ProgressDeadlineExceeded, progressDeadlineSeconds after
 * the rollout it times, and only a deadline longer than the wait for the condition keeps that apart from the
 * bug (wait_deadline refuses to go on otherwise: no verdict). Before the deadline passes the script waits for
 * the condition the trace has there (wait_condition), so that the deadline runs from the same condition; it then
 * waits one second more than the deadline (getRequeueSecondsFromCondition requeues the CloneSet for it).
 */
const DEADLINE_HELPER = `# Every progressDeadlineSeconds is the same deadline to the model. It must be longer than TIMEOUT: a fixed
# controller reports a deadline too, progressDeadlineSeconds after the rollout, and only a longer deadline keeps
# that apart from a deadline reported at once.
${envDefault('PROGRESS_DEADLINE_SECONDS', '600')}

# Time, not an act: the Progressing condition's lastUpdateTime becomes older than progressDeadlineSeconds.
wait_deadline() {
  if ((PROGRESS_DEADLINE_SECONDS <= TIMEOUT)); then
    echo "ERROR: PROGRESS_DEADLINE_SECONDS ($PROGRESS_DEADLINE_SECONDS) must be above TIMEOUT ($TIMEOUT), or a fixed controller's deadline could pass within a wait: no verdict" >&2
    exit 3
  fi
  echo "+ progressDeadlineSeconds pass (waiting $PROGRESS_DEADLINE_SECONDS s and one more)"
  sleep $((PROGRESS_DEADLINE_SECONDS + 1))
}

# Polls until the CloneSet's Progressing condition has reason $1 (with $2 "final", adds it to REACHED); NOT
# REPRODUCED after TIMEOUT seconds.
wait_condition() {
  local got deadline=$((SECONDS + TIMEOUT))
  while true; do
    got=$(k get cloneset "$NAME" -o 'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}')
    if [[ $got == "$1" ]]; then
      if [[ \${2:-} == final ]]; then REACHED="Progressing $got"; fi
      echo "  reached: Progressing $got"
      return 0
    fi
    [[ -n $got ]] || got=none
    ((SECONDS < deadline)) || fail "the Progressing condition did not become $1 within $TIMEOUT seconds (last seen: $got)"
    sleep "$POLL"
  done
}`;

/** The window a reproduction gives its pods at least: the steps between a pod's ready and available must fit in it. */
const MIN_WINDOW = 120;

/**
 * The available(pod) step: nothing to drive, the cluster makes a ready pod available on its own once its
 * Ready condition is minReadySeconds old. Every value above 0 is the same window to the model, so the
 * script's CloneSet gets a long one (MIN_READY_SECONDS, at least MIN_WINDOW) to give the trace's steps
 * between a pod's ready and available steps time to land within it. make_ready notes when it made each pod
 * ready (READY_AT); an available step waits until the window of the earliest-readied pod of its kind has
 * passed, so the windows of pods readied later stay open, as in the trace. A trace whose windows end in
 * another order than they began (the model allows it, as nodes' clocks may) cannot be replayed so, nor one
 * where only the controller's cached copy of a pod becomes available.
 */
const availabilityHelper = (seconds: number): string =>
  String.raw`# The trace's minReadySeconds is ${seconds}; any value above 0 is the same window to the model, and a long one
# gives the steps a pod takes between ready and available in the trace time to land within it here.
${envDefault('MIN_READY_SECONDS', String(Math.max(seconds, MIN_WINDOW)))}

# Time, not an act: waits until the window of the earliest-readied ready pod of template v$1 with
# specified-delete mark $2 (true or empty) that this script made ready has passed.
wait_available() {
  local rows name hash deleted ready lifecycle marked best="" left
  REVS=$(revisions)
  rows=$(pod_rows)
  while IFS='|' read -r name hash deleted ready lifecycle marked; do
    [[ -n $name && -z $deleted && $ready == True && -n $\{READY_AT[$name]:-} ]] || continue
    [[ $(template_of "$hash") == "v$1" && $marked == "$2" ]] || continue
    if [[ -z $best ]] || ((READY_AT[$name] < READY_AT[$best])); then best=$name; fi
  done <<<"$rows"
  if [[ -z $best ]]; then
    echo "+ a ready v$1 pod becomes available (none this script made ready is left: waiting minReadySeconds, $MIN_READY_SECONDS s)"
    sleep "$MIN_READY_SECONDS"
    return 0
  fi
  left=$((READY_AT[$best] + MIN_READY_SECONDS - SECONDS))
  echo "+ $best becomes available (its window ends in $((left > 0 ? left : 0)) s)"
  if ((left > 0)); then sleep "$left"; fi
  unset "READY_AT[$best]"
}`.replaceAll('$\\{', '${');

/**
 * What make_ready does with a pod it made ready (noted_ready): with minReadySeconds, note when, for
 * wait_available; otherwise nothing.
 */
const readyNote = (window: boolean): readonly string[] =>
  window
    ? [
        '# When make_ready made each pod ready (SECONDS), by pod name: wait_available waits out its window.',
        'declare -A READY_AT=()',
        'noted_ready() { READY_AT[$1]=$SECONDS; }',
      ]
    : ['# A pod make_ready made ready: nothing to note (no minReadySeconds window).', 'noted_ready() { :; }'];

/**
 * The pause edit's JSON-patch operation, only in scripts of scenarios whose users pause (kubectl-kruise rollout
 * pause / resume patch the same field): scripts of other scenarios stay as they were.
 */
const OP_PAUSED = `op_paused() { printf '{"op":"add","path":"/spec/updateStrategy/paused","value":%s}' "$1"; }`;

/** The strategy edit's JSON-patch operation (field, value), only in scripts of scenarios whose users edit it. */
const OP_STRATEGY = `op_strategy() { printf '{"op":"replace","path":"/spec/updateStrategy/%s","value":%s}' "$1" "$2"; }`;

/** The helpers every script shares: observation of the cluster, waits, and the script-driven steps. */
const HELPERS = String.raw`# kubectl in the script's namespace. A failure is no verdict: one ERROR line and exit 3, from a command
# substitution too, whose status 3 the ERR trap passes on without a second line (so no caller tests one with
# if, || or !, where bash would ignore it).
k() {
  local rc=0
  kubectl --namespace "$NAMESPACE" "$@" || rc=$?
  if ((rc != 0)); then
    echo "ERROR: kubectl $1 $\{2:-} failed (exit $rc): no verdict" >&2
    exit 3
  fi
}

fail() {
  echo "NOT REPRODUCED: $*"
  exit 1
}

# "name image" per ControllerRevision of the CloneSet (their labels are the template's).
revisions() {
  k get controllerrevisions -l "app=$NAME" -o 'jsonpath={range .items[*]}{.metadata.name}{" "}{.data.spec.template.spec.containers[0].image}{"\n"}{end}'
}

# "name|revision|deletionTimestamp|Ready|lifecycle|specified-delete" per pod of the CloneSet.
pod_rows() {
  k get pods -l "app=$NAME" -o 'jsonpath={range .items[*]}{.metadata.name}{"|"}{.metadata.labels.controller-revision-hash}{"|"}{.metadata.deletionTimestamp}{"|"}{.status.conditions[?(@.type=="Ready")].status}{"|"}{.metadata.labels.lifecycle\.apps\.kruise\.io/state}{"|"}{.metadata.labels.apps\.kruise\.io/specified-delete}{"\n"}{end}'
}

# The trace's name (vN) of a revision, by its image; "?" for any other revision.
template_of() {
  local rname image n
  while read -r rname image; do
    [[ -n $rname && $rname == "$1" ]] || continue
    for ((n = 1; n <= TEMPLATES; n++)); do
      if [[ $image == "$\{IMAGES[$n]}" ]]; then
        echo "v$n"
        return
      fi
    done
  done <<<"$REVS"
  echo "?"
}

# One line: pods per template (total/ready, then, unless $1 is "counts", any lifecycle other than Normal and
# the specified-delete mark; terminating pods left out), then the CloneSet's status: the fields $2 names
# (current update replicas ready updated updatedReady), all of them when it is empty.
observe() {
  local rows status name hash deleted ready lifecycle marked t n key out cur upd replicas readyr updated updready
  local -A total=() readies=() extra=() st=()
  REVS=$(revisions)
  rows=$(pod_rows)
  while IFS='|' read -r name hash deleted ready lifecycle marked; do
    [[ -n $name && -z $deleted ]] || continue
    t=$(template_of "$hash")
    total[$t]=$(($\{total[$t]:-0} + 1))
    if [[ $ready == True ]]; then readies[$t]=$(($\{readies[$t]:-0} + 1)); fi
    if [[ $\{lifecycle:-Normal} != Normal ]]; then extra[$t:$lifecycle]=$(($\{extra[$t:$lifecycle]:-0} + 1)); fi
    if [[ $marked == true ]]; then extra[$t:marked]=$(($\{extra[$t:marked]:-0} + 1)); fi
  done <<<"$rows"
  out="pods"
  for ((n = 1; n <= TEMPLATES; n++)); do
    out+=" v$n=$\{total[v$n]:-0}/$\{readies[v$n]:-0}"
    [[ $\{1:-} != counts ]] || continue
    for key in PreparingNormal Updating PreparingUpdate Updated PreparingDelete marked; do
      if [[ -n $\{extra[v$n:$key]:-} ]]; then out+=",$key:$\{extra[v$n:$key]}"; fi
    done
  done
  if [[ -n $\{total[?]:-} ]]; then out+=" other=$\{total[?]}"; fi
  status=$(k get cloneset "$NAME" -o 'jsonpath={.status.currentRevision}{"|"}{.status.updateRevision}{"|"}{.status.replicas}{"|"}{.status.readyReplicas}{"|"}{.status.updatedReplicas}{"|"}{.status.updatedReadyReplicas}')
  IFS='|' read -r cur upd replicas readyr updated updready <<<"$status"
  st=([current]=$(template_of "$cur") [update]=$(template_of "$upd") [replicas]=$\{replicas:-0} [ready]=$\{readyr:-0} [updated]=$\{updated:-0} [updatedReady]=$\{updready:-0})
  out+="; status"
  for key in $\{2:-current update replicas ready updated updatedReady}; do out+=" $key=$\{st[$key]}"; done
  echo "$out"
}

# Polls until the observation (observe $3 $4: "counts" for pod counts only, then the status fields to show)
# starts with $2, and leaves it in REACHED; NOT REPRODUCED after TIMEOUT seconds.
wait_state() {
  local got deadline=$((SECONDS + TIMEOUT))
  while true; do
    got=$(observe "$\{3:-}" "$\{4:-}")
    if [[ $got == "$2"* ]]; then
      REACHED=$got
      echo "  reached: $got"
      return 0
    fi
    ((SECONDS < deadline)) || fail "$1: the cluster did not reach '$2' within $\{TIMEOUT}s (last seen: $got)"
    sleep "$POLL"
  done
}

# The name of a live pod of template v$1 with Ready $2, lifecycle $3 and specified-delete mark $4 (true or
# empty), or nothing.
pick_pod() {
  local rows name hash deleted ready lifecycle marked
  REVS=$(revisions)
  rows=$(pod_rows)
  while IFS='|' read -r name hash deleted ready lifecycle marked; do
    [[ -n $name && -z $deleted ]] || continue
    [[ $(template_of "$hash") == "v$1" && $\{ready:-False} == "$2" && $\{lifecycle:-Normal} == "$3" && $marked == "$4" ]] || continue
    echo "$name"
    return
  done <<<"$rows"
}

# Waits for a live pod as pick_pod finds it and sets pod, the caller's variable (bash's dynamic scope), to its
# name: called as pod=$(await_pod …) || fail, a failing kubectl inside would be ignored. NOT REPRODUCED after
# TIMEOUT seconds. (A pod of the trace's kind may still be on its way: a lifecycle the controller is about to
# change.)
await_pod() {
  local seen deadline=$((SECONDS + TIMEOUT))
  while true; do
    pod=$(pick_pod "$@")
    if [[ -n $pod ]]; then return 0; fi
    seen=$(observe)
    ((SECONDS < deadline)) || fail "no pod of v$1 with Ready $2, lifecycle $3, mark '$4' within $\{TIMEOUT}s (last seen: $seen)"
    sleep "$POLL"
  done
}

# The kubelet's step: one pod's readiness probe starts to pass (a restart or a new pod resets it).
make_ready() {
  local pod ready deadline
  await_pod "$1" False Normal "$2"
  deadline=$((SECONDS + TIMEOUT))
  echo "+ ready $pod"
  # A new pod's container may still be starting (image pull): exec works once it runs, and fails until then,
  # so this one call is kubectl's own, not k's.
  until kubectl --namespace "$NAMESPACE" exec "$pod" -- touch /tmp/ready 2>/dev/null; do
    ((SECONDS < deadline)) || fail "pod $pod: its container did not run within $\{TIMEOUT}s, so it could not be made ready"
    sleep "$POLL"
  done
  while true; do
    ready=$(k get pod "$pod" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}')
    if [[ $ready == True ]]; then
      noted_ready "$pod"
      return 0
    fi
    ((SECONDS < deadline)) || fail "pod $pod did not become ready within $\{TIMEOUT}s"
    sleep "$POLL"
  done
}

# The user's delete: the pod gets its deletionTimestamp and leaves the controller's active pods at once.
delete_pod() {
  local pod
  await_pod "$@"
  echo "+ delete $pod"
  k delete pod "$pod" --wait=false
}

# JSON-patch operations on the CloneSet's spec, applied together by spec_patch (one write, one event).
op_image() { printf '{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"%s"}' "$\{IMAGES[$1]}"; }
op_replicas() { printf '{"op":"replace","path":"/spec/replicas","value":%s}' "$1"; }
op_partition() { printf '{"op":"replace","path":"/spec/updateStrategy/partition","value":%s}' "$1"; }
spec_patch() {
  local IFS=,
  echo "+ patch [$*]"
  k patch cloneset "$NAME" --type json -p "[$*]"
}`.replaceAll('$\\{', '${');

const markArg = (p: Pod): string => (p.marked ? 'true' : "''");

/** A pod step without a helper of its own: find a pod of the kind, then run `command` on "$pod". */
const podLine = (p: Pod, what: string, command: string): string =>
  `await_pod ${p.rev + 1} ${readyCondition(p) ? 'True' : 'False'} ${p.lifecycle} ${markArg(p)}\necho "+ ${what} $pod"\n${command}`;

/**
 * How the script takes a step: a spec edit is a JSON-patch operation (edits with no reconcile between them
 * share one patch), a pod step a command of its own, and the controller's steps are waited for.
 */
type StepCommand =
  | { readonly kind: 'spec'; readonly op: string }
  | { readonly kind: 'pod'; readonly line: string }
  | { readonly kind: 'controller' };

function commandOf(a: Action): StepCommand {
  return (
    match(a)
      .with({ kind: 'rollout' }, (x): StepCommand => ({ kind: 'spec', op: `"$(op_image ${x.template + 1})"` }))
      .with({ kind: 'scale' }, (x): StepCommand => ({ kind: 'spec', op: `"$(op_replicas ${x.replicas})"` }))
      .with({ kind: 'setPartition' }, (x): StepCommand => ({ kind: 'spec', op: `"$(op_partition ${shellQuote(yamlValue(x.value))})"` }))
      // kubectl-kruise rollout pause / resume patch the same field.
      .with({ kind: 'setPaused' }, (x): StepCommand => ({ kind: 'spec', op: `"$(op_paused ${x.paused})"` }))
      .with(
        { kind: 'setStrategy' },
        (x): StepCommand => ({ kind: 'spec', op: `"$(op_strategy ${x.field} ${shellQuote(yamlValue(x.value))})"` }),
      )
      .with(
        { kind: 'deletePod' },
        (x): StepCommand =>
          // The script deleted a pod at its failure already (podFail, below): nothing is left to delete.
          x.via?.failed === true
            ? { kind: 'pod', line: `echo "+ the user deletes the failed v${x.pod.rev + 1} pod (this script deleted it at its failure)"` }
            : {
                kind: 'pod',
                line: `delete_pod ${x.pod.rev + 1} ${x.pod.ready ? 'True' : 'False'} ${x.pod.lifecycle} ${markArg(x.pod)}`,
              },
      )
      .with({ kind: 'podReady' }, (x): StepCommand => ({ kind: 'pod', line: `make_ready ${x.pod.rev + 1} ${markArg(x.pod)}` }))
      // Time, not an act: the pod's Ready condition is old enough once minReadySeconds have passed.
      .with({ kind: 'podAvailable' }, (x): StepCommand => ({ kind: 'pod', line: `wait_available ${x.pod.rev + 1} ${markArg(x.pod)}` }))
      // Time too: the Progressing condition's lastUpdateTime is progressDeadlineSeconds old.
      .with({ kind: 'deadlinePasses' }, (): StepCommand => ({ kind: 'pod', line: 'wait_deadline' }))
      .with(
        { kind: 'markPod' },
        (x): StepCommand => ({ kind: 'pod', line: podLine(x.pod, 'mark', 'k label pod "$pod" apps.kruise.io/specified-delete=true') }),
      )
      .with(
        { kind: 'podUnready' },
        (x): StepCommand => ({ kind: 'pod', line: podLine(x.pod, 'unready', 'k exec "$pod" -- rm -f /tmp/ready') }),
      )
      // A failed pod and a deleted one are alike in what the controller lists (both inactive); a delete is what a
      // script can do. (Unlike a Failed pod's, the controller's later writes to it may be NotFound.)
      .with(
        { kind: 'podFail' },
        (x): StepCommand => ({ kind: 'pod', line: podLine(x.pod, 'fail (as a delete)', 'k delete pod "$pod" --wait=false') }),
      )
      .with(
        { kind: 'inPlaceDone' },
        (x): StepCommand => ({
          kind: 'pod',
          line: `echo "+ the kubelet restarts a v${x.pod.rev + 1} pod in place on its own"`,
        }),
      )
      .with(
        { kind: 'releaseHook' },
        (x): StepCommand => ({
          kind: 'pod',
          line: podLine(
            x.pod,
            'release hook',
            `k label pod "$pod" ${x.pod.lifecycle === 'PreparingDelete' ? PRE_DELETE_LABEL : IN_PLACE_LABEL}-`,
          ),
        }),
      )
      .with(
        { kind: 'restoreHook' },
        (x): StepCommand => ({ kind: 'pod', line: podLine(x.pod, 'restore hook', `k label pod "$pod" ${IN_PLACE_LABEL}=true`) }),
      )
      // A cache sync and a failed status write are the controller's too: a cluster cannot be made to take
      // them, so the script waits as for any controller step (a stale read is not forced).
      .with(
        { kind: 'reconcile' },
        { kind: 'writeStatus' },
        { kind: 'cacheSync' },
        { kind: 'revisionCacheSync' },
        { kind: 'statusWriteFails' },
        { kind: 'podCacheSync' },
        { kind: 'expectationsExpire' },
        (): StepCommand => ({
          kind: 'controller',
        }),
      )
      .exhaustive()
  );
}

/** What the model's controller reads from a lagging cache, in words ("the CloneSet from …, the pods from …"). */
function laggingReads(o: ObserveOptions): string {
  const parts = [
    ...(o.staleReads > 0 ? [`the CloneSet from a cache up to ${o.staleReads} version(s) behind the API server`] : []),
    ...(o.staleRevisions ? ['the ControllerRevisions from a cache that may lack the last one written'] : []),
    ...(o.expectations !== 'ideal' ? ['the pods from a cache that receives their changes by a step of its own'] : []),
  ];
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

const specOp = (a: Action): string | null => {
  const c = commandOf(a);
  return c.kind === 'spec' ? c.op : null;
};

/**
 * Commands for driven steps that follow each other with no controller step between them. `v`: the trace's
 * scenario, whose deadline steps may pass the deadline for some copies of the condition only (condition-order.ts).
 */
function burst(v: ScenarioView, before: TraceStepDoc, steps: readonly TraceStepDoc[]): readonly string[] {
  const out: string[] = [];
  const ops = steps.flatMap((st) => (st.action === null ? [] : [specOp(st.action)])).filter((x): x is string => x !== null);
  const specLabels = steps.filter((st) => st.action !== null && specOp(st.action) !== null).map((st) => st.label);
  if (steps.length > 1) {
    out.push(
      comment(
        `steps ${steps[0]!.index}–${steps[steps.length - 1]!.index} land with no reconcile between them in the trace: ${steps.map((s) => s.label).join(', ')}.`,
      ),
    );
    if (ops.length > 1)
      out.push(comment(`The spec changes (${specLabels.join(', ')}) go in one patch, so the controller sees them together.`));
    if (podAfterSpec(steps))
      out.push(
        comment(
          'The pod steps go first and the patch after them: the controller would act on a spec change at once (a scale-down deleting the pods these steps take, say), and in the trace it sees none of these steps until all have landed, so their order among themselves is free.',
        ),
      );
    if (steps.length > ops.length)
      out.push(
        comment(
          'Race: the controller reacts to each pod change at once; the commands below follow each other as closely as the shell allows.',
        ),
      );
  }
  let prev = before.state;
  const last = steps[steps.length - 1];
  for (const st of steps) {
    const a = st.action;
    const from = prev;
    prev = st.state;
    if (a === null) continue;
    out.push(comment(`step ${st.index}: ${st.label} (${actorOf(a)})`));
    const cmd = commandOf(a);
    if (a.kind === 'deadlinePasses' && ranksConditions(v) && someConditionTimed(v, st.state)) {
      // Waiting passes the deadline for every copy the cluster holds, and a controller with the fix may then
      // report it too: no verdict rather than a REPRODUCED that proves nothing.
      out.push(
        comment(
          "The trace passes the deadline for the oldest copies of the condition only (another copy, in the API server or in the controller's cache, was set later and still waits); a cluster cannot be made to do that.",
        ),
        `echo "ERROR: step ${st.index} passes progressDeadlineSeconds for some copies of the Progressing condition only, which a cluster cannot be made to do: no verdict" >&2`,
        'exit 3',
      );
      return out;
    }
    // The deadline runs from the condition the trace has there: the cluster must show it first.
    const condition = from.status.progressing;
    if (a.kind === 'deadlinePasses' && condition !== undefined) out.push(`wait_condition ${REASON_TEXT[condition.reason]}`);
    if (cmd.kind === 'pod') out.push(cmd.line);
    else if (cmd.kind === 'controller') throw new Error(`internal: ${st.label} is not a user or kubelet step`);
    else if (st !== last) out.push(comment('(in the patch below)'));
  }
  if (ops.length === 0) return out;
  // One spec write for the burst, after its pod steps.
  const only = ops.length === 1 ? steps.find((st) => st.action !== null && specOp(st.action) !== null)!.action : null;
  out.push(
    only?.kind === 'scale'
      ? `echo "+ scale ${only.replicas}"\nk scale cloneset "$NAME" --replicas=${only.replicas}`
      : `spec_patch ${ops.join(' ')}`,
  );
  return out;
}

/** Whether a pod (or kubelet, or time) step of the burst comes after one of its spec edits. */
function podAfterSpec(steps: readonly TraceStepDoc[]): boolean {
  const first = steps.findIndex((st) => st.action !== null && specOp(st.action) !== null);
  return first >= 0 && steps.slice(first + 1).some((st) => st.action !== null && specOp(st.action) === null);
}

function waitFor(v: ScenarioView, st: TraceStepDoc, templates: number, what: string): readonly string[] {
  const next = controllerNext(v, st.state);
  const stable = next.length === 0;
  const pods = podsExpectation(st.state, templates, stable);
  const why = stable
    ? `wait for the state after step ${st.index}: pods and status (the model's controller has nothing more to do there).`
    : next.includes('reconcile')
      ? `wait for the pods after step ${st.index}. Race: in the trace the next step comes before the controller's next reconcile; on a cluster the controller may act first and move the pods on.`
      : `wait for the pods after step ${st.index}. Race for the status only: in the trace the next step comes before the controller writes the status it computed (the write does not touch the pods); on a cluster the write comes first.`;
  return [
    comment(why),
    stable
      ? `wait_state ${shellQuote(what)} ${shellQuote(`${pods} ${statusExpectation(st.state)}`)}`
      : `wait_state ${shellQuote(what)} ${shellQuote(pods)} counts`,
  ];
}

/**
 * Whether a reconcile of the trace takes an outcome of upstream's free choices. With podWriteFailures the
 * reconciles are numbered for their failing outcomes too: there only a non-canonical one that is not a
 * failure (choice 0 is the canonical pick), or a lone one that is one of upstream's ways, is a free choice.
 */
function takesFreeChoice(sc: Scenario, steps: readonly TraceStepDoc[]): boolean {
  const podWrites = observeOptions(sc).podWriteFailures > 0;
  return steps.some(
    (st) =>
      st.action?.kind === 'reconcile' &&
      st.action.choice !== undefined &&
      (!podWrites || ((st.action.choice > 0 || picksTellAWay(st.action.picks ?? '')) && !isFailingReconcile(st.action))),
  );
}

/** Step numbers for a comment: "step 3" or "steps 3, 7" ("Step…" with `capital`). */
const stepList = (at: readonly number[], capital = false): string =>
  `${capital ? 'S' : 's'}tep${at.length === 1 ? '' : 's'} ${at.join(', ')}`;

/** HELPERS' fail, which STALE_FAIL replaces. */
const PLAIN_FAIL = `fail() {
  echo "NOT REPRODUCED: $*"
  exit 1
}`;
if (!HELPERS.includes(PLAIN_FAIL)) throw new Error('internal: HELPERS has no fail() as PLAIN_FAIL spells it');

/**
 * `fail` for a script with a reconcile only a lagging cache explains (staleReconciles): past it (STALE_STEP
 * set) a state the cluster does not reach is no verdict, as its controller, with caches caught up, may take
 * another path to the same end or none.
 */
const STALE_FAIL = `# Past a reconcile whose outcome needs a lagging cache (STALE_STEP), a state not reached is no verdict.
STALE_STEP=""
fail() {
  if [[ -n $STALE_STEP ]]; then
    echo "ERROR: $*; step $STALE_STEP's reconcile needs a lagging cache, which a cluster cannot be made to have: no verdict" >&2
    exit 3
  fi
  echo "NOT REPRODUCED: $*"
  exit 1
}`;

/** The line that marks the waits from here on as past the first reconcile only a lagging cache explains, if they are. */
function staleMark(stale: readonly number[], upTo: number, marked: boolean): readonly string[] {
  const first = stale[0];
  if (marked || first === undefined || first > upTo) return [];
  return [
    comment(
      `Step ${first}'s reconcile read a lagging cache and did what a controller with caught-up caches would not: from here on a state the cluster does not reach is no verdict (exit 3).`,
    ),
    `STALE_STEP=${first}`,
  ];
}

/** The bash reproduction of a trace; the caller replays the trace first (export does). */
export function toKubectlScript(doc: TraceDocument): string {
  const v = viewOf(doc.scenario);
  const sc = doc.scenario;
  const steps = allSteps(doc);
  const first = steps[0];
  const last = steps[steps.length - 1];
  if (first === undefined || last === undefined) throw new Error('internal: a trace without steps');
  const templates = templatesOf(doc);
  const c = doc.continuation;
  const prop = doc.property;
  const failing = steps.filter((st) => st.action !== null && isFailingReconcile(st.action)).map((st) => st.index);
  const stale = staleReconciles(v, steps);
  const o = observeOptions(sc);
  const out: string[] = [
    '#!/usr/bin/env bash',
    '# Reproduction on a real cluster of a cloneset-check trace (cloneset-check export --format kubectl).',
    prop === null ? '# A CloneSet trace.' : comment(`Counterexample to ${prop.name} (${prop.kind}): ${prop.message}`),
    comment(`Controller variant of the trace: ${doc.controller}: ${VARIANTS[doc.controller].summary}.`),
    comment(
      `Needs kubectl and OpenKruise${isV1beta1(sc) ? ' serving apps.kruise.io/v1beta1 CloneSets (upstream HEAD, after v1.9.0: updateStrategy.type OnDelete is v1beta1 only)' : ''}; kruise-manager with the CloneSetPartitionRollback feature gate ${sc.rollbackGate ? 'on' : 'off'}.`,
    ),
    // Only where it applies, so every other script is as it was.
    ...(isV1beta1(sc) && sc.rollingUpdate !== false && v.zeroStrategyValues.unavailables.some((z) => z)
      ? [
          comment(
            "Upstream HEAD's v1beta1 webhook refuses a maxUnavailable below 1 whatever maxSurge is (validateUpdateStrategyV1beta1 declares maxSurge again inside the block that reads it, so its pair check sees 0): there the CloneSet, or the edit that sets such a value, is refused and the script stops with exit 3.",
          ),
        ]
      : []),
    // Only where the trace holds the pair kruise's webhook takes at 0 replicas only.
    ...(steps.some((st) => holdsZeroPair(v, st.state.spec))
      ? [
          comment(
            "The trace sets maxSurge and maxUnavailable both to 0, which kruise's webhook takes at spec.replicas 0 only; kubectl scale (the scale subresource) gets past it, but a scale this script sends in one patch with other edits is validated at its new replicas, and refused there above 0: the script then stops with exit 3.",
          ),
        ]
      : []),
    comment(
      sc.statusWrite === 'separate'
        ? 'The model lets user steps fall between a reconcile and its status write; the controller does both at once, so such a step is a race.'
        : 'The model writes the status within the reconcile, as the controller does.',
    ),
    // Free choices: the cluster's controller breaks ties its own way, so a non-canonical step may not recur.
    ...(takesFreeChoice(sc, steps)
      ? [
          comment(
            'Some reconciles in the trace take one of several outcomes upstream leaves open (reconcile[i: …]: free choices; or, with a lagging pod cache, whether a pod deleted or changed since the cache saw it takes a write); the cluster picks its own, so it may take another.',
          ),
        ]
      : []),
    // Failing pod writes: a script cannot make the API server refuse one, so the cluster's reconcile lands them all.
    ...(failing.length === 0
      ? []
      : [
          comment(
            sc.podWriteTimeouts === true
              ? `A reconcile in the trace has a pod write refused by the API server or timed out after it landed (reconcile[i: write fails: …], reconcile[i: write times out: …], podWriteFailures, podWriteTimeouts): ${stepList(failing)} cannot be reproduced on a cluster as such (a script cannot make the API server refuse a write or lose its reply), so the cluster's controller may see every write succeed there and take another path.`
              : `A reconcile in the trace has a pod write refused by the API server (reconcile[i: write fails: …], podWriteFailures): ${stepList(failing)} cannot be reproduced on a cluster as such (a script cannot make the API server refuse a write), so the cluster's controller may land every write there and take another path.`,
          ),
        ]),
    // Lagging caches: a cluster's cannot be made to lag on demand.
    ...(o.staleReads > 0 || o.staleRevisions || o.expectations !== 'ideal'
      ? [
          comment(
            `The model's controller reads ${laggingReads(o)}; a cluster's caches catch up within moments and cannot be made to lag on demand. ${stale.length === 0 ? 'No reconcile of this trace needs a lagging cache for its outcome (a controller with caught-up caches may take each).' : `${stepList(stale, true)} ${stale.length === 1 ? 'is a reconcile' : 'are reconciles'} whose outcome only a lagging cache gives: past step ${stale[0]} a state the cluster does not reach is no verdict (exit 3), not NOT REPRODUCED, as its controller may take another path; REPRODUCED still means the cluster reached the trace's final state.`}`,
          ),
        ]
      : []),
    ...(o.statusWriteFailures > 0 && steps.some((st) => st.action?.kind === 'statusWriteFails')
      ? [
          comment(
            `A status write in the trace fails (write-status fails: statusWriteFailures) at ${stepList(steps.filter((st) => st.action?.kind === 'statusWriteFails').map((st) => st.index))}: a script cannot make the API server refuse one, so on a cluster it lands.`,
          ),
        ]
      : []),
    '# Readiness is driven by the script: a pod is ready once it has /tmp/ready (kubectl exec), like the ready(pod) steps.',
    judgesCondition(doc)
      ? "# Exit 0 and REPRODUCED (the last line) when the CloneSet's Progressing condition, which the property judges, is as in the trace;"
      : '# Exit 0 and REPRODUCED (the last line) when the final pods, and the status fields the property judges, are as in the trace;',
    '# exit 1 and NOT REPRODUCED otherwise; exit 2 on a name in use (the script never replaces a CloneSet);',
    '# exit 3 when a command fails (no OpenKruise, no access, an API error): no verdict. Needs bash 4 or later.',
    // Steps as check counts them: the initial state is none.
    comment(
      `Trace: ${steps.length - 1} steps${c === undefined ? '' : ` (${doc.steps.length - 1} and a continuation of ${c.steps.length})`}.`,
    ),
    'set -Eeuo pipefail',
    'if ((BASH_VERSINFO[0] < 4)); then',
    '  echo "this script needs bash 4 or later (associative arrays); run it with a newer bash" >&2',
    '  exit 3',
    'fi',
    // An error is not a verdict: exit 3, never NOT REPRODUCED's 1. Status 3 is one k already reported (from a
    // command substitution), passed on without a second line.
    `trap 'rc=$?; if ((rc != 3)); then echo "ERROR: a command failed (line $LINENO, exit $rc): no verdict" >&2; fi; exit 3' ERR`,
    '',
    envDefault('NAMESPACE', 'default'),
    envDefault('NAME', 'cloneset-check-repro'),
    envDefault('IMAGE', 'nginx'),
    envDefault('TIMEOUT', '300'),
    envDefault('POLL', '1'),
    `TEMPLATES=${templates}`,
  ];
  for (let n = 1; n <= templates; n++) {
    const tag = KUBECTL_IMAGE_TAGS[n - 1] ?? `v${n}`;
    out.push(envDefault(`IMAGE_V${n}`, `$IMAGE:${tag}`));
  }
  out.push(`IMAGES=(${Array.from({ length: templates }, (_, i) => `[${i + 1}]="$IMAGE_V${i + 1}"`).join(' ')})`);
  out.push(
    'REVS=""',
    'REACHED=""',
    '',
    ...readyNote(hasAvailabilityWindow(doc.scenario)),
    '',
    // fail as STALE_FAIL only where a reconcile needs a lagging cache, so every other script is as it was.
    forVersion(doc.scenario, stale.length > 0 ? HELPERS.replace(PLAIN_FAIL, STALE_FAIL) : HELPERS),
    ...(hasPauseChanges(doc.scenario) ? [forVersion(doc.scenario, OP_PAUSED)] : []),
    ...(hasStrategyEdits(doc.scenario) ? [forVersion(doc.scenario, OP_STRATEGY)] : []),
    '',
  );
  // Only with the window, so the scripts of other scenarios stay as they were.
  if (hasAvailabilityWindow(doc.scenario)) out.push(availabilityHelper(doc.scenario.minReadySeconds ?? 0), '');
  if (doc.scenario.progressDeadline === true) out.push(DEADLINE_HELPER, '');
  out.push(
    // Only NotFound is "no such CloneSet": any other failure (a timeout, no access) is an error. And create,
    // unlike apply, fails on a CloneSet made meanwhile instead of replacing it.
    'existing=$(k get cloneset "$NAME" --ignore-not-found -o name)',
    'if [[ -n $existing ]]; then',
    '  echo "cloneset $NAME already exists in namespace $NAMESPACE; set NAME to another name or delete it first" >&2',
    '  exit 2',
    'fi',
    '',
    comment(`step 0: the initial state (${first.summary.pods}).`),
    'k create -f - <<EOF',
    ...manifest(doc, v, first.state),
    'EOF',
  );
  const initiallyReady = first.state.pods.filter((p) => p.ready);
  out.push(
    `wait_state 'the initial pods' ${shellQuote(podsExpectation({ ...first.state, pods: first.state.pods.map((p) => ({ ...p, ready: false })) }, templates, false))} counts`,
  );
  if (initiallyReady.length > 0) out.push(comment('The initial pods are ready in the trace: make them so.'));
  for (const p of initiallyReady) out.push(`make_ready ${p.rev + 1} ${markArg(p)}`);
  if (initiallyReady.length > 0 && hasAvailabilityWindow(doc.scenario)) {
    out.push(comment('They are available too (no pod of the initial state is in its minReadySeconds window): wait it out.'));
    out.push('sleep "$MIN_READY_SECONDS"', 'READY_AT=()');
  }
  let marked = false;
  let i = 1;
  while (i < steps.length) {
    if (!isDriven(steps[i]!.action)) {
      i++;
      continue;
    }
    let j = i;
    while (j < steps.length && isDriven(steps[j]!.action)) j++;
    const before = steps[i - 1]!;
    out.push('');
    const mark = staleMark(stale, before.index, marked);
    marked ||= mark.length > 0;
    out.push(...mark, ...waitFor(v, before, templates, `before step ${i} (${steps[i]!.label})`));
    out.push(...burst(v, before, steps.slice(i, j)));
    i = j;
  }
  out.push('', ...staleMark(stale, last.index, marked), ...finalCheck(doc, last, templates));
  return `${out.join('\n')}\n`;
}

/**
 * The status fields the trace's property judges that observe compares (none without a property, or for one
 * about the pods). The Progressing condition is not among them: wait_condition checks it (conditionCheck).
 */
function judgedFields(doc: TraceDocument): readonly (keyof Status)[] {
  const name = PROPERTY_NAMES.find((n) => n === doc.property?.name);
  return name === undefined ? [] : STATUS_FIELDS_JUDGED[name].filter((f) => f !== 'progressing');
}

/** Whether the trace's property judges the Progressing condition (deadline-from-progress). */
function judgesCondition(doc: TraceDocument): boolean {
  const name = PROPERTY_NAMES.find((n) => n === doc.property?.name);
  return name !== undefined && STATUS_FIELDS_JUDGED[name].includes('progressing');
}

/**
 * The verdict: the final pods, and for a property about the status the fields it judges as the controller
 * computed them at the last step (a status waiting to be written in the trace is written at once on a
 * cluster); REPRODUCED last, with what was compared.
 */
function finalCheck(doc: TraceDocument, last: TraceStepDoc, templates: number): readonly string[] {
  const prop = doc.property;
  const fields = judgedFields(doc);
  const s = last.state;
  const written = s.pending ?? s.status;
  const names =
    fields.length === 0
      ? ''
      : observedOf(fields)
          .map(([, name]) => name)
          .join(' ');
  const want = `${podsExpectation(s, templates, false)}${fields.length === 0 ? '' : ` ${statusWords(written, fields)}`}`;
  const judged =
    fields.length === 0 || prop === null ? '' : `, and by ${fields.map((f) => `status.${f}`).join(' and ')}, which ${prop.name} judges`;
  const condition = judgesCondition(doc) && written.progressing !== undefined ? written.progressing : null;
  return [
    comment(`step ${last.index}: the final state of the trace: ${last.summary.pods}; ${describeFinal(doc, last)}`),
    ...(condition === null
      ? [
          comment(`Compared by pods per template and their readiness, which only the script changes (lifecycles may move on)${judged}.`),
          fields.length === 0
            ? `wait_state 'the final state' ${shellQuote(want)} counts`
            : `wait_state 'the final state' ${shellQuote(want)} counts ${shellQuote(names)}`,
        ]
      : [
          // The pods are not what the property judges, and the controller goes on with them at once.
          comment(
            `Compared by the Progressing condition's reason, which ${prop?.name ?? 'the property'} judges, within TIMEOUT of the last step: shorter than progressDeadlineSeconds, so a deadline the trace does not pass cannot have passed.`,
          ),
          `wait_condition ${REASON_TEXT[condition.reason]} final`,
        ]),
    `echo ${shellQuote(`The trace's status there: ${statusWords(written, ALL_OBSERVED)}${s.pending === null ? '' : ' (computed at the last step, not yet written in the trace)'}${prop === null ? '' : `; ${prop.name} is violated`}.`)}`,
    `echo "Remove with: kubectl --namespace $NAMESPACE delete cloneset $NAME"`,
    'echo "REPRODUCED: $REACHED"',
  ];
}

function describeFinal(doc: TraceDocument, last: TraceStepDoc): string {
  const c = doc.continuation;
  const s = last.summary;
  const where = `spec.replicas ${s.specReplicas}, updated ${s.updated} of ${s.expectedUpdated} expected, current ${s.currentRevision}, update ${s.updateRevision}`;
  if (c === undefined) return `${where}.`;
  return c.cycleTo === null
    ? `${where}; the controller is stuck here (nothing left to do).`
    : `${where}; from here the controller cycles back to step ${c.cycleTo}.`;
}
