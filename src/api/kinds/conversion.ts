import type { KubeObject } from '../types.js';
import type { KindDef } from './kind-def.js';
import { kindVersion, splitApiVersion } from './registry.js';

/** An object as a request on `version` of its kind sees it (objects are stored in def.version). */
export function toServedVersion(def: KindDef, obj: KubeObject, version: string): KubeObject {
  return kindVersion(def, version)?.fromStored?.(obj) ?? obj;
}

/** A decoded request object in the version it is stored in. */
export function toStoredVersion(def: KindDef, obj: KubeObject): KubeObject {
  return kindVersion(def, splitApiVersion(obj.apiVersion)[1])?.toStored?.(obj) ?? obj;
}
