import { ApiError } from '../api/errors.js';
import { type KindDef, kinds } from '../api/kinds/index.js';
import type { ResourceService } from '../api/service.js';
import type { KubeObject } from '../api/types.js';
import type { Controller } from './controller.js';

const REQUEUE_MS = 500;

// Keys: "dependent|<resource index>|<ns>|<name>" checks one object's owners;
// "owner|<resource index>|<ns>|<name>|<uid>" handles an owner being deleted or gone.
function key(kind: 'dependent' | 'owner', def: KindDef, obj: KubeObject): string {
  return [
    kind,
    kinds.all().indexOf(def),
    obj.metadata.namespace ?? '',
    obj.metadata.name,
    obj.metadata.uid,
  ].join('|');
}

function ignoreNotFound(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 404)) throw err;
  }
}

/**
 * The garbage collector: removes objects whose owners are all gone (background deletion),
 * deletes dependents before their owner (foregroundDeletion finalizer), and releases
 * dependents of an owner deleted with the orphan policy.
 */
export function garbageCollector(svc: ResourceService): Controller {
  const exists = (ns: string, ref: { apiVersion: string; kind: string; name: string; uid: string }) => {
    const def = kinds.byKind(ref.apiVersion, ref.kind);
    if (!def) return true; // an owner of a kind we do not serve is not ours to judge
    const owner = svc.store.get(
      { group: def.group, resource: def.resource },
      def.namespaced ? ns : '',
      ref.name,
    );
    return owner?.metadata.uid === ref.uid;
  };

  // Owner uid -> the objects that named it, learnt from every object the watches pass by (the
  // initial list included), so finding dependents reads only them. Entries are checked against
  // the store on use and dropped when stale.
  const dependents = new Map<string, Map<string, { def: KindDef; ns: string; name: string }>>();
  const remember = (def: KindDef, obj: KubeObject) => {
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const set = dependents.get(ref.uid) ?? new Map();
      set.set(`${kinds.all().indexOf(def)}|${obj.metadata.namespace ?? ''}|${obj.metadata.name}`, {
        def,
        ns: obj.metadata.namespace ?? '',
        name: obj.metadata.name!,
      });
      dependents.set(ref.uid, set);
    }
  };

  const dependentsOf = (uid: string) => {
    const out: { def: KindDef; obj: KubeObject }[] = [];
    const set = dependents.get(uid);
    for (const [k, d] of set ?? []) {
      const obj = svc.store.get({ group: d.def.group, resource: d.def.resource }, d.ns, d.name);
      if (obj?.metadata.ownerReferences?.some((r) => r.uid === uid)) out.push({ def: d.def, obj });
      else set!.delete(k);
    }
    if (set && set.size === 0) dependents.delete(uid);
    return out;
  };

  const setFinalizers = (def: KindDef, obj: KubeObject, finalizers: string[]) =>
    ignoreNotFound(() =>
      svc.update(
        def,
        obj.metadata.namespace,
        obj.metadata.name!,
        { ...obj, metadata: { ...obj.metadata, finalizers } },
        { fieldValidation: 'Ignore' },
      ),
    );

  return {
    name: 'garbage-collector',
    resyncMs: 60_000,
    watches: kinds.all().map((def) => ({
      def,
      keys: (obj: KubeObject) => {
        remember(def, obj);
        return [
          ...(obj.metadata.ownerReferences?.length ? [key('dependent', def, obj)] : []),
          key('owner', def, obj),
        ];
      },
    })),
    reconcile(k) {
      const [kind, idx, ns, name, uid] = k.split('|');
      const def = kinds.all()[Number(idx)];
      const ref = { group: def.group, resource: def.resource };
      const obj = svc.store.get(ref, ns, name);
      if (kind === 'dependent') {
        if (!obj || obj.metadata.uid !== uid || obj.metadata.deletionTimestamp) return undefined;
        const owners = obj.metadata.ownerReferences ?? [];
        if (owners.length && owners.every((o) => !exists(ns, o))) {
          ignoreNotFound(() => svc.delete(def, ns || undefined, name, { propagationPolicy: 'Background' }));
        }
        return undefined;
      }
      if (!obj || obj.metadata.uid !== uid) {
        // The owner is gone: its dependents are checked (and removed when they have no other owner).
        for (const d of dependentsOf(uid)) {
          const owners = d.obj.metadata.ownerReferences ?? [];
          if (
            !d.obj.metadata.deletionTimestamp &&
            owners.every((o) => !exists(d.obj.metadata.namespace ?? '', o))
          ) {
            ignoreNotFound(() =>
              svc.delete(d.def, d.obj.metadata.namespace, d.obj.metadata.name!, {
                propagationPolicy: 'Background',
              }),
            );
          }
        }
        return undefined;
      }
      if (!obj.metadata.deletionTimestamp) return undefined;
      const finalizers = obj.metadata.finalizers ?? [];
      if (finalizers.includes('orphan')) {
        for (const d of dependentsOf(uid)) {
          const refs = (d.obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
          ignoreNotFound(() =>
            svc.update(
              d.def,
              d.obj.metadata.namespace,
              d.obj.metadata.name!,
              { ...d.obj, metadata: { ...d.obj.metadata, ownerReferences: refs.length ? refs : undefined } },
              { fieldValidation: 'Ignore' },
            ),
          );
        }
        setFinalizers(
          def,
          obj,
          finalizers.filter((f) => f !== 'orphan'),
        );
        return undefined;
      }
      if (finalizers.includes('foregroundDeletion')) {
        const deps = dependentsOf(uid);
        for (const d of deps) {
          if (!d.obj.metadata.deletionTimestamp) {
            ignoreNotFound(() =>
              svc.delete(d.def, d.obj.metadata.namespace, d.obj.metadata.name!, {
                propagationPolicy: 'Foreground',
              }),
            );
          }
        }
        if (dependentsOf(uid).length) return REQUEUE_MS;
        setFinalizers(
          def,
          obj,
          finalizers.filter((f) => f !== 'foregroundDeletion'),
        );
      }
      return undefined;
    },
  };
}
