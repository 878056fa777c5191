/**
 * The storage metrics of Kubernetes' apiserver: how long each store call takes
 * (etcd_request_duration_seconds, whichever backend answers), how many objects each resource
 * holds and how big the store is. Counts are read from the store when scraped, not kept on
 * every write.
 */
import { Counter, Gauge, Histogram } from 'prom-client';
import type { ListOptions, ResourceRef, Store, StoredObject, StoreStats } from './types.js';

const BUCKETS = [
  0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60,
];

const durations = new Histogram({
  name: 'etcd_request_duration_seconds',
  help: 'Etcd request latency in seconds for each operation and object type.',
  labelNames: ['operation', 'type'],
  buckets: BUCKETS,
});
const totals = new Counter({
  name: 'etcd_requests_total',
  help: 'Etcd request counts for each operation and object type.',
  labelNames: ['operation', 'type'],
});

/** The store a scrape reads counts from: the control plane's, the last one instrumented. */
let scraped: Store | undefined;
const readStats = async (): Promise<StoreStats | undefined> => scraped?.stats?.();

new Gauge({
  name: 'apiserver_storage_objects',
  help: 'Number of stored objects at the time of last check split by kind. In case of a fetching error, the value will be -1.',
  labelNames: ['resource'],
  async collect() {
    this.reset();
    const stats = await readStats().catch(() => undefined);
    for (const { ref, count } of stats?.objects ?? [])
      this.set({ resource: ref.group ? `${ref.resource}.${ref.group}` : ref.resource }, count);
  },
});
new Gauge({
  name: 'apiserver_storage_size_bytes',
  help: 'Size of the storage database file physically allocated in bytes.',
  labelNames: ['storage_cluster_id'],
  async collect() {
    this.reset();
    const stats = await readStats().catch(() => undefined);
    if (stats) this.set({ storage_cluster_id: 'minik8s' }, stats.sizeBytes);
  },
});

/** Kubernetes' key prefix of a resource: what its etcd metrics name as their type. */
function typeOf(ref: ResourceRef): string {
  return ref.group.includes('.') && !ref.group.endsWith('.k8s.io')
    ? `/registry/${ref.group}/${ref.resource}/`
    : `/registry/${ref.resource}/`;
}

async function timed<T>(operation: string, ref: ResourceRef, call: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await call();
  } finally {
    const labels = { operation, type: typeOf(ref) };
    durations.observe(labels, (performance.now() - start) / 1000);
    totals.inc(labels);
  }
}

/** The store, its calls timed and its objects counted on each scrape of /metrics. */
export function instrumentStore<S extends Store>(store: S): S {
  scraped = store;
  const close = store.close.bind(store);
  const measured: Partial<Record<keyof Store, unknown>> = {
    get: (ref: ResourceRef, namespace: string, name: string) =>
      timed('get', ref, () => store.get(ref, namespace, name)),
    list: (ref: ResourceRef, opts?: ListOptions) => timed('listWithCount', ref, () => store.list(ref, opts)),
    create: (ref: ResourceRef, obj: StoredObject) => timed('create', ref, () => store.create(ref, obj)),
    update: (ref: ResourceRef, obj: StoredObject, opts?: { expectedRevision?: number }) =>
      timed('update', ref, () => store.update(ref, obj, opts)),
    delete: (ref: ResourceRef, namespace: string, name: string, opts?: { expectedRevision?: number }) =>
      timed('delete', ref, () => store.delete(ref, namespace, name, opts)),
    close: async () => {
      if (scraped === store) scraped = undefined;
      await close();
    },
  };
  return new Proxy(store, {
    get: (target, prop) => {
      if (prop in measured) return measured[prop as keyof Store];
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
