import { NAMESPACES } from '../api/kinds/index.js';
import type { Client } from '../client/client.js';
import { errorLine } from './error-line.js';
import type { Io } from './io.js';
import { findByKindOrThrow, type ResourceTypes } from './kinds.js';
import type { ManifestObject } from './manifest.js';
import { objectName } from './names.js';
import { resolveNamespace } from './namespace.js';

/** Creates a namespace; resolves to kubectl's line, `namespace/NAME created`. */
export async function createNamespace(client: Client, name: string): Promise<string> {
  await client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return `${objectName(NAMESPACES, name)} created`;
}

/**
 * Creates the objects of manifests as `kubectl create -f` does: each one on its own, a failure
 * said and the rest still tried; resolves to the exit code (1 if any failed).
 */
export async function createObjects(
  client: Client,
  types: ResourceTypes,
  manifests: ManifestObject[],
  target: { namespace: string; namespaceFlag: boolean },
  io: Io,
): Promise<number> {
  let code = 0;
  for (const { source, object } of manifests) {
    try {
      const def = findByKindOrThrow(types, object, source);
      const namespace = resolveNamespace(def, object, target);
      const body = namespace ? { ...object, metadata: { ...object.metadata, namespace } } : object;
      const created = await client.create(def, body, { fieldManager: 'kubectl-create' });
      io.out(`${objectName(def, created.metadata.name ?? '')} created`);
    } catch (err) {
      io.err(errorLine(err));
      code = 1;
    }
  }
  return code;
}
