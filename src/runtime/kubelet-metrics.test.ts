import { register } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServedPod } from '../api/kinds/index.js';
import { PodStartTimes } from './kubelet-metrics.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

async function sum(name: string): Promise<number> {
  const metric = await register.getSingleMetric(name)!.get();
  return metric.values.find((v) => v.metricName === `${name}_sum`)?.value ?? 0;
}

const pod = (uid: string): ServedPod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: uid, namespace: 'default', uid, creationTimestamp: new Date(T0).toISOString() },
  spec: { containers: [{ name: 'c', image: 'x' }], nodeName: 'n' },
  status: { phase: 'Pending' },
});
const running = { phase: 'Running', containerStatuses: [{ name: 'c', state: { running: {} } }] } as never;

describe('the pod start SLI', () => {
  afterEach(() => vi.useRealTimers());

  it('counts from creation to running, leaving out the span of image pulls; the start duration keeps them', async () => {
    vi.useFakeTimers({ now: T0 });
    const sli0 = await sum('kubelet_pod_start_sli_duration_seconds');
    const all0 = await sum('kubelet_pod_start_duration_seconds');
    const times = new PodStartTimes();
    const p = pod('pulled');
    vi.setSystemTime(T0 + 1000);
    times.seen(p);
    times.imagePull(p.metadata.uid, 'started');
    vi.setSystemTime(T0 + 2000);
    times.imagePull(p.metadata.uid, 'finished');
    times.imagePull(p.metadata.uid, 'started'); // a second container's image
    vi.setSystemTime(T0 + 4000);
    times.imagePull(p.metadata.uid, 'finished');
    vi.setSystemTime(T0 + 5000);
    times.status(p, running);
    times.status(p, running); // observed once
    expect((await sum('kubelet_pod_start_sli_duration_seconds')) - sli0).toBeCloseTo(2);
    expect((await sum('kubelet_pod_start_duration_seconds')) - all0).toBeCloseTo(4);
  });
});
