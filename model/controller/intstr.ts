/**
 * The integer-or-percent arithmetic of the controller, with upstream's exact rounding and error behaviour.
 * Two different percent parsers exist upstream (`getValueFromIntOrPercent`, the legacy one, and
 * `getScaledValueFromIntOrPercent`); which one a field uses matters.
 */
import type { IntOrString } from './types.js';

export type ScaledValue = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly value: 0 };

/** Models k8s `intstr.GetValueFromIntOrPercent` (legacy): every '%' removed, integer only, always a percentage. */
export function getValueFromIntOrPercent(x: IntOrString, total: number, roundUp: boolean): ScaledValue {
  if (typeof x === 'number') return { ok: true, value: x };
  const digits = x.replaceAll('%', '');
  // Go's strconv.Atoi: optional sign, decimal digits, nothing else.
  if (!/^[+-]?\d+$/.test(digits)) return { ok: false, value: 0 };
  const n = Number.parseInt(digits, 10);
  const scaled = (n * total) / 100;
  return { ok: true, value: roundUp ? Math.ceil(scaled) : Math.floor(scaled) };
}

/**
 * Whether the legacy parser reads a percent string without error. Its callers ignore the error, so a
 * string it rejects (a decimal such as "50.5%" or "100.0%") silently means 0 to the controller, although
 * kruise's admission webhook, which validates with getScaledValueFromIntOrPercent, accepts it.
 */
export const legacyPercentParses = (x: string): boolean => getValueFromIntOrPercent(x, 0, false).ok;

/** The callers of the legacy parser ignore its error and use the (zero) value. */
export function legacyIntOrPercent(x: IntOrString, total: number, roundUp: boolean): number {
  return getValueFromIntOrPercent(x, total, roundUp).value;
}

/** Models kruise `util.GetScaledValueFromIntOrPercent` (pkg/util/tools.go): trailing '%' required, fractions allowed. */
export function getScaledValueFromIntOrPercent(x: IntOrString, total: number, roundUp: boolean): ScaledValue {
  if (typeof x === 'number') return { ok: true, value: x };
  if (!x.endsWith('%')) return { ok: false, value: 0 };
  const v = parseGoFloat(x.slice(0, -1));
  if (v === null) return { ok: false, value: 0 };
  const scaled = (v * total) / 100;
  return { ok: true, value: roundUp ? Math.ceil(scaled) : Math.floor(scaled) };
}

/** Go `strconv.ParseFloat(s, 64)` for the decimal forms a percentage can take. */
function parseGoFloat(s: string): number | null {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null;
  return Number(s);
}

/** Models `CalculatePartitionReplicas` (pkg/util/tools.go): partition → number of pods kept at the old revision. */
export function calculatePartitionReplicas(partition: IntOrString | null, replicas: number | null): ScaledValue {
  if (partition === null) return { ok: true, value: 0 };
  const r = replicas ?? 1;
  const scaled = getScaledValueFromIntOrPercent(partition, r, true);
  if (!scaled.ok) return scaled;
  let p = scaled.value;
  // Keep-one-updatable rule: a percent string below the literal "100%" never holds every pod back.
  if (r > 1 && p === r && typeof partition === 'string' && partition !== '100%') p = r - 1;
  return { ok: true, value: Math.min(Math.max(p, 0), r) };
}
