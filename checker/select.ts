/**
 * Choosing properties by name, for the explorer and the simulator alike: one rule and one message for a
 * name the model does not have, whichever search was asked.
 */

/** The properties named in `names`, in the model's order; all of them when `names` is undefined. */
export function selectProperties<P extends { readonly name: string }>(all: readonly P[], names: readonly string[] | undefined): P[] {
  if (names === undefined) return [...all];
  const unknown = names.filter((n) => !all.some((p) => p.name === n));
  if (unknown.length > 0) {
    throw new RangeError(
      `unknown propert${unknown.length > 1 ? 'ies' : 'y'} ${unknown.join(', ')} (known: ${all.map((p) => p.name).join(', ')})`,
    );
  }
  const wanted = new Set(names);
  return all.filter((p) => wanted.has(p.name));
}
