/** Who a request is from, as Kubernetes' authenticators name users (user.Info). */
export interface UserInfo {
  name: string;
  uid?: string;
  groups: readonly string[];
}

/** The holder of the cluster's admin token: kubeadm's admin, in the group RBAC lets do anything. */
export const CLUSTER_ADMIN: UserInfo = {
  name: 'kubernetes-admin',
  groups: ['system:masters', 'system:authenticated'],
};

/** Writes the API server makes of its own accord, and in-process callers that name no one. */
export const API_SERVER: UserInfo = { name: 'system:apiserver', groups: ['system:masters'] };

/** The in-process controllers, as kube-controller-manager names itself to the API. */
export const CONTROLLER_MANAGER: UserInfo = {
  name: 'system:kube-controller-manager',
  groups: ['system:authenticated'],
};

export function serviceAccountUser(namespace: string, name: string, uid?: string): UserInfo {
  return {
    name: `system:serviceaccount:${namespace}:${name}`,
    ...(uid ? { uid } : {}),
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
  };
}
