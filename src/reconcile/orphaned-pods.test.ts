import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/helpers/clock.js';
import { type ControllerHarness, startControllers } from '../../test/helpers/controllers.js';
import { NODES, PODS, type Pod } from '../api/kinds/index.js';
import { orphanedPodCollector } from './orphaned-pods.js';

let h: ControllerHarness;
afterEach(() => h?.stop());

const node = (name: string) => h.client.create(NODES, { apiVersion: 'v1', kind: 'Node', metadata: { name } });
const pod = (name: string, nodeName: string) =>
  h.client.create(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName, containers: [{ name: 'c', image: 'busybox' }] },
  });
const names = async () =>
  (await h.client.list<Pod>(PODS, { namespace: 'default' })).items.map((p) => p.metadata.name).sort();

describe('orphaned pod collector', () => {
  it("removes a deleted node's pods at once, and those of a node never seen after the quarantine", async () => {
    const clock = new ManualClock(Date.now());
    h = await startControllers([orphanedPodCollector], { prefix: 'minik8s-orphans-', clock });
    await node('n1');
    await node('n2');
    await pod('stays', 'n1');
    await pod('goes', 'n2');
    await pod('nowhere', 'n9');
    await h.manager.idle();
    expect(await names()).toEqual(['goes', 'nowhere', 'stays']);
    await h.client.delete(NODES, undefined, 'n2');
    await h.manager.idle();
    expect(await names()).toEqual(['nowhere', 'stays']);
    clock.advance(40_000);
    await h.manager.idle();
    expect(await names()).toEqual(['stays']);
  });
});
