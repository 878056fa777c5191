import { describe, expect, it } from 'vitest';
import { makeCluster, makeNode, makePod } from '../../../test/helpers/scheduler.js';
import type { ServedPod } from '../../api/kinds/index.js';
import { podInfo } from './node-info.js';
import { defaultProfile } from './plugins.js';
import type { Budget } from './preemption.js';
import { preempt } from './preemption.js';
import { type SchedulerView, schedule } from './schedule.js';

const small = { cpu: '2', memory: '4Gi', pods: '110' };

function preemptFor(pod: ServedPod, cluster: SchedulerView, budgets: Budget[] = []) {
  const pi = podInfo(pod);
  const decision = schedule({ pod: pi, cluster, profile: defaultProfile, nominated: () => [], start: 0 });
  if ('node' in decision) throw new Error(`${pod.metadata.name} fits on ${decision.node}`);
  const r = preempt({
    pod: pi,
    diagnosis: decision.diagnosis,
    cluster,
    profile: defaultProfile,
    nominated: () => [],
    budgets,
  });
  return 'node' in r ? { node: r.node, victims: r.victims.map((v) => v.pod.metadata.name) } : r.message;
}

const running = (
  name: string,
  node: string,
  cpu: string,
  priority: number,
  labels?: Record<string, string>,
) =>
  makePod(name, { nodeName: node, requests: { cpu }, priority, labels, startTime: '2024-01-01T00:00:00Z' });

describe('preemption', () => {
  it('evicts the fewest lower-priority pods that make room', () => {
    const cluster = makeCluster(
      [makeNode('n1', { allocatable: small })],
      [running('low-a', 'n1', '500m', 0), running('low-b', 'n1', '1', 0), running('mid', 'n1', '500m', 50)],
    );
    expect(preemptFor(makePod('vip', { requests: { cpu: '1' }, priority: 100 }), cluster)).toEqual({
      node: 'n1',
      victims: ['low-b'],
    });
  });

  it('chooses the node whose victims have the lowest priority', () => {
    const cluster = makeCluster(
      [makeNode('n1', { allocatable: small }), makeNode('n2', { allocatable: small })],
      [running('mid', 'n1', '2', 50), running('low', 'n2', '2', 10)],
    );
    expect(preemptFor(makePod('vip', { requests: { cpu: '1' }, priority: 100 }), cluster)).toEqual({
      node: 'n2',
      victims: ['low'],
    });
  });

  it('spares the pods a PodDisruptionBudget protects when another node will do', () => {
    const cluster = makeCluster(
      [makeNode('n1', { allocatable: small }), makeNode('n2', { allocatable: small })],
      [running('guarded', 'n1', '2', 0, { app: 'db' }), running('free', 'n2', '2', 0, { app: 'web' })],
    );
    const budget: Budget = {
      namespace: 'default',
      selector: (labels) => labels?.app === 'db',
      disruptionsAllowed: 0,
      disrupted: new Set(),
    };
    expect(preemptFor(makePod('vip', { requests: { cpu: '1' }, priority: 100 }), cluster, [budget])).toEqual({
      node: 'n2',
      victims: ['free'],
    });
  });

  it.each<[string, ServedPod, string]>([
    [
      'no pod of lower priority',
      makePod('peer', { requests: { cpu: '1' }, priority: 0 }),
      'preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.',
    ],
    [
      'a pod that never preempts',
      makePod('polite', { requests: { cpu: '1' }, priority: 100, spec: { preemptionPolicy: 'Never' } }),
      'preemption: not eligible due to preemptionPolicy=Never.',
    ],
    [
      'evicting everything still not enough',
      makePod('huge', { requests: { cpu: '3' }, priority: 100 }),
      'preemption: 0/2 nodes are available: 1 Insufficient cpu, 1 Preemption is not helpful for scheduling.',
    ],
  ])('says why not for %s', (_what, pod, message) => {
    const cluster = makeCluster(
      [
        makeNode('n1', { allocatable: small }),
        makeNode('tainted', { allocatable: small, taints: [{ key: 'x', effect: 'NoSchedule' }] }),
      ],
      [running('low', 'n1', '2', 0)],
    );
    expect(preemptFor(pod, cluster)).toBe(message);
  });
});
