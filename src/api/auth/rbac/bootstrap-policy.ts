/**
 * The cluster roles and bindings every Kubernetes cluster ships (plugin/pkg/auth/authorizer/rbac/
 * bootstrappolicy), made at the control plane's start: what users, service accounts and the
 * cluster's own parts are granted before anyone writes a binding.
 */
import type { PolicyRule } from './rules.js';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const RW = [...READ, ...WRITE];

const rule = (
  verbs: string[],
  apiGroups: string[],
  resources: string[],
  resourceNames?: string[],
): PolicyRule => ({
  verbs,
  apiGroups,
  resources,
  ...(resourceNames ? { resourceNames } : {}),
});
const urls = (verbs: string[], nonResourceURLs: string[]): PolicyRule => ({ verbs, nonResourceURLs });

export const AGGREGATE_TO = (role: string) => `rbac.authorization.k8s.io/aggregate-to-${role}`;

export interface BootstrapRole {
  name: string;
  rules: PolicyRule[];
  labels?: Record<string, string>;
  /** The labels of the roles whose rules this one gathers (an aggregationRule). */
  aggregateFrom?: string[];
}

const VIEW_RULES = [
  rule(
    READ,
    [''],
    [
      'configmaps',
      'endpoints',
      'persistentvolumeclaims',
      'persistentvolumeclaims/status',
      'pods',
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'serviceaccounts',
      'services',
      'services/status',
      'bindings',
      'events',
      'limitranges',
      'namespaces/status',
      'pods/log',
      'pods/status',
      'replicationcontrollers/status',
      'resourcequotas',
      'resourcequotas/status',
      'namespaces',
    ],
  ),
  rule(READ, ['discovery.k8s.io'], ['endpointslices']),
  rule(
    READ,
    ['apps'],
    [
      'controllerrevisions',
      'daemonsets',
      'daemonsets/status',
      'deployments',
      'deployments/scale',
      'deployments/status',
      'replicasets',
      'replicasets/scale',
      'replicasets/status',
      'statefulsets',
      'statefulsets/scale',
      'statefulsets/status',
    ],
  ),
  rule(READ, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
  rule(READ, ['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']),
  rule(READ, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
  rule(READ, ['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies']),
];

const EDIT_RULES = [
  rule(
    READ,
    [''],
    ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'],
  ),
  rule(['impersonate'], [''], ['serviceaccounts']),
  rule(WRITE, [''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy']),
  rule(['create'], [''], ['pods/eviction']),
  rule(
    WRITE,
    [''],
    [
      'configmaps',
      'events',
      'persistentvolumeclaims',
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'secrets',
      'serviceaccounts',
      'services',
      'services/proxy',
    ],
  ),
  rule(['create'], [''], ['serviceaccounts/token']),
  rule(
    WRITE,
    ['apps'],
    [
      'daemonsets',
      'deployments',
      'deployments/rollback',
      'deployments/scale',
      'replicasets',
      'replicasets/scale',
      'statefulsets',
      'statefulsets/scale',
    ],
  ),
  rule(WRITE, ['autoscaling'], ['horizontalpodautoscalers']),
  rule(WRITE, ['batch'], ['cronjobs', 'jobs']),
  rule(WRITE, ['networking.k8s.io'], ['ingresses', 'networkpolicies']),
  rule(WRITE, ['policy'], ['poddisruptionbudgets']),
  rule(WRITE, ['coordination.k8s.io'], ['leases']),
];

const ADMIN_RULES = [
  rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
  rule(RW, ['rbac.authorization.k8s.io'], ['rolebindings', 'roles']),
];

/** What a node agent reads and writes (the system:node role, bound to the group system:nodes). */
const NODE_RULES = [
  rule(['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'], [''], ['nodes']),
  rule(['patch', 'update'], [''], ['nodes/status', 'pods/status']),
  rule(['get', 'list', 'watch', 'create', 'delete'], [''], ['pods']),
  rule(['create'], [''], ['pods/eviction', 'serviceaccounts/token']),
  rule(['create', 'patch', 'update'], ['', 'events.k8s.io'], ['events']),
  rule(
    READ,
    [''],
    [
      'services',
      'endpoints',
      'secrets',
      'configmaps',
      'persistentvolumeclaims',
      'persistentvolumes',
      'namespaces',
      'serviceaccounts',
    ],
  ),
  rule(READ, ['discovery.k8s.io'], ['endpointslices']),
  rule(READ, ['storage.k8s.io'], ['storageclasses']),
  rule(['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], ['coordination.k8s.io'], ['leases']),
  rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
  rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
];

export const BOOTSTRAP_CLUSTER_ROLES: BootstrapRole[] = [
  {
    name: 'cluster-admin',
    rules: [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])],
  },
  {
    name: 'system:discovery',
    rules: [
      urls(
        ['get'],
        [
          '/api',
          '/api/*',
          '/apis',
          '/apis/*',
          '/healthz',
          '/livez',
          '/openapi',
          '/openapi/*',
          '/readyz',
          '/version',
          '/version/',
        ],
      ),
    ],
  },
  {
    name: 'system:public-info-viewer',
    rules: [urls(['get'], ['/healthz', '/livez', '/readyz', '/version', '/version/'])],
  },
  {
    name: 'system:basic-user',
    rules: [
      rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
      rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
    ],
  },
  { name: 'admin', rules: [], aggregateFrom: [AGGREGATE_TO('admin')] },
  {
    name: 'edit',
    rules: [],
    labels: { [AGGREGATE_TO('admin')]: 'true' },
    aggregateFrom: [AGGREGATE_TO('edit')],
  },
  {
    name: 'view',
    rules: [],
    labels: { [AGGREGATE_TO('admin')]: 'true', [AGGREGATE_TO('edit')]: 'true' },
    aggregateFrom: [AGGREGATE_TO('view')],
  },
  { name: 'system:aggregate-to-admin', rules: ADMIN_RULES, labels: { [AGGREGATE_TO('admin')]: 'true' } },
  { name: 'system:aggregate-to-edit', rules: EDIT_RULES, labels: { [AGGREGATE_TO('edit')]: 'true' } },
  { name: 'system:aggregate-to-view', rules: VIEW_RULES, labels: { [AGGREGATE_TO('view')]: 'true' } },
  { name: 'system:node', rules: NODE_RULES },
  {
    name: 'system:kubelet-api-admin',
    rules: [
      rule(['get', 'list', 'watch', 'proxy'], [''], ['nodes']),
      rule(['*'], [''], ['nodes/log', 'nodes/metrics', 'nodes/proxy', 'nodes/stats']),
    ],
  },
  {
    // What a network plugin's node agent reads to enforce NetworkPolicy (Calico's calico-node
    // role holds the same): no Kubernetes role grants it, as Kubernetes enforces none itself.
    name: 'minik8s:network-policy-agent',
    rules: [rule(READ, ['networking.k8s.io'], ['networkpolicies']), rule(READ, [''], ['pods', 'namespaces'])],
  },
  {
    name: 'system:node-proxier',
    rules: [
      rule(['list', 'watch'], [''], ['endpoints', 'services', 'nodes']),
      rule(['get'], [''], ['nodes']),
      rule(['create', 'patch', 'update'], ['', 'events.k8s.io'], ['events']),
      rule(['list', 'watch'], ['discovery.k8s.io'], ['endpointslices']),
      rule(['list', 'watch'], ['networking.k8s.io'], ['ingresses', 'ingressclasses', 'networkpolicies']),
      rule(['get', 'list', 'watch'], [''], ['secrets', 'pods', 'namespaces']),
      rule(['update', 'patch'], ['networking.k8s.io'], ['ingresses/status']),
      rule(['update', 'patch'], [''], ['services/status']),
    ],
  },
  {
    name: 'system:kube-scheduler',
    rules: [
      rule(['create', 'patch', 'update'], ['', 'events.k8s.io'], ['events']),
      rule(['create'], ['coordination.k8s.io'], ['leases']),
      rule(['get', 'update'], ['coordination.k8s.io'], ['leases'], ['kube-scheduler']),
      rule(
        READ,
        [''],
        [
          'nodes',
          'namespaces',
          'pods',
          'persistentvolumeclaims',
          'persistentvolumes',
          'replicationcontrollers',
          'services',
        ],
      ),
      rule(['delete'], [''], ['pods']),
      rule(['create'], [''], ['bindings', 'pods/binding']),
      rule(['patch', 'update'], [''], ['pods/status']),
      rule(READ, ['apps'], ['replicasets', 'statefulsets']),
      rule(READ, ['policy'], ['poddisruptionbudgets']),
      rule(READ, ['storage.k8s.io'], ['storageclasses', 'csinodes', 'csidrivers', 'csistoragecapacities']),
      rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
      rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
    ],
  },
  {
    name: 'system:kube-controller-manager',
    rules: [rule(['*'], ['*'], ['*'])],
  },
  {
    name: 'system:monitoring',
    rules: [
      urls(['get'], ['/healthz', '/healthz/*', '/livez', '/livez/*', '/metrics', '/readyz', '/readyz/*']),
    ],
  },
  {
    name: 'system:auth-delegator',
    rules: [
      rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
      rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
    ],
  },
  {
    name: 'system:service-account-issuer-discovery',
    rules: [
      urls(
        ['get'],
        [
          '/.well-known/openid-configuration',
          '/.well-known/openid-configuration/',
          '/openid/v1/jwks',
          '/openid/v1/jwks/',
        ],
      ),
    ],
  },
];

export interface BootstrapBinding {
  name: string;
  role: string;
  subjects: { kind: 'User' | 'Group'; name: string }[];
}

const group = (name: string) => ({ kind: 'Group' as const, name });
const user = (name: string) => ({ kind: 'User' as const, name });

export const BOOTSTRAP_CLUSTER_ROLE_BINDINGS: BootstrapBinding[] = [
  { name: 'cluster-admin', role: 'cluster-admin', subjects: [group('system:masters')] },
  { name: 'system:discovery', role: 'system:discovery', subjects: [group('system:authenticated')] },
  { name: 'system:basic-user', role: 'system:basic-user', subjects: [group('system:authenticated')] },
  {
    name: 'system:public-info-viewer',
    role: 'system:public-info-viewer',
    subjects: [group('system:authenticated'), group('system:unauthenticated')],
  },
  { name: 'system:node', role: 'system:node', subjects: [group('system:nodes')] },
  {
    // kubeadm binds the API server's kubelet client so; minik8s's API server is that client.
    name: 'kube-apiserver-kubelet-client',
    role: 'system:kubelet-api-admin',
    subjects: [user('kube-apiserver-kubelet-client')],
  },
  {
    name: 'minik8s:network-policy-agent',
    role: 'minik8s:network-policy-agent',
    subjects: [group('system:nodes'), user('system:kube-proxy')],
  },
  { name: 'system:node-proxier', role: 'system:node-proxier', subjects: [user('system:kube-proxy')] },
  { name: 'system:kube-scheduler', role: 'system:kube-scheduler', subjects: [user('system:kube-scheduler')] },
  {
    name: 'system:kube-controller-manager',
    role: 'system:kube-controller-manager',
    subjects: [user('system:kube-controller-manager')],
  },
  { name: 'system:monitoring', role: 'system:monitoring', subjects: [group('system:monitoring')] },
  {
    name: 'system:service-account-issuer-discovery',
    role: 'system:service-account-issuer-discovery',
    subjects: [group('system:serviceaccounts')],
  },
];
