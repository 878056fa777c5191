import type { Service, ServicePort } from '../api/kinds/index.js';
import { SERVICES } from '../api/kinds/index.js';
import type { KubeObject } from '../api/types.js';
import { Client } from '../client/client.js';
import type { Target } from './targets.js';

export interface ExposeOptions {
  name?: string;
  port?: string;
  targetPort?: string;
  type?: string;
  protocol?: string;
  selector?: string;
  labels?: string;
  clusterIP?: string;
}

const EXPOSABLE: Record<string, string> = {
  '/pods': 'Pod',
  '/services': 'Service',
  '/replicationcontrollers': 'ReplicationController',
  'apps/deployments': 'Deployment',
  'apps/replicasets': 'ReplicaSet',
};

interface PortSpec {
  containerPort?: number;
  port?: number;
  protocol?: string;
}

/** The pod selector of what is exposed, as kubectl's MapBasedSelectorForObject reads it. */
function selectorOf(kind: string, obj: any): Record<string, string> {
  const fail = (why: string) => {
    throw new Error(`couldn't retrieve selectors via --selector flag or introspection: ${why}`);
  };
  if (kind === 'Pod') {
    if (!Object.keys(obj.metadata.labels ?? {}).length) fail('the pod has no labels and cannot be exposed');
    return obj.metadata.labels;
  }
  if (kind === 'Service') {
    if (!obj.spec?.selector) fail('the service has no pod selector set');
    return obj.spec.selector;
  }
  if (kind === 'ReplicationController')
    return obj.spec?.selector ?? obj.spec?.template?.metadata?.labels ?? {};
  const sel = obj.spec?.selector ?? {};
  if (sel.matchExpressions?.length)
    fail(
      `couldn't convert expressions - "${JSON.stringify(sel.matchExpressions)}" to map-based selector format`,
    );
  return sel.matchLabels ?? {};
}

/** The ports of what is exposed (kubectl's PortsForObject and ProtocolsForObject). */
function portsOf(kind: string, obj: any): PortSpec[] {
  if (kind === 'Service')
    return (obj.spec?.ports ?? []).map((p: PortSpec) => ({ port: p.port, protocol: p.protocol }));
  const spec = kind === 'Pod' ? obj.spec : obj.spec?.template?.spec;
  return (spec?.containers ?? []).flatMap((c: { ports?: PortSpec[] }) =>
    (c.ports ?? []).map((p) => ({ port: p.containerPort, protocol: p.protocol })),
  );
}

/** `--selector k=v,k2=v2`, refused as kubectl's ParseLabels refuses anything else. */
const parseMap = (s: string) =>
  Object.fromEntries(
    s.split(',').map((spec) => {
      const kv = spec.split('=');
      if (kv.length !== 2) throw new Error(`unexpected label spec: ${spec}`);
      if (!kv[0]) throw new Error('unexpected empty label key');
      return kv;
    }),
  );

/** What `kubectl expose` makes for the object: a Service selecting its pods on its ports. */
export function serviceFor(kind: string, obj: KubeObject, o: ExposeOptions): Service {
  const selector = o.selector ? parseMap(o.selector) : selectorOf(kind, obj);
  const found: PortSpec[] = o.port
    ? [{ port: Number(o.port), protocol: o.protocol }]
    : portsOf(kind, obj).map((p) => ({ port: p.port, protocol: o.protocol ?? p.protocol }));
  if (!found.length || found.some((p) => !Number.isInteger(p.port)))
    throw new Error("couldn't find port via --port flag or introspection");
  const target = o.targetPort && /^\d+$/.test(o.targetPort) ? Number(o.targetPort) : o.targetPort;
  const ports: ServicePort[] = found.map((p, i) => ({
    ...(found.length > 1 ? { name: `port-${i + 1}` } : {}),
    port: p.port!,
    protocol: (p.protocol ?? 'TCP') as ServicePort['protocol'],
    targetPort: target ?? p.port!,
  }));
  const labels = o.labels ? parseMap(o.labels) : obj.metadata.labels;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: o.name ?? obj.metadata.name, ...(labels ? { labels } : {}) },
    spec: {
      ports,
      selector,
      ...(o.type ? { type: o.type as 'ClusterIP' } : {}),
      ...(o.clusterIP ? { clusterIP: o.clusterIP } : {}),
    },
  };
}

/** Exposes a Pod, Service, ReplicationController, Deployment or ReplicaSet as a new Service. */
export async function exposeTarget(client: Client, t: Target, o: ExposeOptions): Promise<string> {
  const kind = EXPOSABLE[`${t.def.group}/${t.def.resource}`];
  if (!kind) throw new Error(`cannot expose a ${t.def.kind}`);
  const obj = await client.request<KubeObject>('GET', Client.path(t.def, t.namespace, t.name));
  const svc = serviceFor(kind, obj, o);
  const made = await client.request<Service>('POST', Client.path(SERVICES, t.namespace), { body: svc });
  return `service/${made.metadata.name} exposed`;
}
