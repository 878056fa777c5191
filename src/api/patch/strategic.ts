/**
 * Strategic merge patch, applied the way the API server applies it
 * (k8s.io/apimachinery/pkg/util/strategicpatch, StrategicMergeMapPatch), with the patch
 * metadata read from OpenAPI schemas: `x-kubernetes-patch-strategy` and
 * `x-kubernetes-patch-merge-key` on the field.
 */
import { ApiError, errors } from '../errors.js';
import type { Schema } from '../schema/types.js';
import { deref, type PatchMeta, patchMeta, type Resolve } from './patch-meta.js';

type Json = null | boolean | number | string | Json[] | JsonMap;
type JsonMap = { [key: string]: Json };

const directiveMarker = '$patch';
const retainKeysDirective = '$retainKeys';
const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList';
const setElementOrderPrefix = '$setElementOrder';

export function strategicMerge(original: unknown, patch: unknown, schema: Schema, resolve: Resolve): unknown {
  if (!isMap(patch)) throw errors.badRequest('invalid JSON document');
  const start = isMap(original) ? (structuredClone(original) as JsonMap) : {};
  return new Merger(resolve).mergeMap(start, structuredClone(patch) as JsonMap, schema);
}

class Merger {
  constructor(private readonly resolve: Resolve) {}

  mergeMap(original: JsonMap, patch: JsonMap, schema: Schema | undefined): JsonMap {
    if (directiveMarker in patch) {
      const directive = patch[directiveMarker];
      if (directive === 'replace') return (withoutDirectives(patch) as JsonMap | undefined) ?? {};
      if (directive === 'delete') return {};
      if (directive !== 'merge') throw badPatchType(directive, patch);
      delete patch[directiveMarker];
    }
    this.applyRetainKeys(original, patch);
    this.mergeOrderedLists(original, patch, schema);

    for (const [patchKey, patchValue] of Object.entries(patch)) {
      let key = patchKey;
      const isDeleteList = patchKey.startsWith(deleteFromPrimitiveListPrefix);
      if (isDeleteList) key = extractKey(patchKey, deleteFromPrimitiveListPrefix);
      // Object.prototype must never be reached through a "__proto__" key.
      if (key === '__proto__') continue;

      if (patchValue === null) {
        delete original[key];
        continue;
      }
      const originalValue = original[key];
      if (isDeleteList) {
        if (Array.isArray(originalValue) && Array.isArray(patchValue)) {
          original[key] = deleteFromList(originalValue, patchValue);
        }
        continue;
      }
      if (originalValue === undefined || kindOf(originalValue) !== kindOf(patchValue)) {
        setOrDrop(original, key, patchValue);
        continue;
      }
      const meta = patchMeta(schema, key, this.resolve);
      if (isMap(originalValue) && isMap(patchValue)) {
        if (patchValue[directiveMarker] === 'delete') delete original[key];
        else if (meta.strategy === 'replace') setOrDrop(original, key, patchValue);
        else original[key] = this.mergeMap(originalValue, patchValue, meta.schema);
      } else if (Array.isArray(originalValue) && Array.isArray(patchValue)) {
        original[key] = this.mergeListField(originalValue, patchValue, meta);
      } else {
        original[key] = patchValue;
      }
    }
    return original;
  }

  /** `$retainKeys`: keys of the original missing from the list are cleared. */
  private applyRetainKeys(original: JsonMap, patch: JsonMap): void {
    if (!(retainKeysDirective in patch)) return;
    const retain = patch[retainKeysDirective];
    delete patch[retainKeysDirective];
    if (!Array.isArray(retain)) throw errors.badRequest('invalid patch format of retainKeys');
    const keep = new Set(retain);
    for (const [key, value] of Object.entries(patch)) {
      if (
        value === null ||
        key.startsWith(deleteFromPrimitiveListPrefix) ||
        key.startsWith(setElementOrderPrefix)
      ) {
        continue;
      }
      if (!keep.has(key)) throw errors.badRequest('invalid patch format of retainKeys');
    }
    for (const key of Object.keys(original)) {
      if (!keep.has(key)) delete original[key];
    }
  }

  /**
   * `$setElementOrder/<field>`: merges the field's list and orders the result. The precedence
   * is the directive's order, then the patch list's, then the live list's.
   */
  private mergeOrderedLists(original: JsonMap, patch: JsonMap, schema: Schema | undefined): void {
    for (const [directiveKey, order] of Object.entries(patch)) {
      if (!directiveKey.startsWith(setElementOrderPrefix)) continue;
      delete patch[directiveKey];
      if (!Array.isArray(order)) throw errors.badRequest('invalid patch format of setElementOrder list');
      const key = extractKey(directiveKey, setElementOrderPrefix);
      const originalList = original[key];
      const patchList = patch[key];
      if (originalList !== undefined && !Array.isArray(originalList))
        throw badArgType('[]interface {}', originalList);
      if (patchList !== undefined && !Array.isArray(patchList)) throw badArgType('[]interface {}', patchList);
      if (originalList === undefined && patchList === undefined) continue;

      const meta = patchMeta(schema, key, this.resolve);
      validateOrder(patchList ?? [], order, meta.mergeKey);
      let merged: Json[];
      if (originalList === undefined) merged = withoutDirectives(patchList as Json[]) as Json[];
      else if (patchList === undefined) merged = originalList;
      else merged = this.mergeListField(originalList, patchList, meta);

      const mergeKey = meta.mergeKey;
      const [patchItems, serverOnly] = partition(merged, order, mergeKey);
      original[key] = normalizeElementOrder(patchItems, serverOnly, order, originalList ?? [], mergeKey);
      delete patch[key];
    }
  }

  private mergeListField(original: Json[], patch: Json[], meta: PatchMeta): Json[] {
    if (meta.strategy !== 'merge') return withoutDirectives(patch) as Json[];
    const items = deref(meta.schema?.items, this.resolve);
    return this.mergeList(original, patch, items, meta.mergeKey);
  }

  private mergeList(original: Json[], patch: Json[], items: Schema | undefined, mergeKey: string): Json[] {
    if (original.length === 0 && patch.length === 0) return original;
    const kind = elementKind(original, patch);
    let merged: Json[];
    if (kind !== 'map') {
      merged = dedupe([...original, ...patch]);
    } else {
      if (!mergeKey) throw errors.badRequest('cannot merge lists without merge key for type map');
      [original, patch] = applyListDirectives(original, patch, mergeKey);
      merged = [...original];
      for (const item of patch as JsonMap[]) {
        const value = mergeKeyValue(item, mergeKey);
        const at = findByKey(merged, mergeKey, value);
        if (at >= 0) merged[at] = this.mergeMap(merged[at] as JsonMap, item, items);
        else setOrDropItem(merged, item);
      }
    }
    const [patchItems, serverOnly] = partition(merged, patch, mergeKey);
    return normalizeElementOrder(patchItems, serverOnly, patch, original, mergeKey);
  }
}

/** `$patch: delete` elements remove matching live elements; a `$patch: replace` element replaces the list. */
function applyListDirectives(original: Json[], patch: Json[], mergeKey: string): [Json[], Json[]] {
  const plain: Json[] = [];
  let replace = false;
  for (const element of patch as JsonMap[]) {
    if (!(directiveMarker in element)) {
      plain.push(element);
      continue;
    }
    const directive = element[directiveMarker];
    if (directive === 'delete') {
      if (!(mergeKey in element)) throw noMergeKey(element, mergeKey);
      const value = element[mergeKey];
      original = original.filter((item) => !(isMap(item) && item[mergeKey] === value));
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      const { [directiveMarker]: _, ...rest } = element;
      if (Object.keys(rest).length > 0) plain.push(rest);
    } else {
      throw badPatchType(directive, element);
    }
  }
  return replace ? [plain, []] : [original, plain];
}

/** Checks that the patch list's elements appear in the `$setElementOrder` list in the same relative order. */
function validateOrder(patchList: Json[], order: Json[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey
    ? patchList.filter((item) => !(isMap(item) && item[directiveMarker] === 'delete'))
    : patchList;
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    if (isMap(items[p]) && directiveMarker in (items[p] as JsonMap)) {
      p++;
      continue;
    }
    if (sameElement(items[p], order[o], mergeKey)) p++;
    o++;
  }
  if (p < items.length) {
    throw errors.badRequest(
      `the order in patch list:\n${goFormat(patchList)}\n doesn't match ${setElementOrderPrefix} list:\n${goFormat(order)}`,
    );
  }
}

function sameElement(left: Json, right: Json, mergeKey: string): boolean {
  if (!mergeKey) return left === right;
  if (!isMap(left)) throw badArgType('map[string]interface {}', left);
  if (!isMap(right)) throw badArgType('map[string]interface {}', right);
  return mergeKeyValue(left, mergeKey) === mergeKeyValue(right, mergeKey);
}

/** Splits items into those present in `by` (by merge key, or by value for primitives) and the rest. */
function partition(items: Json[], by: Json[], mergeKey: string): [Json[], Json[]] {
  const present: Json[] = [];
  const rest: Json[] = [];
  for (const item of items) {
    const found = mergeKey ? findByKey(by, mergeKey, mergeKeyValue(item, mergeKey)) >= 0 : by.includes(item);
    (found ? present : rest).push(item);
  }
  return [present, rest];
}

/**
 * Orders patch items by `patchOrder` and server-only items by `serverOrder`, then interleaves
 * them, keeping both relative orders (strategicpatch normalizeElementOrder + mergeSortedSlice).
 */
function normalizeElementOrder(
  patchItems: Json[],
  serverOnly: Json[],
  patchOrder: Json[],
  serverOrder: Json[],
  mergeKey: string,
): Json[] {
  const right = sortByOrder(patchItems, patchOrder, mergeKey);
  const left = sortByOrder(serverOnly, serverOrder, mergeKey);
  const result: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) result.push(right[j++]);
    else if (j >= right.length) result.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey);
      const ri = indexIn(serverOrder, right[j], mergeKey);
      if (li >= 0 && ri >= 0 && li < ri) result.push(left[i++]);
      else result.push(right[j++]);
    }
  }
  return result;
}

function sortByOrder(items: Json[], order: Json[], mergeKey: string): Json[] {
  if (mergeKey) for (const item of [...items, ...order]) mergeKeyValue(item, mergeKey);
  const position = (item: Json) => {
    const at = indexIn(order, item, mergeKey);
    return at < 0 ? Number.POSITIVE_INFINITY : at;
  };
  return items
    .map((item, at) => ({ item, at, key: position(item) }))
    .sort((a, b) => (a.key === b.key ? a.at - b.at : a.key - b.key))
    .map((entry) => entry.item);
}

function indexIn(list: Json[], item: Json, mergeKey: string): number {
  if (!mergeKey) return list.indexOf(item);
  const value = isMap(item) ? item[mergeKey] : undefined;
  return list.findIndex((candidate) => isMap(candidate) && candidate[mergeKey] === value);
}

function findByKey(list: Json[], mergeKey: string, value: Json): number {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isMap(item)) throw errors.badRequest(`value for key ${i} is not a map.`);
    if (mergeKey in item && item[mergeKey] === value) return i;
  }
  return -1;
}

function mergeKeyValue(item: Json, mergeKey: string): Json {
  if (!isMap(item)) throw badArgType('map[string]interface {}', item);
  if (!(mergeKey in item)) throw noMergeKey(item, mergeKey);
  return item[mergeKey];
}

function deleteFromList(current: Json[], toDelete: Json[]): Json[] {
  return current.filter((value) => !toDelete.includes(value));
}

function dedupe(values: Json[]): Json[] {
  return values.filter((value, at) => values.indexOf(value) === at);
}

/** The common kind of the elements of the lists; lists of lists are not supported. */
function elementKind(...lists: Json[][]): string {
  let kind: string | undefined;
  for (const list of lists) {
    for (const value of list) {
      const current = kindOf(value);
      if (current === 'list') throw unprocessable('lists of lists are not supported');
      if (kind !== undefined && kind !== current) {
        throw errors.badRequest(`list element types are not identical: ${goFormat(lists)}`);
      }
      kind = current;
    }
  }
  return kind ?? 'none';
}

function kindOf(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'object' ? 'map' : typeof value;
}

/** Sets a patch value where there is nothing to merge with: directives dropped, nulls discarded. */
function setOrDrop(target: JsonMap, key: string, value: Json): void {
  const cleaned = withoutDirectives(value);
  if (cleaned === undefined) delete target[key];
  else target[key] = cleaned;
}

function setOrDropItem(target: Json[], value: Json): void {
  const cleaned = withoutDirectives(value);
  if (cleaned !== undefined) target.push(cleaned);
}

/** The value without patch directives and null fields; undefined when the value is itself a directive. */
function withoutDirectives(value: Json): Json | undefined {
  if (Array.isArray(value)) {
    return value.map(withoutDirectives).filter((item): item is Json => item !== undefined);
  }
  if (!isMap(value)) return value;
  if (value[directiveMarker] === 'delete') return undefined;
  const out: JsonMap = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === null || key === directiveMarker || key === retainKeysDirective || key === '__proto__')
      continue;
    if (key.startsWith(setElementOrderPrefix) || key.startsWith(deleteFromPrimitiveListPrefix)) continue;
    const cleaned = withoutDirectives(item);
    if (cleaned !== undefined) out[key] = cleaned;
  }
  if (directiveMarker in value && Object.keys(out).length === 0) return undefined;
  return out;
}

function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw errors.badRequest(
      prefix === setElementOrderPrefix
        ? 'invalid patch format of setElementOrder list'
        : 'invalid patch format of primitive list',
    );
  }
  return key.slice(slash + 1);
}

function isMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Renders a value roughly as Go's %v does, for messages that quote the patch. */
function goFormat(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  if (isMap(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${key}:${goFormat(value[key])}`);
    return `map[${entries.join(' ')}]`;
  }
  return value === null ? '<nil>' : String(value);
}

function noMergeKey(item: JsonMap, mergeKey: string): ApiError {
  return errors.badRequest(`map: ${goFormat(item)} does not contain declared merge key: ${mergeKey}`);
}

function badPatchType(directive: Json | undefined, item: JsonMap): ApiError {
  return errors.badRequest(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(item)}`);
}

function badArgType(expected: string, actual: Json): ApiError {
  const names: Record<string, string> = {
    map: 'map[string]interface {}',
    list: '[]interface {}',
    string: 'string',
    number: 'float64',
    boolean: 'bool',
    null: '<nil>',
  };
  return errors.badRequest(`expected a ${expected}, but received a ${names[kindOf(actual)]}`);
}

function unprocessable(message: string): ApiError {
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'Invalid',
    code: 422,
  });
}
