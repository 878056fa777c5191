import { ApiError } from './errors.js';
import { NAMESPACES, PRIORITY_CLASSES, SERVICES } from './kinds/index.js';
import { SYSTEM_PRIORITY_CLASSES } from './kinds/scheduling/priority-class.js';
import type { Service } from './kinds/types.generated.js';
import type { ResourceService } from './service.js';
import { ServiceRange } from './service-range.js';
import type { KubeObject } from './types.js';

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Creates an object unless it exists: what a restart of the control plane finds is kept. */
async function ensure(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 409)) throw err;
  }
}

/**
 * Creates the Service unless one of its name exists in the range (checked first: a second create
 * would fail on its taken cluster IP before it found the name taken). One left outside the range,
 * by a cluster made before its range moved onto the bridge, is made again inside it.
 */
async function ensureService(svc: ResourceService, range: ServiceRange, object: KubeObject): Promise<void> {
  const { namespace, name } = object.metadata as { namespace: string; name: string };
  const current = (await svc
    .get(SERVICES, namespace, name)
    .catch((err) => (err instanceof ApiError && err.code === 404 ? undefined : Promise.reject(err)))) as
    | Service
    | undefined;
  if (current && range.holds(current.spec?.clusterIP ?? '')) return;
  if (current) await svc.delete(SERVICES, namespace, name);
  await ensure(() => svc.create(SERVICES, namespace, object));
}

/**
 * Makes again, with an address of the range, each Service whose cluster IP lies outside it: a
 * cluster made without nodes allocates from 10.96.0.0/12 until its nodes put the range on the
 * Docker bridge, and an address outside the range is held by nothing there, so a packet to it
 * would leave the machine. All else of the Service (selector, ports, node ports, labels) is kept.
 */
async function moveServicesIntoRange(svc: ResourceService, range: ServiceRange): Promise<void> {
  for (const s of (await svc.list(SERVICES, {})).items as Service[]) {
    const ip = s.spec?.clusterIP;
    if (!ip || ip === 'None' || range.holds(ip)) continue;
    const { name, namespace, labels, annotations, ownerReferences } = s.metadata;
    const { clusterIP: _, clusterIPs: __, ...spec } = s.spec ?? {};
    await svc.delete(SERVICES, namespace, name ?? '');
    await ensure(() =>
      svc.create(SERVICES, namespace, {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace, labels, annotations, ownerReferences },
        spec,
      }),
    );
  }
}

/**
 * What every cluster has from its first start: the system namespaces, the system priority
 * classes, the `kubernetes` service and the cluster DNS service (`kube-dns`, as CoreDNS's, on the
 * range's 10th address; the network container serves it).
 */
export async function bootstrap(svc: ResourceService, range = new ServiceRange()): Promise<void> {
  for (const name of SYSTEM_NAMESPACES) {
    await ensure(() =>
      svc.create(NAMESPACES, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }),
    );
  }
  for (const { name, value, description } of SYSTEM_PRIORITY_CLASSES) {
    await ensure(() =>
      svc.create(PRIORITY_CLASSES, undefined, {
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name },
        value,
        description,
      }),
    );
  }
  await ensureService(svc, range, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      clusterIP: range.kubernetes,
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
    },
  });
  const dnsLabels = {
    'k8s-app': 'kube-dns',
    'kubernetes.io/cluster-service': 'true',
    'kubernetes.io/name': 'CoreDNS',
  };
  await ensureService(svc, range, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kube-dns', namespace: 'kube-system', labels: dnsLabels },
    spec: {
      clusterIP: range.dns,
      selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
    },
  });
  await moveServicesIntoRange(svc, range);
}
