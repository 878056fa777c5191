import { describe, expect, it } from 'vitest';
import type { ContainerInfo, ContainerRuntime, ContainerStats } from './container-runtime.js';
import { SandboxNetworks } from './sandbox-networks.js';

/** A runtime whose sandboxes have received as many bytes as their interfaces were read. */
function countingRuntime() {
  const reads = new Map<string, number>();
  const runtime: Pick<ContainerRuntime, 'stats'> = {
    stats: async (id, opts): Promise<ContainerStats> => {
      const n = (reads.get(id) ?? 0) + (opts?.network === false ? 0 : 1);
      reads.set(id, n);
      return {
        timestamp: new Date().toISOString(),
        cpuUsageCoreNanoSeconds: 0,
        memoryUsageBytes: 0,
        memoryWorkingSetBytes: 0,
        networks: [{ name: 'eth0', rxBytes: n, txBytes: 0 }],
      };
    },
  };
  return { runtime, reads };
}

const sandbox = (id: string): ContainerInfo => ({
  id,
  labels: {},
  state: 'running',
  exitCode: 0,
  oomKilled: false,
  error: '',
  imageId: 'sha256:x',
});
const rx = (m: Map<string, { networks?: { rxBytes: number }[] }>, id: string) =>
  m.get(id)?.networks?.[0].rxBytes;

describe('the network counters of sandboxes', () => {
  it('waits for a sandbox never read, then serves the last reading until it is older than the max age', async () => {
    const { runtime, reads } = countingRuntime();
    const networks = new SandboxNetworks(runtime, 60_000);
    expect(rx(await networks.of([sandbox('a')]), 'a')).toBe(1);
    expect(rx(await networks.of([sandbox('a')]), 'a')).toBe(1);
    expect(reads.get('a')).toBe(1);
    const both = await networks.of([sandbox('a'), sandbox('b')]);
    expect([rx(both, 'a'), rx(both, 'b')]).toEqual([2, 1]);
    expect([...(await networks.of([sandbox('b')])).keys()]).toEqual(['b']);
  });

  it('answers from the last reading while the next one is taken', async () => {
    const { runtime, reads } = countingRuntime();
    const networks = new SandboxNetworks(runtime, 0);
    expect(rx(await networks.of([sandbox('a')]), 'a')).toBe(1);
    expect(rx(await networks.of([sandbox('a')]), 'a')).toBe(1);
    expect(reads.get('a')).toBe(2);
  });
});
