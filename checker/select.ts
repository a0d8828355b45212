/**
 * Choosing properties by name, for the explorer and the simulator alike: one rule and one message for a
 * name the model does not have, whichever search was asked.
 */

/**
 * The properties named in `names`, in the model's order; when `names` is undefined, all of them but the
 * opt-in ones (Property.optIn: checked only when named).
 */
export function selectProperties<P extends { readonly name: string; readonly optIn?: boolean }>(
  all: readonly P[],
  names: readonly string[] | undefined,
): P[] {
  if (names === undefined) return all.filter((p) => p.optIn !== true);
  const unknown = names.filter((n) => !all.some((p) => p.name === n));
  if (unknown.length > 0) {
    throw new RangeError(
      `unknown propert${unknown.length > 1 ? 'ies' : 'y'} ${unknown.join(', ')} (known: ${all.map((p) => p.name).join(', ')})`,
    );
  }
  const wanted = new Set(names);
  return all.filter((p) => wanted.has(p.name));
}
