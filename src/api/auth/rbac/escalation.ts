/**
 * Kubernetes' RBAC escalation check: a Role or ClusterRole may be written, and a binding made,
 * only by a user who holds every permission it grants, or who may `escalate` (roles) or `bind`
 * (the role a binding refers to).
 */
import type { AdmissionPlugin, AdmissionRequest } from '../../admission/chain.js';
import { errors } from '../../errors.js';
import { CLUSTER_ROLE_BINDINGS, CLUSTER_ROLES, RBAC_GROUP, ROLE_BINDINGS, ROLES } from '../../kinds/index.js';
import type { Authorizer } from '../authorizer.js';
import type { UserInfo } from '../user.js';
import type { RbacPolicy, RoleRef } from './policy.js';
import { SYSTEM_MASTERS } from './rbac-authorizer.js';
import { covers, type PolicyRule } from './rules.js';

/** What the check reads: set once the API server's RBAC is up (writes before that are the server's own). */
export interface EscalationCheck {
  policy?: RbacPolicy;
  authorizer?: Authorizer;
}

const quoted = (xs: readonly string[] | undefined) => (xs ?? []).map((x) => `"${x}"`).join(' ');

/** A rule as Kubernetes prints one it refuses to grant (rbacv1helpers CompactString). */
function describe(rule: PolicyRule): string {
  const parts: string[] = [];
  if (rule.apiGroups?.length) parts.push(`APIGroups:[${quoted(rule.apiGroups)}]`);
  if (rule.resources?.length) parts.push(`Resources:[${quoted(rule.resources)}]`);
  if (rule.resourceNames?.length) parts.push(`ResourceNames:[${quoted(rule.resourceNames)}]`);
  if (rule.nonResourceURLs?.length) parts.push(`NonResourceURLs:[${quoted(rule.nonResourceURLs)}]`);
  parts.push(`Verbs:[${quoted(rule.verbs)}]`);
  return `{${parts.join(', ')}}`;
}

async function may(
  check: EscalationCheck,
  user: UserInfo,
  verb: string,
  resource: string,
  namespace: string,
  name: string,
) {
  const d = await check.authorizer!.authorize({
    user,
    verb,
    resourceRequest: true,
    apiGroup: RBAC_GROUP,
    apiVersion: 'v1',
    resource,
    subresource: '',
    namespace,
    name,
    path: '',
  });
  return d.allowed;
}

async function refuseUncovered(check: EscalationCheck, req: AdmissionRequest, granted: PolicyRule[]) {
  const namespace = req.namespace ?? '';
  const held = await check.policy!.rulesFor(req.user, namespace);
  const missing = granted.filter((r) => !covers(held, r));
  if (!missing.length) return;
  const groups = req.user.groups.map((g) => `"${g}"`).join(' ');
  throw errors.forbidden(
    { group: RBAC_GROUP, kind: req.def.resource, name: req.name },
    `user "${req.user.name}" (groups=[${groups}]) is attempting to grant RBAC permissions not currently held:\n${missing.map(describe).join('\n')}`,
  );
}

export function rbacEscalation(check: EscalationCheck): AdmissionPlugin {
  return {
    name: 'RBACEscalation',
    async validate(req) {
      if (!check.policy || !check.authorizer || req.operation === 'DELETE' || req.subresource) return;
      if (req.user.groups.includes(SYSTEM_MASTERS)) return;
      const namespace = req.namespace ?? '';
      if (req.def === ROLES || req.def === CLUSTER_ROLES) {
        if (await may(check, req.user, 'escalate', req.def.resource, namespace, req.name)) return;
        return refuseUncovered(check, req, (req.object as { rules?: PolicyRule[] }).rules ?? []);
      }
      if (req.def === ROLE_BINDINGS || req.def === CLUSTER_ROLE_BINDINGS) {
        const ref = (req.object as unknown as { roleRef: RoleRef }).roleRef;
        const resource = ref.kind === 'ClusterRole' ? 'clusterroles' : 'roles';
        if (
          await may(
            check,
            req.user,
            'bind',
            resource,
            ref.kind === 'ClusterRole' && req.def === CLUSTER_ROLE_BINDINGS ? '' : namespace,
            ref.name,
          )
        )
          return;
        return refuseUncovered(check, req, await check.policy.rulesOf(ref, namespace));
      }
    },
  };
}
