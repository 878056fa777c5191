/**
 * Service cluster IPs (from the cluster's service range, see ServiceRange) and node ports (30000-32767), allocated when a Service is created or changes type, and kept over
 * an update that leaves them out (Kubernetes' patchAllocatedValues). Allocations read what other
 * Services hold, so Service writes are admitted and stored one at a time.
 */
import { errors } from '../errors.js';
import { SERVICES } from '../kinds/index.js';
import type { ServicePort, ServiceSpec } from '../kinds/types.generated.js';
import type { ResourceService } from '../service.js';
import type { ServiceRange } from '../service-range.js';
import type { KubeObject } from '../types.js';
import type { AdmissionPlugin, AdmissionRequest } from './chain.js';

const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

async function otherSpecs(svc: ResourceService, obj: KubeObject): Promise<ServiceSpec[]> {
  const all = (await svc.list(SERVICES, {})).items;
  return all.filter((s) => s.metadata.uid !== obj.metadata.uid).map((s) => (s.spec ?? {}) as ServiceSpec);
}

function fieldInvalid(obj: KubeObject, field: string, value: unknown, message: string) {
  return errors.invalid('', 'Service', obj.metadata.name ?? '', [
    { reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: ${message}` },
  ]);
}

/** Gives a Service its cluster IP (unless headless or ExternalName), checking a requested one. */
function allocateClusterIp(others: ServiceSpec[], range: ServiceRange, obj: KubeObject): void {
  const spec = (obj.spec ??= {}) as ServiceSpec;
  if (spec.type === 'ExternalName') return;
  if (spec.clusterIP === 'None') {
    spec.clusterIPs = ['None'];
    return;
  }
  const used = new Set<number>();
  for (const s of others) {
    const i = s.clusterIP ? range.indexOf(s.clusterIP) : undefined;
    if (i !== undefined) used.add(i);
  }
  if (spec.clusterIP) {
    if (!range.holds(spec.clusterIP)) {
      throw fieldInvalid(
        obj,
        'spec.clusterIPs',
        spec.clusterIP,
        `failed to allocate IP: the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is ${range.cidr}`,
      );
    }
    if (used.has(range.indexOf(spec.clusterIP)!))
      throw fieldInvalid(
        obj,
        'spec.clusterIPs',
        spec.clusterIP,
        'failed to allocate IP: provided IP is already allocated',
      );
  } else {
    const last = range.size - 2;
    let i = 2;
    while (used.has(i) && i <= last) i++;
    if (i > last) throw errors.internal(`failed to allocate a serviceIP: range is full (${range.cidr})`);
    spec.clusterIP = range.addressAt(i);
  }
  spec.clusterIPs = [spec.clusterIP];
}

/** Gives each of `ports` that has none a node port, checking the requested ones. */
function allocateNodePorts(others: ServiceSpec[], obj: KubeObject, ports: ServicePort[]): void {
  const used = new Set<number>();
  for (const s of others) for (const p of s.ports ?? []) if (p.nodePort) used.add(p.nodePort);
  const all = (obj.spec as ServiceSpec).ports ?? [];
  for (const p of all) if (p.nodePort && !ports.includes(p)) used.add(p.nodePort);
  for (const p of ports) {
    const field = `spec.ports[${all.indexOf(p)}].nodePort`;
    if (p.nodePort) {
      if (p.nodePort < NODE_PORT_MIN || p.nodePort > NODE_PORT_MAX) {
        throw fieldInvalid(
          obj,
          field,
          p.nodePort,
          `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`,
        );
      }
      if (used.has(p.nodePort))
        throw fieldInvalid(obj, field, p.nodePort, 'provided port is already allocated');
    } else {
      let port = NODE_PORT_MIN + Math.floor(Math.random() * (NODE_PORT_MAX - NODE_PORT_MIN));
      while (used.has(port)) port = port >= NODE_PORT_MAX ? NODE_PORT_MIN : port + 1;
      p.nodePort = port;
    }
    used.add(p.nodePort);
  }
}

const needsNodePorts = (s: ServiceSpec) => s.type === 'NodePort' || s.type === 'LoadBalancer';

const sameNodePorts = (a: ServiceSpec, b: ServiceSpec) =>
  (a.ports ?? []).length === (b.ports ?? []).length &&
  (a.ports ?? []).every((p, i) => p.nodePort === b.ports?.[i]?.nodePort);

/**
 * Kubernetes' dropTypeDependentFields: a type change that no longer needs a field the client
 * left as it was (a `kubectl patch` of the type alone) drops it, rather than failing validation.
 */
function dropTypeDependentFields(next: ServiceSpec, old: ServiceSpec): void {
  if (next.type === 'ExternalName' && old.type !== 'ExternalName' && next.clusterIP === old.clusterIP) {
    delete next.clusterIP;
    delete next.clusterIPs;
    delete next.ipFamilies;
    delete next.ipFamilyPolicy;
  }
  if (!needsNodePorts(next) && needsNodePorts(old) && sameNodePorts(next, old))
    for (const p of next.ports ?? []) delete p.nodePort;
  if (next.type !== 'LoadBalancer' && old.type === 'LoadBalancer') {
    if (next.healthCheckNodePort === old.healthCheckNodePort) delete next.healthCheckNodePort;
    if (next.loadBalancerClass === old.loadBalancerClass) delete next.loadBalancerClass;
    if (next.allocateLoadBalancerNodePorts === old.allocateLoadBalancerNodePorts)
      delete next.allocateLoadBalancerNodePorts;
  }
  if (
    !needsNodePorts(next) &&
    needsNodePorts(old) &&
    next.externalTrafficPolicy === old.externalTrafficPolicy
  )
    delete next.externalTrafficPolicy;
}

/** What an update keeps of the old Service's allocations though the client left them out. */
function keepAllocated(next: ServiceSpec, old: ServiceSpec): void {
  if (old.type !== 'ExternalName' && next.type !== 'ExternalName') {
    if (!next.clusterIP && old.clusterIP) next.clusterIP = old.clusterIP;
    if (!next.clusterIPs?.length && old.clusterIPs?.length) next.clusterIPs = [...old.clusterIPs];
  }
  if (!needsNodePorts(next) || !needsNodePorts(old)) return;
  const taken = new Set((next.ports ?? []).map((p) => p.nodePort).filter(Boolean));
  const byName = new Map((old.ports ?? []).map((p) => [p.name ?? '', p.nodePort]));
  for (const p of next.ports ?? []) {
    const before = byName.get(p.name ?? '');
    // A port still held by another of the new ports cannot be handed over again.
    if (!p.nodePort && before && !taken.has(before)) p.nodePort = before;
  }
}

/** Keeps what the Service had, then allocates what it still lacks. */
async function allocate(range: ServiceRange, req: AdmissionRequest): Promise<void> {
  const spec = (req.object.spec ??= {}) as ServiceSpec;
  if (req.oldObject) {
    const old = (req.oldObject.spec ?? {}) as ServiceSpec;
    dropTypeDependentFields(spec, old);
    keepAllocated(spec, old);
  }
  const wantsIp = !spec.clusterIP || req.operation === 'CREATE';
  if (!wantsIp && !needsNodePorts(spec)) return;
  // What the other Services hold, read once for both allocations.
  const others = await otherSpecs(req.service, req.object);
  if (wantsIp) allocateClusterIp(others, range, req.object);
  if (needsNodePorts(spec))
    allocateNodePorts(
      others,
      req.object,
      (spec.ports ?? []).filter((p) => req.operation === 'CREATE' || !p.nodePort),
    );
}

export function serviceAllocation(range: ServiceRange): AdmissionPlugin {
  return {
    name: 'ServiceAllocation',
    serializes: (req) =>
      req.def === SERVICES && !req.subresource && req.operation !== 'DELETE' ? 'services' : undefined,
    admit: (req) =>
      req.def !== SERVICES || req.subresource || req.operation === 'DELETE'
        ? undefined
        : allocate(range, req),
  };
}
