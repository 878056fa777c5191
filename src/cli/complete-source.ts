import type { ApiResource } from '../api/kinds/kind-def.js';
import type { KubeList, KubeObject } from '../api/types.js';
import { Client, type Connection, type RequestOptions } from '../client/client.js';
import { connectionOf, listClusters, readClusterInfo } from '../cluster/cluster-info.js';
import { kubeconfigPaths, loadConnection, readKubeconfig } from '../cluster/kubeconfig.js';
import { clusterPaths } from '../cluster/paths.js';
import type { CompletionSource } from './complete-values.js';
import { serverResourceTypes } from './kinds.js';

/** A tab press waits no longer than this for the API server (kubectl's completion: 5 s). */
export const COMPLETION_TIMEOUT_MS = 2000;

/** A client whose every request gives up after COMPLETION_TIMEOUT_MS. */
class QuickClient extends Client {
  override request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    return super.request<T>(method, path, { timeoutMs: COMPLETION_TIMEOUT_MS, ...opts });
  }
}

/** Core types completion lists often, reached without discovery: one request per tab. */
const CORE: Record<string, ApiResource> = Object.fromEntries(
  (
    [
      ['pods', 'Pod', true],
      ['nodes', 'Node', false],
      ['namespaces', 'Namespace', false],
    ] as const
  ).map(([resource, kind, namespaced]) => [
    resource,
    { group: '', version: 'v1', kind, resource, singular: kind.toLowerCase(), namespaced },
  ]),
);

type Named = { name: string }[];
type PodContainers = { spec: { containers: Named; initContainers?: Named; ephemeralContainers?: Named } };

const namesOf = (list: KubeList<KubeObject>) => list.items.map((o) => o.metadata.name ?? '').filter(Boolean);

/**
 * The cluster and machine as completion sees them, through the kubeconfig context the flags name;
 * clients are closed by `close` so the process ends as soon as it has answered.
 */
export function completionSource(flags: Record<string, string>): CompletionSource & { close(): void } {
  const clients: Client[] = [];
  const open = (conn: Connection) => {
    const client = new QuickClient(conn, { maxSockets: 4 });
    clients.push(client);
    return client;
  };
  let target: { client: Client; namespace: string } | undefined;
  const context = () => {
    if (!target) {
      const ctx = loadConnection({ kubeconfig: flags.kubeconfig, context: flags.context });
      target = { client: open(ctx.conn), namespace: ctx.namespace };
    }
    return target;
  };
  const list = (client: Client, def: ApiResource, namespace?: string) =>
    client.request<KubeList<KubeObject>>('GET', Client.path(def, def.namespaced ? namespace : undefined));
  return {
    async types() {
      const types = await serverResourceTypes(context().client);
      return types.all();
    },
    async names(type, namespace) {
      const { client, namespace: own } = context();
      const def = CORE[type] ?? (await serverResourceTypes(client, (t) => !!t.find(type))).find(type);
      return def ? namesOf(await list(client, def, namespace || own)) : [];
    },
    async containers(pod, namespace) {
      const { client, namespace: own } = context();
      const { spec } = await client.request<PodContainers>(
        'GET',
        Client.path(CORE.pods, namespace || own, pod),
      );
      return [...(spec.initContainers ?? []), ...spec.containers, ...(spec.ephemeralContainers ?? [])].map(
        (c) => c.name,
      );
    },
    async clusterNodes(cluster) {
      const info = cluster ? readClusterInfo(cluster) : undefined;
      if (cluster && !info) return [];
      const client = info ? open(connectionOf(info, clusterPaths(info.name))) : context().client;
      return namesOf(await list(client, CORE.nodes));
    },
    clusters: () => listClusters().map((c) => c.name),
    contexts() {
      const files = flags.kubeconfig ? [flags.kubeconfig] : kubeconfigPaths();
      return files.flatMap((f) => readKubeconfig(f).contexts.map((c) => c.name));
    },
    close: () => {
      for (const c of clients) c.close();
    },
  };
}
