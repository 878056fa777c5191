import { allows, kinds, NAMESPACES, type Namespace } from '../api/kinds/index.js';
import type { KubeObject, Status } from '../api/types.js';
import type { ControllerFactory } from './controller.js';
import { ignoreNotFound } from './retry.js';

const REQUEUE_MS = 500;

/** Whether a delete answer says the object is still there (terminating), not gone. */
function stillThere(answer: KubeObject | Status | undefined): boolean {
  return !!answer && answer.kind !== 'Status' && !!(answer as KubeObject).metadata?.deletionTimestamp;
}

/** Empties a terminating namespace, then drops its `kubernetes` finalizer so it goes away. */
export const namespaceController: ControllerFactory = (ctx) => {
  const namespaces = ctx.informers.for<Namespace>(NAMESPACES);
  const delayMs = ctx.settings.namespaceDeletionDelayMs;
  return {
    name: 'namespace',
    watches: [{ def: NAMESPACES, keys: (ns) => (ns.metadata.deletionTimestamp ? [ns.metadata.name!] : []) }],
    async reconcile(name) {
      const ns = namespaces.get(undefined, name);
      if (!ns?.metadata.deletionTimestamp) return undefined;
      const waited = ctx.clock.now() - Date.parse(ns.metadata.deletionTimestamp);
      if (waited < delayMs) return delayMs - waited;
      let remaining = 0;
      for (const def of kinds.all().filter((r) => r.namespaced && allows(r, 'delete'))) {
        for (const item of (await ctx.client.list(def, { namespace: name })).items) {
          if (item.metadata.deletionTimestamp) {
            remaining++;
            continue;
          }
          const answer = await ignoreNotFound(
            ctx.client.delete(def, name, item.metadata.name!, { propagationPolicy: 'Background' }),
          );
          if (stillThere(answer)) remaining++;
        }
      }
      if (remaining > 0) return REQUEUE_MS;
      const finalizers = (ns.spec?.finalizers ?? []).filter((f) => f !== 'kubernetes');
      await ignoreNotFound(
        ctx.client.update(NAMESPACES, { ...ns, spec: { ...ns.spec, finalizers } }, 'finalize'),
      );
      return undefined;
    },
  };
};
