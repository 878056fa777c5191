/** The kind registry: every kind the API serves, and typed constants for the built-in ones. */
import { findByKind, findResource, type ResourceDef, resources } from '../resources.js';

export { groupVersion } from '../resources.js';

export type KindDef = ResourceDef;

function builtin(group: string, resource: string): KindDef {
  const def = resources.find((r) => r.group === group && r.resource === resource);
  if (!def) throw new Error(`no built-in kind for ${resource}.${group}`);
  return def;
}

export const NAMESPACES = builtin('', 'namespaces');
export const PODS = builtin('', 'pods');
export const SERVICES = builtin('', 'services');
export const ENDPOINTS = builtin('', 'endpoints');
export const CONFIGMAPS = builtin('', 'configmaps');
export const SECRETS = builtin('', 'secrets');
export const SERVICE_ACCOUNTS = builtin('', 'serviceaccounts');
export const NODES = builtin('', 'nodes');
export const EVENTS = builtin('', 'events');
export const PERSISTENT_VOLUMES = builtin('', 'persistentvolumes');
export const PERSISTENT_VOLUME_CLAIMS = builtin('', 'persistentvolumeclaims');
export const REPLICATION_CONTROLLERS = builtin('', 'replicationcontrollers');
export const DEPLOYMENTS = builtin('apps', 'deployments');
export const REPLICA_SETS = builtin('apps', 'replicasets');
export const DAEMON_SETS = builtin('apps', 'daemonsets');
export const STATEFUL_SETS = builtin('apps', 'statefulsets');
export const CONTROLLER_REVISIONS = builtin('apps', 'controllerrevisions');
export const JOBS = builtin('batch', 'jobs');
export const CRON_JOBS = builtin('batch', 'cronjobs');
export const INGRESSES = builtin('networking.k8s.io', 'ingresses');
export const HORIZONTAL_POD_AUTOSCALERS = builtin('autoscaling', 'horizontalpodautoscalers');
export const LEASES = builtin('coordination.k8s.io', 'leases');
export const ENDPOINT_SLICES = builtin('discovery.k8s.io', 'endpointslices');
export const STORAGE_CLASSES = builtin('storage.k8s.io', 'storageclasses');

/** The registry's lookups; kinds added at run time (CustomResourceDefinitions) are found too. */
export const kinds = {
  all: (): readonly KindDef[] => resources,
  /** What a user typed: plural, singular, kind or short name, optionally `.group`. */
  find: (name: string): KindDef | undefined => findResource(name),
  byKind: (apiVersion: string, kind: string): KindDef | undefined => findByKind(apiVersion, kind),
};
