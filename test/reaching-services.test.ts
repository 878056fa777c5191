import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS, NODES, type Node, PODS, type Pod, SERVICES, type Service } from '../src/api/kinds/index.js';
import { Client } from '../src/client/client.js';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { freePort, httpsGet, tlsSecret } from './helpers/host-network.js';
import { eventually, waitFor } from './helpers/wait.js';

// Web pods that serve a page saying their own name.
const web = (app: string, replicas: number) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${app}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${app}}}
  template:
    metadata:
      labels: {app: ${app}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
        - name: web
          image: minik8s/busybox:latest
          command: ["sh", "-c", "mkdir -p /www/api && hostname > /www/index.html && hostname > /www/api/index.html && exec httpd -f -p 8080 -h /www"]
          readinessProbe:
            tcpSocket: {port: 8080}
            periodSeconds: 1
`;

const service = (name: string, type: string, port: number, app = name) => `
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  type: ${type}
  selector: {app: ${app}}
  ports: [{name: http, port: ${port}, targetPort: 8080}]
`;

const text = async (url: string, init?: RequestInit) => {
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.text()).trim() };
};

describe('reaching Services from the host', () => {
  let c: TestCluster;
  let client: Client;
  let httpPort: number;
  let httpsPort: number;
  const podNames: Record<string, string[]> = {};

  // The names of an app's ready pods, once there are `count`: the EndpointSlice controller makes
  // the Services' endpoints of them.
  async function readyPods(app: string, count: number) {
    const pods = await waitFor(
      `${count} ready ${app} pods`,
      async () => {
        const items = (await client.list<Pod>(PODS, { namespace: 'default', labelSelector: `app=${app}` }))
          .items;
        const ready = items.filter(
          (p) =>
            p.status?.podIP && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
        );
        return ready.length === count ? ready : undefined;
      },
      120_000,
    );
    podNames[app] = pods.map((p) => p.metadata.name!).sort();
  }

  const hostnamesSeen = (url: string, want: string[]) => {
    const seen = new Set<string>();
    return waitFor(
      `${url} to reach ${want.join(', ')}`,
      async () => {
        seen.add((await text(url)).body);
        return want.every((n) => seen.has(n)) ? seen : undefined;
      },
      60_000,
      10,
    );
  };

  beforeAll(async () => {
    httpPort = await freePort();
    httpsPort = await freePort();
    c = await startTestCluster({
      nodes: 2,
      config: `ingressHttpPort: ${httpPort}\ningressHttpsPort: ${httpsPort}\nkubelet: {nodeLeaseRenewInterval: 1s}`,
    });
    client = new Client(c.conn);
    await c.kubectl(['apply', '-f', '-'], { input: `${web('web', 3)}\n---\n${web('api', 1)}` });
    await c.kubectl(['apply', '-f', '-'], {
      input: `${service('web', 'NodePort', 80)}\n---\n${service('api', 'ClusterIP', 8000)}`,
    });
    await readyPods('web', 3);
    await readyPods('api', 1);
  }, 300_000);
  afterAll(async () => {
    client?.close();
    await c?.down();
  });

  it('shows the ingress ports in minik8s status', async () => {
    const { stdout } = await c.minik8s(['status', '--name', c.name]);
    expect(stdout).toContain(`http://127.0.0.1:${httpPort},https://127.0.0.1:${httpsPort}`);
  });

  it('answers a NodePort on 127.0.0.1, reaching every pod', async () => {
    const svc = await client.get<Service>(SERVICES, 'default', 'web');
    const nodePort = svc.spec!.ports![0].nodePort!;
    const seen = await hostnamesSeen(`http://127.0.0.1:${nodePort}/`, podNames.web);
    expect([...seen].sort()).toEqual(podNames.web);
  });

  it("answers a NodePort on every node's address", async () => {
    const nodePort = (await client.get<Service>(SERVICES, 'default', 'web')).spec!.ports![0].nodePort!;
    const nodes = (await client.list<Node>(NODES)).items;
    expect(nodes).toHaveLength(2);
    for (const node of nodes) {
      const ip = node.status!.addresses!.find((a) => a.type === 'InternalIP')!.address;
      await eventually(`node ${node.metadata.name} to answer on ${ip}:${nodePort}`, async () => {
        expect(podNames.web).toContain((await text(`http://${ip}:${nodePort}/`)).body);
      });
    }
  });

  it('gives a LoadBalancer EXTERNAL-IP 127.0.0.1 and answers on its port', async () => {
    const port = await freePort();
    await c.kubectl(['create', 'service', 'loadbalancer', 'web-lb', `--tcp=${port}:8080`]);
    await client.patch(
      SERVICES,
      'default',
      'web-lb',
      {
        spec: {
          ports: [{ name: 'http', port, targetPort: 8080, protocol: 'TCP' }],
          selector: { app: 'web' },
        },
      },
      'merge',
    );
    await eventually(
      'EXTERNAL-IP 127.0.0.1',
      async () => {
        const { stdout } = await c.kubectl(['get', 'svc', 'web-lb', '--no-headers']);
        expect(stdout.split(/\s+/)[3]).toBe('127.0.0.1');
      },
      30_000,
    );
    const seen = await hostnamesSeen(`http://127.0.0.1:${port}/`, podNames.web);
    expect(seen.size).toBe(3);
  });

  it('leaves a LoadBalancer on a taken port <pending> with a Warning event', async () => {
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      await c.kubectl(['apply', '-f', '-'], { input: service('blocked', 'LoadBalancer', port, 'web') });
      const ev = await waitFor('a SyncLoadBalancerFailed event', async () =>
        ((await client.list(EVENTS, { namespace: 'default' })).items as any[]).find(
          (e) => e.involvedObject.name === 'blocked' && e.reason === 'SyncLoadBalancerFailed',
        ),
      );
      expect(ev.message).toContain(`listen tcp 127.0.0.1:${port}: bind: address already in use`);
      const { stdout } = await c.kubectl(['get', 'svc', 'blocked', '--no-headers']);
      expect(stdout.split(/\s+/)[3]).toBe('<pending>');
    } finally {
      holder.close();
    }
  });

  it('routes /api and / through an Ingress over HTTP and HTTPS (SNI), with ADDRESS in kubectl', async () => {
    const ca = await tlsSecret(client, 'shop-tls', 'shop.test');
    await c.kubectl(['apply', '-f', '-'], {
      input: `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop}
spec:
  tls: [{hosts: [shop.test], secretName: shop-tls}]
  rules:
    - http:
        paths:
          - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 8000}}}}
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}
`,
    });
    await eventually(
      'ADDRESS 127.0.0.1',
      async () => {
        const { stdout } = await c.kubectl(['get', 'ingress', 'shop', '--no-headers']);
        expect(stdout.split(/\s+/).slice(0, 5)).toEqual(['shop', 'minik8s', '*', '127.0.0.1', '80,']);
      },
      30_000,
    );
    expect((await text(`http://127.0.0.1:${httpPort}/api/`)).body).toBe(podNames.api[0]);
    const seen = await hostnamesSeen(`http://127.0.0.1:${httpPort}/`, podNames.web);
    expect(seen.has(podNames.api[0])).toBe(false);
    const overTls = async (path: string) =>
      (await httpsGet(httpsPort, path, 'shop.test', ca.cert)).body.trim();
    expect(await overTls('/api/')).toBe(podNames.api[0]);
    expect(podNames.web).toContain(await overTls('/'));
    const { stdout } = await c.kubectl(['get', 'ingressclass']);
    expect(stdout).toMatch(/minik8s\s+minik8s\.dev\/ingress\s+<none>/);
  });
  it('answers again after the cluster is stopped and started', async () => {
    const nodePort = (await client.get<Service>(SERVICES, 'default', 'web')).spec!.ports![0].nodePort!;
    await c.minik8s(['stop', '--name', c.name]);
    await expect(text(`http://127.0.0.1:${nodePort}/`)).rejects.toThrow();
    await c.minik8s(['start', '--name', c.name]);
    await eventually(
      'the node port and the ingress after the restart',
      async () => {
        expect(podNames.web).toContain((await text(`http://127.0.0.1:${nodePort}/`)).body);
        expect((await text(`http://127.0.0.1:${httpPort}/api/`)).body).toBe(podNames.api[0]);
      },
      120_000,
    );
  }, 240_000);
});
