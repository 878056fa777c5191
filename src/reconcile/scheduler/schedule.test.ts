import { describe, expect, it } from 'vitest';
import { makeCluster, makeNode, makePod } from '../../../test/helpers/scheduler.js';
import { unresolvable, unschedulable } from './framework.js';
import { podInfo } from './node-info.js';
import { defaultProfile } from './plugins.js';
import { type Diagnosis, fitErrorMessage, nodesToFind, schedule } from './schedule.js';

describe('fitErrorMessage', () => {
  it.each<[string, number, Diagnosis, string | undefined, string]>([
    [
      'counts reasons per node, sorted as kube-scheduler sorts them',
      3,
      {
        statuses: new Map([
          ['a', unresolvable("node(s) didn't match Pod's node affinity/selector")],
          ['b', unschedulable('Insufficient memory')],
          ['c', unschedulable('Insufficient memory')],
        ]),
      },
      'preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
      "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
    ],
    [
      "says a PreFilter's reason once for all nodes",
      2,
      { preFilter: unresolvable('pod has unbound immediate PersistentVolumeClaims'), statuses: new Map() },
      'preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
      '0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    ],
    [
      'counts every reason of a node',
      1,
      { statuses: new Map([['a', unschedulable('Insufficient cpu', 'Insufficient memory')]]) },
      undefined,
      '0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory.',
    ],
  ])('%s', (_what, n, diagnosis, postFilter, expected) => {
    expect(fitErrorMessage(n, diagnosis, postFilter)).toBe(expected);
  });
});

describe('schedule', () => {
  it('looks at every node of a small cluster and at a share of a large one', () => {
    expect([nodesToFind(50), nodesToFind(100), nodesToFind(1000), nodesToFind(5000)]).toEqual([
      50, 100, 420, 500,
    ]);
  });

  it('takes the nominated node when the pod fits there', () => {
    const cluster = makeCluster([makeNode('a'), makeNode('b')]);
    const pod = makePod('p');
    pod.status = { nominatedNodeName: 'b' };
    const d = schedule({
      pod: podInfo(pod),
      cluster,
      profile: defaultProfile,
      nominated: () => [],
      start: 0,
    });
    expect('node' in d && d.node).toBe('b');
  });

  it('leaves room for pods of higher priority nominated to a node', () => {
    const cluster = makeCluster([makeNode('a', { allocatable: { cpu: '1', memory: '1Gi', pods: '10' } })]);
    const vip = podInfo(makePod('vip', { requests: { cpu: '1' }, priority: 100 }));
    const d = schedule({
      pod: podInfo(makePod('low', { requests: { cpu: '1' } })),
      cluster,
      profile: defaultProfile,
      nominated: (node) => (node === 'a' ? [vip] : []),
      start: 0,
    });
    expect('diagnosis' in d && [...d.diagnosis.statuses.values()][0].reasons).toEqual(['Insufficient cpu']);
  });
});
