/**
 * The hashes Kubernetes names workload objects with: FNV (32 bit) over bytes, printed in
 * decimal and safe-encoded. ComputeHash (pod-template-hash) uses FNV-1a, HashControllerRevision
 * FNV-1.
 */

// Kubernetes' rand.SafeEncodeString alphabet: no vowels (no words), no 0/1/3 (no look-alikes).
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export const FNV32_OFFSET = 0x811c9dc5;
const FNV32_PRIME = 0x01000193;

/** Kubernetes' rand.SafeEncodeString: each byte of `s` as a letter of the alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s)) out += ALPHANUMS[byte % ALPHANUMS.length];
  return out;
}

/** FNV-1a: xor, then multiply, for each byte. */
export function fnv32a(hash: number, bytes: Uint8Array): number {
  for (const b of bytes) hash = Math.imul(hash ^ b, FNV32_PRIME) >>> 0;
  return hash;
}

/** FNV-1: multiply, then xor, for each byte. */
export function fnv32(hash: number, bytes: Uint8Array): number {
  for (const b of bytes) hash = (Math.imul(hash, FNV32_PRIME) ^ b) >>> 0;
  return hash;
}
