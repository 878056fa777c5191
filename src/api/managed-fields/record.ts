/**
 * Keeps metadata.managedFields on a write, as the API server's field manager does: an update
 * takes the fields it changed from their owners and adds them to its manager's set; an apply
 * makes the applied configuration's fields its manager's set, and conflicts with the other
 * owners of fields it changes unless forced.
 */
import { type ApiError, errors } from '../errors.js';
import type { Schema } from '../schema/types.js';
import type { KubeObject } from '../types.js';
import { capUpdateManagers } from './cap.js';
import {
  decodeEntries,
  describeManager,
  encodeEntries,
  identity,
  type Managed,
  type ManagedFieldsEntry,
} from './entries.js';
import { FieldSet, pathString } from './field-set.js';
import { isMap, type JsonMap, type Typed } from './typed.js';
import { compare, fieldSetOf } from './walk.js';

export interface FieldWrite {
  manager: string;
  /** The group/version the request came in (an updater's fields are kept per version). */
  apiVersion: string;
  subresource?: 'status' | 'scale';
  /** For an apply: the fields of the applied configuration, and whether it takes them from others. */
  apply?: { set: FieldSet; force: boolean };
  time: string;
}

/** Fields no one manages: the server sets them, or they name the object. */
const STRIPPED = FieldSet.fromFieldsV1({
  'f:apiVersion': {},
  'f:kind': {},
  'f:metadata': {
    '.': {},
    'f:name': {},
    'f:namespace': {},
    'f:creationTimestamp': {},
    'f:selfLink': {},
    'f:uid': {},
    'f:clusterName': {},
    'f:generation': {},
    'f:managedFields': {},
    'f:resourceVersion': {},
  },
});
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const STATUS = FieldSet.fromFieldsV1({ 'f:status': {} });

// Go struct fields held by value, not by pointer: a new object has them already, so creating
// one does not add them as fields of their own (only what is inside them).
const VALUE_STRUCTS = ['metadata', 'spec', 'status', 'template', 'strategy', 'updateStrategy', 'jobTemplate'];
// Go list fields without omitempty: a new object has them as null.
const NULL_LISTS = ['containers'];

export class FieldManager {
  private zeroValue: JsonMap | undefined;

  constructor(
    readonly typed: Typed,
    /** The kind's schema in its stored version; undefined where it has none (fields deduced). */
    readonly schema: Schema | undefined,
    /** Whether the kind has a status subresource, whose fields its main resource's writes ignore. */
    readonly hasStatus: boolean,
    /** Whether a create is compared with Go's zero value of the kind (built-in kinds) or with nothing. */
    private readonly goStructs = true,
  ) {}

  /** The fields an applied configuration names, as its manager will own them. */
  appliedSet(config: JsonMap, subresource?: 'status'): FieldSet {
    return this.ignore(fieldSetOf(this.typed, config, this.schema), subresource);
  }

  /** Sets next.metadata.managedFields for writing `next` over `current` (absent: a create). */
  record(current: KubeObject | undefined, next: KubeObject, w: FieldWrite): void {
    const sent = next.metadata.managedFields as ManagedFieldsEntry[] | undefined;
    // `managedFields: [{}]` asks for none at all.
    if (!w.subresource && sent?.length && sent.every((e) => !e.manager && !e.fieldsV1)) {
      delete next.metadata.managedFields;
      return;
    }
    // A client that sends managedFields sets them (kubectl's move from client-side apply does);
    // one that leaves them out keeps what the object had.
    const base =
      !w.subresource && sent?.length ? sent : (current?.metadata.managedFields as ManagedFieldsEntry[]);
    const managers = decodeEntries(base);
    const zero = (this.zeroValue ??= this.zero());
    const lhs = withZero(stripManaged(current ?? {}) as JsonMap, zero);
    const diff = compare(this.typed, lhs, withZero(stripManaged(next) as JsonMap, zero), this.schema);
    const changed = this.ignore(diff.modified.union(diff.added), w.subresource);
    const removed = this.ignore(diff.removed, w.subresource);
    // kubectl replace sends back what it read: only entries that differ are the request's own.
    const fromRequest = JSON.stringify(base ?? []) !== JSON.stringify(current?.metadata.managedFields ?? []);
    const me = {
      manager: w.manager,
      operation: w.apply ? 'Apply' : 'Update',
      apiVersion: w.apiVersion,
      subresource: w.subresource,
    } as const;
    const myId = identity(me);
    const conflicts: [Managed, string[]][] = [];
    for (const [id, m] of managers) {
      if (id === myId) continue;
      const taken = m.set.intersection(changed);
      if (w.apply && !w.apply.force) for (const p of taken.members()) conflicts.push([m, p]);
      m.set = m.set.difference(taken).difference(removed);
    }
    if (conflicts.length && !this.upgradesClientSideApply(conflicts, current, w))
      throw conflictError(conflicts);
    const mine = managers.get(myId);
    const set = w.apply ? w.apply.set : (mine?.set ?? new FieldSet()).union(changed).difference(removed);
    const unchanged = changed.empty && removed.empty && (!w.apply || (mine && sameSet(mine.set, set)));
    // A write that changes nothing leaves the record as it was, times included.
    if (unchanged && !fromRequest) {
      if (current?.metadata.managedFields)
        next.metadata.managedFields = structuredClone(current.metadata.managedFields);
      else delete next.metadata.managedFields;
      return;
    }
    managers.set(myId, { ...me, time: w.time, set });
    capUpdateManagers(managers);
    const entries = encodeEntries(managers.values());
    if (entries.length) next.metadata.managedFields = entries;
    else delete next.metadata.managedFields;
  }

  /**
   * kubectl's own server-side apply (manager "kubectl") takes over what client-side apply set:
   * it may take the fields of the last-applied-configuration annotation that still hold their
   * applied values, as the API server's lastAppliedManager lets it.
   */
  private upgradesClientSideApply(
    conflicts: [Managed, string[]][],
    live: KubeObject | undefined,
    w: FieldWrite,
  ): boolean {
    const annotation = live?.metadata.annotations?.[LAST_APPLIED];
    if (w.manager !== 'kubectl' || !annotation) return false;
    let lastApplied: unknown;
    try {
      lastApplied = JSON.parse(annotation);
    } catch {
      return false;
    }
    if (!isMap(lastApplied)) return false;
    const applied = fieldSetOf(this.typed, lastApplied, this.schema);
    const since = compare(this.typed, lastApplied, stripManaged(live!) as JsonMap, this.schema).modified;
    const allowed = applied.difference(since);
    return conflicts.every(([, p]) => allowed.has(p));
  }

  private ignore(set: FieldSet, subresource: FieldWrite['subresource']): FieldSet {
    const own = set.difference(STRIPPED);
    if (subresource === 'status') return own.onlyUnder(['f:status']);
    return this.hasStatus ? own.withoutPrefixes(STATUS) : own;
  }

  /** Go's zero value of the kind: what a create is compared with. */
  private zero(): JsonMap {
    const build = (schema: Schema | undefined, depth: number): JsonMap => {
      const out: JsonMap = {};
      const s = this.typed.deref(schema);
      if (!this.goStructs || !s?.properties || depth > 4) return out;
      for (const name of VALUE_STRUCTS) {
        const child = this.typed.deref(s.properties[name]);
        if (child?.properties) out[name] = build(child, depth + 1);
      }
      for (const name of NULL_LISTS) if (s.properties[name]) out[name] = null;
      return out;
    };
    return build(this.schema, 0);
  }
}

/** An object as Go holds it: the struct fields it keeps by value are there even when empty. */
function withZero(obj: JsonMap, zero: JsonMap): JsonMap {
  const out = { ...obj };
  for (const [k, z] of Object.entries(zero)) {
    const v = out[k];
    if (v === undefined) out[k] = z;
    else if (isMap(v) && isMap(z)) out[k] = withZero(v, z);
  }
  return out;
}

function sameSet(a: FieldSet, b: FieldSet): boolean {
  return JSON.stringify(a.toFieldsV1()) === JSON.stringify(b.toFieldsV1());
}

function stripManaged(obj: KubeObject | JsonMap): unknown {
  if (!isMap(obj.metadata) || !('managedFields' in obj.metadata)) return obj;
  const { managedFields: _m, ...metadata } = obj.metadata as JsonMap;
  return { ...obj, metadata };
}

/** The 409 of an apply that would change fields others own (Kubernetes' NewConflictError). */
function conflictError(conflicts: [Managed, string[]][]): ApiError {
  const n = conflicts.length;
  let message: string;
  if (n === 1) {
    const [m, p] = conflicts[0];
    message = `Apply failed with 1 conflict: conflict with ${describeManager(m)}: ${pathString(p)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const [m, p] of conflicts) {
      const d = describeManager(m);
      byManager.set(d, [...(byManager.get(d) ?? []), `- ${pathString(p)}`]);
    }
    const lines = [...byManager.keys()].sort().flatMap((d) => [`conflicts with ${d}:`, ...byManager.get(d)!]);
    message = `Apply failed with ${n} conflicts: ${lines.join('\n')}`;
  }
  return errors.applyConflict(
    message,
    conflicts.map(([m, p]) => ({
      reason: 'FieldManagerConflict',
      message: `conflict with ${describeManager(m)}`,
      field: pathString(p),
    })),
  );
}
