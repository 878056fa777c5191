import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crontabCrd } from '../../../test/fixtures/crontab.js';
import { type ControllerHarness, startControllers } from '../../../test/helpers/controllers.js';
import type { CustomResourceDefinition } from '../../api/crd/types.js';
import { CUSTOM_RESOURCE_DEFINITIONS as CRDS, kinds } from '../../api/kinds/index.js';
import type { KubeObject } from '../../api/types.js';
import { isNotFound } from '../retry.js';
import { crdController } from './crd-controller.js';
import { CrdRegistrar } from './registrar.js';

let h: ControllerHarness;
let registrar: CrdRegistrar;

beforeEach(async () => {
  h = await startControllers([crdController], {
    prefix: 'minik8s-crd-',
    before: async () => undefined,
  });
  registrar = new CrdRegistrar(h.client, { log: () => {} });
  await registrar.start();
});

afterEach(async () => {
  await registrar.stop();
  await h.stop();
});

const get = async (name: string) => (await h.client.get(CRDS, undefined, name)) as CustomResourceDefinition;
const conditions = (crd: CustomResourceDefinition) =>
  Object.fromEntries((crd.status?.conditions ?? []).map((c) => [c.type, [c.status, c.reason, c.message]]));

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
    const obj: KubeObject = {
      apiVersion: 'stable.example.com/v1',
      kind: 'CronTab',
      metadata: { name: 'x', namespace: 'default' },
      spec: { cronSpec: '* * * * */5' },
    };
    await h.client.create(kind, obj);
    await h.client.delete(CRDS, undefined, 'crontabs.stable.example.com');
    await h.manager.idle();
    await expect(get('crontabs.stable.example.com')).rejects.toSatisfy(isNotFound);
    expect(kinds.find('crontabs.stable.example.com')).toBeUndefined();
    expect((await h.store.list({ group: 'stable.example.com', resource: 'crontabs' }, {})).items).toEqual([]);
  });
});
