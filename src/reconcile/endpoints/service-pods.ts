import { isSidecar } from '../../api/kinds/core/sidecar.js';
import { PODS, type Pod, type Service, type ServicePort } from '../../api/kinds/index.js';
import type { Informer } from '../../client/informer.js';
import { objectKey, type Watch } from '../controller.js';

/** What makes a slice or an Endpoints object the endpoints controllers' own. */
export { SERVICE_NAME_LABEL } from '../../api/kinds/index.js';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const SLICE_CONTROLLER = 'endpointslice-controller.k8s.io';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
export const TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';

/** A Service whose endpoints the controllers keep: one with a selector, not an ExternalName. */
export function selectorOf(svc: Service): Record<string, string> | undefined {
  const sel = svc.spec?.selector;
  if (svc.spec?.type === 'ExternalName' || !sel || !Object.keys(sel).length) return undefined;
  return sel;
}

export function selects(sel: Record<string, string>, pod: Pod): boolean {
  const labels = pod.metadata.labels ?? {};
  return Object.entries(sel).every(([k, v]) => labels[k] === v);
}

/**
 * A pod's change enqueues the Services that select it, before or after the change, when it
 * changes what endpoints show (Kubernetes' podEndpointsChanged): a container restart count or a
 * probe's timestamp wakes no endpoints controller.
 */
export function podWatch(services: Informer<Service>): Watch {
  return {
    def: PODS,
    keys: (pod, change) => {
      if (change?.type !== 'modified') return servicesOf(services, pod as Pod);
      const old = change.old as Pod;
      return endpointView(old) === endpointView(pod as Pod) ? [] : servicesOf(services, pod as Pod, old);
    },
  };
}

/** What of a pod the endpoints controllers read. */
function endpointView(p: Pod): string {
  const ready = p.status?.conditions?.find((c) => c.type === 'Ready');
  return JSON.stringify([
    p.metadata.labels ?? {},
    p.metadata.deletionTimestamp ?? '',
    p.status?.podIP ?? '',
    p.status?.podIPs ?? [],
    p.status?.phase ?? '',
    ready?.status ?? '',
    ready?.lastTransitionTime ?? '',
    p.spec?.nodeName ?? '',
    p.spec?.hostname ?? '',
    p.spec?.subdomain ?? '',
  ]);
}

function servicesOf(services: Informer<Service>, ...pods: Pod[]): string[] {
  const keys = new Set<string>();
  for (const svc of services.list(pods[0]?.metadata.namespace)) {
    const sel = selectorOf(svc);
    if (sel && pods.some((p) => selects(sel, p))) keys.add(objectKey(svc));
  }
  return [...keys];
}

/** The pods a Service's endpoints come from (Kubernetes' ShouldPodBeInEndpoints): with an IP, not finished. */
export function candidatePods(pods: Informer<Pod>, svc: Service, includeTerminating: boolean): Pod[] {
  const sel = selectorOf(svc);
  if (!sel) return [];
  return pods
    .list(svc.metadata.namespace)
    .filter(
      (p) =>
        selects(sel, p) &&
        !!p.status?.podIP &&
        p.status.phase !== 'Succeeded' &&
        p.status.phase !== 'Failed' &&
        (includeTerminating || !p.metadata.deletionTimestamp),
    )
    .sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
}

/**
 * The pod's port a Service port targets (Kubernetes' FindPort): a number as it is, a name
 * looked up among the containers' ports of the same protocol; undefined when no container has it.
 */
export function findPort(pod: Pod, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  const protocol = port.protocol ?? 'TCP';
  const sidecars = (pod.spec?.initContainers ?? []).filter(isSidecar);
  for (const c of [...(pod.spec?.containers ?? []), ...sidecars])
    for (const p of c.ports ?? [])
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  return undefined;
}

/** Kubernetes' ShouldSetHostname: a pod with a hostname whose subdomain names this Service. */
export function hostnameFor(pod: Pod, svc: Service): string | undefined {
  const { hostname, subdomain } = pod.spec ?? {};
  return hostname && subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace
    ? hostname
    : undefined;
}

export function podRef(pod: Pod) {
  return { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
}

/**
 * When the state the endpoints show last changed: the latest of the Service's creation and each
 * pod's creation, readiness change and deletion (what Kubernetes' trigger-time tracker records).
 */
export function lastChange(svc: Service, pods: Pod[]): number {
  const times = [Date.parse(svc.metadata.creationTimestamp ?? '') || 0];
  for (const p of pods) {
    times.push(Date.parse(p.metadata.creationTimestamp ?? '') || 0);
    times.push(Date.parse(p.metadata.deletionTimestamp ?? '') || 0);
    for (const c of p.status?.conditions ?? [])
      if (c.type === 'Ready') times.push(Date.parse(c.lastTransitionTime ?? '') || 0);
  }
  return Math.max(...times);
}

/** The labels both Endpoints and slices carry: the Service's, plus the headless marker. */
export function serviceLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = { ...svc.metadata.labels };
  if (svc.spec?.clusterIP === 'None') labels[HEADLESS_LABEL] = '';
  else delete labels[HEADLESS_LABEL];
  return labels;
}

/**
 * The trigger time to record for a change: what the objects tell, unless that is no later than
 * the one recorded (a pod that went away leaves no time behind): then now.
 */
export function laterTrigger(recorded: string | undefined, computed: string, now: number): string {
  const before = Date.parse(recorded ?? '');
  return Number.isFinite(before) && Date.parse(computed) <= before ? new Date(now).toISOString() : computed;
}
