/**
 * `top nodes` and `top pods` as kubectl prints them, from the metrics.k8s.io API: CPU in
 * millicores and memory in MiB, nodes also as a share of what they can allocate.
 */
import {
  NODE_METRICS,
  NODES,
  type Node,
  type NodeMetrics,
  POD_METRICS,
  PODS,
  type PodMetrics,
  type Quantity,
} from '../api/kinds/index.js';
import {
  addQuantities,
  type ExactQuantity,
  exactQuantity,
  milliValue,
  scaledValue,
} from '../api/schema/quantity.js';
import { goDuration } from '../api/time.js';
import type { KubeObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import { columnWidths, tabWidths } from './columns.js';
import type { Io } from './io.js';
import type { ResourceTypes } from './kinds.js';

/** kubectl top's --sort-by: the most used first. */
export type TopSortBy = 'cpu' | 'memory';

export interface TopNodesOptions {
  name?: string;
  labelSelector?: string;
  sortBy?: TopSortBy;
  noHeaders?: boolean;
  /** Shares of the node's capacity rather than of what it can allocate. */
  showCapacity?: boolean;
}

export interface TopPodsOptions {
  name?: string;
  namespace: string;
  allNamespaces?: boolean;
  labelSelector?: string;
  fieldSelector?: string;
  containers?: boolean;
  sortBy?: TopSortBy;
  noHeaders?: boolean;
  /** kubectl's --sum: a row adding up every pod's use under the table. */
  sum?: boolean;
}

/** The --sort-by flag as kubectl's top checks it. */
export function topSortBy(value: string | undefined): TopSortBy | undefined {
  if (value === undefined || value === '') return undefined;
  if (value !== 'cpu' && value !== 'memory') throw new Error('--sort-by accepts only cpu or memory');
  return value;
}

/**
 * Usages sorted as kubectl's metrics sorters do: the most CPU (millicores) or memory (bytes)
 * first, the given order kept among equals.
 */
function sortedBy<T>(items: T[], sortBy: TopSortBy | undefined, usage: (item: T) => Usage[]): T[] {
  if (!sortBy) return items;
  const value = (item: T) => {
    const q = sum(usage(item), sortBy);
    return sortBy === 'cpu' ? milliValue(q) : scaledValue(q, 0);
  };
  const keyed = items.map((item) => ({ item, key: value(item) }));
  return keyed.sort((a, b) => (a.key === b.key ? 0 : a.key > b.key ? -1 : 1)).map((k) => k.item);
}

/**
 * Lines as kubectl top's tabwriter prints them: every cell ends with a tab, so the last is padded
 * too; columns 3 apart and at least 6 wide.
 */
function topLines(rows: string[][]): string[] {
  const widths = tabWidths(columnWidths(rows));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] + 3)).join(''));
}

/** The header row is left out before the columns are measured, as kubectl never writes it. */
function printRows(rows: string[][], noHeaders: boolean | undefined, io: Io): void {
  for (const line of topLines(noHeaders ? rows.slice(1) : rows)) io.out(line);
}

/** kubectl's metricsCreationDelay: a pod younger than this may simply not be measured yet. */
const METRICS_CREATION_DELAY_MS = 2 * 60_000;
const UNKNOWN = '<unknown>';

type Usage = Record<string, Quantity> | undefined;

/** kubectl checks discovery for the API first, and says so plainly when no one serves it. */
function requireMetricsApi(types: ResourceTypes): void {
  if (types.find('pods.metrics.k8s.io')?.version !== 'v1beta1') throw new Error('Metrics API not available');
}

const sum = (usages: Usage[], resource: string): ExactQuantity =>
  usages.reduce<ExactQuantity>(
    (total, u) => addQuantities(total, exactQuantity(u?.[resource]) ?? { digits: 0n, exponent: 0 }),
    { digits: 0n, exponent: 0 },
  );

const cpuCell = (q: ExactQuantity) => `${milliValue(q)}m`;
const memoryCell = (q: ExactQuantity) => `${scaledValue(q, 0) / (1024n * 1024n)}Mi`;

/** A share of what the node can allocate, as a whole percent (rounded down). */
function percent(used: ExactQuantity, allocatable: unknown): string[] {
  const available = exactQuantity(allocatable);
  if (!available) return [];
  const total = milliValue(available);
  return [`${total ? Math.trunc((milliValue(used) / total) * 100) : 0}%`];
}

const byName = <T extends KubeObject>(a: T, b: T) =>
  (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') ||
  (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');

export async function topNodes(
  client: Client,
  types: ResourceTypes,
  opts: TopNodesOptions,
  io: Io,
): Promise<void> {
  requireMetricsApi(types);
  const metrics = opts.name
    ? [await client.get<NodeMetrics>(NODE_METRICS, undefined, opts.name)]
    : (await client.list<NodeMetrics>(NODE_METRICS, { labelSelector: opts.labelSelector })).items;
  if (metrics.length === 0) throw new Error('metrics not available yet');
  const nodes = opts.name
    ? [await client.get<Node>(NODES, undefined, opts.name)]
    : (await client.list<Node>(NODES, { labelSelector: opts.labelSelector })).items;
  const available = (n: Node) => (opts.showCapacity ? n.status?.capacity : n.status?.allocatable) ?? {};
  const allocatable = new Map(nodes.map((n) => [n.metadata.name ?? '', available(n)]));
  const rows = [['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']];
  for (const m of sortedBy([...metrics].sort(byName), opts.sortBy, (n) => [n.usage])) {
    const name = m.metadata.name ?? '';
    const [cpu, memory] = [sum([m.usage], 'cpu'), sum([m.usage], 'memory')];
    const resources = allocatable.get(name);
    rows.push([
      name,
      cpuCell(cpu),
      ...percent(cpu, resources?.cpu),
      memoryCell(memory),
      ...percent(memory, resources?.memory),
    ]);
    allocatable.delete(name);
  }
  // Nodes the metrics API has nothing for yet.
  for (const name of [...allocatable.keys()].sort()) rows.push([name, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN]);
  printRows(rows, opts.noHeaders, io);
}

export async function topPods(
  client: Client,
  types: ResourceTypes,
  opts: TopPodsOptions,
  io: Io,
): Promise<void> {
  requireMetricsApi(types);
  const namespace = opts.allNamespaces ? undefined : opts.namespace;
  const query = { namespace, labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector };
  const metrics = opts.name
    ? [await client.get<PodMetrics>(POD_METRICS, opts.namespace, opts.name)]
    : (await client.list<PodMetrics>(POD_METRICS, query)).items;
  if (metrics.length === 0) {
    await whyNoMetrics(client, opts, query);
    io.err(opts.allNamespaces ? 'No resources found' : `No resources found in ${opts.namespace} namespace.`);
    return;
  }
  const head = [...(opts.allNamespaces ? ['NAMESPACE'] : []), ...(opts.containers ? ['POD'] : [])];
  const rows = [[...head, 'NAME', 'CPU(cores)', 'MEMORY(bytes)']];
  const podUsages = (m: PodMetrics) => (m.containers ?? []).map((c) => c.usage);
  for (const m of sortedBy([...metrics].sort(byName), opts.sortBy, podUsages)) {
    const ns = opts.allNamespaces ? [m.metadata.namespace ?? ''] : [];
    const byContainerName = [...(m.containers ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    const containers = sortedBy(byContainerName, opts.sortBy, (c) => [c.usage]);
    if (!opts.containers) {
      const usages = containers.map((c) => c.usage);
      rows.push([
        ...ns,
        m.metadata.name ?? '',
        cpuCell(sum(usages, 'cpu')),
        memoryCell(sum(usages, 'memory')),
      ]);
      continue;
    }
    for (const c of containers)
      rows.push([
        ...ns,
        m.metadata.name ?? '',
        c.name,
        cpuCell(sum([c.usage], 'cpu')),
        memoryCell(sum([c.usage], 'memory')),
      ]);
  }
  if (opts.sum) {
    const all = metrics.flatMap(podUsages);
    // kubectl leaves one empty cell before the sums, whatever columns lead the rows.
    const blank = [''];
    rows.push([...blank, '________', '________']);
    rows.push([...blank, cpuCell(sum(all, 'cpu')), memoryCell(sum(all, 'memory'))]);
  }
  printRows(rows, opts.noHeaders, io);
}

/** verifyEmptyMetrics: pods that exist but have no metrics are either too young or a problem. */
async function whyNoMetrics(
  client: Client,
  opts: TopPodsOptions,
  query: { namespace?: string; labelSelector?: string; fieldSelector?: string },
): Promise<void> {
  const pods = opts.name
    ? [await client.get(PODS, opts.namespace, opts.name)]
    : (await client.list(PODS, query)).items;
  if (pods.length === 0) return;
  for (const pod of pods) {
    const age = Date.now() - Date.parse(pod.metadata.creationTimestamp ?? '');
    if (age > METRICS_CREATION_DELAY_MS)
      throw new Error(
        `Metrics not available for pod ${pod.metadata.namespace}/${pod.metadata.name}, age: ${goDuration(age)}`,
      );
  }
  throw new Error('metrics not available yet');
}
