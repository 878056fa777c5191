import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_IMAGE } from '../src/runtime/image-names.js';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { eventually } from './helpers/wait.js';

/**
 * The "how a user will try it", inside the cluster: names from the cluster DNS, calls
 * through ClusterIPs held by the network container, and the API through the `kubernetes`
 * Service, all from an ordinary pod with the default dnsPolicy (ClusterFirst).
 */

// Pods answering with their own name, so a caller can tell which one answered.
const web = (name: string, namespace: string, replicas: number) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
        - name: web
          image: minik8s/busybox:latest
          command: ["sh", "-c", "mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www"]
          ports: [{name: http, containerPort: 8080}]
          readinessProbe:
            tcpSocket: {port: http}
            periodSeconds: 1
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {app: ${name}}
  ports: [{name: http, port: 80, targetPort: http}]
`;

const APPS = `${web('web', 'default', 3)}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
${web('api', 'shop', 1)}
---
apiVersion: v1
kind: Service
metadata: {name: alias}
spec: {type: ExternalName, externalName: web.default.svc.cluster.local}
---
apiVersion: v1
kind: Service
metadata: {name: pets}
spec:
  clusterIP: None
  selector: {app: pet}
  ports: [{name: http, port: 8080}]
---
apiVersion: v1
kind: Pod
metadata: {name: pet, labels: {app: pet}}
spec:
  hostname: rex
  subdomain: pets
  terminationGracePeriodSeconds: 1
  containers:
    - {name: main, image: minik8s/busybox:latest, command: ["sleep", "3600"]}
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  terminationGracePeriodSeconds: 1
  containers:
    - {name: main, image: ${NODE_IMAGE}, command: [sleep, infinity]}
`;

/** Calls `url` `n` times from the client pod; the distinct answers and how many calls failed. */
const CALLS = `
const [url, n] = process.argv.slice(1);
const answers = new Set();
let failed = 0;
for (let i = 0; i < Number(n); i++) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
    answers.add((await res.text()).trim());
  } catch { failed++; }
}
console.log(JSON.stringify({ answers: [...answers].sort(), failed }));
`;

const LOOKUP = `
const dns = require('dns').promises;
dns.lookup(process.argv[1]).then((a) => console.log(a.address), (e) => console.log(e.code));
`;

// In-cluster configuration as client libraries read it: the variables, the token and the CA.
const IN_CLUSTER = `
const fs = require('fs');
const dir = '/var/run/secrets/kubernetes.io/serviceaccount';
const host = process.env.KUBERNETES_SERVICE_HOST;
const port = process.env.KUBERNETES_SERVICE_PORT;
require('https').get({
  host, port, servername: 'kubernetes.default.svc',
  path: '/api/v1/namespaces/' + fs.readFileSync(dir + '/namespace', 'utf8') + '/pods',
  ca: fs.readFileSync(dir + '/ca.crt'),
  headers: { Authorization: 'Bearer ' + fs.readFileSync(dir + '/token', 'utf8') },
}, (res) => {
  let body = '';
  res.on('data', (d) => (body += d));
  res.on('end', () => console.log(JSON.stringify({ host, status: res.statusCode, pods: JSON.parse(body).items.map((p) => p.metadata.name) })));
}).on('error', (e) => { console.log(e.message); process.exit(1); });
`;

describe('the cluster network as a user tries it, on two nodes', () => {
  let c: TestCluster;
  const exec = async (...args: string[]) =>
    (await c.kubectl(['exec', 'client', '--', ...args])).stdout.trim();
  const calls = async (url: string, n = 24) =>
    JSON.parse(await exec('node', '--input-type=module', '-e', CALLS, url, String(n))) as {
      answers: string[];
      failed: number;
    };
  const lookup = (name: string) => exec('node', '-e', LOOKUP, name);

  beforeAll(async () => {
    c = await startTestCluster({
      nodes: 2,
      config: 'kubelet: {nodeLeaseRenewInterval: 1s, housekeepingInterval: 1s}',
    });
    await c.kubectl(['apply', '-f', '-'], { input: APPS });
    await c.kubectl(['wait', '--for=condition=Ready', '--timeout=120s', 'pod/client', 'pod/pet']);
    await c.kubectl(['rollout', 'status', 'deploy/web', '--timeout=120s']);
    await c.kubectl(['rollout', 'status', '-n', 'shop', 'deploy/api', '--timeout=120s']);
  });
  afterAll(async () => {
    await c?.down();
  });

  const webPods = async () =>
    (await c.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'name'])).stdout
      .split('\n')
      .filter(Boolean)
      .map((n) => n.replace('pod/', ''))
      .sort();

  it('reaches all 3 web pods as web, web.default and web.default.svc.cluster.local', async () => {
    const pods = await webPods();
    for (const url of ['http://web', 'http://web.default', 'http://web.default.svc.cluster.local']) {
      const got = await eventually(`all 3 pods through ${url}`, async () => {
        const r = await calls(url);
        expect(r.answers).toEqual(pods);
        return r;
      });
      expect(got.failed).toBe(0);
    }
  });

  it('runs logs and exec on a pod of a Deployment or a Service named by TYPE/NAME, as kubectl does', async () => {
    const pods = await webPods();
    const logs = await c.minik8s(['logs', 'deploy/web']);
    expect(logs.stderr).toMatch(new RegExp(`^Found 3 pods, using pod/(${pods.join('|')})$`, 'm'));
    const host = (await c.minik8s(['exec', 'svc/web', '--', 'hostname'])).stdout.trim();
    expect(pods).toContain(host);
    const missing = await c.minik8s(['exec', 'deploy/nothing', '--', 'hostname'], { reject: false });
    expect([missing.exitCode, missing.stderr.trim()]).toEqual([
      1,
      'Error from server (NotFound): deployments.apps "nothing" not found',
    ]);
  });

  it('answers a Service of another namespace as NAME.NS', async () => {
    const r = await calls('http://api.shop', 3);
    expect(r).toMatchObject({ failed: 0, answers: [expect.stringMatching(/^api-/)] });
  });

  it('resolves an ExternalName and a headless Service pod by hostname and subdomain', async () => {
    const webIp = JSON.parse((await c.kubectl(['get', 'svc', 'web', '-o', 'json'])).stdout).spec.clusterIP;
    expect(await lookup('alias')).toBe(webIp);
    const petIp = JSON.parse((await c.kubectl(['get', 'pod', 'pet', '-o', 'json'])).stdout).status.podIP;
    await eventually('rex.pets resolving', async () => {
      expect(await lookup('rex.pets.default.svc.cluster.local')).toBe(petIp);
    });
    expect(await lookup('nothing-here')).toBe('ENOTFOUND');
    // Docker's resolver, the cluster DNS's upstream, knows the bridge's containers by name: a
    // pod must not find nodes or other pods that way, as on Kubernetes.
    expect(await lookup(`${c.name}-control-plane`)).toBe('ENOTFOUND');
    expect(await lookup(`${c.name}-control-plane.minik8s-${c.name}`)).toBe('ENOTFOUND');
    expect(await lookup('pet')).toBe('ENOTFOUND');
  });

  it('reads pods through the API with its own token, in-cluster as client libraries do', async () => {
    const kubernetesIp = JSON.parse((await c.kubectl(['get', 'svc', 'kubernetes', '-o', 'json'])).stdout).spec
      .clusterIP;
    // As on Kubernetes, a service account reads nothing until a binding lets it.
    await c.kubectl([
      'create',
      'rolebinding',
      'default-view',
      '--clusterrole=view',
      '--serviceaccount=default:default',
    ]);
    const r = JSON.parse(await exec('node', '-e', IN_CLUSTER));
    expect(r.host).toBe(kubernetesIp);
    expect(r.status).toBe(200);
    expect(r.pods).toContain('client');
  });

  it('keeps answering when scaled to 1', async () => {
    await c.kubectl(['scale', 'deploy/web', '--replicas=1']);
    await eventually('only the pod left answering', async () => {
      const live = JSON.parse(
        (await c.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'json'])).stdout,
      ).items.filter((p: { metadata: { deletionTimestamp?: string } }) => !p.metadata.deletionTimestamp);
      expect(live).toHaveLength(1);
      expect(await calls('http://web', 12)).toEqual({ answers: [live[0].metadata.name], failed: 0 });
    });
  });
});
