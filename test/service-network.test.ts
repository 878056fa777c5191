import http from 'node:http';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENDPOINT_SLICES, PODS, SERVICES } from '../src/api/kinds/index.js';
import type { Pod, Service } from '../src/api/kinds/types.generated.js';
import type { KubeObject } from '../src/api/types.js';
import { Client } from '../src/client/client.js';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { eventually, waitFor } from './helpers/wait.js';

/** A UDP echo answering `HOSTNAME:` and the datagram. */
const ECHO_SERVER =
  "const s=require('dgram').createSocket('udp4');s.on('message',(m,r)=>s.send(require('os').hostname()+':'+m,r.port,r.address));s.bind(5353)";

const echoPod = (name: string) => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: ${name}}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
    - name: echo
      image: minik8s/node:0.1.0
      command: ["/usr/bin/node", "-e", "${ECHO_SERVER}"]
      ports: [{name: echo, containerPort: 5353, protocol: UDP}]`;

const WEB = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
        - name: web
          image: minik8s/busybox:latest
          command: ["sh", "-c", "mkdir -p /www && hostname > /www/index.html && httpd -f -p 8080 -h /www"]
          ports: [{name: http, containerPort: 8080}]
          readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: empty}
spec:
  selector: {app: nothing}
  ports: [{name: t, port: 80}, {name: u, port: 53, protocol: UDP}]
---${echoPod('echo')}
---${echoPod('echo2')}
---
apiVersion: v1
kind: Service
metadata: {name: echo}
spec:
  ports: [{name: echo, port: 53, targetPort: echo, protocol: UDP}]
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  terminationGracePeriodSeconds: 1
  containers:
    - {name: client, image: "minik8s/node:0.1.0", command: ["/bin/sleep", "infinity"]}
`;

/** Run in the client pod: `count` fresh connections to HOST:PORT, answered pod names counted, or how the first failed and after how long. */
const HITS = `
const http = require('http');
const [host, port, count] = process.argv.slice(1);
const seen = {};
const one = () => new Promise((res, rej) => {
  const r = http.get({ host, port: +port, agent: false, timeout: 3000 }, (m) => {
    let b = ''; m.on('data', (d) => (b += d)); m.on('end', () => res(b.trim()));
  });
  r.on('error', rej);
  r.on('timeout', () => r.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
});
(async () => {
  for (let i = 0; i < +count; i++) { const b = await one(); seen[b] = (seen[b] || 0) + 1; }
  console.log(JSON.stringify({ seen }));
})().catch((e) => console.log(JSON.stringify({ error: e.code || e.message })));
`;

/**
 * Run in the client pod: a datagram to HOST:PORT on a connected socket (from local port FROM if
 * given), again after 300 ms, and the answer, or the refusal an ICMP port unreachable makes the
 * second send fail with.
 */
const UDP = `
const [host, port, from] = process.argv.slice(1);
const s = require('dgram').createSocket('udp4');
const done = (r) => { console.log(JSON.stringify(r)); process.exit(0); };
setTimeout(() => done({ answer: null }), 3000);
s.on('message', (m) => done({ answer: String(m) }));
s.on('error', (e) => done({ error: e.code }));
s.bind(from ? +from : 0, () =>
  s.connect(+port, host, () => { s.send('hi'); setTimeout(() => s.send('hi'), 300); }),
);
`;

describe('the service network on a cluster of two nodes', () => {
  let c: TestCluster;
  let client: Client;
  let webIps: { name: string; ip: string; node: string }[];
  const network = () => `${c.name}-network`;

  const inPod = async (script: string, args: string[]) => {
    const { stdout } = await c.kubectl(['exec', 'client', '--', '/usr/bin/node', '-e', script, ...args]);
    return JSON.parse(String(stdout).trim().split('\n').at(-1)!);
  };
  const clusterIp = async (name: string) =>
    ((await client.get(SERVICES, 'default', name)) as Service).spec!.clusterIP!;
  const slice = (service: string, ports: object[], endpoints: object[]) => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `${service}-manual`,
      namespace: 'default',
      labels: { 'kubernetes.io/service-name': service },
    },
    addressType: 'IPv4',
    ports,
    endpoints,
  });
  const webSlice = (notReady: string[] = []) =>
    slice(
      'web',
      [{ name: 'http', port: 8080, protocol: 'TCP' }],
      webIps.map((p) => ({
        addresses: [p.ip],
        conditions: { ready: !notReady.includes(p.ip) },
        nodeName: p.node,
        targetRef: { kind: 'Pod', namespace: 'default', name: p.name },
      })),
    );

  beforeAll(async () => {
    c = await startTestCluster({ nodes: 2 });
    client = new Client(c.conn);
    await c.kubectl(['apply', '-f', '-'], { input: WEB });
    await c.kubectl(['wait', '--for=condition=Ready', 'pod', '--all', '--timeout=90s']);
    const pods = (await client.list(PODS, { namespace: 'default' })).items as Pod[];
    webIps = pods
      .filter((p) => p.metadata.labels?.app === 'web')
      .map((p) => ({ name: p.metadata.name!, ip: p.status!.podIP!, node: p.spec!.nodeName! }));
    const echo = pods.find((p) => p.metadata.name === 'echo')!;
    // Services without a selector, with the EndpointSlices the EndpointSlice controller would
    // write: no controller changes them, so the test decides which endpoints are ready.
    await client.create(ENDPOINT_SLICES, webSlice());
    await client.create(
      ENDPOINT_SLICES,
      slice('echo', [{ name: 'echo', port: 5353, protocol: 'UDP' }], [{ addresses: [echo.status!.podIP] }]),
    );
  }, 180_000);

  afterAll(async () => {
    client?.close();
    await c?.down();
  });

  it('gives Services addresses in the second quarter of the bridge, kube-dns the tenth', async () => {
    const { stdout } = await c.kubectl([
      'get',
      'svc',
      '-A',
      '-o',
      'jsonpath={range .items[*]}{.metadata.name}={.spec.clusterIP} {end}',
    ]);
    const ips = Object.fromEntries(
      String(stdout)
        .trim()
        .split(' ')
        .map((kv) => kv.split('=')),
    );
    const base = ips.kubernetes.split('.').slice(0, 2).join('.');
    expect(ips.kubernetes).toBe(`${base}.64.1`);
    expect(ips['kube-dns']).toBe(`${base}.64.10`);
    expect(ips.web).toMatch(
      new RegExp(`^${base.replace('.', '\\.')}\\.(6[4-9]|[7-9]\\d|1[01]\\d|12[0-7])\\.`),
    );
    const status = await c.minik8s(['status', '--name', c.name]);
    expect(String(status.stdout)).toMatch(new RegExp(`running ${base.replace('.', '\\.')}\\.63\\.254`));
  });

  it('balances calls to the ClusterIP over all 3 pods, from a pod and from the host', async () => {
    const ip = await clusterIp('web');
    const { seen } = await eventually('calls through the ClusterIP', async () => {
      const r = await inPod(HITS, [ip, '80', '40']);
      expect(Object.keys(r.seen ?? {})).toHaveLength(3);
      return r;
    });
    expect(Object.keys(seen).sort()).toEqual(webIps.map((p) => p.name).sort());
    const fromHost = await new Promise<string>((resolve, reject) =>
      http
        .get({ host: ip, port: 80, agent: false, timeout: 3000 }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve(body.trim()));
        })
        .on('error', reject),
    );
    expect(webIps.map((p) => p.name)).toContain(fromHost);
    // The host sends service addresses to the bridge (its on-link subnet route), never to a gateway.
    const { stdout: route } = await execa('ip', ['route', 'get', ip]);
    expect(String(route)).toMatch(/ dev br-[0-9a-f]+ /);
    expect(String(route)).not.toContain(' via ');
  });

  it('refuses at once a Service with no endpoints and an unallocated address, answered by the network container', async () => {
    const empty = await clusterIp('empty');
    expect(await inPod(HITS, [empty, '80', '1'])).toEqual({ error: 'ECONNREFUSED' });
    const unallocated = empty.replace(/\.\d+\.\d+$/, '.120.7');
    expect(await inPod(HITS, [unallocated, '80', '1'])).toEqual({ error: 'ECONNREFUSED' });
    // The pod sent to the network container's own link address: nothing went to the gateway and out.
    const { stdout: mac } = await execa('docker', [
      'inspect',
      network(),
      '--format',
      '{{range .NetworkSettings.Networks}}{{.MacAddress}}{{end}}',
    ]);
    const arp = await inPod(
      `console.log(JSON.stringify(require('fs').readFileSync('/proc/net/arp','utf8').split('\\n').find((l) => l.startsWith(process.argv[1] + ' ')) || ''))`,
      [unallocated],
    );
    expect(arp).toContain(String(mac).trim());
  });

  it('proxies UDP, and refuses UDP with no endpoint by ICMP', async () => {
    const echo = await clusterIp('echo');
    await eventually('a UDP answer through the ClusterIP', async () =>
      expect(await inPod(UDP, [echo, '53'])).toEqual({ answer: 'echo:hi' }),
    );
    expect(await inPod(UDP, [await clusterIp('empty'), '53'])).toEqual({ error: 'ECONNREFUSED' });
  });

  it('moves a UDP flow whose endpoint left to the one that replaced it', async () => {
    const echo = await clusterIp('echo');
    // One source port throughout: the flow stays tracked while its packets keep coming.
    expect(await inPod(UDP, [echo, '53', '40053'])).toEqual({ answer: 'echo:hi' });
    const echo2 = ((await client.get(PODS, 'default', 'echo2')) as Pod).status!.podIP!;
    await client.update(ENDPOINT_SLICES, {
      ...(await client.get(ENDPOINT_SLICES, 'default', 'echo-manual')),
      endpoints: [{ addresses: [echo2] }],
    } as KubeObject);
    await eventually('the same flow answered by the new endpoint', async () =>
      expect(await inPod(UDP, [echo, '53', '40053'])).toEqual({ answer: 'echo2:hi' }),
    );
  });

  it('keeps a client on one pod with ClientIP affinity', async () => {
    await client.patch(SERVICES, 'default', 'web', { spec: { sessionAffinity: 'ClientIP' } }, 'merge');
    await eventually('calls sticking to one pod', async () => {
      const { seen } = await inPod(HITS, [await clusterIp('web'), '80', '15']);
      expect(Object.keys(seen)).toHaveLength(1);
    });
    await client.patch(SERVICES, 'default', 'web', { spec: { sessionAffinity: 'None' } }, 'merge');
  });

  it('sends internalTrafficPolicy Local calls to pods on the client node only', async () => {
    const clientNode = ((await client.get(PODS, 'default', 'client')) as Pod).spec!.nodeName!;
    const local = webIps.filter((p) => p.node === clientNode).map((p) => p.name);
    await client.patch(SERVICES, 'default', 'web', { spec: { internalTrafficPolicy: 'Local' } }, 'merge');
    await eventually('calls to local pods only', async () => {
      const r = await inPod(HITS, [await clusterIp('web'), '80', '20']);
      if (local.length === 0) expect(r).toEqual({ error: 'ECONNREFUSED' });
      else expect(Object.keys(r.seen).every((n) => local.includes(n))).toBe(true);
    });
    await client.patch(SERVICES, 'default', 'web', { spec: { internalTrafficPolicy: 'Cluster' } }, 'merge');
  });

  it('gives an endpoint that stops being ready no new connections', async () => {
    const gone = webIps[0]!;
    await client.update(ENDPOINT_SLICES, {
      ...(await client.get(ENDPOINT_SLICES, 'default', 'web-manual')),
      endpoints: webSlice([gone.ip]).endpoints,
    } as KubeObject);
    await eventually('calls avoiding the not-ready pod', async () => {
      const { seen } = await inPod(HITS, [await clusterIp('web'), '80', '30']);
      expect(Object.keys(seen).sort()).toEqual(
        webIps
          .slice(1)
          .map((p) => p.name)
          .sort(),
      );
    });
  });

  it('is restarted by Docker when its process dies, and serves again', async () => {
    const { stdout } = await execa('docker', [
      'inspect',
      network(),
      '--format',
      '{{.State.Pid}} {{.RestartCount}}',
    ]);
    const [initPid, restarts] = String(stdout).trim().split(' ').map(Number);
    // The container's init (tini) runs one child: `minik8s network`.
    const { stdout: child } = await execa('pgrep', ['-P', String(initPid)]);
    process.kill(Number(child.trim()), 'SIGKILL');
    await waitFor('Docker to restart the network container', async () => {
      const { stdout: now } = await execa('docker', [
        'inspect',
        network(),
        '--format',
        '{{.State.Running}} {{.RestartCount}}',
      ]);
      const [running, count] = String(now).trim().split(' ');
      return running === 'true' && Number(count) > restarts!;
    });
    await eventually('calls through the ClusterIP again', async () => {
      const r = await inPod(HITS, [await clusterIp('web'), '80', '10']);
      expect(Object.keys(r.seen ?? {}).length).toBeGreaterThan(0);
    });
  });

  it('is stopped by `stop` and resumed by `up`, holding the range again', async () => {
    await c.minik8s(['stop', '--name', c.name]);
    expect(String((await c.minik8s(['status', '--name', c.name])).stdout)).toMatch(/Stopped .* exited /);
    await c.minik8s(['up', '--name', c.name]);
    expect(String((await c.minik8s(['status', '--name', c.name])).stdout)).toMatch(/Running .* running /);
    await c.kubectl(['wait', '--for=condition=Ready', 'pod/client', '--timeout=90s']);
    const unallocated = (await clusterIp('empty')).replace(/\.\d+\.\d+$/, '.121.9');
    await eventually('the range refused again', async () =>
      expect(await inPod(HITS, [unallocated, '80', '1'])).toEqual({ error: 'ECONNREFUSED' }),
    );
  });

  it('is removed by `down`', async () => {
    await c.down();
    const { stdout } = await execa('docker', [
      'ps',
      '-a',
      '--filter',
      `name=^${network()}$`,
      '--format',
      '{{.Names}}',
    ]);
    expect(String(stdout).trim()).toBe('');
  });
});
