/**
 * The kubelet's /metrics/cadvisor: each pod container's CPU time, working set and, for each
 * pod's sandbox (which holds the pod's network), bytes received and sent, under cAdvisor's
 * names and its pod, namespace and container labels. Read from the runtime on each scrape.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { ContainerInfo, ContainerRuntime, ContainerStats } from './container-runtime.js';
import { LABEL } from './labels.js';

/** Docker answers a stats request on its next collection, about a second away: reads go in parallel. */
const READS_AT_ONCE = 32;

async function statsOf(
  runtime: Pick<ContainerRuntime, 'stats'>,
  running: ContainerInfo[],
): Promise<(ContainerStats | undefined)[]> {
  const out: (ContainerStats | undefined)[] = [];
  for (let i = 0; i < running.length; i += READS_AT_ONCE)
    out.push(
      ...(await Promise.all(
        running.slice(i, i + READS_AT_ONCE).map((c) => runtime.stats(c.id).catch(() => undefined)),
      )),
    );
  return out;
}

/** The text of /metrics/cadvisor for the containers carrying `labels` (one node's). */
export async function cadvisorText(
  runtime: Pick<ContainerRuntime, 'listContainers' | 'stats'>,
  labels: Record<string, string>,
): Promise<string> {
  const running = (await runtime.listContainers(labels)).filter((c) => c.state === 'running');
  const stats = await statsOf(runtime, running);
  const registry = new Registry();
  const names = ['container', 'id', 'image', 'name', 'namespace', 'pod'];
  const cpu = new Counter({
    name: 'container_cpu_usage_seconds_total',
    help: 'Cumulative cpu time consumed in seconds.',
    labelNames: names,
    registers: [registry],
  });
  const memory = new Gauge({
    name: 'container_memory_working_set_bytes',
    help: 'Current working set in bytes.',
    labelNames: names,
    registers: [registry],
  });
  const netNames = [...names, 'interface'];
  const received = new Counter({
    name: 'container_network_receive_bytes_total',
    help: 'Cumulative count of bytes received',
    labelNames: netNames,
    registers: [registry],
  });
  const sent = new Counter({
    name: 'container_network_transmit_bytes_total',
    help: 'Cumulative count of bytes transmitted',
    labelNames: netNames,
    registers: [registry],
  });
  running.forEach((c, i) => {
    const s = stats[i];
    if (!s) return;
    const l = {
      // A sandbox is the container "POD", as cAdvisor names a pod's infrastructure container.
      container: c.labels[LABEL.container] ?? '',
      id: `/docker/${c.id}`,
      image: c.imageId,
      name: c.id.slice(0, 12),
      namespace: c.labels[LABEL.podNamespace] ?? '',
      pod: c.labels[LABEL.podName] ?? '',
    };
    cpu.inc(l, s.cpuUsageCoreNanoSeconds / 1e9);
    memory.set(l, s.memoryWorkingSetBytes);
    for (const n of s.networks ?? []) {
      received.inc({ ...l, interface: n.name }, n.rxBytes);
      sent.inc({ ...l, interface: n.name }, n.txBytes);
    }
  });
  return registry.metrics();
}
