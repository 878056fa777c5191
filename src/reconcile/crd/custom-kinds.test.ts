import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crontabCrd } from '../../../test/fixtures/crontab.js';
import { type ControllerHarness, startControllers } from '../../../test/helpers/controllers.js';
import {
  CONFIGMAPS,
  CUSTOM_RESOURCE_DEFINITIONS as CRDS,
  type KindDef,
  kinds,
  NAMESPACES,
} from '../../api/kinds/index.js';
import type { KubeObject } from '../../api/types.js';
import { garbageCollector } from '../garbage-collector.js';
import { namespaceController } from '../namespace-controller.js';
import { isNotFound } from '../retry.js';
import { crdController } from './crd-controller.js';
import { CrdRegistrar } from './registrar.js';

let h: ControllerHarness;
let registrar: CrdRegistrar;
let crontabs: KindDef;

beforeEach(async () => {
  h = await startControllers([crdController, garbageCollector, namespaceController], {
    prefix: 'minik8s-custom-',
    settings: { namespaceDeletionDelayMs: 0 },
  });
  registrar = new CrdRegistrar(h.client, { log: () => {} });
  await registrar.start();
  await h.client.create(CRDS, crontabCrd());
  await h.manager.idle();
  crontabs = kinds.find('crontabs.stable.example.com')!;
  await h.manager.ctx.informers.for(crontabs).whenSynced();
});

afterEach(async () => {
  await registrar.stop();
  await h.stop();
});

const crontab = (
  name: string,
  namespace: string,
  extra: Partial<KubeObject['metadata']> = {},
): KubeObject => ({
  apiVersion: 'stable.example.com/v1',
  kind: 'CronTab',
  metadata: { name, namespace, ...extra },
  spec: { cronSpec: '* * * * */5' },
});

const gone = (p: Promise<unknown>) =>
  p.then(
    () => false,
    (err) => isNotFound(err),
  );

describe('controllers on custom kinds', () => {
  it('the garbage collector removes dependents of a custom owner, and custom dependents of a built-in one', async () => {
    const owner = await h.client.create(crontabs, crontab('owner', 'default'));
    const ownedByCustom = {
      apiVersion: 'stable.example.com/v1',
      kind: 'CronTab',
      name: 'owner',
      uid: owner.metadata.uid!,
    };
    await h.client.create(CONFIGMAPS, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'default', ownerReferences: [ownedByCustom] },
    });
    const cm = await h.client.create(CONFIGMAPS, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'parent', namespace: 'default' },
    });
    const ownedByBuiltin = { apiVersion: 'v1', kind: 'ConfigMap', name: 'parent', uid: cm.metadata.uid! };
    await h.client.create(crontabs, crontab('child', 'default', { ownerReferences: [ownedByBuiltin] }));

    await h.client.delete(crontabs, 'default', 'owner');
    await h.client.delete(CONFIGMAPS, 'default', 'parent');
    await h.manager.idle();
    expect(await gone(h.client.get(CONFIGMAPS, 'default', 'settings'))).toBe(true);
    expect(await gone(h.client.get(crontabs, 'default', 'child'))).toBe(true);
  });

  it('the namespace controller empties a namespace of its custom objects', async () => {
    await h.client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    await h.client.create(crontabs, crontab('nightly', 'team'));
    await h.client.delete(NAMESPACES, undefined, 'team');
    await h.manager.idle();
    expect(await gone(h.client.get(crontabs, 'team', 'nightly'))).toBe(true);
    expect(await gone(h.client.get(NAMESPACES, undefined, 'team'))).toBe(true);
  });
});
