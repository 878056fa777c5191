import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessControlPlane, startInProcess } from '../../test/helpers/control-plane.js';
import { freePort, httpsGet, tlsSecret } from '../../test/helpers/host-network.js';
import { eventually, waitFor } from '../../test/helpers/wait.js';
import {
  ENDPOINT_SLICES,
  EVENTS,
  INGRESS_CLASSES,
  INGRESSES,
  type Ingress,
  SERVICES,
  type Service,
} from '../api/kinds/index.js';
import type { CertPair } from '../cluster/certs.js';

// Backends are HTTP servers on 127.0.0.1 standing in for pods: hand-made EndpointSlices name
// them, as a Service without a selector has. Each answers with its own name.
async function backend(name: string): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.headers.upgrade === 'websocket') return;
    res.end(
      `${name} ${req.url} ${req.headers['x-forwarded-proto'] ?? ''} ${req.headers['x-forwarded-for'] ?? ''}`,
    );
  });
  const upgraded = new Set<import('node:stream').Duplex>();
  server.on('upgrade', (_req, socket) => {
    upgraded.add(socket);
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    socket.on('data', (d) => socket.write(`${name}:${d}`));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
        for (const s of upgraded) s.destroy();
      }),
  };
}

/** A GET on a new connection (`Connection: close`), or on `agent`'s kept-alive ones. */
function get(
  port: number,
  path = '/',
  host?: string,
  agent: http.Agent | false = false,
): Promise<{ status: number; body: string; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers: host ? { host } : {}, agent }, (res) => {
      let body = '';
      res
        .on('data', (d) => (body += d))
        .on('end', () => resolve({ status: res.statusCode!, body, reused: req.reusedSocket }));
    });
    req.on('error', reject);
  });
}

describe('Services and Ingresses on the host', () => {
  let h: InProcessControlPlane;
  let httpPort: number;
  let httpsPort: number;
  const backends: Record<string, { port: number; close(): Promise<void> }> = {};
  let partialRest: (() => void) | undefined;

  const service = (name: string, type: string, ports: object[]) =>
    h.client.create<Service>(SERVICES, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: 'default' },
      spec: { type, ports },
    });
  const slice = (svc: string, name: string, ports: number) =>
    h.client.create(ENDPOINT_SLICES, {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': svc } },
      addressType: 'IPv4',
      ports: [{ name: 'http', port: ports, protocol: 'TCP' }],
      endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
    });
  const events = async (name: string) =>
    (await h.client.list(EVENTS, { namespace: 'default' })).items.filter(
      (e: any) => e.involvedObject.name === name,
    ) as any[];

  beforeAll(async () => {
    httpPort = await freePort();
    httpsPort = await freePort();
    h = await startInProcess(undefined, {
      hostNetwork: {
        address: '127.0.0.1',
        ingressHttpPort: httpPort,
        ingressHttpsPort: httpsPort,
        retryMs: 200,
        ingressReadTimeoutMs: 300,
      },
    });
    for (const name of ['web-a', 'web-b', 'api']) backends[name] = await backend(name);
    const held = new Set<net.Socket>();
    // One that answers half and holds the rest until the test lets it go.
    const partial = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-length': '11' });
      res.write('part1-');
      held.add(res.socket!);
      partialRest = () => res.end('part2');
    });
    await new Promise<void>((r) => partial.listen(0, '127.0.0.1', r));
    backends.partial = {
      port: (partial.address() as net.AddressInfo).port,
      close: () => new Promise((r) => partial.close(() => r())),
    };
    // One that takes connections and requests and never answers.
    const silent = net.createServer((s) => held.add(s.on('close', () => held.delete(s))));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    backends.silent = {
      port: (silent.address() as net.AddressInfo).port,
      close: () =>
        new Promise((r) => {
          for (const s of held) s.destroy();
          silent.close(() => r());
        }),
    };
  });
  afterAll(async () => {
    await h?.stop();
    for (const b of Object.values(backends)) await b.close();
  });

  it('creates the default IngressClass minik8s', async () => {
    const ic = await h.client.get(INGRESS_CLASSES, undefined, 'minik8s');
    expect(ic.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class']).toBe('true');
    expect((ic as any).spec.controller).toBe('minik8s.dev/ingress');
  });

  it('answers a NodePort on 127.0.0.1, balanced over the ready endpoints', async () => {
    const svc = await service('web', 'NodePort', [{ name: 'http', port: 80, targetPort: 8080 }]);
    const nodePort = svc.spec!.ports![0].nodePort!;
    // No endpoints yet: refused at once, not left hanging.
    await eventually('the node port to reset connections', async () => {
      await expect(get(nodePort)).rejects.toThrow(/ECONNRESET|socket hang up/);
    });
    await slice('web', 'web-a', backends['web-a'].port);
    await slice('web', 'web-b', backends['web-b'].port);
    const seen = new Set<string>();
    await waitFor('both endpoints to answer on the node port', async () => {
      seen.add((await get(nodePort)).body.split(' ')[0]);
      return seen.size === 2;
    });
    expect([...seen].sort()).toEqual(['web-a', 'web-b']);
  });

  it('keeps a client on one endpoint of a node port with sessionAffinity ClientIP', async () => {
    const svc = await service('sticky', 'NodePort', [{ name: 'http', port: 80 }]);
    const nodePort = svc.spec!.ports![0].nodePort!;
    await slice('sticky', 'sticky-a', backends['web-a'].port);
    await slice('sticky', 'sticky-b', backends['web-b'].port);
    const seen = new Set<string>();
    await waitFor('both endpoints to answer without affinity', async () => {
      seen.add((await get(nodePort)).body.split(' ')[0]);
      return seen.size === 2;
    });
    await h.client.patch(SERVICES, 'default', 'sticky', { spec: { sessionAffinity: 'ClientIP' } }, 'merge');
    await waitFor('ten requests in a row to reach one endpoint', async () => {
      const answers = new Set<string>();
      for (let i = 0; i < 10; i++) answers.add((await get(nodePort)).body.split(' ')[0]);
      return answers.size === 1;
    });
  });

  it('reports a node port another program holds, and keeps the others answering', async () => {
    const holder = net.createServer();
    // A port of the node-port range that is free now, held as another program would hold it.
    for (let port = 30000 + Math.floor(Math.random() * 2000); !holder.listening; port++)
      await new Promise<void>((r) => {
        holder.once('error', () => r());
        holder.listen(port, '127.0.0.1', () => r());
      });
    const port = (holder.address() as net.AddressInfo).port;
    try {
      await service('held', 'NodePort', [{ name: 'http', port: 80, nodePort: port }]);
      const ev = await waitFor('a NodePortUnavailable event', async () =>
        (await events('held')).find((e) => e.reason === 'NodePortUnavailable'),
      );
      expect(ev.type).toBe('Warning');
      expect(ev.message).toBe(
        `can't open "nodePort for default/held:http" (127.0.0.1:${port}/tcp), skipping this nodePort: listen tcp 127.0.0.1:${port}: bind: address already in use`,
      );
      const web = await h.client.get<Service>(SERVICES, 'default', 'web');
      expect((await get(web.spec!.ports![0].nodePort!)).status).toBe(200);
    } finally {
      holder.close();
    }
  });

  it('forwards UDP node ports, each client to one endpoint', async () => {
    const echo = dgram.createSocket('udp4');
    echo.on('message', (msg, from) => echo.send(`echo:${msg}`, from.port, from.address));
    await new Promise<void>((r) => echo.bind(0, '127.0.0.1', r));
    try {
      const svc = await service('dns', 'NodePort', [{ name: 'dns', port: 53, protocol: 'UDP' }]);
      await h.client.create(ENDPOINT_SLICES, {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: 'dns-a', namespace: 'default', labels: { 'kubernetes.io/service-name': 'dns' } },
        addressType: 'IPv4',
        ports: [{ name: 'dns', port: echo.address().port, protocol: 'UDP' }],
        endpoints: [{ addresses: ['127.0.0.1'] }],
      });
      const client = dgram.createSocket('udp4');
      try {
        const reply = await waitFor(
          'a UDP reply through the node port',
          () =>
            new Promise<string | undefined>((resolve) => {
              const timer = setTimeout(() => resolve(undefined), 200);
              client.once('message', (m) => {
                clearTimeout(timer);
                resolve(String(m));
              });
              client.send('ping', svc.spec!.ports![0].nodePort!, '127.0.0.1');
            }),
        );
        expect(reply).toBe('echo:ping');
      } finally {
        client.close();
      }
    } finally {
      echo.close();
    }
  });

  it('gives a LoadBalancer 127.0.0.1 and answers on its port', async () => {
    const port = await freePort();
    await service('lb', 'LoadBalancer', [{ name: 'http', port, targetPort: 8080 }]);
    await slice('lb', 'lb-a', backends['web-a'].port);
    const svc = await waitFor('the load balancer status', async () => {
      const s = await h.client.get<Service>(SERVICES, 'default', 'lb');
      return s.status?.loadBalancer?.ingress?.length ? s : undefined;
    });
    expect(svc.status?.loadBalancer?.ingress).toEqual([{ ip: '127.0.0.1', ipMode: 'VIP' }]);
    await eventually('the load balancer port to answer', async () => {
      expect((await get(port)).body).toMatch(/^web-a /);
    });
  });

  it('leaves a LoadBalancer whose port is taken pending, with an event, until the port is free', async () => {
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as net.AddressInfo).port;
    await service('taken', 'LoadBalancer', [{ name: 'http', port, targetPort: 8080 }]);
    const ev = await waitFor('a SyncLoadBalancerFailed event', async () =>
      (await events('taken')).find((e) => e.reason === 'SyncLoadBalancerFailed'),
    );
    expect(ev.type).toBe('Warning');
    expect(ev.message).toBe(
      `Error syncing load balancer: failed to ensure load balancer: listen tcp 127.0.0.1:${port}: bind: address already in use`,
    );
    expect(
      (await h.client.get<Service>(SERVICES, 'default', 'taken')).status?.loadBalancer?.ingress,
    ).toBeUndefined();
    await new Promise((r) => holder.close(r));
    await waitFor('the load balancer once its port is free', async () => {
      const s = await h.client.get<Service>(SERVICES, 'default', 'taken');
      return s.status?.loadBalancer?.ingress?.[0]?.ip === '127.0.0.1';
    });
  });

  describe('an Ingress', () => {
    let ca: CertPair;
    let rsa: CertPair;
    beforeAll(async () => {
      await service('site', 'ClusterIP', [{ name: 'http', port: 80, targetPort: 8080 }]);
      await slice('site', 'site-a', backends['web-a'].port);
      await service('api', 'ClusterIP', [{ name: 'http', port: 8000, targetPort: 8080 }]);
      await slice('api', 'api-a', backends.api.port);
      // A ready endpoint nothing listens on.
      await service('down', 'ClusterIP', [{ name: 'http', port: 80, targetPort: 8080 }]);
      await slice('down', 'down-a', await freePort());
      await service('partial', 'ClusterIP', [{ name: 'http', port: 80, targetPort: 8080 }]);
      await slice('partial', 'partial-a', backends.partial.port);
      await service('silent', 'ClusterIP', [{ name: 'http', port: 80, targetPort: 8080 }]);
      await slice('silent', 'silent-a', backends.silent.port);
      ca = await tlsSecret(h.client, 'secure-tls', 'secure.test');
      rsa = await tlsSecret(h.client, 'rsa-tls', 'rsa.test', 'rsa');
      await h.client.create(INGRESSES, {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'site', namespace: 'default' },
        spec: {
          tls: [
            { hosts: ['secure.test'], secretName: 'secure-tls' },
            { hosts: ['rsa.test'], secretName: 'rsa-tls' },
          ],
          rules: [
            {
              http: {
                paths: [
                  {
                    path: '/',
                    pathType: 'Prefix',
                    backend: { service: { name: 'site', port: { name: 'http' } } },
                  },
                  {
                    path: '/api',
                    pathType: 'Prefix',
                    backend: { service: { name: 'api', port: { number: 8000 } } },
                  },
                  {
                    path: '/partial',
                    pathType: 'Exact',
                    backend: { service: { name: 'partial', port: { number: 80 } } },
                  },
                  {
                    path: '/silent',
                    pathType: 'Exact',
                    backend: { service: { name: 'silent', port: { number: 80 } } },
                  },
                  {
                    path: '/down',
                    pathType: 'Exact',
                    backend: { service: { name: 'down', port: { number: 80 } } },
                  },
                  {
                    path: '/gone',
                    pathType: 'Exact',
                    backend: { service: { name: 'missing', port: { number: 80 } } },
                  },
                ],
              },
            },
          ],
        },
      });
    });

    it('routes paths over HTTP with X-Forwarded headers and writes its address', async () => {
      await eventually('the routes', async () => {
        expect((await get(httpPort, '/api/users')).body).toBe('api /api/users http 127.0.0.1');
        expect((await get(httpPort, '/index.html')).body).toMatch(/^web-a \/index.html http/);
      });
      const ing = await h.client.get<Ingress>(INGRESSES, 'default', 'site');
      expect(ing.status?.loadBalancer?.ingress).toEqual([{ ip: '127.0.0.1' }]);
      // DefaultIngressClass admission gave the Ingress, which named no class, the default one.
      expect(ing.spec?.ingressClassName).toBe('minik8s');
    });

    it('routes each request of a client that keeps its connection, and answers 502 when the backend does not', async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const answers = [];
        for (const path of ['/api/1', '/index.html', '/api/2', '/down', '/api/3'])
          answers.push(await get(httpPort, path, undefined, agent));
        expect(answers.map((a) => `${a.status} ${a.body.split(' ').slice(0, 2).join(' ').trim()}`)).toEqual([
          '200 api /api/1',
          '200 web-a /index.html',
          '200 api /api/2',
          '502 502 Bad',
          '200 api /api/3',
        ]);
        // One connection for all of them: the proxy kept it whatever its backends did.
        expect(answers.slice(1).every((a) => a.reused)).toBe(true);
      } finally {
        agent.destroy();
      }
      // A client that asked for one request on its connection gets the same 502.
      expect(await get(httpPort, '/down')).toMatchObject({ status: 502, body: '502 Bad Gateway\n' });
    });

    it('drops what a client sends after a request that closed its connection, and the answer goes on whole', async () => {
      await waitFor('the routes', async () => (await get(httpPort, '/api/ready')).status === 200);
      const sock = net.connect(httpPort, '127.0.0.1');
      let got = '';
      sock.on('data', (d) => (got += d));
      const closed = new Promise((r) => sock.on('close', r));
      sock.write('GET /partial HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n');
      await waitFor('the first half of the answer', () => got.includes('part1-'));
      sock.write('stray bytes');
      partialRest!();
      await closed;
      expect(got).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\npart1-part2$/);
    });

    it('answers 504 when the backend says nothing for the read timeout', async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        expect(await get(httpPort, '/silent', undefined, agent)).toMatchObject({
          status: 504,
          body: '504 Gateway Time-out\n',
        });
        // The same connection carries the next request.
        expect(await get(httpPort, '/api/after', undefined, agent)).toMatchObject({
          status: 200,
          reused: true,
        });
      } finally {
        agent.destroy();
      }
      expect(await get(httpPort, '/silent')).toMatchObject({ status: 504, body: '504 Gateway Time-out\n' });
    });

    it('answers 503 for a missing Service, with a Warning event', async () => {
      expect((await get(httpPort, '/gone')).status).toBe(503);
      const ev = await waitFor('a ServiceNotFound event', async () =>
        (await events('site')).find((e) => e.reason === 'ServiceNotFound'),
      );
      expect(ev.message).toContain('"default/missing"');
    });

    it('serves HTTPS with the certificate of the host the client names (SNI)', async () => {
      const res = await httpsGet(httpsPort, '/api/x', 'secure.test', ca.cert);
      expect(res.cn).toBe('secure.test');
      expect(res.body).toBe('api /api/x https 127.0.0.1');
      // An RSA certificate behind the cluster's EC default, to a TLS 1.3 client as curl's.
      expect((await httpsGet(httpsPort, '/api/x', 'rsa.test', rsa.cert)).cn).toBe('rsa.test');
      // A client that names no host (`curl -k https://127.0.0.1:PORT/`: no SNI for an address)
      // gets the cluster's own certificate, as an unknown name does.
      const unnamed = await new Promise<{ cn: string; body: string }>((resolve, reject) => {
        https
          .get(
            { host: '127.0.0.1', port: httpsPort, path: '/api/y', rejectUnauthorized: false, agent: false },
            (res) => {
              const cn = String((res.socket as import('node:tls').TLSSocket).getPeerCertificate().subject.CN);
              let body = '';
              res.on('data', (d) => (body += d)).on('end', () => resolve({ cn, body }));
            },
          )
          .on('error', reject);
      });
      expect(unnamed.body).toBe('api /api/y https 127.0.0.1');
      expect(unnamed.cn).toBe((await httpsGet(httpsPort, '/api/z', 'unknown.test', '', true)).cn);
    });

    it('passes WebSocket upgrades through', async () => {
      const reply = await new Promise<string>((resolve, reject) => {
        const req = http.request({
          host: '127.0.0.1',
          port: httpPort,
          path: '/api/ws',
          headers: {
            connection: 'Upgrade',
            upgrade: 'websocket',
            'sec-websocket-key': randomBytes(16).toString('base64'),
            'sec-websocket-version': '13',
          },
        });
        req.on('upgrade', (_res, socket) => {
          socket.once('data', (d) => {
            resolve(String(d));
            socket.destroy();
          });
          socket.write('hello');
        });
        req.on('error', reject);
        req.end();
      });
      expect(reply).toBe('api:hello');
    });

    it('leaves Ingresses of another class alone', async () => {
      await h.client.create(INGRESSES, {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'nginx-only', namespace: 'default' },
        spec: {
          ingressClassName: 'nginx',
          defaultBackend: { service: { name: 'api', port: { number: 8000 } } },
        },
      });
      await h.cp.idle();
      await eventually('the served one to have its status', async () => {
        expect(
          (await h.client.get<Ingress>(INGRESSES, 'default', 'site')).status?.loadBalancer?.ingress,
        ).toHaveLength(1);
      });
      expect(
        (await h.client.get<Ingress>(INGRESSES, 'default', 'nginx-only')).status?.loadBalancer?.ingress,
      ).toBeUndefined();
    });
  });
});
