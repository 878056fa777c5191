import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { eventually } from './helpers/wait.js';

const DAEMON_SET = `
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
        - {name: agent, image: minik8s/busybox:latest, command: ["sleep", "3600"]}
`;

const STATEFUL_SET = `
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 3
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
        - name: db
          image: minik8s/busybox:latest
          command: ["sleep", "3600"]
          volumeMounts: [{name: data, mountPath: /data}]
  volumeClaimTemplates:
    - metadata: {name: data}
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 10Mi}}
`;

interface PodJson {
  metadata: { name: string; uid: string; creationTimestamp: string };
  spec: { nodeName?: string; hostname?: string; subdomain?: string };
  status: { phase: string; conditions?: { type: string; status: string; lastTransitionTime: string }[] };
}

describe('DaemonSets and StatefulSets on Docker nodes', () => {
  let c: TestCluster;
  beforeAll(async () => {
    // A removed node's pods go after the pod GC's quarantine: short here, 40 s by default.
    c = await startTestCluster({ nodes: 2, config: 'controllerManager: {podGCOrphanQuarantine: 1s}' });
  });
  afterAll(async () => {
    await c?.down();
  });

  const pods = async (selector: string): Promise<PodJson[]> =>
    JSON.parse((await c.kubectl(['get', 'pods', '-l', selector, '-o', 'json'])).stdout).items;

  it('runs a DaemonSet pod on every node, following a node added and a node removed', async () => {
    await c.kubectl(['apply', '-f', '-'], { input: DAEMON_SET });
    const rollout = await c.kubectl(['rollout', 'status', 'ds/agent', '--timeout=90s']);
    expect(rollout.stdout).toContain('daemon set "agent" successfully rolled out');
    expect((await c.kubectl(['get', 'ds', 'agent'])).stdout).toMatch(/agent\s+2\s+2\s+2\s+2\s+2\s+<none>/);
    const added = (await c.minik8s(['node', 'add', '--name', c.name])).stdout.match(/node\/(\S+) added/)![1];
    await eventually(
      'a daemon pod Running on the new node',
      async () => {
        const onNodes = (await pods('app=agent'))
          .filter((p) => p.status.phase === 'Running')
          .map((p) => p.spec.nodeName);
        expect(onNodes.sort()).toEqual([`${c.name}-control-plane`, `${c.name}-worker`, added].sort());
        expect((await c.kubectl(['get', 'ds', 'agent'])).stdout).toMatch(
          /agent\s+3\s+3\s+3\s+3\s+3\s+<none>/,
        );
      },
      60_000,
    );
    // No --name: the node's name says its cluster.
    await c.minik8s(['node', 'remove', added]);
    await eventually('the DaemonSet back to two nodes, nothing left on the removed one', async () => {
      expect((await c.kubectl(['get', 'ds', 'agent'])).stdout).toMatch(/agent\s+2\s+2\s+2\s+2\s+2\s+<none>/);
      expect((await pods('app=agent')).map((p) => p.spec.nodeName)).not.toContain(added);
    });
  }, 180_000);

  it('makes db-0, db-1, db-2 in order with their claims, brings a deleted db-1 back with its data, and keeps claims on scale-down', async () => {
    await c.kubectl(['apply', '-f', '-'], { input: STATEFUL_SET });
    const rollout = await c.kubectl(['rollout', 'status', 'sts/db', '--timeout=120s']);
    expect(rollout.stdout).toContain('partitioned roll out complete: 3 new pods have been updated...');
    const made = (await pods('app=db')).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    expect(made.map((p) => [p.metadata.name, p.spec.hostname, p.spec.subdomain])).toEqual([
      ['db-0', 'db-0', 'db'],
      ['db-1', 'db-1', 'db'],
      ['db-2', 'db-2', 'db'],
    ]);
    const readySince = (p: PodJson) =>
      Date.parse(p.status.conditions!.find((x) => x.type === 'Ready')!.lastTransitionTime);
    for (const i of [1, 2])
      expect(Date.parse(made[i].metadata.creationTimestamp)).toBeGreaterThanOrEqual(readySince(made[i - 1]));
    const claims = (await c.kubectl(['get', 'pvc', '-o', 'name'])).stdout.split('\n').sort();
    expect(claims).toEqual([
      'persistentvolumeclaim/data-db-0',
      'persistentvolumeclaim/data-db-1',
      'persistentvolumeclaim/data-db-2',
    ]);
    expect((await c.kubectl(['get', 'pvc', 'data-db-1'])).stdout).toMatch(/data-db-1\s+Bound/);

    await c.kubectl(['exec', 'db-1', '--', 'sh', '-c', 'echo kept-across-pods > /data/file']);
    await c.kubectl(['delete', 'pod', 'db-1']);
    await eventually(
      'db-1 running again as a new pod',
      async () => {
        const again = (await pods('statefulset.kubernetes.io/pod-name=db-1'))[0];
        expect(again?.metadata.uid).not.toBe(made[1].metadata.uid);
        expect(again?.status.phase).toBe('Running');
      },
      60_000,
    );
    expect((await c.kubectl(['exec', 'db-1', '--', 'cat', '/data/file'])).stdout.trim()).toBe(
      'kept-across-pods',
    );

    await c.kubectl(['scale', 'sts/db', '--replicas=1']);
    await eventually(
      'db-2 and db-1 gone',
      async () => {
        expect((await pods('app=db')).map((p) => p.metadata.name)).toEqual(['db-0']);
      },
      60_000,
    );
    expect((await c.kubectl(['get', 'pvc', '-o', 'name'])).stdout.split('\n').sort()).toEqual(claims);
    expect((await c.kubectl(['get', 'sts', 'db'])).stdout).toMatch(/db\s+1\/1/);
  }, 240_000);
});
