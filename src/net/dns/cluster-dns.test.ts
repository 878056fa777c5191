import { Resolver } from 'node:dns/promises';
import type { Answer } from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ControllerHarness, startControllers } from '../../../test/helpers/controllers.js';
import { askDns, freeDnsPort } from '../../../test/helpers/dns.js';
import { eventually } from '../../../test/helpers/wait.js';
import { ENDPOINT_SLICES, NAMESPACES, SERVICES, type Service } from '../../api/kinds/index.js';
import { startClusterDns } from './index.js';

function service(name: string, spec: Record<string, unknown>, ns = 'default') {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec };
}

function slice(
  svc: string,
  endpoints: { ip: string; hostname?: string; ready?: boolean }[],
  ports: { name: string; port: number; protocol?: string }[],
  name = `${svc}-abc12`,
) {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': svc } },
    addressType: 'IPv4',
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      hostname: e.hostname,
      conditions: { ready: e.ready ?? true },
    })),
    ports,
  };
}

const data = (answers: Answer[] | undefined) =>
  (answers ?? []).map((a) => ('data' in a ? a.data : undefined));

describe('cluster DNS', () => {
  let h: ControllerHarness;
  let server: { host: string; port: number };
  let upstreamAt: { host: string; port: number };
  let dns: { close(): Promise<void> };
  let upstream: { close(): Promise<void> };
  let resolver: Resolver;
  let web: Service;

  beforeAll(async () => {
    h = await startControllers([], { prefix: 'minik8s-dns-' });
    // The upstream is a second server of the same kind holding another domain, so forwarded
    // names have a real resolver to reach without any packet leaving 127.0.0.1.
    upstreamAt = { host: '127.0.0.1', port: await freeDnsPort() };
    upstream = await startClusterDns({
      client: h.client,
      listen: [upstreamAt],
      upstream: [],
      clusterDomain: 'corp.test',
    });
    server = { host: '127.0.0.1', port: await freeDnsPort() };
    dns = await startClusterDns({
      client: h.client,
      listen: [server],
      upstream: [`${upstreamAt.host}:${upstreamAt.port}`],
    });
    resolver = new Resolver({ timeout: 3000, tries: 1 });
    resolver.setServers([`127.0.0.1:${server.port}`]);
    web = await h.client.create<Service>(
      SERVICES,
      service('web', { ports: [{ name: 'http', port: 80, targetPort: 8080 }], selector: { app: 'web' } }),
    );
  });

  afterAll(async () => {
    await dns?.close();
    await upstream?.close();
    await h?.stop();
  });

  it('answers a Service name with its ClusterIP, TTL 5 s, authoritatively, over UDP and TCP', async () => {
    const ip = web.spec!.clusterIP!;
    expect(
      await eventually('web resolves', () => resolver.resolve4('web.default.svc.cluster.local')),
    ).toEqual([ip]);
    for (const tcp of [false, true]) {
      const reply = await askDns(server, 'web.default.svc.cluster.local', 'A', { tcp });
      expect(reply.rcode).toBe('NOERROR');
      expect(reply.flag_aa).toBe(true);
      expect(reply.answers).toEqual([expect.objectContaining({ type: 'A', ttl: 5, data: ip })]);
    }
  });

  it('answers AAAA of an IPv4-only Service with no data, the SOA in authority', async () => {
    const reply = await askDns(server, 'web.default.svc.cluster.local', 'AAAA');
    expect(reply.rcode).toBe('NOERROR');
    expect(reply.answers).toEqual([]);
    expect(reply.authorities?.[0]).toMatchObject({ type: 'SOA', name: 'cluster.local' });
    await expect(resolver.resolve6('web.default.svc.cluster.local')).rejects.toMatchObject({
      code: 'ENODATA',
    });
  });

  it('answers NXDOMAIN with the SOA for a Service or namespace that does not exist', async () => {
    for (const name of [
      'nope.default.svc.cluster.local',
      'web.nons.svc.cluster.local',
      'web.cluster.local',
    ]) {
      const reply = await askDns(server, name, 'A');
      expect(reply.rcode).toBe('NXDOMAIN');
      expect(reply.authorities).toEqual([
        expect.objectContaining({
          type: 'SOA',
          ttl: 5,
          data: expect.objectContaining({
            mname: 'ns.dns.cluster.local',
            rname: 'hostmaster.cluster.local',
            refresh: 7200,
            retry: 1800,
            expire: 86400,
            minimum: 5,
          }),
        }),
      ]);
    }
    await expect(resolver.resolve4('nope.default.svc.cluster.local')).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
  });

  it('serves SRV records for named ports, with the target address as additional', async () => {
    const srv = await resolver.resolveSrv('_http._tcp.web.default.svc.cluster.local');
    expect(srv).toEqual([{ name: 'web.default.svc.cluster.local', port: 80, priority: 0, weight: 100 }]);
    const reply = await askDns(server, '_http._tcp.web.default.svc.cluster.local', 'SRV');
    expect(reply.additionals).toEqual([
      expect.objectContaining({
        name: 'web.default.svc.cluster.local',
        type: 'A',
        data: web.spec!.clusterIP,
      }),
    ]);
    expect((await askDns(server, '_http._udp.web.default.svc.cluster.local', 'SRV')).rcode).toBe('NXDOMAIN');
  });

  it('answers PTR for a ClusterIP', async () => {
    const rev = web.spec!.clusterIP!.split('.').reverse().join('.');
    const reply = await askDns(server, `${rev}.in-addr.arpa`, 'PTR');
    expect(data(reply.answers)).toEqual(['web.default.svc.cluster.local']);
    expect(await resolver.reverse(web.spec!.clusterIP!)).toEqual(['web.default.svc.cluster.local']);
  });

  it('answers a headless Service with its ready endpoints, by hostname, SRV and PTR', async () => {
    await h.client.create(
      SERVICES,
      service('db', { clusterIP: 'None', ports: [{ name: 'pg', port: 5432 }] }),
    );
    await h.client.create(
      ENDPOINT_SLICES,
      slice(
        'db',
        [
          { ip: '10.244.128.5', hostname: 'db-0' },
          { ip: '10.244.128.6' },
          { ip: '10.244.128.7', hostname: 'db-2', ready: false },
        ],
        [{ name: 'pg', port: 5432, protocol: 'TCP' }],
      ),
    );
    const ips = await eventually('db resolves', () => resolver.resolve4('db.default.svc.cluster.local'));
    expect(ips.sort()).toEqual(['10.244.128.5', '10.244.128.6']);
    expect(await resolver.resolve4('db-0.db.default.svc.cluster.local')).toEqual(['10.244.128.5']);
    expect(await resolver.resolve4('10-244-128-6.db.default.svc.cluster.local')).toEqual(['10.244.128.6']);
    await expect(resolver.resolve4('db-2.db.default.svc.cluster.local')).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
    const srv = await resolver.resolveSrv('_pg._tcp.db.default.svc.cluster.local');
    expect(srv.map((s) => [s.name, s.port, s.weight]).sort()).toEqual([
      ['10-244-128-6.db.default.svc.cluster.local', 5432, 50],
      ['db-0.db.default.svc.cluster.local', 5432, 50],
    ]);
    expect(await resolver.reverse('10.244.128.5')).toEqual(['db-0.db.default.svc.cluster.local']);

    await h.client.patch(SERVICES, 'default', 'db', { spec: { publishNotReadyAddresses: true } });
    await eventually('not-ready endpoints published', async () => {
      expect((await resolver.resolve4('db.default.svc.cluster.local')).sort()).toEqual([
        '10.244.128.5',
        '10.244.128.6',
        '10.244.128.7',
      ]);
    });
  });

  it('answers NXDOMAIN for a headless Service with no ready endpoint', async () => {
    await h.client.create(SERVICES, service('empty', { clusterIP: 'None', ports: [{ port: 80 }] }));
    await h.client.create(ENDPOINT_SLICES, slice('empty', [{ ip: '10.244.128.20', ready: false }], []));
    await eventually('empty exists in the cache', async () => {
      const reply = await askDns(server, 'empty.default.svc.cluster.local', 'A');
      expect(reply.rcode).toBe('NXDOMAIN');
      expect((await askDns(server, '20.128.244.10.in-addr.arpa', 'PTR')).answers).toEqual([]);
    });
  });

  it('sends a large answer truncated over UDP and whole over TCP', async () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ ip: `10.244.129.${i + 1}` }));
    await h.client.create(SERVICES, service('many', { clusterIP: 'None', ports: [{ port: 80 }] }));
    await h.client.create(ENDPOINT_SLICES, slice('many', many, [{ name: '', port: 80 }]));
    const udp = await eventually('many resolves', async () => {
      const r = await askDns(server, 'many.default.svc.cluster.local', 'A');
      expect(r.flag_tc).toBe(true);
      return r;
    });
    expect(udp.answers).toEqual([]);
    const tcp = await askDns(server, 'many.default.svc.cluster.local', 'A', { tcp: true });
    expect(tcp.answers).toHaveLength(60);
    expect(await resolver.resolve4('many.default.svc.cluster.local')).toHaveLength(60);
  });

  it('answers an ExternalName with a CNAME, followed through the upstream for A', async () => {
    await h.client.create(
      SERVICES,
      service('ext', { type: 'ExternalName', externalName: 'web.default.svc.corp.test' }),
    );
    const reply = await eventually('ext resolves', async () => {
      const r = await askDns(server, 'ext.default.svc.cluster.local', 'A');
      expect(r.answers?.length).toBe(2);
      return r;
    });
    expect(reply.answers).toEqual([
      expect.objectContaining({
        type: 'CNAME',
        name: 'ext.default.svc.cluster.local',
        data: 'web.default.svc.corp.test',
      }),
      expect.objectContaining({ type: 'A', name: 'web.default.svc.corp.test', data: web.spec!.clusterIP }),
    ]);
    expect(await resolver.resolveCname('ext.default.svc.cluster.local')).toEqual([
      'web.default.svc.corp.test',
    ]);
    expect(await resolver.resolve4('ext.default.svc.cluster.local')).toEqual([web.spec!.clusterIP]);
  });

  it('follows an ExternalName inside the cluster domain without asking upstream', async () => {
    await h.client.create(
      SERVICES,
      service('alias', { type: 'ExternalName', externalName: 'web.default.svc.cluster.local.' }),
    );
    expect(
      await eventually('alias resolves', () => resolver.resolve4('alias.default.svc.cluster.local')),
    ).toEqual([web.spec!.clusterIP]);
  });

  it('answers an ExternalName that is an address with that address', async () => {
    await h.client.create(SERVICES, service('byip', { type: 'ExternalName', externalName: '192.0.2.10' }));
    expect(
      await eventually('byip resolves', () => resolver.resolve4('byip.default.svc.cluster.local')),
    ).toEqual(['192.0.2.10']);
  });

  it('answers pod names from their dashed address', async () => {
    expect(await resolver.resolve4('10-244-128-9.default.pod.cluster.local')).toEqual(['10.244.128.9']);
    expect((await askDns(server, 'not-an-ip.default.pod.cluster.local', 'A')).rcode).toBe('NXDOMAIN');
  });

  it('serves the zone SOA, NS and the schema version', async () => {
    const soa = await resolver.resolveSoa('cluster.local');
    expect(soa).toMatchObject({ nsname: 'ns.dns.cluster.local', hostmaster: 'hostmaster.cluster.local' });
    expect(await resolver.resolveNs('cluster.local')).toEqual(['ns.dns.cluster.local']);
    expect(await resolver.resolveTxt('dns-version.cluster.local')).toEqual([['1.1.0']]);
    expect((await askDns(server, 'default.svc.cluster.local', 'A')).rcode).toBe('NOERROR');
  });

  it('relays other names to the upstream, over UDP and TCP', async () => {
    for (const tcp of [false, true]) {
      const reply = await askDns(server, 'web.default.svc.corp.test', 'A', { tcp });
      expect(reply.rcode).toBe('NOERROR');
      expect(data(reply.answers)).toEqual([web.spec!.clusterIP]);
    }
    const nx = await askDns(server, 'nope.default.svc.corp.test', 'A');
    expect(nx.rcode).toBe('NXDOMAIN');
    expect(nx.authorities?.[0]).toMatchObject({ name: 'corp.test' });
  });

  it('relays a large upstream answer truncated over UDP, then whole over TCP', async () => {
    await eventually('many resolves upstream', async () => {
      const udp = await askDns(server, 'many.default.svc.corp.test', 'A');
      expect(udp.flag_tc).toBe(true);
    });
    const tcp = await askDns(server, 'many.default.svc.corp.test', 'A', { tcp: true });
    expect(tcp.answers).toHaveLength(60);
  });

  it('answers SERVFAIL for other names when no upstream answers', async () => {
    const port = await freeDnsPort();
    const lonely = await startClusterDns({
      client: h.client,
      listen: [{ host: '127.0.0.1', port }],
      upstream: [],
    });
    try {
      const reply = await askDns({ host: '127.0.0.1', port }, 'example.test', 'A');
      expect(reply.rcode).toBe('SERVFAIL');
      expect((await askDns({ host: '127.0.0.1', port }, 'web.default.svc.cluster.local', 'A')).rcode).toBe(
        'NOERROR',
      );
    } finally {
      await lonely.close();
    }
  });

  it('follows changes: a deleted Service stops answering', async () => {
    await h.client.create(SERVICES, service('gone', { ports: [{ port: 80 }] }));
    await eventually('gone resolves', () => resolver.resolve4('gone.default.svc.cluster.local'));
    await h.client.delete(SERVICES, 'default', 'gone');
    await eventually('gone is NXDOMAIN', async () => {
      expect((await askDns(server, 'gone.default.svc.cluster.local', 'A')).rcode).toBe('NXDOMAIN');
    });
  });

  it('answers Services of other namespaces', async () => {
    await h.client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    const cart = await h.client.create<Service>(SERVICES, service('cart', { ports: [{ port: 80 }] }, 'shop'));
    expect(await eventually('cart resolves', () => resolver.resolve4('cart.shop.svc.cluster.local'))).toEqual(
      [cart.spec!.clusterIP],
    );
  });

  it('refuses to start on an address it cannot bind, leaving nothing bound', async () => {
    await expect(startClusterDns({ client: h.client, listen: [server], upstream: [] })).rejects.toThrow(
      /EADDRINUSE/,
    );
  });
});
