import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../../../test/helpers/failure.js';
import { openStore } from '../../store/sqlite-store.js';
import type { Store } from '../../store/types.js';
import { bootstrap } from '../bootstrap.js';
import { SERVICES } from '../kinds/index.js';
import type { Service, ServiceSpec } from '../kinds/types.generated.js';
import { ResourceService } from '../service.js';
import { ServiceRange } from '../service-range.js';
import { defaultAdmission } from './index.js';

describe('ServiceRange', () => {
  it('takes the second quarter of a cluster bridge subnet', () => {
    const r = ServiceRange.ofBridge('10.245.0.0/16');
    expect(r.cidr).toBe('10.245.64.0/18');
    expect([r.kubernetes, r.dns]).toEqual(['10.245.64.1', '10.245.64.10']);
    expect(r.holds('10.245.127.254')).toBe(true);
    expect(r.holds('10.245.127.255')).toBe(false);
    expect(r.holds('10.245.64.0')).toBe(false);
    expect(r.holds('10.245.128.1')).toBe(false);
    expect(ServiceRange.ofBridge('172.30.0.0/16').cidr).toBe('172.30.64.0/18');
  });

  it('refuses what is not an IPv4 CIDR', () => {
    expect(() => new ServiceRange('10.1.2.3')).toThrow('invalid service range "10.1.2.3"');
    expect(() => new ServiceRange('300.1.0.0/16')).toThrow('invalid service range');
  });
});

describe('cluster IPs from the cluster service range', () => {
  let dir: string;
  let store: Store;
  let svc: ResourceService;
  const range = ServiceRange.ofBridge('10.250.0.0/16');
  const service = (name: string, spec: Record<string, unknown> = {}) =>
    svc.create(SERVICES, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name },
      spec: { ports: [{ port: 80 }], ...spec },
    }) as Promise<Service>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'minik8s-svc-range-'));
    store = openStore(join(dir, 'state.db'));
    svc = new ResourceService(store, defaultAdmission({}, { serviceRange: range }));
    await bootstrap(svc, range);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives `kubernetes` the first address and `kube-dns` the tenth, with CoreDNS ports and labels', async () => {
    const k = (await svc.get(SERVICES, 'default', 'kubernetes')) as Service;
    expect(k.spec?.clusterIP).toBe('10.250.64.1');
    const dns = (await svc.get(SERVICES, 'kube-system', 'kube-dns')) as Service;
    expect(dns.metadata.labels).toMatchObject({ 'k8s-app': 'kube-dns' });
    expect(dns.spec?.clusterIP).toBe('10.250.64.10');
    expect(dns.spec?.ports?.map((p) => [p.name, p.port, p.protocol])).toEqual([
      ['dns', 53, 'UDP'],
      ['dns-tcp', 53, 'TCP'],
      ['metrics', 9153, 'TCP'],
    ]);
  });

  it('allocates in the range, skipping taken addresses, and keeps bootstrap idempotent', async () => {
    const ips = [];
    for (let i = 0; i < 10; i++) ips.push((await service(`s${i}`)).spec?.clusterIP);
    expect(ips.every((ip) => range.holds(ip!))).toBe(true);
    expect(ips).not.toContain('10.250.64.10');
    expect(new Set(ips).size).toBe(10);
    await bootstrap(svc, range);
    expect((await svc.list(SERVICES, {})).items).toHaveLength(12);
  });

  it('moves every Service into the range of a cluster made before it had one, keeping the rest', async () => {
    const old = new ResourceService(store, defaultAdmission({}, { serviceRange: new ServiceRange() }));
    await old.delete(SERVICES, 'default', 'kubernetes');
    await old.delete(SERVICES, 'kube-system', 'kube-dns');
    await bootstrap(old);
    expect(((await svc.get(SERVICES, 'default', 'kubernetes')) as Service).spec?.clusterIP).toBe('10.96.0.1');
    const made = (await old.create(SERVICES, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, nodePort: 30080 }] },
    })) as Service;
    expect(made.spec?.clusterIP).toMatch(/^10\.96\./);
    await old.create(SERVICES, 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'headless' },
      spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80 }] },
    });
    await bootstrap(svc, range);
    const web = (await svc.get(SERVICES, 'default', 'web')) as Service;
    expect(range.holds(web.spec?.clusterIP ?? '')).toBe(true);
    expect(web.spec?.clusterIPs).toEqual([web.spec?.clusterIP]);
    expect(web.metadata.labels).toEqual({ app: 'web' });
    expect(web.spec).toMatchObject({
      type: 'NodePort',
      selector: { app: 'web' },
      ports: [{ port: 80, nodePort: 30080 }],
    });
    expect(((await svc.get(SERVICES, 'default', 'headless')) as Service).spec?.clusterIP).toBe('None');
    expect(((await svc.get(SERVICES, 'default', 'kubernetes')) as Service).spec?.clusterIP).toBe(
      '10.250.64.1',
    );
    expect(((await svc.get(SERVICES, 'kube-system', 'kube-dns')) as Service).spec?.clusterIP).toBe(
      '10.250.64.10',
    );
  });

  it('refuses an address outside the range, naming the range', async () => {
    const err = await failure(service('out', { clusterIP: '10.96.0.20' }));
    expect(err.code).toBe(422);
    expect(err.message).toContain(
      'failed to allocate IP: the provided IP (10.96.0.20) is not in the valid range. The range of valid IPs is 10.250.64.0/18',
    );
    const taken = await failure(service('dup', { clusterIP: '10.250.64.1' }));
    expect(taken.message).toContain('provided IP is already allocated');
    const asked = await service('asked', { clusterIP: '10.250.100.7' });
    expect((asked.spec as ServiceSpec).clusterIPs).toEqual(['10.250.100.7']);
  });

  it('drops node ports and the traffic policy a type change to ClusterIP no longer needs, as kubectl patch of the type expects', async () => {
    const lb = await service('lb', { type: 'LoadBalancer' });
    expect((lb.spec as ServiceSpec).ports?.[0].nodePort).toBeGreaterThanOrEqual(30000);
    const patched = (await svc.patch(SERVICES, 'default', 'lb', 'application/strategic-merge-patch+json', {
      spec: { type: 'ClusterIP' },
    })) as Service;
    expect(patched.spec?.type).toBe('ClusterIP');
    expect(patched.spec?.ports?.[0].nodePort).toBeUndefined();
    expect(patched.spec?.externalTrafficPolicy).toBeUndefined();
    expect(patched.spec?.clusterIP).toBe((lb.spec as ServiceSpec).clusterIP);
    const named = (await svc.patch(SERVICES, 'default', 'lb', 'application/merge-patch+json', {
      spec: { type: 'ExternalName', externalName: 'example.test' },
    })) as Service;
    expect([named.spec?.clusterIP, named.spec?.clusterIPs]).toEqual([undefined, undefined]);
  });

  it('gives a headless Service the clusterIPs ["None"]', async () => {
    expect(((await service('headless', { clusterIP: 'None' })).spec as ServiceSpec).clusterIPs).toEqual([
      'None',
    ]);
  });
});
