import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test/helpers/clock.js';
import { type ControllerHarness, startControllers } from '../../../test/helpers/controllers.js';
import {
  CONTROLLER_REVISIONS,
  type ControllerRevision,
  EVENTS,
  PERSISTENT_VOLUME_CLAIMS,
  type PersistentVolumeClaim,
  PODS,
  type Pod,
  STATEFUL_SETS,
  type StatefulSet,
} from '../../api/kinds/index.js';
import { timestamp } from '../../api/time.js';
import type { KubeObject } from '../../api/types.js';
import type { ControllerFactory } from '../controller.js';
import { garbageCollector } from '../garbage-collector.js';
import { statefulSetController } from './stateful-set.js';

let h: ControllerHarness;
let clock: ManualClock;
afterEach(() => h?.stop());

async function start(extra: ControllerFactory[] = []) {
  clock = new ManualClock(Date.now());
  h = await startControllers([statefulSetController, ...extra], { prefix: 'minik8s-sts-', clock });
}

function db(spec: Record<string, unknown> = {}): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'default' },
    spec: {
      replicas: 3,
      serviceName: 'db',
      selector: { matchLabels: { app: 'db' } },
      template: {
        metadata: { labels: { app: 'db' } },
        spec: {
          containers: [
            { name: 'db', image: 'busybox:1', volumeMounts: [{ name: 'data', mountPath: '/data' }] },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
      ...spec,
    },
  } as StatefulSet;
}

const podNames = async () =>
  (await h.client.list<Pod>(PODS, { namespace: 'default' })).items.map((p) => p.metadata.name).sort();
const claimNames = async () =>
  (await h.client.list<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, { namespace: 'default' })).items
    .map((c) => c.metadata.name)
    .sort();
const getSet = () => h.client.get<StatefulSet>(STATEFUL_SETS, 'default', 'db');
const getPod = (name: string) => h.client.get<Pod>(PODS, 'default', name);

/** What a node agent would write once the pod's containers run and pass their readiness probe. */
async function ready(name: string) {
  const pod = await getPod(name);
  const now = timestamp(new Date(clock.now()));
  await h.client.update(
    PODS,
    {
      ...pod,
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }] },
    },
    'status',
  );
  await h.manager.idle();
}

/** Settles the controller, then makes every pod it made Ready, until `n` pods run. */
async function readyAll(n: number) {
  for (let i = 0; i < n; i++) {
    await h.manager.idle();
    for (const name of await podNames()) {
      const pod = await getPod(name);
      if (pod.status?.phase !== 'Running') await ready(name);
    }
  }
  await h.manager.idle();
}

const events = async () =>
  (await h.client.list(EVENTS, { namespace: 'default' })).items.map(
    (e) => (e as KubeObject & { message: string }).message,
  );

describe('StatefulSet controller', () => {
  it('makes db-0, db-1, db-2 in order, each with its claim, hostname and subdomain, once the one before is Ready', async () => {
    await start();
    await h.client.create(STATEFUL_SETS, db());
    await h.manager.idle();
    expect(await podNames()).toEqual(['db-0']);
    expect(await claimNames()).toEqual(['data-db-0']);
    await ready('db-0');
    expect(await podNames()).toEqual(['db-0', 'db-1']);
    await ready('db-1');
    await ready('db-2');
    expect(await podNames()).toEqual(['db-0', 'db-1', 'db-2']);
    expect(await claimNames()).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);

    const pod = await getPod('db-1');
    const set = await getSet();
    expect(pod.spec?.hostname).toBe('db-1');
    expect(pod.spec?.subdomain).toBe('db');
    expect(pod.spec?.volumes).toContainEqual({
      name: 'data',
      persistentVolumeClaim: { claimName: 'data-db-1' },
    });
    expect(pod.metadata.labels).toMatchObject({
      app: 'db',
      'statefulset.kubernetes.io/pod-name': 'db-1',
      'apps.kubernetes.io/pod-index': '1',
      'controller-revision-hash': set.status?.updateRevision,
    });
    expect(pod.metadata.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'StatefulSet', name: 'db', controller: true }),
    ]);
    const claim = await h.client.get<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, 'default', 'data-db-1');
    expect(claim.metadata.labels).toEqual({ app: 'db' });
    expect(claim.metadata.ownerReferences).toBeUndefined();
    expect(set.status).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
    });
    expect(set.status?.currentRevision).toMatch(/^db-[bcdfghjklmnpqrstvwxz2456789]+$/);
    const revisions = (
      await h.client.list<ControllerRevision>(CONTROLLER_REVISIONS, { namespace: 'default' })
    ).items;
    expect(revisions.map((r) => [r.metadata.name, r.revision])).toEqual([[set.status?.currentRevision, 1]]);
    expect(await events()).toContain('create Claim data-db-0 Pod db-0 in StatefulSet db success');
    expect(await events()).toContain('create Pod db-2 in StatefulSet db successful');
  });

  it('brings a deleted pod back under its name with its claim, and scales down from the highest ordinal keeping claims', async () => {
    await start();
    await h.client.create(STATEFUL_SETS, db());
    await readyAll(3);
    const uid = (await getPod('db-1')).metadata.uid;
    await h.client.delete(PODS, 'default', 'db-1');
    await h.manager.idle();
    const again = await getPod('db-1');
    expect(again.metadata.uid).not.toBe(uid);
    expect(again.spec?.volumes).toContainEqual({
      name: 'data',
      persistentVolumeClaim: { claimName: 'data-db-1' },
    });
    await ready('db-1');

    await h.client.patch(STATEFUL_SETS, 'default', 'db', { spec: { replicas: 1 } }, 'merge');
    await h.manager.idle();
    expect(await podNames()).toEqual(['db-0']);
    expect((await events()).filter((m) => m.startsWith('delete Pod'))).toEqual([
      'delete Pod db-2 in StatefulSet db successful',
      'delete Pod db-1 in StatefulSet db successful',
    ]);
    expect(await claimNames()).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
    expect((await getSet()).status).toMatchObject({ replicas: 1, readyReplicas: 1 });
  });

  it('waits on an unready pod before scaling down past it, as OrderedReady does', async () => {
    await start();
    await h.client.create(STATEFUL_SETS, db());
    await readyAll(3);
    const pod = await getPod('db-0');
    await h.client.update(PODS, { ...pod, status: { phase: 'Running', conditions: [] } }, 'status');
    await h.client.patch(STATEFUL_SETS, 'default', 'db', { spec: { replicas: 2 } }, 'merge');
    await h.manager.idle();
    expect(await podNames()).toEqual(['db-0', 'db-1', 'db-2']);
    await ready('db-0');
    expect(await podNames()).toEqual(['db-0', 'db-1']);
  });

  it('makes every pod at once with Parallel, numbered from ordinals.start', async () => {
    await start();
    await h.client.create(STATEFUL_SETS, db({ podManagementPolicy: 'Parallel', ordinals: { start: 5 } }));
    await h.manager.idle();
    expect(await podNames()).toEqual(['db-5', 'db-6', 'db-7']);
    expect(await claimNames()).toEqual(['data-db-5', 'data-db-6', 'data-db-7']);
    expect((await getPod('db-6')).metadata.labels?.['apps.kubernetes.io/pod-index']).toBe('6');
  });

  it('rolls an update from the highest ordinal down to the partition, one Ready pod at a time', async () => {
    await start();
    await h.client.create(
      STATEFUL_SETS,
      db({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }),
    );
    await readyAll(3);
    const before = (await getSet()).status?.currentRevision;
    const template = (await getSet()).spec!.template;
    template.spec!.containers[0].image = 'busybox:2';
    await h.client.patch(STATEFUL_SETS, 'default', 'db', { spec: { template } }, 'merge');
    await readyAll(3);
    const image = async (n: string) => (await getPod(n)).spec?.containers[0].image;
    expect([await image('db-0'), await image('db-1'), await image('db-2')]).toEqual([
      'busybox:1',
      'busybox:2',
      'busybox:2',
    ]);
    const status = (await getSet()).status!;
    expect(status).toMatchObject({
      currentRevision: before,
      currentReplicas: 1,
      updatedReplicas: 2,
      observedGeneration: 2,
    });
    expect(status.updateRevision).not.toBe(before);

    await h.client.patch(
      STATEFUL_SETS,
      'default',
      'db',
      { spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } },
      'merge',
    );
    await readyAll(3);
    expect(await image('db-0')).toBe('busybox:2');
    expect((await getSet()).status).toMatchObject({
      currentRevision: status.updateRevision,
      currentReplicas: 3,
      updatedReplicas: 3,
    });
    const order = (await events()).filter((m) => m.startsWith('delete Pod'));
    expect(order).toEqual([
      'delete Pod db-2 in StatefulSet db successful',
      'delete Pod db-1 in StatefulSet db successful',
      'delete Pod db-0 in StatefulSet db successful',
    ]);
  });

  it('keeps at most revisionHistoryLimit old revisions and renumbers one a rollback returns to', async () => {
    await start();
    await h.client.create(STATEFUL_SETS, db({ replicas: 1, revisionHistoryLimit: 1 }));
    await readyAll(1);
    for (const image of ['busybox:2', 'busybox:3', 'busybox:2']) {
      const template = (await getSet()).spec!.template;
      template.spec!.containers[0].image = image;
      await h.client.patch(STATEFUL_SETS, 'default', 'db', { spec: { template } }, 'merge');
      await readyAll(1);
    }
    const revisions = (
      await h.client.list<ControllerRevision>(CONTROLLER_REVISIONS, { namespace: 'default' })
    ).items;
    const set = await getSet();
    expect(revisions.map((r) => r.revision).sort()).toEqual([3, 4]);
    expect(revisions.find((r) => r.revision === 4)?.metadata.name).toBe(set.status?.updateRevision);
  });

  it('owns claims as persistentVolumeClaimRetentionPolicy says: deleted with a scaled-down pod, and with the set', async () => {
    await start([garbageCollector]);
    const policy = { whenDeleted: 'Delete', whenScaled: 'Delete' };
    await h.client.create(STATEFUL_SETS, db({ replicas: 2, persistentVolumeClaimRetentionPolicy: policy }));
    await readyAll(2);
    const set = await getSet();
    const claim = await h.client.get<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, 'default', 'data-db-1');
    expect(claim.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        name: 'db',
        uid: set.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    await h.client.patch(STATEFUL_SETS, 'default', 'db', { spec: { replicas: 1 } }, 'merge');
    await h.manager.idle();
    await h.manager.idle();
    expect(await podNames()).toEqual(['db-0']);
    expect(await claimNames()).toEqual(['data-db-0']);
    await h.client.delete(STATEFUL_SETS, 'default', 'db');
    await h.manager.idle();
    expect(await claimNames()).toEqual([]);
  });

  it('counts a pod available only after minReadySeconds, and looks again then', async () => {
    await start();
    await h.client.create(STATEFUL_SETS, db({ replicas: 1, minReadySeconds: 10 }));
    await readyAll(1);
    expect((await getSet()).status).toMatchObject({ readyReplicas: 1, availableReplicas: 0 });
    clock.advance(11_000);
    await h.manager.idle();
    expect((await getSet()).status).toMatchObject({ readyReplicas: 1, availableReplicas: 1 });
  });

  it('picks up where it left off after a restart: nothing made twice, nothing lost', async () => {
    await start();
    await h.client.create(STATEFUL_SETS, db());
    await readyAll(2);
    // Time passes across a restart; events named by the time of a new recorder must not collide.
    clock.advance(1_000);
    await h.restart();
    await readyAll(3);
    expect(await podNames()).toEqual(['db-0', 'db-1', 'db-2']);
    expect(await claimNames()).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
    const revisions = (await h.client.list(CONTROLLER_REVISIONS, { namespace: 'default' })).items;
    expect(revisions).toHaveLength(1);
    const creates = (await h.client.list(EVENTS, { namespace: 'default' })).items
      .map((e) => e as KubeObject & { message: string; count: number })
      .filter((e) => e.message.startsWith('create Pod'))
      .map((e) => [e.message, e.count]);
    expect(creates.sort()).toEqual(
      [0, 1, 2].map((i) => [`create Pod db-${i} in StatefulSet db successful`, 1]),
    );
  });
});
