import { NODES_GROUP } from '../component-tokens.js';
import type { UserInfo } from '../user.js';

const NODE_PREFIX = 'system:node:';

/**
 * The node a user is, as Kubernetes' NodeIdentifier reads it: a user named `system:node:NAME` in
 * the group `system:nodes` is node NAME (possibly '', a node that cannot be told); anyone else
 * is no node (undefined).
 */
export function nodeIdentity(user: UserInfo): string | undefined {
  if (!user.name.startsWith(NODE_PREFIX) || !user.groups.includes(NODES_GROUP)) return undefined;
  return user.name.slice(NODE_PREFIX.length);
}
