import { describe, expect, it } from 'vitest';
import type { Container } from '../types.generated.js';
import { qosClass } from './qos-class.js';

const c = (resources: Container['resources'], name = 'c'): Container => ({ name, image: 'i', resources });

describe('qosClass', () => {
  it.each<[string, Container[], Container[], string]>([
    ['no requests or limits', [c({})], [], 'BestEffort'],
    [
      'limits only (requests default to them)',
      [c({ limits: { cpu: '500m', memory: '64Mi' } })],
      [],
      'Guaranteed',
    ],
    [
      'requests "1" and limits "1000m": the same quantity',
      [c({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1000m', memory: '1024Mi' } })],
      [],
      'Guaranteed',
    ],
    ['a request only', [c({ requests: { cpu: '100m' } })], [], 'Burstable'],
    [
      'a lower request',
      [c({ requests: { cpu: '100m', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } })],
      [],
      'Burstable',
    ],
    ['a cpu limit but no memory limit', [c({ limits: { cpu: '1' } })], [], 'Burstable'],
    [
      'one container without limits',
      [c({ limits: { cpu: '1', memory: '1Gi' } }), c({}, 'd')],
      [],
      'Burstable',
    ],
    [
      'an init container counted too',
      [c({ limits: { cpu: '1', memory: '1Gi' } })],
      [c({ requests: { cpu: '1' } }, 'init')],
      'Burstable',
    ],
    ['zero quantities ignored', [c({ requests: { cpu: '0' }, limits: { memory: '0' } })], [], 'BestEffort'],
    [
      'resources other than cpu and memory ignored',
      [c({ limits: { 'ephemeral-storage': '1Gi' } })],
      [],
      'BestEffort',
    ],
  ])('%s', (_, containers, initContainers, expected) => {
    expect(qosClass({ containers, initContainers })).toBe(expected);
  });
});
