import { errors } from './errors.js';
import { resources } from './resources.js';
import type { ResourceService } from './service.js';
import type { KubeObject } from './types.js';

/** The service CIDR, 10.96.0.0/16 as kind and kubeadm use; .1 is the `kubernetes` service. */
const SERVICE_NET = [10, 96];
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

const SERVICES = resources.find((r) => r.resource === 'services')!;

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: { port?: number; nodePort?: number }[];
}

async function allServices(svc: ResourceService): Promise<ServiceSpec[]> {
  return (await svc.list(SERVICES, {})).items.map((s) => (s.spec ?? {}) as ServiceSpec);
}

function ipToIndex(ip: string): number | undefined {
  const p = ip.split('.').map(Number);
  if (p.length !== 4 || p[0] !== SERVICE_NET[0] || p[1] !== SERVICE_NET[1]) return undefined;
  return p[2] * 256 + p[3];
}

function fieldInvalid(obj: KubeObject, field: string, value: unknown, message: string) {
  return errors.invalid('', 'Service', obj.metadata.name ?? '', [
    { reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: ${message}` },
  ]);
}

/** Gives a new Service its cluster IP (unless headless or ExternalName), checking a requested one. */
export async function allocateClusterIp(svc: ResourceService, obj: KubeObject): Promise<void> {
  const spec = (obj.spec ??= {}) as ServiceSpec;
  if (spec.type === 'ExternalName' || spec.clusterIP === 'None') return;
  const used = new Set<number>();
  for (const s of await allServices(svc)) {
    const i = s.clusterIP ? ipToIndex(s.clusterIP) : undefined;
    if (i !== undefined) used.add(i);
  }
  if (spec.clusterIP) {
    const i = ipToIndex(spec.clusterIP);
    if (i === undefined || i === 0 || i >= 65535) {
      throw fieldInvalid(
        obj,
        'spec.clusterIPs',
        spec.clusterIP,
        'failed to allocate IP: the provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/16',
      );
    }
    if (used.has(i))
      throw fieldInvalid(
        obj,
        'spec.clusterIPs',
        spec.clusterIP,
        'failed to allocate IP: provided IP is already allocated',
      );
  } else {
    let i = 2;
    while (used.has(i) && i < 65535) i++;
    if (i >= 65535) throw errors.internal('the service IP range 10.96.0.0/16 is full');
    spec.clusterIP = `${SERVICE_NET[0]}.${SERVICE_NET[1]}.${i >> 8}.${i & 255}`;
  }
  spec.clusterIPs = [spec.clusterIP];
}

/** NodePort and LoadBalancer services get a node port for each port that has none. */
export async function allocateNodePorts(svc: ResourceService, obj: KubeObject): Promise<void> {
  const spec = obj.spec as ServiceSpec;
  if (spec.type !== 'NodePort' && spec.type !== 'LoadBalancer') return;
  const used = new Set<number>();
  for (const s of await allServices(svc)) for (const p of s.ports ?? []) if (p.nodePort) used.add(p.nodePort);
  (spec.ports ?? []).forEach((p, idx) => {
    if (p.nodePort) {
      if (p.nodePort < NODE_PORT_MIN || p.nodePort > NODE_PORT_MAX) {
        throw fieldInvalid(
          obj,
          `spec.ports[${idx}].nodePort`,
          p.nodePort,
          `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`,
        );
      }
      if (used.has(p.nodePort))
        throw fieldInvalid(
          obj,
          `spec.ports[${idx}].nodePort`,
          p.nodePort,
          'provided port is already allocated',
        );
    } else {
      let port = NODE_PORT_MIN + Math.floor(Math.random() * (NODE_PORT_MAX - NODE_PORT_MIN));
      while (used.has(port)) port = port >= NODE_PORT_MAX ? NODE_PORT_MIN : port + 1;
      p.nodePort = port;
    }
    used.add(p.nodePort);
  });
}
