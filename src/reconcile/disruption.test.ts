import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/helpers/clock.js';
import { type ControllerHarness, startControllers } from '../../test/helpers/controllers.js';
import { ApiError } from '../api/errors.js';
import {
  PODS,
  type Pod,
  type PodDisruptionBudget,
  REPLICA_SETS,
  type ReplicaSet,
} from '../api/kinds/index.js';
import { POD_DISRUPTION_BUDGETS } from '../api/kinds/policy/pod-disruption-budget.js';
import type { OwnerReference } from '../api/types.js';
import { disruptionController } from './disruption.js';

let h: ControllerHarness;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock(Date.now());
  h = await startControllers([disruptionController], { clock, settings: { resyncMs: 0 } });
});
afterEach(() => h.stop());

async function readyPod(name: string, labels: Record<string, string>, owner?: OwnerReference) {
  const pod = await h.client.create<Pod>(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels, ...(owner ? { ownerReferences: [owner] } : {}) },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
  });
  await h.client.update(
    PODS,
    { ...pod, status: { ...pod.status, phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
    'status',
  );
}

const pdb = (name: string, spec: PodDisruptionBudget['spec']) =>
  h.client.create<PodDisruptionBudget>(POD_DISRUPTION_BUDGETS, {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: 'default' },
    spec,
  });
const getPdb = (name: string) => h.client.get<PodDisruptionBudget>(POD_DISRUPTION_BUDGETS, 'default', name);
const evict = (name: string, dryRun = false) =>
  h.client.createSubresource(PODS, 'default', name, 'eviction', {
    apiVersion: 'policy/v1',
    kind: 'Eviction',
    metadata: { name },
    ...(dryRun ? { deleteOptions: { dryRun: ['All'] } } : {}),
  });
const refused = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return (err as ApiError).status;
};
const podNames = async () =>
  (await h.client.list(PODS, { namespace: 'default' })).items.map((p) => p.metadata.name);

describe('disruption budgets and evictions', () => {
  it('allows evictions down to minAvailable, then answers 429 as Kubernetes does', async () => {
    for (const n of ['web-1', 'web-2', 'web-3']) await readyPod(n, { app: 'web' });
    await pdb('web', { minAvailable: 2, selector: { matchLabels: { app: 'web' } } });
    await h.manager.idle();
    expect((await getPdb('web')).status).toMatchObject({
      currentHealthy: 3,
      desiredHealthy: 2,
      expectedPods: 3,
      disruptionsAllowed: 1,
      observedGeneration: 1,
      conditions: [
        expect.objectContaining({ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods' }),
      ],
    });
    await evict('web-1', true);
    expect(await podNames()).toEqual(['web-1', 'web-2', 'web-3']);
    expect((await getPdb('web')).status?.disruptionsAllowed).toBe(1);
    await evict('web-1');
    expect(await podNames()).toEqual(['web-2', 'web-3']);
    await h.manager.idle();
    const status = await refused(evict('web-2'));
    expect(status).toMatchObject({
      code: 429,
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: {
        causes: [
          {
            reason: 'DisruptionBudget',
            message: 'The disruption budget web needs 2 healthy pods and has 2 currently',
          },
        ],
      },
    });
    await h.manager.idle();
    expect((await getPdb('web')).status).toMatchObject({
      currentHealthy: 2,
      disruptionsAllowed: 0,
      conditions: [expect.objectContaining({ status: 'False', reason: 'InsufficientPods' })],
    });
    await readyPod('web-4', { app: 'web' });
    await h.manager.idle();
    await evict('web-2');
    expect(await podNames()).toEqual(['web-3', 'web-4']);
  });

  it('marks an evicted pod DisruptionTarget before it goes', async () => {
    await readyPod('held', { app: 'held' });
    const pod = await h.client.get<Pod>(PODS, 'default', 'held');
    await h.client.update(PODS, { ...pod, metadata: { ...pod.metadata, finalizers: ['example.com/hold'] } });
    await evict('held');
    const evicted = await h.client.get<Pod>(PODS, 'default', 'held');
    expect(evicted.metadata.deletionTimestamp).toBeDefined();
    expect(evicted.status?.conditions).toContainEqual(
      expect.objectContaining({
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'EvictionByEvictionAPI',
        message: 'Eviction API: evicting',
      }),
    );
  });

  it("counts percentages against the controllers' scale", async () => {
    const rs = await h.client.create<ReplicaSet>(REPLICA_SETS, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'api', namespace: 'default' },
      spec: {
        replicas: 4,
        selector: { matchLabels: { app: 'api' } },
        template: {
          metadata: { labels: { app: 'api' } },
          spec: { containers: [{ name: 'c', image: 'busybox' }] },
        },
      },
    });
    const owner = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      name: 'api',
      uid: rs.metadata.uid!,
      controller: true,
    };
    for (const n of ['api-1', 'api-2', 'api-3']) await readyPod(n, { app: 'api' }, owner);
    await pdb('api', { maxUnavailable: '50%', selector: { matchLabels: { app: 'api' } } });
    await h.manager.idle();
    expect((await getPdb('api')).status).toMatchObject({
      expectedPods: 4,
      desiredHealthy: 2,
      currentHealthy: 3,
      disruptionsAllowed: 1,
    });
  });

  it('refuses a pod under two budgets, and any pod under a budget not yet observed', async () => {
    await readyPod('both', { app: 'x', tier: 'y' });
    await h.manager.stop();
    await pdb('by-app', { minAvailable: 0, selector: { matchLabels: { app: 'x' } } });
    expect(await refused(evict('both'))).toMatchObject({ code: 429 });
    await pdb('by-tier', { minAvailable: 0, selector: { matchLabels: { tier: 'y' } } });
    expect(await refused(evict('both'))).toMatchObject({
      code: 500,
      message:
        'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    });
  });
});
