import type { KubeObject } from './types.js';

/**
 * A Secret's stringData is write-only: as the API server converts a request, each of its
 * entries replaces the data entry of the same key, base64-encoded, and stringData is dropped.
 */
export function mergeStringData(secret: KubeObject): void {
  const s = secret as KubeObject & { data?: Record<string, string>; stringData?: Record<string, string> };
  if (s.stringData === undefined) return;
  const entries = Object.entries(s.stringData ?? {});
  if (entries.length) {
    s.data ??= {};
    for (const [key, value] of entries) s.data[key] = Buffer.from(String(value), 'utf8').toString('base64');
  }
  delete s.stringData;
}
