import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessControlPlane, startInProcess } from '../../test/helpers/control-plane.js';
import { writeKubeconfig } from '../../test/helpers/kubeconfig.js';
import { makeNode } from '../../test/helpers/scheduler.js';
import { eventually } from '../../test/helpers/wait.js';
import { CONFIGMAPS, NODES, PODS } from '../api/kinds/index.js';
import { histogramQuantile, parsePrometheusText, type Sample, sumOf } from '../client/prometheus-text.js';

const run = promisify(execFile);

describe("the control plane's /metrics", () => {
  let cp: InProcessControlPlane;
  let kubeconfig: string;
  const scrape = async (): Promise<Sample[]> => {
    const { stdout } = await run('kubectl', ['get', '--raw', '/metrics'], {
      env: { ...process.env, KUBECONFIG: kubeconfig },
    });
    return parsePrometheusText(stdout);
  };

  beforeAll(async () => {
    cp = await startInProcess();
    kubeconfig = join(cp.stateDir, 'kubeconfig');
    writeKubeconfig(kubeconfig, { url: cp.conn.server, ca: cp.conn.ca, token: cp.conn.token });
  });
  afterAll(async () => {
    await cp?.stop();
  });

  it('counts and times each request by verb, resource and code, as the apiserver labels them', async () => {
    const before = await scrape();
    const created = { verb: 'POST', resource: 'configmaps', scope: 'namespace', code: '201' };
    const count = sumOf(before, 'apiserver_request_total', created);
    await cp.client.create(CONFIGMAPS, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'counted', namespace: 'default' },
      data: { a: 'b' },
    });
    await cp.client.get(CONFIGMAPS, 'default', 'missing').catch(() => undefined);
    const after = await scrape();
    expect(sumOf(after, 'apiserver_request_total', created)).toBe(count + 1);
    expect(
      sumOf(after, 'apiserver_request_total', {
        verb: 'GET',
        resource: 'configmaps',
        scope: 'resource',
        code: '404',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sumOf(after, 'apiserver_request_duration_seconds_count', { verb: 'POST', resource: 'configmaps' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      histogramQuantile(after, 'apiserver_request_duration_seconds', 0.99, { verb: 'POST' }),
    ).toBeGreaterThan(0);
    // The scrape that answered was itself counted, under its path.
    expect(
      sumOf(after, 'apiserver_request_total', { verb: 'GET', subresource: '/metrics', code: '200' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('reports the store: objects by resource, its size, and how long each operation took', async () => {
    const samples = await scrape();
    expect(sumOf(samples, 'apiserver_storage_objects', { resource: 'configmaps' })).toBeGreaterThanOrEqual(1);
    expect(sumOf(samples, 'apiserver_storage_objects', { resource: 'namespaces' })).toBeGreaterThanOrEqual(4);
    expect(sumOf(samples, 'apiserver_storage_size_bytes')).toBeGreaterThan(0);
    expect(
      sumOf(samples, 'etcd_request_duration_seconds_count', {
        operation: 'create',
        type: '/registry/configmaps/',
      }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('counts the watches open, and process and Node.js figures', async () => {
    const pods = { group: '', version: 'v1', kind: 'Pod' };
    const base = sumOf(await scrape(), 'apiserver_registered_watchers', pods);
    const watch = cp.client.watch(PODS, { namespace: 'default' }, () => {});
    try {
      await eventually('the watch to count', async () => {
        const samples = await scrape();
        expect(sumOf(samples, 'apiserver_registered_watchers', pods)).toBe(base + 1);
        expect(
          sumOf(samples, 'apiserver_longrunning_requests', { verb: 'WATCH', resource: 'pods' }),
        ).toBeGreaterThanOrEqual(1);
      });
    } finally {
      watch.stop();
    }
    await eventually('the watch to end', async () => {
      expect(sumOf(await scrape(), 'apiserver_registered_watchers', pods)).toBe(base);
    });
    const samples = await scrape();
    expect(sumOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sumOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(samples.some((s) => s.name === 'nodejs_eventloop_lag_p99_seconds')).toBe(true);
  });

  it("reports the scheduler's attempts and latency, and each controller's work queue", async () => {
    await cp.client.create(NODES, makeNode('metrics-node'));
    await cp.client.create(PODS, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'scheduled', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    });
    await eventually('the pod to be scheduled and counted', async () => {
      const samples = await scrape();
      expect(
        sumOf(samples, 'scheduler_schedule_attempts_total', { result: 'scheduled' }),
      ).toBeGreaterThanOrEqual(1);
      expect(
        sumOf(samples, 'scheduler_scheduling_attempt_duration_seconds_count', { result: 'scheduled' }),
      ).toBeGreaterThanOrEqual(1);
      expect(
        sumOf(samples, 'scheduler_pod_scheduling_sli_duration_seconds_count', { attempts: '1' }),
      ).toBeGreaterThanOrEqual(1);
      expect(sumOf(samples, 'workqueue_adds_total', { name: 'scheduler' })).toBeGreaterThanOrEqual(1);
      expect(
        sumOf(samples, 'workqueue_work_duration_seconds_count', { name: 'scheduler' }),
      ).toBeGreaterThanOrEqual(1);
      expect([
        ...new Set(samples.filter((s) => s.name === 'workqueue_depth').map((s) => s.labels.name)),
      ]).toContain('serviceaccount');
    });
  });
});
