/**
 * The kubelet's /metrics/cadvisor: each pod container's CPU time, working set and, for each
 * pod's sandbox (which holds the pod's network), bytes received and sent, under cAdvisor's
 * names and its pod, namespace and container labels, each sample stamped with when it was read
 * as cAdvisor stamps them. CPU and memory are read on each scrape (from the containers' cgroup
 * files where the runtime can); the network of the sandboxes and of the node's own container is
 * SandboxNetworks' last reading.
 */
import type { ContainerRuntime } from './container-runtime.js';
import { LABEL, SANDBOX } from './labels.js';
import { readStats, SandboxNetworks } from './sandbox-networks.js';

const NAMES = ['container', 'id', 'image', 'name', 'namespace', 'pod'] as const;
type Labels = Record<(typeof NAMES)[number], string> & { interface?: string };

const FAMILIES = {
  container_cpu_usage_seconds_total: ['counter', 'Cumulative cpu time consumed in seconds.'],
  container_memory_working_set_bytes: ['gauge', 'Current working set in bytes.'],
  container_network_receive_bytes_total: ['counter', 'Cumulative count of bytes received'],
  container_network_transmit_bytes_total: ['counter', 'Cumulative count of bytes transmitted'],
} as const;
type Family = keyof typeof FAMILIES;

const escapeValue = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

/** The text of /metrics/cadvisor for the containers carrying `labels` (one node's). */
export async function cadvisorText(
  runtime: Pick<ContainerRuntime, 'listContainers' | 'stats'>,
  labels: Record<string, string>,
  networks = new SandboxNetworks(runtime),
): Promise<string> {
  const running = (await runtime.listContainers(labels)).filter((c) => c.state === 'running');
  const stats = await readStats(runtime, running, { network: false });
  // Containers holding a network: pods' sandboxes, and the node's own container, which carries
  // the node's labels but no pod's.
  const holdsNetwork = (labels: Record<string, string>) =>
    labels[LABEL.container] === SANDBOX || labels[LABEL.podName] === undefined;
  const unread = running.filter((c, i) => holdsNetwork(c.labels) && !stats[i]?.networks);
  const readings = unread.length ? await networks.of(unread) : new Map();
  const lines = new Map<Family, string[]>(Object.keys(FAMILIES).map((f) => [f as Family, []]));
  const add = (family: Family, l: Labels, value: number, timestamp: string) =>
    lines.get(family)?.push(
      `${family}{${Object.entries(l)
        .map(([k, v]) => `${k}="${escapeValue(v)}"`)
        .join(',')}} ${value} ${Date.parse(timestamp)}`,
    );
  running.forEach((c, i) => {
    const s = stats[i];
    if (!s) return;
    const l: Labels = {
      // A sandbox is the container "POD", as cAdvisor names a pod's infrastructure container.
      container: c.labels[LABEL.container] ?? '',
      id: `/docker/${c.id}`,
      image: c.imageId,
      name: c.id.slice(0, 12),
      namespace: c.labels[LABEL.podNamespace] ?? '',
      pod: c.labels[LABEL.podName] ?? '',
    };
    add('container_cpu_usage_seconds_total', l, s.cpuUsageCoreNanoSeconds / 1e9, s.timestamp);
    add('container_memory_working_set_bytes', l, s.memoryWorkingSetBytes, s.timestamp);
    const net = s.networks ? s : readings.get(c.id);
    for (const n of net?.networks ?? []) {
      add('container_network_receive_bytes_total', { ...l, interface: n.name }, n.rxBytes, net.timestamp);
      add('container_network_transmit_bytes_total', { ...l, interface: n.name }, n.txBytes, net.timestamp);
    }
  });
  return Object.entries(FAMILIES)
    .map(([family, [type, help]]) =>
      [`# HELP ${family} ${help}`, `# TYPE ${family} ${type}`, ...(lines.get(family as Family) ?? [])].join(
        '\n',
      ),
    )
    .join('\n')
    .concat('\n');
}
