import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crontabCrd } from '../../../test/fixtures/crontab.js';
import { ManualClock } from '../../../test/helpers/clock.js';
import { type ControllerHarness, startControllers } from '../../../test/helpers/controllers.js';
import type { CustomResourceDefinition } from '../../api/crd/types.js';
import { CUSTOM_RESOURCE_DEFINITIONS as CRDS, kinds, LEASES } from '../../api/kinds/index.js';
import type { KubeObject } from '../../api/types.js';
import type { ControllerFactory } from '../controller.js';
import { isNotFound } from '../retry.js';
import { crdController } from './crd-controller.js';
import { CrdRegistrar } from './registrar.js';

let h: ControllerHarness;
let registrar: CrdRegistrar;
let clock: ManualClock;
let reconciles: number;

/** The CRD controller, counting its reconciles. */
const counted: ControllerFactory = (ctx) => {
  const c = crdController(ctx);
  return {
    ...c,
    reconcile: (key) => {
      reconciles++;
      return c.reconcile(key);
    },
  };
};

const serve = async () => {
  registrar = new CrdRegistrar(h.client, { log: () => {} });
  await registrar.start();
};

beforeEach(async () => {
  clock = new ManualClock();
  reconciles = 0;
  h = await startControllers([counted], { prefix: 'minik8s-crd-', clock });
  await serve();
});

afterEach(async () => {
  await registrar.stop();
  await h.stop();
});

const get = async (name: string) => (await h.client.get(CRDS, undefined, name)) as CustomResourceDefinition;
const conditions = (crd: CustomResourceDefinition) =>
  Object.fromEntries((crd.status?.conditions ?? []).map((c) => [c.type, [c.status, c.reason, c.message]]));

const crontab = (extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: 'stable.example.com/v1',
  kind: 'CronTab',
  metadata: { name: 'x', namespace: 'default', ...extra },
  spec: { cronSpec: '* * * * */5' },
});

/** A CRD in a built-in kind's group, approved as Kubernetes asks of its protected groups. */
function inCoordinationGroup(plural: string, kind: string): CustomResourceDefinition {
  const crd = crontabCrd();
  crd.metadata.name = `${plural}.coordination.k8s.io`;
  crd.metadata.annotations = { 'api-approved.kubernetes.io': 'unapproved, testing' };
  crd.spec.group = 'coordination.k8s.io';
  crd.spec.names = { plural, singular: plural.replace(/s$/, ''), kind };
  return crd;
}

function unserved(): CustomResourceDefinition {
  const crd = crontabCrd();
  crd.spec.versions[0].served = false;
  return crd;
}

describe('CRD controller', () => {
  it('accepts the names, serves the kind and says Established', async () => {
    await h.client.create(CRDS, crontabCrd());
    await h.manager.idle();
    const crd = await get('crontabs.stable.example.com');
    expect(conditions(crd)).toEqual({
      NamesAccepted: ['True', 'NoConflicts', 'no conflicts found'],
      Established: ['True', 'InitialNamesAccepted', 'the initial names have been accepted'],
    });
    expect(kinds.find('crontabs.stable.example.com')?.kind).toBe('CronTab');
  });

  it('says Established when the API comes to serve the kind, however late', async () => {
    await registrar.stop();
    await h.client.create(CRDS, crontabCrd());
    await h.manager.idle();
    expect(conditions(await get('crontabs.stable.example.com')).Established).toEqual([
      'False',
      'Installing',
      'the initial names have been accepted',
    ]);
    await serve();
    await h.manager.idle();
    expect(conditions(await get('crontabs.stable.example.com')).Established?.[0]).toBe('True');
  });

  it.each([
    ['whose every version is unserved', unserved()],
    ['whose kind is a built-in kind of its group', inCoordinationGroup('tenancies', 'Lease')],
    ['whose resource is a built-in resource of its group', inCoordinationGroup('leases', 'Tenancy')],
  ])('waits, without looking again and again, on a CRD %s', async (_, crd) => {
    await h.client.create(CRDS, crd);
    await h.manager.idle();
    expect(conditions(await get(crd.metadata.name ?? ''))).toMatchObject({
      NamesAccepted: ['True', 'NoConflicts', 'no conflicts found'],
      Established: ['False', 'Installing', 'the initial names have been accepted'],
    });
    const before = reconciles;
    clock.advance(10_000);
    await h.manager.idle();
    expect(reconciles).toBe(before);
  });

  it('refuses a kind another CRD of the group was given', async () => {
    await h.client.create(CRDS, crontabCrd());
    await h.manager.idle();
    const clash = crontabCrd();
    clash.metadata.name = 'crontabs2.stable.example.com';
    Object.assign(clash.spec.names, { plural: 'crontabs2', singular: 'crontab2', shortNames: [] });
    await h.client.create(CRDS, clash);
    await h.manager.idle();
    expect(conditions(await get('crontabs2.stable.example.com'))).toMatchObject({
      NamesAccepted: ['False', 'ListKindConflict', '"CronTabList" is already in use'],
      Established: ['False', 'NotAccepted', 'not all names are accepted'],
    });
  });

  it('removes the objects of a deleted CRD, then the CRD and its kind', async () => {
    await h.client.create(CRDS, crontabCrd());
    await h.manager.idle();
    const kind = kinds.find('crontabs.stable.example.com')!;
    await h.client.create(kind, crontab());
    await h.client.delete(CRDS, undefined, 'crontabs.stable.example.com');
    await h.manager.idle();
    await expect(get('crontabs.stable.example.com')).rejects.toSatisfy(isNotFound);
    expect(kinds.find('crontabs.stable.example.com')).toBeUndefined();
    expect((await h.store.list({ group: 'stable.example.com', resource: 'crontabs' }, {})).items).toEqual([]);
  });

  it('lets a deleted CRD go once its last object, held by a finalizer of its own, is gone', async () => {
    await h.client.create(CRDS, crontabCrd());
    await h.manager.idle();
    const kind = kinds.find('crontabs.stable.example.com')!;
    await h.client.create(kind, crontab({ finalizers: ['example.com/hold'] }));
    await h.client.delete(CRDS, undefined, 'crontabs.stable.example.com');
    await h.manager.idle();
    expect(conditions(await get('crontabs.stable.example.com')).Terminating).toEqual([
      'True',
      'InstanceDeletionInProgress',
      'CustomResource deletion is in progress',
    ]);
    await h.client.patch(kinds.find('crontabs.stable.example.com')!, 'default', 'x', {
      metadata: { finalizers: null },
    });
    await h.manager.idle();
    await expect(get('crontabs.stable.example.com')).rejects.toSatisfy(isNotFound);
  });

  it('leaves the objects of a built-in kind alone when a CRD of the same resource goes', async () => {
    await h.client.create(CRDS, inCoordinationGroup('leases', 'Tenancy'));
    await h.client.create(LEASES, {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'mine', namespace: 'default' },
    });
    await h.manager.idle();
    await h.client.delete(CRDS, undefined, 'leases.coordination.k8s.io');
    await h.manager.idle();
    await expect(get('leases.coordination.k8s.io')).rejects.toSatisfy(isNotFound);
    expect((await h.client.get(LEASES, 'default', 'mine')).metadata.name).toBe('mine');
  });
});
