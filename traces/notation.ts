/**
 * The compact pod notation shared by the JSON summary, the terminal and the diagrams, and its legend.
 *
 * Pods have no identity in the model, so a state's pods are best read as counts per revision and
 * condition. One glyph per pod keeps counts visible at a glance (`v1 ●● v2 ●○`): the shape says the
 * lifecycle, the fill says readiness, and a trailing ✕ says the pod is marked for deletion.
 */
import { revName, type ModelLifecycle, type Pod, type RevId } from '../model/cloneset/state.js';

const GLYPHS: Readonly<Record<ModelLifecycle, { readonly ready: string; readonly notReady: string }>> = {
  Normal: { ready: '●', notReady: '○' },
  // Distinct shapes, so a pod mid-update or still being prepared is never mistaken for a serving one.
  Updating: { ready: '◆', notReady: '◇' },
  PreparingNormal: { ready: '■', notReady: '□' },
  // Lifecycle hooks only (scenario lifecycleHooks).
  PreparingUpdate: { ready: '▲', notReady: '△' },
  Updated: { ready: '★', notReady: '☆' },
  PreparingDelete: { ready: '▼', notReady: '▽' },
};

/** After the glyph: the pod waits for the hook's owner (its label holds it, or an Updated pod waits for it back). */
export const HELD_SUFFIX = 'ʰ';

/** Whether a lifecycle hook holds the pod where it is until its owner acts. */
export function heldByHook(p: Pod): boolean {
  return (
    (p.lifecycle === 'PreparingDelete' && p.preDeleteHook === true) ||
    (p.lifecycle === 'PreparingUpdate' && p.inPlaceHook === true) ||
    p.lifecycle === 'Updated'
  );
}

export const MARKED_SUFFIX = '✕';

/** After the glyph: a ready pod still in its minReadySeconds window, not yet available. */
export const WAITING_SUFFIX = 'ʷ';

/** Shown for a state without pods, so an empty pod list is visibly empty rather than missing. */
export const NO_PODS = '∅';

export function podGlyph(p: Pod): string {
  const g = GLYPHS[p.lifecycle];
  return (
    (p.ready ? g.ready : g.notReady) +
    (p.notYetAvailable === true ? WAITING_SUFFIX : '') +
    (heldByHook(p) ? HELD_SUFFIX : '') +
    (p.marked ? MARKED_SUFFIX : '')
  );
}

export interface RevisionGroup {
  readonly rev: RevId;
  /** Unmarked pods first, then marked ones: the marked ones are on their way out. */
  readonly pods: readonly Pod[];
}

/** Pods grouped by revision, ascending; revisions without pods are left out. */
export function groupByRevision(pods: readonly Pod[]): readonly RevisionGroup[] {
  const byRev = new Map<RevId, Pod[]>();
  for (const p of pods) {
    const list = byRev.get(p.rev);
    if (list === undefined) byRev.set(p.rev, [p]);
    else list.push(p);
  }
  return [...byRev.entries()]
    .sort(([a], [b]) => a - b)
    .map(([rev, list]) => ({ rev, pods: [...list].sort((a, b) => podRank(a) - podRank(b)) }));
}

// Ready Normal pods first, so "●●○" reads as "two serving, one coming up".
function podRank(p: Pod): number {
  const lifecycle = p.lifecycle === 'Normal' ? 0 : p.lifecycle === 'Updating' ? 1 : p.lifecycle === 'PreparingNormal' ? 2 : 3;
  return (p.marked ? 8 : 0) + lifecycle * 2 + (p.ready ? 0 : 1);
}

/** `v1 ●● v2 ●○` — the pod summary used in the JSON document and the terminal. */
export function podsSummary(pods: readonly Pod[]): string {
  const groups = groupByRevision(pods);
  if (groups.length === 0) return NO_PODS;
  return groups.map((g) => `${revName(g.rev)} ${g.pods.map(podGlyph).join('')}`).join(' ');
}

export interface LegendEntry {
  readonly symbol: string;
  readonly meaning: string;
}

export const POD_LEGEND: readonly LegendEntry[] = [
  { symbol: GLYPHS.Normal.ready, meaning: 'pod ready (lifecycle Normal)' },
  { symbol: GLYPHS.Normal.notReady, meaning: 'pod not ready (lifecycle Normal)' },
  {
    symbol: `${GLYPHS.Updating.ready} ${GLYPHS.Updating.notReady}`,
    meaning: 'pod being updated in place (lifecycle Updating), ready / not ready',
  },
  {
    symbol: `${GLYPHS.PreparingNormal.ready} ${GLYPHS.PreparingNormal.notReady}`,
    meaning: 'pod being prepared (lifecycle PreparingNormal), ready / not ready',
  },
  { symbol: `${GLYPHS.Normal.ready}${MARKED_SUFFIX}`, meaning: 'pod marked for deletion (specified-delete)' },
  { symbol: NO_PODS, meaning: 'no pods' },
  { symbol: 'vN', meaning: 'revision of template N' },
];

/** The lifecycle-hook glyphs, added to the legend for scenarios with `lifecycleHooks` only. */
export const HOOK_LEGEND: readonly LegendEntry[] = [
  {
    symbol: `${GLYPHS.PreparingUpdate.ready} ${GLYPHS.PreparingUpdate.notReady}`,
    meaning: 'pod waiting to be updated in place (lifecycle PreparingUpdate), ready / not ready',
  },
  {
    symbol: `${GLYPHS.Updated.ready} ${GLYPHS.Updated.notReady}`,
    meaning: 'pod updated in place, waiting for its hook (lifecycle Updated), ready / not ready',
  },
  {
    symbol: `${GLYPHS.PreparingDelete.ready} ${GLYPHS.PreparingDelete.notReady}`,
    meaning: 'pod waiting to be deleted (lifecycle PreparingDelete), ready / not ready',
  },
  { symbol: `${GLYPHS.PreparingDelete.ready}${HELD_SUFFIX}`, meaning: "held by a lifecycle hook until the hook's owner acts" },
];

/** Only with minReadySeconds above 0. */
export const WINDOW_LEGEND: readonly LegendEntry[] = [
  { symbol: `${GLYPHS.Normal.ready}${WAITING_SUFFIX}`, meaning: 'ready, not yet available (within minReadySeconds)' },
];

/** The legend entries for a scenario's pods: hooks and the availability window only where they occur. */
export const legendEntries = (hooks: boolean, window: boolean): readonly LegendEntry[] => [
  ...POD_LEGEND,
  ...(hooks ? HOOK_LEGEND : []),
  ...(window ? WINDOW_LEGEND : []),
];

export function legendText(hooks = false, window = false): string {
  return legendEntries(hooks, window)
    .map((e) => `${e.symbol.padEnd(4)} ${e.meaning}`)
    .join('\n');
}
