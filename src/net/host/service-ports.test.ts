import { describe, expect, it } from 'vitest';
import type { EndpointSlice, Service } from '../../api/kinds/index.js';
import { ClientAffinity, readyBackends } from './backends.js';
import { wantedHostPorts } from './service-ports.js';

const svc = (name: string, type: string, ports: object[], created = '2026-01-01T00:00:00Z'): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'default', creationTimestamp: created },
  spec: { type, ports } as Service['spec'],
});

describe('the host ports Services ask for', () => {
  it('opens node ports (TCP and UDP) of NodePort and LoadBalancer Services and the ports of load balancers', () => {
    const { ports, clashes } = wantedHostPorts([
      svc('plain', 'ClusterIP', [{ port: 80 }]),
      svc('np', 'NodePort', [
        { port: 80, nodePort: 30080 },
        { port: 53, protocol: 'UDP', nodePort: 30053 },
      ]),
      svc('lb', 'LoadBalancer', [{ port: 8080, nodePort: 30081 }]),
    ]);
    expect([...ports.keys()].sort()).toEqual(['TCP/30080', 'TCP/30081', 'TCP/8080', 'UDP/30053']);
    expect(ports.get('TCP/8080')?.kind).toBe('loadBalancer');
    expect(clashes).toEqual([]);
  });

  it('gives a load balancer port two Services want to the older one', () => {
    const { ports, clashes } = wantedHostPorts([
      svc('young', 'LoadBalancer', [{ port: 80, nodePort: 30001 }], '2026-01-02T00:00:00Z'),
      svc('old', 'LoadBalancer', [{ port: 80, nodePort: 30002 }], '2026-01-01T00:00:00Z'),
    ]);
    expect(ports.get('TCP/80')?.service.metadata.name).toBe('old');
    expect(clashes.map((c) => c.service.metadata.name)).toEqual(['young']);
  });
});

describe('ready backends from EndpointSlices', () => {
  const slice = (ports: object[], endpoints: object[]): EndpointSlice =>
    ({ addressType: 'IPv4', metadata: { name: 's' }, ports, endpoints }) as EndpointSlice;

  it('takes ready endpoints of the slice port named as the service port', () => {
    const slices = [
      slice(
        [{ name: 'http', port: 8080, protocol: 'TCP' }],
        [
          { addresses: ['10.244.128.3'], conditions: { ready: true } },
          { addresses: ['10.244.128.2'] },
          { addresses: ['10.244.128.4'], conditions: { ready: false, terminating: true } },
        ],
      ),
      slice([{ name: 'metrics', port: 9090 }], [{ addresses: ['10.244.128.9'] }]),
    ];
    expect(readyBackends(slices, { name: 'http', port: 80 })).toEqual([
      { ip: '10.244.128.2', port: 8080 },
      { ip: '10.244.128.3', port: 8080 },
    ]);
    expect(readyBackends(slices, { name: 'other', port: 81 })).toEqual([]);
  });
});

describe('ClientIP session affinity', () => {
  const a = { ip: '10.0.0.1', port: 80 };
  const b = { ip: '10.0.0.2', port: 80 };

  it('sends a client back to its endpoint within the timeout, and round-robin after it', () => {
    const affinity = new ClientAffinity();
    const first = affinity.pick([a, b], 'client', 1000, 0)!;
    expect(affinity.pick([a, b], 'client', 1000, 500)).toEqual(first);
    expect(affinity.pick([a, b], 'client', 1000, 1400)).toEqual(first);
    expect(affinity.pick([a, b], 'client', 1000, 2500)).not.toEqual(first);
    expect(affinity.pick([a, b], 'other', 1000, 2500)).toBeDefined();
  });

  it('moves a client whose endpoint is no longer ready', () => {
    const affinity = new ClientAffinity();
    const first = affinity.pick([a, b], 'client', 1000, 0)!;
    const rest = [a, b].filter((x) => x !== first);
    expect(affinity.pick(rest, 'client', 1000, 10)).toEqual(rest[0]);
    expect(affinity.pick([], 'client', 1000, 20)).toBeUndefined();
  });
});
