/**
 * The metrics.k8s.io/v1beta1 API as metrics-server serves it: NodeMetrics and PodMetrics are not
 * stored, but made on each get and list from the nodes and pods the store holds and what a
 * MetricsSource measured of them. A node or pod without metrics yet is left out of a list and
 * NotFound to a get, as metrics-server answers.
 */
import { errors } from '../errors.js';
import { NODE_METRICS, NODES, type Node, POD_METRICS, PODS, type Pod } from '../kinds/index.js';
import { formatQuantity } from '../schema/quantity.js';
import type { ResourceReader, ResourceService } from '../service.js';
import { goDuration, timestamp } from '../time.js';
import type { KubeList, KubeObject } from '../types.js';
import type { MetricsSource, NodeUsage, PodUsage, Usage, Window } from './source.js';

const API_VERSION = 'metrics.k8s.io/v1beta1';

/** Serves NodeMetrics and PodMetrics from `source` on the service (and so to every client of it). */
export function serveMetrics(svc: ResourceService, source: MetricsSource, now = () => Date.now()): void {
  svc.serveFrom(NODE_METRICS, nodeMetrics(svc, source, now));
  svc.serveFrom(POD_METRICS, podMetrics(svc, source, now));
}

/** A ResourceList: CPU in nanocores as metrics-server writes it, memory in binary units. */
function usage(u: Usage): Record<string, string> {
  return {
    cpu: formatQuantity({ digits: BigInt(Math.max(0, Math.floor(u.cpuNanoCores))), exponent: -9 }),
    memory: formatQuantity(
      { digits: BigInt(Math.max(0, Math.floor(u.memoryBytes))), exponent: 0 },
      'BinarySI',
    ),
  };
}

function meta(obj: KubeObject, now: number) {
  const { name, namespace, labels } = obj.metadata;
  return {
    name,
    ...(namespace ? { namespace } : {}),
    // Made on each request, as metrics-server makes them.
    creationTimestamp: timestamp(new Date(now)),
    ...(labels ? { labels } : {}),
  };
}

const window = (w: Window) => ({
  timestamp: timestamp(new Date(w.timestamp)),
  window: goDuration(w.windowMs),
});

function list(kind: string, items: KubeObject[]): KubeList {
  return { apiVersion: API_VERSION, kind: `${kind}List`, metadata: {}, items };
}

function nodeMetrics(svc: ResourceService, source: MetricsSource, now: () => number): ResourceReader {
  const measure = async (nodes: Node[]): Promise<KubeObject[]> => {
    const usages = await source.nodes(nodes.map((n) => n.metadata.name ?? ''));
    return nodes.flatMap((node, i) => {
      const u: NodeUsage | undefined = usages[i];
      if (!u) return [];
      return [
        {
          apiVersion: API_VERSION,
          kind: 'NodeMetrics',
          metadata: meta(node, now()),
          ...window(u),
          usage: usage(u.usage),
        },
      ];
    });
  };
  return {
    async get(_namespace, name) {
      const node = await svc.get(NODES, undefined, name).catch((err) => {
        throw err.code === 404 ? errors.notFound({ group: '', kind: 'node', name }) : err;
      });
      const [found] = await measure([node as Node]);
      if (!found) throw errors.notFound({ group: NODE_METRICS.group, kind: 'nodemetrics', name });
      return found;
    },
    async list(opts) {
      const nodes = await svc.list(NODES, {
        labelSelector: opts.labelSelector,
        fieldSelector: opts.fieldSelector,
      });
      return list('NodeMetrics', await measure(byName(nodes.items as Node[])));
    },
  };
}

function podMetrics(svc: ResourceService, source: MetricsSource, now: () => number): ResourceReader {
  const measure = async (pods: Pod[]): Promise<KubeObject[]> => {
    // metrics-server leaves out pods that are not Running: their containers are not measured.
    const running = pods.filter((p) => p.status?.phase === 'Running');
    const usages = await source.pods(
      running.map((p) => ({
        uid: p.metadata.uid ?? '',
        namespace: p.metadata.namespace ?? '',
        name: p.metadata.name ?? '',
      })),
    );
    return running.flatMap((pod, i) => {
      const u: PodUsage | undefined = usages[i];
      if (!u) return [];
      const order = (name: string) => pod.spec?.containers.findIndex((c) => c.name === name) ?? -1;
      const containers = [...u.containers]
        .sort((a, b) => order(a.name) - order(b.name))
        .map((c) => ({ name: c.name, usage: usage(c.usage) }));
      return [
        { apiVersion: API_VERSION, kind: 'PodMetrics', metadata: meta(pod, now()), ...window(u), containers },
      ];
    });
  };
  return {
    async get(namespace, name) {
      const pod = await svc.get(PODS, namespace, name);
      const [found] = await measure([pod as Pod]);
      if (!found)
        throw errors.notFound({ group: POD_METRICS.group, kind: 'podmetrics', name: `${namespace}/${name}` });
      return found;
    },
    async list(opts) {
      const pods = await svc.list(PODS, {
        namespace: opts.namespace,
        labelSelector: opts.labelSelector,
        fieldSelector: opts.fieldSelector,
      });
      return list('PodMetrics', await measure(byName(pods.items as Pod[])));
    },
  };
}

/** In the order the API lists nodes and pods: by namespace, then name. */
function byName<T extends KubeObject>(items: T[]): T[] {
  const key = (o: T) => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
