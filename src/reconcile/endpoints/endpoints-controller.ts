import {
  ENDPOINTS,
  type EndpointAddress,
  type EndpointPort,
  type EndpointSubset,
  type Endpoints,
  PODS,
  type Pod,
  SERVICES,
  type Service,
} from '../../api/kinds/index.js';
import { sameJson } from '../../api/schema/same-json.js';
import type { KubeClient } from '../../client/kube-client.js';
import { type ControllerFactory, objectKey, splitKey } from '../controller.js';
import { ignoreNotFound, isNotFound } from '../retry.js';
import { isReady } from '../workloads/pods.js';
import {
  candidatePods,
  findPort,
  hostnameFor,
  lastChange,
  laterTrigger,
  podRef,
  podWatch,
  selectorOf,
  serviceLabels,
  TRIGGER_TIME,
} from './service-pods.js';

/** A deleted Service's key: its Endpoints go, whoever made them (as Kubernetes' controller does). */
const GONE = 'gone:';

/**
 * Kubernetes' Endpoints controller: the core/v1 Endpoints of each Service with a selector
 * (what `kubectl get ep` and `describe svc` show), its pods' addresses grouped by their ports,
 * ready or not. Endpoints of Services without a selector are the user's.
 */
export const endpointsController: ControllerFactory = (ctx) => {
  const services = ctx.informers.for<Service>(SERVICES);
  const pods = ctx.informers.for<Pod>(PODS);
  const endpoints = ctx.informers.for<Endpoints>(ENDPOINTS);
  return {
    name: 'endpoint',
    watches: [
      {
        def: SERVICES,
        keys: (svc, change) => [(change?.type === 'deleted' ? GONE : '') + objectKey(svc)],
      },
      podWatch(services),
      // Changed by someone else, or left behind by a Service deleted while the controller was down.
      { def: ENDPOINTS, keys: (ep) => [objectKey(ep)] },
    ],
    async reconcile(key) {
      const gone = key.startsWith(GONE);
      const [ns, name] = splitKey(gone ? key.slice(GONE.length) : key);
      const svc = services.get(ns, name);
      if (!svc) {
        const ep = endpoints.get(ns, name);
        if (gone || ep?.metadata.annotations?.[TRIGGER_TIME]) await deleteEndpoints(ctx.client, ns!, name);
        return undefined;
      }
      if (gone || !selectorOf(svc)) return undefined;
      const includeNotReady = !!svc.spec?.publishNotReadyAddresses;
      const matched = candidatePods(pods, svc, includeNotReady);
      const subsets = repack(svc, matched);
      const trigger = new Date(lastChange(svc, matched)).toISOString();
      await writeEndpoints(ctx.client, svc, subsets, trigger, ctx.clock.now());
      return undefined;
    },
  };
};

/**
 * The Service's subsets (Kubernetes' addEndpointSubset then RepackSubsets): one subset per set of
 * ports, ready pods under addresses, the others under notReadyAddresses, sorted by IP.
 */
export function repack(svc: Service, pods: Pod[]): EndpointSubset[] {
  const publish = !!svc.spec?.publishNotReadyAddresses;
  const byPorts = new Map<
    string,
    { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }
  >();
  const add = (pod: Pod, ports: EndpointPort[]) => {
    const k = JSON.stringify(ports);
    let s = byPorts.get(k);
    if (!s) byPorts.set(k, (s = { ports, ready: [], notReady: [] }));
    const hostname = hostnameFor(pod, svc);
    const addr: EndpointAddress = {
      ip: pod.status!.podIP!,
      ...(hostname ? { hostname } : {}),
      ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: podRef(pod),
    };
    (publish || isReady(pod) ? s.ready : s.notReady).push(addr);
  };
  const svcPorts = svc.spec?.ports ?? [];
  for (const pod of pods) {
    if (!svcPorts.length) {
      if (svc.spec?.clusterIP === 'None') add(pod, []);
      continue;
    }
    const ports: EndpointPort[] = [];
    for (const sp of svcPorts) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      ports.push({
        ...(sp.name ? { name: sp.name } : {}),
        port,
        protocol: sp.protocol ?? 'TCP',
        ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}),
      });
    }
    // Pods with the same resolved ports share a subset, as RepackSubsets leaves them.
    if (ports.length)
      add(
        pod,
        ports.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port),
      );
  }
  const byIp = (a: EndpointAddress, b: EndpointAddress) => ipOrder(a.ip) - ipOrder(b.ip);
  return [...byPorts.values()].map((s) => ({
    ...(s.ready.length ? { addresses: s.ready.sort(byIp) } : {}),
    ...(s.notReady.length ? { notReadyAddresses: s.notReady.sort(byIp) } : {}),
    ...(s.ports.length ? { ports: s.ports } : {}),
  }));
}

const ipOrder = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);

async function writeEndpoints(
  client: KubeClient,
  svc: Service,
  subsets: EndpointSubset[],
  trigger: string,
  now: number,
): Promise<void> {
  const { namespace, name } = svc.metadata;
  const labels = serviceLabels(svc);
  const cur = await ignoreNotFound(client.get<Endpoints>(ENDPOINTS, namespace, name!));
  if (!cur) {
    await client.create(ENDPOINTS, {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name, namespace, labels, annotations: { [TRIGGER_TIME]: trigger } },
      ...(subsets.length ? { subsets } : {}),
    });
    return;
  }
  const changed = !sameJson(cur.subsets ?? [], subsets);
  if (!changed && sameJson(cur.metadata.labels ?? {}, labels)) return;
  const annotations = {
    ...cur.metadata.annotations,
    ...(changed
      ? { [TRIGGER_TIME]: laterTrigger(cur.metadata.annotations?.[TRIGGER_TIME], trigger, now) }
      : {}),
  };
  const next: Endpoints = { ...cur, metadata: { ...cur.metadata, labels, annotations } };
  if (subsets.length) next.subsets = subsets;
  else delete next.subsets;
  await client.update(ENDPOINTS, next);
}

async function deleteEndpoints(client: KubeClient, ns: string, name: string) {
  try {
    await client.delete(ENDPOINTS, ns, name);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
