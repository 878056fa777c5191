import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ControllerHarness, startControllers } from '../../test/helpers/controllers.js';
import { waitFor } from '../../test/helpers/wait.js';
import { PERSISTENT_VOLUME_CLAIMS, PERSISTENT_VOLUMES, PODS, STORAGE_CLASSES } from '../api/kinds/index.js';
import type { ResourceService } from '../api/service.js';
import type { KubeObject } from '../api/types.js';
import { ensureDefaultStorageClass } from './default-storage-class.js';
import { persistentVolumeController } from './persistent-volumes.js';
import { pvcProtectionController, pvProtectionController } from './volume-protection.js';

const PVS = PERSISTENT_VOLUMES;
const PVCS = PERSISTENT_VOLUME_CLAIMS;

let h: ControllerHarness;
let svc: ResourceService;
let dir: string;
let volumesDir: string;

beforeEach(async () => {
  h = await startControllers(
    (d) => [
      persistentVolumeController({ volumesDir: join(d, 'volumes') }),
      pvcProtectionController,
      pvProtectionController,
    ],
    {
      prefix: 'minik8s-pv-',
      before: async (client) => {
        await ensureDefaultStorageClass(client);
      },
    },
  );
  svc = h.svc;
  dir = h.dir;
  volumesDir = join(dir, 'volumes');
});

afterEach(() => h.stop());

const get = (d: typeof PVS, ns: string, name: string) =>
  svc.store.get<KubeObject>({ group: d.group, resource: d.resource }, ns, name);
const phase = (o: KubeObject | undefined) => (o?.status as { phase?: string } | undefined)?.phase;
const spec = <T>(o: KubeObject) => o.spec as T;

function claim(name: string, extra: Record<string, unknown> = {}, storage = '1Gi'): Promise<KubeObject> {
  return svc.create(PVCS, 'default', {
    metadata: { name },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } }, ...extra },
  });
}

/** A pod using the claim, bound to node n1 as the scheduler would have bound it. */
function pod(name: string, claimName: string): Promise<KubeObject> {
  return svc.create(PODS, 'default', {
    metadata: { name },
    spec: {
      nodeName: 'n1',
      containers: [{ name: 'app', image: 'busybox' }],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }],
    },
  });
}

function volume(name: string, storage: string, extra: Record<string, unknown> = {}): Promise<KubeObject> {
  return svc.create(PVS, undefined, {
    metadata: { name },
    spec: {
      accessModes: ['ReadWriteOnce', 'ReadOnlyMany'],
      capacity: { storage },
      hostPath: { path: join(dir, name) },
      storageClassName: 'manual',
      ...extra,
    },
  });
}

const boundClaim = (name: string) =>
  waitFor(`claim ${name} Bound`, async () =>
    phase(await get(PVCS, 'default', name)) === 'Bound' ? await get(PVCS, 'default', name) : undefined,
  );

describe('default storage class', () => {
  it("is kind's `standard`: default, local-path, Delete, WaitForFirstConsumer", async () => {
    const sc = (await get(STORAGE_CLASSES, '', 'standard'))!;
    expect(sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class']).toBe('true');
    expect(sc).toMatchObject({
      provisioner: 'rancher.io/local-path',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
    });
    await ensureDefaultStorageClass(h.client);
    expect((await svc.list(STORAGE_CLASSES, {})).items).toHaveLength(1);
  });
});

describe('persistent volume controller', () => {
  it('gives a claim without class the default one and waits for its first consumer', async () => {
    await claim('data');
    const c = await waitFor('default class', async () => {
      const c = (await get(PVCS, 'default', 'data'))!;
      return spec<{ storageClassName?: string }>(c).storageClassName === 'standard' ? c : undefined;
    });
    expect(c.metadata.finalizers).toContain('kubernetes.io/pvc-protection');
    await h.manager.idle();
    expect(phase(await get(PVCS, 'default', 'data'))).toBe('Pending');
    expect((await svc.list(PVS, {})).items).toHaveLength(0);
  });

  it('provisions a directory-backed volume for a used claim and binds both', async () => {
    const c = await claim('data', {}, '2Gi');
    await pod('app', 'data');
    const bound = await boundClaim('data');
    const pvName = `pvc-${c.metadata.uid}`;
    expect(spec<{ volumeName: string }>(bound).volumeName).toBe(pvName);
    expect(bound.status).toMatchObject({
      phase: 'Bound',
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '2Gi' },
    });
    expect(bound.metadata.annotations).toMatchObject({
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
      'volume.kubernetes.io/storage-provisioner': 'rancher.io/local-path',
    });

    const pv = await waitFor('PV Bound', async () =>
      phase(await get(PVS, '', pvName)) === 'Bound' ? await get(PVS, '', pvName) : undefined,
    );
    const path = join(volumesDir, `${pvName}_default_data`);
    expect(pv.metadata.annotations?.['pv.kubernetes.io/provisioned-by']).toBe('rancher.io/local-path');
    expect(pv.spec).toMatchObject({
      capacity: { storage: '2Gi' },
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: 'standard',
      hostPath: { path, type: 'DirectoryOrCreate' },
      nodeAffinity: {
        required: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['n1'] }] },
          ],
        },
      },
      claimRef: {
        kind: 'PersistentVolumeClaim',
        namespace: 'default',
        name: 'data',
        uid: c.metadata.uid,
        apiVersion: 'v1',
      },
    });
    expect(statSync(path).mode & 0o777).toBe(0o777);
    await waitFor('pv-protection', async () =>
      (await get(PVS, '', pvName))?.metadata.finalizers?.includes('kubernetes.io/pv-protection')
        ? true
        : undefined,
    );
  });

  it('binds a claim to the smallest pre-created volume that fits', async () => {
    await volume('small', '500Mi');
    await volume('big', '10Gi');
    await volume('fit', '2Gi');
    await volume('other-class', '1Gi', { storageClassName: 'slow' });
    const c = await claim('data', { storageClassName: 'manual' });
    const bound = await boundClaim('data');
    expect(spec<{ volumeName: string }>(bound).volumeName).toBe('fit');
    expect(bound.status).toMatchObject({
      capacity: { storage: '2Gi' },
      accessModes: ['ReadWriteOnce', 'ReadOnlyMany'],
    });
    const pv = await waitFor('PV Bound', async () =>
      phase(await get(PVS, '', 'fit')) === 'Bound' ? await get(PVS, '', 'fit') : undefined,
    );
    expect(spec<{ claimRef: unknown }>(pv).claimRef).toMatchObject({
      namespace: 'default',
      name: 'data',
      uid: c.metadata.uid,
    });
    expect(pv.metadata.annotations?.['pv.kubernetes.io/bound-by-controller']).toBe('yes');
    expect(phase(await get(PVS, '', 'big'))).toBe('Available');
  });

  it('binds by label selector and to a volume a claim names', async () => {
    await volume('plain', '1Gi');
    await volume('labelled', '5Gi', { storageClassName: 'manual' });
    await svc.patch(PVS, undefined, 'labelled', 'application/merge-patch+json', {
      metadata: { labels: { tier: 'db' } },
    });
    await claim('picky', { storageClassName: 'manual', selector: { matchLabels: { tier: 'db' } } });
    expect(spec<{ volumeName: string }>(await boundClaim('picky')).volumeName).toBe('labelled');
    await volume('named', '1Gi');
    await claim('named-claim', { storageClassName: 'manual', volumeName: 'named' });
    expect(spec<{ volumeName: string }>(await boundClaim('named-claim')).volumeName).toBe('named');
  });

  it('leaves a claim Pending when nothing fits and its class is not provisioned', async () => {
    await volume('tiny', '100Mi');
    await claim('data', { storageClassName: 'manual' });
    await h.manager.idle();
    expect(phase(await get(PVCS, 'default', 'data'))).toBe('Pending');
    await volume('roomy', '1Gi');
    expect(spec<{ volumeName: string }>(await boundClaim('data')).volumeName).toBe('roomy');
  });

  it('deletes a released volume and its directory under reclaim policy Delete', async () => {
    const c = await claim('data');
    const p = await pod('app', 'data');
    await boundClaim('data');
    const pvName = `pvc-${c.metadata.uid}`;
    const path = join(volumesDir, `${pvName}_default_data`);
    writeFileSync(join(path, 'file'), 'hello');
    await svc.delete(PODS, 'default', p.metadata.name!, { gracePeriodSeconds: 0 });
    await svc.delete(PVCS, 'default', 'data');
    await waitFor('claim gone', async () => ((await get(PVCS, 'default', 'data')) ? undefined : true));
    await waitFor('PV gone', async () => ((await get(PVS, '', pvName)) ? undefined : true));
    expect(existsSync(path)).toBe(false);
  });

  it('keeps a released volume and its data under reclaim policy Retain', async () => {
    await svc.create(STORAGE_CLASSES, undefined, {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'keep' },
      provisioner: 'rancher.io/local-path',
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'Immediate',
    });
    const c = await claim('data', { storageClassName: 'keep' });
    await boundClaim('data');
    const pvName = `pvc-${c.metadata.uid}`;
    const path = join(volumesDir, `${pvName}_default_data`);
    writeFileSync(join(path, 'file'), 'hello');
    await svc.delete(PVCS, 'default', 'data');
    const pv = await waitFor('PV Released', async () =>
      phase(await get(PVS, '', pvName)) === 'Released' ? await get(PVS, '', pvName) : undefined,
    );
    expect(spec<{ persistentVolumeReclaimPolicy: string }>(pv).persistentVolumeReclaimPolicy).toBe('Retain');
    expect(await get(PVCS, 'default', 'data')).toBeUndefined();
    expect(existsSync(join(path, 'file'))).toBe(true);
  });

  it('fails a released volume under Delete that it did not provision', async () => {
    await volume('foreign', '1Gi', { persistentVolumeReclaimPolicy: 'Delete' });
    await claim('data', { storageClassName: 'manual' });
    await boundClaim('data');
    await svc.delete(PVCS, 'default', 'data');
    const pv = await waitFor('PV Failed', async () =>
      phase(await get(PVS, '', 'foreign')) === 'Failed' ? await get(PVS, '', 'foreign') : undefined,
    );
    expect((pv.status as { message?: string }).message).toContain('no deletable volume plugin matched');
  });

  it('keeps a claim in use by a pod until the pod is gone', async () => {
    await claim('data');
    const p = await pod('app', 'data');
    await boundClaim('data');
    await waitFor('finalizer', async () =>
      (await get(PVCS, 'default', 'data'))?.metadata.finalizers?.includes('kubernetes.io/pvc-protection')
        ? true
        : undefined,
    );
    await svc.delete(PVCS, 'default', 'data');
    await h.manager.idle();
    const held = (await get(PVCS, 'default', 'data'))!;
    expect(held.metadata.deletionTimestamp).toBeDefined();
    expect(held.metadata.finalizers).toContain('kubernetes.io/pvc-protection');
    expect(phase(held)).toBe('Bound');
    await svc.delete(PODS, 'default', p.metadata.name!, { gracePeriodSeconds: 0 });
    await waitFor('claim gone', async () => ((await get(PVCS, 'default', 'data')) ? undefined : true));
  });

  it('keeps a deleted volume while it is bound', async () => {
    await volume('fit', '1Gi');
    await claim('data', { storageClassName: 'manual' });
    await boundClaim('data');
    await waitFor('finalizer', async () =>
      (await get(PVS, '', 'fit'))?.metadata.finalizers?.includes('kubernetes.io/pv-protection')
        ? true
        : undefined,
    );
    await svc.delete(PVS, undefined, 'fit');
    await h.manager.idle();
    expect((await get(PVS, '', 'fit'))?.metadata.deletionTimestamp).toBeDefined();
    await svc.delete(PVCS, 'default', 'data');
    await waitFor('PV gone', async () => ((await get(PVS, '', 'fit')) ? undefined : true));
  });
});
