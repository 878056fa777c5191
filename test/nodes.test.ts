import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { writeKubeconfig } from './helpers/kubeconfig.js';
import { eventually } from './helpers/wait.js';

const POD = `
apiVersion: v1
kind: Secret
metadata:
  name: duo-secret
stringData:
  password: s3cret
---
apiVersion: v1
kind: Pod
metadata:
  name: duo
spec:
  terminationGracePeriodSeconds: 5
  volumes:
    - name: shared
      emptyDir: {}
    - name: secret
      secret: { secretName: duo-secret }
    - name: identity
      projected:
        sources:
          - serviceAccountToken: { path: token, expirationSeconds: 3600 }
  containers:
    - name: web
      image: minik8s/busybox:latest
      command: ["sh", "-c", "echo shared-file > /data/index.html; exec httpd -f -p 8080 -h /data"]
      ports:
        - containerPort: 8080
          hostPort: 18080
      volumeMounts:
        - { name: shared, mountPath: /data }
    - name: client
      image: minik8s/busybox:latest
      command: ["sh", "-c", "while true; do wget -q -O - http://localhost:8080/; sleep 1; done"]
      volumeMounts:
        - { name: shared, mountPath: /data }
        - { name: secret, mountPath: /secret }
        - { name: identity, mountPath: /var/run/secrets/tokens }
`;

describe('a cluster with two nodes running pods on Docker', () => {
  let c: TestCluster;
  beforeAll(async () => {
    // Short heartbeats and grace: a killed node is noticed in seconds, not the 40 s of Kubernetes' defaults.
    c = await startTestCluster({
      nodes: 2,
      config: [
        'controllerManager: {nodeMonitorGracePeriod: 8s, nodeMonitorPeriod: 1s}',
        'kubelet: {nodeLeaseRenewInterval: 1s, housekeepingInterval: 1s}',
        'apiServer: {defaultUnreachableTolerationSeconds: 2s}',
      ].join('\n'),
    });
  });
  afterAll(async () => {
    await c?.down();
  });

  it('has both nodes Ready, named like kind', async () => {
    const nodes = await c.kubectl(['get', 'nodes']);
    expect(nodes.stdout).toMatch(new RegExp(`${c.name}-control-plane\\s+Ready\\s+control-plane`));
    expect(nodes.stdout).toMatch(new RegExp(`${c.name}-worker\\s+Ready\\s+<none>`));
  });

  it('runs a two-container pod sharing an emptyDir and localhost, reachable on its hostPort', async () => {
    await c.minik8s(['apply', '-f', '-'], { input: POD });
    const wide = await eventually('the pod Running in get -o wide', async () => {
      const out = (await c.minik8s(['get', 'pods', '-o', 'wide'])).stdout;
      expect(out).toMatch(/duo\s+2\/2\s+Running\s+0\s+\S+\s+10\.\d+\.\d+\.\d+\s+\S+-(control-plane|worker)/);
      return out;
    });
    expect((await c.kubectl(['get', 'pods', '-o', 'wide'])).stdout).toContain(
      wide.split('\n')[1].split(/\s+/)[5],
    );
    const logs = await eventually('the client container logging the shared file', async () => {
      const out = (await c.minik8s(['logs', 'duo', '-c', 'client', '--tail', '2'])).stdout;
      expect(out).toContain('shared-file');
      return out;
    });
    expect(logs).toContain('shared-file');
    expect((await c.kubectl(['logs', 'duo', '-c', 'client', '--tail', '1'])).stdout).toContain('shared-file');
    // --since-time: nothing from a time still to come, the lines since a time past; kubectl's too.
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const earlier = new Date(Date.now() - 3_600_000).toISOString();
    for (const tool of [(a: string[]) => c.minik8s(a), (a: string[]) => c.kubectl(a)]) {
      expect((await tool(['logs', 'duo', '-c', 'client', `--since-time=${later}`])).stdout).toBe('');
      expect((await tool(['logs', 'duo', '-c', 'client', `--since-time=${earlier}`])).stdout).toContain(
        'shared-file',
      );
    }
    const page = await eventually('the page on the host port', async () =>
      (await fetch('http://127.0.0.1:18080/')).text(),
    );
    expect(page).toContain('shared-file');
  });

  it('execs in a container with the exit code passed through', async () => {
    expect(
      (await c.minik8s(['exec', 'duo', '-c', 'client', '--', 'cat', '/data/index.html'])).stdout,
    ).toContain('shared-file');
    const failed = await c.kubectl(['exec', 'duo', '-c', 'web', '--', 'sh', '-c', 'exit 7'], {
      reject: false,
    });
    expect(failed.exitCode).toBe(7);
    const mine = await c.minik8s(['exec', 'duo', '-c', 'web', '--', 'sh', '-c', 'exit 4'], { reject: false });
    expect(mine.exitCode).toBe(4);
  });

  it('picks the first container for exec and logs without -c, as kubectl does', async () => {
    const exec = await c.minik8s(['exec', 'duo', '--', 'sh', '-c', 'exit 5'], { reject: false });
    expect(exec.exitCode).toBe(5);
    expect(exec.stderr).toContain('Defaulted container "web" out of: web, client');
    const logs = await c.minik8s(['logs', 'duo', '--tail', '1']);
    expect(logs.stderr).toContain('Defaulted container "web"');
  });

  it('mounts a Secret volume from memory (tmpfs)', async () => {
    const out = await c.minik8s([
      'exec',
      'duo',
      '-c',
      'client',
      '--',
      'sh',
      '-c',
      'cat /secret/password; busybox mount',
    ]);
    expect(out.stdout).toContain('s3cret');
    expect(out.stdout).toMatch(/^tmpfs on \/secret type tmpfs/m);
  });

  it('projects a service account token the API server accepts', async () => {
    const token = (
      await c.minik8s(['exec', 'duo', '-c', 'client', '--', 'cat', '/var/run/secrets/tokens/token'])
    ).stdout.trim();
    // A JWT bound to the pod, as the kubelet asks for: whoami names the pod it came from.
    expect(token).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
    // The token alone: with --token, kubectl would still present the kubeconfig's admin client certificate.
    const asToken = join(c.home, 'pod-token-kubeconfig');
    writeKubeconfig(asToken, { url: c.conn.server, ca: c.conn.ca, token });
    const who = JSON.parse(
      (await c.kubectl(['--kubeconfig', asToken, 'auth', 'whoami', '-o', 'json'])).stdout,
    );
    expect(who.status.userInfo).toMatchObject({
      username: 'system:serviceaccount:default:default',
      extra: { 'authentication.kubernetes.io/pod-name': ['duo'] },
    });
  });

  it('restarts a container whose main process was killed, counting restarts', async () => {
    // A process is PID 1 of its container, where the kernel ignores signals sent from inside: kill it from the host.
    const web = await execa('docker', [
      'ps',
      '-q',
      '--filter',
      'label=io.minik8s.pod.name=duo',
      '--filter',
      'label=io.minik8s.container=web',
      '--filter',
      `label=io.minik8s.cluster=${c.name}`,
    ]);
    await execa('docker', ['kill', web.stdout.trim()]);
    await eventually('the restarted container running again', async () => {
      const pod = JSON.parse((await c.kubectl(['get', 'pod', 'duo', '-o', 'json'])).stdout);
      const web = pod.status.containerStatuses.find((s: { name: string }) => s.name === 'web');
      expect(web.restartCount).toBeGreaterThanOrEqual(1);
      expect(web.state.running).toBeTruthy();
    });
  });

  it('deletes the pod gracefully and removes its containers', async () => {
    await c.kubectl(['delete', 'pod', 'duo']);
    const left = await execa('docker', [
      'ps',
      '-aq',
      '--filter',
      'label=io.minik8s.pod.name=duo',
      '--filter',
      `label=io.minik8s.cluster=${c.name}`,
    ]);
    expect(left.stdout.trim()).toBe('');
  });

  it('evicts a pod whose emptyDir grows past its sizeLimit', { timeout: 90_000 }, async () => {
    const pod = `
apiVersion: v1
kind: Pod
metadata:
  name: hoarder
spec:
  terminationGracePeriodSeconds: 1
  volumes:
    - name: cache
      emptyDir: { sizeLimit: 1Mi }
  containers:
    - name: main
      image: minik8s/busybox:latest
      command: ["sh", "-c", "head -c 2000000 /dev/zero > /cache/big; exec sleep 3600"]
      volumeMounts:
        - { name: cache, mountPath: /cache }
`;
    await c.minik8s(['apply', '-f', '-'], { input: pod });
    const status = await eventually(
      'the pod evicted',
      async () => {
        const s = JSON.parse((await c.kubectl(['get', 'pod', 'hoarder', '-o', 'json'])).stdout).status;
        expect(s).toMatchObject({ phase: 'Failed', reason: 'Evicted' });
        return s;
      },
      40_000,
    );
    expect(status.message).toContain('Usage of EmptyDir volume "cache" exceeds the limit "1Mi"');
  });

  it('turns a killed node NotReady, evicts its pods once their toleration runs out, and removes their containers', async () => {
    const worker = `${c.name}-worker`;
    await c.minik8s(['apply', '-f', '-'], {
      input: `apiVersion: v1
kind: Pod
metadata: {name: stranded}
spec:
  nodeName: ${worker}
  containers:
    - {name: main, image: minik8s/busybox:latest, command: ["sleep", "3600"]}
---
apiVersion: v1
kind: Pod
metadata: {name: forsaken}
spec:
  nodeName: ${worker}
  tolerations:
    - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 3600}
  containers:
    - {name: main, image: minik8s/busybox:latest, command: ["sleep", "3600"]}
`,
    });
    await eventually('the pods Running on the worker', async () => {
      const out = (await c.kubectl(['get', 'pod', 'stranded', 'forsaken'])).stdout;
      expect(out.match(/Running/g)).toHaveLength(2);
    });
    await execa('docker', ['kill', worker]);
    await eventually(
      'the killed node NotReady',
      async () => {
        const out = (await c.kubectl(['get', 'node', worker])).stdout;
        expect(out).toMatch(/NotReady/);
      },
      90_000,
    );
    const tolerations = JSON.parse((await c.kubectl(['get', 'pod', 'stranded', '-o', 'json'])).stdout).spec
      .tolerations;
    expect(tolerations).toContainEqual(
      expect.objectContaining({ key: 'node.kubernetes.io/unreachable', tolerationSeconds: 2 }),
    );
    await eventually('the pod evicted from the dead node', async () => {
      const res = await c.kubectl(['get', 'pod', 'stranded'], { reject: false });
      expect(res.stderr).toContain('pods "stranded" not found');
    });
    // Deleted by a user rather than by the eviction: its containers have no agent to remove them either.
    await c.kubectl(['delete', 'pod', 'forsaken', '--grace-period=0', '--force']);
    await eventually('their containers removed', async () => {
      const left = await execa('docker', [
        'ps',
        '-a',
        '--format',
        '{{.Label "io.minik8s.pod.name"}}',
        '--filter',
        `label=io.minik8s.cluster=${c.name}`,
        '--filter',
        'label=io.minik8s.pod.uid',
      ]);
      expect(left.stdout.split('\n').filter((n) => n === 'stranded' || n === 'forsaken')).toEqual([]);
    });
  }, 120_000);
});
