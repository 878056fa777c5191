import { ApiError } from '../api/errors.js';
import { NAMESPACES, SERVICE_ACCOUNTS } from '../api/kinds/index.js';
import type { ControllerFactory } from './controller.js';

/** Every active namespace has a `default` ServiceAccount, as pods name it by default. */
export const serviceAccountController: ControllerFactory = (ctx) => {
  const namespaces = ctx.informers.for(NAMESPACES);
  const accounts = ctx.informers.for(SERVICE_ACCOUNTS);
  return {
    name: 'serviceaccount',
    watches: [
      { def: NAMESPACES, keys: (ns) => [ns.metadata.name!] },
      {
        def: SERVICE_ACCOUNTS,
        keys: (sa) => (sa.metadata.name === 'default' ? [sa.metadata.namespace!] : []),
      },
    ],
    async reconcile(ns) {
      const nsObj = namespaces.get(undefined, ns);
      if (!nsObj || nsObj.metadata.deletionTimestamp) return undefined;
      if (accounts.get(ns, 'default')) return undefined;
      try {
        await ctx.client.create(SERVICE_ACCOUNTS, {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'default', namespace: ns },
        });
      } catch (err) {
        // Made meanwhile, or the namespace began terminating or went away: nothing to do.
        if (!(err instanceof ApiError && [403, 404, 409].includes(err.code))) throw err;
      }
      return undefined;
    },
  };
};
