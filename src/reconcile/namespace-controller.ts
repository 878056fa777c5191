import { ApiError } from '../api/errors.js';
import { NAMESPACES } from '../api/kinds/index.js';
import type { ResourceService } from '../api/service.js';
import type { Controller } from './controller.js';

const REQUEUE_MS = 500;
// `kubectl delete -f` deletes a file's objects one by one after their namespace: emptying the
// namespace at once would make it report them NotFound. A real cluster takes seconds too.
const START_AFTER_MS = 2_000;

/** Empties a terminating namespace, then drops its `kubernetes` finalizer so it goes away. */
export function namespaceController(svc: ResourceService): Controller {
  return {
    name: 'namespace',
    watches: [{ def: NAMESPACES, keys: (ns) => (ns.metadata.deletionTimestamp ? [ns.metadata.name!] : []) }],
    reconcile(name) {
      const ns = svc.store.get({ group: '', resource: 'namespaces' }, '', name);
      if (!ns?.metadata.deletionTimestamp) return undefined;
      const waited = Date.now() - Date.parse(ns.metadata.deletionTimestamp);
      if (waited < START_AFTER_MS) return START_AFTER_MS - waited;
      let remaining = 0;
      for (const def of resources.filter((r) => r.namespaced)) {
        for (const item of svc.list(def, { namespace: name }).items) {
          if (!item.metadata.deletionTimestamp) {
            try {
              if (!svc.delete(def, name, item.metadata.name!, { propagationPolicy: 'Background' }).deleted)
                remaining++;
            } catch (err) {
              if (!(err instanceof ApiError && err.code === 404)) throw err;
            }
          } else remaining++;
        }
      }
      if (remaining > 0) return REQUEUE_MS;
      const finalizers = ((ns.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).filter(
        (f) => f !== 'kubernetes',
      );
      svc.finalize(ns.metadata.name!, { ...ns, spec: { ...(ns.spec as object), finalizers } });
      return undefined;
    },
  };
}
