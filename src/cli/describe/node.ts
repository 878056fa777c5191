import { ApiError } from '../../api/errors.js';
import { isSidecar } from '../../api/kinds/core/sidecar.js';
import { type Event, LEASES, type Lease, NODES, type Node, PODS, type Pod } from '../../api/kinds/index.js';
import {
  addQuantities,
  compareQuantities,
  type ExactQuantity,
  exactQuantity,
  formatQuantity,
  milliValue,
  scaledValue,
} from '../../api/schema/quantity.js';
import { since } from '../../api/time.js';
import type { Client } from '../../client/client.js';
import {
  type DescribeWriter,
  describeEvents,
  errorText,
  LEVEL_0,
  LEVEL_1,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTaintsMultiline,
  quantityString,
  rfc1123z,
  searchEvents,
  sortedKeys,
  tabbed,
} from './shared.js';

const ROLE_PREFIX = 'node-role.kubernetes.io/';

/** findNodeRoles: from node-role.kubernetes.io/<role> labels and kubernetes.io/role, sorted. */
function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX) && k.length > ROLE_PREFIX.length) roles.add(k.slice(ROLE_PREFIX.length));
    else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return [...roles].sort();
}

/** A sum of quantities that keeps the text format of the first, as Quantity.Add does. */
interface Sum {
  exact: ExactQuantity;
  binary: boolean;
}
type Totals = Map<string, Sum>;

function merge(totals: Totals, name: string, q: Sum): void {
  const had = totals.get(name);
  totals.set(name, had ? { ...had, exact: addQuantities(had.exact, q.exact) } : q);
}

function add(totals: Totals, list: Record<string, unknown> | undefined): void {
  for (const [name, q] of Object.entries(list ?? {})) {
    const exact = exactQuantity(q);
    if (exact) merge(totals, name, { exact, binary: /i$/.test(String(q)) });
  }
}

function max(totals: Totals, other: Totals): void {
  for (const [name, q] of other) {
    const had = totals.get(name);
    if (!had || compareQuantities(q.exact, had.exact) > 0) totals.set(name, q);
  }
}

/**
 * resourcehelper.PodRequestsAndLimits: the containers summed, then at least the peak of the init
 * containers (each with the sidecars started before it), plus the pod's overhead.
 */
function podTotals(pod: Pod, kind: 'requests' | 'limits'): Totals {
  const totals: Totals = new Map();
  for (const c of pod.spec?.containers ?? []) add(totals, c.resources?.[kind]);
  const sidecars: Totals = new Map();
  const initPeak: Totals = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    const own: Totals = new Map();
    if (isSidecar(c)) {
      add(totals, c.resources?.[kind]);
      add(sidecars, c.resources?.[kind]);
      for (const [name, q] of sidecars) own.set(name, q);
    } else {
      add(own, c.resources?.[kind]);
      for (const [name, q] of sidecars) merge(own, name, q);
    }
    max(initPeak, own);
  }
  max(totals, initPeak);
  add(totals, pod.spec?.overhead);
  return totals;
}

/** The text of a sum: Quantity.String in the format of its first term; "0" when nothing was added. */
const sumText = (q: Sum | undefined) =>
  q ? formatQuantity(q.exact, q.binary ? 'BinarySI' : 'DecimalSI') : '0';

/** int64(float64(part) / float64(whole) * 100): Go truncates the percentage toward zero. */
const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.trunc((part / whole) * 100));
const cpuMilli = (q: Sum | undefined) => (q ? milliValue(q.exact) : 0);
const value = (q: Sum | undefined) => (q ? Number(scaledValue(q.exact, 0)) : 0);

function describeNodeResource(pods: Pod[], node: Node, w: DescribeWriter, now: number): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const allocatableList = Object.keys(node.status?.allocatable ?? {}).length
    ? node.status?.allocatable
    : node.status?.capacity;
  const allocatable: Totals = new Map();
  add(allocatable, allocatableList);
  const cpu = cpuMilli(allocatable.get('cpu'));
  const memory = value(allocatable.get('memory'));
  for (const pod of pods) {
    const req = podTotals(pod, 'requests');
    const lim = podTotals(pod, 'limits');
    const cell = (q: Sum | undefined, of: number, get: (q: Sum | undefined) => number) =>
      `${sumText(q)} (${percent(get(q), of)}%)`;
    w.write(
      LEVEL_1,
      `${pod.metadata.namespace}\t${pod.metadata.name}\t\t${cell(req.get('cpu'), cpu, cpuMilli)}\t${cell(lim.get('cpu'), cpu, cpuMilli)}\t${cell(req.get('memory'), memory, value)}\t${cell(lim.get('memory'), memory, value)}\t${since(pod.metadata.creationTimestamp, now)}\n`,
    );
  }
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const reqs: Totals = new Map();
  const limits: Totals = new Map();
  for (const pod of pods) {
    for (const [totals, kind] of [
      [reqs, 'requests'],
      [limits, 'limits'],
    ] as const)
      for (const [name, q] of podTotals(pod, kind)) merge(totals, name, q);
  }
  const row = (name: string, of: number, get: (q: Sum | undefined) => number) =>
    w.write(
      LEVEL_1,
      `${name}\t${sumText(reqs.get(name))} (${percent(get(reqs.get(name)), of)}%)\t${sumText(limits.get(name))} (${percent(get(limits.get(name)), of)}%)\n`,
    );
  row('cpu', cpu, cpuMilli);
  row('memory', memory, value);
  row('ephemeral-storage', value(allocatable.get('ephemeral-storage')), value);
  const names = sortedKeys(allocatableList);
  for (const name of names.filter((n) => n.startsWith('hugepages-')))
    row(name, value(allocatable.get(name)), value);
  const standard = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage', 'pods']);
  for (const name of names.filter(
    (n) =>
      !n.startsWith('hugepages-') &&
      !standard.has(n) &&
      !n.startsWith('requests.') &&
      !n.startsWith('limits.'),
  ))
    w.write(LEVEL_1, `${name}\t${sumText(reqs.get(name))}\t${sumText(limits.get(name))}\n`);
}

function describeLease(lease: Lease | undefined, error: string | undefined, w: DescribeWriter): void {
  if (error !== undefined) {
    w.write(LEVEL_0, `Lease:\tFailed to get lease: ${error}\n`);
    return;
  }
  w.write(LEVEL_0, 'Lease:\n');
  w.write(LEVEL_1, `HolderIdentity:\t${lease?.spec?.holderIdentity ?? '<unset>'}\n`);
  w.write(
    LEVEL_1,
    `AcquireTime:\t${lease?.spec?.acquireTime ? rfc1123z(lease.spec.acquireTime) : '<unset>'}\n`,
  );
  w.write(LEVEL_1, `RenewTime:\t${lease?.spec?.renewTime ? rfc1123z(lease.spec.renewTime) : '<unset>'}\n`);
}

export interface NodeDescription {
  node: Node;
  pods: Pod[] | undefined;
  events: Event[];
  lease?: Lease;
  leaseError?: string;
}

/** kubectl's describeNode. */
export function describeNodeText(d: NodeDescription, now = Date.now()): string {
  const { node } = d;
  const status = node.status ?? {};
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${node.metadata.name}\n`);
    const roles = nodeRoles(node);
    w.write(LEVEL_0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
    printLabelsMultiline(w, 'Labels', node.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
    printTaintsMultiline(w, 'Taints', node.spec?.taints);
    w.write(LEVEL_0, `Unschedulable:\t${!!node.spec?.unschedulable}\n`);
    describeLease(d.lease, d.leaseError, w);
    if (status.conditions?.length) {
      w.write(
        LEVEL_0,
        'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n',
      );
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of status.conditions)
        w.write(
          LEVEL_1,
          `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
        );
    }
    w.write(LEVEL_0, 'Addresses:\n');
    for (const a of status.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
    for (const [title, list] of [
      ['Capacity', status.capacity],
      ['Allocatable', status.allocatable],
    ] as const) {
      if (!Object.keys(list ?? {}).length) continue;
      w.write(LEVEL_0, `${title}:\n`);
      for (const name of sortedKeys(list)) w.write(LEVEL_0, `  ${name}:\t${quantityString(list?.[name])}\n`);
    }
    const info = status.nodeInfo;
    w.write(LEVEL_0, 'System Info:\n');
    for (const [title, v] of [
      ['Machine ID', info?.machineID],
      ['System UUID', info?.systemUUID],
      ['Boot ID', info?.bootID],
      ['Kernel Version', info?.kernelVersion],
      ['OS Image', info?.osImage],
      ['Operating System', info?.operatingSystem],
      ['Architecture', info?.architecture],
      ['Container Runtime Version', info?.containerRuntimeVersion],
      ['Kubelet Version', info?.kubeletVersion],
      ['Kube-Proxy Version', info?.kubeProxyVersion],
    ])
      w.write(LEVEL_0, `  ${title}:\t${v ?? ''}\n`);
    if (node.spec?.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${node.spec.podCIDR}\n`);
    if (node.spec?.podCIDRs?.length) w.write(LEVEL_0, `PodCIDRs:\t${node.spec.podCIDRs.join(',')}\n`);
    if (node.spec?.providerID) w.write(LEVEL_0, `ProviderID:\t${node.spec.providerID}\n`);
    if (d.pods) describeNodeResource(d.pods, node, w, now);
    else w.write(LEVEL_0, 'Pods:\tnot authorized\n');
    describeEvents(d.events, w, now);
  });
}

export async function describeNode(client: Client, _namespace: string, name: string): Promise<string> {
  const node = await client.get<Node>(NODES, undefined, name);
  let pods: Pod[] | undefined;
  try {
    const fieldSelector = `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed`;
    pods = (await client.list<Pod>(PODS, { fieldSelector })).items;
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 403)) throw err;
  }
  // Controllers name a node's events by its uid, the node agent by its name: kubectl reads both.
  const events = [
    ...(await searchEvents(client, { name, kind: 'Node', uid: node.metadata.uid })),
    ...(await searchEvents(client, { name, kind: 'Node', uid: name })),
  ];
  let lease: Lease | undefined;
  let leaseError: string | undefined;
  try {
    lease = await client.get<Lease>(LEASES, 'kube-node-lease', name);
  } catch (err) {
    leaseError = errorText(err);
  }
  return describeNodeText({ node, pods, events, lease, leaseError });
}
