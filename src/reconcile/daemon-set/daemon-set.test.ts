import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test/helpers/clock.js';
import { type ControllerHarness, startControllers } from '../../../test/helpers/controllers.js';
import {
  CONTROLLER_REVISIONS,
  DAEMON_SETS,
  type DaemonSet,
  EVENTS,
  NODES,
  type Node,
  PODS,
  type Pod,
  type Taint,
} from '../../api/kinds/index.js';
import { timestamp } from '../../api/time.js';
import type { KubeObject } from '../../api/types.js';
import type { ControllerFactory } from '../controller.js';
import { scheduler } from '../scheduler/scheduler.js';
import { daemonSetController } from './daemon-set.js';
import { targetNode } from './placement.js';

let h: ControllerHarness;
let clock: ManualClock;
afterEach(() => h?.stop());

async function start(extra: ControllerFactory[] = []) {
  clock = new ManualClock(Date.now());
  h = await startControllers([daemonSetController, ...extra], {
    prefix: 'minik8s-ds-',
    clock,
    settings: { unschedulableRetryMs: 60_000 },
  });
}

async function node(name: string, labels: Record<string, string> = {}, taints?: Taint[]) {
  const created = await h.client.create<Node>(NODES, {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
    spec: taints ? { taints } : {},
  });
  await h.client.update(
    NODES,
    {
      ...created,
      status: {
        allocatable: { cpu: '2', memory: '1Gi', pods: '110' },
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    },
    'status',
  );
}

function agent(spec: Record<string, unknown> = {}, strategy?: Record<string, unknown>): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: { containers: [{ name: 'agent', image: 'busybox:1' }], ...spec },
      },
      ...(strategy ? { updateStrategy: strategy } : {}),
    },
  } as DaemonSet;
}

const daemonPods = async () =>
  (await h.client.list<Pod>(PODS, { namespace: 'default' })).items.filter(
    (p) => !p.metadata.deletionTimestamp,
  );
const placed = async () => (await daemonPods()).map((p) => targetNode(p)).sort();
const getDs = () => h.client.get<DaemonSet>(DAEMON_SETS, 'default', 'agent');
const setImage = async (image: string) => {
  const template = (await getDs()).spec!.template;
  template.spec!.containers[0].image = image;
  await h.client.patch(DAEMON_SETS, 'default', 'agent', { spec: { template } }, 'merge');
  await h.manager.idle();
};

/** What a node agent would write once the pod runs and is ready. */
async function readyAll() {
  for (const pod of await daemonPods()) {
    if (pod.status?.phase === 'Running') continue;
    const now = timestamp(new Date(clock.now()));
    const conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: now }];
    await h.client.update(PODS, { ...pod, status: { phase: 'Running', conditions } }, 'status');
  }
  await h.manager.idle();
}

const messages = async () =>
  (await h.client.list(EVENTS, { namespace: 'default' })).items.map(
    (e) => (e as KubeObject & { message: string }).message,
  );

describe('DaemonSet controller', () => {
  it('puts one pod on every node, pinned by node affinity and tolerating node trouble, and counts them', async () => {
    await start();
    await node('n1');
    await node('n2');
    await h.client.create(DAEMON_SETS, agent({ hostNetwork: true }));
    await h.manager.idle();
    expect(await placed()).toEqual(['n1', 'n2']);
    const pod = (await daemonPods()).find((p) => targetNode(p) === 'n1')!;
    expect(pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toEqual({
      nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }],
    });
    expect(pod.spec?.tolerations?.map((t) => `${t.key}:${t.effect}`)).toEqual([
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
      'node.kubernetes.io/network-unavailable:NoSchedule',
    ]);
    const ds = await getDs();
    const revisions = (await h.client.list(CONTROLLER_REVISIONS, { namespace: 'default' })).items;
    const hash = revisions[0].metadata.labels?.['controller-revision-hash'];
    expect(revisions.map((r) => r.metadata.name)).toEqual([`agent-${hash}`]);
    expect(pod.metadata.labels).toEqual({
      app: 'agent',
      'controller-revision-hash': hash,
      'pod-template-generation': '1',
    });
    expect(ds.status).toMatchObject({
      desiredNumberScheduled: 2,
      currentNumberScheduled: 2,
      numberReady: 0,
      numberUnavailable: 2,
    });
    await readyAll();
    expect((await getDs()).status).toEqual({
      observedGeneration: 1,
      desiredNumberScheduled: 2,
      currentNumberScheduled: 2,
      numberMisscheduled: 0,
      numberReady: 2,
      updatedNumberScheduled: 2,
      numberAvailable: 2,
      numberUnavailable: 0,
      collisionCount: 0,
    });
    expect(await messages()).toContain(`Created pod: ${pod.metadata.name}`);
  });

  it('follows nodes that join, leave and change labels, honouring nodeSelector', async () => {
    await start();
    await node('n1', { disk: 'ssd' });
    await node('n2');
    await h.client.create(DAEMON_SETS, agent({ nodeSelector: { disk: 'ssd' } }));
    await h.manager.idle();
    expect(await placed()).toEqual(['n1']);
    await node('n3', { disk: 'ssd' });
    await h.manager.idle();
    expect(await placed()).toEqual(['n1', 'n3']);
    await h.client.patch(NODES, undefined, 'n2', { metadata: { labels: { disk: 'ssd' } } }, 'merge');
    await h.client.patch(NODES, undefined, 'n1', { metadata: { labels: { disk: null } } }, 'merge');
    await h.manager.idle();
    expect(await placed()).toEqual(['n2', 'n3']);
    await h.client.delete(NODES, undefined, 'n3');
    await h.manager.idle();
    expect(await placed()).toEqual(['n2']);
    expect((await getDs()).status).toMatchObject({
      desiredNumberScheduled: 1,
      currentNumberScheduled: 1,
      numberMisscheduled: 0,
    });
  });

  it('keeps off nodes with taints it does not tolerate, and leaves a NoExecute one', async () => {
    await start();
    await node('n1');
    await node('gpu', {}, [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }]);
    await h.client.create(DAEMON_SETS, agent());
    await h.manager.idle();
    expect(await placed()).toEqual(['n1']);
    await h.client.patch(
      NODES,
      undefined,
      'n1',
      { spec: { taints: [{ key: 'drain', effect: 'NoSchedule' }] } },
      'merge',
    );
    await h.manager.idle();
    expect(await placed()).toEqual(['n1']);
    expect((await getDs()).status).toMatchObject({ desiredNumberScheduled: 0, numberMisscheduled: 1 });
    await h.client.patch(
      NODES,
      undefined,
      'n1',
      { spec: { taints: [{ key: 'drain', effect: 'NoExecute' }] } },
      'merge',
    );
    await h.manager.idle();
    expect(await placed()).toEqual([]);
  });

  it('rolls an update one node at a time within maxUnavailable', async () => {
    await start();
    for (const n of ['n1', 'n2', 'n3']) await node(n);
    await h.client.create(DAEMON_SETS, agent());
    await h.manager.idle();
    await readyAll();
    await setImage('busybox:2');
    const images = async () => (await daemonPods()).map((p) => p.spec?.containers[0].image).sort();
    expect(await images()).toEqual(['busybox:1', 'busybox:1', 'busybox:2']);
    expect((await getDs()).status).toMatchObject({
      observedGeneration: 2,
      updatedNumberScheduled: 1,
      numberAvailable: 2,
    });
    await readyAll();
    expect(await images()).toEqual(['busybox:1', 'busybox:2', 'busybox:2']);
    await readyAll();
    await readyAll();
    expect(await images()).toEqual(['busybox:2', 'busybox:2', 'busybox:2']);
    expect((await getDs()).status).toMatchObject({ updatedNumberScheduled: 3, numberAvailable: 3 });
    expect((await h.client.list(CONTROLLER_REVISIONS, { namespace: 'default' })).items).toHaveLength(2);
  });

  it('surges a new pod beside the old one and removes the old once the new is available', async () => {
    await start();
    await node('n1');
    await h.client.create(
      DAEMON_SETS,
      agent({}, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }),
    );
    await h.manager.idle();
    await readyAll();
    await setImage('busybox:2');
    expect((await daemonPods()).map((p) => p.spec?.containers[0].image).sort()).toEqual([
      'busybox:1',
      'busybox:2',
    ]);
    await readyAll();
    expect((await daemonPods()).map((p) => p.spec?.containers[0].image)).toEqual(['busybox:2']);
  });

  it('leaves pods alone on a template change with OnDelete, and remakes a deleted one from the new template', async () => {
    await start();
    await node('n1');
    await node('n2');
    await h.client.create(DAEMON_SETS, agent({}, { type: 'OnDelete' }));
    await h.manager.idle();
    await setImage('busybox:2');
    const pods = await daemonPods();
    expect(pods.map((p) => p.spec?.containers[0].image)).toEqual(['busybox:1', 'busybox:1']);
    await h.client.delete(PODS, 'default', pods[0].metadata.name!);
    await h.manager.idle();
    expect((await daemonPods()).map((p) => p.spec?.containers[0].image).sort()).toEqual([
      'busybox:1',
      'busybox:2',
    ]);
    expect((await getDs()).status).toMatchObject({ updatedNumberScheduled: 1, desiredNumberScheduled: 2 });
  });

  it('replaces a failed daemon pod, saying so', async () => {
    await start();
    await node('n1');
    await h.client.create(DAEMON_SETS, agent());
    await h.manager.idle();
    const [pod] = await daemonPods();
    await h.client.update(PODS, { ...pod, status: { phase: 'Failed' } }, 'status');
    await h.manager.idle();
    const [again] = await daemonPods();
    expect(again.metadata.uid).not.toBe(pod.metadata.uid);
    expect(await messages()).toContain(
      `Found failed daemon pod default/${pod.metadata.name} on node n1, will try to kill it`,
    );
  });

  it('counts a pod available after minReadySeconds', async () => {
    await start();
    await node('n1');
    const ds = agent();
    ds.spec!.minReadySeconds = 10;
    await h.client.create(DAEMON_SETS, ds);
    await h.manager.idle();
    await readyAll();
    expect((await getDs()).status).toMatchObject({
      numberReady: 1,
      numberAvailable: 0,
      numberUnavailable: 1,
    });
    clock.advance(11_000);
    await h.manager.idle();
    expect((await getDs()).status).toMatchObject({
      numberReady: 1,
      numberAvailable: 1,
      numberUnavailable: 0,
    });
  });

  it('finishes a rollout after a restart without a pod made twice', async () => {
    await start();
    for (const n of ['n1', 'n2', 'n3']) await node(n);
    await h.client.create(DAEMON_SETS, agent());
    await h.manager.idle();
    await readyAll();
    await setImage('busybox:2');
    // Time passes across a restart; events named by the time of a new recorder must not collide.
    clock.advance(1_000);
    await h.restart();
    for (let i = 0; i < 3; i++) await readyAll();
    const pods = await daemonPods();
    expect(pods.map((p) => [targetNode(p), p.spec?.containers[0].image]).sort()).toEqual([
      ['n1', 'busybox:2'],
      ['n2', 'busybox:2'],
      ['n3', 'busybox:2'],
    ]);
    expect((await messages()).filter((m) => m.startsWith('Created pod'))).toHaveLength(6);
  });

  it('has its pods bound by the scheduler to the node each is for', async () => {
    await start([scheduler]);
    await node('n1');
    await node('n2');
    await h.client.create(DAEMON_SETS, agent());
    await h.manager.idle();
    expect((await daemonPods()).map((p) => [p.spec?.nodeName, targetNode(p)]).sort()).toEqual([
      ['n1', 'n1'],
      ['n2', 'n2'],
    ]);
  });
});
