/**
 * The object an apply leaves (structured-merge-diff's Merge then prune): the configuration
 * merged into the live object by the schema's list types and keys, then without the fields
 * the applier set last time, no longer applies, and no one else owns.
 */
import type { FieldSet } from '../managed-fields/field-set.js';
import { isMap, type Json, type JsonMap, type Shape, type Typed } from '../managed-fields/typed.js';
import type { Schema } from '../schema/types.js';

export function merge(
  typed: Typed,
  live: Json | undefined,
  config: Json | undefined,
  schema: Schema | undefined,
): Json {
  if (config === undefined) return structuredClone(live ?? null);
  if (live === undefined || live === null) return structuredClone(config);
  const shape = typed.shape(schema, config);
  if (shape.kind === 'leaf') return structuredClone(config);
  if (shape.kind === 'map') {
    if (!isMap(live) || !isMap(config)) return structuredClone(config);
    const out: JsonMap = { ...live };
    for (const [key, value] of Object.entries(config)) {
      if (key === '__proto__') continue;
      out[key] = merge(typed, live[key], value, typed.field(shape.schema, key).schema);
    }
    return out;
  }
  if (!Array.isArray(live) || !Array.isArray(config)) return structuredClone(config);
  return mergeList(typed, shape, live, config);
}

/**
 * Items merged by their path elements in structured-merge-diff's order: live items the
 * configuration leaves out keep their places, the applied ones come in their applied order,
 * each new one just before the next applied item the object already had (or at the end).
 */
function mergeList(
  typed: Typed,
  shape: Extract<Shape, { kind: 'list' }>,
  live: Json[],
  config: Json[],
): Json[] {
  const items = shape.type === 'map' ? shape.items : undefined;
  const lhs = live.map((item, i) => typed.itemElement(shape, item, i));
  const rhs = config.map((item, i) => typed.itemElement(shape, item, i));
  const liveBy = new Map(lhs.map((e, i) => [e, live[i]] as const));
  const appliedBy = new Map(rhs.map((e, i) => [e, config[i]] as const));
  const shared = rhs.filter((e) => liveBy.has(e));
  let next = 0;
  const out: Json[] = [];
  const take = (e: string) => {
    out.push(merge(typed, liveBy.get(e), appliedBy.get(e), items));
    if (shared[next] === e) next++;
  };
  let l = 0;
  let r = 0;
  while (l < lhs.length || r < rhs.length) {
    if (l < lhs.length && r < rhs.length) {
      if (lhs[l] === rhs[r]) {
        take(rhs[r]);
        l++;
        r++;
        continue;
      }
      // An applied item the object has, but not the one whose turn it is: it comes later.
      if (appliedBy.has(lhs[l]) && next < shared.length && shared[next] !== lhs[l]) {
        l++;
        continue;
      }
    }
    if (l < lhs.length && !appliedBy.has(lhs[l])) {
      out.push(structuredClone(live[l]));
      l++;
      continue;
    }
    if (r < rhs.length) take(rhs[r++]);
    else l++;
  }
  return out;
}

/** Removes from `obj` each field of `last` that no set in `owned` reaches. */
export function prune(
  typed: Typed,
  obj: JsonMap,
  schema: Schema | undefined,
  last: FieldSet,
  owned: FieldSet,
): void {
  pruneIn(typed, obj, schema, last, owned);
}

function pruneIn(
  typed: Typed,
  value: Json,
  schema: Schema | undefined,
  last: FieldSet,
  owned: FieldSet | undefined,
): void {
  const shape = typed.shape(schema, value);
  if (shape.kind === 'map' && isMap(value)) {
    for (const [element, sub] of last.children) {
      if (!element.startsWith('f:')) continue;
      const key = element.slice(2);
      if (!(key in value)) continue;
      const kept = owned?.children.get(element);
      if (!kept) delete value[key];
      else pruneIn(typed, value[key], typed.field(shape.schema, key).schema, sub, kept);
    }
  } else if (shape.kind === 'list' && Array.isArray(value)) {
    const items = shape.type === 'map' ? shape.items : undefined;
    for (let i = value.length - 1; i >= 0; i--) {
      const element = typed.itemElement(shape, value[i], i);
      const sub = last.children.get(element);
      if (!sub) continue;
      const kept = owned?.children.get(element);
      if (!kept) value.splice(i, 1);
      else pruneIn(typed, value[i], items, sub, kept);
    }
  }
}
