import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ControllerHarness, startControllers } from '../../../test/helpers/controllers.js';
import { waitFor } from '../../../test/helpers/wait.js';
import {
  NODES,
  PERSISTENT_VOLUME_CLAIMS,
  PERSISTENT_VOLUMES,
  type PersistentVolume,
  PODS,
  type ServedPod,
} from '../../api/kinds/index.js';
import { ensureDefaultStorageClass } from '../default-storage-class.js';
import { persistentVolumeController } from '../persistent-volumes.js';
import { scheduler } from './scheduler.js';

let h: ControllerHarness;

beforeEach(async () => {
  h = await startControllers(
    (dir) => [scheduler, persistentVolumeController({ volumesDir: `${dir}/volumes` })],
    {
      prefix: 'minik8s-sched-vol-',
      settings: { podInitialBackoffMs: 0 },
      before: ensureDefaultStorageClass,
    },
  );
  for (const name of ['n1', 'n2']) {
    const created = await h.client.create(NODES, {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name } },
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
});

afterEach(() => h.stop());

const user = (name: string) =>
  h.client.create(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu: '500m' } } }],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
    },
  });

const nodeOf = async (name: string) =>
  ((await h.client.get(PODS, 'default', name)) as ServedPod).spec.nodeName;

describe('scheduling pods with local-path volumes', () => {
  it("provisions a claim's volume on its first pod's node, and keeps later pods of the claim there", async () => {
    await h.client.create(PERSISTENT_VOLUME_CLAIMS, {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: 'default' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    await user('first');
    await h.manager.idle();
    const first = await nodeOf('first');
    expect(first).toBeDefined();
    const claim = await h.client.get(PERSISTENT_VOLUME_CLAIMS, 'default', 'data');
    expect(claim.metadata.annotations?.['volume.kubernetes.io/selected-node']).toBe(first);
    const pv = await waitFor(
      'the volume',
      async () => (await h.client.list(PERSISTENT_VOLUMES)).items[0] as PersistentVolume,
    );
    expect(pv.spec?.nodeAffinity?.required?.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [first] }] },
    ]);
    await waitFor('the claim bound', async () =>
      (await h.client.get(PERSISTENT_VOLUME_CLAIMS, 'default', 'data')).spec?.volumeName ? true : undefined,
    );
    // The other node is emptier, yet the volume is not there.
    await user('second');
    await h.manager.idle();
    expect(await nodeOf('second')).toBe(first);
  });

  it('leaves a pod whose claim does not exist waiting, and says why', async () => {
    await user('orphan');
    await h.manager.idle();
    const pod = (await h.client.get(PODS, 'default', 'orphan')) as ServedPod;
    expect(pod.status?.conditions).toContainEqual(
      expect.objectContaining({
        reason: 'Unschedulable',
        message:
          '0/2 nodes are available: persistentvolumeclaim "data" not found. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
      }),
    );
  });
});
