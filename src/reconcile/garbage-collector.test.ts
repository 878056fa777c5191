import { afterEach, describe, expect, it } from 'vitest';
import { crontabCrd } from '../../test/fixtures/crontab.js';
import { type ControllerHarness, startControllers } from '../../test/helpers/controllers.js';
import { customKind } from '../api/crd/custom-kind.js';
import { kinds, PODS } from '../api/kinds/index.js';
import { garbageCollector } from './garbage-collector.js';
import { isNotFound } from './retry.js';

let h: ControllerHarness;
afterEach(async () => {
  kinds.remove('stable.example.com', 'crontabs');
  await h.stop();
});

const gone = (p: Promise<unknown>) =>
  p.then(
    () => false,
    (err) => isNotFound(err),
  );

describe('garbage collector', () => {
  it('collects dependents of a kind added while it runs', async () => {
    h = await startControllers([garbageCollector], { prefix: 'minik8s-gc-' });
    const owner = await h.client.create(PODS, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'owner', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    });
    const crontabs = customKind(crontabCrd(), { terminating: false })!;
    kinds.add(crontabs);
    const ref = { apiVersion: 'v1', kind: 'Pod', name: 'owner', uid: owner.metadata.uid! };
    await h.client.create(crontabs, {
      apiVersion: 'stable.example.com/v1',
      kind: 'CronTab',
      metadata: { name: 'dependent', namespace: 'default', ownerReferences: [ref] },
      spec: { cronSpec: '* * * * */5' },
    });
    await h.manager.ctx.informers.for(crontabs).whenSynced();
    await h.client.delete(PODS, 'default', 'owner', { gracePeriodSeconds: 0 });
    await h.manager.idle();
    expect(await gone(h.client.get(crontabs, 'default', 'dependent'))).toBe(true);
  });
});
