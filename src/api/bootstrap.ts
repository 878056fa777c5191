import { ApiError } from './errors.js';
import { NAMESPACES, PRIORITY_CLASSES, SERVICES } from './kinds/index.js';
import { SYSTEM_PRIORITY_CLASSES } from './kinds/scheduling/priority-class.js';
import type { ResourceService } from './service.js';

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
 * What every cluster has from its first start: the system namespaces, the system priority
 * classes and the `kubernetes` service.
 */
export async function bootstrap(svc: ResourceService): Promise<void> {
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
  // Checked first: a second create would fail on the taken cluster IP before it found the name taken.
  const exists = await svc.get(SERVICES, 'default', 'kubernetes').then(
    () => true,
    (err) => (err instanceof ApiError && err.code === 404 ? false : Promise.reject(err)),
  );
  if (exists) return;
  await ensure(() =>
    svc.create(SERVICES, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: {
        clusterIP: '10.96.0.1',
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
      },
    }),
  );
}
