import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test/helpers/clock.js';
import { type ControllerHarness, startControllers } from '../../../test/helpers/controllers.js';
import { eventsAbout, markReady, podsWith } from '../../../test/helpers/workloads.js';
import { errors } from '../../api/errors.js';
import {
  EVENTS,
  PODS,
  type Pod,
  REPLICA_SETS,
  REPLICATION_CONTROLLERS,
  type ReplicaSet,
} from '../../api/kinds/index.js';
import type { KubeClient } from '../../client/kube-client.js';
import type { ControllerFactory } from '../controller.js';
import { slowStartBatch } from './manage.js';
import { replicaSetController, replicationController } from './replica-set.js';

let h: ControllerHarness;
afterEach(() => h?.stop());

const template = (labels: Record<string, string>) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'c', image: 'minik8s/busybox:latest' }] },
});

const replicaSet = (name: string, replicas: number, extra: Record<string, unknown> = {}) =>
  h.client.create<ReplicaSet>(REPLICA_SETS, {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: template({ app: name }), ...extra },
  });

const getRs = (name: string) => h.client.get<ReplicaSet>(REPLICA_SETS, 'default', name);

const scale = async (name: string, replicas: number) => {
  const rs = await getRs(name);
  await h.client.update(REPLICA_SETS, { ...rs, spec: { ...rs.spec!, replicas } });
};

/** A client whose pod creates fail from the `from`-th call on, until `heal()`; it counts the calls. */
function failingCreates(from: number) {
  const state = { calls: 0, healed: false, heal: () => (state.healed = true) };
  const wrap =
    (factory: ControllerFactory): ControllerFactory =>
    (ctx) => {
      const client: KubeClient = Object.create(ctx.client);
      client.create = (def, obj, q) => {
        if (def !== PODS || state.healed) return ctx.client.create(def, obj, q);
        state.calls++;
        if (state.calls < from) return ctx.client.create(def, obj, q);
        return Promise.reject(
          errors.forbidden(
            { kind: 'pods', name: obj.metadata.name ?? '' },
            'exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2',
          ),
        );
      };
      return factory({ ...ctx, client });
    };
  return { state, wrap };
}

describe('ReplicaSet controller', () => {
  it('creates its replicas named after it, says so in SuccessfulCreate events, and counts them', async () => {
    h = await startControllers([replicaSetController], { prefix: 'minik8s-rs-' });
    await replicaSet('web', 3);
    await h.manager.idle();
    const pods = await podsWith(h.client, 'default', 'app=web');
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      expect(pod.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(pod.metadata.ownerReferences).toEqual([
        expect.objectContaining({
          kind: 'ReplicaSet',
          name: 'web',
          controller: true,
          blockOwnerDeletion: true,
        }),
      ]);
    }
    expect((await eventsAbout(h.client, 'web')).sort()).toEqual(
      pods.map((p) => ['Normal', 'SuccessfulCreate', `Created pod: ${p.metadata.name}`]).sort(),
    );
    const rs = await getRs('web');
    expect(rs.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
  });

  it('replaces deleted and failed pods, and counts ready and available ones', async () => {
    h = await startControllers([replicaSetController], { prefix: 'minik8s-rs-' });
    await replicaSet('web', 3);
    await h.manager.idle();
    const [a, b, c] = await podsWith(h.client, 'default', 'app=web');
    await h.client.delete(PODS, 'default', a.metadata.name!, { gracePeriodSeconds: 0 });
    await h.client.update(PODS, { ...b, status: { phase: 'Failed', reason: 'Evicted' } }, 'status');
    await markReady(h.client, c, Date.now());
    await h.manager.idle();
    const active = (await podsWith(h.client, 'default', 'app=web')).filter(
      (p) => p.status?.phase !== 'Failed',
    );
    expect(active).toHaveLength(3);
    expect(active.map((p) => p.metadata.name)).not.toContain(a.metadata.name);
    expect((await getRs('web')).status).toMatchObject({
      replicas: 3,
      readyReplicas: 1,
      availableReplicas: 1,
    });
  });

  it('adopts matching orphans and releases pods whose labels stop matching', async () => {
    h = await startControllers([replicaSetController], { prefix: 'minik8s-rs-' });
    await h.client.create(PODS, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'orphan', namespace: 'default', labels: { app: 'web' } },
      spec: template({}).spec,
    });
    await replicaSet('web', 2);
    await h.manager.idle();
    const orphan = await h.client.get<Pod>(PODS, 'default', 'orphan');
    expect(orphan.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: 'web' });
    expect(await podsWith(h.client, 'default', 'app=web')).toHaveLength(2);

    await h.client.update(PODS, { ...orphan, metadata: { ...orphan.metadata, labels: { app: 'debug' } } });
    await h.manager.idle();
    expect((await h.client.get<Pod>(PODS, 'default', 'orphan')).metadata.ownerReferences).toBeUndefined();
    const kept = await podsWith(h.client, 'default', 'app=web');
    expect(kept).toHaveLength(2);
    expect(kept.map((p) => p.metadata.name)).not.toContain('orphan');
  });

  it('removes extras in Kubernetes order: unscheduled, then not ready, then the most recently ready', async () => {
    h = await startControllers([replicaSetController], { prefix: 'minik8s-rs-' });
    await replicaSet('web', 4);
    await h.manager.idle();
    const [unscheduled, notReady, readyLong, readyNew] = await podsWith(h.client, 'default', 'app=web');
    await markReady(h.client, readyLong, Date.now() - 60_000);
    await markReady(h.client, readyNew, Date.now() - 1_000);
    await h.client.createSubresource(PODS, 'default', notReady.metadata.name!, 'binding', {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: notReady.metadata.name },
      target: { kind: 'Node', name: 'n1' },
    });
    await h.manager.idle();
    const left = async () => (await podsWith(h.client, 'default', 'app=web')).map((p) => p.metadata.name);
    await scale('web', 3);
    await h.manager.idle();
    expect(await left()).not.toContain(unscheduled.metadata.name);
    await scale('web', 2);
    await h.manager.idle();
    expect(await left()).not.toContain(notReady.metadata.name);
    await scale('web', 1);
    await h.manager.idle();
    expect(await left()).toEqual([readyLong.metadata.name]);
  });

  it('creates in slow-start batches of 1, 2, 4, ... and stops after the first batch with a failure', async () => {
    let calls = 0;
    const result = await slowStartBatch(10, 1, async () => {
      if (++calls === 4) throw new Error('quota');
    });
    // Batches of 1 and 2 succeed; in the batch of 4 the 4th call fails, the other three succeed.
    expect(calls).toBe(7);
    expect(result).toEqual({ done: 6, error: new Error('quota') });
  });

  it('says why it cannot create pods in FailedCreate events and a ReplicaFailure condition', async () => {
    const { wrap } = failingCreates(4);
    h = await startControllers([wrap(replicaSetController)], {
      prefix: 'minik8s-rs-',
      clock: new ManualClock(),
    });
    await replicaSet('web', 10);
    await h.manager.idle();
    // Batches of 1 and 2 got through before the quota ran out.
    expect(await podsWith(h.client, 'default', 'app=web')).toHaveLength(3);
    const message =
      'pods is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2';
    expect(await eventsAbout(h.client, 'web')).toContainEqual([
      'Warning',
      'FailedCreate',
      `Error creating: ${message}`,
    ]);
    expect((await getRs('web')).status?.conditions).toEqual([
      expect.objectContaining({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message }),
    ]);
  });

  it('clears ReplicaFailure once pods can be created again', async () => {
    const { state, wrap } = failingCreates(1);
    const clock = new ManualClock();
    h = await startControllers([wrap(replicaSetController)], { prefix: 'minik8s-rs-', clock });
    await replicaSet('web', 3);
    await h.manager.idle();
    expect(await podsWith(h.client, 'default', 'app=web')).toHaveLength(0);
    expect((await getRs('web')).status?.conditions?.[0]?.type).toBe('ReplicaFailure');
    state.heal();
    clock.advance(1_000);
    await h.manager.idle();
    expect(await podsWith(h.client, 'default', 'app=web')).toHaveLength(3);
    expect((await getRs('web')).status?.conditions).toBeUndefined();
  });

  it('counts a ready pod available after minReadySeconds, and looks again then', async () => {
    const clock = new ManualClock(Date.now());
    h = await startControllers([replicaSetController], { prefix: 'minik8s-rs-', clock });
    await replicaSet('web', 1, { minReadySeconds: 10 });
    await h.manager.idle();
    const [pod] = await podsWith(h.client, 'default', 'app=web');
    await markReady(h.client, pod, clock.now());
    await h.manager.idle();
    expect((await getRs('web')).status).toMatchObject({ readyReplicas: 1 });
    expect((await getRs('web')).status?.availableReplicas).toBeUndefined();
    clock.advance(10_000);
    await h.manager.idle();
    expect((await getRs('web')).status).toMatchObject({ readyReplicas: 1, availableReplicas: 1 });
  });
});

describe('ReplicationController controller', () => {
  it('keeps the pods of its map selector, with events from replication-controller', async () => {
    h = await startControllers([replicationController], { prefix: 'minik8s-rc-' });
    await h.client.create(REPLICATION_CONTROLLERS, {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'legacy', namespace: 'default' },
      spec: { replicas: 2, template: template({ app: 'legacy' }) },
    });
    await h.manager.idle();
    const pods = await podsWith(h.client, 'default', 'app=legacy');
    expect(pods).toHaveLength(2);
    expect(pods[0].metadata.ownerReferences?.[0]).toMatchObject({
      apiVersion: 'v1',
      kind: 'ReplicationController',
    });
    const rc = await h.client.get(REPLICATION_CONTROLLERS, 'default', 'legacy');
    expect(rc.status).toEqual({ replicas: 2, fullyLabeledReplicas: 2, observedGeneration: 1 });
    const events = await h.client.list(EVENTS, {});
    expect(events.items.map((e) => (e as { source?: { component?: string } }).source?.component)).toEqual([
      'replication-controller',
      'replication-controller',
    ]);
  });
});
