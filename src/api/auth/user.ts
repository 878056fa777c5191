/** Who a request is from, as Kubernetes' authenticators name users (user.Info). */
export interface UserInfo {
  name: string;
  uid?: string;
  groups: readonly string[];
  extra?: Readonly<Record<string, readonly string[]>>;
}

export const AUTHENTICATED = 'system:authenticated';
export const UNAUTHENTICATED = 'system:unauthenticated';

/** The holder of the cluster's admin token: kubeadm's admin, in the group RBAC lets do anything. */
export const CLUSTER_ADMIN: UserInfo = {
  name: 'kubernetes-admin',
  groups: ['system:masters', AUTHENTICATED],
};

/** A request that brings no credentials at all. */
export const ANONYMOUS: UserInfo = { name: 'system:anonymous', groups: [UNAUTHENTICATED] };

/** Writes the API server makes of its own accord, and in-process callers that name no one. */
export const API_SERVER: UserInfo = { name: 'system:apiserver', groups: ['system:masters'] };

/** The in-process controllers, as kube-controller-manager names itself to the API. */
export const CONTROLLER_MANAGER: UserInfo = {
  name: 'system:kube-controller-manager',
  groups: [AUTHENTICATED],
};

export const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

export function serviceAccountUser(
  namespace: string,
  name: string,
  uid?: string,
  extra?: Record<string, string[]>,
): UserInfo {
  return {
    name: `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`,
    ...(uid ? { uid } : {}),
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, AUTHENTICATED],
    ...(extra ? { extra } : {}),
  };
}

/** The namespace and name of a service account's user name; undefined for any other user. */
export function serviceAccountOf(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const [namespace, name, ...rest] = username.slice(SERVICE_ACCOUNT_PREFIX.length).split(':');
  return namespace && name && !rest.length ? { namespace, name } : undefined;
}
