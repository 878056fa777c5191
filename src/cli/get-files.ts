import type { Client } from '../client/client.js';
import { type GetOptions, get } from './get.js';
import type { Io } from './io.js';
import type { ResourceTypes } from './kinds.js';
import type { ManifestObject } from './manifest.js';
import { requestsByNamespace, targetsFromManifests } from './targets.js';

/** `get -f`: the objects the manifests name, read namespace by namespace; the worst exit code. */
export async function getFromManifests(
  client: Client,
  types: ResourceTypes,
  manifests: ManifestObject[],
  target: { namespace: string; namespaceFlag: boolean },
  opts: GetOptions,
  io: Io,
): Promise<number> {
  let code = 0;
  const byNamespace = requestsByNamespace(targetsFromManifests(manifests, types, target), target.namespace);
  for (const [namespace, requests] of byNamespace)
    code = Math.max(code, await get(client, types, { ...opts, namespace, requests }, io));
  return code;
}
