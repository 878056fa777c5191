/** The API server's authorizer, as kube-apiserver's `--authorization-mode=Node,RBAC`. */

import type { ResourceService } from '../service.js';
import { type Authorizer, unionAuthorizer } from './authorizer.js';
import { nodeAuthorizer } from './node/node-authorizer.js';
import { NodeGraph } from './node/node-graph.js';
import { NODE_RULES } from './rbac/bootstrap-policy.js';
import type { RbacPolicy } from './rbac/policy.js';
import { rbacAuthorizer } from './rbac/rbac-authorizer.js';

export function nodeRbacAuthorizer(
  svc: ResourceService,
  rbac: RbacPolicy,
): { authorizer: Authorizer; close(): void } {
  const graph = new NodeGraph(svc);
  return {
    authorizer: unionAuthorizer([nodeAuthorizer(graph, NODE_RULES), rbacAuthorizer(rbac)]),
    close: () => graph.close(),
  };
}
