/**
 * Kubernetes' Node authorizer: a node reads the Secrets, ConfigMaps, claims, volumes and service
 * account tokens of the pods bound to it, and only those; its own Lease; and the rest of the
 * kubelet's rules (src/api/auth/rbac/bootstrap-policy.ts NODE_RULES) cluster-wide. It never
 * denies: a request it does not allow goes on to RBAC with its reason.
 */
import type { Authorizer, Decision, RequestAttributes } from '../authorizer.js';
import type { PolicyRule } from '../rbac/rules.js';
import { ruleAllows } from '../rbac/rules.js';
import type { NodeGraph } from './node-graph.js';
import { nodeIdentity } from './node-identity.js';

const NODE_LEASE_NAMESPACE = 'kube-node-lease';
const ALLOW: Decision = { allowed: true };
const noOpinion = (reason?: string): Decision => ({ allowed: false, ...(reason ? { reason } : {}) });

export function nodeAuthorizer(graph: NodeGraph, nodeRules: readonly PolicyRule[]): Authorizer {
  const related = async (node: string, a: RequestAttributes): Promise<Decision> => {
    if (!a.name) return noOpinion('No Object name found');
    return (await graph.hasPath(node, a.resource, a.namespace, a.name))
      ? ALLOW
      : noOpinion(`no relationship found between node '${node}' and this object`);
  };

  const readNamespaced = (node: string, a: RequestAttributes) => {
    if (!['get', 'list', 'watch'].includes(a.verb)) return noOpinion('can only read resources of this type');
    if (a.subresource) return noOpinion('cannot read subresource');
    if (!a.namespace) return noOpinion('can only read namespaced object of this type');
    return related(node, a);
  };

  const get = (node: string, a: RequestAttributes) => {
    if (a.verb !== 'get') return noOpinion('can only get individual resources of this type');
    if (a.subresource) return noOpinion('cannot get subresource');
    return related(node, a);
  };

  const statusUpdate = (node: string, a: RequestAttributes) => {
    if (!['update', 'patch'].includes(a.verb)) return noOpinion('can only get/update/patch this type');
    if (a.subresource !== 'status') return noOpinion('can only update status subresource');
    return related(node, a);
  };

  const createToken = (node: string, a: RequestAttributes) => {
    if (a.verb !== 'create' || !a.name)
      return noOpinion('can only create tokens for individual service accounts');
    if (a.subresource !== 'token') return noOpinion('can only create token subresource of serviceaccount');
    return related(node, a);
  };

  const lease = (node: string, a: RequestAttributes) => {
    if (!['get', 'create', 'update', 'patch', 'delete'].includes(a.verb))
      return noOpinion('can only get, create, update, patch, or delete a node lease');
    if (a.namespace !== NODE_LEASE_NAMESPACE)
      return noOpinion(`can only access leases in the "${NODE_LEASE_NAMESPACE}" system namespace`);
    // A create names no lease in its path: NodeRestriction checks the object's name.
    if (a.verb !== 'create' && a.name !== node)
      return noOpinion('can only access node lease with the same name as the requesting node');
    return ALLOW;
  };

  return {
    authorize(a: RequestAttributes): Decision | Promise<Decision> {
      const node = nodeIdentity(a.user);
      if (node === undefined) return noOpinion();
      if (!node) return noOpinion(`unknown node for user "${a.user.name}"`);
      if (a.resourceRequest) {
        const resource = `${a.apiGroup}/${a.resource}`;
        switch (resource) {
          case '/secrets':
          case '/configmaps':
            return readNamespaced(node, a);
          case '/persistentvolumeclaims':
            return a.subresource === 'status' ? statusUpdate(node, a) : get(node, a);
          case '/persistentvolumes':
            return get(node, a);
          case '/serviceaccounts':
            return createToken(node, a);
          case 'coordination.k8s.io/leases':
            return lease(node, a);
        }
      }
      return nodeRules.some((r) => ruleAllows(a, r)) ? ALLOW : noOpinion();
    },
  };
}
