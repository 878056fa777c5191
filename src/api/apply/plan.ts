/**
 * Server-side apply (PATCH application/apply-patch+yaml): the checks on the request, and the
 * object the applied configuration makes of the live one. Field ownership and conflicts are
 * then settled where every write records its managed fields (managed-fields/record.ts).
 */
import { errors } from '../errors.js';
import type { KindDef } from '../kinds/index.js';
import { decodeEntries, identity, type ManagedFieldsEntry } from '../managed-fields/entries.js';
import { FieldSet } from '../managed-fields/field-set.js';
import { type FieldRequest, fieldManagerFor } from '../managed-fields/hook.js';
import { isMap, type JsonMap } from '../managed-fields/typed.js';
import type { KubeObject } from '../types.js';
import { merge, prune } from './merge.js';

/** PatchOptions as the API server validates them: apply needs a manager; only apply may force. */
export function checkPatchOptions(apply: boolean, ctx: FieldRequest): void {
  const invalid = (field: string, reason: string, message: string) =>
    errors.invalid('meta.k8s.io', 'PatchOptions', '', [{ reason, field, message }]);
  if (!apply && ctx.force !== undefined)
    throw invalid('force', 'FieldValueForbidden', 'Forbidden: may not be specified for non-apply patch');
  if (apply && !ctx.fieldManager)
    throw invalid('fieldManager', 'FieldValueRequired', 'Required value: is required for apply patch');
}

/** The applied configuration, named as the URL names the object. */
export function appliedConfig(name: string, body: unknown): JsonMap {
  if (!isMap(body)) throw errors.badRequest('the body of an apply request must be a YAML or JSON object');
  const config = structuredClone(body);
  const meta = isMap(config.metadata) ? config.metadata : (config.metadata = {});
  if (meta.managedFields != null) throw errors.badRequest('metadata.managedFields must be nil');
  if (meta.name === undefined || meta.name === '') meta.name = name;
  else if (meta.name !== name)
    throw errors.badRequest(
      `the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`,
    );
  return config;
}

/** The fields an apply claims, and (when the object exists) what it leaves of `live`. */
export function planApply(
  def: KindDef,
  live: KubeObject | undefined,
  config: JsonMap,
  manager: string,
  version: string,
  subresource?: 'status',
): { object: JsonMap; set: FieldSet } {
  const fm = fieldManagerFor(def, version);
  const set = fm.appliedSet(config, subresource);
  if (!live) return { object: config, set };
  const object = merge(fm.typed, live as unknown as JsonMap, config, fm.schema) as JsonMap;
  const managers = decodeEntries(live.metadata.managedFields as ManagedFieldsEntry[] | undefined);
  const mine = identity({ manager, operation: 'Apply', apiVersion: '', subresource });
  const last = managers.get(mine)?.set;
  if (last) {
    // What the server or the object's own names hold is never the applier's to drop.
    let owned = set.union(KEPT);
    for (const [id, m] of managers) if (id !== mine) owned = owned.union(m.set);
    prune(fm.typed, object, fm.schema, last, owned);
  }
  return { object, set };
}

const KEPT = FieldSet.fromFieldsV1({
  'f:apiVersion': {},
  'f:kind': {},
  'f:metadata': { '.': {}, 'f:name': {}, 'f:namespace': {}, 'f:resourceVersion': {}, 'f:managedFields': {} },
  'f:status': {},
});
