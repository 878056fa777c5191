import { afterEach, beforeEach, expect, it } from 'vitest';
import { ManualClock } from '../../test/helpers/clock.js';
import { type ControllerHarness, startControllers } from '../../test/helpers/controllers.js';
import { NODES, type Node, PODS, type Pod, type PodStatus } from '../api/kinds/index.js';
import { podGarbageCollector } from './pod-gc.js';

let h: ControllerHarness;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock(Date.now());
  h = await startControllers([podGarbageCollector], {
    clock,
    settings: { resyncMs: 0, terminatedPodGcThreshold: 2, podGcOrphanQuarantineMs: 40_000 },
  });
});
afterEach(() => h.stop());

const pod = (name: string, extra: { nodeName?: string; finalizers?: string[] } = {}) =>
  h.client.create<Pod>(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', ...(extra.finalizers ? { finalizers: extra.finalizers } : {}) },
    spec: { nodeName: extra.nodeName, containers: [{ name: 'c', image: 'busybox' }] },
  });

async function setStatus(name: string, status: PodStatus) {
  const p = await h.client.get<Pod>(PODS, 'default', name);
  await h.client.update(PODS, { ...p, status: { ...p.status, ...status } }, 'status');
}

const names = async () =>
  (await h.client.list(PODS, { namespace: 'default' })).items.map((p) => p.metadata.name);
const get = (name: string) => h.client.get<Pod>(PODS, 'default', name);

it('deletes terminated pods past the threshold, evicted ones first, then the oldest', async () => {
  for (const n of ['a', 'b', 'c', 'd', 'running']) await pod(n);
  await setStatus('a', { phase: 'Succeeded' });
  await setStatus('b', { phase: 'Failed' });
  await setStatus('c', { phase: 'Succeeded' });
  await h.manager.idle();
  expect(await names()).toEqual(['b', 'c', 'd', 'running']);
  await setStatus('d', { phase: 'Failed', reason: 'Evicted' });
  await h.manager.idle();
  expect(await names()).toEqual(['b', 'c', 'running']);
});

it('deletes pods of a node gone for the quarantine, marked Failed with DisruptionTarget', async () => {
  await pod('orphan', { nodeName: 'ghost', finalizers: ['example.com/hold'] });
  await setStatus('orphan', { phase: 'Running' });
  await h.manager.idle();
  clock.advance(39_000);
  await h.manager.idle();
  expect((await get('orphan')).metadata.deletionTimestamp).toBeUndefined();
  clock.advance(1_000);
  await h.manager.idle();
  const gone = await get('orphan');
  expect(gone.metadata.deletionTimestamp).toBeDefined();
  expect(gone.status?.phase).toBe('Failed');
  expect(gone.status?.conditions).toContainEqual(
    expect.objectContaining({
      type: 'DisruptionTarget',
      reason: 'DeletionByPodGC',
      message: 'PodGC: node no longer exists',
    }),
  );
});

it('finishes terminating pods no node will: unscheduled, or on a NotReady out-of-service node', async () => {
  await h.client.create<Node>(NODES, {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'broken' },
    spec: {
      taints: [{ key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' }],
    },
  });
  await pod('stuck', { nodeName: 'broken' });
  await setStatus('stuck', { phase: 'Running' });
  await pod('unscheduled', { finalizers: ['example.com/hold'] });
  await h.client.delete(PODS, 'default', 'stuck');
  await h.client.delete(PODS, 'default', 'unscheduled');
  await h.manager.idle();
  expect(await names()).toEqual(['unscheduled']);
  expect((await get('unscheduled')).status?.phase).toBe('Failed');
});
