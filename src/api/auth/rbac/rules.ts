/** How an RBAC PolicyRule covers a request (Kubernetes' rbac.RuleAllows and its matchers). */
import type { RequestAttributes } from '../authorizer.js';

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

const has = (list: readonly string[] | undefined, value: string) =>
  !!list && (list.includes('*') || list.includes(value));

function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  const list = rule.resources ?? [];
  if (list.includes('*')) return true;
  if (!subresource) return list.includes(resource);
  return list.includes(`${resource}/${subresource}`) || list.includes(`*/${subresource}`);
}

function urlMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some(
    (u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))),
  );
}

export function ruleAllows(a: Omit<RequestAttributes, 'user'>, rule: PolicyRule): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!a.resourceRequest) return urlMatches(rule, a.path);
  return (
    has(rule.apiGroups, a.apiGroup) &&
    resourceMatches(rule, a.resource, a.subresource) &&
    (!rule.resourceNames?.length || rule.resourceNames.includes(a.name))
  );
}

/**
 * Whether `owned` covers everything `wanted` grants (Kubernetes' validation.Covers, rule by rule
 * broken into single verb/group/resource/name grants): what the escalation check asks.
 */
export function covers(owned: readonly PolicyRule[], wanted: PolicyRule): boolean {
  if (wanted.nonResourceURLs?.length) {
    return wanted.nonResourceURLs.every((path) =>
      wanted.verbs.every((verb) => owned.some((r) => has(r.verbs, verb) && urlMatches(r, path))),
    );
  }
  const names = wanted.resourceNames?.length ? wanted.resourceNames : [''];
  for (const verb of wanted.verbs)
    for (const group of wanted.apiGroups ?? [])
      for (const resource of wanted.resources ?? [])
        for (const name of names) {
          const ok = owned.some(
            (r) =>
              has(r.verbs, verb) &&
              has(r.apiGroups, group) &&
              ((r.resources ?? []).includes('*') || (r.resources ?? []).includes(resource)) &&
              (!r.resourceNames?.length || (name !== '' && r.resourceNames.includes(name))),
          );
          if (!ok) return false;
        }
  return true;
}
