import { quotaTracks } from '../api/admission/quota-scopes.js';
import { formatUsage, growth, sumUsage, usageOf } from '../api/admission/quota-usage.js';
import { EVENTS, type KindDef, RESOURCE_QUOTAS, type ResourceQuota } from '../api/kinds/index.js';
import { sameJson } from '../api/schema/same-json.js';
import type { KubeObject } from '../api/types.js';
import { type Change, type ControllerFactory, objectKey, splitKey } from './controller.js';
import { ignoreNotFound, updateWithRetry } from './retry.js';

const counted = (def: KindDef) => def.namespaced && def !== EVENTS;

/**
 * Admission charges what is created or grows, so only what gives quota back (a delete, a pod
 * that finished, a Service no longer a NodePort) and a resync call for a recount: a recount on a
 * create could run on a cache that has not yet seen an object admission already charged, and
 * hand its share back too early.
 */
function releases(def: KindDef, obj: KubeObject, change?: Change<KubeObject>): boolean {
  if (!change || change.type === 'deleted') return true;
  return change.type === 'modified' && growth(usageOf(def, change.old), usageOf(def, obj)).size > 0;
}

/**
 * Kubernetes' resource quota controller: keeps each ResourceQuota's status.hard equal to its
 * spec and status.used equal to what its namespace's objects cost.
 */
export const resourceQuotaController: ControllerFactory = (ctx) => {
  const quotas = ctx.informers.for<ResourceQuota>(RESOURCE_QUOTAS);
  const quotasIn = (obj: KubeObject) => quotas.list(obj.metadata.namespace).map(objectKey);

  function used(quota: ResourceQuota): Record<string, string> {
    const hard = Object.keys(quota.spec?.hard ?? {});
    const ns = quota.metadata.namespace;
    const usages = ctx.informers
      .all()
      .filter((i) => counted(i.def))
      .flatMap((i) =>
        i
          .list(ns)
          .filter((obj) => quotaTracks(quota, i.def, obj))
          .map((obj) => usageOf(i.def, obj)),
      );
    const total = sumUsage(usages);
    return Object.fromEntries(
      hard.map((name) => [name, total.has(name) ? formatUsage(total.get(name)!) : '0']),
    );
  }

  return {
    name: 'resourcequota',
    watches: [
      {
        def: RESOURCE_QUOTAS,
        keys: (q: ResourceQuota, change?: Change<ResourceQuota>) =>
          change?.type === 'modified' && sameJson(change.old.spec, q.spec) ? [] : [objectKey(q)],
      },
    ],
    watchesFor: (def) =>
      counted(def) && def !== RESOURCE_QUOTAS
        ? [{ def, keys: (obj, change) => (releases(def, obj, change) ? quotasIn(obj) : []) }]
        : [],
    async reconcile(key) {
      const quota = quotas.get(...splitKey(key));
      if (!quota || quota.metadata.deletionTimestamp) return undefined;
      const status = { hard: { ...quota.spec?.hard }, used: used(quota) };
      if (sameJson(quota.status, status)) return undefined;
      await ignoreNotFound(
        updateWithRetry(ctx.client, RESOURCE_QUOTAS, quota, (q) => ({ ...q, status }), 'status'),
      );
      return undefined;
    },
  };
};
