import { randomUUID } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createNetwork,
  importBusybox,
  removeImage,
  removeNetwork,
} from '../../../test/helpers/docker-fixtures.js';
import { waitFor } from '../../../test/helpers/wait.js';
import type { ContainerSpec } from '../container-runtime.js';
import { LABEL } from '../labels.js';
import { cgroupFiles } from './cgroup-files.js';
import { containerStats } from './container-info.js';
import { hostContainerRuntime } from './docker-runtime.js';

const runtime = hostContainerRuntime();
const run = randomUUID().slice(0, 8);
const image = `minik8s-dr-test/busybox:${run}`;
const network = `minik8s-dr-${run}`;
const labels = { [LABEL.cluster]: `dr-${run}`, [LABEL.test]: '1' };
let sandboxId = '';

function spec(name: string, command: string[], extra: Partial<ContainerSpec> = {}): ContainerSpec {
  return {
    name: `dr-${run}-${name}`,
    image,
    command,
    env: {},
    labels,
    tty: false,
    stdin: false,
    stdinOnce: false,
    sandboxId,
    sharePid: false,
    mounts: [],
    resources: {},
    security: {},
    ...extra,
  };
}

async function started(s: ContainerSpec): Promise<string> {
  const id = await runtime.createContainer(s);
  await runtime.startContainer(id);
  return id;
}

function text(stream: Readable): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return () => Buffer.concat(chunks).toString();
}

beforeAll(async () => {
  importBusybox(image);
  createNetwork(network);
  sandboxId = await runtime.runSandbox({
    name: `dr-${run}-sandbox`,
    image,
    command: ['sleep', '3600'],
    labels,
    hostname: 'sandbox',
    network,
    dns: { servers: [], searches: [], options: [] },
    ports: [],
  });
}, 120_000);

afterAll(async () => {
  for (const c of await runtime.listContainers(labels)) await runtime.removeContainer(c.id);
  removeNetwork(network);
  removeImage(image);
});

describe('the Docker container runtime', () => {
  it('gives a sandbox its address, and its containers its network', async () => {
    const sandbox = await runtime.inspectContainer(sandboxId);
    expect(sandbox).toMatchObject({ state: 'running', labels });
    expect(sandbox?.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const id = await started(spec('hostname', ['hostname']));
    await waitFor('exited', async () => (await runtime.inspectContainer(id))?.state === 'exited');
    const out = new PassThrough();
    const read = text(out);
    await runtime.logs(id, {}, out);
    expect(read()).toBe('sandbox\n');
  });

  it('keeps a running container of the same name, and replaces a stopped one', async () => {
    const first = await started(spec('named', ['sleep', '3600']));
    expect(await runtime.createContainer(spec('named', ['sleep', '3600']))).toBe(first);
    await runtime.stopContainer(first, 0);
    const second = await runtime.createContainer(spec('named', ['sleep', '3600']));
    expect(second).not.toBe(first);
    expect(await runtime.inspectContainer(first)).toBeUndefined();
  });

  it("attaches to a container's standard streams and reports its exit code", async () => {
    const id = await started(
      spec('attach', ['sh', '-c', 'read line; echo "got $line"; echo oops >&2; exit 3'], {
        stdin: true,
        stdinOnce: true,
      }),
    );
    const session = await runtime.attach(id, { stdin: true });
    const [out, err] = [text(session.stdout), text(session.stderr)];
    session.stdin?.write('hello\n');
    expect(await session.exitCode).toBe(3);
    expect([out(), err()]).toEqual(['got hello\n', 'oops\n']);
  });

  it('runs a command with a terminal: its output on one stream, its exit code', async () => {
    const id = await started(spec('tty', ['sleep', '3600']));
    const session = await runtime.exec(id, {
      command: ['sh', '-c', 'tty; echo err >&2; exit 2'],
      stdin: false,
      tty: true,
    });
    const out = text(session.stdout);
    expect(await session.exitCode).toBe(2);
    expect(out()).toMatch(/^\/dev\/pts\/\d+\r\nerr\r\n$/);
  });

  it('measures the CPU time and memory a container uses', async () => {
    const id = await started(
      spec('busy', ['sh', '-c', 'i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; sleep 3600']),
    );
    const stats = await waitFor('CPU time counted', async () => {
      const s = await runtime.stats(id);
      return s.cpuUsageCoreNanoSeconds > 0 && s;
    });
    expect(stats.memoryUsageBytes).toBeGreaterThan(0);
    expect(stats.memoryWorkingSetBytes).toBeGreaterThan(0);
    expect(stats.memoryWorkingSetBytes).toBeLessThanOrEqual(stats.memoryUsageBytes);
    expect(Date.parse(stats.timestamp)).not.toBeNaN();
  });

  it("reads a container's CPU time and working set from its cgroup files as Docker's stats give them", async () => {
    const id = await started(
      spec('files', ['sh', '-c', 'i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done; sleep 3600']),
    );
    const files = await cgroupFiles();
    const before = await files?.read(`/docker/${id}`);
    const docker = containerStats(
      await new Docker().getContainer(id).stats({ stream: false, 'one-shot': true }),
    );
    const after = await files?.read(`/docker/${id}`);
    if (!before || !after) throw new Error('no cgroup files for the container');
    // CPU time only grows: Docker's reading, taken between the two, lies between them.
    expect(docker.cpuUsageCoreNanoSeconds).toBeGreaterThanOrEqual(before.cpuUsageCoreNanoSeconds);
    expect(docker.cpuUsageCoreNanoSeconds).toBeLessThanOrEqual(after.cpuUsageCoreNanoSeconds);
    // A shell of a static busybox: its memory moves by pages, not megabytes.
    expect(Math.abs(docker.memoryWorkingSetBytes - after.memoryWorkingSetBytes)).toBeLessThan(2 ** 20);
    expect(after.memoryWorkingSetBytes).toBeGreaterThan(0);
    const viaRuntime = await runtime.stats(id);
    expect(viaRuntime.cpuUsageCoreNanoSeconds).toBeGreaterThanOrEqual(after.cpuUsageCoreNanoSeconds);
    expect(viaRuntime.networks).toBeUndefined();
  });

  it("reads a sandbox's interfaces from Docker, and only when asked", async () => {
    const full = await runtime.stats(sandboxId);
    expect(full.networks?.map((n) => n.name)).toEqual(['eth0']);
    const cpuAndMemory = await runtime.stats(sandboxId, { network: false });
    expect(cpuAndMemory.networks).toBeUndefined();
    expect(cpuAndMemory.memoryWorkingSetBytes).toBeGreaterThan(0);
  });
});
