import { type KindDef, kinds } from '../api/kinds/index.js';
import type { KubeObject } from '../api/types.js';

/** The served resource of a manifest object, or kubectl's "no matches for kind" error. */
export function findByKindOrThrow(object: KubeObject, source: string): KindDef {
  const def = kinds.byKind(object.apiVersion, object.kind);
  if (!def) {
    throw new Error(
      `resource mapping not found for name: "${object.metadata.name ?? ''}" from ${source}: no matches for kind "${object.kind}" in version "${object.apiVersion}"`,
    );
  }
  return def;
}
