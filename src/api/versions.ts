import { hpaToV1, hpaToV2 } from './hpa-versions.js';
import type { ResourceDef } from './resources.js';
import type { KubeObject } from './types.js';

/** An object as a request on `version` of its resource sees it (objects are stored in def.version). */
export function toServedVersion(def: ResourceDef, obj: KubeObject, version: string): KubeObject {
  if (version === def.version || def.kind !== 'HorizontalPodAutoscaler') return obj;
  return hpaToV1(obj);
}

/** A decoded request object in the version it is stored in. */
export function toStoredVersion(def: ResourceDef, obj: KubeObject): KubeObject {
  if (def.kind === 'HorizontalPodAutoscaler' && obj.apiVersion === 'autoscaling/v1') return hpaToV2(obj);
  return obj;
}
