/**
 * Pruning of fields a CRD schema does not declare (apiextensions pruning.Prune), and of
 * nulls the schema does not allow (PruneNonNullableNullsWithoutDefaults). Both change the
 * object in place; pruning returns the pruned paths for unknown-field warnings and Strict
 * field validation.
 */
import { isObj } from '../schema/json-values.js';
import type { JSONSchemaProps } from './types.js';

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

const join = (parent: string, k: string) => (parent ? `${parent}.${k}` : k);
const additional = (s: JSONSchemaProps) =>
  isObj(s.additionalProperties) ? s.additionalProperties : s.additionalProperties === true ? null : undefined;
const itemsOf = (s: JSONSchemaProps | null | undefined) =>
  s && isObj(s.items) && !Array.isArray(s.items) ? s.items : null;

/**
 * Prunes `obj` against `schema`; at the resource root (`root`) apiVersion, kind and metadata
 * are left for metadata coercion. A null schema is one that declares nothing: a map under it
 * is emptied.
 */
export function prune(obj: unknown, schema: JSONSchemaProps | undefined, root: boolean): string[] {
  const unknown: string[] = [];
  const s = root ? { ...(schema ?? {}), 'x-kubernetes-embedded-resource': true } : (schema ?? null);
  walk(obj, s, '', unknown);
  return unknown.sort();
}

function walk(x: unknown, s: JSONSchemaProps | null, path: string, unknown: string[]): void {
  if (s?.['x-kubernetes-preserve-unknown-fields']) {
    skip(x, s, path, unknown);
    return;
  }
  if (Array.isArray(x)) {
    for (const [i, v] of x.entries()) walk(v, itemsOf(s), `${path}[${i}]`, unknown);
    return;
  }
  if (!isObj(x)) return;
  for (const [k, v] of Object.entries(x)) {
    if (s?.['x-kubernetes-embedded-resource'] && META_FIELDS.has(k)) continue;
    const prop = s?.properties?.[k];
    const extra = s ? additional(s) : undefined;
    if (isObj(prop)) walk(v, prop, join(path, k), unknown);
    else if (extra !== undefined) walk(v, extra, join(path, k), unknown);
    else {
      if (!META_FIELDS.has(k) || path) unknown.push(join(path, k));
      delete x[k];
    }
  }
}

/** Under x-kubernetes-preserve-unknown-fields, only what the schema does declare is pruned. */
function skip(x: unknown, s: JSONSchemaProps, path: string, unknown: string[]): void {
  if (Array.isArray(x)) {
    const items = itemsOf(s);
    if (items) for (const [i, v] of x.entries()) skip(v, items, `${path}[${i}]`, unknown);
    return;
  }
  if (!isObj(x)) return;
  for (const [k, v] of Object.entries(x)) {
    if (s['x-kubernetes-embedded-resource'] && META_FIELDS.has(k)) continue;
    const prop = s.properties?.[k];
    const extra = additional(s);
    if (isObj(prop)) walk(v, prop, join(path, k), unknown);
    else if (extra !== undefined) walk(v, extra, join(path, k), unknown);
  }
}

/** Drops nulls where the schema is neither nullable nor defaulted; defaulting fills the others. */
export function pruneNulls(x: unknown, s: JSONSchemaProps | undefined): void {
  if (Array.isArray(x)) {
    const items = itemsOf(s);
    for (const v of x) pruneNulls(v, items ?? undefined);
    return;
  }
  if (!isObj(x)) return;
  for (const [k, v] of Object.entries(x)) {
    const field =
      s?.properties?.[k] ?? (s && isObj(s.additionalProperties) ? s.additionalProperties : undefined);
    if (v === null && field && !field.nullable && field.default === undefined) delete x[k];
    else pruneNulls(v, field);
  }
}
