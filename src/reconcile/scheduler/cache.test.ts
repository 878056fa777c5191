import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../../../test/helpers/scheduler.js';
import { SchedulerCache } from './cache.js';
import { podInfo } from './node-info.js';

const cpuOn = (cache: SchedulerCache, node: string) => cache.node(node)?.requested.milliCpu;

describe('SchedulerCache', () => {
  it('counts bound pods on their node as they come, change and go, not finished ones', () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode('n1'));
    const p = makePod('p', { nodeName: 'n1', requests: { cpu: '500m' } });
    cache.updatePod(p);
    expect(cpuOn(cache, 'n1')).toBe(500);
    cache.updatePod({ ...p, status: { phase: 'Succeeded' } });
    expect(cpuOn(cache, 'n1')).toBe(0);
    cache.updatePod(p);
    cache.removePod(p.metadata.uid);
    expect(cache.node('n1')?.pods.size).toBe(0);
  });

  it('keeps an assumed pod on its node until the informer shows it bound, and drops it if the binding fails', () => {
    const cache = new SchedulerCache();
    cache.setNode(makeNode('n1'));
    const pending = makePod('p', { requests: { cpu: '1' } });
    cache.assume(podInfo(pending), 'n1');
    cache.updatePod(pending);
    expect(cpuOn(cache, 'n1')).toBe(1000);
    cache.forget(pending.metadata.uid);
    expect(cpuOn(cache, 'n1')).toBe(0);
    cache.assume(podInfo(pending), 'n1');
    cache.updatePod({ ...pending, spec: { ...pending.spec, nodeName: 'n1' } });
    cache.forget(pending.metadata.uid);
    expect(cpuOn(cache, 'n1')).toBe(1000);
  });

  it('holds pods of a node it has not seen yet, and of a node that went, until the node is there', () => {
    const cache = new SchedulerCache();
    cache.updatePod(makePod('early', { nodeName: 'late', requests: { cpu: '250m' } }));
    cache.setNode(makeNode('late'));
    expect(cpuOn(cache, 'late')).toBe(250);
    cache.removeNode('late');
    expect(cache.nodeInfos()).toEqual([]);
    cache.setNode(makeNode('late'));
    expect(cpuOn(cache, 'late')).toBe(250);
  });

  it('knows the pending pods nominated to each node', () => {
    const cache = new SchedulerCache();
    const vip = makePod('vip', { priority: 100 });
    cache.updatePod({ ...vip, status: { nominatedNodeName: 'n1' } });
    expect(cache.nominatedOn('n1').map((p) => p.pod.metadata.name)).toEqual(['vip']);
    cache.updatePod({ ...vip, spec: { ...vip.spec, nodeName: 'n1' }, status: { nominatedNodeName: 'n1' } });
    expect(cache.nominatedOn('n1')).toEqual([]);
  });
});
