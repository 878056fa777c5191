import { ApiError } from '../api/errors.js';
import type { KubeObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import { canonicalJson, lastAppliedAnnotation, threeWayMergePatch } from './apply-patch.js';
import { findByKindOrThrow, type ResourceTypes } from './kinds.js';
import type { ManifestObject } from './manifest.js';
import { objectName } from './names.js';
import { resolveNamespace } from './namespace.js';

export type ApplyAction = 'created' | 'configured' | 'unchanged';

// As kubectl apply asks: a field the server does not know is an error, not silently dropped.
const APPLY_QUERY = { fieldManager: 'kubectl-client-side-apply', fieldValidation: 'Strict' };

/** Creates the object when missing, else patches the live one toward it; says which. */
export async function applyObject(
  client: Client,
  types: ResourceTypes,
  { source, object }: ManifestObject,
  namespace: { namespace: string; namespaceFlag: boolean },
): Promise<{ name: string; action: ApplyAction }> {
  const def = findByKindOrThrow(types, object, source);
  const name = object.metadata.name;
  if (!name) throw new Error(`error from ${source}: ${object.kind} has no metadata.name`);
  const ns = resolveNamespace(def, object, namespace);
  const modified: KubeObject = structuredClone(object);
  modified.metadata = { ...modified.metadata, ...(ns ? { namespace: ns } : {}) };
  const annotations = { ...modified.metadata.annotations };
  delete annotations[lastAppliedAnnotation];
  modified.metadata.annotations = annotations;
  const lastApplied = canonicalJson(modified);
  modified.metadata.annotations = { ...annotations, [lastAppliedAnnotation]: `${lastApplied}\n` };

  let current: KubeObject;
  try {
    current = await client.get(def, ns, name);
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== 404) throw err;
    await client.create(def, modified, APPLY_QUERY).catch((e: unknown) => {
      if (!(e instanceof ApiError)) throw e;
      const file = source.startsWith('"') ? source : `"${source}"`;
      throw new ApiError({ ...e.status, message: `error when creating ${file}: ${e.status.message}` });
    });
    return { name: objectName(def, name), action: 'created' };
  }
  const previous = current.metadata.annotations?.[lastAppliedAnnotation];
  let original: unknown = {};
  try {
    original = previous ? JSON.parse(previous) : {};
  } catch {}
  const patch = threeWayMergePatch(original, modified, current);
  if (!patch) return { name: objectName(def, name), action: 'unchanged' };
  await client.patch(def, ns, name, patch, 'merge', undefined, APPLY_QUERY);
  return { name: objectName(def, name), action: 'configured' };
}
