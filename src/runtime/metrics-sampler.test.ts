import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/helpers/clock.js';
import type { ContainerInfo, ContainerRuntime, ContainerStats } from './container-runtime.js';
import { LABEL, SANDBOX } from './labels.js';
import { RuntimeMetrics } from './metrics-sampler.js';

const cluster = 'c1';

/** A runtime whose containers use CPU at a set rate: each reading is the CPU time since start. */
function fakeRuntime(clock: ManualClock) {
  const containers = new Map<string, { info: ContainerInfo; coresUsed: number; memory: number }>();
  const started = clock.now();
  const runtime: Pick<ContainerRuntime, 'listContainers' | 'stats'> = {
    listContainers: async (labels) =>
      [...containers.values()]
        .map((c) => c.info)
        .filter((i) => Object.entries(labels).every(([k, v]) => i.labels[k] === v)),
    stats: async (id): Promise<ContainerStats> => {
      const c = containers.get(id);
      if (!c) throw new Error(`no such container: ${id}`);
      return {
        timestamp: new Date(clock.now()).toISOString(),
        cpuUsageCoreNanoSeconds: Math.round((clock.now() - started) * 1e6 * c.coresUsed),
        memoryUsageBytes: c.memory + 4096,
        memoryWorkingSetBytes: c.memory,
      };
    },
  };
  const add = (id: string, labels: Record<string, string>, coresUsed: number, memory: number) => {
    const info: ContainerInfo = {
      id,
      labels: { [LABEL.cluster]: cluster, ...labels },
      state: 'running',
      exitCode: 0,
      oomKilled: false,
      error: '',
      imageId: 'sha256:x',
    };
    containers.set(id, { info, coresUsed, memory });
    return info;
  };
  return { runtime, add, remove: (id: string) => containers.delete(id) };
}

const pod = { uid: 'u1', namespace: 'default', name: 'web' };
const podLabels = (container: string) => ({
  [LABEL.node]: 'n1',
  [LABEL.podUid]: pod.uid,
  [LABEL.container]: container,
});

describe('the runtime metrics sampler', () => {
  it('reports CPU as the rate between its last two readings, and memory as the working set', async () => {
    const clock = new ManualClock();
    const { runtime, add } = fakeRuntime(clock);
    add('node1', { [LABEL.node]: 'n1', 'io.minik8s.role': 'worker' }, 1.5, 900 * 1024 * 1024);
    add('sandbox', podLabels(SANDBOX), 0, 1024);
    add('app', podLabels('app'), 0.25, 20 * 1024 * 1024);
    add('side', podLabels('side'), 0.001, 1024 * 1024);
    const metrics = new RuntimeMetrics(runtime, cluster, { clock, resolutionMs: 15_000 });
    await metrics.sample();
    expect(await metrics.nodes(['n1'])).toEqual([undefined]);
    expect(await metrics.pods([pod])).toEqual([undefined]);

    clock.advance(15_000);
    await metrics.sample();
    const [node] = await metrics.nodes(['n1', 'n2']);
    expect(node).toEqual({
      timestamp: clock.now(),
      windowMs: 15_000,
      usage: { cpuNanoCores: 1_500_000_000, memoryBytes: 900 * 1024 * 1024 },
    });
    expect(await metrics.pods([pod, { ...pod, uid: 'other' }])).toEqual([
      {
        timestamp: clock.now(),
        windowMs: 15_000,
        containers: [
          { name: 'app', usage: { cpuNanoCores: 250_000_000, memoryBytes: 20 * 1024 * 1024 } },
          { name: 'side', usage: { cpuNanoCores: 1_000_000, memoryBytes: 1024 * 1024 } },
        ],
      },
      undefined,
    ]);
  });

  it('starts a restarted container afresh, and leaves a pod out until every container has two readings', async () => {
    const clock = new ManualClock();
    const { runtime, add, remove } = fakeRuntime(clock);
    add('app', podLabels('app'), 0.5, 1024);
    add('side', podLabels('side'), 0.5, 1024);
    const metrics = new RuntimeMetrics(runtime, cluster, { clock });
    await metrics.sample();
    clock.advance(15_000);
    await metrics.sample();
    expect(await metrics.pods([pod])).not.toEqual([undefined]);

    remove('side');
    add('side-2', podLabels('side'), 0.5, 1024);
    clock.advance(15_000);
    await metrics.sample();
    expect(await metrics.pods([pod])).toEqual([undefined]);
    clock.advance(15_000);
    await metrics.sample();
    expect((await metrics.pods([pod]))[0]?.containers.map((c) => c.name)).toEqual(['app', 'side']);
  });

  it('measures every resolution once started, until stopped', async () => {
    const clock = new ManualClock();
    const { runtime, add } = fakeRuntime(clock);
    add('node1', { [LABEL.node]: 'n1' }, 1, 1024);
    const metrics = new RuntimeMetrics(runtime, cluster, { clock, resolutionMs: 2_000 });
    metrics.start();
    await new Promise((r) => setImmediate(r));
    clock.advance(2_000);
    await new Promise((r) => setImmediate(r));
    expect((await metrics.nodes(['n1']))[0]?.windowMs).toBe(2_000);
    await metrics.stop();
    clock.advance(10_000);
    await new Promise((r) => setImmediate(r));
    expect((await metrics.nodes(['n1']))[0]?.windowMs).toBe(2_000);
  });
});
