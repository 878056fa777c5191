import { type KindDef, kinds } from '../api/kinds/index.js';
import type { KubeObject } from '../api/types.js';

/** The served resource of a manifest object, or kubectl's "no matches for kind" error. */
export function findByKindOrThrow(object: KubeObject, source: string): KindDef {
  const def = kinds.byKind(object.apiVersion, object.kind);
  if (!def) {
    const { name = '', namespace = '' } = object.metadata;
    throw new Error(
      `resource mapping not found for name: "${name}" namespace: "${namespace}" from ${source}: no matches for kind "${object.kind}" in version "${object.apiVersion}"\nensure CRDs are installed first`,
    );
  }
  return def;
}
