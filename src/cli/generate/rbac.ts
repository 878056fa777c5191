import type { KubeObject } from '../../api/types.js';
import { BareError } from '../create-generated.js';
import type { ResourceTypes } from '../kinds.js';
import { meta } from './config.js';

const RBAC = 'rbac.authorization.k8s.io';
const RESOURCE_VERBS = [
  '*',
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'use',
  'bind',
  'escalate',
  'impersonate',
];
const NON_RESOURCE_VERBS = ['*', 'get', 'post', 'put', 'delete', 'patch', 'head', 'options'];

export interface RoleOptions {
  verbs: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs?: string[];
  aggregationRule?: string;
}

/** --verb values, comma lists split, repeats dropped; `*` stands for all. */
function verbsOf(flags: string[]): string[] {
  const all = flags.flatMap((v) => v.split(',')).filter(Boolean);
  return all.includes('*') ? ['*'] : [...new Set(all)];
}

/** `resource[.group][/subresource]` resolved as kubectl's RESTMapper: the plural and its group. */
function resolveResources(specs: string[], types: ResourceTypes): { group: string; resource: string }[] {
  return specs
    .flatMap((r) => r.split(','))
    .filter(Boolean)
    .map((spec) => {
      const [type, sub] = spec.split('/');
      if (type === '*' || type.startsWith('*.')) return { group: type.slice(2), resource: spec };
      const def = types.find(type);
      if (!def) {
        const dot = type.indexOf('.');
        const group = dot < 0 ? '' : ` in group "${type.slice(dot + 1)}"`;
        throw new BareError(
          `the server doesn't have a resource type "${dot < 0 ? type : type.slice(0, dot)}"${group}`,
        );
      }
      return { group: def.group, resource: sub ? `${def.resource}/${sub}` : def.resource };
    });
}

/** kubectl create role/clusterrole's rules: one per API group (groups sorted), then the non-resource URLs. */
function rules(o: RoleOptions, types: ResourceTypes, warn: (line: string) => void) {
  const verbs = verbsOf(o.verbs);
  if (!verbs.length) throw new Error('at least one verb must be specified');
  const urls = o.nonResourceURLs ?? [];
  if (!o.resources.length && !urls.length) throw new Error('at least one resource must be specified');
  if (urls.length)
    for (const v of verbs)
      if (!NON_RESOURCE_VERBS.includes(v)) throw new Error(`invalid verb: '${v}' for nonResourceURL`);
  for (const url of urls) if (!url.startsWith('/')) throw new Error('nonResourceURL should start with /');
  if (o.resources.length)
    for (const v of verbs)
      if (!RESOURCE_VERBS.includes(v)) warn(`Warning: '${v}' is not a standard resource verb`);
  const byGroup = new Map<string, string[]>();
  for (const { group, resource } of resolveResources(o.resources, types)) {
    const list = byGroup.get(group) ?? [];
    if (!list.includes(resource)) list.push(resource);
    byGroup.set(group, list);
  }
  const names = o.resourceNames;
  return [
    ...[...byGroup.keys()].sort().map((g) => ({
      verbs,
      apiGroups: [g],
      resources: byGroup.get(g),
      ...(names.length ? { resourceNames: names } : {}),
    })),
    ...(urls.length ? [{ verbs, nonResourceURLs: urls }] : []),
  ];
}

/** kubectl create role. */
export const role = (name: string, o: RoleOptions, types: ResourceTypes, warn: (l: string) => void) =>
  ({
    kind: 'Role',
    apiVersion: `${RBAC}/v1`,
    metadata: meta(name),
    rules: rules(o, types, warn),
  }) as KubeObject;

/** kubectl create clusterrole: rules, or with --aggregation-rule none and the roles it selects. */
export function clusterRole(name: string, o: RoleOptions, types: ResourceTypes, warn: (l: string) => void) {
  const base = { kind: 'ClusterRole', apiVersion: `${RBAC}/v1`, metadata: meta(name) };
  if (!o.aggregationRule) return { ...base, rules: rules(o, types, warn) } as KubeObject;
  const matchLabels = Object.fromEntries(o.aggregationRule.split(',').map((kv) => kv.split('=')));
  return {
    ...base,
    rules: null,
    aggregationRule: { clusterRoleSelectors: [{ matchLabels }] },
  } as unknown as KubeObject;
}

export interface BindingOptions {
  role?: string;
  clusterRole?: string;
  users: string[];
  groups: string[];
  serviceAccounts: string[];
}

function binding(kind: string, name: string, o: BindingOptions): KubeObject {
  if (!!o.role === !!o.clusterRole) throw new Error('exactly one of clusterrole or role must be specified');
  const accounts = o.serviceAccounts.map((sa) => {
    const parts = sa.split(':');
    if (parts.length !== 2 || !parts[0] || !parts[1])
      throw new Error('serviceaccount must be <namespace>:<name>');
    return { kind: 'ServiceAccount', name: parts[1], namespace: parts[0] };
  });
  const subjects = [
    ...o.users.map((u) => ({ kind: 'User', apiGroup: RBAC, name: u })),
    ...o.groups.map((g) => ({ kind: 'Group', apiGroup: RBAC, name: g })),
    ...accounts,
  ];
  return {
    kind,
    apiVersion: `${RBAC}/v1`,
    metadata: meta(name),
    ...(subjects.length ? { subjects } : {}),
    roleRef: { apiGroup: RBAC, kind: o.role ? 'Role' : 'ClusterRole', name: o.role ?? o.clusterRole },
  } as KubeObject;
}

/** kubectl create rolebinding. */
export const roleBinding = (name: string, o: BindingOptions) => binding('RoleBinding', name, o);

/** kubectl create clusterrolebinding. */
export const clusterRoleBinding = (name: string, o: BindingOptions) => binding('ClusterRoleBinding', name, o);

export interface PriorityClassOptions {
  value: number;
  globalDefault: boolean;
  description?: string;
  preemptionPolicy: string;
}

/** kubectl create priorityclass. */
export const priorityClass = (name: string, o: PriorityClassOptions) =>
  ({
    kind: 'PriorityClass',
    apiVersion: 'scheduling.k8s.io/v1',
    metadata: meta(name),
    value: o.value,
    ...(o.globalDefault ? { globalDefault: true } : {}),
    ...(o.description ? { description: o.description } : {}),
    preemptionPolicy: o.preemptionPolicy,
  }) as unknown as KubeObject;
