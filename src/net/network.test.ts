import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { BUSYBOX_IMAGE, buildLocalImages } from '../cluster/local-images.js';
import {
  addressAt,
  chooseSubnet,
  ensureNetwork,
  findNetwork,
  networkName,
  parseIp,
  podRange,
  removeNetwork,
} from './network.js';

process.env.MINIK8S_TEST = '1';
const docker = new Docker();
const cluster = `nettest-${randomBytes(3).toString('hex')}`;
const blocker = `minik8s-test-blocker-${randomBytes(3).toString('hex')}`;

afterAll(async () => {
  await removeNetwork(docker, cluster);
  await docker
    .getNetwork(blocker)
    .remove()
    .catch(() => undefined);
});

describe('cluster network', () => {
  it('is created once, labelled, with gateway .0.1, and found again by label', async () => {
    const created = await ensureNetwork(docker, cluster);
    expect(created.name).toBe(networkName(cluster));
    expect(created.subnet).toMatch(/\/16$/);
    expect(created.gateway).toBe(addressAt(created.subnet, 1));
    expect(created.gateway).toMatch(/\.0\.1$/);

    const info = await docker.getNetwork(created.id).inspect();
    expect(info.Labels).toMatchObject({ 'io.minik8s.cluster': cluster, 'minik8s.test': '1' });

    const again = await ensureNetwork(docker, cluster);
    expect(again).toEqual(created);
  });

  it('gives containers without a fixed address one in the upper half, away from the nodes', async () => {
    expect(podRange('10.244.0.0/16')).toBe('10.244.128.0/17');
    const net = await ensureNetwork(docker, cluster);
    await buildLocalImages(docker);
    const container = await docker.createContainer({
      Image: BUSYBOX_IMAGE,
      Cmd: ['sleep', '30'],
      Labels: { 'minik8s.test': '1' },
      HostConfig: { NetworkMode: net.name, AutoRemove: true },
    });
    try {
      await container.start();
      const ip = (await container.inspect()).NetworkSettings.Networks[net.name]?.IPAddress ?? '';
      expect(parseIp(ip)).toBeGreaterThan(parseIp(podRange(net.subnet).split('/')[0] ?? ''));
    } finally {
      await container.remove({ force: true }).catch(() => undefined);
    }
  });

  it('takes a subnet no other Docker network uses', async () => {
    const free = await chooseSubnet(docker);
    await docker.createNetwork({
      Name: blocker,
      Labels: { 'minik8s.test': '1' },
      IPAM: { Config: [{ Subnet: free }] },
    });
    const next = await chooseSubnet(docker);
    expect(next).not.toBe(free);
    const used = (await docker.listNetworks()).flatMap((n) => (n.IPAM?.Config ?? []).map((c) => c.Subnet));
    expect(used).not.toContain(next);
  });

  it('is gone after removal', async () => {
    await removeNetwork(docker, cluster);
    expect(await findNetwork(docker, cluster)).toBeUndefined();
  });
});
