// What every backend does alike with an object: find its key, stamp its revision, refuse a write.
import { type ResourceRef, type StoredObject, StoreError } from './types.js';

export function keyOf(obj: StoredObject): { namespace: string; name: string } {
  const name = obj.metadata?.name;
  if (!name) throw new Error('store: object has no metadata.name');
  return { namespace: obj.metadata.namespace ?? '', name };
}

export function withRevision<T extends StoredObject>(obj: T, revision: number): T {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(revision) } };
}

export function notFound(ref: ResourceRef, name: string): StoreError {
  return new StoreError('NotFound', `${ref.resource} "${name}" not found`);
}

export function alreadyExists(ref: ResourceRef, name: string): StoreError {
  return new StoreError('AlreadyExists', `${ref.resource} "${name}" already exists`);
}

export function conflict(): StoreError {
  return new StoreError(
    'Conflict',
    'the object has been modified; please apply your changes to the latest version and try again',
  );
}

export function tooOld(fromRevision: number, compacted: number): StoreError {
  return new StoreError('Expired', `too old resource version: ${fromRevision} (${compacted})`);
}
