import type { Schema } from '../schema/types.js';

export type Resolve = (ref: string) => Schema;

/** How a field merges in a strategic merge patch, from its OpenAPI schema. */
export interface PatchMeta {
  strategy: string; // 'merge', 'replace' or '' (the default: maps merge, lists replace)
  mergeKey: string;
  schema: Schema | undefined; // the field's own schema, references resolved
}

/** Follows `$ref` and single-element `allOf` wrappers (how OpenAPI v3 documents a referenced field). */
export function deref(schema: Schema | undefined, resolve: Resolve): Schema | undefined {
  let current = schema;
  for (let depth = 0; current && depth < 32; depth++) {
    if (current.$ref) current = resolve(current.$ref);
    else if (current.allOf?.length === 1 && !current.properties && !current.items) current = current.allOf[0];
    else return current;
  }
  return current;
}

/** The patch metadata of `key` in an object of `schema`: `x-kubernetes-patch-strategy` and `-merge-key`. */
export function patchMeta(schema: Schema | undefined, key: string, resolve: Resolve): PatchMeta {
  const object = deref(schema, resolve);
  let field: Schema | undefined = object?.properties?.[key];
  if (!field && typeof object?.additionalProperties === 'object') field = object.additionalProperties;
  const resolved = deref(field, resolve);
  const strategies = (
    field?.['x-kubernetes-patch-strategy'] ??
    resolved?.['x-kubernetes-patch-strategy'] ??
    ''
  )
    .split(',')
    .filter((s) => s && s !== 'retainKeys');
  return {
    strategy: strategies[0] ?? '',
    mergeKey: field?.['x-kubernetes-patch-merge-key'] ?? resolved?.['x-kubernetes-patch-merge-key'] ?? '',
    schema: resolved,
  };
}
