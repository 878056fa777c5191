import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENDPOINT_SLICES,
  ENDPOINTS,
  type EndpointSlice,
  type Endpoints,
  PODS,
  type Pod,
  SERVICES,
  type Service,
} from '../src/api/kinds/index.js';
import { Client } from '../src/client/client.js';
import { NODE_IMAGE } from '../src/runtime/image-names.js';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { eventually, waitFor } from './helpers/wait.js';

// Web pods ready while /tmp/ready exists: a test takes a pod out of service by removing it.
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
          command: ["sh", "-c", "touch /tmp/ready; exec httpd -f -p 8080"]
          ports: [{name: http, containerPort: 8080}]
          readinessProbe:
            exec: {command: ["cat", "/tmp/ready"]}
            periodSeconds: 1
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
`;

// Reads its namespace's pods through the API with its own token, verifying the server with the mounted CA.
const READER = (api: { ip: string; port: number }, links = true) => `
apiVersion: v1
kind: Pod
metadata: {name: reader${links ? '' : '-nolinks'}}
spec:
  restartPolicy: Never
  enableServiceLinks: ${links}
  containers:
    - name: reader
      image: ${NODE_IMAGE}
      command:
        - node
        - -e
        - |
          const fs = require('fs'), https = require('https');
          const dir = '/var/run/secrets/kubernetes.io/serviceaccount/';
          const ns = fs.readFileSync(dir + 'namespace', 'utf8');
          const get = (servername) => new Promise((resolve, reject) => {
            https.get({
              host: '${api.ip}', port: ${api.port}, servername, path: '/api/v1/namespaces/' + ns + '/pods',
              ca: fs.readFileSync(dir + 'ca.crt'),
              headers: { Authorization: 'Bearer ' + fs.readFileSync(dir + 'token', 'utf8') },
            }, (res) => {
              let body = '';
              res.on('data', (c) => (body += c));
              res.on('end', () => resolve({ status: res.statusCode, pods: JSON.parse(body).items.map((p) => p.metadata.name) }));
            }).on('error', reject);
          });
          Promise.all([get(undefined), get('kubernetes.default.svc')]).then(([byIp, byName]) => {
            const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(WEB|KUBERNETES)_/.test(k)));
            console.log(JSON.stringify({ ns, byIp, byName, env }));
          });
`;

const rows = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s{2,}/));

describe('Services: endpoints, service variables and service-account tokens on real nodes', () => {
  let c: TestCluster;
  let client: Client;
  beforeAll(async () => {
    c = await startTestCluster({ nodes: 2, config: 'kubelet: {housekeepingInterval: 1s}' });
    client = new Client(c.conn);
  });
  afterAll(async () => {
    client?.close();
    await c?.down();
  });

  const webPods = async () =>
    (await client.list<Pod>(PODS, { namespace: 'default', labelSelector: 'app=web' })).items;
  const slices = async () =>
    (
      await client.list<EndpointSlice>(ENDPOINT_SLICES, {
        namespace: 'default',
        labelSelector: 'kubernetes.io/service-name=web',
      })
    ).items;

  it('lists the ready pods of a Deployment behind a Service, follows readiness and scale', async () => {
    await c.kubectl(['apply', '-f', '-'], { input: WEB });
    const ips = await waitFor(
      'three ready endpoints',
      async () => {
        const ep = await client.get<Endpoints>(ENDPOINTS, 'default', 'web');
        const addrs = ep.subsets?.[0]?.addresses ?? [];
        return addrs.length === 3 && addrs.map((a) => a.ip);
      },
      90_000,
    );
    const [head, row] = rows((await c.kubectl(['get', 'ep', 'web'])).stdout);
    expect(head).toEqual(['NAME', 'ENDPOINTS', 'AGE']);
    expect(row[0]).toBe('web');
    expect(row[1].split(',').sort()).toEqual(ips.map((ip) => `${ip}:8080`).sort());

    const [sliceHead, sliceRow] = rows(
      (await c.kubectl(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web'])).stdout,
    );
    expect(sliceHead).toEqual(['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE']);
    expect(sliceRow[0]).toMatch(/^web-[a-z0-9]{5}$/);
    expect(sliceRow.slice(1, 3)).toEqual(['IPv4', '8080']);
    expect(sliceRow[3].split(',').sort()).toEqual([...ips].sort());

    // One pod fails its readiness probe: it moves to the not ready addresses.
    const [out] = (await webPods()).filter((p) => p.status?.podIP === ips[0]);
    await c.kubectl(['exec', out.metadata.name!, '--', 'busybox', 'rm', '/tmp/ready']);
    await eventually('the pod out of service', async () => {
      const ep = await client.get<Endpoints>(ENDPOINTS, 'default', 'web');
      expect(ep.subsets?.[0]?.notReadyAddresses?.map((a) => a.ip)).toEqual([ips[0]]);
      expect(ep.subsets?.[0]?.addresses).toHaveLength(2);
      const endpoint = (await slices()).flatMap((s) => s.endpoints).find((e) => e.addresses[0] === ips[0]);
      expect(endpoint?.conditions).toEqual({ ready: false, serving: false, terminating: false });
    });
    const describe = (await c.kubectl(['describe', 'svc', 'web'])).stdout;
    expect(describe).toMatch(/Endpoints:\s+\S+:8080,\S+:8080\n/);
    expect(describe).not.toContain(`${ips[0]}:8080`);

    await c.kubectl(['scale', 'deployment', 'web', '--replicas=1']);
    await eventually(
      'one endpoint left',
      async () => {
        const all = (await slices()).flatMap((s) => s.endpoints);
        expect(all).toHaveLength(1);
        const ep = await client.get<Endpoints>(ENDPOINTS, 'default', 'web');
        expect([
          ...(ep.subsets?.[0]?.addresses ?? []),
          ...(ep.subsets?.[0]?.notReadyAddresses ?? []),
        ]).toHaveLength(1);
      },
      60_000,
    );
  });

  it('keeps the same slices across a control-plane restart, and mirrors hand-made Endpoints', async () => {
    await c.kubectl(['apply', '-f', '-'], {
      input: `
apiVersion: v1
kind: Service
metadata: {name: outside}
spec:
  ports: [{name: http, port: 80}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: outside}
subsets:
  - addresses: [{ip: 10.244.0.77}]
    ports: [{name: http, port: 8080}]
`,
    });
    const mirrored = await waitFor('the mirrored slice', async () => {
      const out = (await c.kubectl(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=outside']))
        .stdout;
      return out.includes('10.244.0.77') && rows(out);
    });
    expect(mirrored[1].slice(1, 4)).toEqual(['IPv4', '8080', '10.244.0.77']);
    const names = async () =>
      (await client.list<EndpointSlice>(ENDPOINT_SLICES, { namespace: 'default' })).items
        .map((s) => s.metadata.name)
        .sort();
    const before = await names();

    const pidFile = join(c.home, c.name, 'server.pid');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    process.kill(pid, 'SIGTERM');
    await waitFor('the control plane to stop', () => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    });
    await c.minik8s(['up', '--name', c.name]);
    client.close();
    client = new Client(c.conn);
    await c.kubectl(['scale', 'deployment', 'web', '--replicas=2']);
    await eventually(
      'the scaled pods in the same slice',
      async () => {
        expect(await names()).toEqual(before);
        expect((await slices()).flatMap((s) => s.endpoints)).toHaveLength(2);
      },
      60_000,
    );
  });

  it('exposes a Deployment with minik8s expose, shown by get svc -o wide', async () => {
    const made = await c.minik8s([
      'expose',
      'deploy/web',
      '--port',
      '8000',
      '--target-port',
      'http',
      '--name',
      'web-alt',
    ]);
    expect(made.stdout.trim()).toBe('service/web-alt exposed');
    const svc = await client.get<Service>(SERVICES, 'default', 'web-alt');
    expect(svc.spec).toMatchObject({
      type: 'ClusterIP',
      selector: { app: 'web' },
      ports: [{ port: 8000, protocol: 'TCP', targetPort: 'http' }],
    });
    const [head, row] = rows((await c.minik8s(['get', 'svc', 'web-alt', '-o', 'wide'])).stdout);
    expect(head).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR']);
    expect(row).toEqual([
      'web-alt',
      'ClusterIP',
      svc.spec?.clusterIP,
      '<none>',
      '8000/TCP',
      expect.any(String),
      'app=web',
    ]);
    await eventually('its endpoints', async () => {
      const ep = await client.get<Endpoints>(ENDPOINTS, 'default', 'web-alt');
      expect(ep.subsets?.[0]?.ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    });
    const refused = await c.minik8s(['expose', 'cm/kube-root-ca.crt', '--port', '80'], { reject: false });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr.trim()).toBe('error: cannot expose a ConfigMap');
  });

  it('gives pods the API server as the kubernetes Service, its variables, and a token that reads the API', async () => {
    const info = JSON.parse(readFileSync(join(c.home, c.name, 'cluster.json'), 'utf8'));
    const api = { ip: info.gateway as string, port: info.port as number };
    const [, ep] = rows((await c.kubectl(['get', 'ep', 'kubernetes'])).stdout);
    expect(ep.slice(0, 2)).toEqual(['kubernetes', `${api.ip}:${api.port}`]);

    // As on Kubernetes, a service account reads nothing until a binding lets it.
    await c.kubectl([
      'create',
      'rolebinding',
      'default-view',
      '--clusterrole=view',
      '--serviceaccount=default:default',
    ]);
    await c.kubectl(['apply', '-f', '-'], { input: READER(api) });
    await c.kubectl(['apply', '-f', '-'], { input: READER(api, false) });
    const output = async (name: string) =>
      JSON.parse(
        await waitFor(
          `${name} to finish`,
          async () => {
            const pod = await client.get<Pod>(PODS, 'default', name);
            if (pod.status?.phase === 'Failed') throw new Error((await c.kubectl(['logs', name])).stdout);
            return pod.status?.phase === 'Succeeded' && (await c.kubectl(['logs', name])).stdout;
          },
          90_000,
        ),
      );
    const seen = await output('reader');
    expect(seen.ns).toBe('default');
    for (const answer of [seen.byIp, seen.byName]) {
      expect(answer.status).toBe(200);
      expect(answer.pods).toContain('reader');
    }
    const kube = await client.get<Service>(SERVICES, 'default', 'kubernetes');
    const web = await client.get<Service>(SERVICES, 'default', 'web');
    expect(seen.env).toMatchObject({
      KUBERNETES_SERVICE_HOST: kube.spec?.clusterIP,
      KUBERNETES_SERVICE_PORT: '443',
      KUBERNETES_SERVICE_PORT_HTTPS: '443',
      WEB_SERVICE_HOST: web.spec?.clusterIP,
      WEB_SERVICE_PORT: '80',
      WEB_SERVICE_PORT_HTTP: '80',
      WEB_PORT: `tcp://${web.spec?.clusterIP}:80`,
      WEB_PORT_80_TCP: `tcp://${web.spec?.clusterIP}:80`,
      WEB_PORT_80_TCP_PROTO: 'tcp',
      WEB_PORT_80_TCP_PORT: '80',
      WEB_PORT_80_TCP_ADDR: web.spec?.clusterIP,
    });
    const quiet = await output('reader-nolinks');
    expect(quiet.env.KUBERNETES_SERVICE_HOST).toBe(kube.spec?.clusterIP);
    expect(Object.keys(quiet.env).filter((k) => k.startsWith('WEB_'))).toEqual([]);
  });
});
