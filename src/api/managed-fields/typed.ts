/**
 * How structured-merge-diff sees a value through its schema: which maps and lists are atomic,
 * which lists are sets or maps keyed by some of their items' fields, and so the path element of
 * each list item. Kubernetes reads the same from the OpenAPI extensions: `x-kubernetes-list-type`
 * and `-list-map-keys`, or failing those the strategic-merge `patch-strategy`/`patch-merge-key`.
 */
import type { Schema } from '../schema/types.js';

export type Resolve = (ref: string) => Schema;
export type Json = null | boolean | number | string | Json[] | JsonMap;
export type JsonMap = { [key: string]: Json };

export type Shape =
  | { kind: 'leaf' }
  | { kind: 'map'; schema?: Schema }
  | { kind: 'list'; type: 'set' | 'map'; keys: string[]; items?: Schema };

// Kubernetes' schemas default these key fields, so an item that omits one is still the same item.
const KEY_DEFAULTS: Record<string, Json> = { protocol: 'TCP' };

export class Typed {
  constructor(private readonly resolve: Resolve) {}

  deref(schema: Schema | undefined): Schema | undefined {
    let current = schema;
    for (let depth = 0; current && depth < 32; depth++) {
      const ref = current.$ref ?? (current.allOf?.length === 1 ? current.allOf[0].$ref : undefined);
      if (!ref) return current;
      current = this.resolve(ref);
    }
    return current;
  }

  /** The shape of `value` at a field with schema `field` (undefined: no schema, shape deduced). */
  shape(field: Schema | undefined, value: Json | undefined): Shape {
    const s = this.deref(field);
    if (Array.isArray(value) || s?.type === 'array') {
      if (!s) return { kind: 'leaf' };
      const strategy = field?.['x-kubernetes-patch-strategy'] ?? s['x-kubernetes-patch-strategy'] ?? '';
      const mergeKey = field?.['x-kubernetes-patch-merge-key'] ?? s['x-kubernetes-patch-merge-key'];
      const listType =
        s['x-kubernetes-list-type'] ??
        (strategy.split(',').includes('merge') ? (mergeKey ? 'map' : 'set') : 'atomic');
      if (listType === 'atomic') return { kind: 'leaf' };
      const keys = s['x-kubernetes-list-map-keys'] ?? (mergeKey ? [mergeKey] : []);
      return { kind: 'list', type: listType, keys, items: s.items };
    }
    if (isMap(value) || s?.type === 'object' || s?.properties) {
      if (s?.['x-kubernetes-map-type'] === 'atomic') return { kind: 'leaf' };
      if (
        s &&
        !s.properties &&
        !s.additionalProperties &&
        !s['x-kubernetes-preserve-unknown-fields'] &&
        s.type !== 'object'
      )
        return { kind: 'leaf' };
      return { kind: 'map', schema: s };
    }
    return { kind: 'leaf' };
  }

  /** The schema of a map's entry, and whether the entry is a declared field (not a free-form key). */
  field(map: Schema | undefined, key: string): { schema?: Schema; declared: boolean } {
    const declared = map?.properties?.[key];
    if (declared) return { schema: declared, declared: true };
    const extra = map?.additionalProperties;
    return { schema: typeof extra === 'object' ? extra : undefined, declared: false };
  }

  /** The path element naming a list item: `k:{...}` by its keys, `v:` by its value. */
  itemElement(shape: Extract<Shape, { kind: 'list' }>, item: Json, index: number): string {
    if (shape.type === 'set') return `v:${JSON.stringify(item)}`;
    if (!isMap(item) || shape.keys.length === 0) return `i:${index}`;
    const itemSchema = this.deref(shape.items);
    const key: JsonMap = {};
    for (const k of [...shape.keys].sort()) {
      const v = item[k] ?? (itemSchema?.properties?.[k]?.default as Json | undefined) ?? KEY_DEFAULTS[k];
      if (v !== undefined) key[k] = v;
    }
    return `k:${JSON.stringify(key)}`;
  }
}

export function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isEmpty(v: Json | undefined): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isMap(v) && Object.keys(v).length === 0;
}

export function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a))
    return a.length === (b as Json[]).length && a.every((x, i) => sameJson(x, (b as Json[])[i]));
  const ak = Object.keys(a);
  const bm = b as JsonMap;
  return (
    ak.length === Object.keys(bm).length && ak.every((k) => k in bm && sameJson((a as JsonMap)[k], bm[k]))
  );
}
