import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  importBusybox,
  removeContainerBehindAgent,
  removeImage,
  runLabelled,
} from '../../test/helpers/docker-fixtures.js';
import type { ContainerInfo } from './container-runtime.js';
import { hostContainerRuntime } from './docker/docker-runtime.js';
import { SandboxNetworks } from './sandbox-networks.js';

const runtime = hostContainerRuntime();
const run = randomUUID().slice(0, 8);
const image = `minik8s-netstats-test/busybox:${run}`;
const ids: string[] = [];

const holder = (id: string): ContainerInfo => ({
  id,
  labels: {},
  state: 'running',
  exitCode: 0,
  oomKilled: false,
  error: '',
  imageId: '',
});
const stampOf = (m: Map<string, { timestamp: string }>, id: string) => m.get(id)?.timestamp;

beforeAll(() => {
  importBusybox(image);
  ids.push(runLabelled(image, { 'minik8s.test.netstats': run }));
  ids.push(runLabelled(image, { 'minik8s.test.netstats': run }));
}, 120_000);

afterAll(() => {
  for (const id of ids) removeContainerBehindAgent(id);
  removeImage(image);
});

describe('the network counters of containers holding a network, read from Docker', () => {
  it('waits for one never read, then serves that reading until it is due again', async () => {
    const [a, b] = ids;
    const networks = new SandboxNetworks(runtime, 60_000);
    const first = await networks.of([holder(a)]);
    expect(first.get(a)?.networks?.map((n) => n.name)).toEqual(['eth0']);
    expect(stampOf(await networks.of([holder(a)]), a)).toBe(stampOf(first, a));
    const both = await networks.of([holder(a), holder(b)]);
    expect(stampOf(both, b)).toBeDefined();
    expect([...(await networks.of([holder(b)])).keys()]).toEqual([b]);
  });

  it('reads again, and waits for it, once the last reading is two intervals old', async () => {
    const [a] = ids;
    const networks = new SandboxNetworks(runtime, 50);
    const first = stampOf(await networks.of([holder(a)]), a)!;
    await new Promise((r) => setTimeout(r, 150));
    const next = stampOf(await networks.of([holder(a)]), a)!;
    expect(Date.parse(next)).toBeGreaterThan(Date.parse(first));
  });

  it('serves nothing for a container it could not read', async () => {
    const networks = new SandboxNetworks(runtime, 0);
    expect((await networks.of([holder('0'.repeat(64))])).size).toBe(0);
  });
});
