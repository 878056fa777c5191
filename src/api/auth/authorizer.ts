/** The authorization seam: every request is put to an Authorizer before it is served (RBAC plugs in here). */
import { UNAUTHENTICATED, type UserInfo } from './user.js';

/** Kubernetes' authorizer.Attributes of a request. */
export interface RequestAttributes {
  user: UserInfo;
  verb: string;
  /** A request for an API resource, rather than for a path such as /version or /openapi/v2. */
  resourceRequest: boolean;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  path: string;
}

export type Decision = { allowed: true } | { allowed: false; reason?: string };

export interface Authorizer {
  authorize(attrs: RequestAttributes): Decision | Promise<Decision>;
}

/** Without RBAC: every authenticated user may do everything, and anonymous requests nothing. */
export const allowAll: Authorizer = {
  authorize: (a) => ({ allowed: !a.user.groups.includes(UNAUTHENTICATED) }),
};

/** Why Kubernetes' 403 says a request was denied: "User "u" cannot list resource "pods" in API group "" ...". */
export function deniedMessage(a: RequestAttributes, reason?: string): string {
  const who = `User "${a.user.name}" cannot ${a.verb}`;
  const why = reason ? `: ${reason}` : '';
  if (!a.resourceRequest) return `${who} path "${a.path}"${why}`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const where = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `${who} resource "${resource}" in API group "${a.apiGroup}" ${where}${why}`;
}

/**
 * Authorizers asked in turn, as kube-apiserver's `--authorization-mode=Node,RBAC`: the first to
 * allow wins; a request none allows is denied with every reason given.
 */
export function unionAuthorizer(authorizers: readonly Authorizer[]): Authorizer {
  return {
    async authorize(a: RequestAttributes): Promise<Decision> {
      const reasons: string[] = [];
      for (const z of authorizers) {
        const d = await z.authorize(a);
        if (d.allowed) return d;
        if (d.reason) reasons.push(d.reason);
      }
      return reasons.length ? { allowed: false, reason: reasons.join('\n') } : { allowed: false };
    },
  };
}
