import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createNetwork,
  importBusybox,
  removeImage,
  removeNetwork,
} from '../../test/helpers/docker-fixtures.js';
import { waitFor } from '../../test/helpers/wait.js';
import { ApiError } from '../api/errors.js';
import type { PodSpec, ServedPod } from '../api/kinds/index.js';
import { EVENTS, LEASES, NODES, PODS } from '../api/kinds/index.js';
import { Client, type Connection } from '../client/client.js';
import { execOverWebSocket } from '../client/exec-client.js';
import type { KubeClient } from '../client/kube-client.js';
import { createCa, createServerCert } from '../cluster/certs.js';
import { type ControlPlane, startControlPlane } from '../server/control-plane.js';
import { type Agent, runAgent } from './agent.js';
import { hostContainerRuntime } from './docker/docker-runtime.js';
import { podInstances, toInstance } from './instances.js';
import { LABEL } from './labels.js';
import { podIO } from './pod-io.js';
import { removeContainers } from './termination.js';

process.env.MINIK8S_TEST = '1';

const runtime = hostContainerRuntime();
const run = randomUUID().slice(0, 8);
const cluster = `ag-${run}`;
const nodeName = `ag-${run}-worker`;
const network = `minik8s-ag-${run}`;
const image = `minik8s-ag-test/busybox:${run}`;
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minik8s-ag-'));
let cp: ControlPlane;
let conn: Connection;
let client: Client;
let agent: Agent;

/** Pods whose next delete by the agent fails, as it would while the API server restarts. */
const refuseDeletes = new Set<string>();

function refusingClient(target: Client): KubeClient {
  const del: KubeClient['delete'] = (def, namespace, name, options) =>
    def.resource === PODS.resource && def.group === PODS.group && refuseDeletes.delete(name)
      ? Promise.reject(new Error('connect ECONNREFUSED'))
      : target.delete(def, namespace, name, options);
  return new Proxy(target, {
    get: (t, prop) => {
      if (prop === 'delete') return del;
      const value = Reflect.get(t, prop);
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });
}

function createPod(name: string, spec: Omit<PodSpec, 'nodeName'>): Promise<ServedPod> {
  return client.create<ServedPod>(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName, ...spec },
  });
}

async function gone(name: string): Promise<boolean> {
  try {
    await client.get(PODS, 'default', name);
    return false;
  } catch (err) {
    return err instanceof ApiError && err.code === 404;
  }
}

beforeAll(async () => {
  importBusybox(image);
  const gateway = createNetwork(network);

  const ca = await createCa('minik8s-agent-test-ca');
  const cert = await createServerCert(ca, 'minik8s', ['127.0.0.1', 'localhost']);
  const token = randomBytes(16).toString('hex');
  cp = await startControlPlane({
    stateDir: path.join(stateDir, 'control-plane'),
    host: '127.0.0.1',
    port: 0,
    tlsCert: cert.cert,
    tlsKey: cert.key,
    token,
    caCert: ca.cert,
    pods: podIO(runtime),
  });
  conn = { server: `https://127.0.0.1:${cp.port}`, ca: ca.cert, token };
  client = new Client(conn);
  agent = await runAgent({
    client: refusingClient(client),
    nodeName,
    cluster,
    stateDir,
    runtime,
    network,
    hostIP: gateway,
    pauseImage: image,
    settings: { podSyncIntervalMs: 300, nodeLeaseRenewIntervalMs: 1000 },
    log: () => undefined,
  });
}, 120_000);

afterAll(async () => {
  await agent?.stop();
  await removeContainers(
    runtime,
    (await runtime.listContainers({ [LABEL.cluster]: cluster })).map(toInstance),
  );
  client?.close();
  await cp?.close();
  removeNetwork(network);
  removeImage(image);
  fs.rmSync(stateDir, { recursive: true, force: true });
});

describe('node agent against the API server', () => {
  it('registers its Node and heartbeats its Lease', async () => {
    const node = await client.get(NODES, undefined, nodeName);
    expect(node.metadata.labels).toMatchObject({
      'kubernetes.io/hostname': nodeName,
      'kubernetes.io/os': 'linux',
    });
    const status = node.status as {
      conditions: { type: string; status: string }[];
      allocatable: Record<string, string>;
    };
    expect(status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(status.allocatable.pods).toBe('110');
    // Its disk is the filesystem pod volumes live on, not its memory.
    const disk = fs.statfsSync(stateDir);
    expect(status.allocatable['ephemeral-storage']).toBe(
      `${Math.floor((disk.blocks * disk.bsize) / 1024)}Ki`,
    );
    const first = (await client.get(LEASES, 'kube-node-lease', nodeName)).spec as { renewTime: string };
    await waitFor('lease renewed', async () => {
      const lease = (await client.get(LEASES, 'kube-node-lease', nodeName)).spec as { renewTime: string };
      return lease.renewTime !== first.renewTime;
    });
    // Changed by someone else, then deleted: the agent keeps renewing it, and makes it again.
    const held = await client.get(LEASES, 'kube-node-lease', nodeName);
    const marked = await client.update(LEASES, {
      ...held,
      metadata: { ...held.metadata, labels: { touched: 'yes' } },
    });
    await waitFor('lease renewed after another writer', async () => {
      const lease = await client.get(LEASES, 'kube-node-lease', nodeName);
      return lease.metadata.resourceVersion !== marked.metadata.resourceVersion;
    });
    await client.delete(LEASES, 'kube-node-lease', nodeName);
    await waitFor('lease made again', () =>
      client.get(LEASES, 'kube-node-lease', nodeName).catch(() => undefined),
    );
  });

  it('runs a pod bound to it, serves its logs and exec, and deletes it gracefully', async () => {
    const name = `web-${run}`;
    await createPod(name, {
      terminationGracePeriodSeconds: 1,
      containers: [
        { name: 'main', image, imagePullPolicy: 'Never', command: ['sh', '-c', 'echo hello; sleep 3600'] },
      ],
    });
    const running = await waitFor('pod Running and Ready', async () => {
      const pod = await client.get<ServedPod>(PODS, 'default', name);
      return (
        pod.status?.phase === 'Running' &&
        pod.status.conditions?.find((c) => c.type === 'Ready')?.status === 'True' &&
        pod
      );
    });
    expect(running.status?.podIP).toBeTruthy();
    expect(running.status?.containerStatuses?.[0].containerID).toMatch(/^docker:\/\//);
    // The agent keeps its pods without managedFields; its status writes leave the server's whole.
    const managers = (running.metadata.managedFields ?? []).map((e) => `${e.manager}/${e.subresource ?? ''}`);
    expect(managers).toEqual(['minik8s/', 'minik8s/status']);

    const log = await client.raw('GET', Client.path(PODS, 'default', name, 'log'), {
      accept: 'application/json, */*',
    });
    expect(log.body.toString()).toBe('hello\n');

    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (b: Buffer) => chunks.push(b));
    const code = await execOverWebSocket(
      conn,
      {
        namespace: 'default',
        pod: name,
        command: ['sh', '-c', 'echo in-pod; exit 4'],
        stdin: false,
        tty: false,
      },
      { stdin: new PassThrough(), stdout: out, stderr: new PassThrough() },
    );
    expect(code).toBe(4);
    expect(Buffer.concat(chunks).toString()).toBe('in-pod\n');

    const events = await client.list(EVENTS, { namespace: 'default' });
    expect(events.items.map((e) => e.reason)).toContain('Started');

    await client.delete(PODS, 'default', name);
    await waitFor('pod gone', () => gone(name));
    await waitFor(
      'containers gone',
      async () => (await podInstances(runtime, running.metadata.uid)).length === 0,
    );
  });

  it('deletes a terminated pod again when its delete failed, though the pod itself did not change', async () => {
    const name = `retry-${run}`;
    const created = await createPod(name, {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'main', image, imagePullPolicy: 'Never', command: ['sleep', '3600'] }],
    });
    await waitFor(
      'pod Running',
      async () => (await client.get<ServedPod>(PODS, 'default', name)).status?.phase === 'Running',
    );
    refuseDeletes.add(name);
    await client.delete(PODS, 'default', name);
    await waitFor(
      'containers gone',
      async () => (await podInstances(runtime, created.metadata.uid)).length === 0,
    );
    await waitFor('pod gone', () => gone(name));
    expect(refuseDeletes.has(name)).toBe(false);
  });

  it('keeps a pod whose volumes it cannot provide Pending, and says why in FailedMount events', async () => {
    const name = `nfs-${run}`;
    const created = await createPod(name, {
      volumes: [
        { name: 'share', nfs: { server: '192.0.2.1', path: '/exports' } },
        { name: 'disk', awsElasticBlockStore: { volumeID: 'vol-0123' } },
        { name: 'scratch', emptyDir: {} },
      ],
      containers: [
        {
          name: 'main',
          image,
          imagePullPolicy: 'Never',
          command: ['sleep', '3600'],
          volumeMounts: [{ name: 'share', mountPath: '/share' }],
        },
      ],
    });
    const events = await waitFor('FailedMount events', async () => {
      const found = (await client.list(EVENTS, { namespace: 'default' })).items.filter(
        (e) => (e as { involvedObject?: { uid?: string } }).involvedObject?.uid === created.metadata.uid,
      );
      const messages = found.filter((e) => e.reason === 'FailedMount').map((e) => e.message as string);
      return messages.length === 2 && messages;
    });
    expect(events.sort()).toEqual([
      'MountVolume.SetUp failed for volume "disk" : kubernetes.io/csi: mounter.SetUpAt failed to get CSI client: driver name ebs.csi.aws.com not found in the list of registered CSI drivers',
      'Unable to attach or mount volumes: unmounted volumes=[share], unattached volumes=[], failed to process volumes=[share]: failed to get Plugin from volumeSpec for volume "share" err=no volume plugin matched',
    ]);
    const pod = await waitFor('pod status reported', async () => {
      const p = await client.get<ServedPod>(PODS, 'default', name);
      return p.status?.containerStatuses && p;
    });
    expect(pod.status?.phase).toBe('Pending');
    expect(pod.status?.containerStatuses?.[0].state?.waiting?.reason).toBe('ContainerCreating');
    expect(await podInstances(runtime, created.metadata.uid)).toEqual([]);
    await client.delete(PODS, 'default', name);
  });
});
