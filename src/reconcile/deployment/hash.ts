import type { PodTemplateSpec } from '../../api/kinds/index.js';
import { FNV32_OFFSET, fnv32a, safeEncodeString } from '../workloads/fnv-hash.js';

/** The label a Deployment puts on its ReplicaSets' selectors, templates and pods. */
export const POD_TEMPLATE_HASH = 'pod-template-hash';

/**
 * A JSON value as Go's semantic equality sees it: keys sorted, and null members, empty lists
 * and empty maps gone (Go does not tell a nil slice or map from an empty one).
 */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = canonical((value as Record<string, unknown>)[key]);
    if (v === null || v === undefined) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[key] = v;
  }
  return out;
}

/**
 * Kubernetes' ComputeHash: fnv32a of the pod template, then of the collision count (as 8
 * little-endian bytes) when there is one, printed in decimal and safe-encoded. Kubernetes
 * hashes Go's dump of the template; this hashes its canonical JSON, so the value differs from
 * a real cluster's but changes exactly when the template does.
 */
export function computeHash(template: PodTemplateSpec, collisionCount?: number): string {
  let hash = fnv32a(FNV32_OFFSET, Buffer.from(JSON.stringify(canonical(template))));
  if (collisionCount !== undefined) {
    const bytes = Buffer.alloc(8);
    bytes.writeUInt32LE(collisionCount >>> 0);
    hash = fnv32a(hash, bytes);
  }
  return safeEncodeString(String(hash));
}

/** The template without the pod-template-hash label, as compared and as rolled back to. */
export function withoutHash(template: PodTemplateSpec | undefined): PodTemplateSpec {
  const copy = structuredClone(template ?? {});
  if (copy.metadata?.labels) delete copy.metadata.labels[POD_TEMPLATE_HASH];
  return copy;
}

/** Kubernetes' EqualIgnoreHash: the same templates but for the pod-template-hash label. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return JSON.stringify(canonical(withoutHash(a))) === JSON.stringify(canonical(withoutHash(b)));
}
