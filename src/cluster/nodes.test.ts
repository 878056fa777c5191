import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findNetwork, networkName, removeNetwork } from '../net/network.js';
import { buildLocalImages } from './local-images.js';
import {
  addNode,
  listNodes,
  type NodeConfig,
  parseMemory,
  removeAll,
  removeNode,
  startNode,
  startNodes,
  stopNode,
  stopNodes,
} from './nodes.js';

process.env.MINIK8S_TEST = '1';
const docker = new Docker();
const cluster = `nodetest-${randomBytes(3).toString('hex')}`;
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minik8s-nodes-'));
const config: NodeConfig = {
  cluster,
  stateDir,
  apiPort: 6443,
  token: 'test-token',
  caFile: path.join(stateDir, 'ca.crt'),
  memory: '256m',
  cpus: '0.5',
  // No agent runs in these tests: the node containers only need to stay up.
  command: ['/bin/sleep', 'infinity'],
};

beforeAll(async () => {
  await buildLocalImages(docker);
});

afterAll(async () => {
  await removeAll(docker, cluster);
  fs.rmSync(stateDir, { recursive: true, force: true });
});

describe('node containers', () => {
  it('start with kind names, labels, fixed addresses and limits', async () => {
    const nodes = await startNodes(docker, { ...config, nodes: 3 });
    const net = await findNetwork(docker, cluster);
    const prefix = net?.subnet.split('.').slice(0, 2).join('.');
    expect(nodes.map((n) => [n.name, n.role, n.ip, n.state])).toEqual([
      [`${cluster}-control-plane`, 'control-plane', `${prefix}.0.2`, 'running'],
      [`${cluster}-worker`, 'worker', `${prefix}.0.3`, 'running'],
      [`${cluster}-worker2`, 'worker', `${prefix}.0.4`, 'running'],
    ]);

    const info = await docker.getContainer(`${cluster}-worker`).inspect();
    expect(info.Config.Hostname).toBe(`${cluster}-worker`);
    expect(info.Config.Labels).toMatchObject({
      'io.minik8s.cluster': cluster,
      'io.minik8s.role': 'worker',
      'io.minik8s.node': `${cluster}-worker`,
      'minik8s.test': '1',
    });
    expect(info.HostConfig.Memory).toBe(256 * 1024 * 1024);
    expect(info.HostConfig.NanoCpus).toBe(5e8);
    expect(info.HostConfig.RestartPolicy?.Name).toBe('no');
    expect(info.NetworkSettings.Networks[networkName(cluster)]?.IPAddress).toBe(`${prefix}.0.3`);
    expect(info.Config.Env).toContain(`MINIK8S_SERVER=https://${net?.gateway}:6443`);
    expect(info.Config.Env).toContain(`MINIK8S_NODE_NAME=${cluster}-worker`);
    expect(info.Mounts.map((m) => [m.Destination, m.RW])).toEqual(
      expect.arrayContaining([
        ['/var/run/docker.sock', true],
        ['/opt/minik8s', false],
        [stateDir, true],
      ]),
    );
  });

  it('resume without change when started again', async () => {
    const before = await listNodes(docker, cluster);
    const after = await startNodes(docker, { ...config, nodes: 3 });
    expect(after.map((n) => n.id)).toEqual(before.map((n) => n.id));
  });

  it('keep their address across stop and start', async () => {
    const name = `${cluster}-worker2`;
    await stopNode(docker, cluster, name);
    expect((await listNodes(docker, cluster)).find((n) => n.name === name)?.state).toBe('exited');
    await startNode(docker, cluster, name);
    const info = await docker.getContainer(name).inspect();
    expect(info.State.Running).toBe(true);
    expect(info.NetworkSettings.Networks[networkName(cluster)]?.IPAddress).toBe(
      info.Config.Labels['io.minik8s.ip'],
    );
    expect(info.Config.Labels['io.minik8s.ip']).toMatch(/\.0\.4$/);
  });

  it('can be added and removed one by one', async () => {
    await removeNode(docker, cluster, `${cluster}-worker`);
    const added = await addNode(docker, config);
    expect(added.name).toBe(`${cluster}-worker`);
    expect(added.ip).toMatch(/\.0\.3$/);
    const third = await addNode(docker, config);
    expect(third.name).toBe(`${cluster}-worker3`);
    expect(third.ip).toMatch(/\.0\.5$/);
  });

  it('added, skip an address a pod container holds (networks made before the pod range)', async () => {
    const net = await findNetwork(docker, cluster);
    const taken = `${net?.subnet.split('.').slice(0, 2).join('.')}.0.6`;
    const pod = await docker.createContainer({
      Image: 'minik8s/busybox:latest',
      Cmd: ['sleep', '1000'],
      Labels: { 'minik8s.test': '1' },
      HostConfig: { NetworkMode: networkName(cluster) },
      NetworkingConfig: {
        EndpointsConfig: { [networkName(cluster)]: { IPAMConfig: { IPv4Address: taken } } },
      },
    });
    try {
      await pod.start();
      const added = await addNode(docker, config);
      expect(added.ip).toMatch(/\.0\.7$/);
      await removeNode(docker, cluster, added.name);
    } finally {
      await pod.remove({ force: true });
    }
  });

  it('come back with their addresses after their network was removed while stopped', async () => {
    await stopNodes(docker, cluster);
    await removeNetwork(docker, cluster);
    const nodes = await startNodes(docker, { ...config, nodes: 1 });
    expect(nodes.map((n) => [n.name, n.ip.split('.').slice(2).join('.'), n.state])).toEqual([
      [`${cluster}-control-plane`, '0.2', 'running'],
      [`${cluster}-worker`, '0.3', 'running'],
      [`${cluster}-worker2`, '0.4', 'running'],
      [`${cluster}-worker3`, '0.5', 'running'],
    ]);
    const info = await docker.getContainer(`${cluster}-worker3`).inspect();
    expect(info.NetworkSettings.Networks[networkName(cluster)]?.IPAddress).toBe(nodes[3]?.ip);
  });

  it('leave nothing behind after removeAll, pod containers included', async () => {
    const pod = await docker.createContainer({
      Image: 'minik8s/busybox:latest',
      Cmd: ['sleep', '1000'],
      Labels: { 'io.minik8s.cluster': cluster, 'io.minik8s.node': `${cluster}-worker`, 'minik8s.test': '1' },
    });
    await pod.start();
    await removeAll(docker, cluster);
    const left = await docker.listContainers({
      all: true,
      filters: { label: [`io.minik8s.cluster=${cluster}`] },
    });
    expect(left).toEqual([]);
    expect(await findNetwork(docker, cluster)).toBeUndefined();
  });
});

describe('parseMemory', () => {
  it('reads Docker and Kubernetes units, a plain number being MiB', () => {
    expect(parseMemory('2g')).toBe(2 * 1024 ** 3);
    expect(parseMemory('512m')).toBe(512 * 1024 ** 2);
    expect(parseMemory('1Gi')).toBe(1024 ** 3);
    expect(parseMemory('2048')).toBe(2048 * 1024 ** 2);
    expect(() => parseMemory('lots')).toThrow(/invalid memory/);
  });
});
