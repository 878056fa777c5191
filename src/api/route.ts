import { type KindDef, kinds } from './kinds/index.js';

export type Route =
  | { type: 'root' | 'version' | 'metrics' | 'api' | 'apis' | 'openapi-index' | 'openapi-v2' }
  | { type: 'health'; endpoint: 'healthz' | 'livez' | 'readyz'; check?: string }
  | { type: 'openapi'; gv: string }
  | { type: 'resource-list'; group: string; version: string }
  | { type: 'group'; group: string }
  | ResourceRoute;

export interface ResourceRoute {
  type: 'resource';
  def: KindDef;
  group: string;
  version: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** What follows a proxy subresource, as sent (still percent-encoded), with its leading '/'. */
  proxyPath?: string;
  watchPath: boolean;
}

/** Parses a Kubernetes REST path. Returns undefined for paths the server does not serve. */
export function route(pathname: string): Route | undefined {
  // An empty segment is no name: `deployments//scale` must not read as the deployment "scale",
  // nor `configmaps//x` as the collection. Only a trailing slash, and what a proxy passes on, may
  // hold them.
  const sent = pathname.split('/').slice(1);
  const proxied = sent.indexOf('proxy');
  const named = (proxied < 0 ? sent : sent.slice(0, proxied)).filter((s, i, all) => i < all.length - 1 || s);
  if (named.some((s) => s === '')) return undefined;
  const raw = pathname.split('/').filter(Boolean);
  let segs: string[];
  try {
    segs = raw.map(decodeURIComponent);
  } catch {
    return undefined;
  }
  // What follows the first n segments, as sent: a proxied path keeps its trailing slash.
  const after = (n: number) => {
    const prefix = `/${raw.slice(0, n).join('/')}`;
    return pathname.startsWith(prefix) ? pathname.slice(prefix.length) || '/' : `/${raw.slice(n).join('/')}`;
  };
  if (segs.length === 0) return { type: 'root' };
  const [head, ...rest] = segs;
  if (head === 'version' && rest.length === 0) return { type: 'version' };
  if (head === 'metrics' && rest.length === 0) return { type: 'metrics' };
  if ((head === 'healthz' || head === 'livez' || head === 'readyz') && rest.length <= 1)
    return { type: 'health', endpoint: head, check: rest[0] };
  if (head === 'openapi') {
    if (rest[0] === 'v2' && rest.length === 1) return { type: 'openapi-v2' };
    if (rest[0] === 'v3')
      return rest.length === 1 ? { type: 'openapi-index' } : { type: 'openapi', gv: rest.slice(1).join('/') };
    return undefined;
  }
  if (head === 'api') {
    if (rest.length === 0) return { type: 'api' };
    const [version, ...path] = rest;
    return resourcePath('', version, path, (n) => after(n + 2));
  }
  if (head === 'apis') {
    if (rest.length === 0) return { type: 'apis' };
    if (rest.length === 1) return { type: 'group', group: rest[0] };
    const [group, version, ...path] = rest;
    return resourcePath(group, version, path, (n) => after(n + 3));
  }
  return undefined;
}

function resourcePath(
  group: string,
  version: string,
  path: string[],
  after: (consumed: number) => string,
): Route | undefined {
  if (path.length === 0) return { type: 'resource-list', group, version };
  const length = path.length;
  let watchPath = false;
  if (path[0] === 'watch') {
    watchPath = true;
    path = path.slice(1);
  }
  let namespace: string | undefined;
  // /namespaces/NS/<resource>... is a namespaced path, /namespaces[/NAME[/sub]] the Namespace objects.
  if (path[0] === 'namespaces' && path.length >= 3 && kinds.served(group, version, path[2])?.namespaced) {
    namespace = path[1];
    path = path.slice(2);
  }
  const [resource, name, subresource, ...extra] = path;
  const proxyPath = subresource === 'proxy' ? after(length - extra.length) : undefined;
  if (extra.length && proxyPath === undefined) return undefined;
  const def = kinds.served(group, version, resource);
  if (!def) return undefined;
  if (def.namespaced && namespace === undefined && name !== undefined) return undefined;
  return { type: 'resource', def, group, version, namespace, name, subresource, proxyPath, watchPath };
}
