import type { KubeObject } from '../../api/types.js';
import { ownedBy, withLabels } from '../../client/indexes.js';
import type { Informer } from '../../client/informer.js';

/**
 * What an owner may claim among an informer's objects: those naming it as an owner (to keep
 * or release) and those in its namespace carrying its selector's `matchLabels` (to adopt),
 * found through the indexes rather than by a scan of the namespace.
 */
export function claimCandidates<T extends KubeObject>(
  informer: Informer<T>,
  owner: KubeObject,
  matchLabels: Record<string, string> | undefined,
): T[] {
  const byName = new Map<string, T>();
  for (const obj of ownedBy(informer, owner.metadata.uid!)) byName.set(obj.metadata.name!, obj);
  for (const obj of withLabels(informer, matchLabels ?? {}, owner.metadata.namespace))
    byName.set(obj.metadata.name!, obj);
  return [...byName.values()];
}
