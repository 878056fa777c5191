import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createNetwork,
  importBusybox,
  killContainer,
  removeContainerBehindAgent,
  removeImage,
  removeNetwork,
} from '../../test/helpers/docker-fixtures.js';
import { waitFor } from '../../test/helpers/wait.js';
import type { ConfigMap, Container, PodSpec, PodStatus, Secret, ServedPod } from '../api/kinds/index.js';
import { PODS } from '../api/kinds/index.js';
import type { ResourceService } from '../api/service.js';
import { execOverWebSocket } from '../client/exec-client.js';
import { hostContainerRuntime } from './docker/docker-runtime.js';
import { execInPod } from './exec.js';
import type { PodInputs } from './inputs.js';
import { podInstances, sandboxOf, toInstance } from './instances.js';
import { LABEL } from './labels.js';
import { streamPodLogs } from './logs.js';
import type { RuntimeOptions } from './pod-context.js';
import { podIO } from './pod-io.js';
import { PodRuntime } from './pod-runtime.js';
import { removeContainers } from './termination.js';

process.env.MINIK8S_TEST = '1';

const runtime = hostContainerRuntime();
const run = randomUUID().slice(0, 8);
const cluster = `rt-${run}`;
const network = `minik8s-rt-${run}`;
const image = `minik8s-rt-test/busybox:${run}`;
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minik8s-rt-'));
const hostDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minik8s-rt-host-'));
let gateway = '';

const configMaps = new Map<string, ConfigMap>();
const secrets = new Map<string, Secret>();
const inputs: PodInputs = {
  configMap: async (ns, name) => configMaps.get(`${ns}/${name}`),
  secret: async (ns, name) => secrets.get(`${ns}/${name}`),
  claimPath: async () => undefined,
};

const statuses = new Map<string, PodStatus>();
const terminated = new Set<string>();
const events: { pod: string; reason: string; message: string }[] = [];
const runtimes: PodRuntime[] = [];

function newRuntime(extra: Partial<RuntimeOptions> = {}): PodRuntime {
  const rt = new PodRuntime({
    runtime,
    cluster,
    nodeName: 'node-1',
    network,
    stateDir,
    inputs,
    hostIP: gateway,
    nodeCpu: 2,
    nodeMemory: 2 ** 30,
    pauseImage: image,
    settings: { podSyncIntervalMs: 300, volumeRefreshIntervalMs: 500 },
    backoffBaseMs: 500,
    backoffMaxMs: 2000,
    onStatus: (pod, status) => {
      statuses.set(pod.metadata.uid, status);
    },
    onTerminated: (pod) => {
      terminated.add(pod.metadata.uid);
    },
    onEvent: (pod, _type, reason, message) => events.push({ pod: pod.metadata.name, reason, message }),
    ...extra,
  });
  runtimes.push(rt);
  rt.start();
  return rt;
}

/**
 * Settings under which a running pod is synced only when something about it changes: a test
 * under them fails if a change goes unnoticed (the default volume refresh would hide it).
 */
const QUIET: RuntimeOptions['settings'] = {
  podSyncIntervalMs: 300,
  volumeRefreshIntervalMs: 3_600_000,
  syncFrequencyMs: 3_600_000,
};

function makePod(name: string, spec: Partial<PodSpec> & { containers: Container[] }): ServedPod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${name}-${run}`, namespace: 'default', uid: randomUUID(), labels: { app: name } },
    spec: { restartPolicy: 'Always', terminationGracePeriodSeconds: 1, nodeName: 'node-1', ...spec },
  };
}

function c(name: string, script: string, extra: Partial<Container> = {}): Container {
  return { name, image, imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', script], ...extra };
}

const statusOf = (pod: ServedPod) => statuses.get(pod.metadata.uid);
const containerOf = (pod: ServedPod, name: string) =>
  statusOf(pod)?.containerStatuses?.find((s) => s.name === name);
const conditionOf = (pod: ServedPod, type: string) =>
  statusOf(pod)?.conditions?.find((x) => x.type === type)?.status;

async function execOut(pod: ServedPod, container: string, command: string[], stdin?: string) {
  const s = await execInPod(runtime, pod, { container, command, stdin: stdin !== undefined, tty: false });
  const out: Buffer[] = [];
  s.stdout.on('data', (b: Buffer) => out.push(b));
  s.stderr.on('data', (b: Buffer) => out.push(b));
  if (stdin !== undefined) s.stdin!.end(stdin);
  const exitCode = await s.exitCode;
  return { exitCode, output: Buffer.concat(out).toString() };
}

async function logsOf(pod: ServedPod, container: string, opts: { previous?: boolean } = {}) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (b: Buffer) => chunks.push(b));
  await streamPodLogs(runtime, pod, { container, ...opts }, out);
  return Buffer.concat(chunks).toString();
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
  fs.rmSync(hostDir, { recursive: true, force: true });
});

describe('PodRuntime on Docker', () => {
  it('runs two containers sharing an emptyDir and localhost, with env from a ConfigMap', async () => {
    configMaps.set('default/cfg', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', namespace: 'default' },
      data: { greeting: 'hello', color: 'blue' },
    });
    const rt = newRuntime();
    const pod = makePod('shared', {
      volumes: [
        { name: 'data', emptyDir: {} },
        { name: 'mem', emptyDir: { medium: 'Memory', sizeLimit: '8Mi' } },
        { name: 'conf', configMap: { name: 'cfg' } },
      ],
      containers: [
        c('web', 'echo ready > /data/index.html; echo web-started; exec httpd -f -p 8080 -h /data', {
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
        }),
        c('reader', 'sleep 3600', {
          volumeMounts: [
            { name: 'data', mountPath: '/shared', readOnly: true },
            { name: 'conf', mountPath: '/etc/conf' },
            { name: 'mem', mountPath: '/mem' },
          ],
          env: [
            { name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'greeting' } } },
            { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
            { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
            { name: 'MSG', value: '$(GREETING) world' },
          ],
          envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'cfg' } }],
        }),
      ],
    });
    rt.upsertPod(pod);
    await waitFor('pod Ready', () => conditionOf(pod, 'Ready') === 'True');
    const status = statusOf(pod)!;
    expect(status.phase).toBe('Running');
    expect(status.podIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(status.hostIP).toBe(gateway);
    expect(status.qosClass).toBe('BestEffort');
    expect(containerOf(pod, 'web')?.containerID).toMatch(/^docker:\/\//);

    const viaLocalhost = await execOut(pod, 'reader', [
      'sh',
      '-c',
      'printf "GET /index.html HTTP/1.0\\r\\n\\r\\n" | nc 127.0.0.1 8080',
    ]);
    expect(viaLocalhost.output).toContain('ready');
    expect((await execOut(pod, 'reader', ['cat', '/shared/index.html'])).output).toBe('ready\n');
    expect((await execOut(pod, 'reader', ['cat', '/etc/conf/color'])).output).toBe('blue');
    const env = await execOut(pod, 'reader', [
      'sh',
      '-c',
      'echo "$GREETING|$POD_NAME|$POD_IP|$APP|$MSG|$CFG_color"',
    ]);
    expect(env.output.trim()).toBe(`hello|${pod.metadata.name}|${status.podIP}|shared|hello world|blue`);
    expect(await logsOf(pod, 'web')).toContain('web-started');

    expect((await execOut(pod, 'reader', ['sh', '-c', 'grep " /mem " /proc/mounts'])).output).toMatch(
      /^tmpfs \/mem tmpfs .*size=8192k/,
    );
    configMaps.set('default/cfg', {
      ...configMaps.get('default/cfg')!,
      data: { greeting: 'hello', color: 'green' },
    });
    await waitFor(
      'mounted ConfigMap updated',
      async () => (await execOut(pod, 'reader', ['cat', '/etc/conf/color'])).output === 'green',
    );

    const failing = await execOut(pod, 'reader', ['sh', '-c', 'exit 7']);
    expect(failing.exitCode).toBe(7);
    expect((await execOut(pod, 'reader', ['cat'], 'from stdin')).output).toBe('from stdin');
  });

  it('runs init containers in order before the app container', async () => {
    const rt = newRuntime();
    const pod = makePod('init', {
      volumes: [{ name: 'work', emptyDir: {} }],
      initContainers: [
        c('first', 'echo one >> /work/order', { volumeMounts: [{ name: 'work', mountPath: '/work' }] }),
        c('second', 'sleep 1; echo two >> /work/order', {
          volumeMounts: [{ name: 'work', mountPath: '/work' }],
        }),
      ],
      containers: [
        c('app', 'cat /work/order; sleep 3600', { volumeMounts: [{ name: 'work', mountPath: '/work' }] }),
      ],
    });
    rt.upsertPod(pod);
    await waitFor(
      'pod Running',
      () => statusOf(pod)?.phase === 'Running' && containerOf(pod, 'app')?.state?.running,
    );
    expect(await logsOf(pod, 'app')).toBe('one\ntwo\n');
    const init = statusOf(pod)!.initContainerStatuses!;
    expect(init.map((s) => s.state?.terminated?.reason)).toEqual(['Completed', 'Completed']);
    expect(conditionOf(pod, 'Initialized')).toBe('True');
  });

  it('starts the next init container and the app beside a sidecar, and keeps the sidecar running', async () => {
    const rt = newRuntime({ settings: QUIET });
    const pod = makePod('sidecar', {
      volumes: [{ name: 'work', emptyDir: {} }],
      initContainers: [
        c('side', 'echo side >> /work/order; sleep 3600', {
          restartPolicy: 'Always',
          volumeMounts: [{ name: 'work', mountPath: '/work' }],
        }),
        c('then', 'echo then >> /work/order', { volumeMounts: [{ name: 'work', mountPath: '/work' }] }),
      ],
      containers: [
        c('app', 'cat /work/order; sleep 3600', { volumeMounts: [{ name: 'work', mountPath: '/work' }] }),
      ],
    });
    rt.upsertPod(pod);
    await waitFor(
      'pod Running and Ready',
      () => statusOf(pod)?.phase === 'Running' && conditionOf(pod, 'Ready') === 'True',
    );
    expect(await logsOf(pod, 'app')).toBe('side\nthen\n');
    const [side, then] = statusOf(pod)!.initContainerStatuses!;
    expect(side).toMatchObject({ name: 'side', started: true, ready: true, state: { running: {} } });
    expect(then.state?.terminated?.reason).toBe('Completed');
    expect(conditionOf(pod, 'Initialized')).toBe('True');
    // Killed, the sidecar is started again; the app goes on.
    killContainer(side.containerID!.slice('docker://'.length));
    await waitFor(
      'the sidecar restarted',
      () =>
        statusOf(pod)?.initContainerStatuses?.[0].restartCount === 1 &&
        !!statusOf(pod)?.initContainerStatuses?.[0].state?.running,
    );
    expect(containerOf(pod, 'app')?.restartCount).toBe(0);
  });

  it('ends a pod whose app containers ended, stopping its sidecar', async () => {
    const rt = newRuntime();
    const pod = makePod('sidecar-job', {
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 1,
      initContainers: [c('side', 'sleep 3600', { restartPolicy: 'Always' })],
      containers: [c('work', 'echo done')],
    });
    rt.upsertPod(pod);
    await waitFor('pod Succeeded', () => statusOf(pod)?.phase === 'Succeeded');
    expect(statusOf(pod)!.initContainerStatuses![0].state?.terminated).toBeDefined();
    expect(containerOf(pod, 'work')?.state?.terminated?.exitCode).toBe(0);
  });

  it('restarts a container whose process died, with back-off', async () => {
    const rt = newRuntime();
    const pod = makePod('crash', { containers: [c('main', 'echo run; exit 3')] });
    rt.upsertPod(pod);
    await waitFor(
      'CrashLoopBackOff',
      () => containerOf(pod, 'main')?.state?.waiting?.reason === 'CrashLoopBackOff',
    );
    await waitFor('two restarts', () => (containerOf(pod, 'main')?.restartCount ?? 0) >= 2);
    const s = containerOf(pod, 'main')!;
    expect(s.lastState?.terminated?.exitCode).toBe(3);
    expect(s.lastState?.terminated?.reason).toBe('Error');
    expect(statusOf(pod)?.phase).toBe('Running');
    expect(await logsOf(pod, 'main', { previous: true })).toBe('run\n');
    expect(events.some((e) => e.pod === pod.metadata.name && e.reason === 'BackOff')).toBe(true);
  });

  it('restarts a killed main process and counts it', async () => {
    const rt = newRuntime({ settings: QUIET });
    const pod = makePod('killed', { containers: [c('main', 'sleep 3600')] });
    rt.upsertPod(pod);
    const first = await waitFor(
      'running',
      () => containerOf(pod, 'main')?.state?.running && containerOf(pod, 'main'),
    );
    killContainer(first.containerID!.slice('docker://'.length));
    await waitFor(
      'restarted',
      () => containerOf(pod, 'main')?.restartCount === 1 && containerOf(pod, 'main')?.state?.running,
    );
    expect(containerOf(pod, 'main')?.lastState?.terminated?.exitCode).toBe(137);
  });

  it('restarts a container whose liveness probe fails, and readiness drives Ready', async () => {
    const rt = newRuntime({ settings: QUIET });
    const pod = makePod('probes', {
      containers: [
        c('live', 'touch /tmp/healthy; sleep 2; rm /tmp/healthy; sleep 3600', {
          livenessProbe: {
            exec: { command: ['cat', '/tmp/healthy'] },
            periodSeconds: 1,
            failureThreshold: 1,
          },
        }),
        c('web', 'mkdir -p /www; exec httpd -f -p 8080 -h /www', {
          readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 1 },
        }),
      ],
    });
    rt.upsertPod(pod);
    await waitFor('web running', () => containerOf(pod, 'web')?.state?.running);
    expect(conditionOf(pod, 'Ready')).toBe('False');
    await execOut(pod, 'web', ['touch', '/www/ready']);
    await waitFor('web ready', () => containerOf(pod, 'web')?.ready === true);
    await execOut(pod, 'web', ['rm', '/www/ready']);
    await waitFor('web unready', () => containerOf(pod, 'web')?.ready === false);
    await waitFor('liveness restart', () => (containerOf(pod, 'live')?.restartCount ?? 0) >= 1);
    expect(events.some((e) => e.pod === pod.metadata.name && e.reason === 'Unhealthy')).toBe(true);
  });

  it('shows ErrImageNeverPull and CreateContainerConfigError and keeps other pods running', async () => {
    const rt = newRuntime();
    const never = makePod('never', {
      containers: [{ name: 'x', image: `minik8s-rt-test/absent:${run}`, imagePullPolicy: 'Never' }],
    });
    const badKey = makePod('badkey', {
      containers: [
        c('x', 'sleep 3600', {
          env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'missing' } } }],
        }),
      ],
    });
    const good = makePod('good', { containers: [c('x', 'sleep 3600')] });
    rt.upsertPod(never);
    rt.upsertPod(badKey);
    rt.upsertPod(good);
    await waitFor(
      'ErrImageNeverPull',
      () => containerOf(never, 'x')?.state?.waiting?.reason === 'ErrImageNeverPull',
    );
    const w = await waitFor('config error', () => containerOf(badKey, 'x')?.state?.waiting);
    expect(w).toEqual({
      reason: 'CreateContainerConfigError',
      message: "couldn't find key missing in ConfigMap default/cfg",
    });
    await waitFor('good running', () => statusOf(good)?.phase === 'Running');
    expect(statusOf(never)?.phase).toBe('Pending');
  });

  it('pulls an image whose policy is Always, and uses the copy it has when no registry answers', async () => {
    const rt = newRuntime();
    const always = makePod('always', { containers: [c('x', 'sleep 3600', { imagePullPolicy: 'Always' })] });
    const present = makePod('present', { containers: [c('x', 'sleep 3600')] });
    rt.upsertPod(always);
    rt.upsertPod(present);
    await waitFor('both running', () => [always, present].every((p) => statusOf(p)?.phase === 'Running'));
    const of = (p: ServedPod) =>
      events.filter((e) => e.pod === p.metadata.name && e.reason.startsWith('Pull')).map((e) => e.message);
    expect(of(always)).toEqual([
      `Pulling image "${image}"`,
      `Container image "${image}" already present on machine`,
    ]);
    expect(of(present)).toEqual([`Container image "${image}" already present on machine`]);
  });

  it('never starts a pod whose volumes it cannot provide, however often it syncs', async () => {
    const rt = newRuntime();
    const pod = makePod('gitrepo', {
      volumes: [{ name: 'src', gitRepo: { repository: 'https://example.invalid/x.git' } } as never],
      containers: [c('main', 'sleep 3600', { volumeMounts: [{ name: 'src', mountPath: '/src' }] })],
    });
    rt.upsertPod(pod);
    const failedMounts = () =>
      events.filter((e) => e.pod === pod.metadata.name && e.reason === 'FailedMount').length;
    await waitFor('three syncs, each with a FailedMount event', () => failedMounts() >= 3);
    expect(statusOf(pod)?.phase).toBe('Pending');
    expect(containerOf(pod, 'main')?.state?.waiting?.reason).toBe('ContainerCreating');
    expect(conditionOf(pod, 'PodReadyToStartContainers')).toBe('False');
    expect(await podInstances(runtime, pod.metadata.uid)).toEqual([]);
  });

  it('ends pods that may not restart as Succeeded or Failed', async () => {
    const rt = newRuntime();
    const ok = makePod('job-ok', { restartPolicy: 'OnFailure', containers: [c('main', 'echo done')] });
    const bad = makePod('job-bad', { restartPolicy: 'Never', containers: [c('main', 'exit 2')] });
    rt.upsertPod(ok);
    rt.upsertPod(bad);
    await waitFor('Succeeded', () => statusOf(ok)?.phase === 'Succeeded');
    await waitFor('Failed', () => statusOf(bad)?.phase === 'Failed');
    expect(containerOf(ok, 'main')?.state?.terminated?.reason).toBe('Completed');
    expect(containerOf(bad, 'main')?.state?.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
    expect(conditionOf(ok, 'Ready')).toBe('False');
    expect(await logsOf(ok, 'main')).toBe('done\n');
  });

  it("gives a ClusterFirst pod the cluster DNS as its resolv.conf, and the node's without one", async () => {
    const withDns = newRuntime({ clusterDNS: '10.244.64.10' });
    const first = makePod('dns-first', {
      dnsPolicy: 'ClusterFirst',
      dnsConfig: { options: [{ name: 'ndots', value: '2' }] },
      containers: [c('main', 'cat /etc/resolv.conf; sleep 3600')],
    });
    withDns.upsertPod(first);
    await waitFor('its resolv.conf logged', async () => (await logsOf(first, 'main')).includes('options'));
    expect(await logsOf(first, 'main')).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.244.64.10\noptions ndots:2\n',
    );
    expect(events.filter((e) => e.pod === first.metadata.name && e.reason === 'MissingClusterDNS')).toEqual(
      [],
    );
    await withDns.stop();

    const withoutDns = newRuntime();
    const fallback = makePod('dns-fallback', { containers: [c('main', 'cat /etc/resolv.conf; sleep 3600')] });
    withoutDns.upsertPod(fallback);
    await waitFor('its resolv.conf logged', async () =>
      (await logsOf(fallback, 'main')).includes('nameserver'),
    );
    expect(await logsOf(fallback, 'main')).toContain('nameserver 127.0.0.11');
    expect(events).toContainEqual(
      expect.objectContaining({ pod: fallback.metadata.name, reason: 'MissingClusterDNS' }),
    );
  });

  it('recreates a dead sandbox and restarts the containers in it', async () => {
    const rt = newRuntime({ settings: QUIET });
    const pod = makePod('sandbox', { containers: [c('main', 'sleep 3600')] });
    rt.upsertPod(pod);
    await waitFor('running', () => containerOf(pod, 'main')?.state?.running);
    killContainer(sandboxOf(await podInstances(runtime, pod.metadata.uid))!.id);
    await waitFor(
      'restarted in a new sandbox',
      () => containerOf(pod, 'main')?.restartCount === 1 && containerOf(pod, 'main')?.state?.running,
    );
    expect(statusOf(pod)?.podIP).toBeTruthy();
    // A sandbox removed outright leaves its containers without a network just the same.
    const before = sandboxOf(await podInstances(runtime, pod.metadata.uid))!;
    removeContainerBehindAgent(before.id);
    await waitFor(
      'restarted in another sandbox',
      () => containerOf(pod, 'main')?.restartCount === 2 && containerOf(pod, 'main')?.state?.running,
    );
    const after = sandboxOf(await podInstances(runtime, pod.metadata.uid))!;
    expect(after.id).not.toBe(before.id);
    expect(events).toContainEqual(
      expect.objectContaining({ pod: pod.metadata.name, reason: 'SandboxChanged' }),
    );
  });

  it("posts a pod's final phase again when its first write failed", async () => {
    let refused = 0;
    const rt = newRuntime({
      settings: QUIET,
      onStatus: (pod, status) => {
        if (status.phase === 'Succeeded' && refused++ === 0) throw new Error('the API server restarts');
        statuses.set(pod.metadata.uid, status);
      },
    });
    const pod = makePod('final-retry', { restartPolicy: 'Never', containers: [c('main', 'echo done')] });
    rt.upsertPod(pod);
    await waitFor('Succeeded posted', () => statusOf(pod)?.phase === 'Succeeded');
    expect(refused).toBe(2);
  });

  it('deletes gracefully: preStop hook, then SIGTERM within the grace period', async () => {
    const rt = newRuntime();
    const out = path.join(hostDir, 'graceful');
    fs.mkdirSync(out);
    const pod = makePod('graceful', {
      terminationGracePeriodSeconds: 20,
      volumes: [{ name: 'out', hostPath: { path: out } }],
      containers: [
        c('main', 'trap "echo term >> /out/log; exit 0" TERM; while true; do sleep 0.2; done', {
          volumeMounts: [{ name: 'out', mountPath: '/out' }],
          lifecycle: { preStop: { exec: { command: ['sh', '-c', 'echo prestop >> /out/log'] } } },
        }),
      ],
    });
    rt.upsertPod(pod);
    await waitFor('running', () => containerOf(pod, 'main')?.state?.running);
    rt.upsertPod({
      ...pod,
      metadata: {
        ...pod.metadata,
        deletionTimestamp: new Date().toISOString(),
        deletionGracePeriodSeconds: 20,
      },
    });
    await waitFor('terminated', () => terminated.has(pod.metadata.uid));
    expect(fs.readFileSync(path.join(out, 'log'), 'utf8')).toBe('prestop\nterm\n');
    expect(await podInstances(runtime, pod.metadata.uid)).toEqual([]);
  });

  it('adopts running containers after a restart of the runtime, and removes orphans', async () => {
    const first = newRuntime({ nodeName: 'node-2' });
    const pod = makePod('adopt', { containers: [c('main', 'sleep 3600')] });
    const orphan = makePod('orphan', { containers: [c('main', 'sleep 3600')] });
    first.upsertPod(pod);
    first.upsertPod(orphan);
    await waitFor(
      'running',
      () => containerOf(pod, 'main')?.state?.running && containerOf(orphan, 'main')?.state?.running,
    );
    const id = containerOf(pod, 'main')!.containerID;
    await first.stop();

    const second = newRuntime({ nodeName: 'node-2' });
    second.setPods([{ ...pod, status: statusOf(pod) }]);
    await second.tick();
    await waitFor(
      'orphan removed',
      async () => (await podInstances(runtime, orphan.metadata.uid)).length === 0,
    );
    const main = await waitFor('the adopted pod reported', () =>
      second.statusOf(pod.metadata.uid)?.containerStatuses?.find((s) => s.name === 'main'),
    );
    expect(main.containerID).toBe(id);
    expect(main.restartCount).toBe(0);
    expect(main.state?.running).toBeTruthy();
  });

  it('serves exec over WebSocket as kubectl speaks it, with the exit code passed through', async () => {
    const rt = newRuntime();
    const pod = makePod('ws', { containers: [c('main', 'echo hi from main; sleep 3600')] });
    rt.upsertPod(pod);
    await waitFor('running', () => containerOf(pod, 'main')?.state?.running);
    const io = podIO(runtime);
    const svc = { get: () => pod } as unknown as ResourceService;
    const def = PODS;
    const server = http.createServer();
    server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const route = {
        type: 'resource' as const,
        def,
        group: '',
        version: 'v1',
        namespace: 'default',
        name: pod.metadata.name,
        subresource: url.pathname.split('/').pop(),
        watchPath: false,
      };
      io.upgrade(svc, route, url, req, socket, head);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const conn = {
      server: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
      ca: '',
      token: 't',
    };
    try {
      const run = async (command: string[], input?: string) => {
        const stdin = new PassThrough();
        const stdout = new PassThrough();
        const stderr = new PassThrough();
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        stdout.on('data', (b: Buffer) => out.push(b));
        stderr.on('data', (b: Buffer) => err.push(b));
        if (input !== undefined) stdin.end(input);
        const code = await execOverWebSocket(
          conn,
          { namespace: 'default', pod: pod.metadata.name, command, stdin: input !== undefined, tty: false },
          { stdin, stdout, stderr },
        );
        return { code, out: Buffer.concat(out).toString(), err: Buffer.concat(err).toString() };
      };
      expect(await run(['sh', '-c', 'echo out; echo err >&2; exit 3'])).toEqual({
        code: 3,
        out: 'out\n',
        err: 'err\n',
      });
      expect(await run(['cat'], 'piped')).toEqual({ code: 0, out: 'piped', err: '' });
      const wrongContainer = {
        namespace: 'default',
        pod: pod.metadata.name,
        container: 'nope',
        command: ['true'],
        stdin: false,
        tty: false,
      };
      await expect(execOverWebSocket(conn, wrongContainer)).rejects.toThrow(/not valid/);

      const logs = new PassThrough();
      const chunks: Buffer[] = [];
      logs.on('data', (b: Buffer) => chunks.push(b));
      await io.logs(pod, { tailLines: 1 }, logs, new AbortController().signal);
      expect(Buffer.concat(chunks).toString()).toBe('hi from main\n');
    } finally {
      server.close();
    }
  });
});

const sleeper = (name: string, extra: Partial<Container> = {}): Container => c(name, 'sleep 3600', extra);
const sh = async (pod: ServedPod, container: string, script: string) => {
  const r = await execOut(pod, container, ['sh', '-c', script]);
  return { ...r, output: r.output.trim() };
};

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
    const nodeDir = fs.mkdtempSync(path.join(hostDir, 'node-'));
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
