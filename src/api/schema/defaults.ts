/** Kubernetes' defaulting of an object: its kind's defaults, as the registry holds them. */
import { kinds } from '../kinds/index.js';
import type { KubeObject } from '../types.js';

/** Applies Kubernetes' defaults for the object's kind, in place; returns the object. */
export function applyDefaults<T extends KubeObject>(obj: T): T {
  kinds.byKind(String(obj.apiVersion ?? ''), String(obj.kind))?.defaults?.(obj);
  return obj;
}
