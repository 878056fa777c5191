import { patchTypes } from '../api/patch/types.js';
import type { KubeObject } from '../api/types.js';
import { Client } from '../client/client.js';
import { isConflict } from '../reconcile/retry.js';
import type { Target } from './targets.js';

interface Scale extends KubeObject {
  spec?: { replicas?: number };
}

export interface ScaleOptions {
  replicas: number;
  /** Scale only if the object asks for this many replicas now (kubectl's --current-replicas). */
  currentReplicas?: number;
  /** Scale only if the object is at this resourceVersion. */
  resourceVersion?: string;
}

// kubectl tries a scale with preconditions again this many times when another writer gets in first.
const ATTEMPTS = 5;

/**
 * Sets the replicas of an object through its scale subresource, as kubectl scale does: a
 * merge patch, or with preconditions a read, a check and an update that fails if the object
 * changed meanwhile (then tried again with the check).
 */
export async function scaleTarget(client: Client, t: Target, opts: ScaleOptions): Promise<string> {
  const path = Client.path(t.def, t.namespace, t.name, 'scale');
  if (opts.currentReplicas === undefined && !opts.resourceVersion) {
    const body = { spec: { replicas: opts.replicas } };
    await client.request('PATCH', path, { body, contentType: patchTypes.merge });
    return 'scaled';
  }
  for (let attempt = 1; ; attempt++) {
    const scale = await client.request<Scale>('GET', path);
    const now = scale.spec?.replicas ?? 0;
    if (opts.currentReplicas !== undefined && now !== opts.currentReplicas)
      throw new Error(`Expected replicas to be ${opts.currentReplicas}, was ${now}`);
    if (opts.resourceVersion && scale.metadata.resourceVersion !== opts.resourceVersion)
      throw new Error(
        `Expected resource version to be ${opts.resourceVersion}, was ${scale.metadata.resourceVersion}`,
      );
    try {
      await client.request('PUT', path, {
        body: { ...scale, spec: { ...scale.spec, replicas: opts.replicas } },
      });
      return 'scaled';
    } catch (err) {
      if (!isConflict(err) || attempt >= ATTEMPTS) throw err;
    }
  }
}
