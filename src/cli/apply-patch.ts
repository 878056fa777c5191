/** The annotation where apply keeps the configuration it applied last, as kubectl does. */
export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * JSON with object keys sorted, as kubectl (Go) writes the last-applied annotation: the same
 * configuration then gives the same text whichever tool applied it.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    isObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * True when every field `want` sets has the same value in `have`: fields the server added
 * (defaults, status) do not count as a difference. Lists must have the same length.
 */
function covers(have: unknown, want: unknown): boolean {
  if (isObject(want)) return isObject(have) && Object.entries(want).every(([k, v]) => covers(have[k], v));
  if (Array.isArray(want)) {
    return Array.isArray(have) && have.length === want.length && want.every((v, i) => covers(have[i], v));
  }
  return have === want;
}

/**
 * A three-way JSON merge patch, kubectl's way for objects without a strategic schema: fields the
 * last applied configuration had and the new one lacks become null; fields of the new
 * configuration that the live object does not hold are set (lists whole). Undefined: no change.
 */
export function threeWayMergePatch(
  original: unknown,
  modified: unknown,
  current: unknown,
): JsonObject | undefined {
  const patch: JsonObject = {};
  const orig = isObject(original) ? original : {};
  const mod = isObject(modified) ? modified : {};
  const cur = isObject(current) ? current : {};
  for (const key of Object.keys(orig)) {
    if (!(key in mod) && key in cur) patch[key] = null;
  }
  for (const [key, want] of Object.entries(mod)) {
    const have = cur[key];
    if (isObject(want) && isObject(have)) {
      const sub = threeWayMergePatch(orig[key], want, have);
      if (sub) patch[key] = sub;
    } else if (!covers(have, want)) {
      patch[key] = want;
    }
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}
