import { ApiError } from '../api/errors.js';
import type { KindDef } from '../api/kinds/index.js';
import type { KubeObject } from '../api/types.js';
import type { KubeClient } from '../client/kube-client.js';

const ATTEMPTS = 5;

export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.code === 404;
}

export function isConflict(err: unknown): boolean {
  return err instanceof ApiError && err.code === 409;
}

/** Runs a write whose target may be gone already: gone is as good as done. */
export async function ignoreNotFound<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * Writes `mutate(current)` over an object, as client-go's RetryOnConflict: it starts from
 * `start` (usually the cached copy), and when another writer got there first (409) it reads
 * the object afresh from the API and applies the change again. `mutate` returns undefined
 * when there is nothing to change; a missing object is nothing to change either.
 */
export async function updateWithRetry<T extends KubeObject>(
  client: KubeClient,
  def: KindDef,
  start: T,
  mutate: (current: T) => T | undefined,
  subresource?: 'status',
): Promise<T | undefined> {
  let current = start;
  for (let attempt = 1; ; attempt++) {
    const next = mutate(structuredClone(current));
    if (!next) return undefined;
    try {
      return await client.update<T>(def, next, subresource);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      if (!isConflict(err) || attempt >= ATTEMPTS) throw err;
      const fresh = await ignoreNotFound(
        client.get<T>(def, current.metadata.namespace, current.metadata.name!),
      );
      if (!fresh || fresh.metadata.uid !== start.metadata.uid) return undefined;
      current = fresh;
    }
  }
}
