import { type KindDef, kinds } from '../api/kinds/index.js';
import type { KubeObject, OwnerReference } from '../api/types.js';
import { ownedBy } from '../client/indexes.js';
import { kindKey } from '../client/informer-factory.js';
import type { ControllerContext, ControllerFactory } from './controller.js';
import { ignoreNotFound, isNotFound, updateWithRetry } from './retry.js';

const REQUEUE_MS = 500;

/**
 * Kinds the collector neither caches nor collects: core events, as kube-controller-manager's
 * default GCIgnoredResources; they are many, short-lived, and owned by nothing.
 */
const ignored = (def: KindDef) => def.group === '' && def.resource === 'events';

// Keys: "dependent|<group/resource>|<ns>|<name>|<uid>" checks one object's owners;
// "owner|<group/resource>|<ns>|<name>|<uid>" handles an owner being deleted or gone.
function key(role: 'dependent' | 'owner', def: KindDef, obj: KubeObject): string {
  return [role, kindKey(def), obj.metadata.namespace ?? '', obj.metadata.name, obj.metadata.uid].join('|');
}

interface Dependent {
  def: KindDef;
  obj: KubeObject;
}

/**
 * The garbage collector: removes objects whose owners are all gone (background deletion),
 * deletes dependents before their owner (foregroundDeletion finalizer), and releases
 * dependents of an owner deleted with the orphan policy. It reads every kind from the shared
 * caches, finds dependents through an owner-uid index, and checks with the API before it
 * deletes anything, so a cache that lags never costs an object.
 */
export const garbageCollector: ControllerFactory = (ctx) => {
  // Every kind's informer is the collector's (it watches them all), so dependents are sought in all.
  const dependentsOf = (uid: string): Dependent[] =>
    ctx.informers
      .all()
      .flatMap((informer) => ownedBy(informer, uid).map((obj) => ({ def: informer.def, obj })));

  return {
    name: 'garbage-collector',
    watches: [],
    watchesFor: (def) =>
      ignored(def)
        ? []
        : [
            {
              def,
              keys: (obj: KubeObject) => [
                ...(obj.metadata.ownerReferences?.length ? [key('dependent', def, obj)] : []),
                key('owner', def, obj),
              ],
            },
          ],
    async reconcile(k) {
      const [role, kk, ns, name, uid] = k.split('|');
      const informer = ctx.informers.all().find((i) => kindKey(i.def) === kk);
      if (!informer) return undefined;
      const def = informer.def;
      const obj = informer.get(ns || undefined, name);
      if (role === 'dependent') {
        if (obj?.metadata.uid === uid && !obj.metadata.deletionTimestamp) await collectOrphan(ctx, def, obj);
        return undefined;
      }
      if (!obj || obj.metadata.uid !== uid) {
        for (const d of dependentsOf(uid))
          if (!d.obj.metadata.deletionTimestamp) await collectOrphan(ctx, d.def, d.obj);
        return undefined;
      }
      if (!obj.metadata.deletionTimestamp) return undefined;
      const finalizers = obj.metadata.finalizers ?? [];
      if (finalizers.includes('orphan')) {
        for (const d of dependentsOf(uid)) await releaseFrom(ctx, d, uid);
        await dropFinalizer(ctx, def, obj, 'orphan');
      } else if (finalizers.includes('foregroundDeletion')) {
        const deps = dependentsOf(uid);
        for (const d of deps) {
          if (d.obj.metadata.deletionTimestamp) continue;
          await ignoreNotFound(
            ctx.client.delete(d.def, d.obj.metadata.namespace, d.obj.metadata.name!, {
              propagationPolicy: 'Foreground',
            }),
          );
        }
        if (deps.length) return REQUEUE_MS;
        await dropFinalizer(ctx, def, obj, 'foregroundDeletion');
      }
      return undefined;
    },
  };
};

/**
 * Whether an owner is really gone: a cache that still holds it settles it; a cache that lacks
 * it is confirmed with the API. Unknown kinds are not ours to judge.
 */
async function ownerGone(ctx: ControllerContext, ns: string, ref: OwnerReference): Promise<boolean> {
  const def = kinds.byKind(ref.apiVersion, ref.kind);
  if (!def) return false;
  const cached = ctx.informers.for(def).get(def.namespaced ? ns : undefined, ref.name);
  if (cached?.metadata.uid === ref.uid) return false;
  try {
    const owner = await ctx.client.get(def, def.namespaced ? ns : undefined, ref.name);
    return owner.metadata.uid !== ref.uid;
  } catch (err) {
    if (isNotFound(err)) return true;
    throw err;
  }
}

/** Deletes an object every owner of which is gone. */
async function collectOrphan(ctx: ControllerContext, def: KindDef, obj: KubeObject): Promise<void> {
  const owners = obj.metadata.ownerReferences ?? [];
  if (!owners.length) return;
  for (const o of owners) if (!(await ownerGone(ctx, obj.metadata.namespace ?? '', o))) return;
  await ignoreNotFound(
    ctx.client.delete(def, obj.metadata.namespace, obj.metadata.name!, { propagationPolicy: 'Background' }),
  );
}

async function releaseFrom(ctx: ControllerContext, d: Dependent, uid: string): Promise<void> {
  await updateWithRetry(ctx.client, d.def, d.obj, (cur) => {
    const refs = (cur.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
    if (refs.length === (cur.metadata.ownerReferences ?? []).length) return undefined;
    cur.metadata.ownerReferences = refs.length ? refs : undefined;
    return cur;
  });
}

async function dropFinalizer(
  ctx: ControllerContext,
  def: KindDef,
  obj: KubeObject,
  finalizer: string,
): Promise<void> {
  await updateWithRetry(ctx.client, def, obj, (cur) => {
    if (!cur.metadata.finalizers?.includes(finalizer)) return undefined;
    cur.metadata.finalizers = cur.metadata.finalizers.filter((f) => f !== finalizer);
    return cur;
  });
}
