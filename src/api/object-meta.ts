import { randomInt, randomUUID } from 'node:crypto';
import { timestamp } from './time.js';
import type { KubeObject } from './types.js';

// The alphabet Kubernetes uses for generateName suffixes: no vowels, no look-alikes.
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function generateNameSuffix(): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  return s;
}

/** Stamps what the server owns on a new object. */
export function initMeta(obj: KubeObject): void {
  const m = obj.metadata;
  if (!m.name && m.generateName) m.name = m.generateName + generateNameSuffix();
  m.uid = randomUUID();
  m.creationTimestamp = timestamp();
  delete m.resourceVersion;
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  if ('spec' in obj) m.generation = 1;
  else delete m.generation;
}

/** The part of an object whose change bumps metadata.generation. */
function specOf(obj: KubeObject): unknown {
  const { metadata: _m, status: _s, ...rest } = obj;
  return rest;
}

export function specChanged(a: KubeObject, b: KubeObject): boolean {
  return JSON.stringify(specOf(a)) !== JSON.stringify(specOf(b));
}

/** Keeps what a client may not change through an update of an existing object. */
export function carryServerMeta(next: KubeObject, prev: KubeObject): void {
  const m = next.metadata;
  const p = prev.metadata;
  m.uid = p.uid;
  m.creationTimestamp = p.creationTimestamp;
  m.deletionTimestamp = p.deletionTimestamp;
  m.deletionGracePeriodSeconds = p.deletionGracePeriodSeconds;
  if (p.generation !== undefined) m.generation = specChanged(next, prev) ? p.generation + 1 : p.generation;
  for (const k of ['deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const) {
    if (m[k] === undefined) delete m[k];
  }
}

export function sameContent(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => ({
    ...o,
    metadata: { ...o.metadata, resourceVersion: undefined, managedFields: undefined },
  });
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

/** The object without metadata.managedFields, which kubectl does not print and a node never reads. */
export function withoutManagedFields<T extends KubeObject>(obj: T): T {
  if (!obj.metadata?.managedFields) return obj;
  const { managedFields: _, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}
