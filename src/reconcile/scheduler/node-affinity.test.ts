import { describe, expect, it } from 'vitest';
import { filterAll, makeCluster, makeNode, makePod, scoreAll } from '../../../test/helpers/scheduler.js';
import type { NodeSelectorRequirement, PodSpec } from '../../api/kinds/index.js';
import { nodeAffinity } from './node-affinity.js';

const cluster = makeCluster([
  makeNode('gpu', { labels: { gpu: 'true', cores: '64' } }),
  makeNode('cpu', { labels: { gpu: 'false', cores: '8' } }),
  makeNode('bare'),
]);

const required = (...matchExpressions: NodeSelectorRequirement[]): Partial<PodSpec> => ({
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] },
    },
  },
});

const NO = "node(s) didn't match Pod's node affinity/selector";

describe('NodeAffinity filter', () => {
  it.each<[string, Partial<PodSpec>, string[]]>([
    ['nodeSelector', { nodeSelector: { gpu: 'true' } }, ['gpu']],
    ['In', required({ key: 'gpu', operator: 'In', values: ['true'] }), ['gpu']],
    [
      'NotIn matches nodes without the label',
      required({ key: 'gpu', operator: 'NotIn', values: ['true'] }),
      ['cpu', 'bare'],
    ],
    ['Exists', required({ key: 'gpu', operator: 'Exists' }), ['gpu', 'cpu']],
    ['DoesNotExist', required({ key: 'gpu', operator: 'DoesNotExist' }), ['bare']],
    ['Gt', required({ key: 'cores', operator: 'Gt', values: ['16'] }), ['gpu']],
    ['Lt', required({ key: 'cores', operator: 'Lt', values: ['16'] }), ['cpu']],
    [
      'a node name field',
      {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['bare'] }] },
              ],
            },
          },
        },
      },
      ['bare'],
    ],
    ['an empty term matches nothing', required(), []],
  ])('%s', (_what, spec, fits) => {
    const result = filterAll(nodeAffinity, makePod('p', { spec }), cluster);
    expect(result).toEqual(
      Object.fromEntries(['gpu', 'cpu', 'bare'].map((n) => [n, fits.includes(n) ? '' : NO])),
    );
  });

  it('has nothing to check for a pod without selector or affinity', () => {
    expect(filterAll(nodeAffinity, makePod('p'), cluster)).toEqual({
      gpu: 'skip',
      cpu: 'skip',
      bare: 'skip',
    });
  });
});

describe('NodeAffinity score', () => {
  it('sums the weights of the preferred terms a node matches, scaled to the best', () => {
    const pod = makePod('p', {
      spec: {
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 80,
                preference: { matchExpressions: [{ key: 'gpu', operator: 'In', values: ['true'] }] },
              },
              { weight: 20, preference: { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] } },
            ],
          },
        },
      },
    });
    expect(scoreAll(nodeAffinity, pod, cluster)).toEqual({ gpu: 100, cpu: 20, bare: 0 });
    expect(scoreAll(nodeAffinity, makePod('q'), cluster)).toBe('skip');
  });
});
