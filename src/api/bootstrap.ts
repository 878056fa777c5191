import { ApiError } from './errors.js';
import { NAMESPACES, PRIORITY_CLASSES, SERVICES } from './kinds/index.js';
import { SYSTEM_PRIORITY_CLASSES } from './kinds/scheduling/priority-class.js';
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

/** Creates the Service unless one of its name exists (a second create would first fail on its taken cluster IP). */
async function ensureService(svc: ResourceService, namespace: string, object: KubeObject): Promise<void> {
  const exists = await svc.get(SERVICES, namespace, object.metadata.name!).then(
    () => true,
    (err) => (err instanceof ApiError && err.code === 404 ? false : Promise.reject(err)),
  );
  if (!exists) await ensure(() => svc.create(SERVICES, namespace, object));
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
  await ensureService(svc, 'default', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
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
  await ensureService(svc, 'kube-system', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kube-dns', labels: dnsLabels },
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
}
