import { afterEach, describe, expect, it } from 'vitest';
import { type ControllerHarness, startControllers } from '../../test/helpers/controllers.js';
import { CONFIGMAPS, type KindDef, NAMESPACES, PODS } from '../api/kinds/index.js';
import { garbageCollector } from './garbage-collector.js';
import type { KindSource } from './manager.js';
import { isNotFound } from './retry.js';

/** A kind source that starts with some kinds and is told of more while it runs. */
function growingKinds(initial: KindDef[]): KindSource & { add(def: KindDef): void } {
  let defs = [...initial];
  const listeners: (() => void)[] = [];
  return {
    all: () => defs,
    onChange: (l) => {
      listeners.push(l);
      return () => listeners.splice(listeners.indexOf(l), 1);
    },
    add: (def) => {
      defs = [...defs, def];
      for (const l of listeners) l();
    },
  };
}

let h: ControllerHarness;
afterEach(() => h.stop());

const gone = (p: Promise<unknown>) =>
  p.then(
    () => false,
    (err) => isNotFound(err),
  );

describe('garbage collector', () => {
  it('collects dependents of a kind added while it runs', async () => {
    const kinds = growingKinds([NAMESPACES, PODS]);
    h = await startControllers([garbageCollector], { prefix: 'minik8s-gc-', kinds });
    const owner = await h.client.create(PODS, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'owner', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    });
    const ref = { apiVersion: 'v1', kind: 'Pod', name: 'owner', uid: owner.metadata.uid! };
    await h.client.create(CONFIGMAPS, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'dependent', namespace: 'default', ownerReferences: [ref] },
    });
    kinds.add(CONFIGMAPS);
    await h.manager.ctx.informers.for(CONFIGMAPS).whenSynced();
    await h.client.delete(PODS, 'default', 'owner', { gracePeriodSeconds: 0 });
    await h.manager.idle();
    expect(await gone(h.client.get(CONFIGMAPS, 'default', 'dependent'))).toBe(true);
  });
});
