import { describe, expect, it } from 'vitest';
import { filterAll, makeCluster, makeNode, makePod, scoreAll } from '../../../test/helpers/scheduler.js';
import type { Affinity, PodAffinityTerm } from '../../api/kinds/index.js';
import {
  ERR_AFFINITY,
  ERR_ANTI_AFFINITY,
  ERR_EXISTING_ANTI_AFFINITY,
  interPodAffinity,
} from './inter-pod-affinity.js';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const term = (app: string, topologyKey: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({
  labelSelector: { matchLabels: { app } },
  topologyKey,
  ...extra,
});

const nodes = [
  makeNode('a1', { labels: { [ZONE]: 'a' } }),
  makeNode('a2', { labels: { [ZONE]: 'a' } }),
  makeNode('b1', { labels: { [ZONE]: 'b' } }),
];
const db = makePod('db', { nodeName: 'a1', labels: { app: 'db' } });
const otherNs = makePod('db-other', { nodeName: 'b1', labels: { app: 'db' }, namespace: 'other' });
const cluster = makeCluster(nodes, [db, otherNs], { namespaces: { other: { team: 'x' }, default: {} } });
const withAffinity = (affinity: Affinity, labels?: Record<string, string>) =>
  makePod('p', { labels, spec: { affinity } });

describe('InterPodAffinity filter', () => {
  it.each<[string, Affinity, Record<string, string>]>([
    [
      'required affinity by zone',
      { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', ZONE)] } },
      { a1: '', a2: '', b1: ERR_AFFINITY },
    ],
    [
      'required affinity by host',
      { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', HOST)] } },
      { a1: '', a2: ERR_AFFINITY, b1: ERR_AFFINITY },
    ],
    [
      'required anti-affinity by zone',
      { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', ZONE)] } },
      { a1: ERR_ANTI_AFFINITY, a2: ERR_ANTI_AFFINITY, b1: '' },
    ],
    [
      'a namespace selector reaching another namespace',
      {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            term('db', HOST, { namespaceSelector: { matchLabels: { team: 'x' } } }),
          ],
        },
      },
      { a1: ERR_AFFINITY, a2: ERR_AFFINITY, b1: '' },
    ],
    [
      'named namespaces',
      {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            term('db', HOST, { namespaces: ['default', 'other'] }),
          ],
        },
      },
      { a1: ERR_ANTI_AFFINITY, a2: '', b1: ERR_ANTI_AFFINITY },
    ],
  ])('%s', (_what, affinity, expected) => {
    expect(filterAll(interPodAffinity, withAffinity(affinity), cluster)).toEqual(expected);
  });

  it('lets the first pod of a group with affinity to its own kind in', () => {
    const first = withAffinity(
      { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', ZONE)] } },
      {
        app: 'web',
      },
    );
    expect(filterAll(interPodAffinity, first, cluster)).toEqual({ a1: '', a2: '', b1: '' });
  });

  it("keeps a pod out of the domains of existing pods' anti-affinity against it", () => {
    const guard = makePod('guard', {
      nodeName: 'b1',
      spec: {
        affinity: {
          podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', ZONE)] },
        },
      },
    });
    const c = makeCluster(nodes, [guard]);
    expect(filterAll(interPodAffinity, makePod('w', { labels: { app: 'web' } }), c)).toEqual({
      a1: '',
      a2: '',
      b1: ERR_EXISTING_ANTI_AFFINITY,
    });
    expect(filterAll(interPodAffinity, makePod('x', { labels: { app: 'other' } }), c)).toEqual({
      a1: '',
      a2: '',
      b1: '',
    });
  });

  it('has nothing to check when no pod has required terms', () => {
    expect(filterAll(interPodAffinity, makePod('x'), makeCluster(nodes, [db]))).toEqual({
      a1: 'skip',
      a2: 'skip',
      b1: 'skip',
    });
  });
});

describe('InterPodAffinity score', () => {
  it('prefers the domains of pods it prefers, and avoids those of pods it prefers to avoid', () => {
    const pod = withAffinity({
      podAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term('db', ZONE) }],
      },
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: term('db', HOST) }],
      },
    });
    expect(scoreAll(interPodAffinity, pod, cluster)).toEqual({ a1: 50, a2: 100, b1: 0 });
  });

  it("counts existing pods' preferences for the incoming pod", () => {
    const fan = makePod('fan', {
      nodeName: 'b1',
      spec: {
        affinity: {
          podAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 50, podAffinityTerm: term('web', HOST) },
            ],
          },
        },
      },
    });
    expect(
      scoreAll(interPodAffinity, makePod('w', { labels: { app: 'web' } }), makeCluster(nodes, [fan])),
    ).toEqual({
      a1: 0,
      a2: 0,
      b1: 100,
    });
  });
});
