import type { ApiResource } from '../api/kinds/index.js';
import type { KubeObject } from '../api/types.js';

/**
 * The namespace an object from a manifest goes to: its own, else the -n/context one; a manifest
 * namespace that contradicts -n is an error, as in kubectl. Undefined for cluster-scoped kinds.
 */
export function resolveNamespace(
  def: ApiResource,
  object: KubeObject,
  target: { namespace: string; namespaceFlag: boolean },
): string | undefined {
  if (!def.namespaced) return undefined;
  const own = object.metadata.namespace;
  if (own && target.namespaceFlag && own !== target.namespace) {
    throw new Error(
      `the namespace from the provided object "${own}" does not match the namespace "${target.namespace}". You must pass '--namespace=${own}' to perform this operation.`,
    );
  }
  return own || target.namespace;
}
