import type { ApiResource } from '../api/kinds/kind-def.js';
import type { Client } from './client.js';

/** Aggregated discovery (apidiscovery.k8s.io/v2): every group, version and resource in one answer per root. */
const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

interface DiscoveredResource {
  resource: string;
  responseKind?: { kind?: string };
  scope?: 'Namespaced' | 'Cluster';
  singularResource?: string;
  shortNames?: string[];
  categories?: string[];
}

interface GroupDiscoveryList {
  kind?: string;
  items?: {
    metadata?: { name?: string };
    versions?: { version: string; resources?: DiscoveredResource[] }[];
  }[];
}

/**
 * Every resource the server serves, one entry per version it is served in, each group's preferred
 * version first, read from `/api` and `/apis` as kubectl 1.32 reads them.
 */
export async function discoverResources(client: Client): Promise<ApiResource[]> {
  const roots = await Promise.all(
    ['/api', '/apis'].map((path) => client.request<GroupDiscoveryList>('GET', path, { accept: AGGREGATED })),
  );
  const out: ApiResource[] = [];
  for (const root of roots) {
    if (root?.kind !== 'APIGroupDiscoveryList')
      throw new Error('the server does not answer aggregated discovery (apidiscovery.k8s.io/v2)');
    for (const item of root.items ?? []) {
      const group = item.metadata?.name ?? '';
      for (const { version, resources = [] } of item.versions ?? [])
        for (const r of resources) out.push(apiResource(group, version, r));
    }
  }
  return out;
}

function apiResource(group: string, version: string, r: DiscoveredResource): ApiResource {
  const kind = r.responseKind?.kind ?? '';
  return {
    group,
    version,
    kind,
    resource: r.resource,
    singular: r.singularResource || kind.toLowerCase(),
    namespaced: r.scope !== 'Cluster',
    ...(r.shortNames?.length ? { shortNames: r.shortNames } : {}),
    ...(r.categories?.length ? { categories: r.categories } : {}),
  };
}
