import { ApiError } from './errors.js';
import type { KindDef } from './kinds/index.js';
import type { KubeObject } from './types.js';

/** etcd's default request limit (--max-request-bytes), which bounds every stored object. */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

/** Refuses to store an object larger than etcd would take, with the 413 the API server answers. */
export function checkObjectSize(def: KindDef, obj: KubeObject): void {
  const size = Buffer.byteLength(JSON.stringify(obj));
  if (size <= MAX_OBJECT_BYTES) return;
  throw new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'Request entity too large: etcdserver: request is too large',
    reason: 'RequestEntityTooLarge',
    details: { name: obj.metadata.name, group: def.group, kind: def.resource },
    code: 413,
  });
}
