import type { ApiResource } from '../api/kinds/kind-def.js';
import { groupVersion } from '../api/kinds/registry.js';
import { withoutManagedFields } from '../api/object-meta.js';
import type { KubeObject } from '../api/types.js';
import { goJson } from './go-json.js';
import { toKubectlYaml } from './kubectl-yaml.js';

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
 * One object, or a v1 List of several, as kubectl prints `-o json` or `-o yaml` (see
 * formatValue): without metadata.managedFields, as kubectl prints them unless
 * --show-managed-fields.
 */
export function formatObjects(
  all: KubeObject[],
  format: ObjectFormat,
  single: boolean,
  showManagedFields = false,
): string {
  const objects = showManagedFields ? all : all.map(withoutManagedFields);
  return formatValue(single && objects.length === 1 ? objects[0] : listOf(objects), format);
}

/**
 * Data as kubectl prints it, the last newline left to the caller: YAML as go-yaml writes it
 * (cli/kubectl-yaml.ts); JSON as Go's json.MarshalIndent does, 4-space indent, each object's keys
 * sorted and <, >, & escaped.
 */
export function formatValue(value: unknown, format: ObjectFormat): string {
  if (format === 'yaml') return toKubectlYaml(value).replace(/\n$/, '');
  return goJson(value, true);
}
