import { ApiError } from './errors.js';
import { resources } from './resources.js';
import type { ResourceService } from './service.js';

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** What every cluster has from its first start: the system namespaces and the `kubernetes` service. */
export function bootstrap(svc: ResourceService): void {
  const def = (r: string) => resources.find((x) => x.resource === r)!;
  const ensure = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 409)) throw err;
    }
  };
  for (const name of SYSTEM_NAMESPACES) {
    if (svc.store.get({ group: '', resource: 'namespaces' }, '', name)) continue;
    ensure(() =>
      svc.create(def('namespaces'), undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }),
    );
  }
  if (!svc.store.get({ group: '', resource: 'services' }, 'default', 'kubernetes')) {
    ensure(() =>
      svc.create(def('services'), 'default', {
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
}
