/**
 * JSON as Go's encoding/json writes a map, which kubectl prints objects as: keys in code-point
 * order (a JavaScript object would put keys such as "123" first whatever the order they were
 * added in) and <, >, &, U+2028, U+2029 escaped; `indented` as json.MarshalIndent with 4 spaces.
 */
export function goJson(value: unknown, indented = false, structOrder = false): string {
  return encode(value, indented ? '' : undefined, structOrder).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** structOrder: keys as given, as Go writes a typed object's fields (kubectl create's generated objects). */
function encode(value: unknown, indent: string | undefined, structOrder = false): string {
  const inner = indent === undefined ? undefined : `${indent}    `;
  const open = (bracket: string) => (inner === undefined ? bracket : `${bracket}\n${inner}`);
  const sep = inner === undefined ? ',' : `,\n${inner}`;
  const close = (bracket: string) => (indent === undefined ? bracket : `\n${indent}${bracket}`);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return open('[') + value.map((v) => encode(v ?? null, inner, structOrder)).join(sep) + close(']');
  }
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (structOrder ? 0 : a < b ? -1 : 1));
  if (entries.length === 0) return '{}';
  const colon = inner === undefined ? ':' : ': ';
  return (
    open('{') +
    entries.map(([k, v]) => JSON.stringify(k) + colon + encode(v, inner, structOrder)).join(sep) +
    close('}')
  );
}
