import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrometheusText, sumOf } from '../src/client/prometheus-text.js';
import { containerStats } from '../src/runtime/docker/container-info.js';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { eventually } from './helpers/wait.js';

const WORKLOAD = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata:
      labels: { app: web }
    spec:
      terminationGracePeriodSeconds: 0
      containers:
        - name: app
          image: minik8s/busybox:latest
          imagePullPolicy: IfNotPresent
          command: ["sh", "-c", "i=0; while :; do echo line $i; i=$((i+1)); sleep 1; done"]
`;

describe('monitoring a cluster on Docker nodes', () => {
  let c: TestCluster;
  let node: string;
  const raw = async (path: string) => parsePrometheusText((await c.kubectl(['get', '--raw', path])).stdout);

  beforeAll(async () => {
    c = await startTestCluster({ nodes: 1 });
    await c.kubectl(['apply', '-f', '-'], { input: WORKLOAD });
    await c.kubectl(['rollout', 'status', 'deployment/web', '--timeout=120s']);
    node = (await c.kubectl(['get', 'nodes', '-o', 'jsonpath={.items[0].metadata.name}'])).stdout;
  });
  afterAll(async () => {
    await c?.down();
  });

  it("serves the node agent's metrics through the API server's nodes/proxy", async () => {
    await eventually("the started pod in the node's metrics", async () => {
      const samples = await raw(`/api/v1/nodes/${node}/proxy/metrics`);
      expect(sumOf(samples, 'kubelet_running_pods')).toBeGreaterThanOrEqual(1);
      expect(
        sumOf(samples, 'kubelet_running_containers', { container_state: 'running' }),
      ).toBeGreaterThanOrEqual(1);
      expect(sumOf(samples, 'kubelet_pod_start_sli_duration_seconds_count')).toBeGreaterThanOrEqual(1);
      expect(sumOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    });
  });

  it('serves its metrics directly only to whom the API server says may read them, as a kubelet does', async () => {
    const ip = (
      await c.kubectl([
        'get',
        'node',
        node,
        '-o',
        'jsonpath={.status.addresses[?(@.type=="InternalIP")].address}',
      ])
    ).stdout;
    // The node's address is on the cluster's own bridge.
    const get = async (token?: string) => {
      const res = await fetch(`http://${ip}:10250/metrics`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      return [res.status, await res.text()];
    };
    expect(await get()).toEqual([401, 'Unauthorized\n']);
    await c.kubectl(['create', 'serviceaccount', 'scraper']);
    const token = (await c.kubectl(['create', 'token', 'scraper'])).stdout.trim();
    expect(await get(token)).toEqual([
      403,
      'Forbidden (user=system:serviceaccount:default:scraper, verb=get, resource=nodes, subresource(s)=[metrics])\n',
    ]);
    await c.kubectl(['create', 'serviceaccount', 'reader']);
    await c.kubectl(['create', 'clusterrole', 'node-metrics', '--verb=get', '--resource=nodes/metrics']);
    await c.kubectl([
      'create',
      'clusterrolebinding',
      'reader',
      '--clusterrole=node-metrics',
      '--serviceaccount=default:reader',
    ]);
    // Once RBAC says yes: the kubelet would remember an earlier no for 30 s, as its webhook cache does.
    await eventually('the binding in force', async () => {
      const { stdout } = await c.kubectl(
        [
          'auth',
          'can-i',
          'get',
          'nodes',
          '--subresource=metrics',
          '--as=system:serviceaccount:default:reader',
        ],
        { reject: false },
      );
      expect(stdout).toBe('yes');
    });
    const reader = (await c.kubectl(['create', 'token', 'reader'])).stdout.trim();
    const [status, text] = await get(reader);
    expect(status).toBe(200);
    expect(sumOf(parsePrometheusText(text as string), 'kubelet_running_pods')).toBeGreaterThanOrEqual(1);
  });

  it("serves each pod container's CPU, memory and network as cAdvisor names them", async () => {
    const samples = await raw(`/api/v1/nodes/${node}/proxy/metrics/cadvisor`);
    const app = { namespace: 'default', container: 'app' };
    expect(sumOf(samples, 'container_cpu_usage_seconds_total', app)).toBeGreaterThan(0);
    expect(sumOf(samples, 'container_memory_working_set_bytes', app)).toBeGreaterThan(0);
    const web = samples.find(
      (s) => s.name === 'container_network_receive_bytes_total' && s.labels.container === 'POD',
    );
    expect(web?.labels.pod).toMatch(/^web-/);
    expect(samples.some((s) => s.name === 'container_network_transmit_bytes_total')).toBe(true);
  });

  it("reads the node's cgroup files as Docker's own stats of the same container read them", async () => {
    const t0 = performance.now();
    const samples = await raw(`/api/v1/nodes/${node}/proxy/metrics/cadvisor`);
    const cpu = samples.find(
      (s) => s.name === 'container_cpu_usage_seconds_total' && s.labels.container === 'app',
    );
    const id = cpu?.labels.id.replace('/docker/', '') ?? '';
    const docker = containerStats(
      await new Docker().getContainer(id).stats({ stream: false, 'one-shot': true }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    const scraped = cpu?.value ?? Number.NaN;
    // CPU time only grows, and by at most every core's worth of the time between the two readings.
    expect(docker.cpuUsageCoreNanoSeconds / 1e9).toBeGreaterThanOrEqual(scraped);
    expect(docker.cpuUsageCoreNanoSeconds / 1e9 - scraped).toBeLessThanOrEqual(elapsed * cpus().length);
    const memory = sumOf(samples, 'container_memory_working_set_bytes', { container: 'app' });
    // A busybox shell printing a line a second: its memory moves by pages, not megabytes.
    expect(Math.abs(docker.memoryWorkingSetBytes - memory)).toBeLessThan(2 * 2 ** 20);
  });

  it('prints the health figures with minik8s metrics', async () => {
    const { stdout } = await c.minik8s(['metrics']);
    expect(stdout).toMatch(
      /^API requests \(since the API server started \S+ ago\)\n\s+VERB\s+REQUESTS\s+RATE\/S\s+P50\s+P99\n/,
    );
    expect(stdout).toMatch(/^\s+LIST\s+\d+\s+[\d.]+\s+\S+\s+\S+$/m);
    expect(stdout).toMatch(/^Store\s+\d+ objects, [\d.]+(KiB|MiB), p99 operation \S+$/m);
    expect(stdout).toMatch(/^Pod startup\s+p50 [\d.]+m?s, p99 [\d.]+m?s \(1 of 1 nodes answered\)$/m);
    expect(stdout).toMatch(/^\s+replicaset-controller\s+\d+\s+\d+/m);
    const windowed = await c.minik8s(['metrics', '--window', '1s']);
    expect(windowed.stdout).toMatch(/^API requests \(over 1s\)/);
    const bad = await c.minik8s(['metrics', '--window', 'soon'], { reject: false });
    expect(bad.exitCode).toBe(1);
    expect(bad.all).toBe('error: invalid --window "soon": use a duration such as 5s');
  });

  it("prints every selected pod's lines after its prefix, and kubectl logs -l reads the same pods", async () => {
    const { stdout } = await c.minik8s(['logs', '-l', 'app=web', '--tail', '2']);
    const lines = stdout.split('\n');
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatch(/^\[pod\/web-[a-z0-9]+-[a-z0-9]+\/app\] line \d+$/);
    const kubectl = await c.kubectl(['logs', '-l', 'app=web', '--prefix', '--tail', '1']);
    expect(kubectl.stdout).toMatch(/^\[pod\/web-[a-z0-9]+-[a-z0-9]+\/app\] line \d+$/);
    const none = await c.minik8s(['logs', '-l', 'app=nothing']);
    expect(none.stderr).toBe('No resources found in default namespace.');
  });

  it('prints the last 10 lines of each pod for a selector without --tail, as kubectl logs -l', async () => {
    await eventually('the web pod to have logged more than 10 lines', async () =>
      expect((await c.kubectl(['logs', 'deploy/web'])).stdout.split('\n').length).toBeGreaterThan(12),
    );
    const lines = (await c.minik8s(['logs', '-l', 'app=web'])).stdout.split('\n');
    expect(lines).toHaveLength(10);
    const numbers = lines.map((l) => Number(/^\[pod\/web-\S+\/app\] line (\d+)$/.exec(l)?.[1]));
    expect(numbers.every((n, i) => i === 0 || n === numbers[i - 1] + 1)).toBe(true);
    expect((await c.kubectl(['logs', '-l', 'app=web'])).stdout.split('\n')).toHaveLength(10);
    const all = (await c.minik8s(['logs', '-l', 'app=web', '--tail', '-1'])).stdout.split('\n');
    expect(all.length).toBeGreaterThan(10);
  });

  it("prints a crash-looping container's last run, as kubectl logs does", async () => {
    await c.kubectl([
      'run',
      'crash',
      '--image=minik8s/busybox:latest',
      '--image-pull-policy=IfNotPresent',
      '--labels=app=crash',
      '--command',
      '--',
      'sh',
      '-c',
      'echo crashing; exit 1',
    ]);
    await eventually(
      'the crash pod in CrashLoopBackOff',
      async () =>
        expect(
          (
            await c.kubectl([
              'get',
              'pod',
              'crash',
              '-o',
              'jsonpath={.status.containerStatuses[0].state.waiting.reason}',
            ])
          ).stdout,
        ).toBe('CrashLoopBackOff'),
      90_000,
    );
    expect((await c.kubectl(['logs', '-l', 'app=crash'])).stdout).toBe('crashing');
    expect((await c.minik8s(['logs', '-l', 'app=crash'])).stdout).toBe('[pod/crash/crash] crashing');
    expect((await c.minik8s(['logs', 'crash'])).stdout).toBe('crashing');
    await c.kubectl(['delete', 'pod', 'crash', '--wait=false']);
  });

  it('follows the pods of a Deployment, picking up a pod that starts later, until interrupted', async () => {
    const follow = c.minik8s(['logs', 'deploy/web', '-f', '--tail', '1'], { reject: false });
    let out = '';
    follow.all?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const podsIn = () => new Set([...out.matchAll(/^\[pod\/(web-\S+)\/app\] line \d+$/gm)].map((m) => m[1]));
    await eventually('the running pod to be followed', async () => expect(podsIn().size).toBe(1));
    await c.kubectl(['scale', 'deployment/web', '--replicas=2']);
    await eventually('the new pod to be followed too', async () => expect(podsIn().size).toBe(2), 90_000);
    follow.kill('SIGINT');
    expect((await follow).exitCode).toBe(0);
  });

  it('lists the cluster with minik8s clusters and makes its context current with minik8s use', async () => {
    const listed = (await c.minik8s(['clusters'])).stdout;
    expect(listed).toMatch(/^CURRENT\s+NAME\s+STATUS\s+NODES\s+API\s+AGE$/m);
    expect(listed).toMatch(
      new RegExp(`^\\*\\s+${c.name}\\s+Running\\s+1\\s+https://127\\.0\\.0\\.1:\\d+\\s+\\S+$`, 'm'),
    );
    await c.kubectl(['config', 'unset', 'current-context']);
    expect((await c.minik8s(['clusters'])).stdout).not.toMatch(/^\*/m);
    expect((await c.minik8s(['use', c.name])).stdout).toBe(`Switched to context "minik8s-${c.name}".`);
    expect((await c.kubectl(['config', 'current-context'])).stdout).toBe(`minik8s-${c.name}`);
    const missing = await c.minik8s(['use', 'nothing'], { reject: false });
    expect([missing.exitCode, missing.stderr]).toEqual([
      1,
      `error: no cluster "nothing" (clusters: ${c.name})`,
    ]);
  });
});
