/**
 * Discovery documents, made from the kind registry and kept until it changes: legacy discovery
 * (APIVersions, APIGroupList, APIGroup, APIResourceList) and aggregated discovery
 * (apidiscovery.k8s.io/v2), which kubectl 1.32 asks for first.
 */
import { createHash } from 'node:crypto';
import { type GroupVersionKind, type KindDef, kinds, type Subresource } from './kinds/index.js';

export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-minik8s',
  gitCommit: 'minik8s',
  gitTreeState: 'clean',
  buildDate: '2026-11-22T00:00:00Z',
  goVersion: `node${process.versions.node}`,
  compiler: 'tsc',
  platform: `linux/${process.arch === 'x64' ? 'amd64' : process.arch}`,
};

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

type Json = Record<string, unknown>;

/** A document and its ETag (a hash of its JSON), for conditional GETs. */
export interface Tagged {
  body: Json;
  etag: string;
}

const tagged = (body: Json): Tagged => ({
  body,
  etag: `"${createHash('sha256').update(JSON.stringify(body)).digest('hex')}"`,
});

/** Group → (version → kinds served in it), versions in the order they are served. */
function byGroupVersion(): Map<string, Map<string, KindDef[]>> {
  const groups = new Map<string, Map<string, KindDef[]>>();
  for (const def of kinds.all()) {
    const versions = groups.get(def.group) ?? new Map<string, KindDef[]>();
    for (const v of def.versions) versions.set(v.name, [...(versions.get(v.name) ?? []), def]);
    groups.set(def.group, versions);
  }
  return groups;
}

/** The version of a group clients prefer: that of its first kind's stored objects. */
function preferredVersion(group: string): string | undefined {
  return kinds.all().find((d) => d.group === group)?.version;
}

function responseKind(def: KindDef, sub: Subresource, version: string): GroupVersionKind {
  const { group, version: v, kind } = sub.kind ?? { group: def.group, version, kind: def.kind };
  return { group, version: v, kind };
}

/** Kubernetes' StorageVersionHash: the first 8 bytes of sha256("group/version/kind") of the stored form. */
function storageVersionHash(def: KindDef): string {
  const stored = def.storedAs ?? def;
  return createHash('sha256')
    .update(`${stored.group}/${stored.version}/${stored.kind}`)
    .digest()
    .subarray(0, 8)
    .toString('base64');
}

function resourceList(group: string, version: string, defs: KindDef[]): Json {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: defs.flatMap((def) => [
      {
        name: def.resource,
        singularName: def.singular,
        namespaced: def.namespaced,
        kind: def.kind,
        verbs: def.verbs ?? VERBS,
        ...(def.shortNames ? { shortNames: def.shortNames } : {}),
        ...(def.categories ? { categories: def.categories } : {}),
        ...(def.verbs && !def.verbs.includes('create')
          ? {}
          : { storageVersionHash: storageVersionHash(def) }),
      },
      ...(def.subresources ?? []).map((sub) => {
        const k = responseKind(def, sub, version);
        return {
          name: `${def.resource}/${sub.name}`,
          singularName: '',
          namespaced: def.namespaced,
          ...(k.group !== group || k.version !== version ? { group: k.group, version: k.version } : {}),
          kind: k.kind,
          verbs: sub.verbs,
        };
      }),
    ]),
  };
}

function apiGroup(name: string, versions: string[]): Json {
  const preferred = preferredVersion(name);
  const gvs = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name,
    versions: gvs,
    preferredVersion: gvs.find((g) => g.version === preferred),
  };
}

function aggregatedResource(def: KindDef, version: string): Json {
  return {
    resource: def.resource,
    responseKind: { group: def.group, version, kind: def.kind },
    scope: def.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: def.singular,
    verbs: def.verbs ?? VERBS,
    ...(def.shortNames ? { shortNames: def.shortNames } : {}),
    ...(def.categories ? { categories: def.categories } : {}),
    ...(def.subresources?.length
      ? {
          subresources: def.subresources.map((sub) => ({
            subresource: sub.name,
            responseKind: responseKind(def, sub, version),
            verbs: sub.verbs,
          })),
        }
      : {}),
  };
}

function aggregated(groups: [string, Map<string, KindDef[]>][]): Json {
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map(([group, versions]) => {
      const preferred = preferredVersion(group);
      const ordered = [...versions].sort(([a], [b]) => Number(b === preferred) - Number(a === preferred));
      return {
        metadata: group ? { name: group } : {},
        versions: ordered.map(([version, defs]) => ({
          version,
          freshness: 'Current',
          resources: defs.map((def) => aggregatedResource(def, version)),
        })),
      };
    }),
  };
}

export interface DiscoveryDocuments {
  /** /api and /apis, aggregated (APIGroupDiscoveryList). */
  aggregatedCore: Tagged;
  aggregatedGroups: Tagged;
  apiVersions: Json;
  apiGroupList: Json;
  /** /apis/<group> */
  groups: Map<string, Json>;
  /** /api/v1, /apis/<group>/<version>: APIResourceLists by group-version path. */
  resourceLists: Map<string, Json>;
}

/** Every discovery document, built once per registry generation. */
export const discovery: () => DiscoveryDocuments = kinds.cached(() => {
  const all = [...byGroupVersion()];
  const named = all.filter(([group]) => group !== '');
  const groups = new Map(named.map(([name, versions]) => [name, apiGroup(name, [...versions.keys()])]));
  const resourceLists = new Map<string, Json>();
  for (const [group, versions] of all)
    for (const [version, defs] of versions)
      resourceLists.set(group ? `${group}/${version}` : version, resourceList(group, version, defs));
  return {
    aggregatedCore: tagged(aggregated(all.filter(([group]) => group === ''))),
    aggregatedGroups: tagged(aggregated(named)),
    apiVersions: {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '' }],
    },
    apiGroupList: { kind: 'APIGroupList', apiVersion: 'v1', groups: [...groups.values()] },
    groups,
    resourceLists,
  };
});
