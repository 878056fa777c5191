import { describe, expect, it } from 'vitest';
import { filterAll, makeCluster, makeNode, makePod, scoreAll } from '../../../test/helpers/scheduler.js';
import type { Container, PodSpec } from '../../api/kinds/index.js';
import { podRequests } from './node-info.js';
import { balancedAllocation, nodeResourcesFit } from './node-resources.js';

const c = (name: string, requests: Record<string, string>, extra: Partial<Container> = {}): Container => ({
  name,
  image: 'busybox',
  resources: { requests },
  ...extra,
});

describe('podRequests', () => {
  it.each<[string, Partial<PodSpec>, { milliCpu: number; memory: number }]>([
    [
      'sums app containers',
      { containers: [c('a', { cpu: '100m' }), c('b', { cpu: '250m', memory: '1Mi' })] },
      { milliCpu: 350, memory: 2 ** 20 },
    ],
    [
      'takes an init container that asks more',
      { containers: [c('a', { cpu: '1' })], initContainers: [c('i', { cpu: '2', memory: '64Mi' })] },
      { milliCpu: 2000, memory: 64 * 2 ** 20 },
    ],
    [
      'adds sidecars (init containers that restart always) to the apps and to later init containers',
      {
        containers: [c('a', { cpu: '1' })],
        initContainers: [
          c('side', { cpu: '500m' }, { restartPolicy: 'Always' }),
          c('migrate', { cpu: '1200m' }),
        ],
      },
      { milliCpu: 1700, memory: 0 },
    ],
    [
      'adds the pod overhead',
      { containers: [c('a', { cpu: '1' })], overhead: { cpu: '250m', memory: '120Mi' } },
      { milliCpu: 1250, memory: 120 * 2 ** 20 },
    ],
  ])('%s', (_what, spec, expected) => {
    expect(podRequests({ containers: [], ...spec })).toMatchObject(expected);
  });
});

describe('NodeResourcesFit', () => {
  const cluster = makeCluster(
    [
      makeNode('small', { allocatable: { cpu: '1', memory: '1Gi', pods: '2', 'ephemeral-storage': '1Gi' } }),
      makeNode('full', { allocatable: { cpu: '4', memory: '8Gi', pods: '1' } }),
      makeNode('big', { allocatable: { cpu: '8', memory: '16Gi', pods: '110', 'example.com/gpu': '1' } }),
    ],
    [makePod('there', { nodeName: 'full', requests: { cpu: '1' } })],
  );

  it.each<[string, Record<string, string>, Record<string, string>]>([
    [
      'a pod that fits everywhere but a full node',
      { cpu: '500m' },
      { small: '', full: 'Too many pods', big: '' },
    ],
    [
      'every reason of a node, in Kubernetes order',
      { cpu: '2', memory: '2Gi', 'ephemeral-storage': '2Gi' },
      {
        small: 'Insufficient cpu, Insufficient memory, Insufficient ephemeral-storage',
        full: 'Too many pods',
        big: '',
      },
    ],
    [
      'an extended resource only one node has',
      { 'example.com/gpu': '1' },
      { small: 'Insufficient example.com/gpu', full: 'Too many pods, Insufficient example.com/gpu', big: '' },
    ],
  ])('%s', (_what, requests, expected) => {
    expect(filterAll(nodeResourcesFit, makePod('p', { requests }), cluster)).toEqual(expected);
  });

  it('scores the emptier node higher, counting default requests for containers that state none', () => {
    const two = makeCluster(
      [makeNode('a'), makeNode('b')],
      [makePod('x', { nodeName: 'a' }), makePod('y', { nodeName: 'a' })],
    );
    const scores = scoreAll(nodeResourcesFit, makePod('p'), two) as Record<string, number>;
    expect(scores.b).toBeGreaterThan(scores.a);
    // 4 CPU, 8Gi: the pod's defaults (100m, 200Mi) alone: (97.5 + 97.56) / 2.
    expect(scores.b).toBe(97);
  });
});

describe('NodeResourcesBalancedAllocation', () => {
  it('prefers the node where CPU and memory would be used alike', () => {
    // cpu-heavy would use 3/4 of its CPU and 1/4 of its memory: 100 × (1 - |0.75 - 0.25| / 2).
    const cluster = makeCluster(
      [makeNode('cpu-heavy'), makeNode('balanced')],
      [
        makePod('x', { nodeName: 'cpu-heavy', requests: { cpu: '2' } }),
        makePod('y', { nodeName: 'balanced', requests: { cpu: '1', memory: '2Gi' } }),
      ],
    );
    expect(
      scoreAll(balancedAllocation, makePod('p', { requests: { cpu: '1', memory: '2Gi' } }), cluster),
    ).toEqual({
      'cpu-heavy': 75,
      balanced: 100,
    });
  });
});
