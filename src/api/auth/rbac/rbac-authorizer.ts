/** Kubernetes' RBAC authorizer: a request is allowed when a rule bound to its user covers it. */
import type { Authorizer, Decision, RequestAttributes } from '../authorizer.js';
import type { RbacPolicy } from './policy.js';
import { ruleAllows } from './rules.js';

/** The group every request of which is allowed, as Kubernetes' privileged group. */
export const SYSTEM_MASTERS = 'system:masters';

export function rbacAuthorizer(policy: RbacPolicy): Authorizer {
  return {
    async authorize(a: RequestAttributes): Promise<Decision> {
      if (a.user.groups.includes(SYSTEM_MASTERS)) return { allowed: true };
      const rules = await policy.rulesFor(a.user, a.resourceRequest ? a.namespace : '');
      return rules.some((r) => ruleAllows(a, r)) ? { allowed: true } : { allowed: false };
    },
  };
}
