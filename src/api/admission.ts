import { errors } from './errors.js';
import type { ResourceDef } from './resources.js';
import type { ResourceService } from './service.js';
import { allocateClusterIp, allocateNodePorts } from './service-ips.js';
import type { KubeObject } from './types.js';

interface PodSpecLike {
  nodeName?: string;
  terminationGracePeriodSeconds?: number;
  tolerations?: { key?: string; operator?: string; effect?: string; tolerationSeconds?: number }[];
  containers?: { resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> } }[];
  initContainers?: PodSpecLike['containers'];
}

// Kinds whose status is the controllers' to write: a client's status on create is dropped.
const STATUS_RESET_ON_CREATE = new Set([
  'Deployment',
  'ReplicaSet',
  'DaemonSet',
  'StatefulSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'HorizontalPodAutoscaler',
  'Ingress',
]);

/** What the API server sets on a new object beyond defaults (Kubernetes' PrepareForCreate and admission). */
export async function admitCreate(svc: ResourceService, def: ResourceDef, obj: KubeObject): Promise<void> {
  if (STATUS_RESET_ON_CREATE.has(def.kind)) delete obj.status;
  switch (def.kind) {
    case 'Pod': {
      const spec = obj.spec as PodSpecLike;
      obj.status = { phase: 'Pending', qosClass: qosClass(spec) };
      addDefaultTolerations(spec);
      break;
    }
    case 'Namespace':
      obj.status = { phase: 'Active' };
      break;
    case 'Service':
      await allocateClusterIp(svc, obj);
      await allocateNodePorts(svc, obj);
      obj.status = { loadBalancer: {} };
      break;
    case 'PersistentVolumeClaim':
      obj.status = { phase: 'Pending' };
      break;
    case 'PersistentVolume':
      obj.status = { phase: 'Available' };
      break;
  }
}

interface ServiceSpecLike {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: { name?: string; nodePort?: number }[];
}

/**
 * What an update keeps of the old object though the client left it out (Kubernetes'
 * patchAllocatedValues), and what it allocates anew: a Service's cluster IP and node ports,
 * so that `kubectl replace` of the manifest that created a Service works, and a change of
 * type to NodePort gets its ports.
 */
export async function admitUpdate(
  svc: ResourceService,
  def: ResourceDef,
  next: KubeObject,
  current: KubeObject,
): Promise<void> {
  if (def.kind !== 'Service') return;
  const ns = (next.spec ??= {}) as ServiceSpecLike;
  const os = (current.spec ?? {}) as ServiceSpecLike;
  if (os.type !== 'ExternalName' && ns.type !== 'ExternalName') {
    if (!ns.clusterIP && os.clusterIP) ns.clusterIP = os.clusterIP;
    if (!ns.clusterIPs?.length && os.clusterIPs?.length) ns.clusterIPs = [...os.clusterIPs];
  }
  if (!ns.clusterIP && ns.type !== 'ExternalName') await allocateClusterIp(svc, next);
  const needsNodePort = (s: ServiceSpecLike) => s.type === 'NodePort' || s.type === 'LoadBalancer';
  if (!needsNodePort(ns)) return;
  if (needsNodePort(os)) {
    const newPorts = new Set((ns.ports ?? []).map((p) => p.nodePort).filter(Boolean));
    const byName = new Map((os.ports ?? []).map((p) => [p.name ?? '', p.nodePort]));
    for (const p of ns.ports ?? []) {
      const old = byName.get(p.name ?? '');
      // A port still held by another of the new ports cannot be handed over again.
      if (!p.nodePort && old && !newPorts.has(old)) p.nodePort = old;
    }
  }
  const missing = (ns.ports ?? []).filter((p) => !p.nodePort);
  if (missing.length) await allocateNodePorts(svc, { ...next, spec: { type: ns.type, ports: missing } });
}

/**
 * The grace period a delete gets (0 = remove now). A bound pod gets its termination grace
 * period so its node agent can stop its containers; a Namespace turns Terminating.
 */
export function admitDelete(def: ResourceDef, obj: KubeObject, requested: number | undefined): number {
  if (requested !== undefined && (requested < 0 || !Number.isInteger(requested))) {
    throw errors.badRequest(`invalid gracePeriodSeconds: ${requested}`);
  }
  if (def.kind === 'Namespace') {
    obj.status = { ...(obj.status as object), phase: 'Terminating' };
    return 0;
  }
  if (def.kind !== 'Pod') return 0;
  const spec = obj.spec as PodSpecLike;
  const phase = (obj.status as { phase?: string } | undefined)?.phase;
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  return requested ?? obj.metadata.deletionGracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
}

function addDefaultTolerations(spec: PodSpecLike): void {
  const tolerations = (spec.tolerations ??= []);
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!tolerations.some((t) => t.key === key || (t.operator === 'Exists' && !t.key))) {
      tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
    }
  }
}

/** Guaranteed, Burstable or BestEffort, as Kubernetes computes it from requests and limits. */
export function qosClass(spec: PodSpecLike): string {
  const all = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined) guaranteed = false;
      else if (req[r] !== undefined && String(req[r]) !== String(lim[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
