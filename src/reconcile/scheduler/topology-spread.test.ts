import { describe, expect, it } from 'vitest';
import { filterAll, makeCluster, makeNode, makePod, scoreAll } from '../../../test/helpers/scheduler.js';
import type { TopologySpreadConstraint } from '../../api/kinds/index.js';
import { ERR_SPREAD, ERR_SPREAD_LABEL, topologySpread } from './topology-spread.js';

const ZONE = 'topology.kubernetes.io/zone';
const nodes = [
  makeNode('a1', { labels: { [ZONE]: 'a' } }),
  makeNode('a2', { labels: { [ZONE]: 'a' } }),
  makeNode('b1', { labels: { [ZONE]: 'b' } }),
  makeNode('nozone'),
];
const web = (name: string, node: string, extra: Record<string, string> = {}) =>
  makePod(name, { nodeName: node, labels: { app: 'web', ...extra } });

const spread = (c: Partial<TopologySpreadConstraint>) =>
  makePod('new', {
    labels: { app: 'web', version: 'v2' },
    spec: {
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: ZONE,
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { app: 'web' } },
          ...c,
        },
      ],
    },
  });

describe('PodTopologySpread filter', () => {
  it.each<[string, ReturnType<typeof web>[], Partial<TopologySpreadConstraint>, Record<string, string>]>([
    [
      'a zone one ahead takes no more',
      [web('w1', 'a1')],
      {},
      { a1: ERR_SPREAD, a2: ERR_SPREAD, b1: '', nozone: ERR_SPREAD_LABEL },
    ],
    [
      'even zones take the next anywhere',
      [web('w1', 'a1'), web('w2', 'b1')],
      {},
      { a1: '', a2: '', b1: '', nozone: ERR_SPREAD_LABEL },
    ],
    [
      'maxSkew 2 allows one more',
      [web('w1', 'a1')],
      { maxSkew: 2 },
      { a1: '', a2: '', b1: '', nozone: ERR_SPREAD_LABEL },
    ],
    [
      'minDomains counts missing domains as empty',
      [web('w1', 'a1'), web('w2', 'b1')],
      { minDomains: 3 },
      { a1: ERR_SPREAD, a2: ERR_SPREAD, b1: ERR_SPREAD, nozone: ERR_SPREAD_LABEL },
    ],
    [
      'matchLabelKeys counts only pods of the same version',
      [web('w1', 'a1', { version: 'v1' })],
      { matchLabelKeys: ['version'] },
      { a1: '', a2: '', b1: '', nozone: ERR_SPREAD_LABEL },
    ],
  ])('%s', (_what, pods, c, expected) => {
    expect(filterAll(topologySpread, spread(c), makeCluster(nodes, pods))).toEqual(expected);
  });

  it('does not count domains of nodes the pod may not go to', () => {
    const pod = spread({});
    pod.spec.nodeSelector = { [ZONE]: 'a' };
    expect(
      filterAll(topologySpread, pod, makeCluster(nodes, [web('w1', 'a1'), web('w2', 'b1'), web('w3', 'b1')])),
    ).toMatchObject({
      a2: '',
    });
  });
});

describe('PodTopologySpread score', () => {
  it('favours emptier domains for ScheduleAnyway constraints', () => {
    const scores = scoreAll(
      topologySpread,
      spread({ whenUnsatisfiable: 'ScheduleAnyway' }),
      makeCluster(nodes, [web('w1', 'a1'), web('w2', 'a2')]),
    ) as Record<string, number>;
    expect(scores.b1).toBe(100);
    expect(scores.a1).toBeLessThan(scores.b1);
    expect(scores.nozone).toBe(0);
  });

  it("spreads a controller's pods over the nodes when they state no constraints", () => {
    const owned = (name: string, node?: string) => makePod(name, { nodeName: node, owner: 'rs-1' });
    const scores = scoreAll(
      topologySpread,
      owned('new'),
      makeCluster(nodes, [owned('x', 'a1'), owned('y', 'a1')]),
    ) as Record<string, number>;
    // By node (at most 3 apart) and by zone (at most 5 apart): a2 shares a zone with both pods.
    expect(scores.a1).toBeLessThan(scores.a2);
    expect(scores.a2).toBeLessThan(scores.b1);
    expect(scoreAll(topologySpread, makePod('orphan'), makeCluster(nodes))).toBe('skip');
  });
});
