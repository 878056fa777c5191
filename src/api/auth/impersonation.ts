/**
 * Impersonation (Impersonate-User, -Group, -Uid headers): a user the authorizer lets `impersonate`
 * each named user, group and uid acts as them, as Kubernetes' impersonation filter does.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { errors } from '../errors.js';
import type { Authorizer, RequestAttributes } from './authorizer.js';
import { deniedMessage } from './authorizer.js';
import { ANONYMOUS, AUTHENTICATED, serviceAccountOf, serviceAccountUser, type UserInfo } from './user.js';

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function attrs(
  user: UserInfo,
  resource: string,
  name: string,
  group = '',
  namespace = '',
): RequestAttributes {
  return {
    user,
    verb: 'impersonate',
    resourceRequest: true,
    apiGroup: group,
    apiVersion: '',
    resource,
    subresource: '',
    namespace,
    name,
    path: '',
  };
}

/** The user a request acts as: `user` itself without impersonation headers; throws 403 when not allowed. */
export async function impersonate(
  user: UserInfo,
  headers: IncomingHttpHeaders,
  authorizer: Authorizer,
): Promise<UserInfo> {
  const name = headers['impersonate-user'];
  const groups = list(headers['impersonate-group']);
  const uid = headers['impersonate-uid'];
  if (name === undefined && !groups.length && uid === undefined) return user;
  if (typeof name !== 'string' || !name)
    throw errors.badRequest('requested impersonation of groups or uid without impersonating a user');
  const checks: RequestAttributes[] = [];
  const sa = serviceAccountOf(name);
  checks.push(sa ? attrs(user, 'serviceaccounts', sa.name, '', sa.namespace) : attrs(user, 'users', name));
  for (const g of groups) checks.push(attrs(user, 'groups', g));
  if (typeof uid === 'string') checks.push(attrs(user, 'uids', uid, 'authentication.k8s.io'));
  for (const a of checks) {
    const decision = await authorizer.authorize(a);
    if (!decision.allowed)
      throw errors.forbidden(
        { group: a.apiGroup, kind: a.resource, name: a.name },
        deniedMessage(a, decision.reason),
      );
  }
  if (name === ANONYMOUS.name) return { name, groups: groups.length ? groups : ANONYMOUS.groups };
  const base = sa && !groups.length ? serviceAccountUser(sa.namespace, sa.name).groups : groups;
  return {
    name,
    ...(typeof uid === 'string' ? { uid } : {}),
    groups: base.includes(AUTHENTICATED) ? base : [...base, AUTHENTICATED],
  };
}
