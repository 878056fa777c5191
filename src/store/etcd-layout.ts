// Where objects live in etcd, as in Kubernetes: `<prefix>/registry/<group or core>/<resource>/`
// then `<namespace>/<name>`, or `<name>` alone for cluster-scoped objects. One namespace is one
// key prefix, so listing or watching it reads only its keys. Values are the object's JSON
// without resourceVersion: the key's mod_revision is the resourceVersion.
import type { IKeyValue } from 'etcd3';
import type { ResourceRef, StoredObject } from './types.js';

export interface KeyRange {
  key: Buffer;
  rangeEnd: Buffer;
}

export function resourcePrefix(prefix: string, ref: ResourceRef): string {
  return `${prefix}/registry/${ref.group || 'core'}/${ref.resource}/`;
}

export function objectKey(resource: string, namespace: string, name: string): Buffer {
  return Buffer.from(namespace ? `${resource}${namespace}/${name}` : `${resource}${name}`);
}

/** The smallest key after `key`: where a range continues past it. */
export function keyAfter(key: Buffer): Buffer {
  return Buffer.concat([key, Buffer.from([0])]);
}

/** Every key that starts with `prefix`, which ends in '/'. */
export function prefixRange(prefix: string): KeyRange {
  const end = Buffer.from(prefix);
  // The prefix ends in '/', so raising its last byte never overflows.
  end[end.length - 1]! += 1;
  return { key: Buffer.from(prefix), rangeEnd: end };
}

/**
 * The keys of one namespace, or of the whole resource when namespace is undefined or '' (the
 * cluster-scoped objects have no prefix of their own: see `inNamespace`).
 */
export function namespaceRange(resource: string, namespace: string | undefined): KeyRange {
  return prefixRange(namespace ? `${resource}${namespace}/` : resource);
}

export function splitKey(resource: string, key: Buffer): { namespace: string; name: string } {
  const rest = key.toString('utf8', Buffer.byteLength(resource));
  const slash = rest.indexOf('/');
  return slash < 0
    ? { namespace: '', name: rest }
    : { namespace: rest.slice(0, slash), name: rest.slice(slash + 1) };
}

/** Whether a key of `namespaceRange(resource, namespace)` belongs to that namespace. */
export function inNamespace(namespace: string | undefined, keyNamespace: string): boolean {
  return namespace !== '' || keyNamespace === '';
}

export function encodeValue(obj: StoredObject): Buffer {
  return Buffer.from(JSON.stringify({ ...obj, metadata: { ...obj.metadata, resourceVersion: undefined } }));
}

export function decodeValue<T extends StoredObject = StoredObject>(value: Buffer, revision: string): T {
  const obj = JSON.parse(value.toString('utf8')) as T;
  obj.metadata.resourceVersion = revision;
  return obj;
}

export function decodeKv<T extends StoredObject = StoredObject>(kv: IKeyValue): T {
  return decodeValue<T>(kv.value, kv.mod_revision);
}
