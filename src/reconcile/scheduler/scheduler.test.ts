import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ControllerHarness, startControllers } from '../../../test/helpers/controllers.js';
import { EVENTS, NODES, PODS, PRIORITY_CLASSES } from '../../api/kinds/index.js';
import type { KubeObject } from '../../api/types.js';
import { scheduler } from './scheduler.js';

let h: ControllerHarness;

async function node(
  name: string,
  labels: Record<string, string> = {},
  allocatable = { cpu: '2', memory: '1Gi', pods: '110' },
) {
  const created = await h.client.create(NODES, {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
  });
  await h.client.update(
    NODES,
    { ...created, status: { allocatable, conditions: [{ type: 'Ready', status: 'True' }] } },
    'status',
  );
}

beforeEach(async () => {
  h = await startControllers([scheduler], {
    prefix: 'minik8s-sched-',
    settings: { unschedulableRetryMs: 60_000, podInitialBackoffMs: 0 },
  });
  await node('n1');
});

afterEach(() => h.stop());

const pod = (name: string, cpu: string, spec: Record<string, unknown> = {}) =>
  h.client.create(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu } } }], ...spec },
  });

const nodeOf = async (name: string) =>
  ((await h.client.get(PODS, 'default', name)) as KubeObject & { spec: { nodeName?: string } }).spec.nodeName;

const eventsOf = async (name: string) =>
  (await h.client.list(EVENTS, {})).items
    .filter((e) => (e as KubeObject & { involvedObject: { name: string } }).involvedObject.name === name)
    .map((e) => {
      const ev = e as KubeObject & { type: string; reason: string; message: string };
      return [ev.type, ev.reason, ev.message];
    });

describe('scheduler', () => {
  it('binds a pod that fits and says so in a Scheduled event', async () => {
    await pod('small', '500m');
    await h.manager.idle();
    expect(await nodeOf('small')).toBe('n1');
    expect(await eventsOf('small')).toEqual([
      ['Normal', 'Scheduled', 'Successfully assigned default/small to n1'],
    ]);
  });

  it('leaves a pod over allocatable Pending, Unschedulable, with one FailedScheduling event', async () => {
    await pod('big', '8');
    await h.manager.idle();
    const p = (await h.client.get(PODS, 'default', 'big')) as KubeObject & {
      spec: { nodeName?: string };
      status: { conditions: { type: string; status: string; reason: string; message: string }[] };
    };
    expect(p.spec.nodeName).toBeUndefined();
    const message =
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.';
    expect(p.status.conditions).toContainEqual(
      expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }),
    );
    expect(await eventsOf('big')).toEqual([['Warning', 'FailedScheduling', message]]);
  });

  it('schedules a waiting pod once a node that fits it joins', async () => {
    await pod('big', '3');
    await h.manager.idle();
    expect(await nodeOf('big')).toBeUndefined();
    await node('n2', {}, { cpu: '4', memory: '1Gi', pods: '110' });
    await h.manager.idle();
    expect(await nodeOf('big')).toBe('n2');
  });

  it('honours required node affinity and nodeSelector, and prefers the preferred node', async () => {
    await node('gpu', { gpu: 'true' });
    await pod('no-gpu', '100m', {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'gpu', operator: 'NotIn', values: ['true'] }] }],
          },
        },
      },
    });
    await pod('wants-gpu', '100m', { nodeSelector: { gpu: 'true' } });
    await pod('likes-gpu', '100m', {
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 100, preference: { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] } },
          ],
        },
      },
    });
    await h.manager.idle();
    expect(await nodeOf('no-gpu')).toBe('n1');
    expect(await nodeOf('wants-gpu')).toBe('gpu');
    expect(await nodeOf('likes-gpu')).toBe('gpu');
  });

  it('spreads pods that request nothing over the nodes', async () => {
    await node('n2');
    for (const name of ['a', 'b', 'c', 'd']) await pod(name, '0');
    await h.manager.idle();
    const placed = await Promise.all(['a', 'b', 'c', 'd'].map(nodeOf));
    expect(placed.filter((n) => n === 'n1')).toHaveLength(2);
    expect(placed.filter((n) => n === 'n2')).toHaveLength(2);
  });

  it('schedules a pod made again under the name of one it bound a moment ago', async () => {
    await pod('again', '100m');
    await h.manager.idle();
    expect(await nodeOf('again')).toBe('n1');
    await h.client.delete(PODS, 'default', 'again', { gracePeriodSeconds: 0 });
    await pod('again', '100m');
    await h.manager.idle();
    expect(await nodeOf('again')).toBe('n1');
  });
});

const ZONE = 'topology.kubernetes.io/zone';

const labelled = (name: string, labels: Record<string, string>, spec: Record<string, unknown> = {}) =>
  h.client.create(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels },
    spec: {
      terminationGracePeriodSeconds: 0,
      containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu: '100m' } } }],
      ...spec,
    },
  });

const scheduledCondition = async (name: string) =>
  (
    (await h.client.get(PODS, 'default', name)) as KubeObject & {
      status: {
        nominatedNodeName?: string;
        conditions?: { type: string; reason: string; message: string }[];
      };
    }
  ).status;

describe('scheduling rules, through the controllers', () => {
  it('keeps replicas with required anti-affinity one per node, and places the last once a node frees', async () => {
    await node('n2');
    const apart = {
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' },
          ],
        },
      },
    };
    for (const name of ['web-1', 'web-2', 'web-3']) await labelled(name, { app: 'web' }, apart);
    await h.manager.idle();
    const placed = await Promise.all(['web-1', 'web-2'].map(nodeOf));
    expect(new Set(placed)).toEqual(new Set(['n1', 'n2']));
    expect(await nodeOf('web-3')).toBeUndefined();
    expect((await scheduledCondition('web-3')).conditions).toContainEqual(
      expect.objectContaining({
        reason: 'Unschedulable',
        message:
          "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
      }),
    );
    await h.client.delete(PODS, 'default', 'web-1', { gracePeriodSeconds: 0 });
    await h.manager.idle();
    expect(await nodeOf('web-3')).toBe(placed[0]);
  });

  it('places a pod with required affinity beside the pod it asks for', async () => {
    await node('n2');
    await labelled('db', { app: 'db' }, { nodeSelector: { 'kubernetes.io/hostname': 'n2' } });
    await h.manager.idle();
    await labelled(
      'cache',
      { app: 'cache' },
      {
        affinity: {
          podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' },
            ],
          },
        },
      },
    );
    await h.manager.idle();
    expect([await nodeOf('db'), await nodeOf('cache')]).toEqual(['n2', 'n2']);
  });

  it('spreads pods evenly over zones with a DoNotSchedule constraint', async () => {
    await h.client.patch(NODES, undefined, 'n1', { metadata: { labels: { [ZONE]: 'a' } } });
    await node('n2', { [ZONE]: 'a' });
    await node('n3', { [ZONE]: 'b' });
    await node('no-zone');
    const spread = {
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: ZONE,
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { app: 'spread' } },
        },
      ],
    };
    const names = ['s-1', 's-2', 's-3', 's-4'];
    for (const name of names) {
      await labelled(name, { app: 'spread' }, spread);
      await h.manager.idle();
    }
    const zoneOf = { n1: 'a', n2: 'a', n3: 'b' } as Record<string, string>;
    const zones = (await Promise.all(names.map(nodeOf))).map((n) => zoneOf[n ?? '']);
    expect(zones.filter((z) => z === 'a')).toHaveLength(2);
    expect(zones.filter((z) => z === 'b')).toHaveLength(2);
  });

  it('lets a pod of higher priority preempt pods of lower priority, nominating their node', async () => {
    for (const [name, value] of [
      ['sched-test-high', 1000],
      ['sched-test-mid', 100],
    ] as const)
      await h.client.create(PRIORITY_CLASSES, {
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name },
        value,
      });
    await pod('low', '500m', { terminationGracePeriodSeconds: 0 });
    await pod('mid', '1', { terminationGracePeriodSeconds: 0, priorityClassName: 'sched-test-mid' });
    await h.manager.idle();
    // Evicting both makes room; giving the more important one back still leaves enough.
    const vip = await pod('vip', '1', { priorityClassName: 'sched-test-high' });
    await h.manager.idle();
    expect(await nodeOf('vip')).toBe('n1');
    expect((await scheduledCondition('vip')).nominatedNodeName).toBe('n1');
    expect(await nodeOf('mid')).toBe('n1');
    await expect(h.client.get(PODS, 'default', 'low')).rejects.toMatchObject({ code: 404 });
    expect(await eventsOf('vip')).toEqual([
      ['Warning', 'FailedScheduling', '0/1 nodes are available: 1 Insufficient cpu.'],
      ['Normal', 'Scheduled', 'Successfully assigned default/vip to n1'],
    ]);
    expect(await eventsOf('low')).toContainEqual([
      'Normal',
      'Preempted',
      `Preempted by pod ${vip.metadata.uid} on node n1`,
    ]);
  });

  it('leaves a pod whose class never preempts waiting, and says so', async () => {
    await h.client.create(PRIORITY_CLASSES, {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'sched-test-polite' },
      value: 1000,
      preemptionPolicy: 'Never',
    });
    await pod('low', '2');
    await pod('polite', '1', { priorityClassName: 'sched-test-polite' });
    await h.manager.idle();
    expect(await nodeOf('polite')).toBeUndefined();
    expect((await scheduledCondition('polite')).conditions).toContainEqual(
      expect.objectContaining({
        message:
          '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.',
      }),
    );
  });

  it('keeps pods off a node that is not Ready', async () => {
    await node('down');
    const down = await h.client.get(NODES, undefined, 'down');
    await h.client.update(
      NODES,
      { ...down, status: { ...down.status, conditions: [{ type: 'Ready', status: 'Unknown' }] } },
      'status',
    );
    await h.client.patch(NODES, undefined, 'n1', { spec: { unschedulable: true } });
    await pod('nowhere', '100m');
    await h.manager.idle();
    expect((await scheduledCondition('nowhere')).conditions).toContainEqual(
      expect.objectContaining({
        message:
          '0/2 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
      }),
    );
  });
});
