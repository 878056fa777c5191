import { ApiError } from '../api/errors.js';
import type { KubeObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import { canonicalJson, lastAppliedAnnotation, threeWayMergePatch } from './apply-patch.js';
import { goJson } from './go-json.js';
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
  warn: (line: string) => void,
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
    // Keys sorted as kubectl's JSON sends them: the server's causes come back in kubectl's order.
    const body = JSON.parse(canonicalJson(modified)) as KubeObject;
    await client.create(def, body, APPLY_QUERY).catch((e: unknown) => {
      throw withMessage(e, `error when creating ${quoted(source)}: `);
    });
    return { name: objectName(def, name), action: 'created' };
  }
  const previous = current.metadata.annotations?.[lastAppliedAnnotation];
  if (previous === undefined)
    warn(
      `Warning: resource ${def.resource}/${name} is missing the ${lastAppliedAnnotation} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.`,
    );
  let original: unknown = {};
  try {
    original = previous ? JSON.parse(previous) : {};
  } catch {}
  const patch = threeWayMergePatch(original, modified, current);
  if (!patch) return { name: objectName(def, name), action: 'unchanged' };
  await client.patch(def, ns, name, patch, 'merge', undefined, APPLY_QUERY).catch((e: unknown) => {
    // kubectl's words: the patch, what it was sent to, and the file.
    const gv = def.group ? `${def.group}/${def.version}` : `/${def.version}`;
    const to = `Resource: "${gv}, Resource=${def.resource}", GroupVersionKind: "${gv}, Kind=${def.kind}"\nName: "${name}", Namespace: "${ns ?? ''}"`;
    const file = quoted(source);
    throw withMessage(
      e,
      `error when applying patch:\n${goJson(patch)}\nto:\n${to}\nfor: ${file}: error when patching ${file}: `,
    );
  });
  return { name: objectName(def, name), action: 'configured' };
}

export const quoted = (source: string) => (source.startsWith('"') ? source : `"${source}"`);

/** A server's error with kubectl's words before its message (its reason and details kept). */
export function withMessage(err: unknown, prefix: string): unknown {
  if (!(err instanceof ApiError)) return err;
  return new ApiError({ ...err.status, message: `${prefix}${err.status.message}` });
}
