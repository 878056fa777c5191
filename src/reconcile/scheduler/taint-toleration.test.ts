import { describe, expect, it } from 'vitest';
import { filterAll, makeCluster, makeNode, makePod, scoreAll } from '../../../test/helpers/scheduler.js';
import type { Taint, Toleration } from '../../api/kinds/index.js';
import { taintToleration, tolerates } from './taint-toleration.js';

const gpu: Taint = { key: 'gpu', value: 'true', effect: 'NoSchedule' };

describe('tolerates', () => {
  it.each<[string, Toleration, boolean]>([
    [
      'Equal with key, value and effect',
      { key: 'gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' },
      true,
    ],
    ['Equal with another value', { key: 'gpu', operator: 'Equal', value: 'false' }, false],
    ['Exists with the key', { key: 'gpu', operator: 'Exists' }, true],
    ['Exists with no key: everything', { operator: 'Exists' }, true],
    ['another effect', { key: 'gpu', operator: 'Exists', effect: 'NoExecute' }, false],
    ['no operator means Equal', { key: 'gpu', value: 'true' }, true],
  ])('%s', (_what, toleration, expected) => {
    expect(tolerates([toleration], gpu)).toBe(expected);
  });
});

describe('TaintToleration', () => {
  const cluster = makeCluster([
    makeNode('plain'),
    makeNode('tainted', { taints: [gpu] }),
    makeNode('evicting', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] }),
    makeNode('soft', { taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] }),
    makeNode('not-ready', { ready: 'False' }),
    makeNode('lost', { ready: 'Unknown' }),
  ]);

  it.each<[string, Toleration[], Record<string, string>]>([
    [
      'a pod without tolerations',
      [],
      {
        plain: '',
        tainted: 'node(s) had untolerated taint {gpu: true}',
        evicting: 'node(s) had untolerated taint {dedicated: db}',
        soft: '',
        'not-ready': 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }',
        lost: 'node(s) had untolerated taint {node.kubernetes.io/unreachable: }',
      },
    ],
    [
      'a pod tolerating everything',
      [{ operator: 'Exists' }],
      { plain: '', tainted: '', evicting: '', soft: '', 'not-ready': '', lost: '' },
    ],
  ])('filters for %s', (_what, tolerations, expected) => {
    expect(filterAll(taintToleration, makePod('p', { spec: { tolerations } }), cluster)).toEqual(expected);
  });

  it('scores down nodes with PreferNoSchedule taints the pod does not tolerate', () => {
    const scores = scoreAll(taintToleration, makePod('p'), cluster) as Record<string, number>;
    expect(scores.plain).toBe(100);
    expect(scores.soft).toBe(0);
    const tolerant = makePod('t', { spec: { tolerations: [{ key: 'spot', operator: 'Exists' }] } });
    expect((scoreAll(taintToleration, tolerant, cluster) as Record<string, number>).soft).toBe(100);
  });
});
