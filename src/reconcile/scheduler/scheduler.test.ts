import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ControllerHarness, startControllers } from '../../../test/helpers/controllers.js';
import { EVENTS, NODES, PODS } from '../../api/kinds/index.js';
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
    metadata: { name, labels },
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
