/** `cloneset-check variants`: the controller variants and the properties, one line each, for choosing flags. */
import { cloneSetProperties, defaultPropertyNames, WITNESS_OF } from '../../model/cloneset/properties.js';
import { DEFAULT_SCENARIO } from '../../model/cloneset/scenario.js';
import { viewOf } from '../../model/cloneset/view.js';
import { CONTROLLER_VARIANTS, VARIANTS } from '../../model/controller/promotion.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, type ExitCode } from '../errors.js';
import { command, helpText } from '../help.js';
import { stdoutIsTTY, type CommandIo } from '../io.js';
import { HELP, JSON_OUT } from '../options.js';
import { styleFor } from '../style.js';

export const VARIANTS_COMMAND = command({
  name: 'variants',
  summary: 'list the controller variants and the properties that check verifies',
  usage: 'cloneset-check variants [--json]',
  fields: [],
  options: [JSON_OUT, HELP],
  examples: ['cloneset-check variants', 'cloneset-check variants --json'],
});

const DELETE_LIMIT =
  "Scale's deleteReadyLimit counts the specified-delete pods that are not available among the unavailable ones, so ready pods are deleted beside unready marked ones only within maxUnavailable";

const EXPIRY_CHECK = 'with expectations timeout, an expired expectation is dropped only once every awaited pod is gone from the API server';
const DELETE_STOP =
  "with failing pod writes, a Scale whose deletion or patch failed runs only Update's refresh loop (a failed creation still goes on to the whole Update)";

const TIMEOUT_KEEP =
  'with pod writes that time out and expectations timeout, a creation that timed out and whose re-issue was refused is still taken as made and keeps its scale expectation (the first attempt may yet land; if it never does, the expectation expires once the API server has no such pod)';

const TIMEOUT_SETTLE =
  'with pod writes that time out, a write that timed out is re-issued so that it can apply once (same pod name, resourceVersion or UID precondition) until the answer says whether it landed (then awaited, the loop goes on) or not (refused)';

const ON_DELETE_SURGE =
  'with updateStrategy OnDelete, calculateDiffsWithExpectation computes no update surge (Update updates no pod there), so Scale creates no pod above spec.replicas for an update; the surge for a specified delete stays';
const SETTLED_UNTIMED =
  'with progressDeadlineSeconds, a Progressing condition of a settled reason (Available, Paused, PartitionAvailable) times no progress: the first reconcile of a rollout, scale or resume sets Updated with its own time, as Deployment does';

export async function variantsCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const o = parseCommandArgs(argv, VARIANTS_COMMAND.fields, VARIANTS_COMMAND.options, 0).options;
  if (o.help === true) {
    io.stdout(`${helpText(VARIANTS_COMMAND)}\n`);
    return EXIT.holds;
  }
  const variants = CONTROLLER_VARIANTS.map((name) => {
    const {
      summary,
      markedCountUnavailable,
      hookSummary,
      checksApiServerOnExpiry,
      stopsAfterFailedDelete,
      keepsTimedOutCreations,
      settlesTimedOutWrites,
      onDeleteWithoutUpdateSurge,
      settledConditionsUntimed,
    } = VARIANTS[name];
    const parts = [
      summary,
      ...(markedCountUnavailable === true ? [DELETE_LIMIT] : []),
      ...(hookSummary === undefined ? [] : [hookSummary]),
      ...(checksApiServerOnExpiry === true ? [EXPIRY_CHECK] : []),
      ...(stopsAfterFailedDelete === true ? [DELETE_STOP] : []),
      ...(settlesTimedOutWrites === true ? [TIMEOUT_SETTLE] : []),
      ...(keepsTimedOutCreations === true ? [TIMEOUT_KEEP] : []),
      ...(onDeleteWithoutUpdateSurge === true ? [ON_DELETE_SURGE] : []),
      ...(settledConditionsUntimed === true ? [SETTLED_UNTIMED] : []),
    ];
    return { name, summary: parts.join('; ') };
  });
  // Descriptions do not depend on the scenario; any view will do.
  const all = cloneSetProperties(viewOf(DEFAULT_SCENARIO));
  // Opt-in in a RollingUpdate scenario, checked by default in an OnDelete one (on-delete-respected).
  const onDeleteDefaults: readonly string[] = defaultPropertyNames({ updateStrategyType: 'OnDelete' });
  // Likewise with progressDeadlineSeconds (deadline-from-progress).
  const progressDefaults: readonly string[] = defaultPropertyNames({ progressDeadline: true });
  const properties = all.flatMap((p) =>
    p.kind === 'sometimes'
      ? []
      : [
          {
            name: p.name,
            kind: p.kind,
            description: p.description,
            ...(p.optIn === true ? { optIn: true } : {}),
            ...(p.optIn === true && onDeleteDefaults.includes(p.name) ? { defaultUnderOnDelete: true } : {}),
            ...(p.optIn === true && progressDefaults.includes(p.name) ? { defaultWithProgressDeadline: true } : {}),
            witness: WITNESS_OF[p.name],
          },
        ],
  );
  const witnesses = all.flatMap((p) => (p.kind === 'sometimes' ? [{ name: p.name, description: p.description }] : []));
  if (o.json === true) {
    io.stdout(`${JSON.stringify({ variants, properties, witnesses }, null, 2)}\n`);
    return EXIT.holds;
  }
  const style = styleFor(stdoutIsTTY(io));
  const width = Math.max(...[...variants, ...properties].map((x) => x.name.length));
  io.stdout(`${style.bold('Controller variants')} (--controller):\n`);
  for (const v of variants) io.stdout(`  ${v.name.padEnd(width)}  — ${v.summary}\n`);
  io.stdout(`\n${style.bold('Properties')} (--property):\n`);
  for (const p of properties) {
    const selection =
      p.optIn !== true
        ? ''
        : 'defaultUnderOnDelete' in p
          ? ', opt-in; checked by default under OnDelete'
          : 'defaultWithProgressDeadline' in p
            ? ', opt-in; checked by default with --progress-deadline'
            : ', opt-in';
    io.stdout(`  ${p.name.padEnd(width)}  — ${p.description} (${p.kind}${selection})\n`);
  }
  io.stdout(`\n${style.bold('Witnesses')} (reported beside the properties they go with):\n`);
  for (const w of witnesses) {
    const of = properties.filter((p) => p.witness === w.name).map((p) => p.name);
    const beside = of.length > 0 ? `beside ${of.join(', ')}` : 'beside no property; explore() reports it when named';
    io.stdout(`  ${w.name.padEnd(width)}  — ${w.description} (${beside})\n`);
  }
  return EXIT.holds;
}
