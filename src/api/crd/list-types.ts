/**
 * Uniqueness of x-kubernetes-list-type=set elements and x-kubernetes-list-type=map keys
 * (apiextensions listtype.ValidateListSetsAndMaps).
 */
import { isObj } from '../schema/json-values.js';
import type { StatusCause } from '../types.js';
import { causes as c, child, index, key } from './causes.js';
import type { JSONSchemaProps } from './types.js';

export function validateListSetsAndMaps(
  obj: unknown,
  s: JSONSchemaProps | undefined,
  path = '',
): StatusCause[] {
  if (!s || !isObj(obj)) return [];
  const errs: StatusCause[] = [];
  for (const [k, v] of Object.entries(obj)) {
    const prop = s.properties?.[k];
    if (isObj(prop)) errs.push(...visit(v, prop, child(path, k)));
    else if (isObj(s.additionalProperties)) errs.push(...visit(v, s.additionalProperties, key(path, k)));
  }
  return errs;
}

function visit(value: unknown, s: JSONSchemaProps, path: string): StatusCause[] {
  if (Array.isArray(value)) return visitArray(value, s, path);
  return validateListSetsAndMaps(value, s, path);
}

function visitArray(list: unknown[], s: JSONSchemaProps, path: string): StatusCause[] {
  const errs: StatusCause[] = [];
  if (s['x-kubernetes-list-type'] === 'set') {
    for (const i of repeats(list.map(identity))) errs.push(c.duplicate(index(path, i), list[i]));
  } else if (s['x-kubernetes-list-type'] === 'map') {
    errs.push(...mapKeyErrors(list, s['x-kubernetes-list-map-keys'] ?? [], path));
  }
  const items = isObj(s.items) && !Array.isArray(s.items) ? s.items : undefined;
  if (items) for (const [i, v] of list.entries()) errs.push(...visit(v, items, index(path, i)));
  return errs;
}

function mapKeyErrors(list: unknown[], keys: string[], path: string): StatusCause[] {
  const bad = list.findIndex((x) => x !== null && !isObj(x));
  if (bad >= 0)
    return [c.invalid(index(path, bad), list[bad], 'must be an object for an array of list-type map')];
  const entries = list.map((x) => {
    const entry: Record<string, unknown> = {};
    for (const k of keys) if (isObj(x) && k in x) entry[k] = x[k];
    return entry;
  });
  return repeats(entries.map(identity)).map((i) => ({
    reason: 'FieldValueDuplicate',
    message: `Duplicate value: ${goMap(entries[i])}`,
    field: index(path, i),
  }));
}

/** Indices of the second occurrence of each repeated value, as Kubernetes reports them. */
function repeats(ids: string[]): number[] {
  const count = new Map<string, number>();
  const out: number[] = [];
  ids.forEach((id, i) => {
    const n = (count.get(id) ?? 0) + 1;
    count.set(id, n);
    if (n === 2) out.push(i);
  });
  return out;
}

/** Identity of a JSON value independent of key order. */
function identity(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(identity).join(',')}]`;
  if (isObj(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${identity(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

/** Go's `%#v` of the map[string]interface{} that names a duplicate map-list entry. */
function goMap(entry: Record<string, unknown>): string {
  const body = Object.keys(entry)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(entry[k])}`)
    .join(', ');
  return `map[string]interface {}{${body}}`;
}
