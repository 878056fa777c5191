import type { ApiResource } from '../api/kinds/kind-def.js';
import { findResource, splitApiVersion } from '../api/kinds/registry.js';
import type { KubeObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import { discoverResources } from '../client/discovery.js';
import { readDiscoveryCache, writeDiscoveryCache } from './discovery-cache.js';

/**
 * The resource types a command resolves names and manifest kinds against, as kubectl's RESTMapper:
 * one entry per version a resource is served in, each group's preferred version first.
 */
export class ResourceTypes {
  constructor(private readonly resources: readonly ApiResource[]) {}

  /**
   * The kinds built into minik8s, in every version they are served in. The registry is imported
   * here only: it is most of the code a command would load otherwise.
   */
  static async builtIn(): Promise<ResourceTypes> {
    const { kinds } = await import('../api/kinds/index.js');
    return new ResourceTypes(
      kinds
        .all()
        .flatMap(({ group, kind, resource, singular, namespaced, shortNames, categories, versions }) =>
          versions.map((v) => ({
            group,
            version: v.name,
            kind,
            resource,
            singular,
            namespaced,
            shortNames,
            categories,
          })),
        ),
    );
  }

  /** Every type, in every version it is served in. */
  all(): readonly ApiResource[] {
    return this.resources;
  }

  /** What a user typed: plural, singular, kind or short name, optionally `.group` or `.version.group`. */
  find(type: string): ApiResource | undefined {
    return findResource(this.resources, type);
  }

  /** The resource a user typed, served in `apiVersion` (`explain --api-version`). */
  findIn(type: string, apiVersion: string): ApiResource | undefined {
    const def = this.find(type);
    const [group, version] = splitApiVersion(apiVersion);
    return (
      def &&
      this.resources.find((r) => r.resource === def.resource && r.group === group && r.version === version)
    );
  }

  /** The resource of an object's apiVersion and kind. */
  byKind(apiVersion: string, kind: string): ApiResource | undefined {
    const [group, version] = splitApiVersion(apiVersion);
    return this.resources.find((r) => r.group === group && r.version === version && r.kind === kind);
  }

  /** The resources of a category (`all`), each in its group's preferred version. */
  inCategory(category: string): ApiResource[] {
    const seen = new Set<string>();
    return this.resources.filter((r) => {
      const key = `${r.resource}.${r.group}`;
      if (!r.categories?.includes(category) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
}

/**
 * The server's resource types, custom ones included, from its discovery: the copy on disk while
 * it is fresh and `covers` what the command names (as kubectl, a type it lacks means a new CRD:
 * discover again). A server that cannot be reached answers with the built-in types, so that the
 * command's own request says what is wrong.
 */
export async function serverResourceTypes(
  client: Client,
  covers: (types: ResourceTypes) => boolean = () => true,
): Promise<ResourceTypes> {
  const cached = readDiscoveryCache(client.conn);
  if (cached && covers(new ResourceTypes(cached))) return new ResourceTypes(cached);
  try {
    const resources = await discoverResources(client);
    writeDiscoveryCache(client.conn, resources);
    return new ResourceTypes(resources);
  } catch (err) {
    // Connection and TLS failures carry Node's string code; an ApiError's code is its HTTP status.
    if (typeof (err as { code?: unknown }).code !== 'string') throw err;
    return ResourceTypes.builtIn();
  }
}

/** Whether every object's apiVersion and kind is one of these types (a cached discovery may predate a CRD). */
export function knowsKinds(manifests: readonly { object: KubeObject }[]): (types: ResourceTypes) => boolean {
  return (types) => manifests.every(({ object }) => types.byKind(object.apiVersion, object.kind));
}

/** The served resource of a manifest object, or kubectl's "no matches for kind" error. */
export function findByKindOrThrow(types: ResourceTypes, object: KubeObject, source: string): ApiResource {
  const def = types.byKind(object.apiVersion, object.kind);
  if (!def) {
    const { name = '', namespace = '' } = object.metadata;
    throw new Error(
      `resource mapping not found for name: "${name}" namespace: "${namespace}" from ${source}: no matches for kind "${object.kind}" in version "${object.apiVersion}"\nensure CRDs are installed first`,
    );
  }
  return def;
}
