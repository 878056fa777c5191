import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_IMAGE } from '../src/runtime/image-names.js';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { waitFor } from './helpers/wait.js';

let c: TestCluster;

const pod = (name: string, spec: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  terminationGracePeriodSeconds: 0
${spec}`;

describe('security and policy through kubectl', () => {
  beforeAll(async () => {
    c = await startTestCluster({ nodes: 1 });
  }, 300_000);

  afterAll(async () => {
    await c?.down();
  });

  it('refuses a pod that may run as root in a restricted namespace, and warns for workloads', async () => {
    await c.kubectl(['create', 'namespace', 'locked']);
    await c.kubectl(['label', 'namespace', 'locked', 'pod-security.kubernetes.io/enforce=restricted']);
    const refused = await c.kubectl(['run', 'root', '-n', 'locked', `--image=${NODE_IMAGE}`], {
      reject: false,
    });
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain(
      'Error from server (Forbidden): pods "root" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "root" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "root" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "root" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "root" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    const deploy = await c.kubectl(['create', 'deployment', 'web', '-n', 'locked', `--image=${NODE_IMAGE}`]);
    expect(deploy.stderr).toMatch(
      /^Warning: would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false/,
    );
    expect(deploy.stdout).toBe('deployment.apps/web created');
  });

  it('refuses the pod past a quota and shows what is used in get and describe', async () => {
    await c.kubectl(['create', 'namespace', 'quota']);
    await c.kubectl(['create', 'quota', 'pods', '-n', 'quota', '--hard=pods=1,requests.cpu=1']);
    await waitFor(
      'quota status',
      async () =>
        (await c.kubectl(['get', 'quota', 'pods', '-n', 'quota', '-o', 'jsonpath={.status.used.pods}']))
          .stdout === '0',
    );
    const spec = `  containers: [{name: main, image: ${NODE_IMAGE}, command: [sleep, infinity], resources: {requests: {cpu: 200m}}}]`;
    await c.kubectl(['apply', '-n', 'quota', '-f', '-'], { input: pod('one', spec) });
    const second = await c.kubectl(['apply', '-n', 'quota', '-f', '-'], {
      input: pod('two', spec),
      reject: false,
    });
    expect(second.stderr).toContain(
      'pods "two" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=1, limited: pods=1',
    );
    const get = (await c.kubectl(['get', 'quota', '-n', 'quota'])).stdout.split('\n');
    expect(get[0]).toMatch(/^NAME\s+AGE\s+REQUEST\s+LIMIT$/);
    expect(get[1]).toMatch(/^pods\s+\S+\s+pods: 1\/1, requests.cpu: 200m\/1\s*$/);
    const describe = (await c.kubectl(['describe', 'quota', 'pods', '-n', 'quota'])).stdout;
    expect(describe).toMatch(/Resource\s+Used\s+Hard/);
    expect(describe).toMatch(/pods\s+1\s+1/);
    expect(describe).toMatch(/requests.cpu\s+200m\s+1/);
  });

  it('refuses a Service patched to NodePort past its quota, and a pod patched to a new image past Pod Security', async () => {
    await c.kubectl(['create', 'namespace', 'updates']);
    await c.kubectl(['create', 'quota', 'np', '-n', 'updates', '--hard=services.nodeports=0']);
    await waitFor(
      'quota status',
      async () =>
        (await c.kubectl(['get', 'quota', 'np', '-n', 'updates', '-o', 'jsonpath={.status.used}'])).stdout !==
        '',
    );
    await c.kubectl(['create', 'service', 'clusterip', 'web', '-n', 'updates', '--tcp=80']);
    const nodePort = await c.kubectl(
      ['patch', 'service', 'web', '-n', 'updates', '-p', '{"spec":{"type":"NodePort"}}'],
      { reject: false },
    );
    expect(nodePort.exitCode).not.toBe(0);
    expect(nodePort.stderr).toContain(
      'Error from server (Forbidden): services "web" is forbidden: exceeded quota: np, requested: services.nodeports=1, used: services.nodeports=0, limited: services.nodeports=0',
    );
    // Bound to no node of this cluster, so no image is pulled for it.
    await c.kubectl(['apply', '-n', 'updates', '-f', '-'], {
      input: pod('app', `  nodeName: nowhere\n  containers: [{name: app, image: ${NODE_IMAGE}}]`),
    });
    const label = await c.kubectl([
      'label',
      'namespace',
      'updates',
      'pod-security.kubernetes.io/enforce=restricted',
    ]);
    expect(label.stderr).toContain(
      'Warning: existing pods in namespace "updates" violate the new PodSecurity enforce level "restricted:latest"',
    );
    expect((await c.kubectl(['label', 'pod', 'app', '-n', 'updates', 'tier=front'])).stdout).toBe(
      'pod/app labeled',
    );
    const image = await c.kubectl(['set', 'image', 'pod/app', '-n', 'updates', 'app=busybox:1.36'], {
      reject: false,
    });
    expect(image.exitCode).not.toBe(0);
    expect(image.stderr).toMatch(
      /^error: failed to patch image update to pod template: pods "app" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false \(container "app" must set securityContext.allowPrivilegeEscalation=false\)/,
    );
  });

  it('gives a new pod the LimitRange defaults', async () => {
    await c.kubectl(['create', 'namespace', 'limits']);
    await c.kubectl(['apply', '-n', 'limits', '-f', '-'], {
      input: `apiVersion: v1
kind: LimitRange
metadata: {name: defaults}
spec:
  limits:
  - type: Container
    default: {cpu: 500m, memory: 128Mi}
    defaultRequest: {cpu: 100m, memory: 64Mi}
`,
    });
    await c.kubectl(['run', 'p', '-n', 'limits', `--image=${NODE_IMAGE}`, '--', 'sleep', 'infinity']);
    const resources = JSON.parse(
      (await c.kubectl(['get', 'pod', 'p', '-n', 'limits', '-o', 'jsonpath={.spec.containers[0].resources}']))
        .stdout,
    );
    expect(resources).toEqual({
      limits: { cpu: '500m', memory: '128Mi' },
      requests: { cpu: '100m', memory: '64Mi' },
    });
  });

  it('fails runAsNonRoot on a root image with the kubelet reason, and hostPath / is the node not the host', async () => {
    await c.kubectl(['apply', '-f', '-'], {
      input: pod(
        'nonroot',
        `  securityContext: {runAsNonRoot: true}
  containers: [{name: main, image: ${NODE_IMAGE}, command: [sleep, infinity]}]`,
      ),
    });
    await c.kubectl(['apply', '-f', '-'], {
      input: pod(
        'hostroot',
        `  volumes:
  - {name: root, hostPath: {path: /}}
  - {name: made, hostPath: {path: /tmp/made-by-${c.name}, type: DirectoryOrCreate}}
  containers:
  - name: main
    image: ${NODE_IMAGE}
    command: [sleep, infinity]
    volumeMounts: [{name: root, mountPath: /host}, {name: made, mountPath: /made}]`,
      ),
    });
    const reason = await waitFor('CreateContainerConfigError', async () => {
      const out = (
        await c.kubectl([
          'get',
          'pod',
          'nonroot',
          '-o',
          'jsonpath={.status.containerStatuses[0].state.waiting}',
        ])
      ).stdout;
      return out.includes('CreateContainerConfigError') && JSON.parse(out);
    });
    expect(reason.message).toMatch(
      /^container has runAsNonRoot and image will run as root \(pod: "nonroot_default\(.+\)", container: main\)$/,
    );
    await c.kubectl(['wait', '--for=condition=Ready', 'pod/hostroot', '--timeout=120s']);
    const probe = await c.kubectl([
      'exec',
      'hostroot',
      '--',
      'node',
      '-e',
      `const fs = require('fs');
       const sock = fs.statSync('/host/var/run/docker.sock', { throwIfNoEntry: false });
       console.log(sock?.isSocket() ? 'socket' : 'no-socket');
       console.log(fs.existsSync('/host/tmp/made-by-${c.name}') ? 'made' : 'missing');`,
    ]);
    expect(probe.stdout.split('\n')).toEqual(['no-socket', 'made']);
    // The folder the pod made is in the node container, not on the host.
    const node = (await c.kubectl(['get', 'nodes', '-o', 'jsonpath={.items[0].metadata.name}'])).stdout;
    const inNode = `process.exit(require('fs').existsSync('/tmp/made-by-${c.name}') ? 0 : 1)`;
    expect((await execa('docker', ['exec', node, 'node', '-e', inNode], { reject: false })).exitCode).toBe(0);
    expect(existsSync(`/tmp/made-by-${c.name}`)).toBe(false);
  });

  it('keeps Secret, token and ConfigMap files of pods from other local users', async () => {
    const node = (await c.kubectl(['get', 'nodes', '-o', 'jsonpath={.items[0].metadata.name}'])).stdout;
    const mounts = JSON.parse(
      (await execa('docker', ['inspect', node, '--format', '{{json .Mounts}}'])).stdout,
    ) as {
      Source: string;
      Destination: string;
    }[];
    const secretDir = mounts.find((m) => m.Source.startsWith('/dev/shm/'))?.Source;
    const stateDir = mounts.find(
      (m) => m.Source === m.Destination && !m.Source.endsWith('.sock') && !m.Source.startsWith('/dev/shm/'),
    )?.Source;
    for (const dir of [secretDir, stateDir]) {
      expect(dir).toBeDefined();
      expect(statSync(join(dir!, 'pods')).mode & 0o777).toBe(0o700);
    }
  });
});
