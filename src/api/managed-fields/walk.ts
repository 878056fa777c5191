/**
 * The two walks structured-merge-diff makes over typed values: the set of fields an applied
 * configuration names (ToFieldSet), and what changed between two objects (Compare).
 */
import type { Schema } from '../schema/types.js';
import { FieldSet } from './field-set.js';
import { isEmpty, isMap, type Json, type JsonMap, sameJson, type Typed } from './typed.js';

/** The fields a configuration sets: its leaves, atomic parts and list items (typed.ToFieldSet). */
export function fieldSetOf(typed: Typed, value: JsonMap, schema: Schema | undefined): FieldSet {
  const set = new FieldSet();
  visit(typed, value, schema, [], set);
  return set;
}

function visit(typed: Typed, value: Json, schema: Schema | undefined, path: string[], set: FieldSet): void {
  const shape = typed.shape(schema, value);
  if (shape.kind === 'leaf') {
    set.insert(path);
    return;
  }
  if (shape.kind === 'list') {
    if (!Array.isArray(value)) return;
    value.forEach((item, i) => {
      const itemPath = [...path, typed.itemElement(shape, item, i)];
      if (shape.type === 'map') visit(typed, item, shape.items, itemPath, set);
      set.insert(itemPath);
    });
    return;
  }
  if (!isMap(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const f = typed.field(shape.schema, key);
    const childPath = [...path, `f:${key}`];
    visit(typed, child, f.schema, childPath, set);
    if (child === null || (isMap(child) && Object.keys(child).length === 0) || !f.declared)
      set.insert(childPath);
  }
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** What `rhs` adds, changes and removes from `lhs`, field by field (typed.Compare). */
export function compare(typed: Typed, lhs: JsonMap, rhs: JsonMap, schema: Schema | undefined): Comparison {
  const out = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  diff(typed, lhs, rhs, schema, [], out);
  return out;
}

function diff(
  typed: Typed,
  lhs: Json | undefined,
  rhs: Json | undefined,
  schema: Schema | undefined,
  path: string[],
  out: Comparison,
): void {
  const shape = typed.shape(schema, rhs ?? lhs ?? null);
  const sameKind = lhs == null || rhs == null || kindOf(lhs) === kindOf(rhs);
  // Both sides empty is a leaf, so that null and {} stay told apart.
  if (shape.kind === 'leaf' || !sameKind || (isEmpty(lhs) && isEmpty(rhs))) {
    if (lhs === undefined) out.added.insert(path);
    else if (rhs === undefined) out.removed.insert(path);
    else if (!sameJson(lhs, rhs)) out.modified.insert(path);
    return;
  }
  if (shape.kind === 'list') {
    const items = (v: Json | undefined) => {
      const m = new Map<string, Json>();
      if (Array.isArray(v))
        v.forEach((item, i) => {
          m.set(typed.itemElement(shape, item, i), item);
        });
      return m;
    };
    const l = items(lhs);
    const r = items(rhs);
    for (const element of new Set([...l.keys(), ...r.keys()]))
      diff(
        typed,
        l.get(element),
        r.get(element),
        shape.type === 'map' ? shape.items : undefined,
        [...path, element],
        out,
      );
  } else {
    const l = isMap(lhs) ? lhs : {};
    const r = isMap(rhs) ? rhs : {};
    for (const key of new Set([...Object.keys(l), ...Object.keys(r)]))
      diff(typed, l[key], r[key], typed.field(shape.schema, key).schema, [...path, `f:${key}`], out);
  }
  if (lhs === undefined) out.added.insert(path);
  else if (rhs === undefined) out.removed.insert(path);
}

function kindOf(v: Json): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
}
