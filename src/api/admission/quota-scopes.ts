/** Which objects a ResourceQuota tracks: its scopes and scope selector, which only pods can match. */

import type { KindDef } from '../kinds/index.js';
import { PODS, qosClass, type ResourceQuota } from '../kinds/index.js';
import type { KubeObject } from '../types.js';

type Pod = KubeObject & { spec: any };

function scopeMatches(scope: string, pod: Pod): boolean {
  switch (scope) {
    case 'BestEffort':
      return qosClass(pod.spec) === 'BestEffort';
    case 'NotBestEffort':
      return qosClass(pod.spec) !== 'BestEffort';
    case 'Terminating':
      return pod.spec.activeDeadlineSeconds != null;
    case 'NotTerminating':
      return pod.spec.activeDeadlineSeconds == null;
    default:
      return false;
  }
}

function requirementMatches(
  r: { scopeName: string; operator: string; values?: string[] },
  pod: Pod,
): boolean {
  if (r.scopeName !== 'PriorityClass')
    return r.operator === 'DoesNotExist' ? !scopeMatches(r.scopeName, pod) : scopeMatches(r.scopeName, pod);
  const cls = pod.spec.priorityClassName as string | undefined;
  switch (r.operator) {
    case 'In':
      return !!cls && (r.values ?? []).includes(cls);
    case 'NotIn':
      return !cls || !(r.values ?? []).includes(cls);
    case 'Exists':
      return !!cls;
    default:
      return !cls;
  }
}

/** A quota without scopes tracks every object; one with scopes tracks only the pods they match. */
export function quotaTracks(quota: ResourceQuota, def: KindDef, obj: KubeObject): boolean {
  const scopes = quota.spec?.scopes ?? [];
  const requirements = quota.spec?.scopeSelector?.matchExpressions ?? [];
  if (!scopes.length && !requirements.length) return true;
  if (def !== PODS) return false;
  const pod = obj as Pod;
  return scopes.every((s) => scopeMatches(s, pod)) && requirements.every((r) => requirementMatches(r, pod));
}

/** Scoped quotas limit only what their scopes concern (BestEffort pods hold no compute). */
export function scopedResource(quota: ResourceQuota, name: string): boolean {
  const scopes = quota.spec?.scopes ?? [];
  if (scopes.includes('BestEffort')) return name === 'pods' || name === 'count/pods';
  return true;
}
