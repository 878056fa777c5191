import { findServed } from './discovery.js';
import type { ResourceDef } from './resources.js';

export type Route =
  | { type: 'root' | 'version' | 'health' | 'api' | 'apis' | 'openapi-index' | 'openapi-v2' }
  | { type: 'openapi'; gv: string }
  | { type: 'resource-list'; group: string; version: string }
  | { type: 'group'; group: string }
  | {
      type: 'resource';
      def: ResourceDef;
      group: string;
      version: string;
      namespace?: string;
      name?: string;
      subresource?: string;
      watchPath: boolean;
    };

/** Parses a Kubernetes REST path. Returns undefined for paths the server does not serve. */
export function route(pathname: string): Route | undefined {
  const segs = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (segs.length === 0) return { type: 'root' };
  const [head, ...rest] = segs;
  if (head === 'version' && rest.length === 0) return { type: 'version' };
  if (head === 'healthz' || head === 'livez' || head === 'readyz') return { type: 'health' };
  if (head === 'openapi') {
    if (rest[0] === 'v2' && rest.length === 1) return { type: 'openapi-v2' };
    if (rest[0] === 'v3')
      return rest.length === 1 ? { type: 'openapi-index' } : { type: 'openapi', gv: rest.slice(1).join('/') };
    return undefined;
  }
  if (head === 'api') {
    if (rest.length === 0) return { type: 'api' };
    const [version, ...path] = rest;
    return resourcePath('', version, path);
  }
  if (head === 'apis') {
    if (rest.length === 0) return { type: 'apis' };
    if (rest.length === 1) return { type: 'group', group: rest[0] };
    const [group, version, ...path] = rest;
    return resourcePath(group, version, path);
  }
  return undefined;
}

function resourcePath(group: string, version: string, path: string[]): Route | undefined {
  if (path.length === 0) return { type: 'resource-list', group, version };
  let watchPath = false;
  if (path[0] === 'watch') {
    watchPath = true;
    path = path.slice(1);
  }
  let namespace: string | undefined;
  // /namespaces/NS/<resource>... is a namespaced path, /namespaces[/NAME[/sub]] the Namespace objects.
  if (path[0] === 'namespaces' && path.length >= 3 && findServed(group, version, path[2])?.namespaced) {
    namespace = path[1];
    path = path.slice(2);
  }
  const [resource, name, subresource, ...extra] = path;
  if (extra.length) return undefined;
  const def = findServed(group, version, resource);
  if (!def) return undefined;
  if (def.namespaced && namespace === undefined && name !== undefined) return undefined;
  return { type: 'resource', def, group, version, namespace, name, subresource, watchPath };
}
