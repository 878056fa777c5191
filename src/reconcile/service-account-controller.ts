import { ApiError } from '../api/errors.js';
import { NAMESPACES, SERVICE_ACCOUNTS } from '../api/kinds/index.js';
import type { ResourceService } from '../api/service.js';
import type { Controller } from './controller.js';

/** Every active namespace has a `default` ServiceAccount, as pods name it by default. */
export function serviceAccountController(svc: ResourceService): Controller {
  return {
    name: 'serviceaccount',
    watches: [
      { def: NAMESPACES, keys: (ns) => [ns.metadata.name!] },
      {
        def: SERVICE_ACCOUNTS,
        keys: (sa) => (sa.metadata.name === 'default' ? [sa.metadata.namespace!] : []),
      },
    ],
    reconcile(ns) {
      const nsObj = svc.store.get({ group: '', resource: 'namespaces' }, '', ns);
      if (!nsObj || nsObj.metadata.deletionTimestamp) return undefined;
      if (svc.store.get({ group: '', resource: 'serviceaccounts' }, ns, 'default')) return undefined;
      try {
        svc.create(SERVICE_ACCOUNTS, ns, {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'default', namespace: ns },
        });
      } catch (err) {
        if (!(err instanceof ApiError && (err.code === 409 || err.code === 403 || err.code === 404)))
          throw err;
      }
      return undefined;
    },
  };
}
