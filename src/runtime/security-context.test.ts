import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createNetwork,
  importBusybox,
  removeImage,
  removeNetwork,
} from '../../test/helpers/docker-fixtures.js';
import { waitFor } from '../../test/helpers/wait.js';
import type { Container, PodSpec, PodStatus, ServedPod } from '../api/kinds/index.js';
import { hostContainerRuntime } from './docker/docker-runtime.js';
import { execInPod } from './exec.js';
import { toInstance } from './instances.js';
import { LABEL } from './labels.js';
import type { RuntimeOptions } from './pod-context.js';
import { PodRuntime } from './pod-runtime.js';
import { removeContainers } from './termination.js';

process.env.MINIK8S_TEST = '1';

const runtime = hostContainerRuntime();
const run = randomUUID().slice(0, 8);
const cluster = `sc-${run}`;
const network = `minik8s-sc-${run}`;
const image = `minik8s-sc-test/busybox:${run}`;
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minik8s-sc-'));
const nodeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minik8s-sc-node-'));
let gateway = '';
const statuses = new Map<string, PodStatus>();
const runtimes: PodRuntime[] = [];

function newRuntime(extra: Partial<RuntimeOptions> = {}): PodRuntime {
  const rt = new PodRuntime({
    runtime,
    cluster,
    nodeName: 'node-1',
    network,
    stateDir,
    inputs: {
      configMap: async () => undefined,
      secret: async () => undefined,
      claimPath: async () => undefined,
    },
    hostIP: gateway,
    nodeCpu: 2,
    nodeMemory: 2 ** 30,
    pauseImage: image,
    settings: { podSyncIntervalMs: 300 },
    onStatus: (pod, status) => {
      statuses.set(pod.metadata.uid, status);
    },
    ...extra,
  });
  runtimes.push(rt);
  rt.start();
  return rt;
}

function makePod(name: string, spec: Partial<PodSpec> & { containers: Container[] }): ServedPod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${name}-${run}`, namespace: 'default', uid: randomUUID() },
    spec: { restartPolicy: 'Always', terminationGracePeriodSeconds: 0, nodeName: 'node-1', ...spec },
  };
}

const sleeper = (name: string, extra: Partial<Container> = {}): Container => ({
  name,
  image,
  imagePullPolicy: 'IfNotPresent',
  command: ['sleep', '3600'],
  ...extra,
});

const containerOf = (pod: ServedPod, name: string) =>
  statuses.get(pod.metadata.uid)?.containerStatuses?.find((s) => s.name === name);

async function sh(pod: ServedPod, container: string, script: string) {
  const s = await execInPod(runtime, pod, {
    container,
    command: ['sh', '-c', script],
    stdin: false,
    tty: false,
  });
  const out: Buffer[] = [];
  s.stdout.on('data', (b: Buffer) => out.push(b));
  s.stderr.on('data', (b: Buffer) => out.push(b));
  const exitCode = await s.exitCode;
  return { exitCode, output: Buffer.concat(out).toString().trim() };
}

beforeAll(() => {
  importBusybox(image);
  gateway = createNetwork(network);
}, 120_000);

afterEach(async () => {
  await Promise.all(runtimes.map((rt) => rt.stop()));
});

afterAll(async () => {
  await removeContainers(
    runtime,
    (await runtime.listContainers({ [LABEL.cluster]: cluster })).map(toInstance),
  );
  await runtime.removeVolumes({ [LABEL.cluster]: cluster });
  removeNetwork(network);
  removeImage(image);
  fs.rmSync(stateDir, { recursive: true, force: true });
  fs.rmSync(nodeDir, { recursive: true, force: true });
});

describe('securityContext in real containers', () => {
  it('honours readOnlyRootFilesystem, capabilities drop ALL, runAsUser, groups, fsGroup and no_new_privs', async () => {
    const rt = newRuntime();
    const pod = makePod('secure', {
      securityContext: { supplementalGroups: [2000], fsGroup: 3000 },
      volumes: [{ name: 'data', emptyDir: {} }],
      containers: [
        sleeper('ro', { securityContext: { readOnlyRootFilesystem: true } }),
        sleeper('nocap', { securityContext: { capabilities: { drop: ['ALL'] } } }),
        sleeper('plain'),
        sleeper('user', {
          securityContext: { runAsUser: 1000, runAsGroup: 1000, allowPrivilegeEscalation: false },
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
        }),
      ],
    });
    rt.upsertPod(pod);
    await waitFor('all running', () =>
      ['ro', 'nocap', 'plain', 'user'].every((n) => containerOf(pod, n)?.state?.running),
    );
    const ro = await sh(pod, 'ro', 'touch /written');
    expect(ro.exitCode).not.toBe(0);
    expect(ro.output).toContain('Read-only file system');
    expect((await sh(pod, 'ro', 'touch /tmp/x 2>&1 || echo refused')).output).toContain('refused');

    const nocap = await sh(pod, 'nocap', 'chown 1 /bin');
    expect(nocap.exitCode).not.toBe(0);
    expect(nocap.output).toContain('Operation not permitted');
    expect((await sh(pod, 'plain', 'chown 1 /bin')).exitCode).toBe(0);

    expect((await sh(pod, 'user', 'id -u; id -g; id -G')).output.split('\n')).toEqual([
      '1000',
      '1000',
      expect.stringMatching(/^1000 (2000 3000|3000 2000)$/),
    ]);
    expect((await sh(pod, 'user', 'grep NoNewPrivs /proc/self/status')).output).toMatch(/NoNewPrivs:\s+1/);
    expect((await sh(pod, 'plain', 'grep NoNewPrivs /proc/self/status')).output).toMatch(/NoNewPrivs:\s+0/);
    expect((await sh(pod, 'user', 'touch /data/f && stat -c %g /data/f')).output).toBe('3000');
  });

  it('refuses runAsNonRoot on an image that runs as root, and host namespaces, with the reason', async () => {
    const rt = newRuntime();
    const root = makePod('nonroot', {
      securityContext: { runAsNonRoot: true },
      containers: [sleeper('main')],
    });
    const host = makePod('hostnet', { hostNetwork: true, containers: [sleeper('main')] });
    rt.upsertPod(root);
    rt.upsertPod(host);
    const waiting = await waitFor(
      'refused',
      () => containerOf(root, 'main')?.state?.waiting?.message && containerOf(root, 'main')?.state?.waiting,
    );
    expect(waiting).toEqual({
      reason: 'CreateContainerConfigError',
      message: `container has runAsNonRoot and image will run as root (pod: "${root.metadata.name}_default(${root.metadata.uid})", container: main)`,
    });
    const hostWaiting = await waitFor(
      'refused',
      () => containerOf(host, 'main')?.state?.waiting?.message && containerOf(host, 'main')?.state?.waiting,
    );
    expect(hostWaiting.reason).toBe('CreateContainerConfigError');
    expect(hostWaiting.message).toMatch(/^hostNetwork is not supported by minik8s/);
  });

  it('resolves hostPath inside the node filesystem, links included, and keeps volume files from other users', async () => {
    fs.mkdirSync(path.join(nodeDir, 'etc'));
    fs.writeFileSync(path.join(nodeDir, 'etc', 'node-file'), 'node\n');
    fs.symlinkSync('/', path.join(nodeDir, 'escape'));
    const rt = newRuntime({ nodeRoot: { local: nodeDir, runtime: nodeDir } });
    const pod = makePod('hostpath', {
      volumes: [
        { name: 'root', hostPath: { path: '/' } },
        { name: 'escape', hostPath: { path: '/escape/etc' } },
        { name: 'made', hostPath: { path: '/var/made', type: 'DirectoryOrCreate' } },
      ],
      containers: [
        sleeper('main', {
          volumeMounts: [
            { name: 'root', mountPath: '/host' },
            { name: 'escape', mountPath: '/escape' },
            { name: 'made', mountPath: '/made' },
          ],
        }),
      ],
    });
    rt.upsertPod(pod);
    await waitFor('running', () => containerOf(pod, 'main')?.state?.running);
    expect((await sh(pod, 'main', 'cat /host/etc/node-file; ls /host/etc')).output).toBe('node\nnode-file');
    expect((await sh(pod, 'main', 'ls /escape')).output).toBe('node-file');
    expect((await sh(pod, 'main', 'test -e /host/etc/shadow || echo absent')).output).toBe('absent');
    expect(fs.statSync(path.join(nodeDir, 'var', 'made')).isDirectory()).toBe(true);
    expect(fs.statSync(path.join(stateDir, 'pods')).mode & 0o777).toBe(0o700);
  });
});
