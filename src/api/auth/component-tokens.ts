/**
 * Tokens for the cluster's own parts (a node agent is system:node:NAME in the group system:nodes,
 * as a kubelet's credentials name it): the user name signed with a key derived from the cluster
 * token, so each part gets its own identity and RBAC's rights without a token file to keep.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AUTHENTICATED, type UserInfo } from './user.js';

const PREFIX = 'minik8s-component.';
export const NODES_GROUP = 'system:nodes';
const NODE_PREFIX = 'system:node:';

const mac = (clusterToken: string, user: string) =>
  createHmac('sha256', createHmac('sha256', clusterToken).update('component-tokens').digest())
    .update(user)
    .digest();

export function componentToken(clusterToken: string, user: string): string {
  return `${PREFIX}${Buffer.from(user).toString('base64url')}.${mac(clusterToken, user).toString('base64url')}`;
}

/** The network container's user (cluster DNS and service proxy), as kube-proxy's. */
export const KUBE_PROXY_USER = 'system:kube-proxy';

/** Who the API server is to a kubelet it proxies to (kubeadm's apiserver-kubelet-client certificate's name). */
export const KUBELET_CLIENT_USER = 'kube-apiserver-kubelet-client';

/** The node agent's user: system:node:NAME. */
export const nodeUserName = (node: string) => `${NODE_PREFIX}${node}`;

/** The user a component token names; undefined for any other token. */
export function componentUser(clusterToken: string, token: string): UserInfo | undefined {
  if (!token.startsWith(PREFIX)) return undefined;
  const [name, sig] = token.slice(PREFIX.length).split('.');
  if (!name || !sig) return undefined;
  const user = Buffer.from(name, 'base64url').toString('utf8');
  const want = mac(clusterToken, user);
  const got = Buffer.from(sig, 'base64url');
  if (got.length !== want.length || !timingSafeEqual(got, want)) return undefined;
  return {
    name: user,
    groups: user.startsWith(NODE_PREFIX) ? [NODES_GROUP, AUTHENTICATED] : [AUTHENTICATED],
  };
}
