import { isSidecar } from '../../api/kinds/core/sidecar.js';
import type { Container, Node, PodSpec, Quantity, ServedPod } from '../../api/kinds/index.js';
import { parseQuantity } from '../../api/schema/quantity.js';
import type { HostPort, NodeInfo, PodAffinityTerms, PodInfo, Resources } from './framework.js';
import { compileTerm } from './labels.js';

/** kube-scheduler's requests for a container that states none, used in scores only. */
const DEFAULT_MILLI_CPU = 100;
const DEFAULT_MEMORY = 200 * 1024 * 1024;

const NAMED = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods']);

/** A quantity scaled (1000 for millicores), rounded up as Kubernetes' MilliValue and Value are. */
function scaled(q: Quantity | undefined, factor = 1): number {
  const v = (parseQuantity(q) ?? 0) * factor;
  const near = Math.round(v);
  return Math.abs(v - near) < 1e-6 ? near : Math.ceil(v);
}

export const zeroResources = (): Resources => ({ milliCpu: 0, memory: 0, ephemeralStorage: 0, scalar: {} });

function resourcesOf(list: Record<string, Quantity> | undefined): Resources {
  const r = zeroResources();
  for (const [name, q] of Object.entries(list ?? {})) {
    if (name === 'cpu') r.milliCpu = scaled(q, 1000);
    else if (name === 'memory') r.memory = scaled(q);
    else if (name === 'ephemeral-storage') r.ephemeralStorage = scaled(q);
    else if (!NAMED.has(name)) r.scalar[name] = scaled(q);
  }
  return r;
}

function combine(a: Resources, b: Resources, op: (x: number, y: number) => number): Resources {
  const scalar = { ...a.scalar };
  for (const [k, v] of Object.entries(b.scalar)) scalar[k] = op(scalar[k] ?? 0, v);
  return {
    milliCpu: op(a.milliCpu, b.milliCpu),
    memory: op(a.memory, b.memory),
    ephemeralStorage: op(a.ephemeralStorage, b.ephemeralStorage),
    scalar,
  };
}

const add = (a: Resources, b: Resources) => combine(a, b, (x, y) => x + y);
const sub = (a: Resources, b: Resources) => combine(a, b, (x, y) => x - y);
const max = (a: Resources, b: Resources) => combine(a, b, Math.max);

/**
 * What a pod asks of a node, as Kubernetes' PodRequests counts it: its app containers' sum
 * (with its sidecars: init containers that restart always), or more when an init container,
 * run beside the sidecars started before it, asks more; plus the pod's overhead.
 */
export function podRequests(
  spec: PodSpec,
  containerRequests: (c: Container) => Resources = (c) => resourcesOf(c.resources?.requests),
): Resources {
  let reqs = spec.containers.reduce((acc, c) => add(acc, containerRequests(c)), zeroResources());
  let sidecars = zeroResources();
  let init = zeroResources();
  for (const c of spec.initContainers ?? []) {
    const own = containerRequests(c);
    let step: Resources;
    if (isSidecar(c)) {
      reqs = add(reqs, own);
      sidecars = add(sidecars, own);
      step = sidecars;
    } else {
      step = add(own, sidecars);
    }
    init = max(init, step);
  }
  reqs = max(reqs, init);
  return spec.overhead ? add(reqs, resourcesOf(spec.overhead)) : reqs;
}

/** Requests with kube-scheduler's defaults for CPU and memory a container leaves out (not those it sets to 0). */
function nonZeroRequests(spec: PodSpec): { milliCpu: number; memory: number } {
  const r = podRequests(spec, (c) => {
    const own = resourcesOf(c.resources?.requests);
    const stated = c.resources?.requests ?? {};
    if (stated.cpu === undefined) own.milliCpu = DEFAULT_MILLI_CPU;
    if (stated.memory === undefined) own.memory = DEFAULT_MEMORY;
    return own;
  });
  return { milliCpu: r.milliCpu, memory: r.memory };
}

function hostPortsOf(spec: PodSpec): HostPort[] {
  return spec.containers.flatMap((c) =>
    (c.ports ?? [])
      .filter((p) => (p.hostPort ?? 0) > 0)
      .map((p) => ({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol ?? 'TCP', port: p.hostPort! })),
  );
}

function affinityTermsOf(pod: ServedPod): PodAffinityTerms {
  const a = pod.spec.affinity;
  const ns = pod.metadata.namespace;
  return {
    requiredAffinity: (a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) =>
      compileTerm(t, ns),
    ),
    requiredAntiAffinity: (a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map(
      (t) => compileTerm(t, ns),
    ),
    preferredAffinity: (a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) => ({
      ...compileTerm(w.podAffinityTerm, ns),
      weight: w.weight,
    })),
    preferredAntiAffinity: (a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map(
      (w) => ({ ...compileTerm(w.podAffinityTerm, ns), weight: w.weight }),
    ),
  };
}

export function podInfo(pod: ServedPod): PodInfo {
  return {
    pod,
    requests: podRequests(pod.spec),
    nonZero: nonZeroRequests(pod.spec),
    priority: pod.spec.priority ?? 0,
    hostPorts: hostPortsOf(pod.spec),
    terms: affinityTermsOf(pod),
  };
}

export function hasAffinity(pi: PodInfo): boolean {
  const t = pi.terms;
  return (
    t.requiredAffinity.length + t.requiredAntiAffinity.length + t.preferredAffinity.length > 0 ||
    t.preferredAntiAffinity.length > 0
  );
}

/** Pods in a final phase have left their node's resources free. */
export function isTerminal(pod: { status?: { phase?: string } }): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** The node's allocatable; cpu, memory, ephemeral storage and pods a node does not state are unbounded. */
function allocatableOf(node: Node): Resources & { pods: number } {
  const stated = node.status?.allocatable ?? {};
  const r = resourcesOf(stated);
  const unbounded = (name: string, v: number) => (stated[name] === undefined ? Number.POSITIVE_INFINITY : v);
  return {
    milliCpu: unbounded('cpu', r.milliCpu),
    memory: unbounded('memory', r.memory),
    ephemeralStorage: unbounded('ephemeral-storage', r.ephemeralStorage),
    scalar: r.scalar,
    pods: unbounded('pods', scaled(stated.pods)),
  };
}

function imagesOf(node: Node): Map<string, number> {
  const out = new Map<string, number>();
  for (const img of node.status?.images ?? [])
    for (const name of img.names ?? []) out.set(name, img.sizeBytes ?? 0);
  return out;
}

const portKey = (p: HostPort) => `${p.protocol}/${p.port}`;
const ANY_IP = '0.0.0.0';

/** A node and the pods counted on it, updated as pods are added and removed. */
export class SchedulerNodeInfo implements NodeInfo {
  node!: Node;
  name!: string;
  labels!: Record<string, string>;
  allocatable!: Resources & { pods: number };
  images!: Map<string, number>;
  requested = zeroResources();
  nonZeroRequested = { milliCpu: 0, memory: 0 };
  readonly pods = new Map<string, PodInfo>();
  readonly podsWithAffinity = new Map<string, PodInfo>();
  readonly podsWithRequiredAntiAffinity = new Map<string, PodInfo>();
  /** protocol/port → host IP → how many pods hold it. */
  private readonly ports = new Map<string, Map<string, number>>();

  constructor(node: Node) {
    this.setNode(node);
  }

  setNode(node: Node): void {
    this.node = node;
    this.name = node.metadata.name!;
    this.labels = node.metadata.labels ?? {};
    this.allocatable = allocatableOf(node);
    this.images = imagesOf(node);
  }

  addPod(pi: PodInfo): void {
    const uid = pi.pod.metadata.uid;
    this.removePod(uid);
    this.pods.set(uid, pi);
    this.requested = add(this.requested, pi.requests);
    this.nonZeroRequested.milliCpu += pi.nonZero.milliCpu;
    this.nonZeroRequested.memory += pi.nonZero.memory;
    if (hasAffinity(pi)) this.podsWithAffinity.set(uid, pi);
    if (pi.terms.requiredAntiAffinity.length) this.podsWithRequiredAntiAffinity.set(uid, pi);
    for (const p of pi.hostPorts) {
      const byIp = this.ports.get(portKey(p)) ?? new Map<string, number>();
      byIp.set(p.ip, (byIp.get(p.ip) ?? 0) + 1);
      this.ports.set(portKey(p), byIp);
    }
  }

  removePod(uid: string): PodInfo | undefined {
    const pi = this.pods.get(uid);
    if (!pi) return undefined;
    this.pods.delete(uid);
    this.requested = sub(this.requested, pi.requests);
    this.nonZeroRequested.milliCpu -= pi.nonZero.milliCpu;
    this.nonZeroRequested.memory -= pi.nonZero.memory;
    this.podsWithAffinity.delete(uid);
    this.podsWithRequiredAntiAffinity.delete(uid);
    for (const p of pi.hostPorts) {
      const byIp = this.ports.get(portKey(p));
      const left = (byIp?.get(p.ip) ?? 1) - 1;
      if (left > 0) byIp!.set(p.ip, left);
      else byIp?.delete(p.ip);
      if (byIp?.size === 0) this.ports.delete(portKey(p));
    }
    return pi;
  }

  /** A host port is taken when any pod holds it on the same address, or either side binds every address. */
  portInUse(want: HostPort): boolean {
    const byIp = this.ports.get(portKey(want));
    if (!byIp) return false;
    return want.ip === ANY_IP || byIp.has(ANY_IP) || byIp.has(want.ip);
  }

  /** A copy to try changes on (preemption's dry runs) without touching the cache. */
  clone(): SchedulerNodeInfo {
    const copy = new SchedulerNodeInfo(this.node);
    for (const pi of this.pods.values()) copy.addPod(pi);
    return copy;
  }
}
