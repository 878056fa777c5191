/**
 * A two-way strategic merge patch, as kubectl computes one between an object as it was shown
 * and as edited (k8s.io/apimachinery/pkg/util/strategicpatch, CreateTwoWayMergePatch with
 * `$setElementOrder`): maps give what changed and null for what was removed; lists whose field
 * merges by a key give the items changed (with their key), `$patch: delete` items and the new
 * order; merging lists of primitives give the items added and `$deleteFromPrimitiveList`; other
 * lists are sent whole. Applied on the live object, it changes only what the user changed.
 */
import { isDeepStrictEqual } from 'node:util';
import { kinds } from '../kinds/index.js';
import { schemaForKind } from '../schema/decode.js';
import type { Schema } from '../schema/types.js';
import { deref, patchMeta, type Resolve } from './patch-meta.js';

type Json = null | boolean | number | string | Json[] | JsonMap;
type JsonMap = { [key: string]: Json };

const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The patch from `original` to `modified`; undefined when they are the same. */
export function twoWayStrategicPatch(
  original: JsonMap,
  modified: JsonMap,
  schema: Schema,
  resolve: Resolve,
): JsonMap | undefined {
  const patch = diffMaps(original, modified, schema, resolve);
  return Object.keys(patch).length ? patch : undefined;
}

function diffMaps(
  original: JsonMap,
  modified: JsonMap,
  schema: Schema | undefined,
  resolve: Resolve,
): JsonMap {
  const patch: JsonMap = {};
  for (const [key, to] of Object.entries(modified)) {
    if (!(key in original)) {
      patch[key] = to;
      continue;
    }
    const from = original[key];
    if (isDeepStrictEqual(from, to)) continue;
    const meta = patchMeta(schema, key, resolve);
    if (isMap(from) && isMap(to) && meta.strategy !== 'replace') {
      const sub = diffMaps(from, to, meta.schema, resolve);
      if (Object.keys(sub).length) patch[key] = sub;
    } else if (Array.isArray(from) && Array.isArray(to) && meta.strategy === 'merge') {
      Object.assign(
        patch,
        diffMergingLists(key, from, to, meta.mergeKey, deref(meta.schema?.items, resolve), resolve),
      );
    } else {
      patch[key] = to;
    }
  }
  for (const key of Object.keys(original)) if (!(key in modified)) patch[key] = null;
  return patch;
}

function diffMergingLists(
  key: string,
  from: Json[],
  to: Json[],
  mergeKey: string,
  items: Schema | undefined,
  resolve: Resolve,
): JsonMap {
  if ([...from, ...to].every((v) => !isMap(v) && !Array.isArray(v))) {
    const added = to.filter((v) => !from.some((f) => f === v));
    const removed = from.filter((v) => !to.some((t) => t === v));
    const patch: JsonMap = { [`$setElementOrder/${key}`]: to };
    if (added.length) patch[key] = added;
    if (removed.length) patch[`$deleteFromPrimitiveList/${key}`] = removed;
    return patch;
  }
  const keyed = (list: Json[]) => mergeKey && list.every((v) => isMap(v) && v[mergeKey] !== undefined);
  // Items that cannot be told apart by the merge key: the list is sent whole, as it reads.
  if (!keyed(from) || !keyed(to)) return { [key]: to };
  const keyOf = (v: Json) => (v as JsonMap)[mergeKey];
  const changed: Json[] = [];
  for (const item of to as JsonMap[]) {
    const before = (from as JsonMap[]).find((f) => isDeepStrictEqual(keyOf(f), keyOf(item)));
    if (!before) changed.push(item);
    else {
      const sub = diffMaps(before, item, items, resolve);
      if (Object.keys(sub).length) changed.push({ [mergeKey]: keyOf(item), ...sub });
    }
  }
  for (const item of from as JsonMap[])
    if (!(to as JsonMap[]).some((t) => isDeepStrictEqual(keyOf(t), keyOf(item))))
      changed.push({ [mergeKey]: keyOf(item), $patch: 'delete' });
  const patch: JsonMap = { [`$setElementOrder/${key}`]: to.map((t) => ({ [mergeKey]: keyOf(t) })) };
  if (changed.length) patch[key] = changed;
  return patch;
}

/**
 * The schema a strategic merge patch of the kind follows: built-in kinds only, as kubectl sends
 * one only for the kinds it has Go types for (a custom resource gets a JSON merge patch).
 */
export function strategicSchemaFor(apiVersion: string, kind: string): Schema | undefined {
  const def = kinds.byKind(apiVersion, kind);
  return def && !def.untyped ? schemaForKind(apiVersion, kind) : undefined;
}
