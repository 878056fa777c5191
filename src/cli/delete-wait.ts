/**
 * kubectl delete's wait: after the deletes are sent, it waits for each object deleted (the same
 * UID) to be gone, as `kubectl wait --for=delete` would, unless given --wait=false.
 */
import { ApiError } from '../api/errors.js';
import { parseGoDuration } from '../api/time.js';
import type { KubeObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import type { Target } from './targets.js';

/** kubectl's wait for "forever" (--timeout=0): a week. */
export const FOREVER_MS = 168 * 3_600_000;
const POLL_MS = 200;

/** An object a delete was sent for, and the UID it had then. */
export interface Deleted extends Target {
  uid: string;
}

/** delete's --timeout, in ms: a Go duration, 0 (the default) meaning a week. */
export function deleteTimeout(value: string): number {
  const ms = parseGoDuration(value);
  if (ms === undefined)
    throw new Error(`invalid argument "${value}" for "--timeout" flag: time: invalid duration "${value}"`);
  return ms === 0 ? FOREVER_MS : ms;
}

/** Resolves when every object is gone (or replaced by one of another UID); else throws kubectl's words. */
export async function waitForDeletion(client: Client, deleted: Deleted[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const d of deleted) {
    while (await exists(client, d)) {
      if (Date.now() >= deadline)
        throw new Error(`timed out waiting for the condition on ${d.def.resource}/${d.name}`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, deadline - Date.now())));
    }
  }
}

async function exists(client: Client, d: Deleted): Promise<boolean> {
  try {
    const current = await client.get<KubeObject>(d.def, d.namespace, d.name);
    return current.metadata.uid === d.uid;
  } catch (err) {
    if (err instanceof ApiError && err.code === 404) return false;
    throw err;
  }
}
