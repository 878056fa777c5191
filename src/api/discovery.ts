import { groupVersion, type ResourceDef, resources } from './resources.js';

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

interface Served {
  def: ResourceDef;
  version: string;
}

/** Every (resource, version) served: a resource with alsoVersions is served under each. */
export function served(): Served[] {
  return resources.flatMap((def) =>
    [def.version, ...(def.alsoVersions ?? [])].map((version) => ({ def, version })),
  );
}

function groups(): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const { def, version } of served()) {
    if (!def.group) continue;
    const vs = m.get(def.group) ?? [];
    if (!vs.includes(version)) vs.push(version);
    m.set(def.group, vs);
  }
  return m;
}

function subresourceKind(def: ResourceDef, sub: string, version: string) {
  if (sub === 'scale') return { group: 'autoscaling', version: 'v1', kind: 'Scale' };
  if (sub === 'binding') return { group: '', version: 'v1', kind: 'Binding' };
  if (sub === 'eviction') return { group: 'policy', version: 'v1', kind: 'Eviction' };
  if (sub === 'token') return { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' };
  if (sub === 'log' || sub === 'exec' || sub === 'portforward')
    return {
      group: '',
      version: 'v1',
      kind: sub === 'log' ? 'Pod' : `Pod${sub === 'exec' ? 'ExecOptions' : 'PortForwardOptions'}`,
    };
  return { group: def.group, version, kind: def.kind };
}

function subresourceVerbs(sub: string): string[] {
  if (sub === 'status' || sub === 'scale') return ['get', 'patch', 'update'];
  if (sub === 'binding' || sub === 'eviction' || sub === 'token') return ['create'];
  if (sub === 'log') return ['get'];
  return ['create', 'get'];
}

/** APIResourceList for one group-version (legacy discovery). */
export function resourceList(group: string, version: string) {
  const gv = group ? `${group}/${version}` : version;
  const list = served().filter((s) => s.def.group === group && s.version === version);
  if (!list.length) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: gv,
    resources: list.flatMap(({ def }) => [
      {
        name: def.resource,
        singularName: def.singular,
        namespaced: def.namespaced,
        kind: def.kind,
        verbs: VERBS,
        ...(def.shortNames ? { shortNames: def.shortNames } : {}),
        ...(def.categories ? { categories: def.categories } : {}),
        storageVersionHash: '',
      },
      ...(def.subresources ?? []).map((sub) => {
        const k = subresourceKind(def, sub, version);
        return {
          name: `${def.resource}/${sub}`,
          singularName: '',
          namespaced: def.namespaced,
          ...(k.group !== group || k.version !== version ? { group: k.group, version: k.version } : {}),
          kind: k.kind,
          verbs: subresourceVerbs(sub),
        };
      }),
    ]),
  };
}

export function apiVersions() {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '' }],
  };
}

export function apiGroupList() {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups()].map(([name, versions]) => apiGroup(name, versions)),
  };
}

export function apiGroup(name: string, versions = groups().get(name)) {
  if (!versions) return undefined;
  const preferred = resources.find((r) => r.group === name)!.version;
  const gvs = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name,
    versions: gvs,
    preferredVersion: gvs.find((g) => g.version === preferred),
  };
}

/** Aggregated discovery (apidiscovery.k8s.io/v2), which kubectl 1.32 asks for first. */
export function aggregated(core: boolean) {
  const byGroup = new Map<string, Map<string, ResourceDef[]>>();
  for (const { def, version } of served()) {
    if (core !== (def.group === '')) continue;
    const versions = byGroup.get(def.group) ?? new Map<string, ResourceDef[]>();
    versions.set(version, [...(versions.get(version) ?? []), def]);
    byGroup.set(def.group, versions);
  }
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: [...byGroup].map(([group, versions]) => ({
      metadata: group ? { name: group } : {},
      versions: [...versions]
        .sort(([a], [b]) => (a === resources.find((r) => r.group === group)!.version ? -1 : b === a ? 0 : 1))
        .map(([version, defs]) => ({
          version,
          freshness: 'Current',
          resources: defs.map((def) => ({
            resource: def.resource,
            responseKind: { group: def.group, version, kind: def.kind },
            scope: def.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: def.singular,
            verbs: VERBS,
            ...(def.shortNames ? { shortNames: def.shortNames } : {}),
            ...(def.categories ? { categories: def.categories } : {}),
            ...(def.subresources?.length
              ? {
                  subresources: def.subresources.map((sub) => ({
                    subresource: sub,
                    responseKind: subresourceKind(def, sub, version),
                    verbs: subresourceVerbs(sub),
                  })),
                }
              : {}),
          })),
        })),
    })),
  };
}

export function findServed(group: string, version: string, resource: string): ResourceDef | undefined {
  return served().find((s) => s.def.group === group && s.version === version && s.def.resource === resource)
    ?.def;
}

export { groupVersion };
