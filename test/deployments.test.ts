import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOYMENTS, type Deployment, PODS, type Pod, REPLICA_SETS } from '../src/api/kinds/index.js';
import { Client } from '../src/client/client.js';
import { followWatch } from '../src/client/reflector.js';
import { isReady } from '../src/reconcile/workloads/pods.js';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { eventually, waitFor } from './helpers/wait.js';

// Pods that answer on 8080 and say so through a readiness probe, stopped at once when deleted.
const template = (app: string) => `
    metadata:
      labels: {app: ${app}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
        - name: web
          image: minik8s/busybox:latest
          command: ["httpd", "-f", "-p", "8080"]
          readinessProbe:
            tcpSocket: {port: 8080}
            periodSeconds: 1`;

const WEB = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations: {kubernetes.io/change-cause: first}
spec:
  replicas: 6
  selector: {matchLabels: {app: web}}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
  template:${template('web')}
`;

// Pods that leave a lost node after 5 s, not the 300 s every pod gets unless it says otherwise.
const SURVIVOR = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: survivor}
spec:
  replicas: 3
  selector: {matchLabels: {app: survivor}}
  template:${template('survivor')}
      tolerations:
        - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 5}
        - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 5}
`;

const SOLO = `
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: solo}
spec:
  replicas: 1
  selector: {matchLabels: {app: solo}}
  template:${template('solo')}
`;

describe('Deployments and ReplicaSets on a cluster of three nodes', () => {
  let c: TestCluster;
  let client: Client;
  beforeAll(async () => {
    c = await startTestCluster({
      nodes: 3,
      // A killed node noticed in seconds rather than Kubernetes' 40 s; the pods' own toleration says when they go.
      config: [
        'controllerManager: {nodeMonitorGracePeriod: 8s, nodeMonitorPeriod: 1s}',
        'kubelet: {nodeLeaseRenewInterval: 1s, housekeepingInterval: 1s}',
      ].join('\n'),
    });
    client = new Client(c.conn);
  });
  afterAll(async () => {
    client?.close();
    await c?.down();
  });

  const pods = async (app: string) =>
    (await client.list<Pod>(PODS, { namespace: 'default', labelSelector: `app=${app}` })).items.filter(
      (p) => !p.metadata.deletionTimestamp,
    );
  const readyPods = async (app: string) => (await pods(app)).filter((p) => isReady(p));
  const envOf = (p: Pod) => p.spec?.containers[0].env?.map((e) => `${e.name}=${e.value}`) ?? [];
  const rolledOut = async () => {
    const res = await c.minik8s(['rollout', 'status', 'deploy/web', '--timeout', '2m']);
    expect(res.stdout).toMatch(/deployment "web" successfully rolled out\n?$/);
  };

  /** Waits until the Deployment has exactly `n` pods, all Ready, as `kubectl get deploy` shows them. */
  const settled = (n: number) =>
    eventually(
      `web at ${n}/${n}`,
      async () => {
        expect((await c.kubectl(['get', 'deploy', 'web'])).stdout).toMatch(
          new RegExp(`web\\s+${n}/${n}\\s+${n}\\s+${n}\\s`),
        );
        expect(await readyPods('web')).toHaveLength(n);
        expect(await pods('web')).toHaveLength(n);
      },
      120_000,
    );

  it('runs a Deployment of 6 replicas Running and Ready on the three nodes', async () => {
    await c.minik8s(['apply', '-f', '-'], { input: WEB });
    await settled(6);
    const running = await pods('web');
    expect(running.every((p) => p.status?.phase === 'Running')).toBe(true);
    const perNode = new Map<string, number>();
    for (const p of running) perNode.set(p.spec!.nodeName!, (perNode.get(p.spec!.nodeName!) ?? 0) + 1);
    expect([...perNode.values()].sort()).toEqual([2, 2, 2]);
  });

  it('replaces a deleted pod', async () => {
    const [victim] = await pods('web');
    await c.minik8s(['delete', 'pod', victim.metadata.name!]);
    await settled(6);
    expect((await pods('web')).map((p) => p.metadata.name)).not.toContain(victim.metadata.name);
  });

  it('scales to 10 with minik8s scale and back to 2 with kubectl scale', async () => {
    expect((await c.minik8s(['scale', 'deploy/web', '--replicas', '10'])).stdout.trim()).toBe(
      'deployment.apps/web scaled',
    );
    await settled(10);
    await c.kubectl(['scale', 'deploy', 'web', '--replicas=2', '--current-replicas=10']);
    await settled(2);
  });

  it('rolls a new template out with maxUnavailable 0 without ever having fewer than 2 pods Ready', async () => {
    const ready = new Map<string, boolean>();
    let fewest = Number.POSITIVE_INFINITY;
    const stop = new AbortController();
    const list = await client.list<Pod>(PODS, { namespace: 'default', labelSelector: 'app=web' });
    for (const p of list.items) ready.set(p.metadata.name!, isReady(p) && !p.metadata.deletionTimestamp);
    const watching = followWatch<Pod>(
      (rv, onEvent) =>
        client.watch(PODS, { namespace: 'default', labelSelector: 'app=web', resourceVersion: rv }, onEvent),
      list.metadata.resourceVersion,
      (ev) => {
        const p = ev.object;
        ready.set(p.metadata.name!, ev.type !== 'DELETED' && isReady(p) && !p.metadata.deletionTimestamp);
        fewest = Math.min(fewest, [...ready.values()].filter(Boolean).length);
      },
      { signal: stop.signal },
    );
    try {
      await c.kubectl(['set', 'env', 'deploy/web', 'VERSION=2']);
      await c.kubectl(['annotate', 'deploy/web', '--overwrite', 'kubernetes.io/change-cause=version 2']);
      await rolledOut();
    } finally {
      stop.abort();
      await watching;
    }
    // The watch saw the new pods come and the old ones go, and Ready pods never fell under 2.
    expect(ready.size).toBeGreaterThanOrEqual(4);
    expect(fewest).toBe(2);
    await settled(2);
    expect((await pods('web')).map(envOf)).toEqual([['VERSION=2'], ['VERSION=2']]);
    const history = (await c.minik8s(['rollout', 'history', 'deploy/web'])).stdout;
    expect(history).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+first\n2\s+version 2\n/);
  });

  it('brings the old template back with rollout undo', async () => {
    expect((await c.minik8s(['rollout', 'undo', 'deploy/web'])).stdout.trim()).toBe(
      'deployment.apps/web rolled back',
    );
    await rolledOut();
    await settled(2);
    expect((await pods('web')).map(envOf)).toEqual([[], []]);
    expect((await c.kubectl(['rollout', 'history', 'deploy/web'])).stdout).toMatch(
      /\n2\s+version 2\n3\s+first\n/,
    );
  });

  it('holds a paused rollout until it is resumed', async () => {
    await c.minik8s(['rollout', 'pause', 'deploy/web']);
    await c.kubectl(['set', 'env', 'deploy/web', 'VERSION=3']);
    await eventually('the paused Deployment seen by its controller', async () => {
      const d = await client.get<Deployment>(DEPLOYMENTS, 'default', 'web');
      expect(d.status?.observedGeneration).toBe(d.metadata.generation);
      expect(d.status?.conditions).toContainEqual(
        expect.objectContaining({ type: 'Progressing', reason: 'DeploymentPaused' }),
      );
    });
    expect(
      (await client.list(REPLICA_SETS, { namespace: 'default', labelSelector: 'app=web' })).items,
    ).toHaveLength(2);
    expect((await pods('web')).map(envOf)).toEqual([[], []]);
    await c.minik8s(['rollout', 'resume', 'deploy/web']);
    await rolledOut();
    await settled(2);
    expect((await pods('web')).map(envOf)).toEqual([['VERSION=3'], ['VERSION=3']]);
  });

  it('scales a ReplicaSet with kubectl scale rs', async () => {
    await c.kubectl(['apply', '-f', '-'], { input: SOLO });
    await c.kubectl(['scale', 'rs', 'solo', '--replicas=2']);
    await eventually('solo at 2 ready pods', async () => {
      expect((await c.kubectl(['get', 'rs', 'solo'])).stdout).toMatch(/solo\s+2\s+2\s+2\s/);
    });
    await c.kubectl(['delete', 'rs', 'solo']);
  });

  it('removes the ReplicaSets and pods of a deleted Deployment', async () => {
    await c.minik8s(['delete', 'deploy', 'web']);
    await waitFor(
      'the ReplicaSets and pods of web gone',
      async () =>
        (await client.list(REPLICA_SETS, { namespace: 'default', labelSelector: 'app=web' })).items.length ===
          0 &&
        (await client.list(PODS, { namespace: 'default', labelSelector: 'app=web' })).items.length === 0,
      60_000,
    );
  });

  it('says why a pod asking for more memory than any node has stays Pending', async () => {
    await c.kubectl([
      'run',
      'greedy',
      '--image=minik8s/busybox:latest',
      '--overrides',
      JSON.stringify({
        spec: {
          containers: [
            {
              name: 'greedy',
              image: 'minik8s/busybox:latest',
              command: ['sleep', '3600'],
              resources: { requests: { memory: '1000Gi' } },
            },
          ],
        },
      }),
    ]);
    const scheduled = await eventually('greedy refused', async () => {
      const pod = await client.get<Pod>(PODS, 'default', 'greedy');
      const cond = pod.status?.conditions?.find((x) => x.type === 'PodScheduled');
      expect(cond?.status).toBe('False');
      return cond!;
    });
    expect(scheduled.reason).toBe('Unschedulable');
    expect(scheduled.message).toBe(
      '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    );
    expect((await c.kubectl(['get', 'pod', 'greedy'])).stdout).toMatch(/greedy\s+0\/1\s+Pending\s+0\s/);
    const events = await eventually('a FailedScheduling event', async () => {
      const out = (await c.kubectl(['get', 'events', '--field-selector', 'involvedObject.name=greedy']))
        .stdout;
      expect(out).toMatch(
        /Warning\s+FailedScheduling\s+pod\/greedy\s+0\/3 nodes are available: 3 Insufficient memory/,
      );
      return out;
    });
    expect(events).toBeTruthy();
    await c.kubectl(['delete', 'pod', 'greedy', '--now']);
  });

  // Last: the cluster has one node fewer afterwards.
  it("runs a killed node's pods elsewhere once their 5 s toleration ends", async () => {
    await c.kubectl(['apply', '-f', '-'], { input: SURVIVOR });
    const placed = await eventually('survivor at 3 Ready pods', async () => {
      const ready = await readyPods('survivor');
      expect(ready).toHaveLength(3);
      return ready;
    });
    const victim = placed.find((p) => p.spec!.nodeName !== `${c.name}-control-plane`)!;
    const lost = victim.spec!.nodeName!;
    await execa('docker', ['kill', lost]);
    await eventually(
      'the lost node NotReady and its pod not ready',
      async () => {
        expect((await c.kubectl(['get', 'node', lost])).stdout).toMatch(new RegExp(`${lost}\\s+NotReady`));
        const pod = await client.get<Pod>(PODS, 'default', victim.metadata.name!).catch(() => undefined);
        expect(pod && isReady(pod)).toBeFalsy();
      },
      60_000,
    );
    const healed = await eventually(
      'three Ready pods on the nodes left',
      async () => {
        const ready = await readyPods('survivor');
        expect(ready.map((p) => p.spec!.nodeName)).not.toContain(lost);
        expect(ready).toHaveLength(3);
        expect((await pods('survivor')).map((p) => p.metadata.name)).not.toContain(victim.metadata.name);
        return ready;
      },
      60_000,
    );
    expect(healed.every((p) => p.status?.phase === 'Running')).toBe(true);
    const events = (
      await c.kubectl(['get', 'events', '--field-selector', `involvedObject.name=${victim.metadata.name}`])
    ).stdout;
    expect(events).toMatch(/NodeNotReady\s+pod\/\S+\s+Node is not ready/);
    expect(events).toMatch(/TaintManagerEviction\s+pod\/\S+\s+Marking for deletion Pod default\//);
    expect((await c.kubectl(['get', 'deploy', 'survivor'])).stdout).toMatch(/survivor\s+3\/3\s+3\s+3\s/);
  });
});
