import type { Route } from '../route.js';
import type { RequestAttributes } from './authorizer.js';
import type { UserInfo } from './user.js';

const WRITE_VERBS: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch' };

/** A request's attributes as Kubernetes' RequestInfo resolves them, for the authorizer. */
export function requestAttributes(user: UserInfo, method: string, r: Route, url: URL): RequestAttributes {
  const path = url.pathname;
  if (r.type !== 'resource') {
    return {
      user,
      verb: method.toLowerCase(),
      resourceRequest: false,
      apiGroup: '',
      apiVersion: '',
      resource: '',
      subresource: '',
      namespace: '',
      name: '',
      path,
    };
  }
  const watch = r.watchPath || ['true', '1'].includes(url.searchParams.get('watch') ?? '');
  let verb = WRITE_VERBS[method] ?? method.toLowerCase();
  if (method === 'GET') verb = watch ? 'watch' : r.name ? 'get' : 'list';
  if (method === 'DELETE') verb = r.name ? 'delete' : 'deletecollection';
  // A Namespace is its own namespace, as RequestInfo reads /api/v1/namespaces/NAME.
  // A list or watch of one object by `fieldSelector=metadata.name=X` is of X, as RequestInfo reads it.
  const named =
    verb === 'list' || verb === 'watch' ? nameSelected(url.searchParams.get('fieldSelector')) : undefined;
  const namespace = r.namespace ?? (r.def.resource === 'namespaces' && !r.def.group ? (r.name ?? '') : '');
  return {
    user,
    verb,
    resourceRequest: true,
    apiGroup: r.group,
    apiVersion: r.version,
    resource: r.def.resource,
    subresource: r.subresource ?? '',
    namespace,
    name: r.name ?? named ?? '',
    path,
  };
}

function nameSelected(selector: string | null): string | undefined {
  const terms = selector?.split(',') ?? [];
  for (const t of terms) {
    const m = /^metadata\.name(==?)(.*)$/.exec(t.trim());
    if (m) return m[2];
  }
  return undefined;
}
