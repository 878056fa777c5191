import {
  ENDPOINTS,
  type Endpoint,
  type EndpointAddress,
  type Endpoints,
  SERVICES,
  type Service,
} from '../../api/kinds/index.js';
import { type ControllerFactory, objectKey, splitKey } from '../controller.js';
import { controllerRefOf } from '../workloads/pods.js';
import { type PortGroup, portsKey } from './desired-slices.js';
import { MANAGED_BY_LABEL, SERVICE_NAME_LABEL, selectorOf } from './service-pods.js';
import { deleteSlice, managedSlices, managedSliceWatch, syncSlices } from './slice-sync.js';

const MIRRORING_CONTROLLER = 'endpointslicemirroring-controller.k8s.io';
const SKIP_MIRROR = 'endpointslice.kubernetes.io/skip-mirror';

/** An Endpoints address as a slice endpoint (addressToEndpoint): ready as its list says. */
function toEndpoint(a: EndpointAddress, ready: boolean): Endpoint {
  return {
    addresses: [a.ip],
    conditions: { ready },
    ...(a.hostname ? { hostname: a.hostname } : {}),
    ...(a.nodeName ? { nodeName: a.nodeName } : {}),
    ...(a.targetRef ? { targetRef: a.targetRef } : {}),
  };
}

/** The subsets of hand-made Endpoints as groups of slice endpoints, one group per set of ports. */
function mirroredGroups(ep: Endpoints): Map<string, PortGroup> {
  const groups = new Map<string, PortGroup>();
  for (const subset of ep.subsets ?? []) {
    const ports = (subset.ports ?? []).map((p) => ({
      name: p.name ?? '',
      port: p.port,
      protocol: p.protocol ?? 'TCP',
      ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
    }));
    const endpoints = [
      ...(subset.addresses ?? []).map((a) => toEndpoint(a, true)),
      ...(subset.notReadyAddresses ?? []).map((a) => toEndpoint(a, false)),
    ];
    if (!endpoints.length) continue;
    const k = portsKey(ports);
    const group = groups.get(k);
    if (group) group.endpoints.push(...endpoints);
    else groups.set(k, { ports, endpoints });
  }
  return groups;
}

/**
 * Kubernetes' EndpointSliceMirroring controller: the Endpoints of a Service without a selector
 * (made by hand, for something outside the cluster's pods) mirrored as EndpointSlices, so that
 * every consumer reads slices alone. Endpoints labelled skip-mirror are left out.
 */
export const endpointSliceMirroringController: ControllerFactory = (ctx) => {
  const services = ctx.informers.for<Service>(SERVICES);
  const endpoints = ctx.informers.for<Endpoints>(ENDPOINTS);
  return {
    name: 'endpointslicemirroring',
    watches: [
      { def: SERVICES, keys: (svc) => [objectKey(svc)] },
      { def: ENDPOINTS, keys: (ep) => [objectKey(ep)] },
      managedSliceWatch(MIRRORING_CONTROLLER),
    ],
    async reconcile(key) {
      const [ns, name] = splitKey(key);
      const svc = services.get(ns, name);
      const ep = endpoints.get(ns, name);
      const existing = await managedSlices(ctx, ns, name, MIRRORING_CONTROLLER);
      const mirrors =
        !!svc &&
        !!ep &&
        !ep.metadata.deletionTimestamp &&
        !selectorOf(svc) &&
        svc.spec?.type !== 'ExternalName' &&
        ep.metadata.labels?.[SKIP_MIRROR] !== 'true';
      const owned = existing.filter(
        (es) => mirrors && es.metadata.ownerReferences?.some((r) => r.uid === ep.metadata.uid),
      );
      for (const es of existing) if (!owned.includes(es)) await deleteSlice(ctx, es);
      if (!mirrors) return undefined;
      const labels = {
        ...ep.metadata.labels,
        [SERVICE_NAME_LABEL]: name,
        [MANAGED_BY_LABEL]: MIRRORING_CONTROLLER,
      };
      const owner = controllerRefOf({ ...ep, apiVersion: 'v1', kind: 'Endpoints' });
      const meta = { namespace: ns!, name, labels, owner, placeholder: false };
      await syncSlices(ctx, meta, owned, mirroredGroups(ep));
      return undefined;
    },
  };
};
