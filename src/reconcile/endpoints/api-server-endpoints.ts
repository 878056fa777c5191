import type { KindDef } from '../../api/kinds/index.js';
import {
  ENDPOINT_SLICES,
  ENDPOINTS,
  type EndpointSlice,
  type Endpoints,
  SERVICE_NAME_LABEL,
  SERVICES,
  type Service,
} from '../../api/kinds/index.js';
import { sameJson } from '../../api/schema/same-json.js';
import type { KubeObject } from '../../api/types.js';
import type { KubeClient } from '../../client/kube-client.js';
import { ignoreNotFound } from '../retry.js';

/** Where pods reach the API server: the `kubernetes` Service's one endpoint. */
export interface ApiServerAddress {
  ip: string;
  port: number;
}

const NAME = 'kubernetes';

function desired(addr: ApiServerAddress): [KindDef, KubeObject][] {
  const endpoints: Endpoints = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    // The API server's own endpoints are not mirrored into a second slice.
    metadata: {
      name: NAME,
      namespace: 'default',
      labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
    },
    subsets: [{ addresses: [{ ip: addr.ip }], ports: [{ name: 'https', port: addr.port, protocol: 'TCP' }] }],
  };
  const slice: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: NAME, namespace: 'default', labels: { [SERVICE_NAME_LABEL]: NAME } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [addr.ip], conditions: { ready: true } }],
    ports: [{ name: 'https', port: addr.port, protocol: 'TCP' }],
  };
  return [
    [ENDPOINTS, endpoints],
    [ENDPOINT_SLICES, slice],
  ];
}

const content = ({ apiVersion, kind, metadata, ...rest }: KubeObject) => ({
  labels: metadata.labels,
  ...rest,
});

/**
 * Writes the `kubernetes` Service's Endpoints and EndpointSlice unless they already say `addr`,
 * and its targetPort, the API server's port, as kube-apiserver keeps its own Service.
 */
export async function reconcileApiServerEndpoints(client: KubeClient, addr: ApiServerAddress): Promise<void> {
  const svc = await ignoreNotFound(client.get<Service>(SERVICES, 'default', NAME));
  const ports = svc?.spec?.ports ?? [];
  if (svc && ports.some((p) => p.targetPort !== addr.port))
    await client.update(SERVICES, {
      ...svc,
      spec: { ...svc.spec, ports: ports.map((p) => ({ ...p, targetPort: addr.port })) },
    });
  for (const [def, want] of desired(addr)) {
    const cur = await ignoreNotFound(client.get(def, 'default', NAME));
    if (!cur) await client.create(def, want);
    else if (!sameJson(content(cur), content(want)))
      await client.update(def, {
        ...cur,
        ...want,
        metadata: { ...cur.metadata, labels: want.metadata.labels },
      });
  }
}

/**
 * The API server's endpoint reconciler: the `kubernetes` Service's endpoints are its own
 * address, looked at again every `intervalMs` (put back if someone changed or deleted them).
 */
export function startApiServerEndpoints(
  client: KubeClient,
  addr: ApiServerAddress,
  intervalMs: number,
  log: (line: string) => void,
): { stop(): Promise<void> } {
  let running = Promise.resolve();
  const tick = () => {
    running = reconcileApiServerEndpoints(client, addr).catch((err) =>
      log(`the kubernetes service's endpoints: ${(err as Error).message}`),
    );
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
