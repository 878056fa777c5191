import YAML from 'yaml';
import type { ApiResource } from '../api/kinds/kind-def.js';
import { groupVersion } from '../api/kinds/registry.js';
import type { KubeObject } from '../api/types.js';

export type ObjectFormat = 'json' | 'yaml';

/** Items of a list come without apiVersion and kind; printed objects carry them, as kubectl's do. */
export function withTypeMeta(def: ApiResource, obj: KubeObject): KubeObject {
  return { ...obj, apiVersion: obj.apiVersion ?? groupVersion(def), kind: obj.kind ?? def.kind };
}

/** The v1 List kubectl prints several objects in. */
export function listOf(objects: KubeObject[]) {
  return { apiVersion: 'v1', kind: 'List', items: objects, metadata: { resourceVersion: '' } };
}

/**
 * One object, or a v1 List of several, as kubectl prints `-o json` (4-space indent) or `-o yaml`:
 * without metadata.managedFields, as kubectl prints them unless --show-managed-fields.
 */
export function formatObjects(all: KubeObject[], format: ObjectFormat, single: boolean): string {
  const objects = all.map(withoutManagedFields);
  const value = single && objects.length === 1 ? objects[0] : listOf(objects);
  return format === 'json' ? JSON.stringify(value, null, 4) : YAML.stringify(value).trimEnd();
}

function withoutManagedFields(obj: KubeObject): KubeObject {
  if (!obj.metadata?.managedFields) return obj;
  const { managedFields: _m, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}
