import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../../test/helpers/api-server.js';
import { allocatableNode, fakeMetrics, twoContainerPod } from '../../../test/helpers/metrics.js';
import type { KubeObject } from '../types.js';
import { serveMetrics } from './metrics-api.js';

const run = promisify(execFile);
const T = Date.parse('2026-03-01T10:00:00Z');
const usage = (cpuNanoCores: number, memoryBytes: number) => ({ cpuNanoCores, memoryBytes });

describe('the metrics API (metrics.k8s.io/v1beta1) over a metrics source', () => {
  let t: TestApiServer;
  let cache: string;
  const kubectl = (args: string[]) =>
    run('kubectl', args, { env: { ...process.env, KUBECONFIG: t.kubeconfig, KUBECACHEDIR: cache } });

  beforeAll(async () => {
    cache = mkdtempSync(join(tmpdir(), 'minik8s-kube-cache-'));
    t = await startTestApiServer();
    const measured = fakeMetrics();
    serveMetrics(t.service, measured.source, () => T);
    await allocatableNode(t.service, 'n1', '2', '4Gi');
    await allocatableNode(t.service, 'n2', '2', '4Gi');
    measured.nodes.set('n1', { timestamp: T - 1000, windowMs: 15_012, usage: usage(250_000_000, 1024 ** 3) });
    const busy = await twoContainerPod(t.service, 'busy', { app: 'busy' });
    await twoContainerPod(t.service, 'idle', { app: 'idle' });
    const pending = await twoContainerPod(t.service, 'pending', { app: 'busy' }, 'Pending');
    measured.pods.set(busy, {
      timestamp: T - 2000,
      windowMs: 15_000,
      containers: [
        { name: 'side', usage: usage(1_234_567, 4 * 1024 * 1024) },
        { name: 'app', usage: usage(987_654_321, 12_642_304) },
      ],
    });
    measured.pods.set(pending, { timestamp: T, windowMs: 15_000, containers: [] });
  });
  afterAll(async () => {
    await t?.stop();
    rmSync(cache, { recursive: true, force: true });
  });

  it('serves NodeMetrics as metrics-server does, leaving out nodes not measured yet', async () => {
    const list = await t.client.request<{ kind: string; items: KubeObject[] }>(
      'GET',
      '/apis/metrics.k8s.io/v1beta1/nodes',
    );
    expect(list.kind).toBe('NodeMetricsList');
    expect(list.items).toEqual([
      {
        apiVersion: 'metrics.k8s.io/v1beta1',
        kind: 'NodeMetrics',
        metadata: {
          name: 'n1',
          creationTimestamp: '2026-03-01T10:00:00Z',
          labels: { 'kubernetes.io/hostname': 'n1' },
        },
        timestamp: '2026-03-01T09:59:59Z',
        window: '15.012s',
        usage: { cpu: '250m', memory: '1Gi' },
      },
    ]);
    const missing = await t.http('GET', '/apis/metrics.k8s.io/v1beta1/nodes/n2');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body.toString()).message).toBe('nodemetrics.metrics.k8s.io "n2" not found');
  });

  it('serves PodMetrics per container, of Running pods, by label selector', async () => {
    const list = await t.client.request<{ items: KubeObject[] }>(
      'GET',
      '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Dbusy',
    );
    expect(list.items).toEqual([
      {
        apiVersion: 'metrics.k8s.io/v1beta1',
        kind: 'PodMetrics',
        metadata: {
          name: 'busy',
          namespace: 'default',
          creationTimestamp: '2026-03-01T10:00:00Z',
          labels: { app: 'busy' },
        },
        timestamp: '2026-03-01T09:59:58Z',
        window: '15s',
        containers: [
          { name: 'app', usage: { cpu: '987654321n', memory: '12346Ki' } },
          { name: 'side', usage: { cpu: '1234567n', memory: '4Mi' } },
        ],
      },
    ]);
    const idle = await t.http('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/idle');
    expect(idle.status).toBe(404);
    expect(JSON.parse(idle.body.toString()).message).toBe(
      'podmetrics.metrics.k8s.io "default/idle" not found',
    );
    const none = await t.http('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/nosuch');
    expect(JSON.parse(none.body.toString()).message).toBe('pods "nosuch" not found');
  });

  it('lists get and list as its only verbs, and refuses writes and watches with 405', async () => {
    const discovery = await t.client.request<{
      resources: { name: string; kind: string; verbs: string[] }[];
    }>('GET', '/apis/metrics.k8s.io/v1beta1');
    expect(discovery.resources.map((r) => [r.name, r.kind, r.verbs])).toEqual([
      ['nodes', 'NodeMetrics', ['get', 'list']],
      ['pods', 'PodMetrics', ['get', 'list']],
    ]);
    const body = JSON.stringify({
      apiVersion: 'metrics.k8s.io/v1beta1',
      kind: 'PodMetrics',
      metadata: { name: 'x' },
    });
    for (const [method, path] of [
      ['POST', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods'],
      ['DELETE', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/busy'],
      ['GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?watch=true'],
    ]) {
      const res = await t.http(method, path, {
        body: method === 'POST' ? body : undefined,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(JSON.parse(res.body.toString()).reason).toBe('MethodNotAllowed');
    }
  });

  it('answers a bad selector with a 400 Status', async () => {
    for (const query of ['labelSelector=app%20in%20(', 'fieldSelector=spec.nodeName%3Dn1']) {
      const res = await t.http('GET', `/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?${query}`);
      expect(res.status, query).toBe(400);
      expect(JSON.parse(res.body.toString()).kind).toBe('Status');
    }
  });

  it('answers kubectl top nodes and pods', async () => {
    const nodes = await kubectl(['top', 'nodes']);
    expect(nodes.stdout.split('\n')).toEqual([
      'NAME   CPU(cores)   CPU(%)      MEMORY(bytes)   MEMORY(%)   ',
      'n1     250m         12%         1024Mi          25%         ',
      'n2     <unknown>    <unknown>   <unknown>       <unknown>   ',
      '',
    ]);
    const pods = await kubectl(['top', 'pods', '--containers']);
    expect(pods.stdout.split('\n')).toEqual([
      'POD    NAME   CPU(cores)   MEMORY(bytes)   ',
      'busy   app    988m         12Mi            ',
      'busy   side   2m           4Mi             ',
      '',
    ]);
    const table = await kubectl(['get', 'podmetrics']);
    expect(table.stdout).toMatch(/NAME\s+CPU\s+MEMORY\s+WINDOW\nbusy\s+988888888n\s+16442Ki\s+15s/);
  });
});
