import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeClusterInfo } from './cluster-info.js';
import { type BuiltImage, buildLocalImages, CONTENT_HASH_LABEL, loadImage } from './local-images.js';

const docker = new Docker();
const suffix = randomBytes(4).toString('hex');
const nodeImage = `minik8s-test/node:${suffix}`;
const busyboxImage = `minik8s-test/busybox:${suffix}`;
const labels = { 'minik8s.test': '1' };

async function run(image: string, cmd: string[]): Promise<{ code: number; output: string }> {
  const container = await docker.createContainer({
    Image: image,
    Cmd: cmd,
    Labels: labels,
    HostConfig: { NetworkMode: 'none' },
  });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const logs = await container.logs({ stdout: true, stderr: true });
    // Docker multiplexes the streams with an 8-byte header per frame.
    let output = '';
    for (let at = 0; at + 8 <= logs.length; ) {
      const size = logs.readUInt32BE(at + 4);
      output += logs.subarray(at + 8, at + 8 + size).toString();
      at += 8 + size;
    }
    return { code: StatusCode, output };
  } finally {
    await container.remove({ force: true });
  }
}

describe('buildLocalImages', () => {
  let first: BuiltImage[];

  beforeAll(async () => {
    first = await buildLocalImages(docker, { nodeImage, busyboxImage, labels });
  });

  afterAll(async () => {
    for (const image of [nodeImage, busyboxImage]) {
      await docker
        .getImage(image)
        .remove({ force: true })
        .catch(() => undefined);
    }
  });

  it('builds both images with a content hash label', async () => {
    expect(first.map((r) => [r.image, r.built])).toEqual([
      [nodeImage, true],
      [busyboxImage, true],
    ]);
    const info = await docker.getImage(nodeImage).inspect();
    expect(info.Config.Labels?.[CONTENT_HASH_LABEL]).toMatch(/^[0-9a-f]{64}$/);
    expect(info.Config.Cmd).toEqual(['/bin/sleep', 'infinity']);
  });

  it('reuses the images when nothing changed', async () => {
    const steps: string[] = [];
    const again = await buildLocalImages(docker, {
      nodeImage,
      busyboxImage,
      labels,
      onStep: (s) => steps.push(s),
    });
    expect(again.map((r) => r.built)).toEqual([false, false]);
    expect(again.map((r) => r.id)).toEqual(first.map((r) => r.id));
    expect(steps.join('\n')).toContain('up to date');
  });

  it('rebuilds when what an image is made of changes, dropping the previous build', async () => {
    const changed = await buildLocalImages(docker, {
      nodeImage,
      busyboxImage,
      labels: { ...labels, rebuilt: '1' },
    });
    expect(changed.map((r) => r.built)).toEqual([true, true]);
    await expect(docker.getImage(first[0]?.id ?? '').inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('runs Node.js in the node image', async () => {
    expect(await run(nodeImage, ['/usr/bin/node', '-e', 'console.log(1)'])).toEqual({
      code: 0,
      output: '1\n',
    });
  });

  it('runs sleep in the node image, its default command being sleep infinity', async () => {
    expect(await run(nodeImage, ['sleep', '0.1'])).toEqual({ code: 0, output: '' });
  });

  it('names the missing busybox and the set-up that installs it', async () => {
    const absent = `/nonexistent-${suffix}/busybox`;
    await expect(
      buildLocalImages(docker, { nodeImage, busyboxImage, labels, busyboxBinary: absent }),
    ).rejects.toThrow(`${absent} is missing: install Debian's busybox-static (scripts/setup.sh does)`);
    await expect(
      buildLocalImages(docker, { nodeImage, busyboxImage, labels, busyboxBinary: '/bin/sleep' }),
    ).rejects.toThrow(
      "/bin/sleep is not a static build: install Debian's busybox-static (scripts/setup.sh does)",
    );
  });

  it('runs a shell in the busybox image', async () => {
    expect(await run(busyboxImage, ['sh', '-c', 'echo hi'])).toEqual({ code: 0, output: 'hi\n' });
    const info = await docker.getImage(busyboxImage).inspect();
    expect(info.Config.Cmd).toEqual(['sh']);
  });
});

describe('loadImage', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'minik8s-home-'));
  const cluster = `load-${suffix}`;

  beforeAll(async () => {
    process.env.MINIK8S_HOME = home;
    writeClusterInfo({ name: cluster, port: 6443, token: 't', created: new Date().toISOString() });
    await buildLocalImages(docker);
  });

  afterAll(() => {
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('finds a host image and gives its ID', async () => {
    const id = (await docker.getImage('minik8s/busybox:latest').inspect()).Id;
    expect(await loadImage(docker, cluster, 'minik8s/busybox:latest')).toEqual({
      image: 'minik8s/busybox:latest',
      id,
    });
  });

  it('says so when the image is not on the host', async () => {
    await expect(loadImage(docker, cluster, `minik8s-test/absent:${suffix}`)).rejects.toThrow(
      /is not present on the host/,
    );
  });

  it('says so when the cluster does not exist', async () => {
    await expect(loadImage(docker, `absent-${suffix}`, 'minik8s/busybox:latest')).rejects.toThrow(
      /no cluster/,
    );
  });
});
